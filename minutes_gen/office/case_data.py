"""A case's data on the office server: its YAML checked as ``minutes-gen batch`` and ``followup``
check it (and more: no unit file read from the server's disk, no other agency's header), the
follow-up recorded on its page and the notices issued here merged into it, and what issuing one
of its documents takes (``office.workflow``)."""

import datetime as dt
from dataclasses import dataclass

import yaml

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.issuing import Prepared, refuse_other_agencies
from minutes_gen.office.store import ISSUED, Agency, OfficeStore
from minutes_gen.office.store.cases import REPORT, StoredCase
from minutes_gen.vn.dates import numeric_date
from minutes_gen.vn.workdays import NATIONAL

CASE_SOURCE = "hồ sơ kiểm tra"
HEADLINE = "Hồ sơ kiểm tra có lỗi"
UNIT_FILES = ("trên máy chủ văn phòng mỗi đơn vị ghi thẳng trong hồ sơ («- unit: …»); máy chủ không đọc tệp khác "
              "(«file:», «files:»)")


def loaded_case(office: OfficeStore, agency: Agency, text: str):
    """The YAML of a case of ``agency``, parsed; ``InputError`` for a unit in another file or an
    issuing body that is another agency of the server."""
    from minutes_gen.sources.yaml_source import parse_yaml

    loaded = parse_yaml(text, CASE_SOURCE)
    units = loaded.data.get("units") if isinstance(loaded.data, dict) else None
    entries = list(enumerate(units)) if isinstance(units, list) else []
    problems = [loaded.problem(("units", index, key), UNIT_FILES) for index, entry in entries if isinstance(entry, dict)
                for key in ("file", "files") if key in entry]
    if problems:
        raise InputError(problems, headline=HEADLINE)
    places = [("shared", "issuing_body"), ("shared", "notice", "issuing_body")]
    for index, _ in entries:
        places += [("units", index, "issuing_body"), ("units", index, "notice", "issuing_body")]
    refuse_other_agencies(office, agency, loaded, places)
    return loaded


def checked_case(office: OfficeStore, agency: Agency, text: str):
    """The case (``model.case.Case``) of ``text``, checked as ``load_case`` checks it."""
    from minutes_gen.model.case_loading import case_from

    return case_from(loaded_case(office, agency, text))


@dataclass
class Followed:
    """A case as its page shows it: its data with the follow-up recorded here (``text``), the
    case built from it, the numbers of its documents issued here (``issued``: ``plan``,
    ``notice:<unit>`` → ``05/TB-ĐKT``, as later documents cite them)."""

    text: str
    case: object
    issued: dict


def followed_case(office: OfficeStore, agency: Agency, stored: StoredCase) -> Followed:
    """The case with what its page recorded: each report received and item closed added to its
    unit's ``followup``, and a notice issued here dated as the văn thư dated it."""
    from minutes_gen.sources.yaml_source import parse_yaml

    data = parse_yaml(stored.input_yaml, CASE_SOURCE).data
    units = data["units"]
    links = [link for link in office.case_documents(agency.id, stored.id) if link.status == ISSUED]
    for link in links:
        if link.kind == "notice":
            units[link.unit_index].setdefault("notice", {})["date"] = _shown(link.doc_date)
    for record in office.case_records(agency.id, stored.id):
        followup = units[record.unit_index].setdefault("followup", {})
        if record.kind == REPORT:
            report = {"number": record.number, "date": _shown(record.day)}
            followup.setdefault("reports", []).append({**report, "items": list(record.items)} if record.items else report)
        else:
            followup.setdefault("closed", []).extend({"item": item, "date": _shown(record.day)} for item in record.items)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    case = checked_case(office, agency, text)
    return Followed(text, case, issued_numbers(office, agency, stored.id, case))


def issued_numbers(office: OfficeStore, agency: Agency, case_id: int, case) -> dict[str, str]:
    """The numbers of the case's documents issued here, keyed as ``documents.case_common`` cites them."""
    found = {}
    for link in office.case_documents(agency.id, case_id):
        if link.status == ISSUED:
            unit = case.units[link.unit_index].inspection.unit.name if link.unit_index is not None else None
            found[link.kind if unit is None else f"{link.kind}:{unit}"] = link.number
    return found


def _shown(iso: str) -> str:
    return numeric_date(dt.date.fromisoformat(iso))


def own_kind(kind: str):
    """The ``documents.DocumentKind`` of a case's own document (plan, schedule, report, reminder)."""
    from minutes_gen.documents import CASE_KINDS, FOLLOWUP_KINDS

    return {**CASE_KINDS, **FOLLOWUP_KINDS}[kind]


def reminder_tracking(case, unit_index: int, as_of: dt.date):
    """The tracking of an overdue unit on ``as_of``, for its reminder; ``InputError`` when the case
    names no drafting unit or the unit is not overdue that day."""
    from minutes_gen.model.followup import case_tracking
    from minutes_gen.runs.followup import NO_DRAFTING_UNIT

    if case.documents.followup is None:
        raise InputError([Problem(CASE_SOURCE, NO_DRAFTING_UNIT, field="case.followup")])
    tracking = case_tracking(case, NATIONAL, as_of)[unit_index]
    if not tracking.overdue:
        raise InputError([Problem("đơn vị", f"{tracking.unit} không có yêu cầu nào quá hạn ngày {numeric_date(as_of)}: "
                                            "không cần văn bản đôn đốc")])
    return tracking


def case_prepared(office: OfficeStore, agency: Agency, stored, text: str) -> Prepared:
    """What issuing a signed document of a case takes: its case as it was drafted (``text``, what
    the signer read), its unit and follow-up day from the case's link, the numbers issued since."""
    from minutes_gen.documents.reminder import symbol
    from minutes_gen.register.numbering import case_request
    from minutes_gen.runs.followup import case_document_bytes

    link = office.document_case(agency.id, stored.id)
    if link is None:
        raise InputError([Problem("văn bản", "không tìm thấy hồ sơ kiểm tra của văn bản này")])
    case_id, kind, unit_index, as_of_text = link
    case, as_of = checked_case(office, agency, text), dt.date.fromisoformat(as_of_text)
    unit = case.units[unit_index] if unit_index is not None else None
    tracking = reminder_tracking(case, unit_index, as_of) if kind == "reminder" else None
    issued = issued_numbers(office, agency, case_id, case)
    request = case_request(own_kind(kind), case, unit, as_of, symbol(case) if kind == "reminder" else "")
    earliest = "ngày xét tình hình khắc phục" if kind == "reminder" else "ngày của văn bản ghi trong hồ sơ"
    return Prepared(request.doc_date, earliest, request,
                    lambda number, day: case_document_bytes(kind, case, NATIONAL, number, day, unit, issued, tracking))
