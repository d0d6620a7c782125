"""A document's way on the office server as ND30 (Điều 15–16) wants it, on SQLite and PostgreSQL:
the cán bộ drafts (no number), the signature is noted, the văn thư gives number and date — in
the order of issue dates — and issues; numbers for documents made outside the tool; the sổ's
columns on the page and in its export; dates dd/mm/yyyy in Vietnam's time; an older database
upgraded in place."""

import csv
import io
import re

from click.testing import CliRunner
from docx import Document

from conftest import all_text
from minutes_gen.cli import cli
from minutes_gen.office.store import OfficeStore
from minutes_gen.register.location import open_register
from office_helpers import (ADMIN_PASSWORD, SEED_TEXT, clerk_of, document_ids, draft_document, init_office,
                            issue_document, login, post)

WITHOUT_ISSUING_BODY = re.sub(r"(?ms)^issuing_body:.*?(?=^\S)", "", SEED_TEXT)  # the agency's own header
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}")
SO_COLUMNS = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
              "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]


def _numbers(url: str, agency: str = "SLĐTBXH") -> list[str]:
    register = open_register(url, office_agency=agency)
    try:
        return [entry.text for entry in register.entries()]
    finally:
        register.close()


def _status(client, document_id) -> str:
    return re.search(rf'<tr data-id="{document_id}" data-status="(\w+)">', client.get("/van-ban").get_data(as_text=True)).group(1)


def _drafted(client, text: str = SEED_TEXT, kind: str = "minutes", signed: bool = True) -> str:
    answer = draft_document(client, text, kind)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    document_id = answer.headers["Location"].rsplit("=", 1)[1]
    if signed:
        assert post(client, f"/van-ban/{document_id}/da-ky", {}, page="/van-ban").status_code == 302
    return document_id


def _issue(clerk, document_id: str, date: str = "", note: str = ""):
    return post(clerk, f"/van-ban/{document_id}/cap-so", {"date": date, "note": note}, page="/van-ban")


def test_a_draft_takes_its_number_only_when_the_clerk_issues_it_signed(office):
    app, url = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    document_id = _drafted(secretary, signed=False)
    assert _status(secretary, document_id) == "draft" and _numbers(url) == []
    draft_text = all_text(Document(io.BytesIO(secretary.get(f"/van-ban/{document_id}/tai").data)))
    assert "BIÊN BẢN" in draft_text and "Số: 01" not in draft_text  # the signer reads it without a number
    clerk = clerk_of(secretary)
    refused = _issue(clerk, document_id)
    assert refused.status_code == 400 and "chưa được ghi nhận là đã ký" in refused.get_data(as_text=True)
    assert post(secretary, f"/van-ban/{document_id}/cap-so", {}, page="/van-ban").status_code == 403  # not the cán bộ's
    assert post(secretary, f"/van-ban/{document_id}/da-ky", {}, page="/van-ban").status_code == 302
    assert _status(secretary, document_id) == "signed" and _numbers(url) == []
    assert _issue(clerk, document_id, "20/07/2023", "gửi bản giấy").status_code == 302
    assert _status(secretary, document_id) == "issued" and _numbers(url) == ["01/BB-ĐKT"]
    issued_text = all_text(Document(io.BytesIO(secretary.get(f"/van-ban/{document_id}/tai").data)))
    assert "Số: 01/BB-ĐKT" in issued_text
    again = _issue(clerk, document_id)
    assert again.status_code == 400 and "đã được cấp số" in again.get_data(as_text=True) and _numbers(url) == ["01/BB-ĐKT"]
    admin = app.test_client()
    login(admin, "quantri", ADMIN_PASSWORD)
    audit = admin.get("/quan-tri").get_data(as_text=True)
    assert "<td>ghi nhận đã ký</td>" in audit and "<td>cấp số</td>" in audit
    result = CliRunner().invoke(cli, ["office", "check", "--db", url])
    assert result.exit_code == 0, result.output


def test_numbers_follow_the_order_of_issue_dates_and_the_notice_takes_its_date(office):
    app, url = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    first, second, notice = _drafted(secretary), _drafted(secretary), _drafted(secretary, kind="notice")
    clerk = clerk_of(secretary)
    assert _issue(clerk, first, "20/07/2023").status_code == 302
    for date, said in (("15/07/2023", "trước ngày của số cấp gần nhất trong sổ (20/07/2023)"),
                       ("10/07/2023", "trước ngày kiểm tra (12/07/2023)"), ("01/01/2099", "là ngày chưa đến"),
                       ("31/02/2023", "không có thật")):
        refused = _issue(clerk, second, date)
        assert refused.status_code == 400 and said in refused.get_data(as_text=True), date
    assert _numbers(url) == ["01/BB-ĐKT"] and _status(secretary, second) == "signed"
    assert _issue(clerk, second, "20/07/2023").status_code == 302
    assert _issue(clerk, notice, "25/07/2023").status_code == 302
    assert _numbers(url) == ["01/BB-ĐKT", "02/BB-ĐKT", "03/TB-ĐKT"]  # one series, in the order of issue
    text = all_text(Document(io.BytesIO(secretary.get(f"/van-ban/{notice}/tai").data)))
    assert "Số: 03/TB-ĐKT" in text and "Đắk Lắk, ngày 25 tháng 7 năm 2023" in text  # the văn thư's date


