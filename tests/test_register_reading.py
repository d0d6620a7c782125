"""Reading dossier registers: headers found by meaning, dates in every form, clear refusals."""

import datetime as dt

import pytest

from conftest import SAMPLES, write_yaml
from minutes_gen.errors import InputError
from minutes_gen.model.dossier import load_dossiers
from registers import dossiers_and_problems
from minutes_gen.sources.dossier_columns import header_key
from minutes_gen.sources.dossier_register import load_register
from registers import HEADERS, write_csv, write_xlsx

XLSX, CSV = SAMPLES / "so-theo-doi-ho-so.xlsx", SAMPLES / "so-theo-doi-ho-so.csv"
ROW = ["HS-01", "Nguyễn Văn A", "Nam", "Cấp giấy phép", "12/07/2023", "19/07/2023", "", "", "", ""]


def test_header_keys_ignore_case_accents_spacing():
    assert header_key("  NGÀY  tiếp-nhận ") == "ngay tiep nhan" == header_key("Ngay tiep nhan")


def test_sample_xlsx_header_below_title_block_and_csv_twin():
    xlsx = load_register(XLSX)
    assert xlsx.headers["code"] == "Mã hồ sơ" and next(xlsx.rows).number == 6
    from_xlsx, problems = dossiers_and_problems(XLSX)
    from_csv, csv_problems = dossiers_and_problems(CSV)
    assert problems == csv_problems == []
    assert len(from_xlsx) == len(from_csv) == 811
    assert [(d.code, d.received, d.due, d.returned, d.gender) for d in from_xlsx] == \
           [(d.code, d.received, d.due, d.returned, d.gender) for d in from_csv]


def test_synonym_headers(tmp_path):
    headers = ["SỐ BIÊN NHẬN", "Người nộp", "Danh xưng", "Thủ tục", "Ngày  nhận", "Hạn xử lý", "Ngày hoàn thành"]
    path = write_csv(tmp_path / "s.csv", [["B1", "Trần Thị B", "Bà", "Thủ tục X", "2023-07-03", "10/7/2023", ""]],
                     headers=headers)
    dossiers, problems = dossiers_and_problems(path)
    assert problems == [] and dossiers[0].code == "B1" and dossiers[0].due == dt.date(2023, 7, 10)


def test_columns_map_for_other_headers(tmp_path):
    headers = ["Mã HS", "Công dân", "TTHC", "Nhận lúc", "Hẹn", "Xong"]
    path = write_csv(tmp_path / "s.csv", [["C1", "Lê C", "TT", "01/07/2023", "05/07/2023", "04/07/2023"]], headers=headers)
    with pytest.raises(InputError, match="thiếu cột «Mã hồ sơ», «Họ và tên»"):
        load_dossiers(path)
    mapping = write_yaml(tmp_path, "code: Mã HS\napplicant: Công dân\nprocedure: TTHC\nreceived: Nhận lúc\n"
                                   "due: Hẹn\nreturned: Xong\n", "cot.yaml")
    dossiers, _ = dossiers_and_problems(path, mapping)
    assert dossiers[0].returned == dt.date(2023, 7, 4)
    bad_map = write_yaml(tmp_path, "ma_ho_so: Mã HS\n", "sai.yaml")
    with pytest.raises(InputError, match="trường «ma_ho_so» không có"):
        load_dossiers(path, bad_map)


def test_missing_column_names_it_and_the_headers_found(tmp_path):
    path = write_csv(tmp_path / "s.csv", [ROW[:5]], headers=HEADERS[:5])
    with pytest.raises(InputError) as caught:
        load_dossiers(path)
    message = caught.value.format_message()
    assert "thiếu cột «Ngày hẹn trả», «Ngày trả kết quả»" in message
    assert "các tiêu đề tìm thấy: «Mã hồ sơ», «Họ và tên»" in message


def test_dates_in_every_form_xlsx(tmp_path):
    rows = [["A1", "X", "", "T", dt.datetime(2023, 7, 12, 8, 30), dt.date(2023, 7, 19), None, None, None, None],
            ["A2", "Y", "", "T", "12/7/2023", "2023-07-19 00:00:00", "18/07/2023 16:45", None, None, None],
            ["A3", "Z", "", "T", 45119, 45126, None, None, None, None]]  # Excel serial numbers
    path = write_xlsx(tmp_path / "s.xlsx", rows, title_rows=3)
    dossiers, problems = dossiers_and_problems(path)
    assert problems == []
    assert [d.received for d in dossiers] == [dt.date(2023, 7, 12)] * 3
    assert dossiers[1].returned == dt.date(2023, 7, 18) and dossiers[2].due == dt.date(2023, 7, 19)


def test_wrong_dates_name_row_column_and_value(tmp_path):
    rows = [ROW, ["HS-02", "B", "", "T", "31/02/2023", "hôm nay", "", "", "", ""], ["HS-03", "", "", "T", "", "", "", "", "", ""]]
    path = write_csv(tmp_path / "s.csv", rows)
    dossiers, problems = dossiers_and_problems(path)
    texts = [str(p) for p in problems]
    assert len(dossiers) == 1
    assert any("hàng 3, cột «Ngày tiếp nhận»: ngày «31/02/2023» không có thật" in t for t in texts)
    assert any("hàng 3, cột «Ngày hẹn trả»: «hôm nay» không phải là ngày" in t for t in texts)
    assert any("hàng 4, cột «Họ và tên»: ô bắt buộc đang trống" in t for t in texts)


def test_empty_register(tmp_path):
    with pytest.raises(InputError, match="không có dòng dữ liệu"):
        load_dossiers(write_csv(tmp_path / "s.csv", []))
    (tmp_path / "rong.csv").write_bytes(b"")
    with pytest.raises(InputError, match="không tìm thấy dòng tiêu đề"):
        load_register(tmp_path / "rong.csv")


def test_corrupt_and_password_protected_xlsx(tmp_path):
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="bị hỏng"):
        load_register(tmp_path / "hong.xlsx")
    (tmp_path / "matkhau.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(InputError, match="mật khẩu"):
        load_register(tmp_path / "matkhau.xlsx")


def test_legacy_encoding_csv(tmp_path):
    name = "Nguyê\u0303n Hà Văn"  # Windows-1258 writes the tone as a combining mark
    path = write_csv(tmp_path / "s.csv", [["HS-01", name, "Nam", "Cap phép", "12/07/2023", "19/07/2023", "", "", "", ""]],
                     headers=["Ma ho so", "Ho va ten", "Gioi tinh", "Ten thu tuc", "Ngay tiep nhan", "Ngay hen tra",
                              "Ngay tra ket qua", "Ly do cham", "Da xin loi", "Ngay hen lai"], encoding="cp1258")
    with pytest.raises(InputError, match="--encoding cp1258"):
        load_register(path)
    dossiers, _ = dossiers_and_problems(path, encoding="cp1258")
    assert dossiers[0].applicant == "Nguyễn Hà Văn"  # NFC: one code point per letter
    assert len(dossiers[0].applicant) == 13


def test_unknown_file_type_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="chỉ đọc được tệp .xlsx hoặc .csv"):
        load_register(tmp_path / "so.xls")
    with pytest.raises(InputError, match="không tìm thấy tệp"):
        load_register(tmp_path / "khong-co.csv")
