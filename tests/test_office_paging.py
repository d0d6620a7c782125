"""The history (/van-ban) and the sổ (/so-van-ban) of a busy office: paged, filtered by year and
kind and searched in the database, with the total and page links keeping the filters; another
agency's documents never counted or shown; bad query values give a clear page; the schema
upgrade adds the indexes; an apology run on the server reads no whole file."""

import html
import re
import sys
from pathlib import Path

import pytest

from office_helpers import login, post_apology_run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from office_seed import seed_documents, seeded  # noqa: E402  (the benchmark's seeding, shared)

COUNT = 500  # 250 documents per agency: five pages of 50 (62 or 63 of each kind)


def _agencies(url: str) -> list[tuple[int, str, int]]:
    from minutes_gen.office.store import OfficeStore

    office = OfficeStore.open(url)
    try:
        return [(office.agency_by_abbreviation(abbreviation).id, abbreviation, office.credentials(author)[0].id)
                for abbreviation, author in (("SLĐTBXH", "canbo_a"), ("SNV", "canbo_b"))]
    finally:
        office.close()


@pytest.fixture
def busy(office):
    """The office with ``COUNT`` documents of both agencies; (app, url, [(unit, kind, year, numbered)] of A, newest first)."""
    from minutes_gen.office.store import OfficeStore

    app, url = office
    agencies = _agencies(url)
    office_store = OfficeStore.open(url)
    try:
        seed_documents(office_store.database, agencies, COUNT)
    finally:
        office_store.close()
    numbers, mine = {}, []
    for index in range(COUNT):
        entry, document = seeded(index, agencies, numbers)
        if document[0] == agencies[0][0]:
            mine.append((document[2], document[1], document[6], entry is not None))
    return app, url, mine[::-1]


def _units(page: str) -> list[str]:
    return re.findall(r"<td>(đơn vị \d+ của [^<]+)</td>", page)


def _page(client, path: str, status: int = 200) -> str:
    answer = client.get(path)
    assert answer.status_code == status, (path, answer.status_code)
    return html.unescape(answer.get_data(as_text=True))


def _clerk(app, who: str = "vanthu_a"):
    client = app.test_client()
    login(client, who)
    return client


def test_history_is_paged_newest_first_with_the_total(busy):
    app, _, mine = busy
    client = _clerk(app)
    first, third = _page(client, "/van-ban"), _page(client, "/van-ban?trang=3")
    assert _units(first) == [unit for unit, *_ in mine[:50]]
    assert _units(third) == [unit for unit, *_ in mine[100:150]]
    assert "Có 250 dòng, 5 trang." in first
    assert 'href="/van-ban?trang=2"' in first and 'href="/van-ban?trang=5"' in first
    beyond = _page(client, "/van-ban?trang=6")
    assert _units(beyond) == [] and "Không có trang 6." in beyond


def test_history_filters_by_year_and_kind_and_links_keep_them(busy):
    app, _, mine = busy
    client = _clerk(app)
    wanted = [unit for unit, kind, year, _ in mine if year == 2022 and kind == "notice"]
    page = _page(client, "/van-ban?nam=2022&loai=notice")
    assert _units(page) == wanted[:50] and f"Có {len(wanted)} dòng" in page
    of_year = [unit for unit, _, year, _ in mine if year == 2023]
    page = _page(client, "/van-ban?nam=2023")
    assert _units(page) == of_year[:50] and f"Có {len(of_year)} dòng" in page
    of_kind = [unit for unit, kind, *_ in mine if kind == "apology"]
    assert len(of_kind) > 0 and _units(_page(client, "/van-ban?loai=apology")) == of_kind[:50]
    searched = _page(client, "/van-ban?q=v%E1%BB%8B&loai=minutes")  # «vị»: every unit
    assert 'href="/van-ban?trang=2&amp;loai=minutes&amp;q=v%E1%BB%8B"' in client.get(
        "/van-ban?q=v%E1%BB%8B&loai=minutes").get_data(as_text=True)
    assert _units(searched) == [unit for unit, kind, *_ in mine if kind == "minutes"][:50]
    second = _page(client, "/van-ban?trang=2&loai=minutes&q=v%E1%BB%8B")
    assert _units(second) == [unit for unit, kind, *_ in mine if kind == "minutes"][50:100]


