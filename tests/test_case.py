"""A whole inspection as one case file: the chain of documents (decision, plan, schedule
notices, minutes, notices, report) from one YAML, numbered in issue order, ND30-conformant for
every content length; the follow-up on a fixed day; bad input reported all at once."""

import datetime as dt

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from conftest import SAMPLES, SEED, write_yaml
from docx_reading import effective_font, effective_size, find_paragraph, mm
from minutes_gen.documents import CASE_KINDS, FOLLOWUP_KINDS, KINDS, PER_UNIT
from minutes_gen.engine.pdf import convert_to_pdf
from minutes_gen.engine.render import render_docx
from minutes_gen.lint import lint_document
from minutes_gen.lint.layout import signature_findings
from minutes_gen.lint.recipients_page import recipients_findings
from minutes_gen.model.case_loading import case_from, load_case
from minutes_gen.model.followup import OVERDUE, case_tracking
from minutes_gen.model.loading import inspection_from
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.sources.yaml_source import parse_yaml
from minutes_gen.vn.workdays import NATIONAL

CASE = SAMPLES / "ho-so-kiem-tra-cchc-2024.yaml"
LONG = ("Đơn vị đã niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa và trên Cổng dịch vụ công của "
        "tỉnh; việc tiếp nhận, trả kết quả được cập nhật thường xuyên trên phần mềm một cửa điện tử (lần {n})")


def _overdue(day: dt.date) -> list[str]:
    return [t.unit for t in case_tracking(load_case(CASE), NATIONAL, day) if t.overdue]


def test_followup_finds_the_overdue_units_of_a_fixed_day():
    assert _overdue(dt.date(2024, 5, 20)) == []
    assert _overdue(dt.date(2024, 5, 24)) == ["Sở Y tế"]  # due 23/05 (20 working days), its report came 10/06
    assert _overdue(dt.date(2024, 7, 15)) == ["Sở Tài nguyên và Môi trường", "Ủy ban nhân dân huyện Cư M'gar",
                                              "Ủy ban nhân dân thành phố Buôn Ma Thuột"]
    tn_mt = case_tracking(load_case(CASE), NATIONAL, dt.date(2024, 7, 15))[1]
    assert [(i.number, i.status) for i in tn_mt.items] == [(1, OVERDUE), (2, "đã báo cáo"), (3, OVERDUE)]
    assert tn_mt.items[1].due == dt.date(2024, 5, 7)  # 15 working days: 18/4, 29/4–1/5 off, Saturday 4/5 worked
    assert tn_mt.items[1].report_number == "88/STNMT-VP"
    assert tn_mt.items[0].due == dt.date(2024, 5, 28)  # 30 working days after 11/04, the 30/4–1/5 holidays skipped


