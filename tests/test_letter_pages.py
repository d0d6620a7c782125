"""Letters as they are issued: one A4 page for realistic content (a LibreOffice sweep over long
names, addresses, three-line agency names, phone and e-mail, both forms), one page per letter in
the print file, a signature page holding only the closing block refused by lint for every kind,
and no fact dated after the letter's date stated as past."""

import csv
import datetime as dt

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import ROOT, SAMPLES, SEED, all_text
from minutes_gen.documents import KINDS, apology
from minutes_gen.engine.pdf import convert_to_pdf
from minutes_gen.engine.render import render_docx
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.lint.layout import signature_findings
from minutes_gen.model.apology_settings import ApologySettings, load_apology_settings
from minutes_gen.model.dossier import Dossier
from minutes_gen.model.form_sets import form_set_for
from minutes_gen.model.people import Agency, Signer
from minutes_gen.model.loading import inspection_from
from minutes_gen.model.overdue import Outcome, judge
from minutes_gen.sources.yaml_source import parse_yaml
from minutes_gen.vn.workdays import NATIONAL

AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"
REGISTER_2025 = SAMPLES / "so-theo-doi-ho-so-2025.csv"
D = dt.date


def _manifest(folder) -> dict:
    with open(folder / "manifest.csv", encoding="utf-8-sig") as handle:
        return {row["Mã hồ sơ"]: row for row in csv.DictReader(handle)}


def test_a_return_after_the_letter_date_is_not_stated_as_past(run, tmp_path):
    """The sample 2025 register at 20/06/2025: H15.28-250610-0003 was returned on 25/06, after the
    letter's date; on 20/06 it was still in process, and the letter says so."""
    assert run("apology", REGISTER_2025, "--agency", AGENCY, "-o", "vb", "--as-of", "20/06/2025").exit_code == 0
    row = _manifest(tmp_path / "vb")["H15.28-250610-0003"]
    assert row["Kết quả"] == Outcome.APOLOGY_NEW_DATE.value and row["Ngày hẹn lại"] == "27/06/2025"
    text = all_text(Document(str(tmp_path / "vb" / row["Tệp"])))
    assert "Tình trạng hồ sơ: đang giải quyết, chưa có kết quả;" in text
    assert "25 tháng 6" not in text and "đã có kết quả" not in text and "chậm 03" not in text


def test_every_form_judges_the_letter_context_as_of_its_date():
    """The context itself (the office and the preview build it too), in both forms."""
    settings = load_apology_settings(AGENCY)
    for issued, returned in ((D(2025, 6, 20), D(2025, 6, 25)), (D(2025, 9, 19), D(2025, 9, 24))):
        dossier = Dossier(row=2, code="HS-1", applicant="Nguyễn Văn A", procedure="Thủ tục X",
                          received=issued - dt.timedelta(days=10), due=issued, returned=returned)
        context = apology.build_context(dossier, judge(dossier, issued, NATIONAL), settings, NATIONAL, issued=issued)
        assert context["status"] == "đang giải quyết, chưa có kết quả" and context["returned"] == ""
        assert not context["returned_late"] and context["new_date"] and context["late_days"] == ""
        assert "đã được trả" not in context["appointment"]


# --- one page per letter -------------------------------------------------------------------

LONG_AGENCY = Agency(name="Trung tâm Phục vụ hành chính công tỉnh Đắk Lắk", abbreviation="TTPVHCC", place="Đắk Lắk",
                     parent="UBND tỉnh Đắk Lắk")  # three lines
LONG_SETTINGS = ApologySettings(
    agency=LONG_AGENCY, signer=Signer(name="Nguyễn Thị Hồng Nhung", title="Phó Giám đốc", authority="KT. Giám đốc"),
    recipients=["Văn phòng Ủy ban nhân dân tỉnh (để báo cáo)", "Sở Lao động, Thương binh và Xã hội"],
    archive="VT, TTPVHCC",
    contact="Mọi thắc mắc xin liên hệ Bộ phận Một cửa của Trung tâm, điện thoại 0262 3852 468, thư điện tử "
            "motcua.ttpvhcc@daklak.gov.vn.")
