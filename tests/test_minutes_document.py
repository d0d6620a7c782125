"""The seed's minutes, read back: text, figures, dates, fonts, sizes, margins, header layout."""

import os
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import SEED, all_text, write_yaml
from docx_reading import (
    all_paragraphs,
    effective_flag,
    effective_font,
    effective_size,
    find_paragraph,
    minutes_signatures,
    mm,
    paragraph_format,
)


def test_page_is_a4_with_nd30_margins(seed_minutes):
    section = seed_minutes.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20.0, 20.0)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30.0, 15.0)


def test_every_run_is_times_new_roman_and_language_is_vietnamese(seed_minutes):
    fonts = {effective_font(run, p, seed_minutes) for p in all_paragraphs(seed_minutes) for run in p.runs}
    assert fonts == {"Times New Roman"}
    header = seed_minutes.sections[0].header
    assert {effective_font(run, p, seed_minutes) for p in header.paragraphs for run in p.runs} == {"Times New Roman"}
    defaults = seed_minutes.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert seed_minutes.core_properties.language == "vi-VN"


def test_header_block_follows_form_1_9(seed_minutes):
    table = seed_minutes.tables[0]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert 0.35 < grid[0] / sum(grid) < 0.42 and 0.58 < grid[1] / sum(grid) < 0.65
    left, right = table.rows[0].cells
    left_texts = [p.text for p in left.paragraphs if p.text]
    assert left_texts == ["UBND TỈNH ĐẮK LẮK", "ĐOÀN KIỂM TRA", "CẢI CÁCH HÀNH CHÍNH", "Số:      /BB-ĐKT"]
    right_texts = [p.text for p in right.paragraphs if p.text]
    assert right_texts == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]  # no place/date
    expected = {  # text: (size, bold)
        "UBND TỈNH ĐẮK LẮK": (13, False),
        "ĐOÀN KIỂM TRA": (13, True), "CẢI CÁCH HÀNH CHÍNH": (13, True),
        "Số:      /BB-ĐKT": (13, False),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": (13, True),
        "Độc lập - Tự do - Hạnh phúc": (14, True),
    }
    for paragraph in left.paragraphs + right.paragraphs:
        if paragraph.text in expected:
            run = paragraph.runs[0]
            assert (effective_size(run, paragraph, seed_minutes), effective_flag(run, paragraph, "bold")) == expected[paragraph.text]
            assert not effective_flag(run, paragraph, "italic")
            assert paragraph_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    motto = find_paragraph(seed_minutes, "Độc lập - Tự do")
    assert motto.runs[0].underline  # the line under the motto, exactly as long as the text


def test_rule_under_agency_name_is_a_short_centred_line(seed_minutes):
    left = seed_minutes.tables[0].rows[0].cells[0]
    ruled = [p for p in left.paragraphs if p._p.find(".//" + qn("w:pBdr")) is not None]
    assert len(ruled) == 1
    indent = ruled[0].paragraph_format
    line_mm = left.width.mm - indent.left_indent.mm - indent.right_indent.mm
    assert 15 <= line_mm <= 30 and abs(indent.left_indent.mm - indent.right_indent.mm) < 0.1


def test_title_and_summary(seed_minutes):
    title = find_paragraph(seed_minutes, "BIÊN BẢN")
    assert title.text == "BIÊN BẢN"
    summary = find_paragraph(seed_minutes, "Kiểm tra công tác cải cách hành chính năm 2023 tại")
    assert summary.text == "Kiểm tra công tác cải cách hành chính năm 2023 tại Sở Lao động, Thương binh và Xã hội"
    for paragraph in (title, summary):
        run = paragraph.runs[0]
        assert effective_size(run, paragraph, seed_minutes) == 14 and effective_flag(run, paragraph, "bold")
        assert paragraph_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_body_paragraphs_are_justified_indented_and_spaced(seed_minutes):
    body = [p for p in seed_minutes.paragraphs if p.style.name == "Normal" and p.text]
    assert len(body) > 20
    for paragraph in body:
        assert paragraph_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 1.0 <= paragraph_format(paragraph, "first_line_indent").cm <= 1.27
        assert paragraph_format(paragraph, "space_after").pt >= 6
        assert all(effective_size(run, paragraph, seed_minutes) == 14 for run in paragraph.runs)


