"""Benchmark: N apology letters made by docxtpl and by minutes-gen, whole processes, paired runs.

    python benchmarks/bench_batch.py                     # N = 1,000, 3 paired repetitions
    python benchmarks/bench_batch.py --n 10000 --jobs 1 --ceiling --baseline-n 1000
    python benchmarks/bench_batch.py --n 50000 --only minutes-gen --repeat 1    # memory at 50,000

Each repetition runs, one after the other on the same register (a register of N overdue
dossiers, each owed a letter):
  (a1) docxtpl, one process: read the register, judge, ``DocxTemplate(t).render(ctx); save()``
       per letter — the whole process, timed from outside;
  (aJ) the same with J processes (the cores minutes-gen gets), letters split evenly;
  (b)  the real command ``minutes-gen apology … --jobs J``, timed from outside.
Times are printed as min / median / max over the repetitions and the ratios use the medians.
Peak memory is the largest sum of PSS (proportional set size: a page shared by two processes
counts half to each) over the process and its children, sampled every 20 ms. Every letter of
(b) is compared with (aJ)'s after C14N normalisation of each rendered XML part: a benchmark of
different outputs would mean nothing. ``--ceiling`` also prints the machine's file-writing
ceiling: the same N files, content precomputed and static parts compressed once, only zipped
and written — and which share of it minutes-gen reaches.
"""

import argparse
import csv
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AGENCY = ROOT / "samples" / "co-quan-sldtbxh.yaml"
AS_OF = "15/06/2023"
HEADERS = ["Mã hồ sơ", "Họ và tên", "Giới tính", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả",
           "Lý do chậm"]


def make_register(path: Path, n: int) -> None:
    """N dossiers still in process and past their due date: each is owed a letter."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for i in range(n):
            received = dt.date(2023, 5, 1) + dt.timedelta(days=i % 20)
            writer.writerow([f"H15.28-{i:06d}", f"Nguyễn Văn {i}", "Nam" if i % 2 else "Nữ",
                             "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
                             received.strftime("%d/%m/%Y"), "12/06/2023", "", "chờ xác minh"])


# The baseline: what a developer would write with docxtpl (and the project's own context code).
BASELINE = """
import sys, datetime as dt
from multiprocessing import Pool
from pathlib import Path
sys.path.insert(0, {root!r})
from docxtpl import DocxTemplate
from minutes_gen.documents import apology
from minutes_gen.engine.jinja import jinja_environment, normalise
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.model.apology_settings import load_apology_settings
from minutes_gen.model.dossier import load_dossiers
from minutes_gen.model.form_sets import form_set_for
from minutes_gen.model.overdue import judge
from minutes_gen.vn.workdays import NATIONAL

AS_OF = dt.date(2023, 6, 15)
FORM = form_set_for(AS_OF)
SETTINGS = load_apology_settings(Path({agency!r}))
TEMPLATE = str(builtin_template(FORM.template))
OUT = Path({out!r})


def write(dossiers):
    environment = jinja_environment()
    for dossier in dossiers:
        context = normalise(apology.build_context(dossier, judge(dossier, AS_OF, NATIONAL), SETTINGS, NATIONAL,
                                                  issued=AS_OF, form=FORM))
        document = DocxTemplate(TEMPLATE)
        document.render(context, environment, autoescape=True)
        document.save(str(OUT / (apology.output_name(dossier, FORM.file_prefix) + ".docx")))
    return len(dossiers)


if __name__ == "__main__":
    dossiers = load_dossiers(Path({register!r})).dossiers[:{limit}]
    jobs = {jobs}
    if jobs == 1:
        print(write(dossiers))
    else:
        with Pool(jobs) as pool:
            print(sum(pool.map(write, [dossiers[i::jobs] for i in range(jobs)])))
