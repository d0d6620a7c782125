"""A batch writes each document in a staging folder beside its outputs, then renames it into
place: never over an existing file (unless --force), never through a link, nothing left behind."""

import dataclasses

import pytest

from conftest import SAMPLES
from minutes_gen.documents.common import as_plain
from minutes_gen.engine import output
from minutes_gen.engine.output import Staging, write_staged
from minutes_gen.errors import InputError
from minutes_gen.model.loading import load_inspection


def test_a_staged_file_arrives_whole_and_the_staging_folder_goes(tmp_path):
    with Staging(tmp_path) as staging:
        write_staged(staging.path, str(tmp_path / "a.docx"), b"PK" * 50_000, force=False)
        assert list((tmp_path / staging.path).iterdir()) == []
    assert (tmp_path / "a.docx").read_bytes() == b"PK" * 50_000
    assert [path.name for path in tmp_path.iterdir()] == ["a.docx"]


@pytest.mark.parametrize("without_renameat2", [False, True])
def test_a_file_that_appeared_meanwhile_is_kept(tmp_path, monkeypatch, without_renameat2):
    if without_renameat2:  # other systems: a hard link, then the staged name removed
        monkeypatch.setattr(output, "_renameat2", lambda: None)
    (tmp_path / "a.docx").write_bytes(b"the colleague's file")
    with Staging(tmp_path) as staging:
        with pytest.raises(InputError) as raised:
            write_staged(staging.path, str(tmp_path / "a.docx"), b"ours", force=False)
        assert list((tmp_path / staging.path).iterdir()) == []  # our copy is not left behind
    assert "--force" in raised.value.problems[0].message
    assert (tmp_path / "a.docx").read_bytes() == b"the colleague's file"


def test_force_replaces_a_link_by_the_file_never_writing_through_it(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("untouched")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").symlink_to(elsewhere)
    with Staging(out) as staging:
        write_staged(staging.path, str(out / "a.docx"), b"ours", force=True)
    assert not (out / "a.docx").is_symlink() and (out / "a.docx").read_bytes() == b"ours"
    assert elsewhere.read_text() == "untouched"


def test_a_target_in_another_folder_is_written_atomically_without_staging(tmp_path):
    other = tmp_path / "other"
    with Staging(tmp_path) as staging:
        write_staged(staging.path, str(other / "a.docx"), b"ours", force=False)
    assert (other / "a.docx").read_bytes() == b"ours"
    assert [path.name for path in other.iterdir()] == ["a.docx"]


def test_plain_data_for_templates_equals_dataclasses_asdict():
    for name in ("kiem-tra-cchc-sldtbxh-2023.yaml", "kiem-tra-cong-vu-krong-buk-2024.yaml"):
        inspection = load_inspection(SAMPLES / name).inspection
        assert as_plain(inspection) == dataclasses.asdict(inspection)
