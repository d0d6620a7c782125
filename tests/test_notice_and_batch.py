"""Conclusion notices and batches of a whole inspection plan, read back."""

import csv
import hashlib
import shutil

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import SAMPLES, SEED, all_text, render_seed, write_yaml
from docx_reading import effective_flag, effective_font, effective_size, all_paragraphs, find_paragraph, mm, paragraph_format

PLAN = SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"


@pytest.fixture(scope="module")
def seed_notice(tmp_path_factory):
    return render_seed("notice", tmp_path_factory.mktemp("notice"))


def test_notice_header_has_place_and_date(seed_notice):
    left, right = seed_notice.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text][-1] == "Số:      /TB-ĐKT"
    place_date = [p for p in right.paragraphs if p.text][-1]
    assert place_date.text == "Đắk Lắk, ngày 20 tháng 7 năm 2023"
    run = place_date.runs[0]
    assert effective_flag(run, place_date, "italic") and not effective_flag(run, place_date, "bold")
    assert effective_size(run, place_date, seed_notice) == 14


def test_notice_title_summary_and_parts(seed_notice):
    text = all_text(seed_notice)
    assert find_paragraph(seed_notice, "THÔNG BÁO").text == "THÔNG BÁO"
    assert ("Kết luận kiểm tra công tác cải cách hành chính năm 2023 tại Sở Lao động, Thương binh và Xã hội"
            in text)
    positions = [text.index(part) for part in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ", "III. YÊU CẦU")]
    assert positions == sorted(positions)
    assert "ngày 12 tháng 7 năm 2023, Đoàn kiểm tra 611 do ông Hoàng Mạnh Hùng, Phó Giám đốc Sở Nội vụ làm Trưởng đoàn" in text
    assert "đạt 13/15 chỉ tiêu, nhiệm vụ (86,7%)" in text


def test_notice_requests_are_numbered_and_end_with_the_computed_deadline(seed_notice):
    requests = [p.text for p in seed_notice.paragraphs if p.text[:2] in {f"{i}." for i in range(1, 10)}]
    assert [r.split(".")[0] for r in requests] == ["1", "2", "3", "4", "5"]
    assert requests[-1] == ("5. Khắc phục các tồn tại, hạn chế nêu trên và báo cáo bằng văn bản kết quả khắc phục "
                            "gửi Đoàn kiểm tra chậm nhất ngày 23 tháng 8 năm 2023 (30 ngày làm việc kể từ ngày kiểm tra).")
    body = [p.text for p in seed_notice.paragraphs if p.text]
    assert body[-1].endswith("./.")


def test_notice_recipients_beside_signature(seed_notice):
    left, right = seed_notice.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "Nơi nhận:", "- Sở Lao động, Thương binh và Xã hội;", "- UBND tỉnh (để báo cáo);", "- Sở Nội vụ;",
        "- Lưu: VT, ĐKT."]
    assert [p.text for p in right.paragraphs if p.text] == ["TM. ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN", "Hoàng Mạnh Hùng"]
    title = left.paragraphs[0]
    assert effective_size(title.runs[0], title, seed_notice) == 12
    assert effective_flag(title.runs[0], title, "bold") and effective_flag(title.runs[0], title, "italic")
    for paragraph in right.paragraphs:
        for run in paragraph.runs:
            assert effective_flag(run, paragraph, "bold") and effective_size(run, paragraph, seed_notice) == 14
        if paragraph.text:
            assert paragraph_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_notice_page_and_fonts(seed_notice):
    section = seed_notice.sections[0]
    assert (mm(section.left_margin), mm(section.right_margin), mm(section.top_margin)) == (30.0, 15.0, 20.0)
    assert {effective_font(r, p, seed_notice) for p in all_paragraphs(seed_notice) for r in p.runs} == {"Times New Roman"}
    assert section.different_first_page_header_footer


def test_notice_without_date_uses_today(run, tmp_path, seed_text):
    import datetime as dt

    from minutes_gen.vn.dates import long_date

    path = write_yaml(tmp_path, seed_text.replace("  date: 20/07/2023  ", "  # date: "))
    assert run("render", "notice", path, "-o", "tb.docx").exit_code == 0
    assert f"Đắk Lắk, {long_date(dt.date.today())}" in all_text(Document(str(tmp_path / "tb.docx")))