def test_history_search_is_in_the_database_with_its_count(busy):
    app, _, mine = busy
    client = _clerk(app)
    unit = mine[70][0]  # on the second page
    page = _page(client, "/van-ban?q=" + unit.split(" của ")[0].replace(" ", "+") + "+c%E1%BB%A7a")
    assert _units(page) == [unit] and "Có 1 dòng." in page
    assert _units(_page(client, "/van-ban?q=kh%C3%B4ng-c%C3%B3-%C4%91%C3%A2u")) == []


def test_another_agencys_documents_are_never_counted_or_shown(busy):
    app, _, mine = busy
    mine_units = {unit for unit, *_ in mine}
    for who in ("canbo_b", "vanthu_b"):
        client = _clerk(app, who)
        for path in ("/van-ban", "/van-ban?trang=3", "/van-ban?nam=2022", "/van-ban?q=sl%C4%91tbxh",
                     "/van-ban?loai=notice&nam=2022"):
            page = _page(client, path)
            assert not mine_units & set(_units(page)) and "của slđtbxh" not in page
        assert "Có 0 dòng." in _page(client, "/van-ban?q=" + mine[0][0].replace(" ", "+"))
    book = _page(_clerk(app, "vanthu_b"), "/so-van-ban?q=sl%C4%91tbxh")
    assert "Có 0 dòng." in book and "của slđtbxh" not in book


def _book_rows(page: str) -> list[tuple[str, tuple[str, ...]]]:
    """(number, shown cells) of every line of the sổ's table."""
    rows = re.findall(r'<tr data-number="([^"]+)">(.*?)</tr>', page, re.S)
    return [(number, tuple(re.findall(r"<td>(.*?)</td>", cells, re.S)[:-1])) for number, cells in rows]


