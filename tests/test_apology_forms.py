"""Apology letters under the rules in force on their date: the 2018 form before 01/7/2025, the
2025 form from then on (or the one chosen), each case worded as its form says, late apologies
flagged, and everything the register gives read and used."""

import csv
import datetime as dt

import pytest
from docx import Document

from conftest import SAMPLES, all_text
from minutes_gen.model.dossier import Dossier
from minutes_gen.model.form_sets import form_set_for, form_sets
from minutes_gen.model.overdue import Outcome, judge
from minutes_gen.sources.cells import parse_cell_time
from minutes_gen.vn.workdays import NATIONAL
from registers import write_csv, write_xlsx

AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"
D = dt.date
HEADERS = ["Mã hồ sơ", "Họ và tên", "Giới tính", "Tên thủ tục", "Ngày, giờ tiếp nhận", "Ngày hẹn trả",
           "Ngày trả kết quả", "Lý do chậm", "Đã xin lỗi", "Ngày hẹn lại", "Địa chỉ", "Điện thoại",
           "Thư điện tử", "Hình thức nộp hồ sơ"]


def _register(path):
    """Dossiers of 2025: one due before 01/7 (in process), one returned late, one due in
    September, one apologised late, one organisation."""
    rows = [
        ["HS-A", "Nguyễn Văn An", "Nam", "Đăng ký khai sinh", "16/06/2025 08:15", "27/06/2025", "", "chờ xác minh",
         "", "", "xã Hòa Thắng", "0905000001", "an@example.vn", "Trực tuyến"],
        ["HS-B", "Công ty TNHH A & B <C>", "", "Cấp giấy phép", "10/06/2025 14:30", "20/06/2025", "24/06/2025",
         "phần mềm gián đoạn", "", "", "TP. Buôn Ma Thuột", "0262000002", "", "Trực tiếp"],
        ["HS-C", "Trần Thị Bình", "Nữ", "Chứng thực", "02/09/2025 09:00", "12/09/2025", "", "chờ ý kiến",
         "", "", "", "", "binh@example.vn", "Trực tuyến"],
        ["HS-D", "Lê Văn Cường", "Nam", "Đăng ký kết hôn", "01/06/2025 10:00", "10/06/2025", "", "",
         "11/06/2025", "20/06/2025", "", "", "", "Bưu chính"],
    ]
    return write_csv(path, rows, HEADERS)


def test_form_sets_are_data_with_their_dates():
    sets = {item.key: item for item in form_sets()}
    assert set(sets) == {"2018", "2025"}
    assert form_set_for(D(2025, 6, 30)).key == "2018" and form_set_for(D(2025, 7, 1)).key == "2025"
    assert form_set_for(D(2026, 11, 28)).key == "2025" and form_set_for(D(2026, 1, 5), "2018").key == "2018"
    assert "Thông tư số 03/2025/TT-VPCP" in " ".join(sets["2025"].legal_basis)
    assert "Thông tư số 01/2018/TT-VPCP" in " ".join(sets["2018"].legal_basis)
    assert sets["2025"].caution(D(2025, 8, 1)) and sets["2025"].caution(D(2025, 9, 15)) is None


def _run(run, tmp_path, as_of, *extra):
    register = _register(tmp_path / "so.csv")
    result = run("apology", register, "--agency", AGENCY, "-o", f"kq-{as_of.replace('/', '')}", "--as-of", as_of,
                 *extra)
    assert result.exit_code == 0, result.output
    folder = tmp_path / f"kq-{as_of.replace('/', '')}"
    with open(folder / "manifest.csv", encoding="utf-8-sig") as handle:
        rows = {row["Mã hồ sơ"]: row for row in csv.DictReader(handle)}
    return folder, rows, result.output


def _text(folder, row):
    return all_text(Document(str(folder / row["Tệp"])))