def _manifest(folder):
    with open(folder / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_sample_plan_renders_every_unit_and_kind(run, tmp_path):
    result = run("batch", PLAN, "-o", "ket-qua")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "ket-qua"
    assert (folder / "manifest.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _manifest(folder)
    assert len(rows) == 8 and {row["Trạng thái"] for row in rows} == {"đã ghi"}
    for row in rows:
        data = (folder / row["Tệp"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["SHA-256"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([r["Tệp"] for r in rows] + ["manifest.csv", "manifest.xlsx"])
    assert "Đã ghi 8 văn bản" in result.output and "2 cảnh báo" in result.output
    assert "đơn vị «Ủy ban nhân dân huyện Krông Pắc»" in result.output  # the 25 % warning names its unit
    deadlines = {
        "thong-bao-so-lao-dong-thuong-binh-va-xa-hoi.docx": "chậm nhất ngày 23 tháng 8 năm 2023 (30 ngày",
        "thong-bao-so-tu-phap.docx": "chậm nhất ngày 25 tháng 8 năm 2023 (30 ngày",
        "thong-bao-uy-ban-nhan-dan-huyen-krong-pac.docx": "chậm nhất ngày 29 tháng 8 năm 2023 (30 ngày",
        "thong-bao-so-giao-thong-van-tai.docx": "chậm nhất ngày 17 tháng 8 năm 2023 (20 ngày",
    }
    for name, deadline in deadlines.items():
        text = all_text(Document(str(folder / name)))
        assert deadline in text, name
    gtvt = all_text(Document(str(folder / "bien-ban-so-giao-thong-van-tai.docx")))
    assert 'phối hợp với "Công ty A & B <C>" số hóa' in gtvt
    assert "Sở GTVT đã tiếp nhận 15.230 hồ sơ" in gtvt
    notice = Document(str(folder / "thong-bao-so-tu-phap.docx"))
    assert "Đắk Lắk, ngày 21 tháng 7 năm 2023" in all_text(notice)
    assert "- Sở Tư pháp;" in all_text(notice)


def test_kinds_option_and_unknown_kind(run, tmp_path):
    assert run("batch", PLAN, "-o", "tb", "--kinds", "notice").exit_code == 0
    assert len(_manifest(tmp_path / "tb")) == 4
    bad = run("batch", PLAN, "-o", "x", "--kinds", "notice,apology2")
    assert bad.exit_code == 2 and "apology2" in bad.output


def _plan_with(tmp_path, extra_units: str) -> str:
    shutil.copy(SEED, tmp_path / SEED.name)
    text = PLAN.read_text(encoding="utf-8") + extra_units
    return write_yaml(tmp_path, text, "ke-hoach.yaml")


BROKEN_UNIT = """
  - unit:
      name: Sở Y tế
      representatives: [{name: Nguyễn Văn A, position: Giám đốc}]
    meeting: {date: 30/02/2023, start: "08:00", location: Sở Y tế}
    achievements: [Tốt]
    shortcomings: []
    requests: []
    statistics: {dossiers: {received: nhiều}}
"""


def test_one_broken_unit_stops_the_batch_with_every_error(run, tmp_path):
    plan = _plan_with(tmp_path, BROKEN_UNIT)
    result = run("batch", plan, "-o", "ket-qua")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "đơn vị «Sở Y tế», " in result.output
    assert "trường meeting.date: ngày «30/02/2023» không có thật" in result.output
    assert "trường statistics.dossiers.received: phải là một số nguyên" in result.output
    assert "trường statistics.dossiers.period_from: thiếu trường bắt buộc" in result.output
    assert "ke-hoach.yaml, dòng " in result.output
    assert not (tmp_path / "ket-qua").exists()


def test_skip_invalid_writes_the_valid_units(run, tmp_path):
    plan = _plan_with(tmp_path, BROKEN_UNIT)
    result = run("batch", plan, "-o", "ket-qua", "--skip-invalid")
    assert result.exit_code == 0, result.output
    rows = _manifest(tmp_path / "ket-qua")
    assert [r["Trạng thái"] for r in rows].count("đã ghi") == 8
    assert [r for r in rows if r["Trạng thái"] == "bỏ qua"][0]["Đơn vị"] == "Sở Y tế"
    assert "bỏ qua 1 đơn vị có lỗi" in result.output and "Bỏ qua: đơn vị «Sở Y tế»" in result.output


def test_duplicate_unit_names_are_refused(run, tmp_path):
    plan = _plan_with(tmp_path, """
  - unit:
      name: "Sở tư pháp"
      representatives: [{name: Nguyễn Văn B, position: Phó Giám đốc}]
    meeting: {date: 01/08/2023, start: "08:00", location: Sở Tư pháp}
    achievements: [Tốt]
    shortcomings: []
    requests: []
""")
    result = run("batch", plan, "-o", "ket-qua")
    assert result.exit_code == 2 and "tên đơn vị trùng với đơn vị đã khai báo ở" in result.output


def test_names_that_slug_alike_get_unique_files(run, tmp_path):
    plan = _plan_with(tmp_path, """
  - unit:
      name: Uỷ ban nhân dân huyện Krông Pắc
      representatives: [{name: Nguyễn Văn C, position: Chủ tịch}]
    meeting: {date: 01/08/2023, start: "08:00", location: UBND huyện}
    achievements: [Tốt]
    shortcomings: []
    requests: []
""")
    result = run("batch", plan, "-o", "ket-qua", "--kinds", "minutes")
    assert result.exit_code == 0, result.output
    names = [r["Tệp"] for r in _manifest(tmp_path / "ket-qua")]
    assert "bien-ban-uy-ban-nhan-dan-huyen-krong-pac.docx" in names
    assert "bien-ban-uy-ban-nhan-dan-huyen-krong-pac-2.docx" in names


def test_missing_unit_file_and_empty_glob(run, tmp_path):
    plan = _plan_with(tmp_path, "\n  - file: don-vi/khong-co.yaml\n  - files: don-vi/*.yaml\n")
    result = run("batch", plan, "-o", "ket-qua")
    assert result.exit_code == 2
    assert "khong-co.yaml: không tìm thấy tệp (khai báo tại" in result.output
    assert "không có tệp nào khớp với «don-vi/*.yaml»" in result.output


def test_glob_of_unit_files(run, tmp_path):
    folder = tmp_path / "don-vi"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.yaml")
    plan = write_yaml(tmp_path, "units:\n  - files: don-vi/*.yaml\n", "ke-hoach.yaml")
    result = run("batch", plan, "-o", "ket-qua")
    assert result.exit_code == 0, result.output
    assert len(_manifest(tmp_path / "ket-qua")) == 2


def test_output_folder_not_writable(run, tmp_path):
    (tmp_path / "tep").write_text("không phải thư mục")
    result = run("batch", PLAN, "-o", tmp_path / "tep" / "ket-qua")
    assert result.exit_code == 2 and "không ghi được vào thư mục kết quả" in result.output


def test_existing_files_kept_unless_force(run, tmp_path):
    assert run("batch", PLAN, "-o", "ket-qua").exit_code == 0
    target = tmp_path / "ket-qua" / "bien-ban-so-tu-phap.docx"
    target.write_bytes(b"ban da sua tay")
    again = run("batch", PLAN, "-o", "ket-qua")
    assert again.exit_code == 2 and "bien-ban-so-tu-phap.docx: tệp đã tồn tại" in again.output
    assert target.read_bytes() == b"ban da sua tay"
    assert run("batch", PLAN, "-o", "ket-qua", "--force").exit_code == 0
    assert target.read_bytes().startswith(b"PK")


def test_no_progress_bar_when_not_a_terminal(run):
    result = run("batch", PLAN, "-o", "ket-qua")
    assert "Đang tạo văn bản" not in result.output


def test_plan_without_units(run, tmp_path):
    result = run("batch", write_yaml(tmp_path, "shared: {}\n"), "-o", "x")
    assert result.exit_code == 2 and "ít nhất một đơn vị" in result.output
