"""The office server as a real process on 127.0.0.1 and browsers that talk HTTP to it (cookies,
CSRF tokens, no redirects followed): for what the in-process test client cannot show — a
server killed mid-request, requests that really run at the same time."""

import contextlib
import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its cookies; ``get``/``post`` return (status, text)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def request(self, path: str, fields: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=TIMEOUT) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request(path)

    def post(self, path: str, fields: dict, page: str) -> tuple[int, str]:
        """Post ``fields`` with the CSRF token of the form at ``page``."""
        _, text = self.get(page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)
        return self.request(path, {**fields, "csrf_token": token})

    def login(self, username: str, password: str) -> int:
        return self.post("/dang-nhap", {"username": username, "password": password}, "/dang-nhap")[0]


@contextlib.contextmanager
def running_office(db_url: str, *arguments: str):
    """``minutes-gen office serve --port 0`` on ``db_url``; yields (process, base URL); stopped at the end."""
    process = subprocess.Popen([sys.executable, "-m", "minutes_gen", "office", "serve", "--db", db_url, "--port", "0",
                                *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    drains = []
    try:
        line = process.stdout.readline()
        found = re.search(r"(http://\S+?)/? ", line)
        assert found, line + process.stderr.read()
        # the server's output read as it comes: a full pipe (waitress's «queue depth» warnings
        # under load) would stop the server answering
        drains = [threading.Thread(target=stream.read, daemon=True) for stream in (process.stdout, process.stderr)]
        for drain in drains:
            drain.start()
        yield process, found.group(1)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(30)
        for drain in drains:
            drain.join(10)
        process.stdout.close()
        process.stderr.close()


def at_once(action, arguments: list[tuple]) -> None:
    """``action(*each)`` for every item of ``arguments``, each in its own thread, all let go at
    the same moment (a barrier), then waited for."""
    together = threading.Barrier(len(arguments))

    def run(*each):
        together.wait(60)
        action(*each)

    workers = [threading.Thread(target=run, args=each) for each in arguments]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
