"""``minutes-gen office``: the server a whole department shares (init, serve, backup)."""

from pathlib import Path

import click

from minutes_gen.cli.app import cli

DB_HELP = ("Cơ sở dữ liệu: sqlite:///đường/dẫn/van-phong.db (một máy) hoặc postgresql://người:mật-khẩu@máy/tên "
           "(nhiều máy, nhiều người). Mặc định: biến môi trường MINUTES_GEN_OFFICE_DB.")
DB_ENV = "MINUTES_GEN_OFFICE_DB"
ADMIN_PASSWORD_ENV = "MINUTES_GEN_ADMIN_PASSWORD"


def _db_option(command):
    return click.option("--db", "db_url", envvar=DB_ENV, required=True, help=DB_HELP)(command)


@cli.group(name="office")
def office_group():
    """Máy chủ văn phòng: tài khoản, hồ sơ cơ quan, văn bản đã lập, sổ số chung."""


@office_group.command(name="init")
@_db_option
@click.option("--admin", "admin_name", default="quantri", show_default=True, help="Tên đăng nhập của người quản trị đầu tiên.")
@click.option("--full-name", default="Người quản trị", show_default=True, help="Họ và tên người quản trị đầu tiên.")
def office_init(db_url: str, admin_name: str, full_name: str):
    """Tạo (hoặc nâng cấp) cơ sở dữ liệu và người quản trị đầu tiên.

    Mật khẩu người quản trị: biến môi trường MINUTES_GEN_ADMIN_PASSWORD, nếu không có thì gõ
    (không hiện) trong cửa sổ lệnh.
    """
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.office import accounts
    from minutes_gen.office.store import ADMIN, SCHEMA_VERSION, OfficeStore
    from minutes_gen.sources.secret_input import read_secret
    from minutes_gen.register.sql import SqlRegister
    from minutes_gen.storage.database import shown_url

    admin_name = accounts.normal_username(admin_name)
    office = OfficeStore.open(db_url)
    try:
        before = office.migrate()
        SqlRegister(office.database)  # the number register lives in the same database (created or upgraded)
        if office.count_admins() == 0:
            if (bad_name := accounts.username_problem(admin_name, [u.username for u in office.users()])) is not None:
                raise InputError([Problem("--admin", bad_name)], headline="Tên người quản trị chưa dùng được")
            password = read_secret(ADMIN_PASSWORD_ENV, "Mật khẩu người quản trị")
            if (problem := accounts.password_problem(password, admin_name)) is not None:
                raise InputError([Problem(ADMIN_PASSWORD_ENV, problem)], headline="Mật khẩu chưa dùng được")
            office.add_user(admin_name, full_name, ADMIN, None, accounts.hash_password(password))
            office.audit("khởi tạo", f"người quản trị {admin_name}", None, "dòng lệnh")
            click.echo(f"Đã tạo người quản trị «{admin_name}».")
    finally:
        office.close()
    state = "tạo mới" if before == 0 else ("nâng cấp" if before < SCHEMA_VERSION else "đã đúng phiên bản")
    click.echo(f"Cơ sở dữ liệu {shown_url(db_url)}: {state} (phiên bản {SCHEMA_VERSION}).")


@office_group.command(name="serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe (đặt sau một máy chủ HTTPS như nginx; xem README).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Cổng; 0 để tự chọn.")
@click.option("--allow-host", "allowed", multiple=True, metavar="TÊN", help="Tên máy người dùng gõ để vào trang (ghi nhiều lần được).")
@click.option("--secure-cookies", is_flag=True,
              help="Cookie đăng nhập chỉ gửi qua HTTPS, trình duyệt được dặn chỉ dùng HTTPS (bật khi đặt sau HTTPS).")
@click.option("--trusted-proxy", "trusted", multiple=True, metavar="ĐỊA-CHỈ",
              help="Máy chủ đứng trước (nginx) được tin: chỉ khi yêu cầu đến từ địa chỉ (hoặc mạng, ví dụ 10.0.0.0/24) "
                   "này mới đọc X-Forwarded-For để biết địa chỉ thật của người dùng (ghi nhiều lần được).")
