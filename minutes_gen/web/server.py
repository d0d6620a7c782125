"""Serving the web page with waitress: bound once (so the port is known, or its problem said
in Vietnamese), quiet unless asked for an access log, and waitress's own English log lines
turned into Vietnamese."""

import datetime as dt
import errno
import logging
import socket
import sys
from dataclasses import dataclass

from minutes_gen.errors import InputError, Problem, explain_os_error

THREADS = 8
BODY_MARGIN = 64 * 1024          # above the application's own limit: it answers first, in Vietnamese
SLOW_CLIENT_SECONDS = 30         # a connection that sends nothing for this long is closed (default 120)
CONNECTIONS = 250                # open connections at most (default 100): a few idle ones lock nobody out
WAITRESS_ERRORS = {  # what waitress answers itself, before the application sees the request
    400: "Yêu cầu gửi lên không hợp lệ; hãy tải lại trang và thử lại.",
    413: "Dữ liệu gửi lên quá lớn cho máy chủ; hãy gửi tệp nhỏ hơn.",
    431: "Yêu cầu có phần đầu quá lớn; hãy xóa cookie của trang rồi thử lại.",
    500: "Máy chủ web gặp lỗi khi đọc yêu cầu; hãy thử lại.",
    501: "Máy chủ không hỗ trợ cách gửi này.",
}


@dataclass
class Server:
    """A bound server: ``url`` to open, ``run()`` until Ctrl-C, ``close()``."""

    waitress_server: object
    url: str

    def run(self) -> None:
        self.waitress_server.run()

    def close(self) -> None:
        self.waitress_server.close()


class _VietnameseLog(logging.Handler):
    """What waitress would log in English, said in Vietnamese on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Task queue depth"):
            text = f"Máy chủ đang bận: {record.args[0] if record.args else ''} yêu cầu đang chờ xử lý."
        elif record.levelno >= logging.ERROR:
            text = "Máy chủ web gặp lỗi khi xử lý một yêu cầu; trang đó báo lỗi cho người dùng."
        else:
            return
        print(text, file=sys.stderr, flush=True)


def _waitress_answers_in_vietnamese() -> None:
    """Waitress's own error pages (a body over the limit, a malformed request) in Vietnamese:
    its text would reach the user in English."""
    from waitress.utilities import Error

    def to_response(self, ident=None):
        text = WAITRESS_ERRORS.get(self.code, WAITRESS_ERRORS[400 if self.code < 500 else 500])
        return f"{self.code} {self.reason}", [("Content-Type", "text/plain; charset=utf-8")], text.encode("utf-8")

    Error.to_response = to_response


def _quiet_waitress() -> None:
    log = logging.getLogger("waitress")
    log.handlers[:] = [_VietnameseLog()]
    log.setLevel(logging.WARNING)
    log.propagate = False


def access_logged(app):
    """The WSGI app, printing one line per request: time, address, method, path, status."""
    def logged(environ, start_response):
        def start(status, headers, exc_info=None):
            stamp = dt.datetime.now().strftime("%d/%m/%Y %H:%M:%S")
            print(f"{stamp} {environ.get('REMOTE_ADDR', '')} {environ.get('REQUEST_METHOD', '')} "
                  f"{environ.get('PATH_INFO', '')} → {status.split(' ', 1)[0]}", file=sys.stderr, flush=True)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
        return app(environ, start)
    return logged


def start_server(app, host: str, port: int, access_log: bool = False) -> Server:
    """Bind ``host:port`` (0: a free port) and return the server, not yet serving; a port that
    is taken or an address that is not this machine's is an ``InputError`` in Vietnamese."""
    from waitress.server import create_server

    _quiet_waitress()
    _waitress_answers_in_vietnamese()
    limit = (getattr(app, "config", {}).get("MAX_CONTENT_LENGTH") or 20 * 1024 * 1024) + BODY_MARGIN
    try:  # forwarded headers are kept for the application, which trusts them only from its proxies
        server = create_server(access_logged(app) if access_log else app, host=host, port=port, threads=THREADS,
                               ident="minutes-gen", max_request_body_size=limit, channel_timeout=SLOW_CLIENT_SECONDS,
                               connection_limit=CONNECTIONS, clear_untrusted_proxy_headers=False)
    except ValueError:  # waitress could not resolve the address
        raise InputError([Problem("--host", f"không tìm thấy địa chỉ «{host}» trên máy này")],
                         headline="Không khởi động được trang web") from None
    except OSError as error:
        if isinstance(error, socket.gaierror):
            message = f"không tìm thấy địa chỉ «{host}» trên máy này"
        elif error.errno == errno.EADDRINUSE:
            message = f"cổng {port} đã có chương trình khác dùng; chọn cổng khác bằng --port (hoặc --port 0 để tự chọn)"
        else:
            message = f"không mở được trang web ở địa chỉ {host}, cổng {port}: {explain_os_error(error)}"
        raise InputError([Problem("--port" if error.errno == errno.EADDRINUSE else "--host", message)],
                         headline="Không khởi động được trang web") from None
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return Server(server, f"http://{shown}:{server.effective_port}/")
