"""A disk that fills up mid-batch: every document written is whole and named, none is claimed."""

import subprocess

import pytest

from conftest import SAMPLES


@pytest.fixture
def small_disk(tmp_path):
    """A 600 KB file system (tmpfs), as a nearly full disk; root is needed to mount it."""
    mount = tmp_path / "o-dia"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cần quyền root để tạo ổ đĩa nhỏ (tmpfs) cho phép thử ổ đầy")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_names_what_was_written(run, small_disk):
    from registers import write_csv

    rows = [[f"HS-{i}", f"Người {i}", "", "Thủ tục", "01/06/2023", "12/06/2023", "", "", "", ""] for i in range(40)]
    register = write_csv(small_disk.parent / "so.csv", rows)
    result = run("apology", register, "--agency", SAMPLES / "co-quan-sldtbxh.yaml", "-o", small_disk / "phieu",
                 "--as-of", "15/06/2023", "--jobs", "1")
    assert result.exit_code == 2, result.output
    assert "ổ đĩa đã đầy (ENOSPC)" in result.output and "Traceback" not in result.output
    on_disk = sorted(p.name for p in (small_disk / "phieu").glob("phieu-xin-loi-*.docx"))
    assert on_disk, "some slips fit before the disk was full"
    assert f"đã ghi trọn vẹn {len(on_disk)} văn bản" in result.output
    for name in on_disk:
        assert name in result.output
        assert (small_disk / "phieu" / name).read_bytes().startswith(b"PK")
    assert "Không có tệp nào được ghi" not in result.output
    assert not list((small_disk / "phieu").glob(".*.tmp"))