@click.option("--log", "access_log", is_flag=True, help="In ra mỗi yêu cầu nhận được.")
def office_serve(db_url: str, host: str, port: int, allowed: tuple[str, ...], secure_cookies: bool,
                 trusted: tuple[str, ...], access_log: bool):
    """Chạy máy chủ văn phòng (waitress) cho mọi người trong cơ quan mở bằng trình duyệt."""
    from minutes_gen.office.app import create_office_app
    from minutes_gen.storage.database import shown_url
    from minutes_gen.web.server import start_server

    app = create_office_app(db_url, host, allowed, secure_cookies, trusted)
    server = start_server(app, host, port, access_log)
    click.echo(f"Máy chủ văn phòng đang chạy tại {server.url} (cơ sở dữ liệu {shown_url(db_url)}) — nhấn Ctrl-C để dừng.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo("Đã tắt máy chủ văn phòng.")


@office_group.command(name="backup")
@_db_option
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Ghi đè tệp sao lưu đã có.")
def office_backup(db_url: str, output: Path, force: bool):
    """Sao lưu toàn bộ (tài khoản, hồ sơ cơ quan, văn bản đã lập cùng tệp của chúng, sổ số) vào
    một tệp, nhất quán tại một thời điểm, trong lúc máy chủ vẫn chạy."""
    from minutes_gen.office.backup import backup

    written = backup(db_url, output, force)
    click.echo(f"Đã sao lưu vào {written}.")


@office_group.command(name="check")
@_db_option
def office_check(db_url: str):
    """Đối chiếu sổ số của từng cơ quan với văn bản đã lưu: số thiếu trong dãy, số không có văn bản,
    văn bản không có số. Mã thoát 1 khi có điểm không khớp."""
    from minutes_gen.office.integrity import office_findings
    from minutes_gen.office.store import OfficeStore
    from minutes_gen.register.verify import report

    office = OfficeStore.open(db_url)
    try:
        found = 0
        for agency in office.agencies():
            findings = office_findings(office, agency)
            found += len(findings)
            click.echo(report(findings, f"{agency.name} ({agency.abbreviation})"))
    finally:
        office.close()
    raise SystemExit(1 if found else 0)


@office_group.command(name="unlock")
@_db_option
@click.argument("username")
def office_unlock(db_url: str, username: str):
    """Bỏ khóa đăng nhập của TÊN_ĐĂNG_NHẬP sau nhiều lần gõ sai mật khẩu (người quản trị bị khóa
    không tự mở được trên trang web); ghi vào nhật ký."""
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.office.accounts import normal_username
    from minutes_gen.office.store import OfficeStore

    office = OfficeStore.open(db_url)
    try:
        name = normal_username(username)
        if office.credentials(name) is None:
            raise InputError([Problem("TÊN_ĐĂNG_NHẬP", f"không có người dùng «{name}»")])
        office.forget_failures(name)
        office.audit("bỏ khóa đăng nhập", f"tên «{name}»", None, "dòng lệnh")
    finally:
        office.close()
    click.echo(f"Đã bỏ khóa đăng nhập của «{name}»: đăng nhập lại được ngay.")


@office_group.command(name="key")
def office_key():
    """In ra một khóa mã hóa mới cho máy chủ văn phòng (mật khẩu thư điện tử và khóa ký của cơ quan
    được mã hóa bằng khóa này). Đặt nó vào biến môi trường MINUTES_GEN_OFFICE_KEY trước khi chạy
    «office serve»; giữ kín và sao lưu riêng: mất khóa thì phải nhập lại các mật khẩu đó."""
    from minutes_gen.storage.sealed import KEY_VARIABLE, new_key

    click.echo(f"{KEY_VARIABLE}={new_key()}")


@office_group.command(name="daily")
@_db_option
@click.option("--agency", "agency", required=True, metavar="VIẾT-TẮT", help="Cơ quan (tên viết tắt, ví dụ SNV).")
@click.option("--folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục phần mềm một cửa xuất sổ theo dõi hồ sơ (.xlsx, .csv) vào; lấy tệp mới nhất.")
@click.option("--profile", default=None, metavar="NHÃN", help="Hồ sơ cơ quan (người ký); bắt buộc khi cơ quan có nhiều hồ sơ.")
@click.option("--as-of", "as_of", default=None, metavar="dd/mm/yyyy", help="Ngày lập phiếu (mặc định: hôm nay).")
def office_daily(db_url: str, agency: str, folder: Path, profile: str | None, as_of: str | None):
    """Lập đợt phiếu xin lỗi của ngày từ sổ mới nhất trong thư mục --folder (chạy theo lịch: cron, systemd
    timer). Phiếu chưa có số, chờ văn thư xem và cấp số trên máy chủ. Chạy lại trong ngày không lập
    thêm đợt; tệp đang được ghi dở chưa được lấy."""
    from minutes_gen.office.daily import Daily, run_daily
    from minutes_gen.office.runs import run_day
    from minutes_gen.office.store import OfficeStore

    office = OfficeStore.open(db_url)
    try:
        said = run_daily(office, Daily(agency, folder, profile, run_day(as_of) if as_of else None))
    finally:
        office.close()
    click.echo(said)
