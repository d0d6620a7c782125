"""The web application (``minutes-gen serve``): pages over the same pipeline as the CLI."""

import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from flask import g, render_template, request, session
from werkzeug.exceptions import HTTPException

from minutes_gen.web import forms
from minutes_gen.web.guard import (HOST_REFUSED, JobGate, VietnameseFlask, allowed_hosts, check_host, new_nonce,
                                   security_headers)
from minutes_gen.web.routes import pages
from minutes_gen.web.uploads import UploadStore
from minutes_gen.web.security import MAX_UPLOAD_BYTES, check_csrf, csrf_token

DOWNLOAD_SECONDS = 15 * 60
ERRORS = {
    403: "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại.",
    404: "Không có trang này.",
    503: "Máy đang bận lập phiếu cho người khác; hãy đợi một phút rồi gửi lại (dữ liệu bạn đã nhập vẫn còn).",
    405: "Trang này không nhận cách gửi đó.",
    413: "Tệp tải lên quá lớn (tối đa 20 MB).",
    400: "Yêu cầu gửi lên không hợp lệ; hãy tải lại trang và thử lại.",
    500: "Đã có lỗi khi xử lý; dữ liệu của bạn không bị thay đổi. Hãy thử lại hoặc báo cho bộ phận CNTT.",
}


class Downloads:
    """Finished zips kept a while in a private folder, each behind a random token that only
    the session which made it may use; deleted once downloaded or expired."""

    def __init__(self, limit: int = 20):
        self.folder = Path(tempfile.mkdtemp(prefix="minutes-gen-downloads-"))  # 0700
        self.items: dict[str, tuple[float, Path]] = {}
        self.limit, self.lock = limit, threading.Lock()

    def put_file(self, source: Path) -> str:
        """Move the finished file ``source`` into the store; return its token (also kept in the session)."""
        token = secrets.token_urlsafe(24)
        target = self.folder / f"{token}.zip"
        shutil.move(str(source), target)
        with self.lock:
            now = time.time()
            for old in [t for t, (made, _) in self.items.items() if now - made >= DOWNLOAD_SECONDS]:
                self._drop(old)
            while len(self.items) >= self.limit:
                self._drop(next(iter(self.items)))
            self.items[token] = (now, target)
        session["downloads"] = (session.get("downloads", []) + [token])[-self.limit:]
        return token

    def take(self, token: str) -> Path | None:
        """The file behind ``token`` for this session (removed from the store: one download)."""
        if token not in session.get("downloads", []):
            return None
        with self.lock:
            item = self.items.pop(token, None)
        if item is None or time.time() - item[0] >= DOWNLOAD_SECONDS:
            if item is not None:
                item[1].unlink(missing_ok=True)
            return None
        return item[1]

    def _drop(self, token: str) -> None:
        _, path = self.items.pop(token)
        path.unlink(missing_ok=True)


def create_app(host: str = "127.0.0.1", allowed: tuple[str, ...] = (), jobs: JobGate | None = None) -> VietnameseFlask:
    """The application, with a fresh secret key (sessions last as long as the process), answering
    only to the Host names of ``allowed_hosts(host, allowed)``."""
    from minutes_gen.model.apology_settings import ApologySettings
    from minutes_gen.model.inspection import Inspection

    app = VietnameseFlask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES + 64 * 1024,
                      SESSION_COOKIE_SAMESITE="Strict")
    app.jinja_env.globals.update(csrf_token=csrf_token, **forms.template_globals())
    app.extensions["minutes_gen.forms"] = {"inspection": forms.form_of(Inspection),
                                           "agency": forms.form_of(ApologySettings)}
    app.extensions["minutes_gen.downloads"] = Downloads()
    app.extensions["minutes_gen.uploads"] = UploadStore()
    app.extensions["minutes_gen.jobs"] = jobs or JobGate()
    app.before_request(check_host(allowed_hosts(host, allowed)))
    app.before_request(new_nonce)
    app.before_request(check_csrf)
    app.after_request(security_headers)
    app.jinja_env.globals.update(csp_nonce=lambda: g.get("csp_nonce", ""))
    app.register_blueprint(pages)
    app.register_error_handler(HTTPException, _http_error_page)
    app.register_error_handler(Exception, _unexpected_error_page)
    return app


def _error_page(code: int):
    message = ERRORS.get(code) or f"Yêu cầu không xử lý được (mã {code}). Hãy quay lại trang trước và thử lại."
    return render_template("error.html", message=message), code


def _http_error_page(error: HTTPException):
    """Every HTTP error (404, 405, 413, 400 …) as a Vietnamese page, never Werkzeug's English one."""
    if error.code == 400 and error.description == "host":
        return render_template("error.html", message=HOST_REFUSED), 400
    return _error_page(error.code or 500)


def _unexpected_error_page(error: Exception):
    """A bug: one Vietnamese line in the server's log (no traceback), a Vietnamese page for the user."""
    print(f"Lỗi ngoài dự kiến khi xử lý {request.method} {request.path} ({type(error).__name__}).",
          file=sys.stderr, flush=True)
    return _error_page(500)
