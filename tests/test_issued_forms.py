"""Every document fits how it is issued (issue 29, minutes and notices): signature rows whose
names stand level when a title wraps, the notice's wording (full names where the sentence needs
them, «ông» mid-sentence), tables that breathe and fit their content, and what a real district
inspection needs to say (a header per document, an owner per request, communes visited, a
period, deadlines counted from one base), with YAML messages that say what to do."""

import datetime as dt
import subprocess

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from conftest import SAMPLES, SEED, all_text, write_yaml
from test_web import client, token  # noqa: F401  (the web fixtures)
from web_helpers import form_values
from minutes_gen.documents import KINDS, minutes, notice
from minutes_gen.errors import InputError
from minutes_gen.model.loading import inspection_from
from minutes_gen.register.numbering import document_request
from minutes_gen.sources.yaml_source import parse_yaml
from minutes_gen.vn.dates import long_date
from minutes_gen.vn.workdays import NATIONAL

SECOND = SAMPLES / "kiem-tra-cong-vu-krong-buk-2024.yaml"


def _inspection(source=SECOND, change=None):
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if change:
        change(data)
    return inspection_from(parse_yaml(yaml.safe_dump(data, allow_unicode=True), "thu.yaml")).inspection


def _render(tmp_path, run, kind, source=SECOND, change=None, pdf=False):
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if change:
        change(data)
    path = write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), "thu.yaml")
    result = run("render", kind, path, "-o", f"{kind}.docx", "--force", *(["--pdf"] if pdf else []))
    assert result.exit_code == 0, result.output
    return tmp_path / f"{kind}.docx"


def _words(pdf):
    """Every word of the PDF with its page and top (pdftotext -bbox)."""
    from lxml import etree

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(xml.replace(b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
                                        b' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">', b""))
    words = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        for word in page.iter("{*}word"):
            words.append((word.text, number, float(word.get("yMin")), float(word.get("yMax"))))
    return words


# --- signatures ------------------------------------------------------------------------------

@pytest.mark.slow
def test_names_of_a_signature_row_stand_level_when_a_title_wraps(tmp_path, run, soffice):
    """«ĐẠI DIỆN UBND HUYỆN» needs two lines in its column: its name stays level with the others."""
    _render(tmp_path, run, "minutes", pdf=True)
    words = _words(tmp_path / "minutes.pdf")
    tops = {name: next(top for text, _, top, _ in words if text == name) for name in ("Vinh", "Tâm", "Nhung")}
    assert max(tops.values()) - min(tops.values()) < 1, tops


def test_signature_titles_are_broken_to_fit_their_column():
    rows = minutes.signature_rows(_inspection())
    first = rows[0]
    assert first[0]["lines"][:2] == ["ĐẠI DIỆN", "UBND HUYỆN"]
    assert len({len(block["lines"]) for block in first}) == 1


def test_the_unit_representative_signs_with_a_position_line_by_default():
    block = minutes.signature_rows(_inspection(SEED))[0][0]
    assert " ".join(line for line in block["lines"] if line) == (
        "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA PHÓ GIÁM ĐỐC")  # «… Sở Lao động, Thương binh và Xã hội»: the unit's own name
    assert block["name"] == "Nguyễn Đình Tương"


# --- wording ---------------------------------------------------------------------------------

def test_the_notice_closing_names_the_unit_in_full():
    context = notice.build_context(_inspection(), NATIONAL)
    assert context["closing"].endswith("năm 2024 tại Ủy ban nhân dân huyện Krông Búk của Sở Nội vụ./.")


def test_a_salutation_mid_sentence_is_lower_case():
    from minutes_gen.vn.people import mid_sentence

    assert [mid_sentence(word) for word in ("Ông", "Bà", "Ông/Bà", None)] == ["ông", "bà", "ông/bà", ""]
    opening = notice.build_context(_inspection(), NATIONAL)["opening"]
    assert "Đoàn kiểm tra công vụ do ông Phạm Văn Lâm, Phó Giám đốc Sở Nội vụ làm Trưởng đoàn" in opening


def test_items_of_the_scope_end_with_semicolons_and_a_full_stop(tmp_path, run):
    text = all_text(Document(str(_render(tmp_path, run, "minutes"))))
    assert "- Việc chấp hành kỷ luật, kỷ cương hành chính, thời giờ làm việc của cán bộ, công chức;" in text
    assert "- Công tác văn thư, lưu trữ và quản lý văn bản điện tử.\n" in text


