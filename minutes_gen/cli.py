"""Command line: parse options, call the pipeline, print results. Nothing else lives here."""

from pathlib import Path

import click

from minutes_gen import __version__
from minutes_gen.errors import show_warnings

CALENDAR_HELP = "Tệp YAML bổ sung ngày nghỉ/ngày làm bù theo quyết định của năm (mặc định: $MINUTES_GEN_CALENDAR)."


def _calendar_option(command):
    return click.option("--calendar", "calendar_file", type=click.Path(dir_okay=False, path_type=Path),
                        help=CALENDAR_HELP)(command)


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
@_calendar_option
def render(kind: str, file: Path, output: Path | None, force: bool, calendar_file: Path | None):
    """Tạo một văn bản Word từ tệp YAML của một đơn vị.

    KIND: minutes = biên bản kiểm tra; notice = thông báo kết luận kiểm tra.
    """
    from minutes_gen.pipeline import render_one

    written, warnings = render_one(kind, file, output, force=force, calendar_file=calendar_file)
    show_warnings(warnings)
    click.echo(f"Đã ghi {written}")


@cli.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi văn bản và manifest.csv.")
@click.option("--kinds", default="minutes,notice", show_default=True,
              help="Loại văn bản, cách nhau bởi dấu phẩy: minutes (biên bản), notice (thông báo).")
@click.option("--skip-invalid", is_flag=True, help="Vẫn ghi các đơn vị hợp lệ khi có đơn vị lỗi.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@_calendar_option
def batch(plan: Path, folder: Path, kinds: str, skip_invalid: bool, force: bool, calendar_file: Path | None):
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
    with _progress(sys.stderr.isatty(), "Đang tạo văn bản") as advance:
        result = run_batch(plan, folder, chosen, force=force, skip_invalid=skip_invalid,
                           calendar=calendar, on_progress=advance)
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
@_calendar_option
def apology(register: Path, agency_file: Path, folder: Path, as_of, extend_days, combined: bool, force: bool,
            skip_invalid: bool, encoding: str | None, columns_file: Path | None, calendar_file: Path | None):
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
    with _progress(sys.stderr.isatty(), "Đang tạo phiếu") as advance:
        result = run_apology(register, settings, folder, as_of=as_of or dt.date.today(), calendar=calendar,
                             extend_days=extend_days, combined=combined, force=force,
                             skip_invalid=skip_invalid, columns_file=columns_file, encoding=encoding,
                             on_progress=advance)
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
