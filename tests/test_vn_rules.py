"""Vietnamese rules: ND30 dates and times, counts and shares, text, working days."""

import datetime as dt
import unicodedata

import pytest

from minutes_gen.vn.dates import long_date, numeric_date, parse_date, parse_time, place_date, short_date, time_of_day
from minutes_gen.vn.numbers import count, percent, ratio
from minutes_gen.vn.text import nfc, slugify, upper_vi
from minutes_gen.vn.workdays import NATIONAL, WorkCalendar

D = dt.date


@pytest.mark.parametrize("day, text", [
    (D(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
    (D(2023, 7, 12), "ngày 12 tháng 7 năm 2023"),
    (D(2023, 11, 9), "ngày 09 tháng 11 năm 2023"),
    (D(2023, 3, 15), "ngày 15 tháng 3 năm 2023"),
    (D(2023, 1, 1), "ngày 01 tháng 01 năm 2023"),
])
def test_long_date_follows_nd30_leading_zero_rule(day, text):
    assert long_date(day) == text


def test_place_date_short_and_numeric_forms():
    assert place_date("Đắk Lắk", D(2023, 7, 12)) == "Đắk Lắk, ngày 12 tháng 7 năm 2023"
    assert short_date(D(2023, 6, 15)) == "15/6/2023"
    assert short_date(D(2022, 1, 1)) == "01/01/2022"
    assert numeric_date(D(2023, 8, 23)) == "23/08/2023"


@pytest.mark.parametrize("text", ["12/07/2023", "12/7/2023", "2023-07-12", "12/07/2023 08:30", "2023-07-12T08:30:00"])
def test_parse_date_accepts_common_forms(text):
    assert parse_date(text) == D(2023, 7, 12)


@pytest.mark.parametrize("text, reason", [
    ("31/02/2023", "không có thật"),
    ("2023-13-01", "không có thật"),
    ("hôm qua", "không phải là ngày"),
])
def test_parse_date_rejects_impossible_and_garbage(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


@pytest.mark.parametrize("value, expected", [("08:00", dt.time(8, 0)), ("8h30", dt.time(8, 30)),
                                             ("14 giờ 05 phút", dt.time(14, 5)), (480, dt.time(8, 0))])
def test_parse_time(value, expected):
    assert parse_time(value) == expected


def test_parse_time_rejects_impossible():
    with pytest.raises(ValueError):
        parse_time("25:00")


def test_time_of_day():
    assert time_of_day(dt.time(8, 0)) == "08 giờ 00 phút"


@pytest.mark.parametrize("value, text", [(0, "00"), (2, "02"), (7, "07"), (12, "12"), (805, "805"), (12345, "12.345")])
def test_counts_have_leading_zero_and_vi_grouping(value, text):
    assert count(value) == text


def test_document_numbers_have_a_leading_zero_and_no_grouping():
    from minutes_gen.documents.common import number_symbol
    from minutes_gen.vn.numbers import document_number

    assert [document_number(n) for n in (7, 12, 1234)] == ["07", "12", "1234"]
    assert number_symbol(1234, "PXL", "SLĐTBXH") == "1234/PXL-SLĐTBXH"
    assert number_symbol(None, "BB", "ĐKT") == "     /BB-ĐKT"


def test_ratio_and_percent():
    assert ratio(4, 12) == "04/12"
    assert percent(13, 15) == "86,7%"   # 86.666… rounded half up
    assert percent(801, 803) == "99,8%"  # 99.750… rounded half up (half-even would also give 99,8)
    assert percent(1, 8) == "12,5%"
    assert percent(1, 16) == "6,3%"      # 6.25 -> 6,3 (half up), not 6,2 (half even)
    assert percent(3, 3) == "100%"
    assert percent(1, 0) == ""


def test_nfc_and_upper_case():
    decomposed = unicodedata.normalize("NFD", "Đắk Lắk")
    assert nfc(decomposed) == "Đắk Lắk" and len(nfc(decomposed)) == 7
    assert upper_vi("Sở Nội vụ") == "SỞ NỘI VỤ"


@pytest.mark.parametrize("text, slug", [
    ("Sở Lao động, Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi"),
    ("../../etc/passwd", "etc-passwd"),
    ("ĐẮK LẮK", "dak-lak"),
    ("???", "van-ban"),
])
def test_slugify_is_safe_for_file_names(text, slug):
    assert slugify(text) == slug


def test_thirty_working_days_after_the_seed_inspection():
    assert NATIONAL.add_working_days(D(2023, 7, 12), 30) == D(2023, 8, 23)


def test_deadline_across_tet_2024():
    # Tết Giáp Thìn: Thursday 08/02 to Wednesday 14/02/2024 are days off.
    assert NATIONAL.add_working_days(D(2024, 2, 5), 5) == D(2024, 2, 19)
    crossed = [day for day, _ in NATIONAL.days_off_between(D(2024, 2, 5), D(2024, 2, 19))]
    assert D(2024, 2, 8) in crossed and D(2024, 2, 14) in crossed


def test_worked_saturday_4_may_2024_and_swapped_monday():
    assert NATIONAL.is_working_day(D(2024, 5, 4))
    assert not NATIONAL.is_working_day(D(2024, 4, 29))
    assert NATIONAL.add_working_days(D(2024, 5, 2), 2) == D(2024, 5, 4)
    assert NATIONAL.add_working_days(D(2024, 4, 26), 1) == D(2024, 5, 2)


def test_zero_days_is_the_same_day_and_event_day_not_counted():
    assert NATIONAL.add_working_days(D(2023, 7, 12), 0) == D(2023, 7, 12)
    assert NATIONAL.add_working_days(D(2023, 7, 14), 1) == D(2023, 7, 17)  # Friday -> Monday


def test_user_overrides_add_days_off_and_worked_saturdays():
    calendar = WorkCalendar(days_off={D(2023, 7, 13): "Nghỉ theo quyết định"},
                            working_days={D(2023, 7, 15): "Làm bù"})
    assert not calendar.is_working_day(D(2023, 7, 13))
    assert calendar.is_working_day(D(2023, 7, 15))
    assert calendar.add_working_days(D(2023, 7, 12), 2) == D(2023, 7, 15)
    assert calendar.day_off_name(D(2023, 7, 13)) == "Nghỉ theo quyết định"


def test_next_working_day_for_calendar_day_deadlines():
    assert NATIONAL.next_working_day(D(2023, 9, 2)) == D(2023, 9, 5)


def test_the_holiday_table_equals_holidays_vietnam_2000_2100():
    import datetime as dt

    from holidays.countries.vietnam import Vietnam

    from minutes_gen.vn.workdays import _national_calendar

    package, table = Vietnam(language="vi", years=range(2000, 2101)), _national_calendar()
    day = dt.date(2000, 1, 1)
    while day.year <= 2100:
        assert table.is_working_day(day) == package.is_working_day(day), day
        assert table.get(day) == package.get(day), day
        day += dt.timedelta(days=1)
    assert table.is_working_day(dt.date(1999, 12, 31)) == package.is_working_day(dt.date(1999, 12, 31))  # outside
