"""``minutes-gen serve``: the local web page, on waitress (a production WSGI server in pure Python)."""

import click

from minutes_gen.cli.app import cli

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Cổng; 0 để tự chọn một cổng còn trống.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe. Mặc định chỉ máy này dùng được; đổi thì người khác trong mạng cũng vào được.")
@click.option("--open", "open_browser", is_flag=True, help="Mở trình duyệt sau khi khởi động.")
@click.option("--log", "access_log", is_flag=True, help="In ra mỗi yêu cầu trang web nhận được (mặc định: không).")
@click.option("--allow-host", "allowed", multiple=True, metavar="TÊN",
              help="Tên máy khác được dùng để mở trang (ngoài 127.0.0.1, localhost và địa chỉ --host); "
                   "có thể ghi nhiều lần.")
def serve(port: int, host: str, open_browser: bool, access_log: bool, allowed: tuple[str, ...]):
    """Mở trang web trên máy này để soạn biên bản, thông báo và lập phiếu xin lỗi không cần YAML."""
    from minutes_gen.web.app import create_app
    from minutes_gen.web.server import start_server

    if host not in LOCAL_HOSTS:
        click.echo(f"Cảnh báo: trang web mở cho mọi máy truy cập được {host}, không có đăng nhập. "
                   "Chỉ làm vậy trong mạng nội bộ tin cậy.", err=True)
    server = start_server(create_app(host, allowed), host, port, access_log)
    url = server.url
    click.echo(f"minutes-gen đang chạy tại {url} — nhấn Ctrl-C để dừng.")
    if open_browser:
        _open_later(url)
    try:
        server.run()  # returns on Ctrl-C (waitress stops its threads itself)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo("Đã tắt trang web.")


def _open_later(url: str) -> None:
    import threading
    import webbrowser

    def open_or_say() -> None:
        try:
            opened = webbrowser.open(url)
        except Exception:  # noqa: BLE001  (no browser here is not an error of the server)
            opened = False
        if not opened:
            click.echo(f"Không mở được trình duyệt trên máy này; hãy mở trình duyệt và vào {url}", err=True)

    threading.Timer(1.0, open_or_say).start()
