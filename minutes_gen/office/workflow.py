"""A document's way on the office server (ND30 Điều 15–16): the cán bộ drafts it (checked as
``minutes-gen validate`` checks, made without a number for the signer to read); its signature is
noted; then the văn thư gives it its number and date — numbers in the order of issue dates — and
the document is made again with them, number and document in one transaction. Documents made
outside the tool (a quyết định, a kế hoạch) take their number from the same series."""

import dataclasses
import datetime as dt

import yaml

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.issuing import (KIND_NAMES, SOURCE, Issued, Prepared, completed_from_profile, pdf_of,
                                        refuse_other_agencies, render)
from minutes_gen.office.store import (DRAFT, ISSUED, SIGNED, Agency, BookDetails, NewDocument, OfficeStore, Profile,
                                      User)
from minutes_gen.office.store.rows import IssuedFile
from minutes_gen.register.entries import OFFICE_FILE
from minutes_gen.vn.dates import numeric_date, parse_date, vietnam_today

OUTSIDE_KIND = "outside"  # a document made outside the tool: only its number and its line in the sổ
# Phụ lục III's types a văn thư numbers for documents made elsewhere (a công văn has no type
# abbreviation, its symbol has another shape: not offered here).
OUTSIDE_TYPES = {"QĐ": "Quyết định", "KH": "Kế hoạch", "BC": "Báo cáo", "TTr": "Tờ trình", "TB": "Thông báo",
                 "CTr": "Chương trình", "HD": "Hướng dẫn", "BB": "Biên bản"}
ISSUE_DATE = "ngày ban hành"


def _checked(office: OfficeStore, agency: Agency, kind: str, text: str):
    """The inspection of ``text``, checked as ``minutes-gen validate`` does; ``InputError`` otherwise."""
    from minutes_gen.model.loading import inspection_from
    from minutes_gen.sources.yaml_source import parse_yaml

    if kind not in KIND_NAMES:
        raise InputError([Problem(SOURCE, "chưa chọn loại văn bản")])
    loaded = parse_yaml(text, SOURCE)
    refuse_other_agencies(office, agency, loaded)
    return inspection_from(loaded).inspection


def book_of(kind: str, inspection) -> BookDetails:
    """What the sổ will say of a document of the tool: its recipients, archive, copies."""
    options = inspection.minutes if kind == "minutes" else inspection.notice
    return book_from(options, str(inspection.minutes.copies) if kind == "minutes" else "")


def book_from(options, copies: str = "") -> BookDetails:
    """The sổ's recipients and archive of a document whose ``options`` have ``recipients`` and ``archive``."""
    archive = f"VT, {options.archive}" if options.archive else "VT"
    return BookDetails("; ".join(line.strip().rstrip(";.") for line in options.recipients), archive, copies)


def draft(office: OfficeStore, user: User, agency: Agency, profile: Profile | None, kind: str, yaml_text: str) -> Issued:
    """Check and keep a draft (without a number: the văn thư gives it once signed); ``InputError``
    lists every problem (nothing is kept then). ``profile`` None: the data names its issuing body."""
    from minutes_gen.documents import KINDS

    text = completed_from_profile(yaml_text, profile) if profile is not None else yaml_text
    inspection = _checked(office, agency, kind, text)
    module = KINDS[kind].module
    content = render(office, agency, kind, inspection, None)
    file_name = f"{module.output_name(inspection)}.docx"
    document_id = office.add_document(NewDocument(
        agency.id, user.id, kind, inspection.unit.name, module.document_date(inspection, vietnam_today()).isoformat(),
        file_name, content, text, status=DRAFT, book=book_of(kind, inspection)))
    return Issued(document_id, file_name, "")


def issue_date(text: str) -> dt.date:
    """The date the văn thư gives (blank: today in Vietnam); never a day still to come."""
    if not text.strip():
        return vietnam_today()
    try:
        day = parse_date(text)
    except ValueError as error:
        raise InputError([Problem(ISSUE_DATE, str(error))]) from None
    if day > vietnam_today():
        raise InputError([Problem(ISSUE_DATE, f"{numeric_date(day)} là ngày chưa đến; số chỉ cấp khi văn bản ban hành")])
    return day


def refuse_before_last(register, request) -> None:
    """``InputError`` when ``request``'s date is before the latest of its series (numbers follow
    the order of issue dates)."""
    last = register.last_date(request)
    if last is not None and request.doc_date < last:
        raise InputError([Problem(ISSUE_DATE, f"{numeric_date(request.doc_date)} trước ngày của số cấp gần nhất trong "
                                              f"sổ ({numeric_date(last)}); số văn bản đi theo thứ tự ngày ban hành: "
                                              f"ghi từ ngày {numeric_date(last)} trở đi")])


def _numbered(register, request):
    """The next number of ``request``'s series, refused when its date is before the series' latest."""
    refuse_before_last(register, request)
    (issued,) = register.allocate([request])
    return issued


