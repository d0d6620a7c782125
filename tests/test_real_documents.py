"""Documents as offices issue them: the second sample (công vụ at a district, issued by the
Sở, two days, sub-points, causes, two periods, a table of figures, the unit's opinion, an
appendix, a KT. signer) renders, validates and passes lint, and says nothing of administrative
reform; each structure is read back from the .docx and, where pages matter, from the PDF."""

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import SAMPLES, SEED, all_text, write_yaml
from docx_reading import minutes_signatures
from test_web import client, token  # noqa: F401  (the web fixtures)
from web_helpers import form_values
from minutes_gen.lint import lint_document
from minutes_gen.vn.line_breaks import COMPOUNDS, balanced_lines, text_width_mm

SECOND = SAMPLES / "kiem-tra-cong-vu-krong-buk-2024.yaml"
STEM = "uy-ban-nhan-dan-huyen-krong-buk"


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    """The second sample's minutes and notice, as .docx and as PDF."""
    from click.testing import CliRunner

    from minutes_gen.cli.app import cli

    folder = tmp_path_factory.mktemp("second")
    for kind in ("minutes", "notice"):
        result = CliRunner().invoke(cli, ["render", kind, str(SECOND), "-o", f"{folder}/", "--pdf"])
        assert result.exit_code == 0, result.output
    return folder


def _text(folder, prefix):
    return all_text(Document(str(folder / f"{prefix}-{STEM}.docx")))


def test_second_sample_validates_without_warnings(run):
    result = run("validate", SECOND)
    assert result.exit_code == 0 and "(0 cảnh báo)" in result.output, result.output


def test_second_sample_says_nothing_of_administrative_reform(second):
    for prefix in ("bien-ban", "thong-bao"):
        text = _text(second, prefix)
        assert "cải cách hành chính" not in text.lower() and "CCHC" not in text
        assert "việc thực hiện chế độ công vụ, công chức và công tác văn thư, lưu trữ năm 2024" in text


@pytest.mark.slow
def test_both_samples_pass_lint_with_the_signature_page_rule(second, tmp_path, run, soffice):
    assert run("render", "minutes", SEED, "-o", "bb.docx").exit_code == 0
    assert run("render", "notice", SEED, "-o", "tb.docx").exit_code == 0
    documents = [(second / f"bien-ban-{STEM}.docx", "minutes"), (second / f"thong-bao-{STEM}.docx", "notice"),
                 (tmp_path / "bb.docx", "minutes"), (tmp_path / "tb.docx", "notice")]
    for path, kind in documents:
        assert lint_document(path, kind) == [], path.name


def test_findings_have_sub_points_causes_and_the_figures_where_the_data_says(second):
    text = _text(second, "bien-ban")
    assert ("- Việc tuyển dụng, sử dụng và quản lý công chức được thực hiện đúng quy định:\n"
            "a) tuyển dụng 12 công chức cấp xã qua thi tuyển, đúng quy trình, công khai kết quả;\n"
            "b) bố trí công chức đúng vị trí việc làm được phê duyệt;\n"
            "c) thực hiện đánh giá, xếp loại năm 2023 đúng thời hạn.") in text
    assert ("b) kho lưu trữ chưa có thiết bị chống ẩm, báo cháy.\n"
            "Nguyên nhân: kinh phí chỉnh lý tài liệu chưa được bố trí đủ") in text
    # the figures follow the finding marked statistics_here, before the next finding; two periods
    one_stop = text.index("- Bộ phận Một cửa huyện giải quyết")
    first, second_period = text.index("- Năm 2023 (từ ngày 01/01/2023"), text.index("- 9 tháng năm 2024 (từ ngày")
    assert one_stop < first < second_period < text.index("- Đã ban hành Danh mục hồ sơ năm 2024")
    assert "quá hạn 39 hồ sơ." in text  # no in-process figure for 2023: no «đang giải quyết 00»
    assert "00 hồ sơ" not in text


def test_sessions_on_two_days(second):
    minutes, notice = _text(second, "bien-ban"), _text(second, "thong-bao")
    assert ("Thời gian, địa điểm:\n- từ 08 giờ 00 phút đến 11 giờ 30 phút, ngày 15 tháng 10 năm 2024, tại trụ sở "
            "UBND huyện Krông Búk;\n- từ 08 giờ 00 phút đến 16 giờ 30 phút, ngày 16 tháng 10 năm 2024, tại kho "
            "lưu trữ") in minutes
    assert "Thời gian bắt đầu" not in minutes
    assert "Buổi kiểm tra kết thúc vào 16 giờ 30 phút, ngày 16 tháng 10 năm 2024." in minutes
    assert "từ ngày 15 tháng 10 năm 2024 đến ngày 16 tháng 10 năm 2024, Đoàn kiểm tra công vụ" in notice
    # request deadlines count from the last day: 60 working days after 16/10/2024 (1/1/2025 a holiday)
    assert "cho kho lưu trữ (thời hạn: chậm nhất ngày 09 tháng 01 năm 2025)." in minutes


