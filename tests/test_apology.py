"""Apology slips: who is owed one, salutation, dates, slips read back, manifest, bad input."""

import csv
import datetime as dt

import pytest
from docx import Document

from conftest import SAMPLES, all_text, write_yaml
from docx_reading import all_paragraphs, effective_font, find_paragraph
from minutes_gen.model.dossier import Dossier
from minutes_gen.model.overdue import Outcome, judge
from minutes_gen.vn.people import addressee, is_organisation, salutation, second_person
from minutes_gen.vn.workdays import NATIONAL
from registers import write_csv

AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"
REGISTER = SAMPLES / "so-theo-doi-ho-so.xlsx"
D = dt.date
AS_OF = D(2023, 6, 15)  # a Thursday


def dossier(**changes) -> Dossier:
    values = dict(row=2, code="HS-1", applicant="Nguyễn Văn A", procedure="Thủ tục X",
                  received=D(2023, 6, 1), due=D(2023, 6, 14))
    return Dossier(**{**values, **changes})


@pytest.mark.parametrize("changes, outcome, new_date", [
    ({"returned": D(2023, 6, 15)}, Outcome.APOLOGY_RETURNED_LATE, None),
    ({"returned": D(2023, 6, 16)}, Outcome.APOLOGY_NEW_DATE, D(2023, 6, 22)),  # returned after the letter: open then
    ({"received": D(2023, 6, 16), "due": D(2023, 6, 20)}, Outcome.NOT_YET_RECEIVED, None),
    ({"returned": D(2023, 6, 14)}, Outcome.NOT_OVERDUE, None),
    ({"returned": D(2023, 6, 13)}, Outcome.NOT_OVERDUE, None),
    ({"returned": D(2023, 6, 15), "apologised": True}, Outcome.ALREADY_APOLOGISED, None),
    ({}, Outcome.APOLOGY_NEW_DATE, D(2023, 6, 22)),                       # due yesterday: +5 working days
    ({"due": D(2023, 6, 16)}, Outcome.APOLOGY_NEW_DATE, D(2023, 6, 22)),   # due on the next working day
    ({"due": D(2023, 6, 19)}, Outcome.NOT_OVERDUE, None),                  # Monday: two working days away
    ({"reappointed": D(2023, 6, 23)}, Outcome.APOLOGY_NEW_DATE, D(2023, 6, 23)),
    ({"reappointed": D(2023, 6, 10)}, Outcome.ALREADY_REAPPOINTED, D(2023, 6, 10)),
    ({"apologised": True}, Outcome.ALREADY_APOLOGISED, None),
    ({"apologised": True, "reappointed": D(2023, 6, 12)}, Outcome.ALREADY_REAPPOINTED, D(2023, 6, 12)),
])
def test_judge(changes, outcome, new_date):
    verdict = judge(dossier(**changes), AS_OF, NATIONAL, 5)
    assert verdict.outcome is outcome and verdict.new_date == new_date


def test_new_date_skips_holidays():
    verdict = judge(dossier(due=D(2024, 2, 5), received=D(2024, 1, 29)), D(2024, 2, 6), NATIONAL, 5)
    assert verdict.new_date == D(2024, 2, 20)  # across Tết Giáp Thìn


@pytest.mark.parametrize("name, gender, expected, you", [
    ("Nguyễn Văn A", "Nam", "Ông Nguyễn Văn A", "Ông"),
    ("Trần Thị B", "Nữ", "Bà Trần Thị B", "Bà"),
    ("Trần Thị B", "Bà", "Bà Trần Thị B", "Bà"),
    ("Lê C", None, "Ông/Bà Lê C", "Ông/Bà"),
    ("Trương Văn D", "", "Ông/Bà Trương Văn D", "Ông/Bà"),
    ("Công ty TNHH ABC", None, "Công ty TNHH ABC", "Công ty TNHH ABC"),
    ("Hợp tác xã Ea Kao", "Nam", "Hợp tác xã Ea Kao", "Hợp tác xã Ea Kao"),
])
def test_salutation(name, gender, expected, you):
    assert addressee(name, gender) == expected and second_person(name, gender) == you


def test_organisation_detection():
    assert is_organisation("Doanh nghiệp tư nhân Hoàng Long") and not is_organisation("Trương Thị Hoa")
    assert salutation("ông") == "Ông" and salutation("nu") == "Bà"


