"""The office server in a real headless Chromium: the administrator creates two agencies and
their users; a secretary issues minutes and finds them in the history; a secretary of the
other agency cannot open them; the văn thư voids the number."""

import re
import threading

import pytest
from docx import Document

from conftest import SEED, all_text
from office_helpers import ADMIN_PASSWORD, PASSWORD, PROFILE_A, PROFILE_B, init_office
from test_browser import CHROMIUM_ARGS, _chromium


@pytest.fixture(scope="module")
def office_url(tmp_path_factory):
    from minutes_gen.office.app import create_office_app
    from minutes_gen.web.server import start_server

    url = f"sqlite:///{tmp_path_factory.mktemp('office') / 'van-phong.db'}"
    init_office(url)
    served = start_server(create_office_app(url), "127.0.0.1", 0)  # what `office serve` runs
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    yield served.url.rstrip("/")
    served.close()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _person(browser, base: str, username: str, password: str = PASSWORD):
    """A page in a browser context of its own (its own cookies), logged in."""
    page = browser.new_context(accept_downloads=True, locale="vi-VN").new_page()
    page.goto(f"{base}/dang-nhap")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.click('button[type="submit"]')
    return page


@pytest.mark.slow
def test_an_office_day_in_the_browser(browser, office_url, tmp_path):
    admin = _person(browser, office_url, "quantri", ADMIN_PASSWORD)
    assert admin.url.endswith("/quan-tri")
    for profile in (PROFILE_A, PROFILE_B):
        admin.fill('textarea[name="profile"]', profile)
        admin.click('button[value="agency"]')
    assert admin.locator("#agencies").inner_text().count("\n") == 2
    for username, role, agency in (("canbo_a", "Thư ký đoàn / cán bộ lập văn bản", "Sở Lao động, Thương binh và Xã hội"),
                                   ("vanthu_a", "Văn thư", "Sở Lao động, Thương binh và Xã hội"),
                                   ("canbo_b", "Thư ký đoàn / cán bộ lập văn bản", "Sở Nội vụ")):
        form = admin.locator("#new-user")
        form.locator('input[name="username"]').fill(username)
        form.locator('input[name="full_name"]').fill(f"Người {username}")
        form.locator('select[name="role"]').select_option(label=role)
        form.locator('select[name="agency_id"]').select_option(label=agency)
        form.locator('input[name="password"]').fill(PASSWORD)
        form.locator("text=Thêm người dùng").click()
    assert "canbo_b" in admin.locator("#users").inner_text()

    secretary = _person(browser, office_url, "canbo_a")
    secretary.click("text=Lập văn bản")
    secretary.set_input_files('input[name="file"]', str(SEED))
    secretary.click('form[enctype="multipart/form-data"] button[type="submit"]')
    assert "Đã lập và lưu văn bản" in secretary.locator("#issued").inner_text()
    row = secretary.locator("#documents tr[data-id]").first
    assert "01/BB-ĐKT" in row.inner_text() and "Sở Lao động" in row.inner_text()
    with secretary.expect_download() as download:
        row.locator("text=Tải .docx").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert "Số: 01/BB-ĐKT" in all_text(Document(str(target)))
    document_id = row.get_attribute("data-id")

    other = _person(browser, office_url, "canbo_b")
    assert other.locator("#documents tr[data-id]").count() == 0
    other.goto(f"{office_url}/van-ban/{document_id}/du-lieu")
    assert "thuộc cơ quan khác" in other.locator("#message").inner_text()

    clerk = _person(browser, office_url, "vanthu_a")
    clerk.click("text=Sổ văn bản đi")
    entry = clerk.locator('#numbers tr[data-number="01/BB-ĐKT"]')
    entry.locator('input[name="reason"]').fill("in nhầm ngày")
    entry.locator("text=Hủy số").click()
    assert re.search(r"đã hủy \(in nhầm ngày\)", clerk.locator("#numbers").inner_text())
    admin.reload()
    assert "hủy số" in admin.locator("#audit").inner_text()
