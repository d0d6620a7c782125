"""Benchmark: N letters from the register to signed PDFs (person + agency) in one command, and
the share of each stage.

    python benchmarks/bench_pipeline.py            # N = 1,000

Runs the real command ``minutes-gen apology REGISTER … --pdf --sign person,agency --signing
KY_SO.yaml --jobs J`` (J: the cores minutes-gen gets; the PDFs through J LibreOffice processes,
each with its own profile), timed from outside, with a throw-away CA (tests/signing_helpers.py).
The command's own progress calls (read, docx, pdf, sign) are noted with their time, so the
seconds split into stages: read (process start and the register), rules (judging, numbers,
until the first letter is written), render (the .docx), PDF, sign, and the rest (manifest).
The LibreOffice baselines (one soffice per file, one soffice call for all) are in bench_pdf.py.
Every letter is checked to carry both signatures, intact.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import AGENCY, AS_OF, make_register  # noqa: E402
from minutes_gen.engine.workers import default_jobs  # noqa: E402
from signing_helpers import (AGENCY as AGENCY_NAME, PASSWORD, PERSON, ThrowawayCA, seal_image,  # noqa: E402
                             signature_facts, signature_image)

# The command as a user runs it, its progress calls noted (time, stage) in the file argv[1].
NOTED = """
import runpy, sys, time
from minutes_gen.cli import options
log = open(sys.argv[1], "w")
shown = options.ProgressBars.__call__
def noted(self, done, total, stage):
    log.write(f"{time.perf_counter()} {stage}\\n")
    shown(self, done, total, stage)
options.ProgressBars.__call__ = noted
sys.argv = ["minutes-gen", *sys.argv[2:]]
try:
    runpy.run_module("minutes_gen", run_name="__main__")
finally:
    log.write(f"{time.perf_counter()} end\\n")
    log.close()
"""
STAGES = (("read", "đọc sổ"), ("docx", "quy tắc"), ("docx", "tạo .docx"), ("pdf", "PDF"), ("sign", "ký số"),
          ("end", "còn lại"))


def stage_seconds(start: float, log: Path) -> list[tuple[str, float]]:
    """The seconds of each stage, from the noted progress calls: a stage ends at its last call;
    «rules» runs from the register's last row to the first letter written."""
    notes = [line.split() for line in log.read_text().splitlines()]
    first = {stage: float(at) for at, stage in reversed(notes)}
    last = {stage: float(at) for at, stage in notes}
    ends = [last["read"], first["docx"], last["docx"], last["pdf"], last["sign"], last["end"]]
    return [(label, end - begin) for (_, label), begin, end in zip(STAGES, [start] + ends, ends)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="số văn bản (mặc định 1.000)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="số tiến trình (mặc định: số lõi được dùng)")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="thư mục tạm (mặc định: thư mục hiện tại)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-pipeline-") as folder:
        folder = Path(folder)
        ca = ThrowawayCA(folder)
        profile = {"person": {"image": str(signature_image(folder / "chu-ky.png")),
                              "p12": str(ca.pkcs12(PERSON, "nguoi-ky.p12"))},
                   "agency": {"image": str(seal_image(folder / "con-dau.png")), "name": "Sở Lao động",
                              "p12": str(ca.pkcs12(AGENCY_NAME, "co-quan.p12"))}}
        (folder / "ky-so.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
        make_register(folder / "so.csv", args.n)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", NOTED, folder / "tien-do.txt", "apology", folder / "so.csv", "--agency",
                        AGENCY, "-o", folder / "vb", "--as-of", AS_OF, "--pdf", "--sign", "person,agency",
                        "--signing", folder / "ky-so.yaml", "--jobs", str(args.jobs)], check=True,
                       capture_output=True, env={**os.environ, "MINUTES_GEN_P12_PASSWORD": PASSWORD}, cwd=ROOT)
        stages = stage_seconds(start, folder / "tien-do.txt")
        letters = sorted((folder / "vb").glob("*.pdf"))
        for letter in letters:
            facts = signature_facts(letter.read_bytes())
            if [(field, intact) for field, *_, intact in facts] != [("ChuKyNguoiKy", True), ("ChuKyCoQuan", True)]:
                sys.exit(f"{letter.name}: thiếu chữ ký hoặc chữ ký không còn nguyên vẹn: {facts}")
    total = sum(seconds for _, seconds in stages)
    print(f"máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, tải "
          f"{os.getloadavg()[0]:.1f}; {len(letters)} văn bản xin lỗi, --jobs {args.jobs}")
    print(f"từ sổ đến PDF đã ký (người ký + cơ quan), một lệnh: {total:.1f} giây, {len(letters) / total:.1f} văn bản/giây")
    print("  " + "; ".join(f"{label} {seconds:.1f} giây ({100 * seconds / total:.0f}%)" for label, seconds in stages))
    print(f"  ký số: {2 * len(letters) / dict(stages)['ký số']:.1f} chữ ký/giây; mọi văn bản có đủ hai chữ ký, "
          f"còn nguyên vẹn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
