"""The office server in a real headless Chromium: the administrator creates two agencies and
their users; a secretary drafts minutes in the form (an error beside its field), notes the
signature; the văn thư gives the number and date, takes a number for a quyết định made
elsewhere, voids a number; a secretary of the other agency cannot open the document."""

import re

import pytest
from docx import Document

from conftest import SEED, all_text
from office_helpers import served_office, ADMIN_PASSWORD, PASSWORD, PROFILE_A, PROFILE_B
from test_browser import CHROMIUM_ARGS, _chromium


@pytest.fixture(scope="module")
def office_url(tmp_path_factory):
    with served_office(tmp_path_factory.mktemp("office"), two_agencies=False) as base:
        yield base

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
    secretary.click("text=Soạn văn bản")
    assert secretary.locator("textarea[name=data]").count() == 0  # a form, not a YAML box
    secretary.set_input_files('input[name="yaml_file"]', str(SEED))
    secretary.click('button[value="open"]')
    assert secretary.input_value('input[name="unit.name"]') == "Sở Lao động, Thương binh và Xã hội"
    assert secretary.locator('select[name="team.head.salutation"]').input_value() == "Ông"
    secretary.fill('input[name="meeting.date"]', "31/02/2023")
    secretary.click('button[value="draft"]')
    error = secretary.locator('span.error[data-field="meeting.date"]')
    assert error.inner_text() == "ngày «31/02/2023» không có thật trong lịch"
    secretary.fill('input[name="meeting.date"]', "12/07/2023")
    secretary.click('button[value="draft"]')
    row = secretary.locator("#documents tr[data-id]").first
    assert "(chưa số)" in row.inner_text() and "Bản nháp" in row.inner_text()
    row.locator("text=Đã ký").click()
    row = secretary.locator("#documents tr[data-id]").first
    assert "Đã ký, chờ văn thư cấp số" in row.inner_text() and row.locator("form.issue").count() == 0
    document_id = row.get_attribute("data-id")

    clerk = _person(browser, office_url, "vanthu_a")
    row = clerk.locator(f'#documents tr[data-id="{document_id}"]')
    row.locator('input[name="date"]').fill("20/07/2023")
    row.locator("text=Cấp số và ban hành").click()
    row = clerk.locator(f'#documents tr[data-id="{document_id}"]')
    assert "01/BB-ĐKT" in row.inner_text() and "Đã cấp số, ban hành" in row.inner_text()
    with clerk.expect_download() as download:
        row.locator("text=Tải .docx").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert "Số: 01/BB-ĐKT" in all_text(Document(str(target)))

    other = _person(browser, office_url, "canbo_b")
    assert other.locator("#documents tr[data-id]").count() == 0
    other.goto(f"{office_url}/van-ban/{document_id}/du-lieu")
    assert "thuộc cơ quan khác" in other.locator("#message").inner_text()

    clerk.click("text=Sổ văn bản đi")
    outside = clerk.locator("#outside")
    outside.locator('select[name="type_code"]').select_option(label="Quyết định (QĐ)")
    outside.locator('input[name="summary"]').fill("Về việc thành lập Tổ kiểm tra công vụ")
    outside.locator('input[name="signer"]').fill("Nguyễn Đình Tương")
    outside.locator('input[name="copies"]').fill("3")
    outside.locator("text=Lấy số").click()
    assert "Đã cấp số 01/QĐ-SLĐTBXH" in clerk.locator("#taken").inner_text()
    assert "Quyết định: Về việc thành lập Tổ kiểm tra công vụ" in clerk.locator("#numbers").inner_text()
    entry = clerk.locator('#numbers tr[data-number="01/BB-ĐKT"]')
    assert "20/07/2023" in entry.inner_text()
    entry.locator('input[name="reason"]').fill("in nhầm ngày")
    entry.locator("text=Hủy số").click()
    assert re.search(r"Đã hủy số: in nhầm ngày", clerk.locator("#numbers").inner_text())
    admin.reload()
    assert "hủy số" in admin.locator("#audit").inner_text() and "ghi nhận đã ký" in admin.locator("#audit").inner_text()
