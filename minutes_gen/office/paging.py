"""Pages of a long list (the history, the sổ): what the address asks for — the page (``trang``),
the year (``nam``), the kind (``loai``) and the search (``q``) — checked, with a clear word for
a bad value, and the links to the other pages that keep the filters."""

import re
import urllib.parse
from dataclasses import dataclass, replace

from minutes_gen.vn.dates import parse_date

PAGE_SIZE = 50  # lines a page shows (fixed: a page never grows with the database)
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_PAGE = 10 ** 6
SEARCH_LENGTH = 100


@dataclass(frozen=True)
class Listing:
    """One page of a list, filtered: page from 1, year or None, kind or "", search or ""."""

    page: int = 1
    year: int | None = None
    kind: str = ""
    search: str = ""

    @property
    def searched(self) -> str:
        """What is looked for: a date typed as people write it (12/07/2023) as it is kept."""
        try:
            return parse_date(self.search).isoformat() if self.search else ""
        except ValueError:
            return self.search

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def address(self, path: str, page: int) -> str:
        """The address of page ``page`` with the same filters."""
        fields = {"trang": page if page > 1 else None, "nam": self.year, "loai": self.kind or None,
                  "q": self.search or None}
        query = urllib.parse.urlencode({name: value for name, value in fields.items() if value is not None})
        return f"{path}?{query}" if query else path


def _whole(text: str, lowest: int, highest: int) -> int | None:
    """A whole number from ``lowest`` to ``highest`` written in plain digits, else None."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,9}", text) or not lowest <= int(text) <= highest:
        return None
    return int(text)


def listing_from(args, kinds: dict[str, str]) -> tuple[Listing, list[str]]:
    """The page the query string ``args`` asks for, and what was wrong in it (each bad value is
    left out, in Vietnamese); ``kinds``: the kinds one may filter by."""
    problems, listing = [], Listing(search=args.get("q", "")[:SEARCH_LENGTH].strip())
    page, year, kind = args.get("trang", ""), args.get("nam", ""), args.get("loai", "")
    if page:
        if _whole(page, 1, MAX_PAGE) is None:
            problems.append(f"«{page[:20]}» không phải số trang (1, 2, 3…); đang xem trang 1")
        else:
            listing = replace(listing, page=int(page))
    if year:
        if _whole(year, FIRST_YEAR, LAST_YEAR) is None:
            problems.append(f"«{year[:20]}» không phải năm từ {FIRST_YEAR} đến {LAST_YEAR}; đang xem mọi năm")
        else:
            listing = replace(listing, year=int(year))
    if kind:
        if kind not in kinds:
            problems.append(f"không có loại văn bản «{kind[:40]}»; đang xem mọi loại")
        else:
            listing = replace(listing, kind=kind)
    return listing, problems


@dataclass(frozen=True)
class Paged:
    """The rows of one page, how many rows the filters find in all, and the listing asked for."""

    rows: list
    total: int
    listing: Listing

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def beyond(self) -> bool:
        """The page asked for is past the last one."""
        return self.listing.page > self.pages

    def links(self, path: str) -> list[tuple[str, str | None]]:
        """(label, address or None for the page shown) of the first, nearby and last pages."""
        shown = sorted({1, self.pages} | {n for n in range(self.listing.page - 2, self.listing.page + 3)
                                          if 1 <= n <= self.pages})
        links, previous = [], 0
        for number in shown:
            if number > previous + 1:
                links.append(("…", None))
            links.append((str(number), None if number == self.listing.page else self.listing.address(path, number)))
            previous = number
        return links

