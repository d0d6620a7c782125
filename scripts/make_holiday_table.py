"""Write minutes_gen/vn/holiday_table.py from ``holidays.Vietnam`` (python scripts/make_holiday_table.py).

Importing ``holidays`` costs ~0.1 s (its package loads every country) and building Vietnam's
lunar holidays more; a command that counts working days should start in a fraction of that.
The table holds the days off (with their Vietnamese names) and the worked weekend days of
2000–2100; tests check it equals ``holidays.Vietnam`` day by day. Rerun after upgrading
``holidays``; dates outside the table still ask ``holidays`` itself.
"""

import sys
from pathlib import Path

from holidays import __version__ as holidays_version
from holidays.countries.vietnam import Vietnam

FIRST, LAST = 2000, 2100
TARGET = Path(__file__).resolve().parent.parent / "minutes_gen" / "vn" / "holiday_table.py"


def main() -> int:
    calendar = Vietnam(language="vi", years=range(FIRST, LAST + 1))
    names = sorted(set(calendar.values()))
    days = " ".join(f"{day:%Y%m%d}{names.index(name):02d}" for day, name in sorted(calendar.items()))
    worked = " ".join(f"{day:%Y%m%d}" for day in sorted(calendar.weekend_workdays))
    TARGET.write_text(
        f'"""Days off and worked weekend days of {FIRST}–{LAST}, from holidays {holidays_version}\n'
        f'(written by scripts/make_holiday_table.py; do not edit)."""\n\n'
        f"FIRST_YEAR, LAST_YEAR = {FIRST}, {LAST}\n"
        f"NAMES = {names!r}\n"
        f'DAYS_OFF = "{days}"  # YYYYMMDD then the index of the name\n'
        f'WORKED_WEEKEND_DAYS = "{worked}"\n', encoding="utf-8")
    print(f"đã ghi {TARGET}: {len(calendar)} ngày nghỉ, {len(calendar.weekend_workdays)} ngày làm bù")
    return 0


if __name__ == "__main__":
    sys.exit(main())
