"""Templates offices edit: export, check, use; hostile templates refused or harmless; ND30 lint."""

import io
import zipfile

import pytest
from docx import Document

from conftest import SAMPLES, SEED, all_text
from minutes_gen.engine.render import render_docx
from minutes_gen.engine.template_check import check_template
from minutes_gen.errors import InputError
from minutes_gen.lint import lint_document

PLAN = SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"


def make_template(path, *paragraphs):
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def with_document_xml(path, xml: str, source=None):
    """A .docx whose word/document.xml is ``xml`` (everything else from a plain document)."""
    source = source or make_template(path.with_suffix(".base.docx"), "x")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as out:
        for item in original.infolist():
            out.writestr(item, xml if item.filename == "word/document.xml" else original.read(item.filename))
    return path


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_templates_list_and_export(run, tmp_path):
    listing = run("templates", "list")
    assert listing.exit_code == 0
    for line in ("minutes  bien-ban-kiem-tra.docx", "notice   thong-bao-ket-luan.docx", "apology  phieu-xin-loi.docx"):
        assert line in listing.output
    assert "unit.name" in listing.output and "dossier.code" in listing.output
    assert run("templates", "export", "notice", "mau").exit_code == 0
    exported = tmp_path / "mau" / "thong-bao-ket-luan.docx"
    assert run("templates", "check", exported, "--kind", "notice").output.startswith("Mẫu dùng được")
    again = run("templates", "export", "notice", "mau")
    assert again.exit_code == 2 and "đã tồn tại" in again.output


@pytest.mark.parametrize(("kind", "form", "name"), [("minutes", "", "bien-ban-kiem-tra.docx"),
                                                   ("notice", "", "thong-bao-ket-luan.docx"),
                                                   ("apology", "2018", "phieu-xin-loi.docx"),
                                                   ("apology", "2025", "van-ban-xin-loi-2025.docx")])
def test_every_exported_template_passes_its_check_and_trial_rendering(run, tmp_path, kind, form, name):
    assert run("templates", "export", kind, "mau", *(["--form", form] if form else [])).exit_code == 0
    result = run("templates", "check", tmp_path / "mau" / name, "--kind", kind)
    assert result.exit_code == 0 and result.output.startswith("Mẫu dùng được"), result.output


def test_check_reports_every_problem_of_an_edited_template(run, tmp_path):
    document = Document()
    document.add_paragraph("Kính gửi {{ unit.nmae }} và {{ header.parnt }}")
    document.add_paragraph("{%p for m in team.members %}")
    document.add_paragraph("{{ m.nam }} {{ m.name|upper }} {{ loop.index }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ broken tag ")
    document.add_paragraph("{{ unit.")  # a tag opened in one paragraph, closed in the next
    document.add_paragraph("name }}")
    path = tmp_path / "sua.docx"
    document.save(str(path))
    result = run("templates", "check", path, "--kind", "minutes")
    assert result.exit_code == 2
    for fragment in ("biến «unit.nmae» không có trong dữ liệu của loại văn bản này; có phải là «unit.name»?",
                     "có phải là «header.parent»?", "biến «team.members[].nam»", "có phải là «team.members[].name»?",
                     "lỗi cú pháp", "«{{ broken tag»", "không đóng trong cùng một đoạn: «{{ unit.»"):
        assert fragment in result.output, fragment
    assert "biến «team.members[].name»" not in result.output and "biến «loop" not in result.output


def test_a_tag_split_over_runs_by_formatting_is_joined(tmp_path):
    document = Document()
    paragraph = document.add_paragraph("Đơn vị: ")
    paragraph.add_run("{{ unit.").bold = True
    paragraph.add_run("name }}").italic = True
    path = tmp_path / "tach.docx"
    document.save(str(path))
    assert check_template(path, "minutes") == []
    from minutes_gen.documents.fields import sample_context

    rendered = Document(io.BytesIO(render_docx(path, sample_context("minutes"))))
    assert rendered.paragraphs[0].text == "Đơn vị: Tên đầy đủ của đơn vị được kiểm tra"