def test_the_clerk_takes_numbers_for_documents_made_outside_the_tool(office):
    app, url = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    clerk = clerk_of(secretary)
    decision = {"type_code": "QĐ", "summary": "Về việc thành lập Tổ kiểm tra công vụ", "signer": "Nguyễn Đình Tương",
                "date": "18/07/2023", "recipients": "Như Điều 3; Giám đốc Sở", "archive": "VT, VP", "copies": "5",
                "note": "bản giấy"}
    missing = post(clerk, "/so-van-ban/lay-so", {**decision, "summary": "", "copies": "năm"}, page="/so-van-ban")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 400 and "trích yếu nội dung: chưa ghi" in page and "«năm» không phải một số" in page
    assert post(clerk, "/so-van-ban/lay-so", decision, page="/so-van-ban").status_code == 302
    assert _issue(clerk, _drafted(secretary, WITHOUT_ISSUING_BODY), "20/07/2023").status_code == 302
    assert _numbers(url) == ["01/QĐ-SLĐTBXH", "02/BB-SLĐTBXH"]  # one series for the agency's own documents
    book = clerk.get("/so-van-ban").get_data(as_text=True)
    line = re.search(r'<tr data-number="01/QĐ-SLĐTBXH">(.*?)</tr>', book, re.S).group(1)
    cells = re.findall(r"<td>([^<]*)</td>", line)
    assert cells[:7] == ["01/QĐ-SLĐTBXH", "18/07/2023", "Quyết định: Về việc thành lập Tổ kiểm tra công vụ",
                         "Nguyễn Đình Tương", "Như Điều 3; Giám đốc Sở", "VT, VP", "5"] and "bản giấy" in cells[7]
    other = app.test_client()
    login(other, "vanthu_b")
    assert "01/QĐ" not in other.get("/so-van-ban").get_data(as_text=True)
    result = CliRunner().invoke(cli, ["office", "check", "--db", url])
    assert result.exit_code == 0 and "Sở Lao động, Thương binh và Xã hội (SLĐTBXH): sổ số khớp" in result.output


def test_the_register_page_and_its_export_have_the_columns_of_the_so(office):
    app, _ = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    assert issue_document(secretary, date="20/07/2023").status_code == 302
    clerk = clerk_of(secretary)
    page = clerk.get("/so-van-ban").get_data(as_text=True)
    headers = re.findall(r"<th>([^<]*)</th>", re.search(r'<table id="numbers">.*?</tr>', page, re.S).group(0))
    assert headers == [c for c in SO_COLUMNS if c not in ("Ngày chuyển", "Ký nhận")] + ["Hủy số"]
    exported = list(csv.reader(io.StringIO(clerk.get("/so-van-ban/xuat").data.decode("utf-8-sig"))))
    assert exported[0] == SO_COLUMNS
    assert exported[1][:7] == ["01/BB-ĐKT", "20/07/2023",
                               "Biên bản: Kiểm tra công tác cải cách hành chính năm 2023 tại Sở Lao động, Thương binh "
                               "và Xã hội", "Hoàng Mạnh Hùng", exported[1][4], "VT, Hồ sơ", "2"]
    assert exported[1][4]  # the minutes' recipients
    for shown in (page, clerk.get("/so-van-ban/xuat").data.decode("utf-8-sig"), clerk.get("/van-ban").get_data(as_text=True)):
        assert "SHA-256" not in shown and "sha256" not in shown.lower() and not ISO_DATE.search(shown)


