"""Benchmark: N apology letters to PDF: LibreOffice as people call it, and minutes-gen.

    python benchmarks/bench_pdf.py            # N = 200

(a) runs ``soffice --convert-to pdf`` once per file, one after another (what a script that
    loops over files does), with its own profile folder;
(a') runs ONE ``soffice --convert-to pdf *.docx`` for all files (the obvious better baseline);
(b) is ``minutes_gen.engine.pdf.convert_to_pdf``: a few processes, each converting a group of
    files in one call, one per core, each with its own profile.
All convert the same .docx files (written first by ``minutes-gen apology``). Prints seconds,
PDFs per second and the ratios against both baselines.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import AGENCY, AS_OF, make_register  # noqa: E402
from minutes_gen.engine.workers import default_jobs  # noqa: E402
from minutes_gen.engine.pdf import convert_to_pdf, find_soffice  # noqa: E402


def one_process_per_file(soffice: str, files: list[Path], outdir: Path, profile: Path) -> None:
    for file in files:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(file)], check=True, capture_output=True, timeout=300)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="số phiếu (mặc định 200)")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="thư mục tạm (mặc định: thư mục hiện tại)")
    args = parser.parse_args()
    soffice = find_soffice()
    if soffice is None:
        sys.exit("Cần LibreOffice: sudo apt-get install -y libreoffice-writer-nogui fonts-liberation2")
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-pdf-") as folder:
        folder = Path(folder)
        make_register(folder / "so.csv", args.n)
        subprocess.run([sys.executable, "-m", "minutes_gen", "apology", str(folder / "so.csv"), "--agency",
                        str(AGENCY), "-o", str(folder / "docx"), "--as-of", AS_OF], check=True, capture_output=True,
                       cwd=ROOT)
        files = sorted((folder / "docx").glob("phieu-xin-loi-*.docx"))
        (folder / "a").mkdir()
        start = time.perf_counter()
        one_process_per_file(soffice, files, folder / "a", folder / "profile-a")
        seconds_a = time.perf_counter() - start
        (folder / "a1").mkdir()
        start = time.perf_counter()
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile-a1').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder / "a1"), *map(str, files)], check=True,
                       capture_output=True, timeout=3600)
        seconds_a1 = time.perf_counter() - start
        made_a1 = len(list((folder / "a1").glob("*.pdf")))
        start = time.perf_counter()
        errors = convert_to_pdf(files, jobs=default_jobs())
        seconds_b = time.perf_counter() - start
        if errors:
            sys.exit(f"minutes-gen không chuyển được {len(errors)} tệp")
        made_a = len(list((folder / "a").glob("*.pdf")))
        made_b = len(list((folder / "docx").glob("*.pdf")))
    print(f"máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}")
    print(f"(a) mỗi tệp một tiến trình LibreOffice: {made_a} PDF, {seconds_a:6.1f} giây, {made_a / seconds_a:5.1f} PDF/giây")
    print(f"(a') một lệnh soffice cho mọi tệp:     {made_a1} PDF, {seconds_a1:6.1f} giây, "
          f"{made_a1 / seconds_a1:5.1f} PDF/giây")
    print(f"(b) minutes-gen (--jobs {default_jobs()}):          {made_b} PDF, {seconds_b:6.1f} giây, "
          f"{made_b / seconds_b:5.1f} PDF/giây")
    print(f"tỷ lệ b/a: {seconds_a / seconds_b:.1f}×; b/a' (một lệnh soffice): {seconds_a1 / seconds_b:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
