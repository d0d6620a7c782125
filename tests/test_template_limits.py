"""Custom templates that cannot end well: stopped within their limits, named, nothing written."""

import os
import subprocess
import sys
import time
import zipfile

import pytest
from docx import Document

from conftest import ROOT, SAMPLES, SEED
from bombs import TEMPLATE_LIMITS, UNFINISHED
from minutes_gen.engine.limits import GRACE_SECONDS

PLAN = SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"
BOMBS = {
    "mult": "{{ 'A' * 10**10 }}",
    "power": "{{ 2 ** 100000 }}",
    "bigrange": "{% for i in range(10**7) %}{% endfor %}",
    "append": "{% set l = [] %}{% for i in range(1000) %}{{ l.append(i) }}{% endfor %}",
    "loop": "{% set n = unit.name|length * 1000 %}{% for i in range(n) %}{% for j in range(n) %}{% endfor %}{% endfor %}",
    "memory": UNFINISHED["memory"][0],
}
SAID = {"mult": "chuỗi hoặc danh sách quá dài", "power": "lũy thừa quá lớn", "bigrange": "range() quá lớn",
        "append": "không được phép («append»)", "loop": "chạy quá 3 giây", "memory": "cần quá 600 MB bộ nhớ"}


def _template(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.docx"
    document = Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def _run(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINUTES_GEN_LIMITS": TEMPLATE_LIMITS}
    env.pop("MINUTES_GEN_DEBUG", None)
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "minutes_gen", *map(str, args)], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=120)
    return result, time.monotonic() - start


@pytest.mark.parametrize("name", list(BOMBS))
def test_render_stops_a_runaway_template(tmp_path, name):
    template = _template(tmp_path, name, BOMBS[name])
    result, seconds = _run("render", "minutes", SEED, "--template", template, "-o", "bb.docx", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert SAID[name] in result.stderr and f"{name}.docx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "bb.docx").exists() and seconds < 60


@pytest.mark.parametrize("name", ["loop", "memory"])
def test_batch_stops_a_runaway_template_before_writing(tmp_path, name):
    template = _template(tmp_path, name, BOMBS[name])
    result, _ = _run("batch", PLAN, "-o", "kq", "--kinds", "minutes", "--template", template, "--jobs", "2",
                     cwd=tmp_path)
    assert result.returncode == 2 and SAID[name] in result.stderr, result.stderr
    assert not list((tmp_path / "kq").glob("*")) if (tmp_path / "kq").exists() else True


def test_templates_check_sees_loops_that_cannot_end(run, tmp_path):
    template = _template(tmp_path, "long", "{% for i in range(1000) %}{% for j in range(1000) %}x{% endfor %}"
                                            "{% endfor %}")
    result = run("templates", "check", template, "--kind", "minutes")
    assert result.exit_code == 2 and "vòng lặp lồng nhau chạy tới 1.000.000 lần" in result.output


@pytest.mark.parametrize(("name", "kind"), [("range", "minutes"), ("text", "notice"), ("tower", "apology"),
                                           ("memory", "minutes"), *[("nested", kind) for kind in ("minutes", "notice",
                                                                                                  "apology")]])
def test_templates_check_renders_once_with_sample_data_under_the_limits(tmp_path, name, kind):
    text, said = UNFINISHED[name]
    template = _template(tmp_path, name, text)
    result, seconds = _run("templates", "check", template, "--kind", kind, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "khi thử với dữ liệu mẫu" in result.stderr and said in result.stderr, result.stderr
    assert f"{name}.docx" in result.stderr and "Traceback" not in result.stderr and "Mẫu dùng được" not in result.stdout
    assert seconds < 3 + GRACE_SECONDS


def test_workers_take_the_limits_in_force_when_their_pool_starts(tmp_path, monkeypatch):
    from minutes_gen.documents.fields import sample_context
    from minutes_gen.engine.parallel import render_isolated
    from minutes_gen.errors import InputError

    monkeypatch.delenv("MINUTES_GEN_LIMITS", raising=False)
    render_isolated(str(_template(tmp_path, "plain", "{{ unit.name }}")), sample_context("minutes"))  # server up
    monkeypatch.setenv("MINUTES_GEN_LIMITS", TEMPLATE_LIMITS)  # set later, as a test or a caller may
    text, said = UNFINISHED["nested"]
    with pytest.raises(InputError) as refused:
        render_isolated(str(_template(tmp_path, "nested", text)), sample_context("minutes"))
    assert said in refused.value.problems[0].message


def _repacked(source, target, change):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            name, data = change(info.filename, original.read(info))
            copy.writestr(name, data)
    return target


@pytest.mark.parametrize("bad_name", ["../evil.xml", "/abs.xml", "word\\\\evil.xml"])
def test_member_names_that_leave_the_package_are_refused(run, tmp_path, bad_name):
    source = _template(tmp_path, "base", "{{ unit.name }}")
    template = _repacked(source, tmp_path / "mau.docx",
                         lambda name, data: (bad_name, data) if name == "word/settings.xml" else (name, data))
    result = run("templates", "check", template, "--kind", "minutes")
    assert result.exit_code == 2 and "tên không an toàn" in result.output


def test_every_xml_part_is_checked(run, tmp_path):
    source = _template(tmp_path, "base", "{{ unit.name }}")
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    template = _repacked(source, tmp_path / "mau.docx",
                         lambda name, data: (name, bomb) if name == "word/styles.xml" else (name, data))
    result = run("templates", "check", template, "--kind", "minutes")
    assert result.exit_code == 2 and "styles.xml" in result.output and "Traceback" not in result.output


def test_a_header_linked_as_dot_slash_is_rendered(run, tmp_path):
    document = Document()
    document.add_paragraph("Thân")
    document.sections[0].header.paragraphs[0].text = "{{ unit.name }}"
    source = tmp_path / "co-header.docx"
    document.save(str(source))

    def dot_slash(name, data):
        if name == "word/_rels/document.xml.rels":
            data = data.replace(b'Target="header1.xml"', b'Target="./header1.xml"')
        return name, data

    template = _repacked(source, tmp_path / "mau.docx", dot_slash)
    assert b"./header1.xml" in zipfile.ZipFile(template).read("word/_rels/document.xml.rels")
    result = run("render", "minutes", SEED, "--template", template, "-o", "bb.docx")
    assert result.exit_code == 0, result.output
    header = Document(str(tmp_path / "bb.docx")).sections[0].header.paragraphs[0].text
    assert header == "Sở Lao động, Thương binh và Xã hội"