def test_followup_command_writes_reminders_for_overdue_units_only(run, tmp_path):
    result = run("followup", CASE, "--as-of", "15/07/2024", "-o", "theo-doi", "--number", "auto", "--db", "so.db")
    assert result.exit_code == 0, result.output
    assert "Đơn vị quá hạn: Sở Tài nguyên và Môi trường, Ủy ban nhân dân huyện Cư M'gar" in result.output
    folder = tmp_path / "theo-doi"
    reminders = sorted(p.name for p in folder.glob("don-doc-*.docx"))
    assert reminders == ["don-doc-so-tai-nguyen-va-moi-truong-20240715.docx",
                         "don-doc-uy-ban-nhan-dan-huyen-cu-m-gar-20240715.docx",
                         "don-doc-uy-ban-nhan-dan-thanh-pho-buon-ma-thuot-20240715.docx"]
    letter = Document(str(folder / reminders[0]))
    left = [p.text for p in letter.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert left[-2:] == ["Số: 02/ĐKT-CCHC", "V/v đôn đốc báo cáo kết quả khắc phục sau kiểm tra"]
    body = "\n".join(p.text for p in letter.paragraphs)
    assert "Kính gửi: Sở Tài nguyên và Môi trường." in body and "chậm nhất ngày 22 tháng 7 năm 2024" in body
    sheet = load_workbook(folder / "bang-theo-doi-khac-phuc.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("STT", "Đơn vị", "Yêu cầu số", "Nội dung yêu cầu", "Hạn", "Tình trạng")
    assert len(rows) == 1 + 11 and rows[3][5] == "Quá hạn 34 ngày làm việc"
    assert lint_document(folder / reminders[0], layout=False) == []


def test_batch_of_a_case_writes_the_chain_in_issue_order(run, tmp_path):
    result = run("batch", CASE, "-o", "ho-so", "--number", "auto", "--db", "so.db")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "ho-so").glob("*.docx"))
    assert len(names) == 1 + 1 + 5 + 5 + 5 + 1
    assert names[0].startswith("01-quyet-dinh") and names[1].startswith("02-ke-hoach")
    assert names[-1].startswith("18-bao-cao-ket-qua")
    manifest = (tmp_path / "ho-so" / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()
    numbers = [line.split(",")[2] for line in manifest[1:]]
    assert numbers[:3] == ["452/QĐ-UBND", "01/KH-ĐKT", "02/TB-ĐKT"] and numbers[-1] == "17/BC-ĐKT"
    opening = find_paragraph(Document(str(tmp_path / "ho-so" / names[2])), "Thực hiện").text
    assert "Quyết định số 452/QĐ-UBND" in opening and "Kế hoạch số 01/KH-ĐKT ngày 11 tháng 3 năm 2024" in opening
    report = "\n".join(p.text for p in Document(str(tmp_path / "ho-so" / names[-1])).paragraphs)
    assert "tại 05 cơ quan, đơn vị" in report and "Thông báo kết luận kiểm tra số 10/TB-ĐKT" in report


def test_every_new_document_has_the_nd30_page_fonts_and_header(tmp_path):
    for path in _render_all(load_case(CASE), tmp_path, 0):
        document = Document(str(path))
        section = document.sections[0]
        assert (mm(section.top_margin), mm(section.left_margin), mm(section.right_margin)) == (20, 30, 15), path.name
        right = [p.text for p in document.tables[0].rows[0].cells[1].paragraphs if p.text]
        assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        for paragraph in document.paragraphs:
            for run in paragraph.runs:
                assert effective_font(run, paragraph, document) == "Times New Roman"
        heading = find_paragraph(document, "Nơi nhận:")
        assert effective_size(heading.runs[0], heading, document) == 12
        assert lint_document(path, layout=False) == [], path.name


def test_decision_lists_the_members_in_its_annex(tmp_path):
    (path,) = [p for p in _render_all(load_case(CASE), tmp_path, 0) if p.stem == "decision"]
    document = Document(str(path))
    assert find_paragraph(document, "QUYẾT ĐỊNH:") is not None
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ"]
    assert [c.text for c in annex.rows[1].cells] == ["1", "Ông Hoàng Mạnh Hùng", "Phó Giám đốc Sở Nội vụ", "Trưởng đoàn"]
    assert len(annex.rows) == 1 + 4 and len(document.sections) == 2


def test_bad_case_file_reports_every_problem_with_line_and_field(run, tmp_path):
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    data["case"]["plan"]["date"] = "31/02/2024"
    del data["case"]["report"]["addressee"]
    data["case"]["schedule"]["report_dayz"] = 3
    data["units"][1]["followup"] = {"reports": [{"number": "1/BC", "date": "01/06/2024", "items": [9]}]}
    data["units"][2]["meeting"]["date"] = "ngày mai"
    source = write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), "ho-so.yaml")
    result = run("batch", source, "-o", "ra")
    assert result.exit_code == 2
    for expected in ("trường case.plan.date", "trường case.report.addressee: thiếu trường bắt buộc",
                     "«report_dayz» không có trong mẫu dữ liệu; có phải là «report_days»?",
                     "thông báo kết luận không có yêu cầu số 9", "trường meeting.date", "dòng "):
        assert expected in result.output, expected
    assert not (tmp_path / "ra").exists() or not list((tmp_path / "ra").iterdir())


