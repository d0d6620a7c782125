"""Benchmark: the main process's memory over a long apology run, with and without ``--pdf``.

    python benchmarks/bench_memory.py --n 50000

Runs the real command ``minutes-gen apology REGISTER … -o DIR --as-of … [--pdf]`` on a register
of N rows (benchmarks/bench_batch.make_register), in the same run without and with ``--pdf``, and
samples every 0.1 s the PSS (proportional set size) of the main process alone and of the whole
tree (the workers and the LibreOffice processes with it). The main process must stay flat: it
streams the rows to the workers and keeps one line of the manifest per dossier; LibreOffice's
memory is its own. Every letter is checked to have its .docx (and its .pdf with ``--pdf``).
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_batch import AGENCY, AS_OF, make_register, tree_pss_kb  # noqa: E402


def pss_kb(pid: int) -> int:
    """The PSS (kB) of ``pid`` alone (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except (FileNotFoundError, ProcessLookupError):
        return 0


def measured_run(register: Path, out: Path, pdf: bool) -> tuple[float, float, float]:
    """The apology run; (seconds, peak PSS of the main process in MB, peak PSS of the tree in MB)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "minutes_gen", "apology", str(register), "--agency", str(AGENCY), "-o", str(out),
               "--as-of", AS_OF, *(["--pdf"] if pdf else [])]
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:  # a file, not a pipe: a full pipe would stop the command
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, text=True)
        main = tree = 0
        while process.poll() is None:
            main, tree = max(main, pss_kb(process.pid)), max(tree, tree_pss_kb(process.pid))
            time.sleep(0.1)
        errors.seek(0)
        error = errors.read()
    if process.returncode != 0:
        sys.exit(f"lệnh lỗi ({process.returncode}): {' '.join(command)}\n{error[-2000:]}")
    return time.perf_counter() - start, main / 1024, tree / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="số dòng của sổ (mặc định 50.000)")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="thư mục tạm (mặc định: thư mục hiện tại)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-memory-") as folder:
        folder = Path(folder)
        make_register(folder / "so.csv", args.n)
        figures = {}
        for pdf in (False, True):
            out = folder / ("pdf" if pdf else "docx")
            figures[pdf] = measured_run(folder / "so.csv", out, pdf)
            letters = sorted(out.glob("*.docx"))
            missing = [path.name for path in letters if pdf and not path.with_suffix(".pdf").is_file()]
            if not letters or missing:
                sys.exit(f"thiếu tệp: {len(letters)} .docx, thiếu PDF của {missing[:5]}")
            figures[pdf] += (len(letters),)
    rows = f"{args.n:,}".replace(",", ".")
    print(f"máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, tải "
          f"{os.getloadavg()[0]:.1f}; sổ {rows} dòng")
    for pdf, (seconds, main_mb, tree_mb, letters) in figures.items():
        label = "có --pdf" if pdf else "không --pdf"
        print(f"{label:<12} {letters:>6} văn bản  {seconds:8.1f} giây  PSS đỉnh tiến trình chính {main_mb:6.1f} MB"
              f"  (cả cây tiến trình, gồm LibreOffice: {tree_mb:7.1f} MB)")
    print(f"tỷ lệ PSS tiến trình chính có/không --pdf: {figures[True][1] / figures[False][1]:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