def test_render_with_an_office_template(run, tmp_path):
    run("templates", "export", "minutes", "mau")
    template = tmp_path / "mau" / "bien-ban-kiem-tra.docx"
    document = Document(str(template))
    closing = next(p for p in document.paragraphs if p.text == "{{ closing }}")
    closing.insert_paragraph_before("Mẫu riêng của tỉnh: {{ unit.short_name }}")
    document.save(str(template))
    result = run("render", "minutes", SEED, "-o", "bb.docx", "--template", template)
    assert result.exit_code == 0, result.output
    assert "Mẫu riêng của tỉnh: Sở LĐTBXH" in all_text(Document(str(tmp_path / "bb.docx")))


def test_a_failing_template_stops_every_command_before_writing(run, tmp_path):
    bad = make_template(tmp_path / "xau.docx", "{{ unit.nmae }}")
    assert run("render", "minutes", SEED, "-o", "bb.docx", "--template", bad).exit_code == 2
    assert run("batch", PLAN, "-o", "kq", "--kinds", "minutes", "--template", bad).exit_code == 2
    assert run("apology", SAMPLES / "so-theo-doi-ho-so.csv", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
               "-o", "phieu", "--template", bad).exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xau.docx"]
    two_kinds = run("batch", PLAN, "-o", "kq", "--template", bad)
    assert two_kinds.exit_code == 2 and "một loại văn bản" in two_kinds.output


@pytest.mark.parametrize("expression", ["''.__class__.__mro__", "unit.__class__", "cycler.__init__.__globals__",
                                        "unit.name.__class__.__base__.__subclasses__()"])
def test_sandbox_escapes_are_refused(tmp_path, expression):
    path = make_template(tmp_path / "ac.docx", "{{ " + expression + " }}")
    problems = check_template(path, "minutes")
    assert problems and "không được phép" in problems[0].message
    from minutes_gen.documents.fields import sample_context

    with pytest.raises(InputError):
        render_docx(path, sample_context("minutes"))  # even without the check


@pytest.mark.parametrize(("expression", "said"), [("1/0", "chia cho 0"), ("unit.name + 1", "sai kiểu"),
                                                 ("range(1, 9, 0)", "giá trị không hợp lệ")])
def test_an_expression_that_fails_is_the_template_s_error(run, tmp_path, expression, said):
    path = make_template(tmp_path / "tinh.docx", "Số: {{ " + expression + " }}")
    checked = run("templates", "check", path, "--kind", "minutes")
    assert checked.exit_code == 2 and "khi thử với dữ liệu mẫu" in checked.output and said in checked.output
    rendered = run("render", "minutes", SEED, "-o", "bb.docx", "--template", path)
    assert rendered.exit_code == 2 and said in rendered.output and "ngoài dự kiến" not in rendered.output


def test_include_and_import_cannot_read_files(tmp_path):
    from minutes_gen.documents.fields import sample_context

    for tag in ('{% include "/etc/passwd" %}', '{% import "/etc/passwd" as x %}'):
        path = make_template(tmp_path / "inc.docx", tag)
        assert "không được đọc tệp khác" in check_template(path, "minutes")[0].message
        with pytest.raises(InputError, match="không được đọc tệp khác"):
            render_docx(path, sample_context("minutes"))


def test_xxe_does_not_leak_a_local_file(tmp_path):
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("MẬT KHẨU 1234")
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
    path = with_document_xml(tmp_path / "xxe.docx", xml)
    with pytest.raises(InputError, match="thực thể XML"):
        check_template(path, "minutes")
    with pytest.raises(InputError) as caught:
        render_docx(path, {})
    assert "MẬT KHẨU" not in caught.value.format_message()


def test_billion_laughs_is_refused(tmp_path):
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>')
    path = with_document_xml(tmp_path / "lol.docx", xml)
    with pytest.raises(InputError, match="thực thể XML|XML trong mẫu bị hỏng"):
        render_docx(path, {})


