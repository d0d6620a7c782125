"""Bad input: every problem reported at once, in Vietnamese, with file, line and field;
exit code 2; no traceback; nothing written."""

import pytest

from conftest import SEED, write_yaml


def _assert_refused(result, tmp_path, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output
    assert not list(tmp_path.glob("*.docx"))


def test_seed_is_valid_with_the_in_process_warning(run):
    result = run("validate", SEED)
    assert result.exit_code == 0, result.output
    assert "Tệp hợp lệ" in result.output
    assert "805 − 803 = 02" in result.output
    assert "ghi là 07" in result.output
    assert "statistics.dossiers.in_process" in result.output


def test_consistent_figures_give_no_warning(run, tmp_path, seed_text):
    path = write_yaml(tmp_path, seed_text.replace("in_process: 7 ", "in_process: 2 "))
    result = run("validate", path)
    assert result.exit_code == 0
    assert "Cảnh báo" not in result.output


@pytest.mark.parametrize("old, new, message", [
    ("on_time: 801", "on_time: 790", "801"[:0] + "790 + 02 = 792, khác số hồ sơ đã giải quyết (803)"),
    ("resolved: 803", "resolved: 900", "lớn hơn số hồ sơ phải giải quyết"),
    ("checked: 4", "checked: 3", "dưới mức tối thiểu 30%"),
    ("checked: 4", "checked: 14", "số đơn vị được kiểm tra (14) lớn hơn tổng số (12)"),
    ("met: 13", "met: 16", "số chỉ tiêu đạt (16) lớn hơn tổng số (15)"),
])
def test_figures_that_do_not_add_up_are_warnings(run, tmp_path, seed_text, old, new, message):
    path = write_yaml(tmp_path, seed_text.replace(old, new))
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" in result.output and message in result.output


def test_all_problems_reported_at_once_with_line_and_field(run, tmp_path, seed_text):
    broken = (seed_text.replace("date: 12/07/2023", "date: 31/02/2023")
              .replace("received: 805", "received: nhiều")
              .replace("  name: Sở Lao động, Thương binh và Xã hội\n", "  nmae: Sở Lao động\n"))
    path = write_yaml(tmp_path, broken)
    result = run("render", "minutes", path)
    _assert_refused(result, tmp_path, "4 lỗi", "trường unit.name: thiếu trường bắt buộc",
                    "trường meeting.date: ngày «31/02/2023» không có thật trong lịch",
                    "trường statistics.dossiers.received: phải là một số nguyên không âm",
                    "trường unit.nmae: trường «nmae» không có trong mẫu dữ liệu; có phải là «name»?")
    line = broken.splitlines().index("  date: 31/02/2023") + 1
    assert f"dòng {line}, trường meeting.date" in result.output


def test_missing_required_fields_are_named(run, tmp_path, seed_text):
    text = seed_text.replace("  location: trụ sở", "  # location: trụ sở").replace("decision:", "old_decision:")
    result = run("validate", write_yaml(tmp_path, text))
    _assert_refused(result, tmp_path, "trường meeting.location: thiếu trường bắt buộc",
                    "trường decision: thiếu trường bắt buộc", "trường old_decision")


def test_wrong_types(run, tmp_path, seed_text):
    text = seed_text.replace("scope:\n", "scope: một nội dung\nold_scope:\n").replace('start: "08:00"', "start: sáng")
    result = run("validate", write_yaml(tmp_path, text))
    _assert_refused(result, tmp_path, "trường scope: phải là một danh sách", "trường meeting.start: «sáng» không phải là giờ")


def test_end_before_start_is_an_error(run, tmp_path, seed_text):
    result = run("validate", write_yaml(tmp_path, seed_text.replace('end: "11:30"', 'end: "07:00"')))
    _assert_refused(result, tmp_path, "giờ kết thúc phải sau giờ bắt đầu")


def test_yaml_syntax_error_names_the_line(run, tmp_path, seed_text):
    text = seed_text.replace("  short_name: Sở LĐTBXH", "  short_name Sở LĐTBXH\n  x: [")
    result = run("render", "minutes", write_yaml(tmp_path, text))
    _assert_refused(result, tmp_path, "lỗi cú pháp YAML", "dòng ")


def test_tab_indentation_is_explained(run, tmp_path):
    result = run("validate", write_yaml(tmp_path, "unit:\n\tname: A\n"))
    _assert_refused(result, tmp_path, "Tab")


def test_empty_file(run, tmp_path):
    result = run("render", "minutes", write_yaml(tmp_path, "# chỉ có ghi chú\n"))
    _assert_refused(result, tmp_path, "tệp rỗng")


def test_binary_file(run, tmp_path):
    path = tmp_path / "anh.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _assert_refused(run("render", "minutes", path), tmp_path, "không phải văn bản")


def test_legacy_encoding(run, tmp_path):
    path = tmp_path / "cu.yaml"
    path.write_bytes("unit:\n  name: Hà\n".encode("cp1258"))
    _assert_refused(run("validate", path), tmp_path, "dòng 2", "UTF-8")
    path.write_bytes("unit:\n  name: Sở\n".encode("utf-16"))
    _assert_refused(run("validate", path), tmp_path, "UTF-16")


def test_missing_file(run, tmp_path):
    _assert_refused(run("render", "minutes", tmp_path / "khong-co.yaml"), tmp_path, "không tìm thấy tệp")


@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/object:builtins.dict {}",
    "!!binary aGVsbG8=",
])
def test_yaml_tags_are_refused_not_constructed(run, tmp_path, seed_text, payload):
    text = seed_text.replace("year: 2023", f"year: {payload}")
    _assert_refused(run("validate", write_yaml(tmp_path, text)), tmp_path, "không được phép", "trường year")


def test_alias_bomb_is_refused(run, tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
              for i in range(1, 9)]
    _assert_refused(run("validate", write_yaml(tmp_path, "\n".join(lines))), tmp_path, "quá nhiều phần tử")


def test_duplicate_keys_are_reported(run, tmp_path, seed_text):
    text = seed_text.replace("year: 2023", "year: 2023\nyear: 2024")
    _assert_refused(run("validate", write_yaml(tmp_path, text)), tmp_path, "khóa «year» bị lặp lại")


def test_top_level_list_is_refused(run, tmp_path):
    _assert_refused(run("validate", write_yaml(tmp_path, "- a\n- b\n")), tmp_path, "cấp ngoài cùng")


def test_empty_list_item_and_no_representative(run, tmp_path, seed_text):
    text = seed_text.replace("achievements:\n", "achievements:\n  -\n")
    start = text.index("  representatives:")
    end = text.index("\n\n", start)
    text = text[:start] + "  representatives: []" + text[end:]
    result = run("validate", write_yaml(tmp_path, text))
    _assert_refused(result, tmp_path, "trường achievements[1]: mục rỗng", "cần ít nhất một người đại diện")
