"""An apology run in a real headless Chromium: the cán bộ uploads the day's register and the run
is prepared without numbers; the văn thư opens it, reviews its letters and issues it."""

import io
import zipfile

import pytest
from docx import Document

from conftest import SAMPLES, all_text
from office_helpers import served_office
from test_office_browser import _person, browser  # noqa: F401  (the module's Chromium)


@pytest.fixture
def office_url(tmp_path):
    with served_office(tmp_path) as base:
        yield base

@pytest.mark.slow
def test_the_clerk_opens_a_prepared_run_and_issues_it(browser, office_url, tmp_path):  # noqa: F811
    secretary = _person(browser, office_url, "canbo_a")
    secretary.goto(f"{office_url}/xin-loi")
    secretary.set_input_files('input[name="register"]', str(SAMPLES / "so-theo-doi-ho-so.xlsx"))
    secretary.fill('input[name="as_of"]', "15/06/2023")
    secretary.click("form[enctype] button[type=submit]")
    run_page = secretary.url
    letters = secretary.locator("#run table.letters tr[data-code]")
    assert letters.count() >= 1 and "(chưa số)" in letters.first.inner_text()
    assert secretary.locator("form.issue-run").count() == 0  # the cán bộ does not number

    clerk = _person(browser, office_url, "vanthu_a")
    clerk.goto(run_page)
    assert "chưa có số" in clerk.locator("#run").inner_text()
    clerk.fill('form.issue-run input[name="date"]', "15/06/2023")
    clerk.click("text=Cấp số và ban hành cả đợt")
    numbers = clerk.locator("#run table.letters td.number").all_inner_texts()
    assert numbers and all(text.endswith("/PXL-SLĐTBXH") for text in numbers)
    assert "Đã cấp số, ban hành" in clerk.locator("#document .status").inner_text()
    with clerk.expect_download() as download:
        clerk.locator("#document a[href$='/tai']").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        first = sorted(n for n in archive.namelist() if n.startswith("phieu-xin-loi-h"))[0]
        assert numbers[0] in all_text(Document(io.BytesIO(archive.read(first))))
