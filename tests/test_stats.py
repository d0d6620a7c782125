"""Dossier statistics computed from the register, and quoted by the minutes."""

import datetime as dt
import json

from conftest import SAMPLES, SEED, write_yaml
from minutes_gen.model.dossier import Dossier
from minutes_gen.model.dossier_stats import compute_stats

D = dt.date


def test_sample_register_reproduces_the_article_figures(run):
    result = run("stats", SAMPLES / "so-theo-doi-ho-so.xlsx", "--from", "01/01/2022", "--to", "15/06/2023",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert {key: figures[key] for key in ("received", "carried_over", "resolved", "early", "on_time", "overdue",
                                          "in_process", "in_process_overdue", "apologies_owed",
                                          "apologies_recorded")} == {
        "received": 805, "carried_over": 0, "resolved": 803, "early": 583, "on_time": 218, "overdue": 2,
        "in_process": 1, "in_process_overdue": 1, "apologies_owed": 3, "apologies_recorded": 1}
    assert sum(figures["by_channel"].values()) == 805


def test_xlsx_and_csv_give_the_same_text(run):
    outputs = [run("stats", SAMPLES / f"so-theo-doi-ho-so.{ext}", "--from", "01/01/2022", "--to", "15/06/2023").output
               for ext in ("xlsx", "csv")]
    assert outputs[0].splitlines()[1:] == outputs[1].splitlines()[1:]
    assert "Đã giải quyết:" in outputs[0] and "803" in outputs[0] and "(0,2%)" in outputs[0]


def _d(code, received, due, returned=None, apologised=False):
    return Dossier(row=1, code=code, applicant="A", procedure="T", received=received, due=due,
                   returned=returned, apologised=apologised)


def test_period_boundaries_and_carried_over():
    dossiers = [
        _d("before-closed", D(2022, 12, 1), D(2022, 12, 10), D(2022, 12, 9)),      # not counted
        _d("carried", D(2022, 12, 28), D(2023, 1, 6), D(2023, 1, 5)),               # carried, early
        _d("carried-open", D(2022, 12, 30), D(2023, 1, 9)),                         # carried, in process overdue
        _d("first-day", D(2023, 1, 1), D(2023, 1, 10), D(2023, 1, 10)),            # on time
        _d("late", D(2023, 1, 2), D(2023, 1, 10), D(2023, 1, 12), apologised=True),  # overdue
        _d("returned-after", D(2023, 1, 20), D(2023, 1, 30), D(2023, 2, 2)),       # in process, overdue at end
        _d("due-on-last-day", D(2023, 1, 25), D(2023, 1, 31)),                       # within
        _d("after", D(2023, 2, 1), D(2023, 2, 10)),                                  # not counted
    ]
    stats = compute_stats(dossiers, D(2023, 1, 1), D(2023, 1, 31))
    assert (stats.received, stats.carried_over) == (4, 2)
    assert (stats.resolved, stats.early, stats.on_time, stats.overdue) == (3, 1, 1, 1)
    assert (stats.in_process, stats.in_process_overdue) == (1, 2)
    assert stats.received + stats.carried_over == stats.resolved + stats.in_process + stats.in_process_overdue
    assert (stats.apologies_owed, stats.apologies_recorded) == (3, 1)


def test_yaml_block_drops_into_the_minutes_and_silences_the_warning(run, tmp_path, seed_text):
    block = run("stats", SAMPLES / "so-theo-doi-ho-so.csv", "--from", "01/01/2022", "--to", "15/06/2023",
                "--format", "yaml").output
    start = seed_text.index("  dossiers:")
    end = seed_text.index("  units_checked:")
    dossiers_block = block.split("statistics:\n", 1)[1]
    path = write_yaml(tmp_path, seed_text[:start] + dossiers_block + seed_text[end:])
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" not in result.output
    rendered = run("render", "minutes", path, "-o", "bb.docx")
    assert rendered.exit_code == 0
    from docx import Document

    from conftest import all_text
    assert "đang giải quyết 01 hồ sơ trong hạn và 01 hồ sơ quá hạn" in all_text(Document(str(tmp_path / "bb.docx")))


def test_stats_bad_input(run, tmp_path):
    result = run("stats", SAMPLES / "so-theo-doi-ho-so.csv", "--from", "15/06/2023", "--to", "01/01/2022")
    assert result.exit_code == 2 and "ngày cuối kỳ trước ngày đầu kỳ" in result.output
    result = run("stats", tmp_path / "khong-co.xlsx", "--from", "01/01/2022", "--to", "15/06/2023")
    assert result.exit_code == 2 and "không tìm thấy tệp" in result.output
    assert SEED.exists()
