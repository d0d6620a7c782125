"""HTTP-level tests of every page: valid, invalid and hostile input."""

import io
import re
import zipfile

import pytest
from docx import Document

from conftest import SAMPLES, SEED, all_text
from web_helpers import field_errors, form_values, token_of
from minutes_gen.web.app import create_app

AGENCY = {"agency.parent": "UBND tỉnh Đắk Lắk", "agency.name": "Sở Lao động, Thương binh và Xã hội",
          "agency.abbreviation": "SLĐTBXH", "agency.place": "Đắk Lắk", "type_code": "PXL",
          "signer.authority": "KT. Giám đốc", "signer.title": "Phó Giám đốc", "signer.name": "Nguyễn Đình Tương"}


@pytest.fixture
def client():
    return create_app().test_client()


@pytest.fixture
def token(client):
    return token_of(client.get("/bien-ban").data.decode())


def _open_seed(client, token) -> str:
    response = client.post("/bien-ban", data={"csrf_token": token, "action": "open",
                                              "yaml_file": (SEED.open("rb"), "du-lieu.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    return response.data.decode()


def test_pages_answer_in_vietnamese(client):
    assert client.get("/").headers["Location"].endswith("/bien-ban")
    for path in ("/bien-ban", "/xin-loi", "/han"):
        page = client.get(path)
        assert page.status_code == 200 and 'lang="vi"' in page.data.decode()
    missing = client.get("/khong-co")
    assert missing.status_code == 404 and "Không có trang này" in missing.data.decode()


def test_the_form_covers_the_whole_model(client):
    page = client.get("/bien-ban").data.decode()
    for name in ("issuing_body.name", "decision.number", "team.head.name", "team.members[1].position",
                 "team.secretary.name", "unit.representatives[1].name", "meeting.start", "statistics.dossiers[1].received",
                 "statistics.commitment.met", "remediation.working_days", "statistics.dossiers[1].label", "notice.signer.authority"):
        assert f'name="{name}"' in page, name
    for name in ("scope[1]", "achievements[1].text", "achievements[1].points[1]", "achievements[1].cause",
                 "achievements[1].statistics_here", "shortcomings[1].text", "requests[1].text", "requests[1].working_days",
                 "meeting.sessions[1].date", "figures_table.columns[1]", "figures_table.rows[1][1]",
                 "appendix.title", "appendix.table.rows[1][1]", "unit_opinion[1]"):
        assert f'name="{name}"' in page, name
    # a list inside a list's row marks its new rows with its own depth, so adding a sub-point
    # fills only the sub-point's number
    assert 'name="achievements[__i0__].points[__i1__]"' in page
    assert page.count('class="add"') >= 8


def test_open_validate_and_download_the_seed(client, token):
    page = _open_seed(client, token)
    values = form_values(page)
    assert values["unit.name"] == "Sở Lao động, Thương binh và Xã hội"
    assert values["team.members[2].name"] == "Trần Thị Thu Hà"
    checked = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "validate"}).data.decode()
    assert 'class="ok"' in checked and "chậm nhất ngày 23 tháng 8 năm 2023" in checked
    assert "805 − 803 = 02" in checked  # the same warning as `minutes-gen validate`
    for action, name in (("minutes", "bien-ban-so-lao-dong-thuong-binh-va-xa-hoi.docx"),
                         ("notice", "thong-bao-so-lao-dong-thuong-binh-va-xa-hoi.docx")):
        response = client.post("/bien-ban", data={**values, "csrf_token": token, "action": action})
        assert response.status_code == 200 and name in response.headers["Content-Disposition"]
        assert "Sở Lao động, Thương binh và Xã hội" in all_text(Document(io.BytesIO(response.data)))
    saved = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "save_yaml"})
    assert b"unit:" in saved.data and "Nguyễn Đình Tương".encode() in saved.data


def test_errors_appear_next_to_their_fields(client, token):
    values = form_values(_open_seed(client, token))
    values.update({"meeting.date": "31/02/2023", "statistics.dossiers[1].received": "nhiều", "unit.name": ""})
    response = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "minutes"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    errors = dict(field_errors(response.data.decode()))
    assert errors["meeting.date"] == "ngày «31/02/2023» không có thật trong lịch"
    assert errors["statistics.dossiers[1].received"].startswith("phải là một số nguyên không âm")
    assert errors["unit.name"] == "thiếu trường bắt buộc"


def test_removed_rows_leave_no_gap(client, token):
    values = form_values(_open_seed(client, token))
    del values["achievements[2].text"]
    page = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "validate"}).data.decode()
    after = form_values(page)
    assert "achievements[6].text" not in after and after["achievements[2].text"] == values["achievements[3].text"]


