"""Options, argument types and the progress bars that several commands share."""

import dataclasses
import functools
import sys
from pathlib import Path

import click

CALENDAR_HELP = "Tệp YAML bổ sung ngày nghỉ/ngày làm bù theo quyết định của năm (mặc định: $MINUTES_GEN_CALENDAR)."
DB_HELP = ("Sổ số văn bản: một tệp SQLite, hoặc địa chỉ postgresql://… của máy chủ dùng chung. Mặc định: biến môi trường MINUTES_GEN_DB, nếu không có thì "
           "tệp minutes-gen.db trong thư mục đang đứng (mọi lệnh tìm sổ theo cùng quy tắc này).")


def calendar_option_only():
    """``--calendar`` (a YAML file of days off and working days decided this year)."""
    return click.option("--calendar", "calendar_file", type=click.Path(dir_okay=False, path_type=Path),
                        help=CALENDAR_HELP)


def calendar_option(command):
    return calendar_option_only()(command)


OFFICE_AGENCY_HELP = ("Khi --db là cơ sở dữ liệu của máy chủ văn phòng: chữ viết tắt của cơ quan (như người quản trị "
                      "đã ghi, ví dụ SNV) để lấy số trong sổ của chính cơ quan đó.")


def db_option(command):
    """``--db`` and ``--office-agency``: which register, and whose series in an office database."""
    command = click.option("--office-agency", "office_agency", metavar="VIẾT_TẮT", help=OFFICE_AGENCY_HELP)(command)
    return click.option("--db", type=str, help=DB_HELP)(command)  # a file, or a postgresql:// URL


class DateType(click.ParamType):
    name = "NGÀY"

    def convert(self, value, param, ctx):
        from minutes_gen.vn.dates import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def progress_shown() -> "ProgressBars":
    """Progress bars for a command that reads or writes a lot, shown on a terminal only."""
    return ProgressBars(sys.stderr.isatty())


def grouped_options(name: str, make, *options):
    """The ``options`` handed to the command as one value, ``name`` = ``make(**their values)``
    (one parameter for what belongs together, not one per option)."""
    def decorate(command):
        @functools.wraps(command)
        def with_value(**kwargs):
            taken = {option_name: kwargs.pop(option_name) for option_name in names}
            return command(**kwargs, **{name: make(**taken)})

        names = []
        for option in reversed(options):
            with_value = option(with_value)
            names.append(with_value.__click_params__[-1].name)
        return with_value

    return decorate


def register_options(command):
    """Options every command that reads a dossier register shares, handed over as ``reading``
    (``model.dossier.RegisterReading``)."""
    def reading(**values):
        from minutes_gen.model.dossier import RegisterReading

        return RegisterReading(**values)

    return grouped_options(
        "reading", reading,
        click.option("--columns", "columns_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Tệp YAML chỉ tên cột: «tên_trường: Tiêu đề cột» (code, applicant, due…)."),
        click.option("--encoding", help="Bảng mã của tệp CSV (mặc định UTF-8; ví dụ cp1258)."),
        click.option("--skip-invalid", is_flag=True, help="Bỏ qua các dòng lỗi (ghi vào manifest) thay vì dừng lại."),
    )(command)


class ProgressBars:
    """On a terminal, a progress bar for each stage of a run (Word files, then PDFs) that knows
    its total; nothing when stderr is not a terminal. Called as ``bars(done, total, stage)``."""

    LABELS = {"read": "Đang đọc sổ theo dõi hồ sơ", "docx": "Đang tạo văn bản", "pdf": "Đang chuyển sang PDF",
              "send": "Đang gửi thư điện tử", "sign": "Đang ký số"}

    def __init__(self, shown: bool):
        self.shown, self.bar, self.stage, self.done, self.counting = shown, None, None, 0, False

    def __call__(self, done: int, total: int | None, stage: str) -> None:
        if not self.shown:
            return
        if total is None or (self.counting and stage == self.stage):  # no total yet: a counter
            self._count(done, total, stage)
            return
        if stage != self.stage or self.bar is None:
            self.close()
            self.bar = click.progressbar(length=max(total, 1), label=self.LABELS.get(stage, stage),
                                         file=click.get_text_stream("stderr"))
            self.bar.__enter__()
            self.stage, self.done = stage, 0
        self.bar.update(max(done - self.done, 0))
        self.done = max(done, self.done)
        if self.done >= total:  # the stage is over: the line is finished before anything else is printed
            self.close()

    def _count(self, done: int, total: int | None, stage: str) -> None:
        from minutes_gen.vn.numbers import grouped  # Babel: not at start-up

        if stage != self.stage:
            self.close()
            self.stage, self.counting = stage, True
        click.echo(f"\r{self.LABELS.get(stage, stage)}: {grouped(done)} dòng", nl=False, err=True)
        if total is not None:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        if self.counting:
            click.echo("", err=True)
            self.counting = False

    def __enter__(self) -> "ProgressBars":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_SETTING_NAMES = ("force", "number_text", "db", "office_agency", "renumber", "series", "pdf", "template_file", "jobs", "combined",
                  "sign", "signing_file")


