"""The web application (``minutes-gen serve``): pages over the same pipeline as the CLI."""

import secrets
import sys
import threading
import time

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from minutes_gen.web import forms
from minutes_gen.web.labels import field_label, problem_text
from minutes_gen.web.routes import pages
from minutes_gen.web.uploads import UploadStore
from minutes_gen.web.security import MAX_UPLOAD_BYTES, check_csrf, csrf_token

DOWNLOAD_SECONDS = 15 * 60
ERRORS = {
    403: "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại.",
    404: "Không có trang này.",
    405: "Trang này không nhận cách gửi đó.",
    413: "Tệp tải lên quá lớn (tối đa 20 MB).",
    400: "Yêu cầu gửi lên không hợp lệ; hãy tải lại trang và thử lại.",
    500: "Đã có lỗi khi xử lý; dữ liệu của bạn không bị thay đổi. Hãy thử lại hoặc báo cho bộ phận CNTT.",
}


class Downloads:
    """Finished zips kept in memory for a while, reached only by a random token."""

    def __init__(self, limit: int = 20):
        self.items: dict[str, tuple[float, bytes]] = {}
        self.limit, self.lock = limit, threading.Lock()

    def put(self, data: bytes) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            now = time.time()
            self.items = {k: v for k, v in self.items.items() if now - v[0] < DOWNLOAD_SECONDS}
            while len(self.items) >= self.limit:
                self.items.pop(next(iter(self.items)))
            self.items[token] = (now, data)
        return token

    def get(self, token: str) -> bytes | None:
        with self.lock:
            item = self.items.get(token)
        return item[1] if item and time.time() - item[0] < DOWNLOAD_SECONDS else None


def create_app() -> Flask:
    """The application, with a fresh secret key (sessions last as long as the process)."""
    from minutes_gen.model.apology_settings import ApologySettings
    from minutes_gen.model.inspection import Inspection

    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES + 64 * 1024,
                      SESSION_COOKIE_SAMESITE="Strict")
    app.jinja_env.globals.update(csrf_token=csrf_token, count_at=forms.count_at, value_at=forms.value_at,
                                 field_label=field_label, problem_text=problem_text)
    app.extensions["minutes_gen.forms"] = {"inspection": forms.form_of(Inspection),
                                           "agency": forms.form_of(ApologySettings)}
    app.extensions["minutes_gen.downloads"] = Downloads()
    app.extensions["minutes_gen.uploads"] = UploadStore()
    app.before_request(check_csrf)
    app.register_blueprint(pages)
    app.register_error_handler(HTTPException, _http_error_page)
    app.register_error_handler(Exception, _unexpected_error_page)
    return app


def _error_page(code: int):
    message = ERRORS.get(code) or f"Yêu cầu không xử lý được (mã {code}). Hãy quay lại trang trước và thử lại."
    return render_template("error.html", message=message), code


def _http_error_page(error: HTTPException):
    """Every HTTP error (404, 405, 413, 400 …) as a Vietnamese page, never Werkzeug's English one."""
    return _error_page(error.code or 500)


def _unexpected_error_page(error: Exception):
    """A bug: one Vietnamese line in the server's log (no traceback), a Vietnamese page for the user."""
    print(f"Lỗi ngoài dự kiến khi xử lý {request.method} {request.path} ({type(error).__name__}).",
          file=sys.stderr, flush=True)
    return _error_page(500)
