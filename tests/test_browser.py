"""End to end in a real headless browser (Debian's Chromium driven by Playwright): a person
fills the form from the sample, sees a field error, downloads the minutes; uploads the
register and downloads the slips."""

import os
import shutil
import threading
import zipfile

import pytest
from docx import Document

from conftest import SAMPLES, SEED, all_text

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and os.environ.get("CI"):
        pytest.fail("Chromium phải có trong CI (.ci/run cài gói chromium)")
    if path is None:
        pytest.skip("Chromium chưa được cài trên máy này: bỏ qua phép thử trên trình duyệt")
    return path


@pytest.fixture(scope="module")
def server():
    from minutes_gen.web.app import create_app
    from minutes_gen.web.server import start_server

    served = start_server(create_app(), "127.0.0.1", 0)  # the server `minutes-gen serve` runs
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    yield served.url.rstrip("/")
    served.close()


@pytest.fixture(scope="module")
def page(server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, locale="vi-VN")
        yield context.new_page()
        browser.close()


@pytest.mark.slow
def test_a_secretary_makes_the_minutes_in_the_browser(page, server, tmp_path):
    page.goto(f"{server}/bien-ban")
    page.set_input_files('input[name="yaml_file"]', str(SEED))
    page.click('button[value="open"]')
    assert page.input_value('input[name="unit.name"]') == "Sở Lao động, Thương binh và Xã hội"
    page.fill('input[name="meeting.date"]', "31/02/2023")
    page.click('button[value="validate"]')
    error = page.locator('span.error[data-field="meeting.date"]')
    assert error.inner_text() == "ngày «31/02/2023» không có thật trong lịch"
    page.fill('input[name="meeting.date"]', "12/07/2023")
    page.dispatch_event('input[name="meeting.date"]', "change")
    # a locator expectation, not wait_for_function: the page's CSP forbids eval, even to a test
    playwright_api = pytest.importorskip("playwright.sync_api")
    playwright_api.expect(page.locator("#live-deadline")).to_contain_text("23 tháng 8")
    page.click("fieldset.list[data-path='achievements'] > button.add")
    page.fill('input[name="achievements[7].text"]', "Thêm một kết quả từ trình duyệt & <kiểm tra>:")
    page.fill('textarea[name="achievements[7].points[1]"]', "ý nhỏ thứ nhất;")
    page.click("fieldset.list[data-path='achievements[7].points'] > button.add")
    page.fill('textarea[name="achievements[7].points[2]"]', "ý nhỏ thứ hai.")
    page.check('input[name="achievements[7].statistics_here"]')
    with page.expect_download() as download:
        page.click('button[value="minutes"]')
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "bien-ban-so-lao-dong-thuong-binh-va-xa-hoi.docx"
    text = all_text(Document(str(target)))
    assert "chậm nhất ngày 23 tháng 8 năm 2023" in text
    assert "- Thêm một kết quả từ trình duyệt & <kiểm tra>:\na) ý nhỏ thứ nhất;\nb) ý nhỏ thứ hai.\n- Từ ngày" in text


@pytest.mark.slow
def _expect_rows(page, count: int) -> None:
    """The outcomes table has ``count`` rows, waiting for the run (a busy machine takes a while)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    playwright_api.expect(page.locator("#outcomes tr")).to_have_count(count, timeout=120_000)


def test_a_clerk_gets_every_apology_slip_from_the_register(page, server, tmp_path):
    page.goto(f"{server}/xin-loi")
    page.set_input_files('input[name="register"]', str(SAMPLES / "so-theo-doi-ho-so.xlsx"))
    page.fill('input[name="as_of"]', "15/06/2023")
    for name, value in {"agency.parent": "UBND tỉnh Đắk Lắk", "agency.name": "Sở Lao động, Thương binh và Xã hội",
                        "agency.abbreviation": "SLĐTBXH", "agency.place": "Đắk Lắk",
                        "signer.name": "Nguyễn Đình Tương"}.items():
        page.fill(f'input[name="{name}"]', value)
    page.click("#apology button[type=submit]")
    _expect_rows(page, 812)
    with page.expect_download() as download:
        page.click("#download")
    target = tmp_path / "phieu.zip"
    download.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert "manifest.csv" in names and "phieu-xin-loi-tong-hop.docx" in names
    assert sum(name.startswith("phieu-xin-loi-h15") for name in names) == 3


@pytest.mark.slow
def test_a_clerk_corrects_the_form_without_uploading_again(page, server):
    page.context.clear_cookies()
    page.goto(f"{server}/xin-loi")
    page.set_input_files('input[name="agency_file"]', str(SAMPLES / "co-quan-sldtbxh.yaml"))
    page.click('button[value="open_agency"]')
    assert page.input_value('input[name="agency.name"]') == "Sở Lao động, Thương binh và Xã hội"
    page.set_input_files('input[name="register"]', str(SAMPLES / "so-theo-doi-ho-so.xlsx"))
    page.fill('input[name="as_of"]', "31/02/2023")
    page.click("#apology button[type=submit]")
    assert "không có thật" in page.locator("#errors").inner_text()
    assert "Đã nhận sổ «so-theo-doi-ho-so.xlsx»" in page.locator("#kept-register").inner_text()
    page.fill('input[name="as_of"]', "15/06/2023")
    page.click("#apology button[type=submit]")  # no file chosen again
    _expect_rows(page, 812)
    page.goto(f"{server}/xin-loi")  # the next visit remembers the agency
    assert page.input_value('input[name="signer.name"]') == "Nguyễn Đình Tương"


@pytest.mark.slow
def test_the_apology_page_follows_the_form_in_force_as_the_date_is_typed(page, server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    page.goto(f"{server}/xin-loi")
    title = page.locator("#form-title")
    assert title.inner_text() == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"  # today: the 2025 form
    page.fill('input[name="as_of"]', "15/06/2023")
    playwright_api.expect(title).to_have_text("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    assert page.title().startswith("Phiếu xin lỗi và hẹn lại") and "(2018)" in page.locator("#form-in-use").inner_text()
    page.fill('input[name="as_of"]', "01/07/2025")
    playwright_api.expect(title).to_have_text("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")
    email = page.locator('fieldset[data-path="email"]')
    assert "(không bắt buộc)" in email.locator("legend").inner_text() and "*" not in email.inner_text()
    assert "Máy chủ thư (SMTP)" in email.inner_text()
    assert email.locator('select[name="email.security"] option').all_inner_texts()[1].startswith("STARTTLS")