def test_a_letter_dated_before_july_2025_uses_the_2018_form(run, tmp_path):
    folder, rows, output = _run(run, tmp_path, "26/06/2025")
    assert "Mẫu: Mẫu số 04 (2018)" in output
    letter = _text(folder, rows["HS-A"])
    assert rows["HS-A"]["Mẫu"].startswith("Mẫu số 04 (2018)") and rows["HS-A"]["Tệp"].startswith("phieu-xin-loi-")
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in letter and "gia hạn" not in letter
    assert "Tiếp nhận lúc 08 giờ 15 phút, ngày 16 tháng 6 năm 2025, hẹn trả kết quả ngày 27 tháng 6 năm 2025" in letter
    assert "hẹn lại ngày trả kết quả giải quyết hồ sơ cho Ông là ngày 03 tháng 7 năm 2025." in letter
    assert rows["HS-A"]["Xin lỗi muộn"] == ""  # dated the working day before the due date: in time


def test_a_letter_dated_from_july_2025_uses_the_2025_form(run, tmp_path):
    folder, rows, output = _run(run, tmp_path, "15/09/2025")
    assert "Mẫu: Mẫu số 04 (2025)" in output and "Lưu ý" not in output
    row = rows["HS-C"]
    assert row["Mẫu"].startswith("Mẫu số 04 (2025)") and row["Tệp"].startswith("van-ban-xin-loi-")
    letter = _text(folder, row)
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in letter and "HẸN LẠI" not in letter
    assert "- Hình thức nộp hồ sơ: Trực tuyến;" in letter and "- Thư điện tử: binh@example.vn;" in letter
    assert "- Thời điểm tiếp nhận: lúc 09 giờ 00 phút, ngày 02 tháng 9 năm 2025;" in letter
    assert "đề nghị Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến ngày 22 tháng 9 năm 2025." in letter
    assert "chỉ thực hiện một lần" in letter
    assert row["Xin lỗi muộn"] == "Có" and "hạn xin lỗi là 11/09/2025" in row["Ghi chú"]  # due 12/9, dated 15/9


def test_the_form_can_be_chosen_and_a_date_before_the_circular_is_cautioned(run, tmp_path):
    _, rows, _ = _run(run, tmp_path, "15/09/2025", "--form", "2018")
    assert rows["HS-C"]["Mẫu"].startswith("Mẫu số 04 (2018)")
    _, _, output = _run(run, tmp_path, "08/08/2025")
    assert "Lưu ý: --as-of: văn bản đề ngày 08/08/2025, trước ngày ban hành Thông tư số 03/2025/TT-VPCP" in output


def test_returned_late_promises_no_new_date_in_either_form(run, tmp_path):
    for as_of, title in (("26/06/2025", "PHIẾU XIN LỖI\nVề việc trả kết quả"),
                         ("15/09/2025", "VĂN BẢN XIN LỖI\nVề việc giải quyết hồ sơ quá thời hạn")):
        folder, rows, _ = _run(run, tmp_path, as_of)
        row = rows["HS-B"]
        assert row["Kết quả"] == Outcome.APOLOGY_RETURNED_LATE.value and row["Ngày hẹn lại"] == ""
        letter = _text(folder, row)
        assert title in letter and "hẹn lại" not in letter.lower() and "gia hạn" not in letter.lower()
        # an organisation is addressed by its name everywhere, its name kept exactly
        assert "Kính gửi: Công ty TNHH A & B <C>." in letter and "Quý cơ quan" not in letter
        assert "trả cho Công ty TNHH A & B <C> ngày 24 tháng 6 năm 2025" in letter
        assert row["Xin lỗi muộn"] == "Có"


