"""Load test of the office server (127.0.0.1 only, bounded): 30 users at once over real HTTP on
a busy office — a database seeded with 100,000 documents — and, in the same run, on a baseline
of 1,000 documents, so that the printout shows what the size costs.

    python benchmarks/bench_office.py [--users 30] [--rounds 3] [--documents 100000] [--baseline 1000]
                                      [--page-rounds 4] [--pause 0] [--ramp 0]
                                      [--postgresql | --db postgresql://…]

For each size: a fresh database (a SQLite file in a temporary folder; with ``--postgresql`` a
throw-away PostgreSQL cluster like the tests', one database per size; ``--db`` names an empty
PostgreSQL database and runs the large size alone) gets two agencies, the users and the seeded
documents with their register entries (bulk SQL, benchmarks/office_seed.py, not HTTP); then
``minutes-gen office serve --port 0`` starts and every user runs at once in a thread of its own,
without pause (``--pause S``: each reads a page 0.5–1.5 × S seconds before the next request, as
people do; ``--ramp R``: they log in one after another over the first R seconds, not all at once): each secretary logs in, looks at the history, drafts minutes, notes the signature,
and their văn thư gives the number; the document is downloaded again; then the văn thư looks at
every page (history pages 1 and deep, filtered, searched, the sổ pages 1, deep and filtered, a
document's page). Prints p50/p95 per page and per size with the ratio, the load average of the
machine (shared: other work slows it), answers other than the one expected, that the numbers
issued today are 1…N with no gap and no repeat, and the server's peak RSS (VmHWM).
"""

import argparse
import contextlib
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]
from office_http import Browser  # noqa: E402  (the tests' browser over real HTTP)
from office_seed import analysed, seed_documents  # noqa: E402

SEED = ROOT / "samples" / "kiem-tra-cchc-sldtbxh-2023.yaml"
PROFILE = ROOT / "samples" / "co-quan-sldtbxh.yaml"
PASSWORD = "Mat-khau-tai-thu-2026"
AGENCIES = (("Sở Lao động, Thương binh và Xã hội", "SLĐTBXH"), ("Sở Nội vụ", "SNV"))
PAGE = 50
BUSY_TRIES = 30


class TimedBrowser(Browser):
    """A browser whose every request is timed and checked (``record``), keeping the last redirect."""

    def __init__(self, base: str, record, pause: float = 0.0, seed: int = 0):
        super().__init__(base)
        self.record, self.location, self.pause, self.chance = record, "", pause, random.Random(seed)

    def timed(self, kind: str, path: str, fields: dict | None = None, expected: int = 200) -> str:
        """The page's text; a «server busy» answer (503: every document job slot taken) is sent
        again a second later, as its page tells a person to (counted apart, at most ``BUSY_TRIES``).
        With a pause, the user first reads the last page for 0.5–1.5 × ``pause`` seconds."""
        if self.pause:
            time.sleep(self.chance.uniform(0.5, 1.5) * self.pause)
        for _ in range(BUSY_TRIES):
            start = time.perf_counter()
            try:
                status, text = self.request(path, fields)
            except OSError:  # no answer within the timeout, or the connection dropped: counted, not fatal
                status, text = 0, ""
            if status != 503 or expected == 503:
                break
            self.record(f"{kind} — bận, gửi lại", time.perf_counter() - start, 503, 503)
            time.sleep(1)
        self.record(kind, time.perf_counter() - start, status, expected)
        return text

    def request(self, path: str, fields: dict | None = None) -> tuple[int, str]:
        import urllib.error
        import urllib.parse
        import urllib.request

        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=120) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            self.location = error.headers.get("Location", "")
            return error.code, error.read().decode("utf-8", "replace")

    def form(self, path: str) -> tuple[str, str]:
        """(CSRF token, first profile offered) of the form at ``path``."""
        page = self.timed("trang", path)
        profile = re.search(r'<select name="profile_id">\s*<option value="(\d+)"', page)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), profile.group(1) if profile else ""


def _prepare(db_url: str, users: int, documents: int) -> None:
    """Two agencies with a profile, ``users`` secretaries and văn thư of the first, the documents seeded."""
    from minutes_gen.office import accounts
    from minutes_gen.office.store import CLERK, SECRETARY, OfficeStore
    from minutes_gen.register.sql import SqlRegister

    store = OfficeStore.open(db_url)
    store.migrate()
    SqlRegister(store.database)
    hashed, seeded = accounts.hash_password(PASSWORD), []
    for name, abbreviation in AGENCIES:
        agency = store.add_agency(name, abbreviation)
        store.save_profile(agency, "KT. Giám đốc — Nguyễn Đình Tương",
                           PROFILE.read_text(encoding="utf-8").replace("SLĐTBXH", abbreviation))
        seeded.append((agency, abbreviation, store.add_user(f"tacgia{agency}", "Tác giả", SECRETARY, agency, hashed)))
    for index in range(users):
        store.add_user(f"canbo{index}", f"Cán bộ {index}", SECRETARY, seeded[0][0], hashed)
        store.add_user(f"vanthu{index}", f"Văn thư {index}", CLERK, seeded[0][0], hashed)
    seed_documents(store.database, seeded, documents)
    analysed(store.database)
    store.close()