def test_dates_and_times_are_shown_in_vietnam_time_whatever_the_machine_s_zone(office, monkeypatch):
    import time

    from minutes_gen.vn.dates import shown_moment

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        app, url = office
        secretary = app.test_client()
        login(secretary, "canbo_a")
        assert issue_document(secretary, date="20/07/2023").status_code == 302
        store = OfficeStore.open(url)
        (stored, _, _) = store.document(store.agency_by_abbreviation("SLĐTBXH").id, document_ids(secretary)[0])
        store.close()
        assert stored.created_at.endswith("+07:00")  # kept in Vietnam's time, not the machine's
        page = secretary.get("/van-ban").get_data(as_text=True)
        assert f"<td>{shown_moment(stored.created_at)}</td>" in page and "<td>20/07/2023</td>" in page
        admin = app.test_client()
        login(admin, "quantri", ADMIN_PASSWORD)
        for shown in (page, admin.get("/quan-tri").get_data(as_text=True)):
            assert not ISO_DATE.search(shown) and "+07:00" not in shown and "UTC" not in shown
        assert shown_moment("2026-12-04T20:30:00+00:00") == "05/12/2026 03:30"
        assert shown_moment("2026-12-04T09:30:00") == "04/12/2026 21:30"  # a time without zone: the machine's (New York)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_database_of_the_previous_version_is_upgraded_in_place_and_its_unnumbered_documents_become_drafts(office):
    app, url = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    assert issue_document(secretary, date="20/07/2023").status_code == 302
    unnumbered = _drafted(secretary, signed=False)
    numbered = str(document_ids(secretary)[1])
    store = OfficeStore.open(url)
    try:  # as version 3 left it: no way of a document, no columns of the sổ
        for column in ("status", "signed_by", "signed_at", "recipients", "archive", "copies", "note"):
            store.database.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        store.database.execute("UPDATE office_meta SET value = '3' WHERE key = 'schema_version'")
    finally:
        store.close()
    init_office(url)  # what the administrator runs after installing the new version
    from minutes_gen.office.app import create_office_app

    upgraded = create_office_app(url)
    secretary = upgraded.test_client()
    login(secretary, "canbo_a")
    assert _status(secretary, numbered) == "issued" and _status(secretary, unnumbered) == "draft"
    result = CliRunner().invoke(cli, ["office", "check", "--db", url])
    assert result.exit_code == 0, result.output
    assert post(secretary, f"/van-ban/{unnumbered}/da-ky", {}, page="/van-ban").status_code == 302
    assert _issue(clerk_of(secretary), unnumbered, "21/07/2023").status_code == 302
    assert _numbers(url) == ["01/BB-ĐKT", "02/BB-ĐKT"]


def _command_problem(words: list[str]) -> str | None:
    """Why ``minutes-gen <words>`` is no command of the tool (None: it is one): a sub-command, a
    choice of its argument, an option it does not have."""
    import click

    command = cli
    for word in words:
        if word.startswith("--"):
            if not any(word in parameter.opts for parameter in command.params):
                return f"{command.name} không có tùy chọn {word}"
        elif isinstance(command, click.Group):
            if command.get_command(None, word) is None:
                return f"không có lệnh {word}"
            command = command.get_command(None, word)
        else:
            choices = [p.type.choices for p in command.params if isinstance(p, click.Argument)
                       and isinstance(p.type, click.Choice)]
            if choices and word not in choices[0]:
                return f"{command.name} không nhận «{word}»"
            return None
    return None


def test_every_command_a_page_names_exists(office):
    from minutes_gen.web.app import create_app

    app, _ = office
    pages = []
    for username, password, paths in (("canbo_a", None, ("/van-ban/moi", "/van-ban", "/xin-loi")),
                                      ("vanthu_a", None, ("/so-van-ban", "/van-ban")),
                                      ("quantri", ADMIN_PASSWORD, ("/quan-tri",))):
        client = app.test_client()
        login(client, username, *(password,) if password else ())
        pages += [client.get(path).get_data(as_text=True) for path in paths]
    local = create_app().test_client()
    pages += [local.get(path).get_data(as_text=True) for path in ("/bien-ban", "/xin-loi", "/han")]
    named = {found.strip() for page in pages for found in re.findall(r"minutes-gen ((?:-{0,2}[a-z][a-z-]* ?)+)", page)}
    assert "init minutes" in named and "serve" in named
    wrong = {text: _command_problem(text.split()) for text in named if _command_problem(text.split())}
    assert wrong == {}


def test_each_document_has_its_page_and_another_agency_s_id_is_no_page(office):
    app, _ = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    document_id = _drafted(secretary, signed=False)
    history = secretary.get("/van-ban").get_data(as_text=True)
    assert f'<a href="/van-ban/{document_id}">Biên bản kiểm tra</a>' in history
    page = secretary.get(f"/van-ban/{document_id}").get_data(as_text=True)
    assert "Bản nháp, chờ ký" in page and f'href="/van-ban/{document_id}/tai"' in page
    other = app.test_client()
    login(other, "canbo_b")
    assert other.get(f"/van-ban/{document_id}").status_code == 404
    assert secretary.get("/van-ban/99999999").status_code == 404
