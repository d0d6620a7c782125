"""Commands about inspections: validate, render, batch, deadline, init."""

from pathlib import Path

import click

from minutes_gen.cli.app import WritingCommand, cli
from minutes_gen.cli.options import DATE, calendar_option, refuse_missing_pdfs, run_options


def date_option(command):
    return click.option("--date", "document_date", type=DATE,
                        help="Ngày ký thông báo kết luận khi tệp dữ liệu chưa ghi notice.date (mặc định: hôm nay, "
                             "có cảnh báo).")(command)
from minutes_gen.errors import show_warnings


FILE_KINDS = ["minutes", "plan", "case", "agency", "calendar", "columns", "signing"]
KINDS_HELP = ("minutes = dữ liệu kiểm tra một đơn vị; plan = kế hoạch nhiều đơn vị; case = hồ sơ cả đợt kiểm tra "
              "(quyết định, kế hoạch, các đơn vị, báo cáo, theo dõi khắc phục); agency = cơ quan lập phiếu "
              "xin lỗi; calendar = lịch nghỉ, làm bù; columns = tên cột của sổ theo dõi hồ sơ.")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(FILE_KINDS), help="Loại tệp (mặc định: tự nhận biết). " + KINDS_HELP)
def validate(file: Path, kind: str | None):
    """Kiểm tra một tệp YAML (dữ liệu kiểm tra, kế hoạch, cơ quan, lịch, tên cột): báo mọi lỗi cùng lúc."""
    from minutes_gen.runs.validate import validate_file
    from minutes_gen.sources.file_kinds import LABELS

    kind, warnings = validate_file(file, kind)
    show_warnings(warnings)
    click.echo(f"Tệp hợp lệ: {file} — {LABELS[kind][0]} ({len(warnings)} cảnh báo).")


@cli.command(cls=WritingCommand)
@click.argument("kind", type=click.Choice(["minutes", "notice"]))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(),  # text: a trailing slash means a folder
              help="Tệp .docx sẽ ghi, hoặc thư mục để ghi tệp mang tên mặc định "
                   "(mặc định: tên theo đơn vị, trong thư mục hiện tại).")
@date_option
@run_options(numbers_given=True, jobs=False, combined_help=None)
@calendar_option
def render(kind: str, file: Path, output: str | None, document_date, calendar_file: Path | None, settings):
    """Tạo một văn bản Word từ tệp YAML của một đơn vị.

    Loại văn bản: minutes = biên bản kiểm tra; notice = thông báo kết luận kiểm tra.
    """
    from minutes_gen.runs.single import render_one

    written, issued, warnings = render_one(kind, file, output, settings, calendar_file=calendar_file,
                                           today=document_date)
    show_warnings(warnings)
    click.echo(f"Đã ghi {written}" + (f" (số {issued.text})" if issued else ""))
    if settings.pdf:
        click.echo(f"Đã ghi {written.with_suffix('.pdf')}" + (" (đã ký số)" if settings.signing else ""))


@cli.command(cls=WritingCommand)
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi văn bản và manifest (.csv, .xlsx).")
@click.option("--kinds", default="minutes,notice", show_default=True,
              help="Loại văn bản, cách nhau bởi dấu phẩy: minutes (biên bản), notice (thông báo); với hồ sơ cả đợt "
                   "kiểm tra còn có decision (quyết định thành lập đoàn), plan (kế hoạch), schedule (thông báo lịch "
                   "kiểm tra), report (báo cáo kết quả) — bỏ trống: mọi loại.")
@click.option("--skip-invalid", is_flag=True, help="Vẫn ghi các đơn vị hợp lệ khi có đơn vị lỗi.")
@date_option
@run_options(numbers_given=False, jobs=True,
             combined_help="Cùng --pdf: thêm một tệp in ban-in-tong-hop.pdf gồm mọi văn bản.")
