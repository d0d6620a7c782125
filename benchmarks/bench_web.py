"""Load test of the web page (127.0.0.1 only, bounded): 20 users render minutes at once while
4 users upload the sample register for apology slips.

    python benchmarks/bench_web.py [--users 20] [--uploads 4] [--rounds 3] [--single 30]

First one user alone downloads the minutes ``--single`` times (the latency of one request on
an idle server); then the load:

Starts ``minutes-gen serve --port 0`` (waitress), then each user opens the sample .yaml,
downloads the minutes (.docx) ``--rounds`` times; each uploader runs the register once and
downloads its zip. Prints latency percentiles per kind of request, answers other than 200
(«đang bận» pages counted apart), and the server's peak RSS (sampled every 20 ms).
"""

import argparse
import html
import http.cookiejar
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "kiem-tra-cchc-sldtbxh-2023.yaml"
REGISTER = ROOT / "samples" / "so-theo-doi-ho-so.xlsx"
AGENCY = {"agency.parent": "UBND tỉnh Đắk Lắk", "agency.name": "Sở Lao động, Thương binh và Xã hội",
          "agency.abbreviation": "SLĐTBXH", "agency.place": "Đắk Lắk", "type_code": "PXL",
          "signer.authority": "KT. Giám đốc", "signer.title": "Phó Giám đốc", "signer.name": "Nguyễn Đình Tương"}
FIELD = re.compile(r'<input type="text" name="([^"]+)" value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea name="([^"]+)" rows="2">([^<]*)</textarea>')
TIMEOUT = 300


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class User:
    """One browser: its cookies (session) and timed requests."""

    def __init__(self, base: str, timings: dict, answers: dict):
        self.base, self.timings, self.answers = base, timings, answers
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, kind: str, path: str, body: bytes | None = None, content_type: str | None = None) -> bytes:
        request = urllib.request.Request(self.base + path, data=body, headers={"Content-Type": content_type} if content_type else {})
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                data, status = response.read(), response.status
        except urllib.error.HTTPError as error:
            data, status = error.read(), error.code
        self.timings.setdefault(kind, []).append(time.perf_counter() - start)
        self.answers.setdefault((kind, status), 0)
        self.answers[(kind, status)] += 1
        return data

    def token(self, path: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.request("page", path).decode()).group(1)


def render_minutes(user: User, rounds: int) -> None:
    token = user.token("/bien-ban")
    body, kind = multipart({"csrf_token": token, "action": "open"}, {"yaml_file": ("du-lieu.yaml", SEED.read_bytes())})
    page = user.request("open .yaml", "/bien-ban", body, kind).decode()
    values = {k: html.unescape(v) for k, v in FIELD.findall(page) + TEXTAREA.findall(page)}
    for _ in range(rounds):
        form = urllib.parse.urlencode({**values, "csrf_token": token, "action": "minutes"}).encode()
        data = user.request("minutes .docx", "/bien-ban", form, "application/x-www-form-urlencoded")
        assert data.startswith(b"PK"), data[:200]


def upload_register(user: User) -> None:
    token = user.token("/xin-loi")
    body, kind = multipart({**AGENCY, "csrf_token": token, "as_of": "15/06/2023", "extend_days": ""},
                           {"register": ("so.xlsx", REGISTER.read_bytes())})
    page = user.request("register → slips", "/xin-loi", body, kind).decode()
    link = re.search(r'href="(/xin-loi/tai/[^"]+)"', page)
    if link:
        assert user.request("zip", link.group(1)).startswith(b"PK")


def peak_rss(pid: int, stop: threading.Event, result: list) -> None:
    peak = 0
    while not stop.is_set():
        try:
            with open(f"/proc/{pid}/status") as status:
                rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
            peak = max(peak, rss)
        except (OSError, StopIteration):
            pass
        time.sleep(0.02)
    result.append(peak / 1024)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--uploads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--single", type=int, default=30, help="số lần tải biên bản khi chỉ có một người (đo trước)")
    arguments = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-m", "minutes_gen", "serve", "--port", "0"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", line).group()
        stop, memory = threading.Event(), []
        sampler = threading.Thread(target=peak_rss, args=(server.pid, stop, memory))
        sampler.start()
        single_timings, single_answers = {}, {}
        render_minutes(User(base, single_timings, single_answers), arguments.single)  # one user, nothing else
        timings, answers = {}, {}
        workers = [threading.Thread(target=render_minutes, args=(User(base, timings, answers), arguments.rounds))
                   for _ in range(arguments.users)]
        workers += [threading.Thread(target=upload_register, args=(User(base, timings, answers),))
                    for _ in range(arguments.uploads)]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(TIMEOUT)
        elapsed = time.perf_counter() - start
        stop.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(30)
    one = single_timings["minutes .docx"][1:]  # the first answer warms the server up
    print(f"Một người dùng, {len(one)} lần tải biên bản (.docx): trung vị {statistics.median(one) * 1000:.0f} ms, "
          f"p95 {percentile(one, 0.95) * 1000:.0f} ms")
    print(f"{arguments.users} người tạo biên bản ({arguments.rounds} lần mỗi người) và {arguments.uploads} người "
          f"tải sổ lên cùng lúc, 127.0.0.1; tổng {elapsed:.1f} s")
    print(f"{'loại yêu cầu':<20} {'số':>4} {'p50':>8} {'p95':>8} {'max':>8}")
    for kind, values in timings.items():
        print(f"{kind:<20} {len(values):>4} {statistics.median(values) * 1000:>6.0f}ms "
              f"{percentile(values, 0.95) * 1000:>6.0f}ms {max(values) * 1000:>6.0f}ms")
    print("Mã trả lời: " + ", ".join(f"{kind} {status}: {count}" for (kind, status), count in sorted(answers.items())))
    print(f"RSS đỉnh của máy chủ: {memory[0]:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
