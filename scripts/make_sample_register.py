"""Make the sample dossier register (samples/so-theo-doi-ho-so.xlsx and its CSV twin).

The register reproduces the seed article's figures for 01/01/2022–15/6/2023 as a register
would give them: 805 dossiers received, 803 resolved (801 early or on time, 02 overdue), and
the 02 still in process (the article's «07» cannot come out of a register). It also holds
dossiers resolved before the period, organisation applicants, missing genders, a title block
above the header, and the four cases an apology run meets.
Run: python scripts/make_sample_register.py
"""

import csv
import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from minutes_gen.vn.workdays import NATIONAL  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "samples"
START, END = dt.date(2022, 1, 1), dt.date(2023, 6, 15)
HEADERS = ["STT", "Mã hồ sơ", "Họ và tên", "Giới tính", "Địa chỉ", "Số điện thoại", "Email", "Lĩnh vực",
           "Tên thủ tục", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả", "Lý do chậm",
           "Đã xin lỗi", "Ngày hẹn lại"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Trương", "H'", "Y"]
MIDDLE_MEN, MIDDLE_WOMEN = ["Văn", "Đình", "Minh", "Quốc", "Hữu", "Đức"], ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]
GIVEN_MEN = ["Hùng", "Dũng", "Tuấn", "Nam", "Phong", "Thắng", "Long", "Sơn", "Bình", "Trung", "Khánh"]
GIVEN_WOMEN = ["Lan", "Hương", "Mai", "Hạnh", "Trang", "Nhung", "Thảo", "Linh", "Yến", "Hà", "Phương"]
ORGANISATIONS = ["Công ty TNHH Dịch vụ việc làm Tây Nguyên", "Công ty Cổ phần Cà phê Buôn Ma Thuột",
                 "Hợp tác xã Nông nghiệp Ea Kao", "Công ty TNHH MTV Xuất khẩu lao động Đắk Lắk",
                 "Doanh nghiệp tư nhân Hoàng Long", "Trường Trung cấp nghề Đắk Lắk"]
PLACES = ["phường Tân Lợi, TP. Buôn Ma Thuột", "xã Hòa Thắng, TP. Buôn Ma Thuột", "thị trấn Phước An, huyện Krông Pắc",
          "xã Ea Kao, TP. Buôn Ma Thuột", "thị xã Buôn Hồ", "huyện Cư M'gar", "huyện Ea H'leo"]
PROCEDURES = [  # (field, procedure, working days allowed)
    ("Người có công", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", 10),
    ("Người có công", "Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ", 5),
    ("Việc làm", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", 5),
    ("Việc làm", "Cấp lại giấy phép hoạt động dịch vụ việc làm của doanh nghiệp", 10),
    ("Giáo dục nghề nghiệp", "Cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp", 10),
    ("Bảo trợ xã hội", "Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội", 7),
    ("An toàn, vệ sinh lao động", "Gia hạn giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn, vệ sinh lao động", 15),
]
CHANNELS = ["Trực tiếp"] * 6 + ["Trực tuyến"] * 3 + ["Bưu chính"]


def _person(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.06:
        return rng.choice(ORGANISATIONS), ""
    woman = rng.random() < 0.5
    name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_WOMEN if woman else MIDDLE_MEN),
                     rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)]).replace("' ", "'")
    gender = "" if rng.random() < 0.08 else ("Nữ" if woman else "Nam")
    return name, gender


def _dossier(rng: random.Random, received: dt.datetime, sequence: int) -> dict:
    field, procedure, days = rng.choice(PROCEDURES)
    due = NATIONAL.add_working_days(received.date(), days)
    early = rng.randint(0, max(days - 1, 0)) if rng.random() < 0.85 else 0
    returned = due
    for _ in range(early):
        returned = returned - dt.timedelta(days=1)
        while not NATIONAL.is_working_day(returned):
            returned -= dt.timedelta(days=1)
    returned = max(returned, received.date())
    name, gender = _person(rng)
    return {"code": f"H15.28-{received:%y%m%d}-{sequence:04d}", "name": name, "gender": gender,
            "address": rng.choice(PLACES), "phone": f"09{rng.randint(10000000, 99999999)}",
            "email": "" if rng.random() < 0.7 else f"hoso{sequence}@example.vn", "field": field,
            "procedure": procedure, "channel": rng.choice(CHANNELS), "received": received, "due": due,
            "returned": returned, "reason": "", "apologised": "", "reappointed": None}