def _pages(documents: int, index: int) -> dict[str, str]:
    """The pages a văn thư looks at, by name (deep: near the end of a list of the seeded size)."""
    deep = max(1, int(documents / 2 / PAGE * 0.9))
    chance = random.Random(index)
    return {"lịch sử trang 1": "/van-ban", "lịch sử trang sâu": f"/van-ban?trang={deep}",
            "lịch sử lọc năm+loại": "/van-ban?nam=2023&loai=notice", "lịch sử lọc năm": "/van-ban?nam=2024",
            "lịch sử tìm": f"/van-ban?q=v%E1%BB%8B+{chance.randrange(documents)}+c%E1%BB%A7a",
            "sổ trang 1": "/so-van-ban", "sổ trang sâu": f"/so-van-ban?trang={deep}",
            "sổ lọc năm+loại": "/so-van-ban?nam=2022&loai=apology",
            "sổ tìm": f"/so-van-ban?q=v%E1%BB%8B+{chance.randrange(documents)}+c%E1%BB%A7a",
            "trang văn bản": f"/van-ban/{2 * chance.randrange(max(1, documents // 2)) + 1}"}


def _user(base: str, index: int, args, documents: int, record) -> None:
    """One secretary and their văn thư: draft, sign, number, download; then every page."""
    from office_helpers import form_fields

    secretary, clerk = TimedBrowser(base, record, args.pause, index), TimedBrowser(base, record, args.pause, -index - 1)
    time.sleep(random.Random(index).uniform(0, args.ramp))  # people come in one after another
    secretary.login(f"canbo{index}", PASSWORD)
    clerk.login(f"vanthu{index}", PASSWORD)
    seed = SEED.read_text(encoding="utf-8")
    for round_number in range(args.rounds):
        # the first look follows every user's login at once (argon2 for each): counted apart
        secretary.timed("lịch sử trang 1" if round_number else "lịch sử sau đăng nhập", "/van-ban")
        token, profile = secretary.form("/van-ban/moi")
        data = form_fields(seed.replace("name: Sở Lao động, Thương binh và Xã hội", f"name: Đơn vị {index}-{round_number}", 1))
        secretary.timed("lập bản nháp", "/van-ban/moi", {**data, "csrf_token": token, "kind": "minutes",
                                                        "action": "draft", "profile_id": profile}, 302)
        document_id = secretary.location.rsplit("=", 1)[-1]
        secretary.timed("ghi nhận đã ký", f"/van-ban/{document_id}/da-ky", {"csrf_token": token}, 302)
        clerk.timed("cấp số", f"/van-ban/{document_id}/cap-so", {"csrf_token": clerk.form("/so-van-ban")[0], "date": ""},
                    302)
    secretary.timed("tải lại .docx", f"/van-ban/{document_id}/tai")
    for _ in range(args.page_rounds):
        for name, path in _pages(documents, index).items():
            clerk.timed(name, path)


@contextlib.contextmanager
def _serving(db_url: str, folder: str):
    """``minutes-gen office serve --port 0``; yields (process, base URL). What it writes goes to a
    file (waitress notes every queue it sees: a pipe nobody reads would fill and stop the server)."""
    with open(Path(folder) / "server.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "minutes_gen", "office", "serve", "--db", db_url, "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=log, text=True, cwd=folder,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            base = re.search(r"(http://\S+?)/? ", server.stdout.readline()).group(1)
            server.stdout.close()
            yield server, base
        finally:
            server.terminate()
            server.wait(30)


def _run(db_url: str, documents: int, args, folder: str) -> dict:
    """Seed, serve, run every user at once; the timings, what went wrong and the figures."""
    started = time.perf_counter()
    _prepare(db_url, args.users, documents)
    seeding = time.perf_counter() - started
    timings, unexpected, lock = {}, [], threading.Lock()

    def record(kind: str, seconds: float, status: int, expected: int) -> None:
        with lock:
            timings.setdefault(kind, []).append(seconds)
            if status != expected:
                unexpected.append((kind, status))

    with _serving(db_url, folder) as (server, base):
        load, start = os.getloadavg(), time.perf_counter()
        threads = [threading.Thread(target=_user, args=(base, i, args, documents, record)) for i in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(1200)
        elapsed = time.perf_counter() - start
        peak = _peak_rss_mb(server.pid)
    return {"timings": timings, "unexpected": unexpected, "elapsed": elapsed, "seeding": seeding, "peak": peak,
            "load": (load, os.getloadavg()), "numbers": _numbers_today(db_url)}


def _numbers_today(db_url: str) -> list[int]:
    import datetime as dt

    from minutes_gen.register.location import open_register

    register = open_register(db_url, office_agency=AGENCIES[0][1])
    try:
        return sorted(entry.number for entry in register.entries(year=dt.date.today().year))
    finally:
        register.close()


def _peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def _percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values) * 1000, values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))] * 1000


