"""The web page keeps what the user gave: the uploaded register after an error, the agency
block (from an agency .yaml, remembered for the next visit); it speaks with the labels the
user sees and checks an opened .yaml at once."""

import html
import re

import pytest

from conftest import SAMPLES, SEED
from web_helpers import form_values, token_of
from minutes_gen.web.app import create_app
from test_web import AGENCY, _open_seed, client, token  # noqa: F401  (the fixtures)


def _post_apology(client, token, **fields):
    return client.post("/xin-loi", data={**AGENCY, "csrf_token": token, "as_of": "15/06/2023", "extend_days": "",
                                         **fields}, content_type="multipart/form-data")


def _kept_token(page: str) -> str:
    return re.search(r'name="register_token" value="([^"]+)"', page).group(1)


def test_the_register_is_kept_after_an_error(client, token):
    register = (open(SAMPLES / "so-theo-doi-ho-so.xlsx", "rb"), "so-cua-toi.xlsx")
    first = _post_apology(client, token, register=register, as_of="31/02/2023")
    page = first.data.decode()
    assert first.status_code == 400 and "không có thật" in page
    assert "Đã nhận sổ «so-cua-toi.xlsx»" in page and "không cần chọn lại" in page
    again = _post_apology(client, token, register_token=_kept_token(page))
    assert again.status_code == 200 and again.data.decode().count("<tr>") == 812


def test_a_kept_register_belongs_to_its_session(client, token):
    register = (open(SAMPLES / "so-theo-doi-ho-so.xlsx", "rb"), "so.xlsx")
    kept = _kept_token(_post_apology(client, token, register=register, as_of="x").data.decode())
    stranger = create_app().test_client()
    stranger_token = token_of(stranger.get("/xin-loi").data.decode())
    refused = _post_apology(stranger, stranger_token, register_token=kept)
    assert refused.status_code == 400 and "chưa chọn tệp sổ theo dõi hồ sơ" in refused.data.decode()


def test_agency_from_a_yaml_file_and_remembered(client, token):
    opened = client.post("/xin-loi", data={"csrf_token": token, "action": "open_agency",
                                           "agency_file": (open(SAMPLES / "co-quan-sldtbxh.yaml", "rb"), "cq.yaml")},
                         content_type="multipart/form-data")
    values = form_values(opened.data.decode())
    assert opened.status_code == 200
    assert values["agency.name"] == "Sở Lao động, Thương binh và Xã hội" and values["signer.name"] == "Nguyễn Đình Tương"
    assert values["recipients[1]"] == "Trung tâm Phục vụ hành chính công tỉnh"
    later = form_values(client.get("/xin-loi").data.decode())  # the next visit, same browser
    assert later["agency.name"] == "Sở Lao động, Thương binh và Xã hội" and later["agency.abbreviation"] == "SLĐTBXH"
    fresh = form_values(create_app().test_client().get("/xin-loi").data.decode())
    assert fresh.get("agency.name", "") == ""


def test_error_summary_uses_the_labels_the_user_sees(client, token):
    page = _post_apology(client, token, **{"agency.name": "", "signer.name": ""},
                         register=(open(SAMPLES / "so-theo-doi-ho-so.xlsx", "rb"), "so.xlsx")).data.decode()
    summary = html.unescape(page[page.index('id="errors"'):page.index("</div>", page.index('id="errors"'))])
    assert "Cơ quan › Tên cơ quan: thiếu trường bắt buộc" in summary
    assert "agency.name" not in summary and "biểu mẫu" not in summary and "/tmp" not in summary


def test_opening_a_yaml_shows_deadline_and_warnings_at_once(client, token):
    page = html.unescape(_open_seed(client, token))
    assert 'id="ok"' in page and "23 tháng 8 năm 2023" in page
    assert 'id="warnings"' in page and "Số liệu › Hồ sơ thủ tục hành chính › Đang giải quyết, trong hạn" in page


def test_opening_a_broken_yaml_shows_errors_beside_fields(client, token):
    broken = SEED.read_text(encoding="utf-8").replace("  date: 12/07/2023", "  date: 32/07/2023")
    import io

    response = client.post("/bien-ban", data={"csrf_token": token, "action": "open",
                                              "yaml_file": (io.BytesIO(broken.encode()), "hong.yaml")},
                           content_type="multipart/form-data")
    page = html.unescape(response.data.decode())
    assert 'data-field="meeting.date"' in page and "Buổi kiểm tra › Ngày kiểm tra" in page
