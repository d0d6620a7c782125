"""``minutes-gen serve``: the local web page."""

import click

from minutes_gen.cli.app import cli


@cli.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Cổng.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe. Mặc định chỉ máy này dùng được; đổi thì người khác trong mạng cũng vào được.")
@click.option("--open", "open_browser", is_flag=True, help="Mở trình duyệt sau khi khởi động.")
def serve(port: int, host: str, open_browser: bool):
    """Mở trang web trên máy này để soạn biên bản, thông báo và lập phiếu xin lỗi không cần YAML."""
    from minutes_gen.web.app import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Cảnh báo: trang web mở cho mọi máy truy cập được {host}:{port}, không có đăng nhập. "
                   "Chỉ làm vậy trong mạng nội bộ tin cậy.", err=True)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"minutes-gen đang chạy tại {url} — nhấn Ctrl-C để dừng.")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    from werkzeug.serving import run_simple

    run_simple(host, port, create_app(), threaded=True)