def test_init_case_is_a_starter_that_names_its_placeholders(run, tmp_path):
    text = run("init", "case").output
    case = case_from(parse_yaml(text, "khoi-tao.yaml"), allow_placeholders=True)
    assert len(case.units) == 1 and case.documents.followup.drafting_unit == "CCHC"
    (tmp_path / "ho-so.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "ho-so.yaml")
    assert result.exit_code == 2 and "là chữ mẫu của tệp khởi tạo" in result.output


def _grown(case_data: dict, count: int) -> dict:
    """The sample case with ``count`` more items in every list the new documents print."""
    data = yaml.safe_load(yaml.safe_dump(case_data))
    extra = [LONG.format(n=n) for n in range(count)]
    data["case"]["plan"]["purposes"] += extra
    data["case"]["schedule"]["report_outline"] += extra
    data["case"]["report"]["proposals"] += extra
    data["case"]["decision"]["duties"] = extra or ["Kiểm tra theo kế hoạch"]
    data["units"][2]["requests"] += extra  # the reminder lists every overdue request
    return data


def _render_all(case, folder, tag) -> list:
    """Every new kind of ``case`` (the first unit's, the overdue third unit's reminder)."""
    made, today = [], dt.date(2024, 7, 15)
    trackings = case_tracking(case, NATIONAL, today)
    for name, kind in {**CASE_KINDS, **FOLLOWUP_KINDS}.items():
        if name in KINDS:
            continue
        unit = case.units[2] if name == "reminder" else case.units[0] if name in PER_UNIT else None
        extra = {"tracking": trackings[2]} if name == "reminder" else {}
        path = folder / f"{name}-{tag:02d}.docx" if tag else folder / f"{name}.docx"
        path.write_bytes(render_docx(builtin_template(kind.template),
                                     kind.module.build_context(case, NATIONAL, number=7, today=today, unit=unit,
                                                               **extra)))
        made.append(path)
    return made


def _minutes(folder, count) -> list:
    base = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data = {**base, "achievements": base["achievements"] + [LONG.format(n=n) + "." for n in range(count)]}
    inspection = inspection_from(parse_yaml(yaml.safe_dump(data, allow_unicode=True), "thu")).inspection
    path = folder / f"minutes-{count:02d}.docx"
    path.write_bytes(render_docx(builtin_template("bien-ban-kiem-tra.docx"),
                                 KINDS["minutes"].module.build_context(inspection, NATIONAL, number=7)))
    return [path]


@pytest.mark.slow
def test_recipients_never_alone_and_lint_passes_for_every_length(tmp_path, soffice):
    """The sweep: the seed minutes with 0–24 more findings (10 made a page of «Nơi nhận» alone)
    and every new kind with 0–14 more items; ND30 checks and both page rules on each."""
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    documents = [path for count in range(25) for path in _minutes(tmp_path, count)]
    for count in range(0, 15):
        case = case_from(parse_yaml(yaml.safe_dump(_grown(data, count), allow_unicode=True), "ho-so.yaml"))
        documents += _render_all(case, tmp_path, count + 1)
    assert convert_to_pdf(documents, jobs=2) == {}
    broken = []
    for path in documents:
        document, pdf = Document(str(path)), path.with_suffix(".pdf")
        found = signature_findings(document, pdf) + recipients_findings(document, pdf)
        found += [tuple(f.__dict__.values()) for f in lint_document(path, layout=False)]
        broken += [f"{path.name}: {finding}" for finding in found]
    assert broken == []


@pytest.mark.slow
def test_the_old_minutes_ending_is_caught_by_the_recipients_rule(tmp_path, soffice):
    """The rule itself: the ending of before (signatures' table, then «Nơi nhận» as paragraphs)
    leaves «Nơi nhận» alone on page 5 of the seed with 10 more findings."""
    import subprocess

    old = tmp_path / "cu.docx"
    old.write_bytes(subprocess.run(["git", "show", "6a1f372:templates/docx/bien-ban-kiem-tra.docx"], check=True,
                                   capture_output=True, cwd=SAMPLES.parent).stdout)
    base = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data = {**base, "achievements": base["achievements"] + [LONG.format(n=n) + "." for n in range(10)]}
    inspection = inspection_from(parse_yaml(yaml.safe_dump(data, allow_unicode=True), "thu")).inspection
    path = tmp_path / "bb.docx"
    path.write_bytes(render_docx(old, KINDS["minutes"].module.build_context(inspection, NATIONAL, number=7)))
    assert convert_to_pdf([path]) == {}
    (finding,) = recipients_findings(Document(str(path)), path.with_suffix(".pdf"))
    assert finding[0] == "trang nơi nhận" and "trang 5" in finding[1]