def test_zip_bombs_are_refused(tmp_path):
    base = make_template(tmp_path / "base.docx", "x")
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(base) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            out.writestr(item, original.read(item.filename))
        out.writestr("word/media/zeros.bin", b"\0" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(InputError, match="quá lớn"):
        render_docx(bomb, {})
    many = tmp_path / "nhieu.docx"
    with zipfile.ZipFile(base) as original, zipfile.ZipFile(many, "w") as out:
        for item in original.infolist():
            out.writestr(item, original.read(item.filename))
        for index in range(1001):
            out.writestr(f"word/extra/{index}.xml", b"<a/>")
    with pytest.raises(InputError, match="quá nhiều thành phần"):
        render_docx(many, {})
    with pytest.raises(InputError, match="quá lớn"):
        lint_document(bomb)


def test_a_template_with_ten_thousand_tags(tmp_path):
    from minutes_gen.documents.fields import sample_context

    document = Document()
    for index in range(10000):
        document.add_paragraph(f"{index}: {{{{ unit.name }}}}")
    path = tmp_path / "lon.docx"
    document.save(str(path))
    assert check_template(path, "minutes") == []
    rendered = Document(io.BytesIO(render_docx(path, sample_context("minutes"))))
    assert len(rendered.paragraphs) == 10000
    assert rendered.paragraphs[-1].text == "9999: Tên đầy đủ của đơn vị được kiểm tra"


def test_every_builtin_template_and_every_generated_document_passes_lint(run, tmp_path):
    from minutes_gen.documents import TEMPLATE_KINDS
    from minutes_gen.sources.builtin_files import builtin_template

    for kind, spec in TEMPLATE_KINDS.items():
        assert lint_document(builtin_template(spec.template), kind) == [], kind
    assert run("batch", PLAN, "-o", "kq", "--number", "auto", "--db", "so.db").exit_code == 0
    assert run("apology", SAMPLES / "so-theo-doi-ho-so.xlsx", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
               "-o", "phieu", "--as-of", "15/06/2023", "--combined").exit_code == 0
    documents = [(p, "minutes" if p.name.startswith("bien-ban") else "notice") for p in (tmp_path / "kq").glob("*.docx")]
    documents += [(p, "apology") for p in (tmp_path / "phieu").glob("*.docx")]
    assert len(documents) == 12
    for path, kind in documents:
        findings = lint_document(path, kind)
        assert findings == [], (path.name, [str(f) for f in findings])
    result = run("lint", tmp_path / "kq" / "bien-ban-so-tu-phap.docx", "--kind", "minutes")
    assert result.exit_code == 0 and "đúng thể thức" in result.output


def test_lint_finds_what_breaks_nd30(run, tmp_path):
    plain = make_template(tmp_path / "thuong.docx", "Hà Nội, ngày 5 tháng 2 năm 2024", "Số: 7/bb-đkt")
    result = run("lint", plain)
    assert result.exit_code == 1
    for fragment in ("[khổ giấy]", "[lề]", "[phông chữ]", "[ngôn ngữ]", "[phần đầu]", "[ngày tháng]",
                     "«ngày 5 tháng 2»", "[nơi nhận]", "[số trang]"):
        assert fragment in result.output, fragment
    wrong_kind = run("lint", tmp_path.parent / "x.docx")
    assert wrong_kind.exit_code == 2


def test_lint_number_and_month_rules(run, tmp_path):
    assert run("render", "notice", SEED, "-o", "tb.docx").exit_code == 0
    document = Document(str(tmp_path / "tb.docx"))
    left, right = document.tables[0].rows[0].cells
    number = next(p for p in left.paragraphs if p.text.startswith("Số"))
    number.runs[0].text = "Số: 7/TB-ĐKT"
    place = [p for p in right.paragraphs if p.text][-1]
    place.runs[0].text = "Đắk Lắk, ngày 20 tháng 07 năm 2023"
    document.save(str(tmp_path / "sai.docx"))
    messages = [str(f) for f in lint_document(tmp_path / "sai.docx", "notice")]
    assert any("số «7»: số dưới 10 phải có số 0" in m for m in messages)
    assert any("từ tháng 3 không viết số 0" in m for m in messages)