def _received_times(rng: random.Random, start: dt.date, end: dt.date, count: int) -> list[dt.datetime]:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    workdays = [day for day in days if NATIONAL.is_working_day(day)]
    chosen = sorted(rng.choice(workdays) for _ in range(count))
    return [dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.choice([0, 15, 30, 45]))) for day in chosen]


def make_dossiers() -> list[dict]:
    rng = random.Random(805)
    before = [_dossier(rng, t, i) for i, t in enumerate(_received_times(rng, dt.date(2021, 11, 1), dt.date(2021, 12, 10), 6), 1)]
    # 801 early or on time, then the special cases, all received within the period.
    late_window = END - dt.timedelta(days=40)
    times = _received_times(rng, START, late_window, 803) + _received_times(rng, END - dt.timedelta(days=20), END - dt.timedelta(days=10), 2)
    rows = [_dossier(rng, t, i) for i, t in enumerate(times, start=len(before) + 1)]
    late_cases = [rows[410], rows[650]]
    for row, (apologised, organisation) in zip(late_cases, [("Có", False), ("", True)]):
        row["returned"] = NATIONAL.add_working_days(row["due"], 2)
        row["reason"] = "thao tác xử lý trên phần mềm bị chậm"
        row["apologised"] = apologised
        if organisation:
            row["name"], row["gender"] = ORGANISATIONS[0], ""
    overdue, due_tomorrow = rows[-2], rows[-1]
    overdue.update(due=dt.date(2023, 6, 14), returned=None, gender="",
                   reason="chờ ý kiến xác minh của UBND cấp xã")
    due_tomorrow.update(due=dt.date(2023, 6, 16), returned=None, reappointed=dt.date(2023, 6, 23),
                        reason="hồ sơ cần xin ý kiến của Bộ Lao động - Thương binh và Xã hội")
    for row in before:
        row["returned"] = min(row["returned"], dt.date(2021, 12, 31))
    return before + rows


def _cells(row: dict, number: int, as_text: bool) -> list:
    def day(value, with_time=False):
        if value is None or value == "":
            return ""
        if not as_text:
            return value
        return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")

    return [number, row["code"], row["name"], row["gender"], row["address"], row["phone"], row["email"],
            row["field"], row["procedure"], row["channel"], day(row["received"], True), day(row["due"]),
            day(row["returned"]), row["reason"], row["apologised"], day(row["reappointed"])]


TITLE = ["SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI TỈNH ĐẮK LẮK", "SỔ THEO DÕI HỒ SƠ THỦ TỤC HÀNH CHÍNH",
         "Xuất từ Hệ thống thông tin giải quyết TTHC tỉnh ngày 16/6/2023"]


def main() -> int:
    rows = make_dossiers()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So theo doi"
    for line in TITLE:
        sheet.append([line])
    sheet.append([])
    sheet.append(HEADERS)
    for number, row in enumerate(rows, start=1):
        sheet.append(_cells(row, number, as_text=False))
    for column in ("K", "L", "M", "P"):
        for cell in sheet[column][5:]:
            cell.number_format = "dd/mm/yyyy hh:mm" if column == "K" else "dd/mm/yyyy"
    workbook.save(OUT / "so-theo-doi-ho-so.xlsx")
    with open(OUT / "so-theo-doi-ho-so.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([TITLE[1]])
        writer.writerow(HEADERS)
        for number, row in enumerate(rows, start=1):
            writer.writerow(_cells(row, number, as_text=True))
    print(f"{len(rows)} hồ sơ -> {OUT / 'so-theo-doi-ho-so.xlsx'}, {OUT / 'so-theo-doi-ho-so.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