@calendar_option
def batch(plan: Path, folder: Path, kinds: str | None, skip_invalid: bool, document_date, calendar_file: Path | None,
          settings):
    """Tạo văn bản cho mọi đơn vị của kế hoạch kiểm tra KẾ_HOẠCH (kiểm tra toàn bộ trước khi ghi); với hồ sơ cả
    đợt kiểm tra: cả chuỗi văn bản theo thứ tự ban hành."""
    from minutes_gen.documents import KINDS
    from minutes_gen.errors import show_problems
    from minutes_gen.runs.batch import run_batch
    from minutes_gen.outputs.manifest import STATUS_FAILED, STATUS_WRITTEN
    from minutes_gen.sources.calendar_file import load_calendar

    if settings.combined and not settings.pdf:
        raise click.BadParameter("tệp in tổng hợp của batch là PDF: dùng cùng --pdf", param_hint="--combined")
    if _is_case(plan):
        given = click.get_current_context().get_parameter_source("kinds") != click.core.ParameterSource.DEFAULT
        _case_batch(plan, folder, kinds if given else None, document_date, load_calendar(calendar_file), settings)
        return
    chosen = [kind.strip() for kind in kinds.split(",") if kind.strip()]
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown or not chosen:
        raise click.BadParameter(f"loại văn bản không có: {', '.join(unknown)} (chọn trong: {', '.join(KINDS)})",
                                 param_hint="--kinds")
    if settings.template and len(chosen) != 1:
        raise click.BadParameter("một mẫu chỉ dùng cho một loại văn bản: chọn một loại bằng --kinds",
                                 param_hint="--template")
    result = run_batch(plan, folder, chosen, settings, skip_invalid=skip_invalid,
                       calendar=load_calendar(calendar_file), today=document_date)
    show_problems(result.skipped, "Bỏ qua")
    show_warnings(result.warnings)
    click.echo(f"Đã ghi {result.count(STATUS_WRITTEN)} văn bản vào {folder}; "
               f"bỏ qua {len({p.unit or p.file for p in result.skipped})} đơn vị có lỗi; "
               f"{result.count(STATUS_FAILED)} văn bản lỗi; {len(result.warnings)} cảnh báo. "
               f"Danh sách: {result.manifest} (và {result.manifest.with_suffix('.xlsx').name})")
    if result.combined:
        click.echo(f"Tệp in tổng hợp: {result.combined}")
    refuse_missing_pdfs([row.pdf for row in result.rows])


def _is_case(path: Path) -> bool:
    """Whether ``path`` is a whole case (its «case:» section), not a plain plan."""
    from minutes_gen.sources.file_kinds import CASE, detect_kind
    from minutes_gen.sources.yaml_source import load_yaml

    loaded = load_yaml(path)
    return isinstance(loaded.data, dict) and detect_kind(loaded.data) == CASE


def _case_batch(path: Path, folder: Path, kinds: str | None, document_date, calendar, settings) -> None:
    from minutes_gen.documents import CASE_KINDS
    from minutes_gen.errors import show_warnings
    from minutes_gen.runs.case_batch import run_case

    chosen = [kind.strip() for kind in (kinds or ",".join(CASE_KINDS)).split(",") if kind.strip()]
    unknown = [kind for kind in chosen if kind not in CASE_KINDS]
    if unknown or not chosen:
        raise click.BadParameter(f"loại văn bản không có: {', '.join(unknown)} (chọn trong: {', '.join(CASE_KINDS)})",
                                 param_hint="--kinds")
    result = run_case(path, folder, chosen, settings, calendar=calendar, today=document_date)
    show_warnings(result.warnings)
    for row in result.rows:
        click.echo(f"  {row.file}" + (f" (số {row.number})" if row.number else ""))
    click.echo(f"Đã ghi {len(result.rows)} văn bản của hồ sơ vào {folder} theo thứ tự ban hành; "
               f"{len(result.warnings)} cảnh báo. Danh sách: {result.manifest} (và "
               f"{result.manifest.with_suffix('.xlsx').name})")
    refuse_missing_pdfs([row.pdf for row in result.rows])


@cli.command()
@click.argument("start", type=DATE)
@click.argument("days", type=click.IntRange(0, 1000))
@click.option("--explain", is_flag=True, help="Liệt kê các ngày nghỉ nằm trong khoảng thời gian.")
@calendar_option
def deadline(start, days: int, explain: bool, calendar_file: Path | None):
    """Ngày hết hạn sau SỐ_NGÀY ngày làm việc kể từ NGÀY_ĐẦU (không tính ngày NGÀY_ĐẦU)."""
    from minutes_gen.sources.calendar_file import load_calendar
    from minutes_gen.vn.dates import numeric_date

    calendar = load_calendar(calendar_file)
    due = calendar.add_working_days(start, days)
    click.echo(numeric_date(due))
    if explain:
        for day, name in calendar.days_off_between(start, due):
            click.echo(f"  nghỉ {numeric_date(day)}: {name}")


@cli.command(help="In ra một tệp mẫu có chú thích cho loại tệp đã chọn "
                  "(ví dụ: minutes-gen init minutes > tep.yaml). Loại tệp: " + KINDS_HELP)
@click.argument("kind", type=click.Choice(FILE_KINDS))
def init(kind: str):
    from importlib import resources

    click.echo(resources.files("minutes_gen").joinpath("starters", f"{kind}.yaml").read_text("utf-8"), nl=False)
