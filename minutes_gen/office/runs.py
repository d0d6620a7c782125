"""Apology runs on the office server (ND30 Điều 15–16): a run is prepared — the day's letters made
without numbers from the register uploaded by the cán bộ or taken from the one-stop software's
folder (``office.daily``) — and kept as a draft with what it was made from; the văn thư reviews it
on its page and issues it: numbers from the agency's series, the letters made again with them and
the issue date, in one transaction. One run per agency, signer's profile and day."""

import dataclasses
import datetime as dt
import io

import yaml

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.issuing import APOLOGY_KIND, Issued, profile_settings
from minutes_gen.office.store import DRAFT, ISSUED, Agency, NewDocument, OfficeStore, Profile, RunSource, User
from minutes_gen.office.workflow import ISSUE_DATE, refuse_before_last
from minutes_gen.register.entries import OFFICE_FILE
from minutes_gen.vn.dates import numeric_date

AS_OF = "ngày lập phiếu"


class AlreadyPrepared(InputError):
    """The agency already has a run of that day with that profile (nothing is replaced)."""

    def __init__(self, document_id: int, as_of: dt.date, label: str):
        super().__init__([Problem(AS_OF, f"đã có đợt ngày {numeric_date(as_of)} ({label}): văn bản #{document_id}; "
                                         "không lập lại, không thay đợt đã có")])
        self.document_id = document_id


def run_day(text: str) -> dt.date:
    """The day a run judges the register on, as the user wrote it; ``InputError`` otherwise."""
    from minutes_gen.vn.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise InputError([Problem(AS_OF, str(error))]) from None


def _made(source: RunSource, issued: dt.date | None, numbering):
    """The run's .zip (letters, print file, manifest) made from ``source``: without numbers, or with
    ``numbering`` and the letters dated ``issued``; (bytes, result, folder the letters were made in)."""
    from minutes_gen.runs.apology import LetterRules
    from minutes_gen.runs.settings import RunSettings
    from minutes_gen.runs.uploaded import apology_archive
    from minutes_gen.sources.limits import limits
    from minutes_gen.vn.workdays import NATIONAL

    rules = LetterRules(dt.date.fromisoformat(source.as_of), NATIONAL, most_letters=limits().server_letters,
                        issued=issued)
    packed = io.BytesIO()
    result, made_in = apology_archive(source.register, source.register_kind, profile_settings(source.profile), rules,
                                      packed, RunSettings(combined=True, numbering=numbering))
    return packed.getvalue(), result, made_in


def _due_dates(source: RunSource) -> dict[int, str]:
    """The due date of each dossier of the register, by its row (what the văn thư reviews by)."""
    from minutes_gen.model.dossier import load_dossiers
    from minutes_gen.runs.uploaded import REGISTER_NAME, REGISTER_SHOWN, private_file

    with private_file(source.register, f"{REGISTER_NAME}.{source.register_kind}", REGISTER_SHOWN) as path:
        loaded = load_dossiers(path, as_of=dt.date.fromisoformat(source.as_of))
    return {dossier.row: numeric_date(dossier.due) for dossier in loaded.dossiers}


def _record(source: RunSource, result, issued: dt.date | None = None) -> str:
    """What the history keeps of a run: its day, register, profile and each letter (dossier,
    applicant, due date, new appointment date, number, file)."""
    from minutes_gen.runs.uploaded import REGISTER_NAME

    due = _due_dates(source)
    letters = [{"row": row.row, "code": row.code, "applicant": row.applicant, "due": due.get(row.row, ""),
                "new_date": row.new_date, "number": row.number, "file": row.file} for row in result.rows if row.file]
    record = {"as_of": numeric_date(dt.date.fromisoformat(source.as_of)),
              "register": f"{REGISTER_NAME}.{source.register_kind}", "profile": source.profile_label,
              "letters": len(letters), "rows_skipped": len(result.invalid),
              "issued_on": numeric_date(issued) if issued else "", "letter_list": letters}
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


