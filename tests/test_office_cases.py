"""Inspection cases on the office server, on SQLite and PostgreSQL: a case from the YAML of
``minutes-gen init case`` (checked as the command line checks it), its follow-up page showing
what ``minutes-gen followup`` prints for the same day, reports and closings recorded on it, the
chain's documents and reminders drafted into the normal way and numbered by the văn thư; and the
attacker's view (another agency's case, another role, forged units and items, impossible dates)."""

import io
import re

from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from conftest import SAMPLES
from minutes_gen.cli import cli
from office_helpers import audit_rows, login, post

CASE_FILE = SAMPLES / "ho-so-kiem-tra-cchc-2024.yaml"
CASE_TEXT = CASE_FILE.read_text(encoding="utf-8")
DAY = "15/07/2024"


def _client(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _create(client, text: str = CASE_TEXT, upload: bool = True):
    data = {"case_file": (io.BytesIO(text.encode("utf-8")), "ho-so.yaml")} if upload else {"case_text": text}
    return post(client, "/ho-so-kiem-tra", data, page="/ho-so-kiem-tra",
                content_type="multipart/form-data" if upload else None)


def _case_id(client, text: str = CASE_TEXT) -> int:
    answer = _create(client, text)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def _followup(client, case_id: int, day: str = DAY) -> str:
    answer = client.get(f"/ho-so-kiem-tra/{case_id}/theo-doi?ngay={day}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def _page_lines(page: str) -> list[tuple]:
    """(unit, item, due, status) of every item the follow-up page shows."""
    rows = re.findall(r'<section class="unit" data-unit="(\d+)".*?</section>', page, re.S)
    found = []
    for unit, section in zip(rows, re.findall(r'<section class="unit".*?</section>', page, re.S)):
        for item, due, status in re.findall(r'<tr data-item="(\d+)"[^>]*>.*?<td class="due">([^<]*)</td>'
                                            r'<td class="status">([^<]*)</td>', section, re.S):
            found.append((int(unit), int(item), due, status.replace("&#39;", "'")))
    return found


def _cli_lines(path, day: str = DAY) -> list[tuple]:
    """The same, as ``minutes-gen followup --as-of`` prints it."""
    result = CliRunner().invoke(cli, ["followup", str(path), "--as-of", day], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found, unit = [], 0
    for line in result.output.splitlines():
        if not line.startswith("  ") and "(" in line:
            unit += 1
        match = re.match(r"  (\d+)\. .* — (?:hạn (\S+)|chưa có hạn) — (.*)$", line)
        if match:
            found.append((unit, int(match.group(1)), match.group(2) or "", match.group(3)))
    return found


def _overdue(page: str) -> str:
    return re.search(r'<p id="overdue-units">([^<]*)</p>', page).group(1).replace("&#39;", "'")


def test_the_follow_up_page_and_the_command_line_agree_on_the_sample(office):
    app, _ = office
    client = _client(app, "canbo_a")
    case_id = _case_id(client)
    for day in ("24/05/2024", DAY):
        page = _followup(client, case_id, day)
        assert _page_lines(page) == _cli_lines(CASE_FILE, day) and len(_page_lines(page)) == 11
    assert _overdue(page) == ("Đơn vị quá hạn: Sở Tài nguyên và Môi trường, Ủy ban nhân dân huyện Cư M'gar, "
                              "Ủy ban nhân dân thành phố Buôn Ma Thuột.")


def test_a_report_and_a_closing_recorded_change_the_follow_up_as_the_file_would(office, tmp_path):
    app, url = office
    clerk = _client(app, "vanthu_a")
    case_id = _case_id(_client(app, "canbo_a"))
    report = {"loai": "report", "don_vi": "4", "so": "310/UBND-VP", "ngay": "10/07/2024", "ngay_xet": DAY}
    assert post(clerk, f"/ho-so-kiem-tra/{case_id}/theo-doi", report, page="/ho-so-kiem-tra").status_code == 302
    closing = {"loai": "closed", "don_vi": "2", "ngay": "12/07/2024", "yeu_cau": ["1", "3"], "ngay_xet": DAY}
    assert post(clerk, f"/ho-so-kiem-tra/{case_id}/theo-doi", closing, page="/ho-so-kiem-tra").status_code == 302
    page = _followup(clerk, case_id)
    assert _overdue(page) == "Đơn vị quá hạn: Ủy ban nhân dân huyện Cư M'gar."
    # the same records written in the file give the same figures on the command line
    text = CASE_TEXT.replace("    notice: {date: 02/05/2024, recipients: [UBND thành phố Buôn Ma Thuột, UBND tỉnh (để báo "
                             "cáo), Sở Nội vụ]}\n",
                             "    notice: {date: 02/05/2024, recipients: [UBND thành phố Buôn Ma Thuột, UBND tỉnh (để báo "
                             "cáo), Sở Nội vụ]}\n    followup: {reports: [{number: 310/UBND-VP, date: 10/07/2024}]}\n")
    text = text.replace("reports: [{number: 88/STNMT-VP, date: 06/05/2024, items: [2]}]",
                        "reports: [{number: 88/STNMT-VP, date: 06/05/2024, items: [2]}]\n"
                        "      closed: [{item: 1, date: 12/07/2024}, {item: 3, date: 12/07/2024}]")
    (tmp_path / "ho-so.yaml").write_text(text, encoding="utf-8")
    assert _page_lines(page) == _cli_lines(tmp_path / "ho-so.yaml")
    actions = [row["detail"] for row in audit_rows(url) if row["action"] == "theo dõi khắc phục"]
    assert any("310/UBND-VP" in detail for detail in actions) and len(actions) == 2


def test_a_reminder_drafted_from_the_page_is_numbered_by_the_clerk_after_the_notice(office):
    app, _ = office
    secretary = _client(app, "canbo_a")
    case_id = _case_id(secretary)
    notice = post(secretary, f"/ho-so-kiem-tra/{case_id}/lap", {"kind": "notice", "don_vi": "2"}, page="/ho-so-kiem-tra")
    assert notice.status_code == 302, notice.get_data(as_text=True)
    notice_id = notice.headers["Location"].rsplit("=", 1)[1]
    clerk = _client(app, "vanthu_a")
    assert post(secretary, f"/van-ban/{notice_id}/da-ky", {}, page="/van-ban").status_code == 302
    assert post(clerk, f"/van-ban/{notice_id}/cap-so", {"date": "18/04/2024"}, page="/van-ban").status_code == 302
    answer = post(secretary, f"/ho-so-kiem-tra/{case_id}/lap", {"kind": "reminder", "don_vi": "2", "ngay": DAY},
                  page="/ho-so-kiem-tra")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    reminder_id = re.search(r"moi=(\d+)", answer.headers["Location"]).group(1)
    assert "(chưa số)" in _followup(secretary, case_id)
    assert post(secretary, f"/van-ban/{reminder_id}/da-ky", {}, page="/van-ban").status_code == 302
    assert post(clerk, f"/van-ban/{reminder_id}/cap-so", {"date": DAY}, page="/van-ban").status_code == 302
    letter = Document(io.BytesIO(clerk.get(f"/van-ban/{reminder_id}/tai").data))
    left = [p.text for p in letter.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert left[-2:] == ["Số: 02/ĐKT-CCHC", "V/v đôn đốc báo cáo kết quả khắc phục sau kiểm tra"]
    body = "\n".join(p.text for p in letter.paragraphs)
    assert "Thông báo kết luận kiểm tra số 01/TB-ĐKT ngày 18 tháng 4 năm 2024" in body
    assert "Kính gửi: Sở Tài nguyên và Môi trường." in body
    # a unit that is not overdue gets no reminder
    refused = post(secretary, f"/ho-so-kiem-tra/{case_id}/lap", {"kind": "reminder", "don_vi": "1", "ngay": DAY},
                   page="/ho-so-kiem-tra")
    assert refused.status_code == 400 and "không có yêu cầu nào quá hạn" in refused.get_data(as_text=True)


def test_every_document_of_the_chain_is_drafted_from_the_case_page(office):
    app, _ = office
    secretary = _client(app, "canbo_a")
    case_id = _case_id(secretary)
    page = secretary.get(f"/ho-so-kiem-tra/{case_id}").get_data(as_text=True)
    chain = re.findall(r'<tr data-kind="(\w+)" data-unit="(\d*)">', page)
    assert len(chain) == 1 + 5 * 3 + 1 and chain[0] == ("plan", "") and chain[-1] == ("report", "")
    for kind, unit in chain:
        answer = post(secretary, f"/ho-so-kiem-tra/{case_id}/lap", {"kind": kind, "don_vi": unit},
                      page="/ho-so-kiem-tra")
        assert answer.status_code == 302, (kind, unit, answer.get_data(as_text=True))
    page = secretary.get(f"/ho-so-kiem-tra/{case_id}").get_data(as_text=True)
    assert page.count("Bản nháp, chờ ký") == len(chain)


def test_downloads_of_the_table_are_the_command_lines(office):
    app, _ = office
    clerk = _client(app, "vanthu_a")
    case_id = _case_id(_client(app, "canbo_a"))
    sheet = load_workbook(io.BytesIO(clerk.get(f"/ho-so-kiem-tra/{case_id}/theo-doi.xlsx?ngay={DAY}").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("STT", "Đơn vị", "Yêu cầu số", "Nội dung yêu cầu", "Hạn", "Tình trạng")
    assert len(rows) == 1 + 11 and rows[3][5] == "Quá hạn 34 ngày làm việc"
    report = Document(io.BytesIO(clerk.get(f"/ho-so-kiem-tra/{case_id}/theo-doi.docx?ngay={DAY}").data))
    assert any("Tình hình đến ngày 15 tháng 7 năm 2024" in p.text for p in report.paragraphs)


def test_a_bad_case_is_refused_with_its_lines_and_nothing_is_kept(office):
    app, _ = office
    secretary = _client(app, "canbo_a")
    bad = CASE_TEXT.replace("date: 11/03/2024", "date: 31/02/2024")
    answer = _create(secretary, bad, upload=False)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "dòng 26" in text and "không có thật trong lịch" in text
    assert "case.plan.date" in text and "Traceback" not in text
    assert "Chưa có hồ sơ kiểm tra nào." in secretary.get("/ho-so-kiem-tra").get_data(as_text=True)
    other = CASE_TEXT.replace("name: Đoàn kiểm tra cải cách hành chính", "name: Sở Nội vụ")
    refused = _create(secretary, other).get_data(as_text=True)
    assert "là cơ quan khác trên máy chủ (Sở Nội vụ)" in refused and "shared.issuing_body.name" in refused
    outside = CASE_TEXT.replace("  - unit:\n      name: Sở Y tế", "  - file: /etc/passwd\n  - unit:\n      name: Sở Y tế")
    assert "máy chủ không đọc tệp khác" in _create(secretary, outside).get_data(as_text=True)
    assert "Chưa có hồ sơ kiểm tra nào." in secretary.get("/ho-so-kiem-tra").get_data(as_text=True)


def test_another_agencys_case_is_not_found_on_every_url(office):
    app, url = office
    case_id = _case_id(_client(app, "canbo_a"))
    for username in ("canbo_b", "vanthu_b"):
        client = _client(app, username)
        for path in ("", "/theo-doi", f"/theo-doi?ngay={DAY}", "/theo-doi.xlsx", "/theo-doi.docx", "/du-lieu"):
            assert client.get(f"/ho-so-kiem-tra/{case_id}{path}").status_code == 404, path
        posts = [("/theo-doi", {"loai": "report", "don_vi": "1", "so": "1/BC", "ngay": "20/05/2024"})]
        if username == "canbo_b":  # a văn thư drafts nothing: refused by role (403) whatever the case
            posts.append(("/lap", {"kind": "plan"}))
        for path, data in posts:
            answer = post(client, f"/ho-so-kiem-tra/{case_id}{path}", data, page="/ho-so-kiem-tra")
            assert answer.status_code == 404 and "thuộc cơ quan khác" in answer.get_data(as_text=True)
        assert "Chưa có hồ sơ kiểm tra nào." in client.get("/ho-so-kiem-tra").get_data(as_text=True)
    assert any(row["action"] == "truy cập bị từ chối" and f"hồ sơ kiểm tra {case_id}" in row["detail"]
               for row in audit_rows(url))


def test_who_may_do_what_with_a_case(office):
    app, _ = office
    secretary, clerk = _client(app, "canbo_a"), _client(app, "vanthu_a")
    assert _create(clerk).status_code == 403  # the văn thư numbers documents, the cán bộ drafts them
    case_id = _case_id(secretary)
    assert post(clerk, f"/ho-so-kiem-tra/{case_id}/lap", {"kind": "plan"}, page="/ho-so-kiem-tra").status_code == 403
    assert "Lập bản nháp" not in clerk.get(f"/ho-so-kiem-tra/{case_id}").get_data(as_text=True)
    assert clerk.get(f"/ho-so-kiem-tra/{case_id}/theo-doi").status_code == 200
    admin = app.test_client()
    assert login(admin, "quantri", "Quan-tri-vien-2026").status_code == 302
    assert admin.get(f"/ho-so-kiem-tra/{case_id}").status_code == 403
    assert admin.get("/ho-so-kiem-tra").status_code == 403


def test_forged_units_items_and_impossible_dates_are_refused_in_vietnamese(office):
    app, _ = office
    clerk = _client(app, "vanthu_a")
    case_id = _case_id(_client(app, "canbo_a"))
    path = f"/ho-so-kiem-tra/{case_id}/theo-doi"
    cases = [({"loai": "report", "don_vi": "9", "so": "1/BC", "ngay": "20/05/2024"}, "hồ sơ không có đơn vị số «9»"),
             ({"loai": "report", "don_vi": "-1", "so": "1/BC", "ngay": "20/05/2024"}, "không có đơn vị số «-1»"),
             ({"loai": "report", "don_vi": "١", "so": "1/BC", "ngay": "20/05/2024"}, "không có đơn vị số «١»"),
             ({"loai": "closed", "don_vi": "1", "ngay": "20/05/2024", "yeu_cau": "7"}, "không có yêu cầu số «7»"),
             ({"loai": "report", "don_vi": "1", "so": "1/BC", "ngay": "31/02/2024"},
              "ngày «31/02/2024» không có thật trong lịch"),
             ({"loai": "report", "don_vi": "1", "so": "1/BC", "ngay": "01/01/2099"}, "01/01/2099 là ngày chưa đến"),
             ({"loai": "report", "don_vi": "1", "so": "", "ngay": "20/05/2024"}, "chưa ghi (như «215/BC-STP»)"),
             ({"loai": "xoa", "don_vi": "1"}, "không rõ ghi nhận gì")]
    for data, message in cases:
        answer = post(clerk, path, data, page="/ho-so-kiem-tra")
        assert answer.status_code == 400 and message in answer.get_data(as_text=True), (data, message)
    assert "Chưa ghi nhận gì." in _followup(clerk, case_id)
    bad_day = clerk.get(f"{path}?ngay=31/02/2024")
    assert bad_day.status_code == 400 and "ngày «31/02/2024» không có thật trong lịch" in bad_day.get_data(as_text=True)
    assert clerk.get(f"{path}.xlsx?ngay=31/02/2024").status_code == 400
    secretary = _client(app, "canbo_a")
    forged = post(secretary, f"/ho-so-kiem-tra/{case_id}/lap", {"kind": "schedule", "don_vi": "6"}, page="/ho-so-kiem-tra")
    assert forged.status_code == 400 and "hồ sơ không có đơn vị số «6»" in forged.get_data(as_text=True)
    forged = post(secretary, f"/ho-so-kiem-tra/{case_id}/lap", {"kind": "decision"}, page="/ho-so-kiem-tra")
    assert forged.status_code == 400 and "không có trong hồ sơ kiểm tra" in forged.get_data(as_text=True)
