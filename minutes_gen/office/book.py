"""The sổ đăng ký văn bản đi of an agency (ND30 Phụ lục IV) as its văn thư keeps it: one line per
number of its series, in the order numbers were given, with the sổ's own columns — on the page
and in the export alike."""

from dataclasses import dataclass

from minutes_gen.office.paging import PAGE_SIZE, Listing, Paged
from minutes_gen.office.store import BookDetails
from minutes_gen.office.workflow import OUTSIDE_KIND, OUTSIDE_TYPES
from minutes_gen.register.entries import STATUS_VOID, IssuedNumber
from minutes_gen.register.export import KIND_NAMES
from minutes_gen.register.sql import SqlRegister
from minutes_gen.vn.dates import shown_date

HEADERS = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
           "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]
ON_PAPER = {"Ngày chuyển", "Ký nhận"}  # filled by hand on the printed sổ: not shown on the page
SHOWN = [header for header in HEADERS if header not in ON_PAPER]
_TYPE_NAMES = {code.upper(): name for code, name in OUTSIDE_TYPES.items()}


@dataclass(frozen=True)
class BookLine:
    """One line of the sổ: its number in the register, and its cells under ``HEADERS``."""

    entry: IssuedNumber
    cells: tuple[str, ...]

    @property
    def shown(self) -> tuple[str, ...]:
        """The cells the page shows (those the văn thư fills by hand on paper left out)."""
        return tuple(cell for header, cell in zip(HEADERS, self.cells) if header not in ON_PAPER)


def _kind_and_summary(entry: IssuedNumber) -> str:
    """«Biên bản: Kiểm tra …», «Quyết định: về việc …»."""
    name = (_TYPE_NAMES.get(entry.symbol.split("-", 1)[0], "Văn bản") if entry.kind == OUTSIDE_KIND
            else KIND_NAMES.get(entry.kind, entry.kind))
    return f"{name}: {entry.summary}" if entry.summary else name


def _note(entry: IssuedNumber, details: BookDetails) -> str:
    voided = f"Đã hủy số: {entry.void_reason}" if entry.status == STATUS_VOID else ""
    return "; ".join(text for text in (voided, details.note) if text)


def book_lines(office, agency_id: int) -> list[BookLine]:
    """Every number of the agency's series, as lines of its sổ (the export)."""
    register = SqlRegister(office.database, check_integrity=False, owner=agency_id)
    return _lines(register.entries(), office.book_details(agency_id))


def book_page(office, agency_id: int, listing: Listing) -> Paged:
    """The lines of one page of the agency's sổ, filtered by year, kind and search (in the database)."""
    register = SqlRegister(office.database, check_integrity=False, owner=agency_id)
    year, kind = listing.year, listing.kind or None
    entries = register.entries(year, kind, search=listing.search, limit=PAGE_SIZE, offset=listing.offset)
    lines = _lines(entries, office.book_details(agency_id, [entry.id for entry in entries]))
    return Paged(lines, register.count(year, kind, listing.search), listing)


def _lines(entries: list[IssuedNumber], details: dict[int, BookDetails]) -> list[BookLine]:
    lines = []
    for entry in entries:
        book = details.get(entry.id, BookDetails())
        lines.append(BookLine(entry, (entry.text, shown_date(entry.doc_date), _kind_and_summary(entry), entry.signer,
                                      book.recipients, book.archive, book.copies, "", "", _note(entry, book))))
    return lines