def _manifest(folder):
    with open(folder / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    from click.testing import CliRunner

    from minutes_gen.cli import cli

    folder = tmp_path_factory.mktemp("phieu")
    result = CliRunner().invoke(cli, ["apology", str(REGISTER), "--agency", str(AGENCY), "-o", str(folder),
                                      "--as-of", "15/06/2023", "--combined"])
    assert result.exit_code == 0, result.output
    return folder, result.output


def test_sample_gives_one_slip_per_owed_dossier_and_accounts_for_every_row(sample_run):
    folder, output = sample_run
    rows = _manifest(folder)
    assert len(rows) == 811 and len({r["Hàng"] for r in rows}) == 811
    outcomes = [r["Kết quả"] for r in rows]
    assert outcomes.count(Outcome.APOLOGY_NEW_DATE.value) == 2
    assert outcomes.count(Outcome.APOLOGY_RETURNED_LATE.value) == 1
    assert outcomes.count(Outcome.ALREADY_APOLOGISED.value) == 1
    assert outcomes.count(Outcome.NOT_OVERDUE.value) == 807
    slips = sorted(p.name for p in folder.glob("phieu-xin-loi-h15*.docx"))
    assert slips == sorted(r["Tệp"] for r in rows if r["Tệp"])
    assert "Đã xét 811 hồ sơ" in output


def test_slip_for_an_organisation_returned_late(sample_run):
    folder, _ = sample_run
    row = next(r for r in _manifest(folder) if r["Kết quả"] == Outcome.APOLOGY_RETURNED_LATE.value)
    document = Document(str(folder / row["Tệp"]))
    text = all_text(document)
    assert "Kính gửi: Công ty TNHH Dịch vụ việc làm Tây Nguyên." in text
    assert f"- Mã hồ sơ (số biên nhận): {row['Mã hồ sơ']};" in text
    assert "Lý do chậm: thao tác xử lý trên phần mềm bị chậm." in text
    assert "chậm 02 ngày làm việc so với ngày hẹn trả" in text
    assert "ảnh hưởng đến Công ty TNHH Dịch vụ việc làm Tây Nguyên; Sở Lao động, Thương binh và Xã hội thành thật xin lỗi" in text
    assert "Kết quả giải quyết hồ sơ đã được trả cho Công ty TNHH Dịch vụ việc làm Tây Nguyên ngày" in text
    assert "Quý cơ quan" not in text  # one way of addressing, the name, everywhere
    assert "hẹn lại ngày trả" not in text.lower()  # the title promises no new date either
    assert "PHIẾU XIN LỖI\nVề việc trả kết quả giải quyết hồ sơ quá hạn" in text


def test_slip_with_new_appointment(sample_run):
    folder, _ = sample_run
    row = next(r for r in _manifest(folder) if r["Ngày hẹn lại"] == "22/06/2023")
    document = Document(str(folder / row["Tệp"]))
    text = all_text(document)
    left, right = document.tables[0].rows[0].cells
    assert "Số:      /PXL-SLĐTBXH" in [p.text for p in left.paragraphs]
    assert "Đắk Lắk, ngày 15 tháng 6 năm 2023" in [p.text for p in right.paragraphs]
    assert find_paragraph(document, "PHIẾU XIN LỖI").text == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert "Kính gửi: Ông/Bà " in text  # no gender in the register
    assert "hẹn trả kết quả ngày 14 tháng 6 năm 2023" in text
    assert "Tình trạng hồ sơ: đang giải quyết, chưa có kết quả" in text
    assert "cho Ông/Bà là ngày 22 tháng 6 năm 2023." in text
    assert text.count("Trân trọng./.") == 1
    signature = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Đình Tương"]
    recipients = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs if p.text]
    assert recipients == ["Nơi nhận:", "- Như trên;", "- Trung tâm Phục vụ hành chính công tỉnh;", "- Lưu: VT, BPMC."]
    assert {effective_font(r, p, document) for p in all_paragraphs(document) for r in p.runs} == {"Times New Roman"}


def test_combined_print_file_has_every_slip_on_its_own_page(sample_run):
    folder, _ = sample_run
    combined = Document(str(folder / "phieu-xin-loi-tong-hop.docx"))
    assert len(combined.sections) == 3
    assert all(section.different_first_page_header_footer for section in combined.sections)
    text = all_text(combined)
    for row in _manifest(folder):
        if row["Tệp"]:
            assert row["Mã hồ sơ"] in text
    assert text.count("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ") == 2 and text.count("PHIẾU XIN LỖI\n") == 1  # one returned late


def _register_with_bad_rows(tmp_path):
    return write_csv(tmp_path / "so.csv", [
        ["HS-1", "Nguyễn Văn A", "Nam", "T", "01/06/2023", "14/06/2023", "", "", "", ""],
        ["HS-2", "Trần Thị B", "Nữ", "T", "01/06/2023", "31/06/2023", "", "", "", ""],
        ["HS-3", "Lê C", "", "T", "01/06/2023", "20/06/2023", "", "", "không biết", ""],
    ])


def test_invalid_rows_stop_everything_by_default(run, tmp_path):
    result = run("apology", _register_with_bad_rows(tmp_path), "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023")
    assert result.exit_code == 2
    assert "hàng 3, cột «Ngày hẹn trả»: ngày «31/06/2023» không có thật" in result.output
    assert "hàng 4, cột «Đã xin lỗi»: «không biết» không rõ" in result.output
    assert not (tmp_path / "phieu").exists()


def test_skip_invalid_records_each_row_once(run, tmp_path):
    result = run("apology", _register_with_bad_rows(tmp_path), "--agency", AGENCY, "-o", "phieu",
                 "--as-of", "15/06/2023", "--skip-invalid", "--extend-days", "3")
    assert result.exit_code == 0, result.output
    rows = _manifest(tmp_path / "phieu")
    assert [(r["Hàng"], r["Kết quả"]) for r in rows] == [
        ("2", Outcome.APOLOGY_NEW_DATE.value), ("3", Outcome.INVALID.value), ("4", Outcome.INVALID.value)]
    assert rows[0]["Ngày hẹn lại"] == "20/06/2023"  # 3 working days after Thursday 15/6
    assert "31/06/2023" in rows[1]["Ghi chú"]


def test_existing_slips_kept_unless_force(run, tmp_path):
    args = ["apology", REGISTER, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023"]
    assert run(*args).exit_code == 0
    again = run(*args)
    assert again.exit_code == 2 and "tệp đã tồn tại" in again.output
    assert run(*args, "--force").exit_code == 0


def test_bad_agency_file(run, tmp_path):
    agency = write_yaml(tmp_path, "agency: {name: Sở X}\nsigner: {name: A}\n", "cq.yaml")
    result = run("apology", REGISTER, "--agency", agency, "-o", "phieu")
    assert result.exit_code == 2
    assert "trường agency.abbreviation: thiếu trường bắt buộc" in result.output
    assert "trường signer.title: thiếu trường bắt buộc" in result.output
    assert not (tmp_path / "phieu").exists()