def test_escaping_and_hostile_field_names(client, token):
    values = form_values(_open_seed(client, token))
    values["unit.short_name"] = '<script>alert(1)</script> A & B'
    page = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "validate"}).data.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; A &amp; B" in page
    document = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "minutes"})
    assert "<script>alert(1)</script> A & B" in all_text(Document(io.BytesIO(document.data)))
    forged = {**values, "__class__.__init__": "x", "team.members[99999999].name": "x", "../../etc": "x"}
    refused = client.post("/bien-ban", data={**forged, "csrf_token": token, "action": "minutes"})
    assert refused.status_code == 400 and "trường «__class__» không có trong mẫu dữ liệu" in refused.data.decode()


def test_every_post_needs_the_csrf_token(client, token):
    values = form_values(_open_seed(client, token))
    for path, data in (("/bien-ban", {**values, "action": "minutes"}), ("/xin-loi", AGENCY)):
        assert client.post(path, data=data).status_code == 403
        assert client.post(path, data={**data, "csrf_token": "gia"}).status_code == 403
    assert client.post("/api/deadline", json={"date": "12/07/2023", "days": 30}).status_code == 403


def test_uploads_are_checked(client, token):
    for upload, message in (((io.BytesIO(b"\x00\x01"), "anh.png"), "không đúng loại"),
                            ((io.BytesIO(b"a: [\n"), "hong.yaml"), "lỗi cú pháp YAML"),
                            ((io.BytesIO(b"!!python/object/apply:os.system ['id']"), "x.yaml"), "không được phép")):
        page = client.post("/bien-ban", data={"csrf_token": token, "action": "open", "yaml_file": upload},
                           content_type="multipart/form-data")
        assert page.status_code == 400 and message in page.data.decode()
    huge = client.post("/bien-ban", data={"csrf_token": token, "action": "open",
                                          "yaml_file": (io.BytesIO(b"a" * (21 * 1024 * 1024)), "lon.yaml")},
                       content_type="multipart/form-data")
    assert huge.status_code == 413 and "quá lớn" in huge.data.decode()


def test_live_deadline_and_calculator(client, token):
    answer = client.post("/api/deadline", json={"date": "12/07/2023", "days": 30}, headers={"X-CSRF-Token": token})
    assert answer.json["text"] == "chậm nhất ngày 23 tháng 8 năm 2023" and answer.json["date"] == "23/08/2023"
    bad = client.post("/api/deadline", json={"date": "31/02/2023", "days": 30}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 400 and "không có thật" in bad.json["error"]
    page = client.get("/han?start=05/02/2024&days=5").data.decode()
    assert "19/02/2024" in page and "10/02/2024: Tết Nguyên Đán" in page
    for query in ("start=31/02/2023&days=5", "start=05/02/2024&days=nhiều", "start=05/02/2024&days=99999"):
        assert 'class="errors"' in client.get(f"/han?{query}").data.decode()


def _apology(client, token, register=None, **changes):
    register = register or (open(SAMPLES / "so-theo-doi-ho-so.xlsx", "rb"), "so.xlsx")
    return client.post("/xin-loi", data={**AGENCY, "csrf_token": token, "as_of": "15/06/2023", "extend_days": "",
                                         "register": register, **changes}, content_type="multipart/form-data")


def test_apology_table_and_zip(client, token):
    response = _apology(client, token)
    page = response.data.decode()
    assert response.status_code == 200
    assert page.count("<tr>") == 812  # a header and every one of the 811 rows
    assert page.count("phiếu xin lỗi, hẹn lại ngày trả") == 2 and "đã trả kết quả trễ hạn" in page
    link = re.search(r'href="(/xin-loi/tai/[^"]+)"', page).group(1)
    archive = zipfile.ZipFile(io.BytesIO(client.get(link).data))
    names = archive.namelist()
    assert {"manifest.csv", "manifest.xlsx", "phieu-xin-loi-tong-hop.docx"} <= set(names) and len(names) == 6
    titles = [all_text(Document(io.BytesIO(archive.read(name)))) for name in names if name.startswith("phieu-xin-loi-h15")]
    assert sum("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text for text in titles) == 2  # the third: returned late
    assert client.get("/xin-loi/tai/khong-co").status_code == 404
    assert client.get("/xin-loi/tai/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_apology_bad_inputs(client, token):
    missing = _apology(client, token, register=(io.BytesIO(b""), ""))
    assert missing.status_code == 400 and "chưa chọn tệp" in missing.data.decode()
    wrong = _apology(client, token, register=(io.BytesIO(b"not excel"), "so.xlsx"))
    assert wrong.status_code == 400 and "không đúng định dạng Excel" in wrong.data.decode()
    broken = _apology(client, token, register=(io.BytesIO("Mã,Tên\n1,2\n".encode()), "so.csv"))
    assert broken.status_code == 400 and "thiếu cột" in broken.data.decode()
    no_name = _apology(client, token, **{"agency.name": "", "as_of": "31/02/2023"})
    errors = dict(field_errors(no_name.data.decode()))
    assert errors["agency.name"] == "thiếu trường bắt buộc" and "không có thật" in errors["as_of"]
