"""E-mail from the office server in a real headless Chromium: the administrator sets the
agency's SMTP server, the cán bộ makes an apology run and sends its letters from the run's page
(a real SMTP server on 127.0.0.1), and sees «đã gửi»; the password never comes back."""


import pytest

from office_helpers import served_office, ADMIN_PASSWORD
from test_email import smtp_server  # noqa: F401 (fixture)
from test_office_browser import _person, browser  # noqa: F401 (fixture)
from test_office_mail import ROWS, SMTP_PASSWORD, office_key, recipients  # noqa: F401 (fixture)
from registers import write_csv
from test_email import HEADERS


@pytest.fixture
def office_url(tmp_path):
    with served_office(tmp_path) as base:
        yield base

@pytest.mark.slow
def test_the_cán_bộ_sends_the_letters_from_the_run_page(browser, office_url, smtp_server, tmp_path):
    handler, port = smtp_server
    admin = _person(browser, office_url, "quantri", ADMIN_PASSWORD)
    admin.locator("#agencies tr", has_text="Sở Lao động").locator("text=Máy chủ thư").click()
    for name, value in (("host", "127.0.0.1"), ("port", str(port)), ("username", "motcua@so.vn"),
                        ("password", SMTP_PASSWORD), ("sender", "Một cửa Sở LĐTBXH <motcua@so.vn>")):
        admin.fill(f'input[name="{name}"]', value)
    admin.select_option('select[name="security"]', "none")
    admin.click('button:has-text("Lưu máy chủ thư")')
    assert admin.locator("#saved").count() == 1 and admin.locator("#password-kept").inner_text() == "đã lưu mật khẩu"
    assert admin.input_value('input[name="password"]') == "" and SMTP_PASSWORD not in admin.content()

    secretary = _person(browser, office_url, "canbo_a")
    secretary.goto(f"{office_url}/xin-loi")
    secretary.set_input_files('input[name="register"]', str(write_csv(tmp_path / "so.csv", ROWS, HEADERS)))
    secretary.fill('input[name="as_of"]', "15/06/2023")
    secretary.click('button:has-text("Lập phiếu")')
    run_page = secretary.url
    assert "sau khi văn thư cấp số" in secretary.locator("#mail").inner_text()  # a prepared run: nothing to send yet
    clerk = _person(browser, office_url, "vanthu_a")
    clerk.goto(run_page)
    clerk.fill('form.issue-run input[name="date"]', "15/06/2023")
    clerk.click("text=Cấp số và ban hành cả đợt")
    assert clerk.locator('#send-mail').count() == 0  # the văn thư sees the letters, the cán bộ sends
    secretary.goto(run_page)
    assert "chưa gửi" in secretary.locator('#letters tr', has_text="HS-1").inner_text()
    secretary.click('button:has-text("Gửi thư điện tử")')
    assert "đã gửi" in secretary.locator('#letters tr', has_text="HS-1").inner_text()
    assert "không nộp trực tuyến" in secretary.locator('#letters tr', has_text="HS-5").inner_text()
    assert recipients(handler) == ["ab@example.vn", "an@example.vn"]
    secretary.goto(f"{office_url}/van-ban")
    assert "Thư điện tử: đã gửi 2 · chưa gửi 0 · lỗi 0" in secretary.locator("#documents").inner_text()