def test_apologised_once_is_never_promised_twice_and_a_late_one_is_reported(run, tmp_path):
    _, rows, _ = _run(run, tmp_path, "26/06/2025")
    row = rows["HS-D"]  # apologised 11/6 for a dossier due 10/6, re-appointed 20/6, still open
    assert row["Kết quả"] == Outcome.ALREADY_REAPPOINTED.value and row["Tệp"] == ""
    assert "không được hẹn lại lần thứ hai" in row["Ghi chú"]
    late = judge(Dossier(row=2, code="X", applicant="A", procedure="P", received=D(2025, 6, 1), due=D(2025, 6, 10),
                         returned=D(2025, 6, 12), apologised=True, apologised_on=D(2025, 6, 11)),
                 D(2025, 6, 26), NATIONAL)
    assert late.outcome is Outcome.ALREADY_APOLOGISED and late.late and "xin lỗi muộn" in late.note


def test_late_apologies_are_counted_in_stats(run, tmp_path):
    register = _register(tmp_path / "so.csv")
    result = run("stats", register, "--from", "01/06/2025", "--to", "30/06/2025", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    stats = json.loads(result.output)
    assert stats["apologies_recorded"] == 1 and stats["apologies_late"] == 1
    text = run("stats", register, "--from", "01/06/2025", "--to", "30/06/2025").output
    assert "- Xin lỗi muộn:" in text


@pytest.mark.parametrize("cell, expected", [
    ("16/06/2025 08:15", dt.time(8, 15)), ("16/06/2025", None), ("2025-06-16 14:30:00", dt.time(14, 30)),
    ("8h15", dt.time(8, 15)), ("8 giờ 15 phút", dt.time(8, 15)), (dt.datetime(2025, 6, 16, 9, 5), dt.time(9, 5)),
    (dt.datetime(2025, 6, 16), None), (45824.5, dt.time(12, 0)), (dt.time(7, 45), dt.time(7, 45)),
])
def test_receipt_hours_are_read(cell, expected):
    assert parse_cell_time(cell) == expected


def test_receipt_hour_from_an_excel_register_and_a_separate_column(tmp_path, run):
    headers = ["Mã hồ sơ", "Họ và tên", "Tên thủ tục", "Ngày tiếp nhận", "Giờ tiếp nhận", "Ngày hẹn trả",
               "Ngày trả kết quả"]
    register = write_xlsx(tmp_path / "so.xlsx", [
        ["HS-1", "Phạm Văn D", "Thủ tục", dt.datetime(2025, 9, 1), "7h30", dt.datetime(2025, 9, 10), None],
        ["HS-2", "Phạm Văn E", "Thủ tục", dt.datetime(2025, 9, 1, 15, 45), None, dt.datetime(2025, 9, 10), None],
        ["HS-3", "Phạm Văn F", "Thủ tục", dt.datetime(2025, 9, 1), "25h", dt.datetime(2025, 9, 10), None],
    ], headers)
    from registers import dossiers_and_problems

    dossiers, problems = dossiers_and_problems(register)
    assert [d.received_time for d in dossiers] == [dt.time(7, 30), dt.time(15, 45)]
    assert len(problems) == 1 and problems[0].row == 4 and "giờ «25h» không có thật" in problems[0].message


def test_templates_list_names_both_forms(run):
    output = run("templates", "list").output
    assert "2018  từ 21/06/2018 đến 30/06/2025: phieu-xin-loi.docx" in output
    assert "2025  từ 01/07/2025: van-ban-xin-loi-2025.docx" in output


def test_every_2025_letter_passes_lint_and_its_template_can_be_exported(run, tmp_path):
    from minutes_gen.lint import lint_document

    folder, rows, _ = _run(run, tmp_path, "15/09/2025")
    letters = [folder / row["Tệp"] for row in rows.values() if row["Tệp"]]
    assert letters
    for letter in letters:
        assert lint_document(letter, "apology", layout=False) == [], letter.name
    assert run("templates", "export", "apology", "mau", "--form", "2025").exit_code == 0
    assert (tmp_path / "mau" / "van-ban-xin-loi-2025.docx").exists()
    assert run("templates", "export", "apology", "mau", "--form", "2018").exit_code == 0
    assert (tmp_path / "mau" / "phieu-xin-loi.docx").exists()