def run_letters(record: str) -> list[dict]:
    """The letters a run's record lists (none for a run made before runs were prepared)."""
    loaded = yaml.safe_load(record) if record else None
    return loaded.get("letter_list", []) if isinstance(loaded, dict) else []


def _refuse_second(office: OfficeStore, agency: Agency, source: RunSource) -> None:
    found = office.run_of_day(agency.id, source.profile_label, source.as_of)
    if found is not None:
        raise AlreadyPrepared(found[0], dt.date.fromisoformat(source.as_of), source.profile_label)


def prepare_run(office: OfficeStore, user: User, agency: Agency, profile: Profile, register: tuple[str, bytes],
                as_of: dt.date) -> Issued:
    """Make the day's letters without numbers from ``register`` (kind, bytes) and keep them as a
    draft run with what they were made from; ``AlreadyPrepared`` when the day has its run."""
    source = RunSource(0, profile.label, profile.profile, as_of.isoformat(), *register)
    _refuse_second(office, agency, source)  # before the work; again below, where two at once make one
    from minutes_gen.register.numbering import Numbering

    content, result, _ = _made(source, None, Numbering())
    record = _record(source, result)
    letters = sum(1 for row in result.rows if row.file)
    file_name = f"phieu-xin-loi-{as_of.isoformat()}.zip"
    with office.database.transaction(exclusive=("apology_sources",)):
        _refuse_second(office, agency, source)
        document_id = office.add_document(NewDocument(
            agency.id, user.id, APOLOGY_KIND, f"{letters} phiếu, sổ tại ngày {as_of:%d/%m/%Y}", as_of.isoformat(),
            file_name, content, record, status=DRAFT))
        office.keep_source(agency.id, dataclasses.replace(source, document_id=document_id))
    return Issued(document_id, file_name, "")


def issue_run(office: OfficeStore, agency: Agency, document_id: int, day: dt.date) -> Issued:
    """The văn thư's issuing of a prepared run of ``agency``: its letters numbered from the
    agency's series in register order, made again with their numbers and dated ``day``, the kept
    .zip replaced — numbers and .zip in one transaction: a failure leaves neither."""
    from minutes_gen.office.mailing import run_record
    from minutes_gen.register.entries import NumberRequest
    from minutes_gen.register.numbering import AUTO, Numbering
    from minutes_gen.register.sql import SqlRegister

    with office.database.transaction(exclusive=("issued",)):
        found, source = office.document(agency.id, document_id), office.run_source(agency.id, document_id)
        if found is None or source is None or found[0].status == ISSUED:
            why = "đã được cấp số" if found and found[0].status == ISSUED else "không phải đợt phiếu đang chờ cấp số"
            raise InputError([Problem("đợt phiếu", f"đợt này {why}")])
        as_of = dt.date.fromisoformat(source.as_of)
        if day < as_of:
            raise InputError([Problem(ISSUE_DATE, f"{numeric_date(day)} trước ngày của đợt ({numeric_date(as_of)})")])
        settings = profile_settings(source.profile)
        register = SqlRegister(office.database, check_integrity=False, owner=agency.id)
        refuse_before_last(register, NumberRequest(settings.agency.abbreviation, settings.type_code, APOLOGY_KIND, "",
                                                   day))
        numbering = Numbering(AUTO, office_agency=agency.abbreviation, database=office.database)
        content, result, made_in = _made(source, day, numbering)
        office.set_run_issued(agency.id, document_id, content, day.isoformat(), _record(source, result, day))
        office.add_run_letters(agency.id, document_id, run_record(result, source.register, source.register_kind, as_of,
                                                                  source.profile))  # what e-mailing them needs
        # the letters' numbers name the kept .zip, not the temporary folder they were made in
        register.relink(made_in, f"{OFFICE_FILE}{document_id}/")
    return Issued(document_id, found[0].file_name, "")