# --- tables ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_table_never_sits_flush_against_the_next_heading(tmp_path, run, soffice):
    _render(tmp_path, run, "notice", pdf=True)
    words = _words(tmp_path / "notice.pdf")
    total = max(i for i, word in enumerate(words) if word[0] == "Tổng" and words[i + 1][0] == "cộng")
    heading = next(word for word in words[total:] if word[0] == "II.")
    assert heading[1] == words[total][1]
    gap = heading[2] - words[total][3]
    assert gap >= 5, gap  # flush against the table, the word boxes nearly touch (about -1.5 pt)


def _appendix_grid(docx):
    """The appendix table's column widths (twips), from the rendered grid and spans."""
    document = Document(str(docx))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Mã hồ sơ")
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    widths, position = [], 0
    for cell in table.rows[0]._tr.findall(qn("w:tc")):
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        span = int(span.get(qn("w:val"))) if span is not None else 1
        widths.append(sum(grid[position:position + span]))
        position += span
    return widths, sum(grid)


def test_appendix_columns_fit_their_content(tmp_path, run):
    widths, total = _appendix_grid(_render(tmp_path, run, "notice"))
    code, procedure, due, returned = widths
    assert procedure > due and procedure > returned  # the long names of procedures get the room
    assert code > due  # «H15.38-240312-0041» is wider than a date
    assert abs(sum(widths) - total) < 5


@pytest.mark.slow
def test_cells_stay_on_one_line_where_the_table_has_room(tmp_path, run, soffice):
    """The long texts of the body keep one line when the narrow columns (codes, dates, figures)
    give way; a heading may take two lines."""
    _render(tmp_path, run, "notice", pdf=True)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "notice.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for line in ("Các cơ quan chuyên môn thuộc UBND huyện", "H15.38-240312-0041       Chứng thực bản sao từ bản chính",
                 "Đăng ký khai sinh", "Chứng thực chữ ký", "04/10/2024"):
        assert line in text, text


# --- a district inspection ------------------------------------------------------------------

AGENCY = {"parent": "UBND tỉnh Đắk Lắk", "name": "Sở Nội vụ", "abbreviation": "SNV", "place": "Đắk Lắk"}
TEAM = {"parent": "UBND tỉnh Đắk Lắk", "name": "Đoàn kiểm tra công vụ", "abbreviation": "ĐKTCV", "place": "Đắk Lắk"}


def _district(data):
    data["issuing_body"] = TEAM
    data["notice"]["issuing_body"] = AGENCY


def test_the_notice_may_have_its_own_header(tmp_path, run):
    inspection = _inspection(change=_district)
    minutes_context = minutes.build_context(inspection, NATIONAL)
    notice_context = notice.build_context(inspection, NATIONAL)
    assert minutes_context["header"]["agency_lines"] == ["ĐOÀN KIỂM TRA", "CÔNG VỤ"]
    assert minutes_context["header"]["number_line"].endswith("/BB-ĐKTCV")
    assert notice_context["header"]["agency_lines"] == ["SỞ NỘI VỤ"]
    assert notice_context["header"]["number_line"].endswith("/TB-SNV")
    assert notice_context["appendix"]["attached_to"].endswith("của Sở Nội vụ)")
    assert notice_context["issuer"] == "Sở Nội vụ"
    assert document_request(KINDS["notice"], inspection).body == "SNV"
    assert document_request(KINDS["minutes"], inspection).body == "ĐKTCV"
    text = all_text(Document(str(_render(tmp_path, run, "notice", change=_district))))
    assert "SỞ NỘI VỤ" in text and "Đoàn kiểm tra công vụ do ông" in text


def test_a_request_names_who_carries_it_out():
    def change(data):
        data["requests"][1]["owner"] = "Phòng Nội vụ huyện"
        data["requests"][0] = {"text": data["requests"][0], "owner": "Văn phòng HĐND và UBND huyện"}

    lines = notice.build_context(_inspection(change=change), NATIONAL)["numbered_requests"]
    assert lines[0].endswith("06 hồ sơ quá hạn (đơn vị chủ trì: Văn phòng HĐND và UBND huyện).")
    assert lines[1].endswith("tồn đọng (đơn vị chủ trì: Phòng Nội vụ huyện; thời hạn: chậm nhất ngày 31 tháng 12 năm 2024).")


def _communes(data):
    data["unit"]["sub_units"] = {"kind": "xã, thị trấn", "total": 8,
                                 "visited": ["xã Cư Né", "xã Pơng Drang", "thị trấn Buôn Hồ"]}
    data["period"] = "từ ngày 01/01/2018 đến ngày 30/9/2018"