LONG_DOSSIER = dict(
    code="H15.28-250610-000123", applicant="Công ty TNHH Xây dựng và Thương mại Hoàng Long",
    procedure="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
    address="Số 168/25 đường Nguyễn Tất Thành, phường Tân Lập, thành phố Buôn Ma Thuột",
    phone="0262 3852 468 - 0905 123 456", email="phongtonghop.hoanglongtaynguyen@example.com.vn",
    channel="Trực tuyến", received_time=dt.time(15, 45),
    reason="hồ sơ cần xác minh thêm thông tin tại cơ quan có thẩm quyền của nước ngoài")
EXTREME_DOSSIER = {  # beyond one page: the signature then takes body text with it
    **LONG_DOSSIER, "applicant": "Công ty Cổ phần Đầu tư Phát triển Xây dựng và Thương mại Dịch vụ Hoàng Long Tây "
                                 "Nguyên", "procedure": LONG_DOSSIER["procedure"] + " (trường hợp không thuộc diện "
                                                                                    "miễn giấy phép lao động)",
    "reason": "hồ sơ cần xác minh thêm thông tin về quá trình làm việc của người lao động tại cơ quan có thẩm "
              "quyền của nước ngoài"}
SHORT_DOSSIER = dict(code="HS-1", applicant="Nguyễn Văn An", gender="Nam", procedure="Đăng ký khai sinh")


def _letter(folder, name, form, fields, returned_late, settings):
    """Render one letter of ``form`` (2018 or 2025) for a dossier of ``fields``."""
    issued = D(2025, 6, 20) if form == "2018" else D(2025, 9, 19)
    dossier = Dossier(row=2, received=issued - dt.timedelta(days=12), due=issued - dt.timedelta(days=3),
                      returned=issued - dt.timedelta(days=1) if returned_late else None, **fields)
    form_set = form_set_for(issued, form)
    context = apology.build_context(dossier, judge(dossier, issued, NATIONAL), settings, NATIONAL, issued=issued,
                                    number=7, form=form_set)
    path = folder / f"{name}.docx"
    path.write_bytes(render_docx(builtin_template(form_set.template), context))
    return path


def _letters(folder):
    """The sweep: both forms, both cases, short and long content (8 letters)."""
    short = load_apology_settings(AGENCY)
    return [_letter(folder, f"{form}-{length}-{'tra' if late else 'hen'}", form, fields, late, settings)
            for form in ("2018", "2025") for late in (False, True)
            for length, fields, settings in (("ngan", SHORT_DOSSIER, short), ("dai", LONG_DOSSIER, LONG_SETTINGS))]


def _pages(pdf) -> int:
    return len(PdfReader(str(pdf)).pages)


@pytest.mark.slow
def test_every_letter_fits_one_page(tmp_path, soffice):
    letters = _letters(tmp_path)
    assert convert_to_pdf(letters, jobs=2) == {}
    pages = {path.name: _pages(path.with_suffix(".pdf")) for path in letters}
    assert pages == {path.name: 1 for path in letters}


@pytest.mark.slow
def test_a_long_letter_takes_body_text_to_the_signature_page(tmp_path, soffice):
    """Content beyond one page: the page of the signature holds the letter's last paragraphs."""
    letters = [_letter(tmp_path, f"{form}-qua-dai", form, EXTREME_DOSSIER, True, LONG_SETTINGS)
               for form in ("2018", "2025")]
    assert convert_to_pdf(letters, jobs=2) == {}
    assert [_pages(path.with_suffix(".pdf")) for path in letters] == [1, 2]  # the 2018 form still fits
    page = PdfReader(str(letters[1].with_suffix(".pdf"))).pages[1].extract_text()
    assert "Kết quả giải quyết hồ sơ đã được trả cho" in page and "Mọi thắc mắc" in page
    assert signature_findings(Document(str(letters[1])), letters[1].with_suffix(".pdf")) == []