def test_the_table_of_figures_is_a_word_table(second):
    document = Document(str(second / f"bien-ban-{STEM}.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Cơ quan")
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Cơ quan", "Biên chế được giao", "Có mặt", "Tuyển dụng năm 2024"],
        ["Các cơ quan chuyên môn thuộc UBND huyện", "86", "81", "4"],
        ["Công chức cấp xã", "142", "137", "8"],
        ["Tổng cộng", "228", "218", "12"],
    ]
    assert len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == 4  # the grid follows the columns
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # heading repeated on each page
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and borders.find(qn("w:insideV")).get(qn("w:val")) == "single"
    for row in table.rows:
        for cell in row.cells:
            for run in (r for p in cell.paragraphs for r in p.runs):
                assert run.font.name in (None, "Times New Roman")
    text = all_text(document)
    assert text.index("Số lượng công chức huyện Krông Búk\nĐơn vị tính: người") < text.index("2. Tồn tại, hạn chế")


def test_unit_opinion_invited_and_signers_from_data(second, seed_minutes):
    minutes = _text(second, "bien-ban")
    assert ("- Bà H'Linh Mlô, Trưởng phòng Nội vụ huyện Krông Búk.\n3. Thành phần khác:\n- Ông Nguyễn Hữu Phước, "
            "Phó Chánh Văn phòng HĐND và UBND huyện Krông Búk.\nChủ trì") in minutes
    assert "Thành phần khác:" not in all_text(seed_minutes)  # none invited: no heading
    assert "IV. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA\n- UBND huyện Krông Búk thống nhất" in minutes
    signatures = minutes_signatures(Document(str(second / f"bien-ban-{STEM}.docx")))
    assert [c.paragraphs[0].text for c in signatures.rows[0].cells] == ["ĐẠI DIỆN UBND HUYỆN", "THƯ KÝ", "KT. TRƯỞNG ĐOÀN"]
    notice = _text(second, "thong-bao")
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in notice and "Sở Nội vụ yêu cầu UBND huyện thực hiện" in notice
    assert "Số:      /TB-SNV" in notice and "của Sở Nội vụ./." in notice


def test_the_appendix_stands_on_its_own_pages_numbered_from_one(second):
    document = Document(str(second / f"bien-ban-{STEM}.docx"))
    text = all_text(document)
    assert "Kèm theo Biên bản này có Phụ lục: Danh mục hồ sơ thủ tục hành chính giải quyết quá hạn" in text
    assert ("Phụ lục\nDANH MỤC HỒ SƠ THỦ TỤC HÀNH CHÍNH GIẢI QUYẾT QUÁ HẠN CHƯA GỬI VĂN BẢN XIN LỖI\n"
            "(Kèm theo Biên bản số      /BB-SNV ngày 16 tháng 10 năm 2024 của Sở Nội vụ)") in text
    assert len(document.sections) == 2
    appendix = document.sections[1]
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert appendix.different_first_page_header_footer
    pages = [page.extract_text() for page in PdfReader(str(second / f"bien-ban-{STEM}.pdf")).pages]
    first_of_appendix = next(i for i, page in enumerate(pages) if page.lstrip().startswith("Phụ lục"))
    assert first_of_appendix == len(pages) - 1 and "Nơi nhận:" in pages[first_of_appendix - 1]
    assert "H15.38-240910-0120" in pages[first_of_appendix]


def test_without_appendix_the_document_has_one_section_with_page_numbers(seed_minutes):
    assert len(seed_minutes.sections) == 1
    section = seed_minutes.sections[0]
    assert "PAGE" in section.header._element.xml and section.different_first_page_header_footer
    assert "Phụ lục" not in all_text(seed_minutes)