def test_communes_visited_out_of_all_and_the_period_are_said(tmp_path, run):
    inspection = _inspection(change=_communes)
    place = ("tại Ủy ban nhân dân huyện Krông Búk và 03/08 xã, thị trấn (xã Cư Né, xã Pơng Drang và thị trấn "
             "Buôn Hồ); thời kỳ kiểm tra: từ ngày 01/01/2018 đến ngày 30/9/2018")
    assert place in minutes.build_context(inspection, NATIONAL)["basis"]
    assert place in notice.build_context(inspection, NATIONAL)["opening"]
    assert notice.summary(inspection).endswith("tại Ủy ban nhân dân huyện Krông Búk")


def test_more_communes_visited_than_there_are_is_refused(run, tmp_path):
    def change(data):
        _communes(data)
        data["unit"]["sub_units"]["total"] = 2

    data = yaml.safe_load(SECOND.read_text(encoding="utf-8"))
    change(data)
    result = run("validate", write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True)))
    assert result.exit_code == 2
    assert "trường unit.sub_units.visited: ghi 03 đơn vị đã đến nhưng tổng số chỉ có 02" in result.output


def test_request_days_count_from_the_same_base_as_the_general_deadline():
    """The sample counts from the notice's date (25/10/2024): so does «working_days: 60»."""
    inspection = _inspection()
    expected = long_date(NATIONAL.add_working_days(dt.date(2024, 10, 25), 60))
    lines = notice.build_context(inspection, NATIONAL)["numbered_requests"]
    assert lines[2].endswith(f"(thời hạn: chậm nhất {expected}).")
    in_minutes = minutes.build_context(inspection, NATIONAL)["request_lines"][2]
    assert in_minutes.endswith("(thời hạn: 60 ngày làm việc kể từ ngày ký Thông báo kết luận kiểm tra).")


# --- messages --------------------------------------------------------------------------------

QUOTE = "đặt giá trị trong ngoặc kép"


@pytest.mark.parametrize("text", [
    "subject: Kiểm tra: công vụ\n",                  # a colon in a value
    "subject: \"công vụ\", văn thư\n",               # a comma after a quoted value
    "scope:\n  - Kiểm tra: văn thư\n",               # a colon in a list item (read as «name: value»)
    "achievements:\n  - Kết quả: tốt\n",
])
def test_an_unquoted_comma_or_colon_says_to_quote_the_value(text):
    seed = SEED.read_text(encoding="utf-8")
    key = text.split(":")[0]
    lines = seed.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(key + ":"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "#", "\n", ""))
    broken = "".join(lines[:start]) + text + "".join(lines[end:])
    with pytest.raises(InputError) as caught:
        inspection_from(parse_yaml(broken, "thu.yaml"))
    assert any(QUOTE in str(problem) for problem in caught.value.problems), [str(p) for p in caught.value.problems]


def test_a_table_row_with_one_cell_too_many_says_to_quote_a_comma(run, tmp_path):
    data = yaml.safe_load(SECOND.read_text(encoding="utf-8"))
    data["figures_table"]["rows"][0] = ["Các cơ quan", "UBND huyện", 86, 81, 4]
    result = run("validate", write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True)))
    assert result.exit_code == 2 and QUOTE in result.output, result.output


def test_no_suggestion_that_misleads():
    from minutes_gen.model.schema import _unknown_key_message

    assert "có phải" not in _unknown_key_message("issuing_body", {"issued_by": None, "number": None})
    assert "«cause»" in _unknown_key_message("couse", {"cause": None, "text": None})
    assert "«name»" in _unknown_key_message("nmae", {"name": None, "position": None})


def test_the_web_form_carries_the_district_fields(client, token, tmp_path, run):  # noqa: F811
    """Opened in the web form and sent back, a file with the new fields makes the same notice."""
    import io

    def change(data):
        _district(data)
        _communes(data)
        data["requests"][1]["owner"] = "Phòng Nội vụ huyện"

    data = yaml.safe_load(SECOND.read_text(encoding="utf-8"))
    change(data)
    text = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    opened = client.post("/bien-ban", data={"csrf_token": token, "action": "open",
                                            "yaml_file": (io.BytesIO(text), "huyen.yaml")},
                         content_type="multipart/form-data").data.decode()
    values = form_values(opened)
    assert values["notice.issuing_body.name"] == "Sở Nội vụ" and values["unit.sub_units.total"] == "8"
    assert values["requests[2].owner"] == "Phòng Nội vụ huyện" and values["period"].startswith("từ ngày 01/01/2018")
    response = client.post("/bien-ban", data={**values, "csrf_token": token, "action": "notice"})
    assert response.status_code == 200, response.data.decode()[:2000]
    from_web = all_text(Document(io.BytesIO(response.data)))
    assert from_web == all_text(Document(str(_render(tmp_path, run, "notice", change=change))))
