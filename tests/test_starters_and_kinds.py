"""Starter files for every kind of input, placeholders left in them, files given in the wrong
place, and dates that contradict each other."""

import re

import pytest
import yaml

from conftest import SAMPLES, SEED, write_yaml
from minutes_gen.sources.placeholders import PLACEHOLDERS

KINDS = ["minutes", "plan", "agency", "calendar", "columns"]
FILLED = {"minutes": "dữ liệu kiểm tra", "plan": "kế hoạch", "agency": "tệp cơ quan", "calendar": "lịch nghỉ",
          "columns": "bảng tên cột"}


def _filled(text: str) -> str:
    """The starter as a user fills it: every placeholder replaced by a real-looking value."""
    text = re.sub(r'"([^"\n]*)(?<=\s)\.\.\.([^"\n]*)"', r'"\1Đắk Lắk\2"', text)
    for placeholder in sorted(PLACEHOLDERS, key=len, reverse=True):
        text = text.replace(f'"{placeholder}"', '"Nguyễn Văn An, Trưởng phòng: Hành chính"')
    return text


@pytest.mark.parametrize("kind", KINDS)
def test_every_starter_validates_once_filled(run, tmp_path, kind):
    starter = run("init", kind)
    assert starter.exit_code == 0 and starter.output.startswith("#")
    path = write_yaml(tmp_path, _filled(starter.output), f"{kind}.yaml")
    checked = run("validate", path)
    assert checked.exit_code == 0, checked.output
    assert FILLED[kind] in checked.output


@pytest.mark.parametrize("kind", ["minutes", "plan", "agency"])
def test_placeholders_left_are_errors_with_their_lines(run, tmp_path, kind):
    text = run("init", kind).output
    path = write_yaml(tmp_path, text, f"{kind}.yaml")
    result = run("validate", path)
    assert result.exit_code == 2
    lines = text.splitlines()
    for number in map(int, re.findall(r"dòng (\d+), trường [^:]+: «[^»]+» là chữ mẫu", result.output)):
        assert any(p in lines[number - 1] for p in PLACEHOLDERS) or "..." in lines[number - 1]
    assert "«Tên tỉnh» là chữ mẫu" in result.output and "«UBND tỉnh ...» là chữ mẫu" in result.output


@pytest.mark.parametrize("kind", KINDS)
def test_starter_text_values_are_quoted(run, kind):
    """A value a user may type commas or colons into is quoted, so the file still reads the same."""
    node = yaml.compose(run("init", kind).output)
    unquoted = []

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif node.tag == "tag:yaml.org,2002:str" and not node.style and not re.fullmatch(r"\d{2}/\d{2}/\d{4}", node.value):
            unquoted.append(node.value)
        assert not getattr(node, "flow_style", False), "không dùng {…} hay […] trong tệp khởi tạo"

    walk(node)
    assert unquoted == []


@pytest.mark.parametrize("wrong, command, said", [
    (SAMPLES / "co-quan-sldtbxh.yaml", ["render", "minutes"], "đây là tệp cơ quan lập phiếu xin lỗi"),
    (SEED, ["batch"], "đây là tệp dữ liệu kiểm tra một đơn vị"),
    (SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml", ["validate", "--kind", "agency"], "đây là kế hoạch kiểm tra"),
])
def test_a_file_in_the_wrong_place_is_named_in_one_line(run, wrong, command, said):
    args = command + [wrong] + (["-o", "kq"] if command == ["batch"] else [])
    result = run(*args)
    assert result.exit_code == 2 and said in result.output and "(1 lỗi)" in result.output


def test_apology_agency_given_an_inspection_file(run, tmp_path):
    result = run("apology", SAMPLES / "so-theo-doi-ho-so.csv", "--agency", SEED, "-o", "phieu")
    assert result.exit_code == 2 and "đây là tệp dữ liệu kiểm tra một đơn vị" in result.output
    assert not (tmp_path / "phieu").exists()


def test_validate_recognises_every_sample(run):
    assert "kế hoạch kiểm tra" in run("validate", SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml").output
    assert "tệp cơ quan" in run("validate", SAMPLES / "co-quan-sldtbxh.yaml").output
    assert "dữ liệu kiểm tra" in run("validate", SEED).output


def _with(seed_text: str, old: str, new: str) -> str:
    assert old in seed_text
    return seed_text.replace(old, new)


NOTICE_DATE = "  date: 20/07/2023                      # ngày ban hành (bỏ trống: ngày hôm nay)\n"


def test_contradicting_dates_are_errors(run, tmp_path, seed_text):
    before_decision = _with(seed_text, "  date: 12/07/2023", "  date: 01/03/2023")
    result = run("validate", write_yaml(tmp_path, before_decision))
    assert result.exit_code == 2 and "trước ngày ban hành quyết định" in result.output
    ends_first = _with(seed_text, 'end: "11:30"', 'end: "07:00"')
    assert "giờ kết thúc phải sau giờ bắt đầu" in run("validate", write_yaml(tmp_path, ends_first)).output
    notice_first = _with(seed_text, NOTICE_DATE, "  date: 11/07/2023\n")
    result = run("validate", write_yaml(tmp_path, notice_first))
    assert result.exit_code == 2 and "thông báo kết luận đề ngày 11/07/2023, trước ngày kết thúc kiểm tra" in result.output


def test_an_undated_notice_needs_date_or_says_it_is_dated_today(run, tmp_path, seed_text):
    path = write_yaml(tmp_path, _with(seed_text, NOTICE_DATE, ""))
    warned = run("render", "notice", path, "-o", "tb.docx")
    assert warned.exit_code == 0 and "thông báo chưa có ngày" in warned.output and "đề ngày hôm nay" in warned.output
    dated = run("render", "notice", path, "-o", "tb2.docx", "--date", "20/07/2023")
    assert dated.exit_code == 0 and "thông báo chưa có ngày" not in dated.output
    early = run("render", "notice", path, "-o", "tb3.docx", "--date", "10/07/2023")
    assert early.exit_code == 2 and "trước ngày kiểm tra" in early.output