"""


def tree_pss_kb(pid: int) -> int:
    """Sum of PSS (kB) over ``pid`` and its descendants (RSS where PSS cannot be read)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            try:
                with open(f"/proc/{current}/smaps_rollup") as rollup:
                    total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
            except PermissionError:
                with open(f"/proc/{current}/status") as status:
                    total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            for task in Path(f"/proc/{current}/task").iterdir():  # children started by any of its threads
                with open(task / "children") as children:
                    stack += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run_measured(command: list[str], cwd: Path) -> tuple[str, float, float]:
    """Run ``command``; return (stdout, wall seconds, peak tree PSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_pss_kb(process.pid))
        time.sleep(0.02)
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"lệnh lỗi ({process.returncode}): {' '.join(command)}\n{err}")
    return out, seconds, peak / 1024


def _fresh(folder: Path) -> Path:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def baseline(folder: Path, register: Path, limit: int, jobs: int) -> tuple[float, float]:
    out = _fresh(folder / f"a{jobs}")
    script = BASELINE.format(root=str(ROOT), agency=str(AGENCY), register=str(register), limit=limit,
                             out=str(out), jobs=jobs)
    (folder / f"baseline{jobs}.py").write_text(script, encoding="utf-8")
    printed, seconds, pss = run_measured([sys.executable, str(folder / f"baseline{jobs}.py")], folder)
    if int(printed.split()[-1]) != limit:
        sys.exit(f"docxtpl chỉ ghi {printed.strip()}/{limit} văn bản")
    return seconds, pss


def minutes_gen(folder: Path, register: Path, n: int, jobs: int) -> tuple[float, float]:
    out = folder / "b"
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "minutes_gen", "apology", str(register), "--agency", str(AGENCY),
               "-o", str(out), "--as-of", AS_OF, "--jobs", str(jobs)]
    _, seconds, pss = run_measured(command, folder)
    written = len(list(out.glob("*.docx")))
    if written != n:
        sys.exit(f"minutes-gen chỉ ghi {written}/{n} văn bản")
    return seconds, pss


def check_equal(reference: Path, ours: Path) -> int:
    """Compare every letter both wrote (C14N of each rendered part); return how many."""
    from minutes_gen.engine.canonical import canonical_parts

    compared = 0
    for expected in sorted(reference.glob("*.docx")):
        actual = ours / expected.name
        if canonical_parts(actual.read_bytes()) != canonical_parts(expected.read_bytes()):
            sys.exit(f"KHÁC NHAU: {expected.name} — kết quả đo không có giá trị")
        compared += 1
    return compared


def ceiling(folder: Path, register: Path, n: int) -> float:
    """Letters per second when only zipping and writing precomputed content (one process)."""
    from minutes_gen.documents import apology
    from minutes_gen.engine.compiled import compiled
    from minutes_gen.sources.builtin_files import builtin_template
    from minutes_gen.engine.zipwriter import build_zip, compress
    from minutes_gen.model.apology_settings import load_apology_settings
    from minutes_gen.model.dossier import load_dossiers
    from minutes_gen.model.form_sets import form_set_for
    from minutes_gen.model.overdue import judge
    from minutes_gen.vn.workdays import NATIONAL

    as_of = dt.date(2023, 6, 15)
    form, settings = form_set_for(as_of), load_apology_settings(AGENCY)
    template = compiled(builtin_template(form.template))
    prepared = []
    for dossier in load_dossiers(register).dossiers[:n]:
        parts = template.render_parts(apology.build_context(dossier, judge(dossier, as_of, NATIONAL), settings,
                                                            NATIONAL, issued=as_of, form=form))
        prepared.append((apology.output_name(dossier, form.file_prefix) + ".docx", parts))
    out = _fresh(folder / "ceiling")
    start = time.perf_counter()
    for name, parts in prepared:
        members = [template.packed.get(info.filename) or compress(info.filename, parts[info.filename])
                   for info, _ in template.members]
        with open(out / name, "wb") as handle:
            handle.write(build_zip(members))
    return len(prepared) / (time.perf_counter() - start)


def per_letter(folder: Path, register: Path, n: int) -> tuple[float, float]:
    """Milliseconds per letter in one process, the engine alone: (judge + context + render in
    memory, the same plus the batch's atomic write of the file through its staging folder)."""
    from minutes_gen.documents import apology
    from minutes_gen.engine.output import Staging, write_staged
    from minutes_gen.engine.render import render_docx
    from minutes_gen.sources.builtin_files import builtin_template
    from minutes_gen.model.apology_settings import load_apology_settings
    from minutes_gen.model.dossier import load_dossiers
    from minutes_gen.model.form_sets import form_set_for
    from minutes_gen.model.overdue import judge
    from minutes_gen.vn.workdays import NATIONAL

    as_of = dt.date(2023, 6, 15)
    form, settings = form_set_for(as_of), load_apology_settings(AGENCY)
    template, dossiers = builtin_template(form.template), load_dossiers(register).dossiers[:n]

    def letter(dossier):
        return render_docx(template, apology.build_context(dossier, judge(dossier, as_of, NATIONAL), settings, NATIONAL,
                                                           issued=as_of, form=form))

    letter(dossiers[0])  # the template compiled once, as in a run
    start = time.perf_counter()
    for dossier in dossiers:
        letter(dossier)
    in_memory = (time.perf_counter() - start) / len(dossiers) * 1000
    out = _fresh(folder / "per-letter")
    start = time.perf_counter()
    with Staging(out) as staging:
        for index, dossier in enumerate(dossiers):
            write_staged(staging.path, str(out / f"{index}.docx"), letter(dossier), force=False)
    return in_memory, (time.perf_counter() - start) / len(dossiers) * 1000


def spread(values: list[float]) -> str:
    return f"{min(values):7.2f} / {statistics.median(values):7.2f} / {max(values):7.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="số văn bản (mặc định 1000)")
    parser.add_argument("--baseline-n", type=int, help="số văn bản cho docxtpl (mặc định N; nhỏ hơn khi N lớn)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="số lõi cho cả hai bên (mặc định: mọi lõi)")
    parser.add_argument("--repeat", type=int, default=3, help="số lần lặp từng cặp (mặc định 3)")
    parser.add_argument("--ceiling", action="store_true", help="in cả trần ghi tệp của máy")
    parser.add_argument("--only", choices=["minutes-gen"], help="chỉ đo minutes-gen (đo bộ nhớ với N lớn)")
    parser.add_argument("--per-letter", action="store_true",
                        help="in thêm chi phí mỗi văn bản trong một tiến trình (mili giây, không tính khởi động)")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="thư mục tạm (mặc định: thư mục hiện tại)")
    args = parser.parse_args()
    limit = min(args.n, args.baseline_n or args.n)
    runs = {"a1": [], f"a{args.jobs}": [], "b": []}
    memory = {key: 0.0 for key in runs}
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-") as folder:
        folder = Path(folder)
        register = folder / "so.csv"
        make_register(register, args.n)
        for _ in range(args.repeat):
            plan = [("b", lambda: minutes_gen(folder, register, args.n, args.jobs))]
            if not args.only:
                plan = [("a1", lambda: baseline(folder, register, limit, 1))] + (
                    [(f"a{args.jobs}", lambda: baseline(folder, register, limit, args.jobs))] if args.jobs > 1 else []
                ) + plan
            for key, measure in plan:
                os.sync()  # no run pays for flushing the files of the one before
                seconds, pss = measure()
                runs[key].append(seconds)
                memory[key] = max(memory[key], pss)
        compared = 0 if args.only else check_equal(folder / f"a{args.jobs}", folder / "b")
        rate_ceiling = ceiling(folder, register, args.n) if args.ceiling else None
        costs = per_letter(folder, register, min(args.n, 2000)) if args.per_letter else None
    print(f"máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}; "
          f"{args.repeat} lần đo mỗi bên, xen kẽ; thời gian cả tiến trình (giây, nhỏ nhất / giữa / lớn nhất)")
    rates = {}
    labels = {"a1": f"(a1) docxtpl, 1 tiến trình, {limit} văn bản",
              f"a{args.jobs}": f"(a{args.jobs}) docxtpl, {args.jobs} tiến trình, {limit} văn bản",
              "b": f"(b) minutes-gen --jobs {args.jobs}, {args.n} văn bản"}
    for key, seconds in runs.items():
        if not seconds:
            continue
        count = args.n if key == "b" else limit
        rates[key] = count / statistics.median(seconds)
        print(f"{labels[key]:<44} {spread(seconds)}  {rates[key]:8.1f} văn bản/giây  PSS đỉnh {memory[key]:6.1f} MB")
    if "a1" in rates:
        print(f"tỷ lệ b / a1 (docxtpl một tiến trình): {rates['b'] / rates['a1']:.1f}×")
    if f"a{args.jobs}" in rates and args.jobs > 1:
        print(f"tỷ lệ b / a{args.jobs} (docxtpl cùng số lõi): {rates['b'] / rates[f'a{args.jobs}']:.1f}×")
    if compared:
        print(f"kiểm tra: {compared} văn bản của minutes-gen giống hệt của docxtpl (so XML chuẩn hóa C14N)")
    if costs:
        print(f"mỗi văn bản, một tiến trình: {costs[0]:.2f} ms tạo trong bộ nhớ; {costs[1]:.2f} ms kể cả ghi tệp an toàn")
    if rate_ceiling:
        share = rates["b"] / (rate_ceiling * args.jobs)
        print(f"trần ghi tệp (nội dung tính sẵn, 1 tiến trình): {rate_ceiling:.1f} văn bản/giây; minutes-gen đạt "
              f"{share:.0%} của trần × {args.jobs} lõi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
