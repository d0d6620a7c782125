"""What the cán bộ and the văn thư do with a case on the office server: keep a case uploaded,
record a unit's report received or items closed (checked against the case: its units, the
notice's items, a real day not yet to come), and draft the documents of its chain — the plan,
the schedule notices, the minutes, the conclusion notices, the report — and the reminders of
overdue units, each a draft of the normal way (signed, then numbered by the văn thư)."""

import datetime as dt

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.case_data import CASE_SOURCE, Followed, checked_case, followed_case, own_kind, reminder_tracking
from minutes_gen.office.issuing import CASE_NAMES, KIND_NAMES, Issued
from minutes_gen.office.store import DRAFT, Agency, NewDocument, OfficeStore, User
from minutes_gen.office.store.cases import CLOSED, REPORT, CaseRecord, StoredCase
from minutes_gen.office.workflow import book_from, draft
from minutes_gen.vn.dates import numeric_date, parse_date, vietnam_today
from minutes_gen.vn.numbers import count
from minutes_gen.vn.text import control_character
from minutes_gen.vn.workdays import NATIONAL

CHAIN = ("plan", "schedule", "minutes", "notice", "report")  # drafted from the case page, in issue order
DRAFTED = CHAIN + ("reminder",)
DRAFT_NAMES = {**KIND_NAMES, **CASE_NAMES}
MAX_NUMBER = 60  # a document number («1022/SYT-VP») is far shorter


def add_case(office: OfficeStore, user: User, agency: Agency, file_name: str, text: str) -> int:
    """Check the case's YAML as ``minutes-gen batch`` does and keep it; its id (``InputError``:
    nothing kept)."""
    case = checked_case(office, agency, text)
    return office.add_case(agency.id, user.id, case.title, file_name, text)


def per_unit(kind: str) -> bool:
    from minutes_gen.documents import PER_UNIT

    return kind in PER_UNIT


def unit_index(case, text: str) -> int:
    """The unit a form names by its place in the case (1, 2, …), from 0; ``InputError`` otherwise."""
    units = len(case.units)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= units:
        raise InputError([Problem("đơn vị", f"hồ sơ không có đơn vị số «{text[:20]}» (chỉ có {count(units)} đơn vị, "
                                            "đánh số từ 1); hãy tải lại trang")])
    return int(text) - 1


def _items(case, index: int, values: list[str], problems: list[Problem]) -> tuple[int, ...]:
    """The notice's items a form names (1, 2, … as numbered in the notice)."""
    from minutes_gen.model.followup import tracked_count

    items = tracked_count(case.units[index].inspection)
    chosen = []
    for value in values:
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= items:
            problems.append(Problem("yêu cầu", f"thông báo kết luận của {case.units[index].inspection.unit.name} không "
                                               f"có yêu cầu số «{value[:20]}» (chỉ có {count(items)} yêu cầu, đánh số "
                                               "từ 1)"))
        elif int(value) not in chosen:
            chosen.append(int(value))
    return tuple(sorted(chosen))


def form_day(text: str, label: str, problems: list[Problem]) -> dt.date | None:
    """A day written on a form (dd/mm/yyyy), real and not yet to come."""
    try:
        day = parse_date(text)
    except ValueError as error:
        problems.append(Problem(label, str(error) if text.strip() else "chưa ghi"))
        return None
    if day > vietnam_today():
        problems.append(Problem(label, f"{numeric_date(day)} là ngày chưa đến"))
        return None
    return day


