"""The compiled engine writes the same documents as docxtpl (the reference) for the same context."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import RichText

from conftest import ROOT, SAMPLES, SEED
from minutes_gen.engine.canonical import canonical_parts, docxtpl_reference
from minutes_gen.engine.compiled import CompiledTemplate

TEMPLATES = ROOT / "templates" / "docx"
def assert_same(template: Path, context: dict) -> None:
    expected = canonical_parts(docxtpl_reference(template, context))
    actual = canonical_parts(CompiledTemplate(template).render(context))
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name] == expected[name], name


def _inspection_contexts():
    from minutes_gen.documents import minutes, notice
    from minutes_gen.model import load_inspection
    from minutes_gen.vn.workdays import NATIONAL

    inspection = load_inspection(SEED).inspection
    return {"bien-ban-kiem-tra.docx": minutes.build_context(inspection, NATIONAL, number=7),
            "thong-bao-ket-luan.docx": notice.build_context(inspection, NATIONAL, today=dt.date(2023, 7, 20))}


def _apology_context(form_date=None):
    from minutes_gen.documents import apology
    from minutes_gen.model.apology_settings import load_apology_settings
    from registers import dossiers_and_problems
    from minutes_gen.model.overdue import judge
    from minutes_gen.vn.workdays import NATIONAL

    settings = load_apology_settings(SAMPLES / "co-quan-sldtbxh.yaml")
    dossiers, _ = dossiers_and_problems(SAMPLES / "so-theo-doi-ho-so.csv")
    as_of = dt.date(2023, 6, 15)
    dossier = dossiers[-1]
    from minutes_gen.model.form_sets import form_set_for

    return apology.build_context(dossier, judge(dossier, as_of, NATIONAL), settings, NATIONAL, issued=as_of,
                                 form=form_set_for(form_date or as_of))


def _case_contexts():
    from minutes_gen.documents import TEMPLATE_KINDS
    from minutes_gen.documents.fields import sample_context

    return {kind.template: sample_context(name) for name, kind in TEMPLATE_KINDS.items()
            if name not in ("minutes", "notice", "apology")}


def test_every_builtin_template_renders_like_docxtpl():
    contexts = {**_inspection_contexts(), "phieu-xin-loi.docx": _apology_context(),
                "van-ban-xin-loi-2025.docx": _apology_context(dt.date(2025, 9, 15)), **_case_contexts()}
    assert sorted(contexts) == sorted(p.name for p in TEMPLATES.glob("*.docx"))
    for name, context in contexts.items():
        assert_same(TEMPLATES / name, context)


@pytest.fixture
def loop_template(tmp_path) -> Path:
    """A template with paragraph and table-row loops, header, footer, RichText, listings, core props."""
    document = Document()
    document.core_properties.title = "{{ title }}"
    document.core_properties.subject = "Cố định"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Đầu trang: {{ title }}"
    section.footer.paragraphs[0].text = "Chân trang {{ footer }}"
    document.add_paragraph("Tiêu đề: {{ title }}")
    document.add_paragraph("{%p for item in items %}")
    document.add_paragraph("- {{ item }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if show %}")
    document.add_paragraph("Hiện khi có: {{ note }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Định dạng: {{r rich }}")
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for row in rows %}"
    table.rows[1].cells[0].text = "{{ row.name }}"
    table.rows[1].cells[1].text = "{{ row.count }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    path = tmp_path / "vong-lap.docx"
    document.save(str(path))
    return path


def test_loops_tables_headers_richtext_listing_like_docxtpl(loop_template):
    rich = RichText("đậm", bold=True)
    rich.add(" và nghiêng", italic=True)
    # XML specials in a core property are where minutes-gen differs on purpose (see the next test).
    context = {"title": "Công ty Đắk Lắk", "footer": "A & B <C>", "items": ["một", "hai\nba", "tab\there"],
               "show": True, "note": "ghi chú", "rich": rich,
               "rows": [{"name": "Sở Tư pháp", "count": 3}, {"name": "Sở Y tế", "count": 12}]}
    assert_same(loop_template, context)
    assert_same(loop_template, {**context, "items": [], "show": False, "rows": []})


def test_engine_output_opens_and_escapes(loop_template):
    rich = RichText("x")
    data = CompiledTemplate(loop_template).render({"title": "A & B <C>", "footer": "", "items": ["một"],
                                                   "show": False, "note": "", "rich": rich, "rows": []})
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "Tiêu đề: A & B <C>"
    assert document.core_properties.title == "A & B <C>"
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
