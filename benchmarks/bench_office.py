"""Load test of the office server (127.0.0.1 only, bounded): 30 users log in, look at their
history, issue minutes numbered from the shared register, and download them again.

    python benchmarks/bench_office.py [--users 30] [--rounds 3] [--db postgresql://…]

Starts ``minutes-gen office serve --port 0`` on a fresh database (a SQLite file in a temporary
folder unless ``--db`` names an empty PostgreSQL database), creates one agency and the users,
then runs every user at once in a thread of its own. Prints latency percentiles per kind of
request, answers other than the one expected, that the numbers issued are 1…N with no gap
and no repeat, and the server's peak RSS (VmHWM of the server process).
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "samples" / "kiem-tra-cchc-sldtbxh-2023.yaml"
PROFILE = ROOT / "samples" / "co-quan-sldtbxh.yaml"
PASSWORD = "Mat-khau-tai-thu-2026"
TIMEOUT = 120


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class User:
    """One browser: its cookies and timed requests."""

    def __init__(self, base: str, timings: dict, unexpected: list):
        self.base, self.timings, self.unexpected = base, timings, unexpected
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def request(self, kind: str, path: str, fields: dict | None = None, expected: int = 200) -> bytes:
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        start = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=TIMEOUT) as answer:
                status, content = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        self.timings.setdefault(kind, []).append(time.perf_counter() - start)
        if status != expected:
            self.unexpected.append((kind, status))
        return content

    def token(self, path: str) -> str:
        return self.form(path)[0]

    def form(self, path: str) -> tuple[str, str]:
        """(CSRF token, first profile offered) of the page's form."""
        page = self.request("trang", path).decode()
        profile = re.search(r'<select name="profile_id">\s*<option value="(\d+)"', page)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), profile.group(1) if profile else ""

    def login(self, username: str) -> None:
        token = self.token("/dang-nhap")
        self.request("đăng nhập", "/dang-nhap", {"csrf_token": token, "username": username, "password": PASSWORD}, 302)


def _prepare(db_url: str, users: int) -> None:
    from minutes_gen.office import accounts
    from minutes_gen.office.store import SECRETARY, OfficeStore
    from minutes_gen.register.sql import SqlRegister

    store = OfficeStore.open(db_url)
    store.migrate()
    SqlRegister(store.database)
    agency = store.add_agency("Sở Lao động, Thương binh và Xã hội", "SLĐTBXH")
    store.save_profile(agency, "KT. Giám đốc — Nguyễn Đình Tương", PROFILE.read_text(encoding="utf-8"))
    hashed = accounts.hash_password(PASSWORD)
    for index in range(users):
        store.add_user(f"canbo{index}", f"Cán bộ {index}", SECRETARY, agency, hashed)
    store.close()


def _peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30, help="số người dùng cùng lúc (mặc định 30)")
    parser.add_argument("--rounds", type=int, default=3, help="số văn bản mỗi người lập (mặc định 3)")
    parser.add_argument("--db", help="cơ sở dữ liệu PostgreSQL trống (mặc định: một tệp SQLite tạm)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-office-") as folder:
        db_url = args.db or f"sqlite:///{folder}/van-phong.db"
        _prepare(db_url, args.users)
        server = subprocess.Popen([sys.executable, "-m", "minutes_gen", "office", "serve", "--db", db_url, "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            base = re.search(r"(http://\S+?)/? ", server.stdout.readline()).group(1)
            seed = SEED.read_text(encoding="utf-8")
            timings, unexpected = {}, []

            def work(index: int) -> None:
                user = User(base, timings, unexpected)
                user.login(f"canbo{index}")
                for round_number in range(args.rounds):
                    user.request("lịch sử", "/van-ban")
                    token, profile = user.form("/van-ban/moi")
                    data = seed.replace("name: Sở Lao động, Thương binh và Xã hội",
                                        f"name: Đơn vị {index}-{round_number}", 1)
                    user.request("lập biên bản (có số)", "/van-ban/moi",
                                 {"csrf_token": token, "kind": "minutes", "numbered": "1", "data": data,
                                  "profile_id": profile}, 302)
                page = user.request("lịch sử", "/van-ban").decode()
                for document_id in re.findall(r'<tr data-id="(\d+)"', page)[:1]:
                    user.request("tải lại .docx", f"/van-ban/{document_id}/tai")

            start = time.perf_counter()
            threads = [threading.Thread(target=work, args=(i,)) for i in range(args.users)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT * 10)
            elapsed = time.perf_counter() - start
            peak = _peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(30)
        from minutes_gen.register.location import open_register

        register = open_register(db_url, office_agency="SLĐTBXH")
        numbers = sorted(entry.number for entry in register.entries())
        register.close()
    total = args.users * args.rounds
    print(f"máy: {os.cpu_count()} lõi; {args.users} người dùng cùng lúc, mỗi người {args.rounds} biên bản; "
          f"cơ sở dữ liệu {'PostgreSQL' if args.db else 'SQLite'}; {elapsed:.1f} giây cả thảy")
    for kind, values in timings.items():
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        print(f"{kind:<24} {len(values):>5} yêu cầu   p50 {statistics.median(values) * 1000:8.1f} ms   "
              f"p95 {p95 * 1000:8.1f} ms")
    print(f"trả lời khác mong đợi: {len(unexpected)}" + (f" {unexpected[:5]}" if unexpected else ""))
    consecutive = numbers == list(range(1, total + 1))
    print(f"số đã cấp: {len(numbers)}; " + ("đủ 1…%d, không trùng, không hở" % total if consecutive
                                            else f"SAI: mong đợi 1…{total}"))
    print(f"RSS đỉnh của máy chủ: {peak:.1f} MB")
    if unexpected or not consecutive:
        sys.exit(1)


if __name__ == "__main__":
    main()
