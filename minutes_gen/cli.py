"""Command line: parse options, call the pipeline, print results. Nothing else lives here."""

from pathlib import Path

import click

from minutes_gen import __version__
from minutes_gen.errors import show_warnings

CALENDAR_HELP = "Tệp YAML bổ sung ngày nghỉ/ngày làm bù theo quyết định của năm (mặc định: $MINUTES_GEN_CALENDAR)."


def _calendar_option(command):
    return click.option("--calendar", "calendar_file", type=click.Path(dir_okay=False, path_type=Path),
                        help=CALENDAR_HELP)(command)


def _numbering_options(allow_given: bool):
    """``--number``, ``--db``, ``--renumber``, ``--series``: how documents get their number."""
    def decorate(command):
        choice = "auto|N" if allow_given else "auto"
        command = click.option("--series", type=click.Choice(["body", "type"]),
                               help="Khi tạo sổ mới: một dãy số cho cơ quan (body) hay mỗi loại văn bản một dãy (type).")(command)
        command = click.option("--renumber", is_flag=True, help="Cấp số mới dù văn bản đã có số (số cũ bị hủy).")(command)
        command = click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
                               help="Sổ số văn bản (SQLite; mặc định $MINUTES_GEN_DB hoặc minutes-gen.db cạnh tệp đầu vào).")(command)
        return click.option("--number", "number_text", metavar=choice,
                            help="auto: lấy số từ sổ đăng ký văn bản đi" + ("; N: ghi số N và đăng ký." if allow_given else ".")
                            + " Bỏ trống: để trống số để điền tay.")(command)
    return decorate


def _numbering(number_text, db, renumber, series, allow_given: bool):
    from minutes_gen.numbering import AUTO, Numbering, parse_number

    try:
        mode = parse_number(number_text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--number") from None
    if mode not in (None, AUTO) and not allow_given:
        raise click.BadParameter("lệnh này chỉ nhận --number auto", param_hint="--number")
    return Numbering(mode, db, renumber, series)


class _DateType(click.ParamType):
    name = "NGÀY"

    def convert(self, value, param, ctx):
        from minutes_gen.vn.dates import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = _DateType()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="minutes-gen", help="In số phiên bản.")
def cli():
    """minutes-gen: biên bản kiểm tra, thông báo kết luận và phiếu xin lỗi theo Nghị định 30/2020/NĐ-CP."""


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
def validate(file: Path):
    """Kiểm tra tệp dữ liệu YAML: báo mọi lỗi cùng lúc (tệp, dòng, trường)."""
    from minutes_gen.model import load_inspection

    result = load_inspection(file)
    show_warnings(result.warnings)
    click.echo(f"Tệp hợp lệ: {file} ({len(result.warnings)} cảnh báo).")


@cli.command()
@click.argument("kind", type=click.Choice(["minutes", "notice"]))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp .docx sẽ ghi (mặc định: tên theo đơn vị, trong thư mục hiện tại).")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@_numbering_options(allow_given=True)
@_calendar_option
def render(kind: str, file: Path, output: Path | None, force: bool, calendar_file: Path | None,
           number_text, db, renumber, series):
    """Tạo một văn bản Word từ tệp YAML của một đơn vị.

    KIND: minutes = biên bản kiểm tra; notice = thông báo kết luận kiểm tra.
    """
    from minutes_gen.pipeline import render_one

    numbering = _numbering(number_text, db, renumber, series, allow_given=True)
    written, issued, warnings = render_one(kind, file, output, force=force, calendar_file=calendar_file,
                                           numbering=numbering)
    show_warnings(warnings)
    click.echo(f"Đã ghi {written}" + (f" (số {issued.text})" if issued else ""))


@cli.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi văn bản và manifest.csv.")
@click.option("--kinds", default="minutes,notice", show_default=True,
              help="Loại văn bản, cách nhau bởi dấu phẩy: minutes (biên bản), notice (thông báo).")
