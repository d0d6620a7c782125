"""An inspection case on the office server in a real headless Chromium: the cán bộ creates the
case from the sample, opens its follow-up page for a fixed day, records a unit's report, sees
the overdue units change, and drafts a reminder for a unit still overdue."""


import pytest

from conftest import SAMPLES
from office_helpers import served_office
from test_office_browser import _person, browser  # noqa: F401  (the module's Chromium)

CASE_FILE = SAMPLES / "ho-so-kiem-tra-cchc-2024.yaml"


@pytest.fixture(scope="module")
def office_url(tmp_path_factory):
    with served_office(tmp_path_factory.mktemp("office")) as base:
        yield base

@pytest.mark.slow
def test_a_case_followed_up_in_the_browser(browser, office_url):  # noqa: F811
    secretary = _person(browser, office_url, "canbo_a")
    secretary.click("header >> text=Hồ sơ kiểm tra")
    secretary.set_input_files('input[name="case_file"]', str(CASE_FILE))
    secretary.click('#new-case button[type="submit"]')
    secretary.wait_for_url(f"{office_url}/ho-so-kiem-tra/*")
    assert secretary.locator("h1").inner_text() == "Hồ sơ: kiểm tra công tác cải cách hành chính năm 2024"
    assert secretary.locator("#units tr[data-unit]").count() == 5
    secretary.click("a[href$=\"/theo-doi\"]")
    secretary.fill('#as-of input[name="ngay"]', "15/07/2024")
    secretary.click("#as-of button")
    secretary.wait_for_url("**/theo-doi?ngay=15%2F07%2F2024")
    overdue = secretary.locator("#overdue-units")
    assert overdue.inner_text() == ("Đơn vị quá hạn: Sở Tài nguyên và Môi trường, Ủy ban nhân dân huyện Cư M'gar, "
                                    "Ủy ban nhân dân thành phố Buôn Ma Thuột.")
    unit = secretary.locator('section[data-unit="4"]')
    assert unit.locator('tr[data-item="1"] td.status').inner_text() == "Quá hạn 28 ngày làm việc"
    report = unit.locator("form.report")
    report.locator('input[name="so"]').fill("310/UBND-VP")
    report.locator('input[name="ngay"]').fill("10/07/2024")
    with secretary.expect_navigation():
        report.locator("button").click()
    assert secretary.locator('#as-of input[name="ngay"]').input_value() == "15/07/2024"
    assert overdue.inner_text() == "Đơn vị quá hạn: Sở Tài nguyên và Môi trường, Ủy ban nhân dân huyện Cư M'gar."
    assert unit.locator('tr[data-item="1"] td.status').inner_text().startswith(
        "Đã báo cáo tại văn bản số 310/UBND-VP ngày 10/7/2024, muộn 25 ngày làm việc")
    assert "310/UBND-VP" in secretary.locator("#records").inner_text()
    late = secretary.locator('section[data-unit="3"]')
    with secretary.expect_navigation():
        late.locator("form.reminder button").click()
    assert "Đã lập bản nháp văn bản đôn đốc" in secretary.locator("#drafted").inner_text()
    assert "Bản nháp, chờ ký" in secretary.locator('section[data-unit="3"] p.reminder').inner_text()
    with secretary.expect_navigation():
        secretary.click("#drafted a")
    assert secretary.locator("h1").inner_text() == "Văn bản đôn đốc"