def _dated(kind: str, inspection, day: dt.date):
    """The inspection with the notice dated ``day`` (the minutes keep the day of the meeting)."""
    if kind != "notice":
        return inspection
    return dataclasses.replace(inspection, notice=dataclasses.replace(inspection.notice, date=day))


def _prepared(office: OfficeStore, agency: Agency, stored, text: str) -> Prepared:
    """A minutes or a notice from its data; a document of a case from its case (``office.case_data``)."""
    from minutes_gen.documents import KINDS
    from minutes_gen.register.numbering import document_request

    if stored.kind not in KIND_NAMES:
        from minutes_gen.office.case_data import case_prepared

        return case_prepared(office, agency, stored, text)
    inspection = _checked(office, agency, stored.kind, text)
    return Prepared(inspection.meeting.date, "ngày kiểm tra", document_request(KINDS[stored.kind], inspection),
                    lambda number, day: render(office, agency, stored.kind, _dated(stored.kind, inspection, day),
                                               number))


def issue_signed(office: OfficeStore, agency: Agency, document_id: int, day: dt.date, note: str = "",
                 with_pdf: bool = False) -> Issued:
    """The văn thư's issuing of a signed document of ``agency``: the next number of its series, the
    date ``day``, the document made again with both — one transaction: a failure leaves neither."""
    from minutes_gen.outputs.manifest import sha256
    from minutes_gen.register.sql import SqlRegister

    with office.database.transaction(exclusive=("issued",)):
        found = office.document(agency.id, document_id)
        if found is None or found[0].status != SIGNED:
            why = "đã được cấp số" if found and found[0].status == ISSUED else "chưa được ghi nhận là đã ký"
            raise InputError([Problem("văn bản", f"văn bản này {why}; chỉ cấp số cho văn bản đã ký")])
        stored, _, text = found
        prepared = _prepared(office, agency, stored, text)
        if day < prepared.earliest:
            raise InputError([Problem(ISSUE_DATE, f"{numeric_date(day)} trước {prepared.earliest_name} "
                                                  f"({numeric_date(prepared.earliest)})")])
        register = SqlRegister(office.database, check_integrity=False, owner=agency.id)
        request = dataclasses.replace(prepared.request, doc_date=day,
                                      record_key=f"{prepared.request.record_key} #{document_id}")
        issued = _numbered(register, request)
        content = prepared.make(issued.number, day)
        office.set_issued(agency.id, document_id, IssuedFile(issued.text, issued.id, day.isoformat(), content,
                                                             pdf_of(content) if with_pdf else None, note.strip()))
        register.attach(issued, f"{OFFICE_FILE}{document_id}", sha256(content))
    return Issued(document_id, stored.file_name, issued.text)


@dataclasses.dataclass(frozen=True)
class OutsideDocument:
    """A document made outside the tool that takes a number of the agency's series."""

    type_code: str
    summary: str
    signer: str
    date_text: str = ""
    book: BookDetails = BookDetails()

    def problems(self) -> list[Problem]:
        found = []
        if self.type_code not in OUTSIDE_TYPES:
            found.append(Problem("loại văn bản", "chưa chọn"))
        if not self.summary.strip():
            found.append(Problem("trích yếu nội dung", "chưa ghi"))
        if not self.signer.strip():
            found.append(Problem("người ký", "chưa ghi"))
        if self.book.copies.strip() and not self.book.copies.strip().isdigit():
            found.append(Problem("số lượng bản", f"«{self.book.copies}» không phải một số"))
        return found


def number_outside(office: OfficeStore, user: User, agency: Agency, outside: OutsideDocument) -> Issued:
    """The next number of the agency's series for a document made outside the tool, with its line
    of the sổ, kept as a document of the history without a file (its number names it)."""
    from minutes_gen.register.entries import NumberRequest
    from minutes_gen.register.sql import SqlRegister

    problems = outside.problems()
    if problems:
        raise InputError(problems)
    day = issue_date(outside.date_text)
    kind_name, summary = OUTSIDE_TYPES[outside.type_code], " ".join(outside.summary.split())
    record = yaml.safe_dump({"type": kind_name, "summary": summary, "signer": outside.signer.strip(),
                             "date": numeric_date(day)}, allow_unicode=True, sort_keys=False)
    with office.database.transaction(exclusive=("issued",)):
        document_id = office.add_document(NewDocument(agency.id, user.id, OUTSIDE_KIND, f"{kind_name} {summary}",
                                                      day.isoformat(), "", b"", record, status=ISSUED, book=outside.book))
        register = SqlRegister(office.database, check_integrity=False, owner=agency.id)
        issued = _numbered(register, NumberRequest(agency.abbreviation, outside.type_code, OUTSIDE_KIND,
                                                   f"{kind_name} #{document_id}", day, summary, outside.signer.strip()))
        office.set_number(agency.id, document_id, issued.text, issued.id)
        register.attach(issued, f"{OFFICE_FILE}{document_id}", "")
    return Issued(document_id, "", issued.text)
