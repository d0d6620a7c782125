"""A signature never stands on a page of its own: the minutes and the notice are rendered with
more and more content (a finding added at a time), turned into pages by LibreOffice, and the
page that carries the signatures always has text above them."""

import pytest
import yaml
from docx import Document

from conftest import SEED
from minutes_gen.documents import KINDS
from minutes_gen.engine.pdf import convert_to_pdf
from minutes_gen.engine.render import render_docx
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.lint.layout import signature_findings
from minutes_gen.model.loading import inspection_from
from minutes_gen.sources.yaml_source import parse_yaml
from minutes_gen.vn.workdays import NATIONAL

LENGTHS = range(42)
FINDING = ("Đơn vị đã niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa và trên Cổng dịch vụ "
           "công của tỉnh; việc tiếp nhận, trả kết quả được cập nhật thường xuyên trên phần mềm một cửa điện tử "
           "(lần {n}).")


def _documents(folder):
    base = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    made = []
    for count in LENGTHS:
        data = {**base, "achievements": base["achievements"] + [FINDING.format(n=n) for n in range(count)]}
        inspection = inspection_from(parse_yaml(yaml.safe_dump(data, allow_unicode=True), "thu")).inspection
        for kind in ("minutes", "notice"):
            module = KINDS[kind].module
            path = folder / f"{kind}-{count:02d}.docx"
            path.write_bytes(render_docx(builtin_template(KINDS[kind].template),
                                         module.build_context(inspection, NATIONAL, number=7)))
            made.append(path)
    return made


@pytest.mark.slow
def test_no_signature_page_without_text_for_any_length(tmp_path, soffice):
    documents = _documents(tmp_path)
    assert convert_to_pdf(documents, jobs=2) == {}
    pages_seen, alone = set(), []
    for path in documents:
        findings = signature_findings(Document(str(path)), path.with_suffix(".pdf"))
        alone += [f"{path.name}: {message}" for _, message, _ in findings]
        from pypdf import PdfReader
        pages_seen.add(len(PdfReader(str(path.with_suffix(".pdf"))).pages))
    assert len(pages_seen) >= 3  # the sweep really moves the signatures across page breaks
    assert alone == []


@pytest.mark.slow
def test_lint_reports_a_signature_page_without_text(run, tmp_path, soffice):
    """The rule itself: an old-style template (no keep-with-next) is caught on the seed."""
    from lxml import etree
    import zipfile

    source = builtin_template("bien-ban-kiem-tra.docx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(tmp_path / "cu.docx", "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:keepNext/>", b"").replace(b"<w:keepLines/>", b"")
            copy.writestr(info, data)
    assert run("render", "minutes", SEED, "--template", tmp_path / "cu.docx", "-o", "cu-bb.docx").exit_code == 0
    result = run("lint", "cu-bb.docx", "--kind", "minutes")
    assert result.exit_code == 1 and "[trang chữ ký]" in result.output and "đứng một mình" in result.output