def _report(runs: dict[int, dict], args, database: str) -> bool:
    """Print every size's figures (and the ratio to the baseline); whether all went as expected."""
    sizes, fine = sorted(runs), True
    pause = (f"mỗi người đọc trang 0,5–1,5 × {args.pause:g} giây trước yêu cầu kế" if args.pause
             else "không nghỉ giữa các yêu cầu")
    if args.ramp:
        pause += f"; đăng nhập rải trong {args.ramp:g} giây đầu"
    print(f"máy: {os.cpu_count()} lõi; {args.users} người dùng cùng lúc ({pause}); "
          f"cơ sở dữ liệu {database}")
    for size in sizes:
        run, total = runs[size], args.users * args.rounds
        (before, after) = run["load"]
        print(f"\n== {size:,} văn bản (nạp sẵn {run['seeding']:.1f} giây); {run['elapsed']:.1f} giây cả thảy; "
              f"tải máy (loadavg 1 phút) lúc đầu {before[0]:.2f}, lúc cuối {after[0]:.2f}".replace(",", "."))
        for kind, values in run["timings"].items():
            p50, p95 = _percentiles(values)
            ratio = ""
            if size != sizes[0] and kind in runs[sizes[0]]["timings"]:
                ratio = f"   p95 × {p95 / _percentiles(runs[sizes[0]]['timings'][kind])[1]:.2f} so với {sizes[0]:,}".replace(",", ".")
            print(f"{kind:<24} {len(values):>5} yêu cầu   p50 {p50:8.1f} ms   p95 {p95:8.1f} ms{ratio}")
        consecutive = run["numbers"] == list(range(1, total + 1))
        print(f"trả lời khác mong đợi: {len(run['unexpected'])}" + (f" {run['unexpected'][:5]}" if run["unexpected"] else ""))
        print(f"số cấp hôm nay: {len(run['numbers'])}; " + (f"đủ 1…{total}, không trùng, không hở" if consecutive
                                                             else f"SAI: mong đợi 1…{total}"))
        print(f"RSS đỉnh của máy chủ: {run['peak']:.1f} MB")
        fine = fine and consecutive and not run["unexpected"]
    return fine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30, help="số người dùng cùng lúc (mặc định 30)")
    parser.add_argument("--rounds", type=int, default=3, help="số biên bản mỗi người lập (mặc định 3)")
    parser.add_argument("--documents", type=int, default=100_000, help="số văn bản nạp sẵn (mặc định 100000)")
    parser.add_argument("--baseline", type=int, default=1000, help="số văn bản của lần đo gốc (0: không đo)")
    parser.add_argument("--page-rounds", type=int, default=4, help="số lượt xem mọi trang mỗi văn thư (mặc định 4)")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="thời gian (giây) một người đọc trang trước khi bấm tiếp, như người thật (mặc định 0: "
                             "không nghỉ, đo lúc máy chủ quá tải)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="người dùng đến lần lượt, đăng nhập rải trong ngần ấy giây đầu (mặc định 0: cùng một lúc)")
    parser.add_argument("--postgresql", action="store_true", help="dựng một PostgreSQL tạm trên máy này")
    parser.add_argument("--db", help="cơ sở dữ liệu PostgreSQL trống (chỉ đo cỡ --documents)")
    args = parser.parse_args()
    sizes = [args.documents] if args.db else sorted({size for size in (args.baseline, args.documents) if size})
    cluster = None
    if args.postgresql and not args.db:
        from postgres_helpers import Cluster

        cluster = Cluster()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-office-") as folder:
            runs = {size: _run(args.db or (cluster.new_database() if cluster else f"sqlite:///{folder}/vp-{size}.db"),
                               size, args, folder) for size in sizes}
    finally:
        if cluster is not None:
            cluster.stop()
    if not _report(runs, args, "PostgreSQL" if args.db or cluster else "SQLite"):
        sys.exit(1)


if __name__ == "__main__":
    main()
