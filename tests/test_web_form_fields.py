"""The local page's forms as a person reads them: every field named in Vietnamese, choices
offered as lists, optional parts marked so, the apology page titled after the form in force."""

import html
import io
import re

import pytest

from conftest import SEED
from minutes_gen.model.apology_settings import ApologySettings
from minutes_gen.model.inspection import Inspection
from minutes_gen.web import forms
from minutes_gen.web.app import create_app
from web_helpers import token_of

NAME_2018 = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
NAME_2025 = "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"


@pytest.fixture
def client():
    return create_app().test_client()


def _every_field(fields):
    for field in fields:
        yield field
        yield from _every_field(field.children)
        if field.item is not None:
            yield from _every_field([field.item])


@pytest.mark.parametrize("model", [Inspection, ApologySettings])
def test_every_field_has_a_vietnamese_label(model):
    for field in _every_field(forms.form_of(model)):
        plain = re.sub(r"\[[^\]]*\]", "", field.path)
        assert field.label not in (plain, plain.rsplit(".", 1)[-1]), field.path
        assert not re.fullmatch(r"[a-z_.]+", field.label), field.path


def _label_of(page: str, name: str) -> str:
    """The words beside the input or list named ``name``."""
    found = re.search(r'<span class="name">([^<]*)</span>\s*<(?:input|select)[^>]* name="' + re.escape(name) + '"', page)
    return html.unescape(found.group(1)) if found else ""


def test_the_email_section_is_vietnamese_and_optional(client):
    page = client.get("/xin-loi").get_data(as_text=True)
    legend = re.search(r'<fieldset data-path="email"[^>]*><legend>([^<]*)</legend>', page).group(1)
    assert "thư điện tử" in html.unescape(legend) and "(không bắt buộc)" in legend
    assert _label_of(page, "email.host") == "Máy chủ thư (SMTP)"  # no «*»: the whole part may stay empty
    assert _label_of(page, "email.sender") == "Người gửi (tên <địa chỉ thư>)"
    security = re.search(r'<select name="email.security">(.*?)</select>', page, re.S).group(1)
    assert "STARTTLS" in security and "Không mã hóa" in security and "(không ghi)" in security
    for name in ("host", "sender", "port", "user", "password_env", "reply_to"):
        assert f">email.{name}<" not in page and f"email.{name} *" not in page


def test_the_apology_page_is_titled_after_the_form_in_force(client):
    page = client.get("/xin-loi").get_data(as_text=True)  # today: the 2025 form
    assert "<h1 id=\"form-title\"" in page and f">{NAME_2025}</h1>" in page and "(2025)" in page
    token = token_of(page)
    answer = client.post("/xin-loi", data={"csrf_token": token, "as_of": "15/06/2023", "agency.name": "Sở X"},
                         content_type="multipart/form-data")  # no register: refused, the date kept
    refused = answer.get_data(as_text=True)
    assert answer.status_code == 400 and f">{NAME_2018}</h1>" in refused and f"<title>{NAME_2018}" in refused
    assert "(2018)" in refused


def _select(page: str, name: str) -> tuple[list[str], str]:
    """(the values offered, the one selected) of the list named ``name``."""
    options = re.search(r'<select name="' + re.escape(name) + r'">(.*?)</select>', page, re.S).group(1)
    values = re.findall(r'<option value="([^"]*)"', options)
    chosen = re.findall(r'<option value="([^"]*)" selected', options)
    return [html.unescape(v) for v in values], html.unescape(chosen[0]) if chosen else ""


def test_salutation_and_role_are_choices_and_keep_the_data_s_own_value(client):
    token = token_of(client.get("/bien-ban").get_data(as_text=True))
    text = SEED.read_text(encoding="utf-8").replace("role: Thư ký", "role: Thư ký đoàn")
    page = client.post("/bien-ban", data={"csrf_token": token, "action": "open",
                                          "yaml_file": (io.BytesIO(text.encode()), "du-lieu.yaml")},
                       content_type="multipart/form-data").get_data(as_text=True)
    offered, chosen = _select(page, "team.head.salutation")
    assert offered == ["", "Ông", "Bà"] and chosen == "Ông"
    offered, chosen = _select(page, "team.members[1].role")
    assert {"Trưởng đoàn", "Phó Trưởng đoàn", "Thành viên", "Thư ký"} <= set(offered) and chosen == "Thành viên"
    offered, chosen = _select(page, "team.secretary.role")
    assert chosen == "Thư ký đoàn" and "Thư ký" in offered  # a value of the data is never lost
    assert _label_of(page, "team.head.salutation") == "Danh xưng (Ông/Bà)"
