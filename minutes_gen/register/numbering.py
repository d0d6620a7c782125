"""How a command numbers its documents: blank (by hand), ``auto`` from the register, or a given N."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from minutes_gen.register.entries import STATUS_ISSUED, IssuedNumber, NumberRequest
from minutes_gen.register.sql import SqlRegister
from minutes_gen.register.location import open_register, owner_of

AUTO = "auto"


@dataclass(frozen=True)
class Numbering:
    """The user's numbering options."""

    mode: str | int | None = None   # None: blank «Số:   /BB-ĐKT»; "auto"; or a number
    db: Path | None = None
    renumber: bool = False
    series: str | None = None
    office_agency: str | None = None  # in the office server's database: whose series (abbreviation)
    database: object = field(default=None, compare=False)  # an open connection to use (the office server's own,
                                                            # so numbers and the document are one transaction)

    @property
    def active(self) -> bool:
        return self.mode is not None


def parse_number(text: str | None) -> str | int | None:
    """``auto`` or a positive whole number; ``ValueError`` (Vietnamese) otherwise."""
    if text is None:
        return None
    if text.strip().lower() == AUTO:
        return AUTO
    if text.strip().isdigit() and int(text) > 0:
        return int(text)
    raise ValueError(f"«{text}» không phải «auto» hay một số nguyên dương")


def issue_numbers(numbering: Numbering, requests: list[NumberRequest]):
    """Return ``(register, issued numbers)`` for the requests, or ``(None, [None, …])`` when not numbering."""
    if not numbering.active:
        return None, [None] * len(requests)
    if numbering.database is not None:
        register = SqlRegister(numbering.database, numbering.series, check_integrity=False,
                               owner=owner_of(numbering.database, numbering.office_agency))
    else:
        register = open_register(numbering.db, numbering.series, numbering.office_agency)
    if numbering.mode == AUTO:
        return register, register.allocate(requests, renumber=numbering.renumber)
    (request,) = requests
    return register, [register.record_given(request, numbering.mode, renumber=numbering.renumber)]


def attach_output(register, issued: IssuedNumber | None, output: Path, sha256: str) -> None:
    """Record the written file against its number (nothing when not numbering)."""
    if register is not None and issued is not None:
        register.attach(issued, str(output), sha256)


def document_request(kind, inspection, today: dt.date | None = None) -> NumberRequest:
    """The number request of an inspection document (minutes or notice)."""
    module = kind.module
    return NumberRequest(body=inspection.issuing_body.abbreviation, type_code=module.TYPE_CODE, kind=kind.name,
                         record_key=inspection.unit.name, doc_date=module.document_date(inspection, today),
                         summary=module.summary(inspection), signer=module.signer_name(inspection))


def apology_request(dossier, settings, issued: dt.date) -> NumberRequest:
    """The number request of an apology slip (``model.dossier.Dossier``, ``ApologySettings``):
    one number per dossier."""
    return NumberRequest(body=settings.agency.abbreviation, type_code=settings.type_code, kind="apology",
                         record_key=dossier.code, doc_date=issued, signer=settings.signer.name,
                         summary=f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {dossier.code}")


def case_request(kind, case, unit=None, today: dt.date | None = None, symbol: str = "") -> NumberRequest:
    """The number request of a case's own document (plan, schedule notice, report, follow-up
    report, reminder): per unit for a unit's, else for the whole case (by its decision)."""
    module = kind.module
    day = module.document_date(case, today, unit)
    key = unit.inspection.unit.name if unit is not None else case_key(case)
    if kind.name in ("followup", "reminder"):  # made again on later days: one number a day
        key = f"{key} {day.isoformat()}"
    return NumberRequest(body=case.first.issuing_body.abbreviation, type_code=module.TYPE_CODE, kind=kind.name,
                         record_key=key, doc_date=day, summary=module.summary(case, unit), signer=module.signer_name(case, unit),
                         symbol=symbol)


def case_numbers(register, case) -> dict[str, str]:
    """The numbers a case's documents already have in the register (``plan``, ``notice:<unit>``
    → ``05/KH-ĐKT``): what a later reminder or report cites."""
    if register is None:
        return {}
    units = {unit.inspection.unit.name for unit in case.units}
    found = {}
    for entry in register.entries():
        if entry.status != STATUS_ISSUED:
            continue
        if entry.kind == "plan" and entry.record_key == case_key(case):
            found["plan"] = entry.text
        elif entry.kind == "notice" and entry.record_key in units:
            found[f"notice:{entry.record_key}"] = entry.text
    return found


def case_key(case) -> str:
    """The register's record key of a case's own documents: its decision and title."""
    return f"{case.first.decision.number} {case.title}"