def run_options(*, numbers_given: bool, jobs: bool, combined_help: str | None):
    """The output options of ``render``, ``batch`` and ``apology`` (--force, --number…, --pdf,
    --template, --jobs, --combined), handed to the command as one ``settings`` value
    (``RunSettings``) built once, with progress bars when run in a terminal."""
    numbers = "auto|N" if numbers_given else "auto"
    options = [
        click.option("--force", is_flag=True, help="Ghi đè tệp đã có; với --sign: ký cả bằng chứng thư đã hết hạn "
                                                 "(có cảnh báo)."),
        click.option("--number", "number_text", metavar=numbers,
                     help="auto: lấy số từ sổ đăng ký văn bản đi" + ("; N: ghi số N và đăng ký." if numbers_given
                                                                     else ".") + " Bỏ trống: để trống số để điền tay."),
        db_option,
        click.option("--renumber", is_flag=True, help="Cấp số mới dù văn bản đã có số (số cũ bị hủy)."),
        click.option("--series", type=click.Choice(["body", "type"]),
                     help="Khi tạo sổ mới: một dãy số cho cơ quan (body) hay mỗi loại văn bản một dãy (type)."),
        click.option("--pdf", is_flag=True,
                     help="Tạo thêm tệp PDF cạnh mỗi tệp .docx (cần LibreOffice; xem: minutes-gen doctor)."),
        click.option("--template", "template_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Dùng mẫu Word của cơ quan thay mẫu có sẵn (được kiểm tra trước khi dùng)."),
        click.option("--sign", metavar="person,agency",
                     help="Ký số các tệp PDF vừa tạo (cần --pdf): người ký, cơ quan hoặc cả hai (người ký trước)."),
        click.option("--signing", "signing_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Tệp YAML ghi ảnh chữ ký, con dấu và nơi giữ khóa của người ký, cơ quan (dùng với --sign)."),
    ]
    if jobs:
        options.append(click.option("--jobs", "-j", type=click.IntRange(min=1),
                                    help="Số tiến trình tạo văn bản song song (mặc định: số lõi CPU)."))
    if combined_help:
        options.append(click.option("--combined", is_flag=True, help=combined_help))

    def decorate(command):
        @functools.wraps(command)
        def with_settings(**kwargs):
            given = {name: kwargs.pop(name, None) for name in _SETTING_NAMES}
            if jobs:  # a batch: workers may be needed, let them load while the inputs are read
                from minutes_gen.engine.workers import default_jobs, prestart_workers

                prestart_workers(given["jobs"] or default_jobs())
            with progress_shown() as bars:
                return command(settings=_settings(given, numbers_given, bars), **kwargs)

        for option in reversed(options):
            with_settings = option(with_settings)
        return with_settings

    return decorate


def _settings(given: dict, numbers_given: bool, progress):
    from minutes_gen.engine.workers import default_jobs
    from minutes_gen.register.numbering import AUTO, Numbering, parse_number
    from minutes_gen.runs.settings import RunSettings

    try:
        mode = parse_number(given["number_text"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--number") from None
    if mode not in (None, AUTO) and not numbers_given:
        raise click.BadParameter("lệnh này chỉ nhận --number auto", param_hint="--number")
    numbering = Numbering(mode, given["db"], bool(given["renumber"]), given["series"], given["office_agency"])
    if numbering.active:
        numbering = dataclasses.replace(numbering, db=_announced_register(given["db"]))
    signing = None
    if given["sign"] or given["signing_file"]:
        from minutes_gen.errors import InputError, Problem
        from minutes_gen.signing.profile import load_signing_request

        if not given["sign"]:
            raise InputError([Problem("--signing", "ghi thêm --sign person, agency hoặc person,agency")])
        if not given["pdf"]:
            raise InputError([Problem("--sign", "chỉ ký được tệp PDF: dùng cùng --pdf")])
        signing = load_signing_request(given["sign"], given["signing_file"])
    return RunSettings(force=bool(given["force"]), jobs=given["jobs"] or default_jobs(), pdf=bool(given["pdf"]),
                       combined=bool(given["combined"]), template=given["template_file"], numbering=numbering,
                       progress=progress, signing=signing)


def _announced_register(db: str | None) -> Path | str:
    """The register's path (or database URL) by the one rule (``register_path``), said once on stderr."""
    from minutes_gen.register.location import register_path
    from minutes_gen.storage.database import shown_url

    path = register_path(db)
    if isinstance(path, str):
        click.echo(f"Sổ số văn bản: {shown_url(path)}", err=True)
    else:
        click.echo(f"Sổ số văn bản: {path}" + ("" if path.exists() else " (tạo mới)"), err=True)
    return path


def refuse_missing_pdfs(cells: list[str]) -> None:
    """After a run with --pdf: the documents whose PDF could not be made said, exit code 1 (the
    .docx are written; the list's «PDF» column says why of each)."""
    failed = sum(1 for cell in cells if cell.startswith("lỗi"))
    if failed:
        click.echo(f"Không tạo được PDF cho {failed} văn bản — xem cột «PDF» của danh sách (các tệp .docx đã ghi đủ; "
                   "chạy lại với --pdf --force để tạo lại PDF).", err=True)
        raise SystemExit(1)
