"""Which apology form is in force on a letter's date: form sets kept as data
(templates/forms/apology-form-sets.yaml), one per legal basis, with its dates, template, name,
citations and fields. A change of the rules is a new set in that file, not a code change."""

import datetime as dt
import functools
from dataclasses import dataclass

from minutes_gen.errors import InputError, Problem
from minutes_gen.vn.dates import numeric_date

FORM_SETS_FILE = "apology-form-sets.yaml"


@dataclass(frozen=True)
class FormSet:
    """One apology form under one legal basis."""

    key: str
    effective_from: dt.date
    template: str
    file_prefix: str
    form: str
    name: str
    legal_basis: tuple[str, ...]
    fields: tuple[str, ...]
    source: str
    effective_until: dt.date | None = None
    basis_issued_on: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)

    @property
    def label(self) -> str:
        """``Mẫu số 04 (2025): Văn bản xin lỗi và đề nghị gia hạn …`` for the manifest and lists."""
        return f"{self.form} ({self.key}): {self.name}"

    def caution(self, day: dt.date) -> str | None:
        """A letter dated before the texts it cites were issued is said, never silently made."""
        if self.basis_issued_on and day < self.basis_issued_on:
            return (f"văn bản đề ngày {numeric_date(day)}, trước ngày ban hành {self.legal_basis[-1].split(',')[0]} "
                    f"({numeric_date(self.basis_issued_on)}, theo nguồn thứ cấp); hãy đối chiếu mẫu áp dụng")
        return None


@functools.cache
def form_sets() -> tuple[FormSet, ...]:
    """Every form set, oldest first."""
    import yaml

    from minutes_gen.sources.builtin_files import templates_folder

    raw = yaml.safe_load((templates_folder().parent / "forms" / FORM_SETS_FILE).read_text(encoding="utf-8"))
    sets = [FormSet(**{**item, "legal_basis": tuple(item["legal_basis"]), "fields": tuple(item["fields"])})
            for item in raw]
    return tuple(sorted(sets, key=lambda item: item.effective_from))


def form_set_for(day: dt.date, chosen: str | None = None) -> FormSet:
    """The set in force on ``day``, or the one ``chosen`` (``--form 2018|2025``)."""
    sets = {item.key: item for item in form_sets()}
    if chosen is not None:
        if chosen not in sets:
            raise InputError([Problem("--form", f"không có bộ mẫu «{chosen}»; chọn một trong: {', '.join(sets)}")])
        return sets[chosen]
    for item in form_sets():
        if item.in_force(day):
            return item
    raise InputError([Problem("--as-of", f"không có mẫu văn bản xin lỗi nào áp dụng cho ngày {numeric_date(day)}; "
                                         f"bộ mẫu sớm nhất áp dụng từ {numeric_date(form_sets()[0].effective_from)}")])