@click.option("--skip-invalid", is_flag=True, help="Vẫn ghi các đơn vị hợp lệ khi có đơn vị lỗi.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@_numbering_options(allow_given=False)
@_calendar_option
def batch(plan: Path, folder: Path, kinds: str, skip_invalid: bool, force: bool, calendar_file: Path | None,
          number_text, db, renumber, series):
    """Tạo văn bản cho mọi đơn vị của kế hoạch kiểm tra PLAN (kiểm tra toàn bộ trước khi ghi)."""
    import sys

    from minutes_gen.batch import run_batch
    from minutes_gen.documents import KINDS
    from minutes_gen.errors import show_problems
    from minutes_gen.manifest import STATUS_FAILED, STATUS_WRITTEN
    from minutes_gen.sources.calendar_file import load_calendar

    chosen = [kind.strip() for kind in kinds.split(",") if kind.strip()]
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown or not chosen:
        raise click.BadParameter(f"loại văn bản không có: {', '.join(unknown)} (chọn trong: {', '.join(KINDS)})",
                                 param_hint="--kinds")
    calendar = load_calendar(calendar_file)
    numbering = _numbering(number_text, db, renumber, series, allow_given=False)
    with _progress(sys.stderr.isatty(), "Đang tạo văn bản") as advance:
        result = run_batch(plan, folder, chosen, force=force, skip_invalid=skip_invalid,
                           calendar=calendar, numbering=numbering, on_progress=advance)
    show_problems(result.skipped, "Bỏ qua")
    show_warnings(result.warnings)
    click.echo(f"Đã ghi {result.count(STATUS_WRITTEN)} văn bản vào {folder}; "
               f"bỏ qua {len({p.unit or p.file for p in result.skipped})} đơn vị có lỗi; "
               f"{result.count(STATUS_FAILED)} văn bản lỗi; {len(result.warnings)} cảnh báo. "
               f"Danh sách: {result.manifest}")


def _register_options(command):
    """Options every command that reads a dossier register shares."""
    command = click.option("--skip-invalid", is_flag=True,
                           help="Bỏ qua các dòng lỗi (ghi vào manifest) thay vì dừng lại.")(command)
    command = click.option("--encoding", help="Bảng mã của tệp CSV (mặc định UTF-8; ví dụ cp1258).")(command)
    return click.option("--columns", "columns_file", type=click.Path(dir_okay=False, path_type=Path),
                        help="Tệp YAML chỉ tên cột: «tên_trường: Tiêu đề cột» (code, applicant, due…).")(command)


@cli.command()
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--agency", "agency_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp YAML về cơ quan: tên, viết tắt, người ký, ký hiệu phiếu.")
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi phiếu và manifest.csv.")
@click.option("--as-of", type=DATE, help="Ngày lập phiếu, cũng là ngày xét quá hạn (mặc định: hôm nay).")
@click.option("--extend-days", type=click.IntRange(min=1),
              help="Số ngày làm việc hẹn lại khi sổ không ghi «Ngày hẹn lại» (mặc định theo tệp cơ quan, 5).")
@click.option("--combined", is_flag=True, help="Thêm một tệp in gồm mọi phiếu, mỗi phiếu một trang.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@_register_options
@_numbering_options(allow_given=False)
@_calendar_option
def apology(register: Path, agency_file: Path, folder: Path, as_of, extend_days, combined: bool, force: bool,
            skip_invalid: bool, encoding: str | None, columns_file: Path | None, calendar_file: Path | None,
            number_text, db, renumber, series):
    """Tạo phiếu xin lỗi và hẹn lại ngày trả kết quả cho mọi hồ sơ quá hạn trong sổ REGISTER (.xlsx/.csv)."""
    import datetime as dt
    import sys

    from minutes_gen.apology_run import run_apology
    from minutes_gen.errors import show_problems
    from minutes_gen.model.apology_settings import load_apology_settings
    from minutes_gen.model.overdue import Outcome
    from minutes_gen.sources.calendar_file import load_calendar

    settings = load_apology_settings(agency_file)
    calendar = load_calendar(calendar_file)
    numbering = _numbering(number_text, db, renumber, series, allow_given=False)
    with _progress(sys.stderr.isatty(), "Đang tạo phiếu") as advance:
        result = run_apology(register, settings, folder, as_of=as_of or dt.date.today(), calendar=calendar,
                             extend_days=extend_days, combined=combined, force=force,
                             skip_invalid=skip_invalid, columns_file=columns_file, encoding=encoding,
                             numbering=numbering, on_progress=advance)
    show_problems(result.invalid, "Bỏ qua dòng lỗi")
    counts = "; ".join(f"{outcome.value}: {result.count(outcome)}" for outcome in Outcome)
    click.echo(f"Đã xét {len(result.rows)} hồ sơ — {counts}.")
    if result.combined:
        click.echo(f"Tệp in tổng hợp: {result.combined}")
    click.echo(f"Danh sách: {result.manifest}")


@cli.command()
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--from", "start", type=DATE, required=True, help="Ngày đầu kỳ (dd/mm/yyyy).")
@click.option("--to", "end", type=DATE, required=True, help="Ngày cuối kỳ (dd/mm/yyyy).")
@click.option("--format", "output_format", type=click.Choice(["text", "yaml", "json"]), default="text",
              show_default=True, help="yaml: in khối statistics để dán vào tệp biên bản.")
@_register_options
def stats(register: Path, start, end, output_format: str, skip_invalid: bool, encoding: str | None,
          columns_file: Path | None):
    """Số liệu hồ sơ của sổ REGISTER trong kỳ: tiếp nhận, giải quyết trước/đúng/quá hạn, đang giải quyết."""
    from minutes_gen.errors import InputError, Problem, show_problems
    from minutes_gen.model.dossier import load_dossiers
    from minutes_gen.model.dossier_stats import compute_stats
    from minutes_gen.stats_output import FORMATS

    if end < start:
        raise InputError([Problem("--to", "ngày cuối kỳ trước ngày đầu kỳ")])
    _, dossiers, invalid = load_dossiers(register, columns_file, encoding)
    if invalid and not skip_invalid:
        raise InputError(invalid, headline="Sổ theo dõi hồ sơ có dòng lỗi")
    show_problems(invalid, "Bỏ qua dòng lỗi")
    click.echo(FORMATS[output_format](compute_stats(dossiers, start, end), str(register)))


@cli.group(name="register")
def register_group():
    """Sổ đăng ký văn bản đi: xem, hủy số, xuất ra Excel."""


def _db_option(command):
    return click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
                        help="Tệp sổ (mặc định $MINUTES_GEN_DB hoặc minutes-gen.db trong thư mục hiện tại).")(command)


def _open_existing_register(db: Path | None):
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.register import default_db_path, open_register

    path = db or default_db_path(None)
    if not Path(path).exists():
        raise InputError([Problem(str(path), "chưa có sổ số văn bản ở đây (dùng --db để chỉ tệp sổ)")])
    return open_register(path)


@register_group.command(name="list")
@click.option("--year", type=int, help="Chỉ năm này.")
@click.option("--kind", type=click.Choice(["minutes", "notice", "apology"]), help="Chỉ loại văn bản này.")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@_db_option
def register_list(year, kind, as_json: bool, db):
    """Liệt kê các số đã cấp (cả số đã hủy)."""
    from minutes_gen import register_export

    entries = _open_existing_register(db).entries(year, kind)
    click.echo((register_export.as_json if as_json else register_export.as_lines)(entries))


@register_group.command(name="void")
@click.argument("number")
@click.option("--reason", required=True, help="Lý do hủy số (ghi vào sổ).")
@click.option("--year", type=int, help="Năm của số (cần khi cùng số có ở nhiều năm).")
@_db_option
def register_void(number: str, reason: str, year, db):
    """Hủy số NUMBER (dạng 07/BB-ĐKT); số đã hủy không bao giờ được dùng lại."""
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.register import STATUS_ISSUED
    from minutes_gen.register_export import parse_number_symbol

    try:
        value, symbol = parse_number_symbol(number)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NUMBER") from None
    register = _open_existing_register(db)
    years = sorted({e.year for e in register.entries(year) if e.number == value and e.symbol == symbol
                    and e.status == STATUS_ISSUED})
    if len(years) > 1:
        raise InputError([Problem(str(register.path), f"số {number} có ở các năm {years}; chỉ rõ --year")])
    voided = register.void(value, symbol, years[0] if years else (year or 0), reason)
    click.echo(f"Đã hủy số {voided.text} năm {voided.year} ({voided.record_key}).")


@register_group.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Chỉ năm này.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@_db_option
def register_export_command(file: Path, year, force: bool, db):
    """Xuất sổ đăng ký văn bản đi ra tệp CSV (mở bằng Excel)."""
    from minutes_gen.engine.output import refuse_existing, write_atomic
    from minutes_gen.register_export import as_csv

    refuse_existing(file, force)
    entries = _open_existing_register(db).entries(year)
    write_atomic(file, as_csv(entries), force=force)
    click.echo(f"Đã ghi {len(entries)} số vào {file}")


class _progress:
    """A progress bar on a terminal, nothing otherwise; yields a ``done -> None`` callback."""

    def __init__(self, shown: bool, label: str):
        self.shown, self.label, self.bar = shown, label, None

    def __enter__(self):
        def advance(done: int) -> None:
            if self.shown:
                if self.bar is None:
                    self.bar = click.progressbar(length=None, label=self.label, file=click.get_text_stream("stderr"))
                    self.bar.__enter__()
                self.bar.update(1)

        return advance

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


@cli.command()
@click.argument("start", type=DATE)
@click.argument("days", type=click.IntRange(min=0))
@click.option("--explain", is_flag=True, help="Liệt kê các ngày nghỉ nằm trong khoảng thời gian.")
@_calendar_option
def deadline(start, days: int, explain: bool, calendar_file: Path | None):
    """Ngày hết hạn sau DAYS ngày làm việc kể từ START (không tính ngày START)."""
    from minutes_gen.sources.calendar_file import load_calendar
    from minutes_gen.vn.dates import numeric_date

    calendar = load_calendar(calendar_file)
    due = calendar.add_working_days(start, days)
    click.echo(numeric_date(due))
    if explain:
        for day, name in calendar.days_off_between(start, due):
            click.echo(f"  nghỉ {numeric_date(day)}: {name}")


@cli.command()
@click.argument("kind", type=click.Choice(["minutes"]))
def init(kind: str):
    """In ra một tệp dữ liệu mẫu có chú thích (chuyển vào tệp: minutes-gen init minutes > tep.yaml)."""
    from importlib import resources

    click.echo(resources.files("minutes_gen").joinpath("starters", f"{kind}.yaml").read_text("utf-8"), nl=False)


def main():
    """Entry point of the ``minutes-gen`` command."""
    cli(prog_name="minutes-gen")