def test_register_page_shows_the_same_lines_as_the_whole_book_one_page_at_a_time(busy):
    from minutes_gen.office.book import book_lines
    from minutes_gen.office.store import OfficeStore

    app, url, mine = busy
    office = OfficeStore.open(url)
    try:
        agency_id = _agencies(url)[0][0]
        lines = book_lines(office, agency_id)
    finally:
        office.close()
    numbered = sum(1 for *_, has_number in mine if has_number)
    assert len(lines) == numbered > 100
    client = _clerk(app)
    for page_number in (1, 3):
        page = _page(client, f"/so-van-ban?trang={page_number}")
        shown = lines[(page_number - 1) * 50:page_number * 50]
        assert _book_rows(page) == [(line.entry.text, line.shown) for line in shown]
        assert f"Có {numbered} dòng, 5 trang." in page
    void = lines[60]
    answer = client.post("/so-van-ban/huy", data={"id": void.entry.id, "reason": "gõ nhầm",
                                                   "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                                           _page(client, "/so-van-ban")).group(1)})
    assert answer.status_code == 302
    assert "Đã hủy số: gõ nhầm" in dict(_book_rows(_page(client, "/so-van-ban?trang=2")))[void.entry.text][-1]
    export = client.get("/so-van-ban/xuat").get_data().decode("utf-8-sig")
    assert len(export.strip().splitlines()) == numbered + 1


def test_register_page_filters_and_searches(busy):
    app, _, mine = busy
    client = _clerk(app)
    wanted = [unit for unit, kind, year, numbered in mine if numbered and year == 2024 and kind == "apology"]
    page = _page(client, "/so-van-ban?nam=2024&loai=apology")
    numbers = [number for number, _ in _book_rows(page)]
    assert len(numbers) == len(wanted) > 0 and all(number.endswith("/PXL") for number in numbers)
    assert numbers == sorted(numbers) and f"Có {len(wanted)} dòng." in page
    found = _book_rows(_page(client, "/so-van-ban?nam=2024&q=" + numbers[1].replace("/", "%2F")))
    assert [number for number, _ in found] == [numbers[1]]
    unit = next(unit for unit, _, _, numbered in mine if numbered)
    found = _book_rows(_page(client, "/so-van-ban?q=" + unit.replace(" ", "+")))
    assert len(found) == 1 and unit in found[0][1][2]


@pytest.mark.parametrize("query, said", [
    ("trang=-1", "«-1» không phải số trang"), ("trang=abc", "«abc» không phải số trang"),
    ("trang=99999999999999999999999", "không phải số trang"), ("nam=99999", "«99999» không phải năm từ 1990"),
    ("nam=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94", "không phải năm"), ("loai=%3Cscript%3E", "không có loại văn bản «<script>»"),
    ("nam=-2024&trang=0", "không phải năm")])
def test_bad_query_values_give_a_clear_page(busy, query, said):
    app, _, mine = busy
    client = _clerk(app)
    for path in ("/van-ban", "/so-van-ban"):
        page = _page(client, f"{path}?{query}", 400)
        assert said in page and "Traceback" not in page
        assert len(_units(page) if path == "/van-ban" else _book_rows(page)) == 50  # the first page shown
    assert "<script>" not in client.get("/van-ban?loai=%3Cscript%3E").get_data(as_text=True)


def _indexes(database) -> set[str]:
    if database.kind == "sqlite":
        return {row["name"] for row in database.all("SELECT name FROM sqlite_master WHERE type = 'index'")}
    return {row["indexname"] for row in database.all("SELECT indexname FROM pg_indexes")}


PAGING = {"documents_newest", "documents_of_kind", "documents_listed", "documents_by_number", "issued_in_book_order"}


def test_an_older_database_gains_the_indexes_on_upgrade(office):
    from minutes_gen.office.store import SCHEMA_VERSION, OfficeStore

    _, url = office
    store = OfficeStore.open(url)
    try:
        assert PAGING <= _indexes(store.database)
        for name in PAGING:
            store.database.execute(f"DROP INDEX {name}")
        store.database.execute("UPDATE office_meta SET value = '4' WHERE key = 'schema_version'")
        assert store.migrate() == 4 and store.schema_version() == SCHEMA_VERSION
        assert PAGING <= _indexes(store.database)
    finally:
        store.close()


def test_on_postgresql_the_searches_read_trigram_indexes_and_the_deep_sso_page_the_index_alone(office):
    """PostgreSQL's ILIKE «%…%» reads every row without a trigram index (pg_trgm): the history's
    and the sổ's searched columns have one, and the sổ's order index holds the row id (a deep page
    is read from the index alone); the plans say so. SQLite needs neither (its LIKE over a few
    thousand rows a page is quick, its indexes hold the row id)."""
    from minutes_gen.office.store import OfficeStore
    from minutes_gen.office.store.documents import SEARCHED
    from minutes_gen.register.schema import SEARCHED as BOOK_SEARCHED

    _, url = office
    store = OfficeStore.open(url)
    try:
        if store.database.kind == "sqlite":
            assert store.database.search_indexes("documents", SEARCHED)  # nothing to do, nothing refused
            return
        names = _indexes(store.database)
        assert {f"documents_{c}_trigrams" for c in SEARCHED} | {f"issued_{c}_trigrams" for c in BOOK_SEARCHED} <= names
        columns = store.database.one("SELECT indexdef FROM pg_indexes WHERE indexname = 'issued_in_book_order'")
        assert columns["indexdef"].rstrip(")").endswith(", id")
        for scan in ("seqscan", "indexscan", "indexonlyscan"):  # a tiny table: ask the planner what else it can use
            store.database.execute(f"SET enable_{scan} = off")
        plan = "\n".join(row["QUERY PLAN"] for row in store.database.connection.execute(
            "EXPLAIN SELECT COUNT(*) FROM issued WHERE summary ILIKE '%vị 12 của%'").fetchall())
        assert "issued_summary_trigrams" in plan, plan
    finally:
        store.close()


def test_an_apology_run_on_the_server_reads_no_whole_file(tmp_path):
    """The integrity check (PRAGMA quick_check / integrity_check, SQLite's: PostgreSQL has none)
    belongs to «office check» and «register verify»: the server's runs never read the whole file."""
    from minutes_gen.office import context
    from minutes_gen.office.app import create_office_app
    from office_helpers import init_office, setup_two_agencies

    url = f"sqlite:///{tmp_path / 'so.db'}"
    init_office(url)
    app = create_office_app(url)
    app.config["TESTING"] = True
    setup_two_agencies(app)
    client = app.test_client()
    login(client, "canbo_a")
    statements = []
    kept = context._KEPT.stores[url]  # the connection this thread's requests use
    kept.database.connection.set_trace_callback(statements.append)
    assert post_apology_run(client).status_code == 302
    assert any("INSERT INTO issued" in statement for statement in statements)  # the spy saw the run
    assert not [s for s in statements if "quick_check" in s.lower() or "integrity_check" in s.lower()]