def test_every_figure_name_and_date_of_the_article_is_there(seed_minutes):
    text = all_text(seed_minutes)
    for fragment in [
        "Thực hiện Quyết định số 611/QĐ-UBND ngày 15 tháng 3 năm 2023",
        "Thời gian bắt đầu: 08 giờ 00 phút, ngày 12 tháng 7 năm 2023.",
        "Ông Hoàng Mạnh Hùng, Phó Giám đốc Sở Nội vụ - Trưởng đoàn;",
        "Ông Nguyễn Đình Tương, Phó Giám đốc Sở Lao động, Thương binh và Xã hội.",
        "Từ ngày 01/01/2022 đến ngày 15/6/2023, Sở LĐTBXH đã tiếp nhận 805 hồ sơ thủ tục hành chính; "
        "đã giải quyết 803 hồ sơ, trong đó đúng hạn và trước hạn 801 hồ sơ (đạt 99,8%), quá hạn 02 hồ sơ; "
        "đang giải quyết 07 hồ sơ trong hạn.",
        "là 98 thủ tục.",
        "thanh toán trực tuyến là 05 thủ tục; số hồ sơ có phát sinh giao dịch thanh toán trực tuyến là 03 hồ sơ.",
        "Năm 2022, Sở LĐTBXH đã kiểm tra công tác cải cách hành chính tại 04/12 đơn vị thuộc và trực thuộc "
        "(đạt 33,3%, đảm bảo ít nhất 30%",
        "Văn phòng Sở; Phòng Người có công; Trung tâm Bảo trợ xã hội; Quỹ Bảo trợ trẻ em.",
        "đạt 13/15 chỉ tiêu, nhiệm vụ (86,7%); 02 chỉ tiêu, nhiệm vụ không đạt.",
        "đã tiếp nhận 03 phản ánh, kiến nghị",
        "gửi Đoàn kiểm tra chậm nhất ngày 23 tháng 8 năm 2023 (30 ngày làm việc kể từ ngày kiểm tra).",
        "Buổi kiểm tra kết thúc vào 11 giờ 30 phút, ngày 12 tháng 7 năm 2023.",
        "lập thành 02 bản",
        "Chỉ thị nâng cao năng lực cạnh tranh tỉnh Đắk Lắk",
    ]:
        assert fragment in text, fragment
    assert text.count("./.") == 1


def test_parts_are_in_order(seed_minutes):
    text = all_text(seed_minutes)
    positions = [text.index(h) for h in ("Thành phần tham dự:", "I. NỘI DUNG KIỂM TRA", "II. KẾT QUẢ KIỂM TRA",
                                         "1. Kết quả đạt được", "2. Tồn tại, hạn chế", "III. YÊU CẦU",
                                         "Buổi kiểm tra kết thúc", "Nơi nhận:")]
    assert positions == sorted(positions)


def test_signatures_side_by_side_with_names(seed_minutes):
    table = minutes_signatures(seed_minutes)
    cells = [[p.text for p in cell.paragraphs if p.text] for cell in table.rows[0].cells]
    assert cells == [["ĐẠI DIỆN ĐƠN VỊ", "ĐƯỢC KIỂM TRA", "Nguyễn Đình Tương"],
                     ["THƯ KÝ", "Lê Thị Mai Phương"], ["TRƯỞNG ĐOÀN", "Hoàng Mạnh Hùng"]]
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                assert effective_flag(run, paragraph, "bold") and effective_size(run, paragraph, seed_minutes) == 14
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_recipients_block(seed_minutes):
    title = find_paragraph(seed_minutes, "Nơi nhận:")
    run = title.runs[0]
    assert effective_size(run, title, seed_minutes) == 12
    assert effective_flag(run, title, "bold") and effective_flag(run, title, "italic")
    paragraphs = list(all_paragraphs(seed_minutes))  # «Nơi nhận» is in the block that ends the minutes
    start = [p.text for p in paragraphs].index("Nơi nhận:")
    lines = [p for p in paragraphs[start + 1:] if p.text.startswith("- ")]
    assert [p.text for p in lines] == ["- Sở Lao động, Thương binh và Xã hội;", "- Lưu: VT, Hồ sơ."]
    assert all(effective_size(r, p, seed_minutes) == 11 for p in lines for r in p.runs)