def record_from_form(case, kind: str, form) -> CaseRecord:
    """A report received (``so``: its number, ``ngay``, ``yeu_cau``: the items it reports on, none:
    all) or items closed (``ngay``, ``yeu_cau``: at least one) of the unit ``don_vi``, checked
    against the case; ``InputError`` with every problem."""
    if kind not in (REPORT, CLOSED):
        raise InputError([Problem("ghi nhận", "không rõ ghi nhận gì; hãy tải lại trang")])
    index, problems = unit_index(case, form.get("don_vi", "")), []
    items = _items(case, index, form.getlist("yeu_cau"), problems)
    label = "ngày văn bản báo cáo" if kind == REPORT else "ngày hoàn thành"
    day = form_day(form.get("ngay", ""), label, problems)
    number = " ".join(form.get("so", "").split())
    if kind == REPORT and not number:
        problems.append(Problem("số văn bản báo cáo", "chưa ghi (như «215/BC-STP»)"))
    elif len(number) > MAX_NUMBER:
        problems.append(Problem("số văn bản báo cáo", f"dài quá (tối đa {MAX_NUMBER} ký tự)"))
    elif control_character(number):  # kept, it would make the case unreadable on every page
        problems.append(Problem("số văn bản báo cáo", control_character(number)))
    if kind == CLOSED and not items and not problems:
        problems.append(Problem("yêu cầu", "chưa chọn yêu cầu nào đã hoàn thành"))
    notified = case.units[index].inspection.notice.date
    if day is not None and notified is not None and day < notified:
        problems.append(Problem(label, f"{numeric_date(day)} trước ngày thông báo kết luận ({numeric_date(notified)})"))
    if problems:
        raise InputError(problems)
    return CaseRecord(index, kind, number if kind == REPORT else "", day.isoformat(), items)


def draft_from_case(office: OfficeStore, user: User, agency: Agency, stored: StoredCase, kind: str, unit_text: str,
                    as_of: dt.date) -> Issued:
    """Draft one document of the case (its unit ``unit_text`` for a unit's), linked to the case,
    in one transaction; a reminder reads the follow-up on ``as_of``."""
    if kind not in DRAFTED:
        raise InputError([Problem("loại văn bản", "không có trong hồ sơ kiểm tra; hãy tải lại trang")])
    followed = followed_case(office, agency, stored)
    index = unit_index(followed.case, unit_text) if per_unit(kind) else None
    with office.database.transaction():
        if kind in KIND_NAMES:
            drafted = draft(office, user, agency, None, kind, unit_yaml(followed.text, index))
        else:
            drafted = _draft_own(office, user, agency, followed, kind, index, as_of)
        office.link_case_document(stored.id, drafted.document_id, kind, index, as_of.isoformat())
    return drafted


def unit_yaml(text: str, index: int) -> str:
    """A unit of the case as the data of one inspection (the shared part with the unit's own)."""
    import yaml

    from minutes_gen.model.case_loading import UNIT_KEYS
    from minutes_gen.sources.file_kinds import CASE
    from minutes_gen.sources.plan import plan_units
    from minutes_gen.sources.yaml_source import parse_yaml

    planned, _ = plan_units(parse_yaml(text, CASE_SOURCE), CASE, sections=("case",), unit_keys=UNIT_KEYS)
    return yaml.safe_dump(planned[index].loaded.data, allow_unicode=True, sort_keys=False, width=1000)


def _draft_own(office: OfficeStore, user: User, agency: Agency, followed: Followed, kind: str, index: int | None,
               as_of: dt.date) -> Issued:
    """A plan, schedule notice, report or reminder of the case, without a number."""
    from minutes_gen.runs.followup import case_document_bytes

    case, module = followed.case, own_kind(kind).module
    unit = case.units[index] if index is not None else None
    tracking = reminder_tracking(case, index, as_of) if kind == "reminder" else None
    content = case_document_bytes(kind, case, NATIONAL, None, as_of, unit, followed.issued, tracking)
    file_name = module.output_name(case, unit) + (f"-{as_of:%Y%m%d}" if kind == "reminder" else "") + ".docx"
    options = {"plan": case.documents.plan, "schedule": unit.schedule if unit else None,
               "report": case.documents.report, "reminder": case.documents.followup}[kind]
    document_id = office.add_document(NewDocument(
        agency.id, user.id, kind, unit.inspection.unit.name if unit else case.title,
        module.document_date(case, as_of, unit).isoformat(), file_name, content, followed.text, status=DRAFT,
        book=book_from(options)))
    return Issued(document_id, file_name, "")
