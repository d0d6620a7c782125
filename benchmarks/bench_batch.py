"""Benchmark: N apology slips, (a) a plain docxtpl loop vs (b) minutes-gen's engine, same run.

    python benchmarks/bench_batch.py            # N = 1,000
    python benchmarks/bench_batch.py --n 10000  # the memory check

It generates a register of N overdue dossiers, then:
(a) renders the slips' contexts with ``DocxTemplate(path).render(ctx); save()`` per record
    (the baseline, capped at --baseline-n records since it is slow; its rate is what counts);
(b) runs the real command ``minutes-gen apology`` on the register (default --jobs), which also
    reads the register, judges every row and writes the manifest.
Each runs in its own process; peak RSS is the largest sum of RSS over that process and its
children, sampled every 20 ms. Prints documents per second, the ratio b/a and peak RSS.
"""

import argparse
import csv
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENCY = ROOT / "samples" / "co-quan-sldtbxh.yaml"
AS_OF = "15/06/2023"
HEADERS = ["Mã hồ sơ", "Họ và tên", "Giới tính", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả",
           "Lý do chậm"]


def make_register(path: Path, n: int) -> None:
    """N dossiers still in process and past their due date: each is owed a slip."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for i in range(n):
            received = dt.date(2023, 5, 1) + dt.timedelta(days=i % 20)
            writer.writerow([f"H15.28-{i:06d}", f"Nguyễn Văn {i}", "Nam" if i % 2 else "Nữ",
                             "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
                             received.strftime("%d/%m/%Y"), "12/06/2023", "", "chờ xác minh"])


BASELINE = """
import io, sys, datetime as dt
sys.path.insert(0, {root!r})
from pathlib import Path
from docxtpl import DocxTemplate
from minutes_gen.documents import apology
from minutes_gen.engine.jinja import jinja_environment, normalise
from minutes_gen.engine.templates import builtin_template
from minutes_gen.model.apology_settings import load_apology_settings
from minutes_gen.model.dossier import load_dossiers
from minutes_gen.model.overdue import judge
from minutes_gen.vn.workdays import NATIONAL
settings = load_apology_settings(Path({agency!r}))
dossiers = load_dossiers(Path({register!r})).dossiers
as_of = dt.date(2023, 6, 15)
contexts = [normalise(apology.build_context(d, judge(d, as_of, NATIONAL), settings, NATIONAL, issued=as_of))
            for d in dossiers[:{limit}]]
template = str(builtin_template(apology.TEMPLATE))
out = Path({out!r})
import time
start = time.perf_counter()
for index, context in enumerate(contexts):
    document = DocxTemplate(template)
    document.render(context, jinja_environment(), autoescape=True)
    document.save(str(out / f"{{index}}.docx"))
print(len(contexts), time.perf_counter() - start)
"""


def tree_rss_kb(pid: int) -> int:
    """Sum of VmRSS (kB) over ``pid`` and its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_measured(command: list[str]) -> tuple[str, float, float]:
    """Run ``command``; return (stdout, wall seconds, peak tree RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.02)
    out, err = process.communicate()
    if process.returncode != 0:
        sys.exit(f"lệnh lỗi ({process.returncode}): {' '.join(command)}\n{err}")
    return out, time.perf_counter() - start, peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="số phiếu (mặc định 1000)")
    parser.add_argument("--baseline-n", type=int, default=1000, help="số phiếu cho vòng lặp docxtpl (tối đa N)")
    parser.add_argument("--jobs", type=int, help="--jobs của minutes-gen (mặc định: số lõi)")
    parser.add_argument("--dir", type=Path, default=Path.cwd(),
                        help="thư mục tạm để ghi (mặc định: thư mục hiện tại; tránh /tmp chậm trên một số máy)")
    args = parser.parse_args()
    limit = min(args.n, args.baseline_n)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-") as folder:
        folder = Path(folder)
        register = folder / "so.csv"
        make_register(register, args.n)
        (folder / "a").mkdir()
        script = BASELINE.format(root=str(ROOT), agency=str(AGENCY), register=str(register), limit=limit,
                                 out=str(folder / "a"))
        out, _, rss_a = run_measured([sys.executable, "-c", script])
        count_a, seconds_a = out.split()
        rate_a = int(count_a) / float(seconds_a)
        os.sync()  # (b) must not pay for flushing the files (a) left in the page cache
        command = [sys.executable, "-m", "minutes_gen", "apology", str(register), "--agency", str(AGENCY),
                   "-o", str(folder / "b"), "--as-of", AS_OF] + (["--jobs", str(args.jobs)] if args.jobs else [])
        _, seconds_b, rss_b = run_measured(command)
        written = len(list((folder / "b").glob("phieu-xin-loi-*.docx")))
        if written != args.n:
            sys.exit(f"minutes-gen chỉ ghi {written}/{args.n} phiếu")
        rate_b = args.n / seconds_b
    print(f"máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}")
    print(f"(a) vòng lặp docxtpl:  {limit:>6} phiếu, {rate_a:8.1f} văn bản/giây, RSS đỉnh {rss_a:6.1f} MB "
          f"(chỉ tính thời gian vòng lặp)")
    print(f"(b) minutes-gen apology: {args.n:>4} phiếu, {rate_b:8.1f} văn bản/giây, RSS đỉnh {rss_b:6.1f} MB "
          f"(cả lệnh: đọc sổ, xét, ghi manifest)")
    print(f"tỷ lệ b/a: {rate_b / rate_a:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