def test_page_numbers_centred_at_top_from_page_two(seed_minutes):
    section = seed_minutes.sections[0]
    assert section.different_first_page_header_footer
    first_page = section.first_page_header._element.xml
    assert "PAGE" not in first_page
    header = section.header.paragraphs[0]
    assert "PAGE" in header._p.xml and header.alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert paragraph_format(header, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert all(effective_size(r, header, seed_minutes) == 13 for r in header.runs)


def test_number_from_the_data_gets_leading_zero(run, tmp_path, seed_text):
    path = write_yaml(tmp_path, seed_text.replace("  # number: 7  ", "  number: 7  "))
    assert run("render", "minutes", path, "-o", "bb.docx").exit_code == 0
    assert "Số: 07/BB-ĐKT" in all_text(Document(str(tmp_path / "bb.docx")))


def test_text_is_escaped_exactly(run, tmp_path, seed_text):
    text = seed_text.replace("name: Sở Lao động, Thương binh và Xã hội", 'name: "Công ty A & B <C> {{ x }}"')
    result = run("render", "minutes", write_yaml(tmp_path, text), "-o", "bb.docx")
    assert result.exit_code == 0, result.output
    rendered = all_text(Document(str(tmp_path / "bb.docx")))
    assert "tại Công ty A & B <C> {{ x }}" in rendered


def test_default_name_no_overwrite_and_force(run, tmp_path):
    first = run("render", "minutes", SEED)
    assert first.exit_code == 0
    target = tmp_path / "bien-ban-so-lao-dong-thuong-binh-va-xa-hoi.docx"
    assert target.exists()
    target.write_bytes(b"ban cu")
    second = run("render", "minutes", SEED)
    assert second.exit_code == 2 and "--force" in second.output
    assert target.read_bytes() == b"ban cu"
    assert run("render", "minutes", SEED, "--force").exit_code == 0
    assert target.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file left


def test_interrupted_write_leaves_no_file(run, tmp_path, monkeypatch):
    def broken_fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", broken_fsync)
    result = run("render", "minutes", SEED, "-o", "bb.docx")  # Ctrl-C in the middle of the write
    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []


def test_missing_template_variable_is_named(tmp_path):
    from minutes_gen.errors import InputError
    from minutes_gen.runs.settings import RunSettings
    from minutes_gen.runs.single import render_one

    template = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("{{ unit.nmae }}")
    document.save(str(template))
    with pytest.raises(InputError, match="biến «unit.nmae» không có .*có phải là «unit.name»"):
        render_one("minutes", SEED, tmp_path / "out.docx", RunSettings(template=template))
    assert not (tmp_path / "out.docx").exists()


def test_no_end_time_leaves_room_to_write_by_hand(run, tmp_path, seed_text):
    path = write_yaml(tmp_path, seed_text.replace('  end: "11:30"\n', ""))
    assert run("render", "minutes", path, "-o", "bb.docx").exit_code == 0
    assert "kết thúc vào ..... giờ ..... phút, ngày 12 tháng 7 năm 2023" in all_text(Document(str(tmp_path / "bb.docx")))


def test_calendar_file_moves_the_deadline(run, tmp_path):
    calendar = write_yaml(tmp_path, "days_off:\n  - date: 13/07/2023\n    name: Nghỉ đột xuất\n", "lich.yaml")
    result = run("render", "minutes", SEED, "-o", "bb.docx", "--calendar", calendar)
    assert result.exit_code == 0, result.output
    assert "chậm nhất ngày 24 tháng 8 năm 2023" in all_text(Document(str(tmp_path / "bb.docx")))


def test_libreoffice_opens_the_minutes(tmp_path, soffice):
    from click.testing import CliRunner

    from minutes_gen.cli import cli

    docx = tmp_path / "bb.docx"
    assert CliRunner().invoke(cli, ["render", "minutes", str(SEED), "-o", str(docx)]).exit_code == 0
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bb.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hoàng Mạnh Hùng",
                 "chậm nhất ngày 23 tháng 8 năm 2023"):
        assert line in text