@pytest.mark.slow
def test_the_sample_2025_register_prints_one_page_per_letter(run, tmp_path, soffice):
    """The issue's own case: five letters of the sample register, five pages in the print file."""
    result = run("apology", REGISTER_2025, "--agency", AGENCY, "-o", "vb", "--as-of", "19/09/2025",
                 "--combined", "--pdf")
    assert result.exit_code == 0, result.output
    written = [row["Tệp"] for row in _manifest(tmp_path / "vb").values() if row["Tệp"]]
    assert len(written) == 5
    assert [_pages((tmp_path / "vb" / name).with_suffix(".pdf")) for name in written] == [1] * 5
    assert _pages(tmp_path / "vb" / "phieu-xin-loi-tong-hop.pdf") == 5


# --- lint: a page of closing formula and signature only -----------------------------------

def _inspection_document(folder, kind):
    inspection = inspection_from(parse_yaml(SEED.read_text(encoding="utf-8"), "thu")).inspection
    context = KINDS[kind].module.build_context(inspection, NATIONAL, number=7)
    path = folder / f"{kind}.docx"
    path.write_bytes(render_docx(builtin_template(KINDS[kind].template), context))
    return path, context["closing"]


def _closing_on_a_page_of_its_own(path, closing):
    """Hand-made: a page break before the closing formula, so that the last page holds only
    the closing formula, the signature and Nơi nhận."""
    document = Document(str(path))
    [p for p in document.paragraphs if p.text == closing][-1].paragraph_format.page_break_before = True
    document.save(str(path))
    return path


@pytest.mark.slow
def test_lint_refuses_a_page_of_closing_formula_and_signature_for_every_kind(run, tmp_path, soffice):
    made = [_closing_on_a_page_of_its_own(*_inspection_document(tmp_path, kind)) for kind in ("minutes", "notice")]
    made += [_closing_on_a_page_of_its_own(_letter(tmp_path, f"xin-loi-{form}", form, SHORT_DOSSIER, False,
                                                   load_apology_settings(AGENCY)), "Trân trọng./.")
             for form in ("2018", "2025")]
    assert convert_to_pdf(made, jobs=2) == {}
    for path in made:
        findings = signature_findings(Document(str(path)), path.with_suffix(".pdf"))
        assert [rule for rule, _, _ in findings] == ["trang chữ ký"], path.name
        assert "chỉ có lời kết ở trên" in findings[0][1], path.name
    result = run("lint", made[-1], "--kind", "apology")
    assert result.exit_code == 1 and "[trang chữ ký] trang 2: khối chữ ký đứng một mình" in result.output


def test_the_shipped_templates_are_what_the_builder_makes(tmp_path, monkeypatch):
    """templates/docx/*.docx and scripts/build_templates.py agree (rebuild after a layout change);
    only the creation time in docProps/core.xml may differ."""
    import zipfile

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    from build_templates import BUILDERS

    for name, builder in BUILDERS.items():
        builder(tmp_path / name)
        with zipfile.ZipFile(tmp_path / name) as made, zipfile.ZipFile(ROOT / "templates" / "docx" / name) as shipped:
            members = [member for member in made.namelist() if member != "docProps/core.xml"]
            assert members == [m for m in shipped.namelist() if m != "docProps/core.xml"], name
            assert [made.read(m) for m in members] == [shipped.read(m) for m in members], name


def test_the_number_line_stands_clear_of_the_rule_under_the_agency_name():
    """However many lines the agency name takes, «Số:» keeps ND30 room below the rule under it."""
    from docx.oxml.ns import qn

    for name in ("bien-ban-kiem-tra.docx", "thong-bao-ket-luan.docx", "phieu-xin-loi.docx", "van-ban-xin-loi-2025.docx"):
        left = Document(str(ROOT / "templates" / "docx" / name)).tables[0].rows[0].cells[0]
        paragraphs = left.paragraphs
        rule = next(i for i, p in enumerate(paragraphs) if p._p.find(".//" + qn("w:pBdr")) is not None)
        number = paragraphs[rule + 1]
        assert number.text == "{{ header.number_line }}", name
        room = (number.paragraph_format.space_before or 0) + (paragraphs[rule].paragraph_format.space_after or 0)
        assert room >= 6 * 12700, name  # 6 pt, in EMU