def test_header_lines_never_split_a_compound():
    width = 165 * 0.375 - 3.8
    for name in ("ĐOÀN KIỂM TRA CẢI CÁCH HÀNH CHÍNH", "SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI",
                 "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH ĐẮK LẮK", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
                 "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH HUYỆN KRÔNG PẮC", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"):
        lines = balanced_lines(name, width, 13)
        assert " ".join(lines) == name
        assert all(text_width_mm(line, 13) <= width for line in lines), lines
        for left, right in zip(lines, lines[1:]):
            pair = f"{left.split()[-1].strip(',')} {right.split()[0]}"
            assert not any(pair in compound for compound in COMPOUNDS), lines
    assert balanced_lines("SỞ NỘI VỤ", width, 13) == ["SỞ NỘI VỤ"]
    assert balanced_lines("ĐOÀN KIỂM TRA CẢI CÁCH HÀNH CHÍNH", width, 13) == ["ĐOÀN KIỂM TRA", "CẢI CÁCH HÀNH CHÍNH"]


@pytest.mark.slow
def test_the_seed_header_is_two_whole_lines_on_the_page(tmp_path, run, soffice):
    assert run("render", "minutes", SEED, "-o", "bb.docx", "--pdf").exit_code == 0
    first = PdfReader(str(tmp_path / "bb.pdf")).pages[0].extract_text().splitlines()
    assert "ĐOÀN KIỂM TRA" in [line.strip() for line in first]
    assert not any(line.strip().endswith("CẢI") for line in first)


def _with(tmp_path, **changes):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data.update(changes)
    return write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), "thu.yaml")


def test_structure_mistakes_are_reported_with_their_place(run, tmp_path):
    """Field mistakes first (all at once), then, on data that builds, the rules across fields."""
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    typed = _with(tmp_path, shortcomings=[{"text": "C", "couse": "x"}],
                  figures_table={"columns": ["Năm", "Số"], "rows": [["2023", 1.230]]})
    result = run("validate", typed)
    assert result.exit_code == 2
    for expected in ("trường shortcomings[1].couse: trường «couse» không có trong mẫu dữ liệu; có phải là «cause»?",
                     "trường figures_table.rows[1][2]: số có dấu chấm hoặc phần thập phân phải đặt trong ngoặc kép"):
        assert expected in result.output, (expected, result.output)
    findings = [{"text": "A", "statistics_here": True}, {"text": "B", "statistics_here": "có"}]
    crossed = _with(tmp_path, achievements=findings, shortcomings=[{"text": "C", "statistics_here": "có"}],
                    figures_table={"columns": ["Năm", "Số"], "rows": [["2023", 1], ["2024"]]},
                    meeting={**seed["meeting"], "sessions": [{"date": "11/07/2023", "start": "08:00"},
                                                             {"date": "13/07/2023", "start": "09:00", "end": "08:00"}]})
    result = run("validate", crossed)
    assert result.exit_code == 2
    for expected in ("trường achievements[2].statistics_here: đoạn số liệu chỉ in ở một chỗ",
                     "trường shortcomings[1].statistics_here: đoạn số liệu thuộc phần kết quả đạt được",
                     "trường figures_table.rows[2]: dòng có 01 ô nhưng bảng có 02 cột",
                     "trường meeting.sessions[1].date: buổi làm việc ngày 11/07/2023 phải sau buổi trước",
                     "trường meeting.sessions[2].end: giờ kết thúc phải sau giờ bắt đầu"):
        assert expected in result.output, (expected, result.output)


def test_whole_numbers_in_a_table_are_grouped_and_text_kept(run, tmp_path):
    source = _with(tmp_path, figures_table={"title": "Hồ sơ", "columns": ["Kỳ", "Tiếp nhận", "Tỷ lệ"],
                                            "rows": [["2023", 12345, "99,5%"], ["A & B <C>", 7, "1.230"]]})
    assert run("render", "minutes", source, "-o", "bb.docx").exit_code == 0
    table = next(t for t in Document(str(tmp_path / "bb.docx")).tables if t.rows[0].cells[0].text == "Kỳ")
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [["2023", "12.345", "99,5%"],
                                                                     ["A & B <C>", "7", "1.230"]]


def test_the_web_form_carries_every_structure_of_the_second_sample(client, token, second):  # noqa: F811
    opened = client.post("/bien-ban", data={"csrf_token": token, "action": "open",
                                            "yaml_file": (SECOND.open("rb"), "cong-vu.yaml")},
                         content_type="multipart/form-data").data.decode()
    values = form_values(opened)
    assert values["achievements[2].points[3]"] == "thực hiện đánh giá, xếp loại năm 2023 đúng thời hạn."
    assert values["achievements[3].statistics_here"] == "có" and "achievements[1].statistics_here" not in values
    assert values["figures_table.rows[3][1]"] == "Tổng cộng" and values["appendix.table.rows[6][4]"] == "04/10/2024"
    assert values["meeting.sessions[1].location"].startswith("kho lưu trữ")
    response = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "minutes"})
    assert response.status_code == 200, response.data.decode()[:2000]
    import io

    from_web = all_text(Document(io.BytesIO(response.data)))
    assert from_web == _text(second, "bien-ban")  # the page and the command line make the same document
