"""Options, argument types and the progress bar that several commands share."""

from pathlib import Path

import click

CALENDAR_HELP = "Tệp YAML bổ sung ngày nghỉ/ngày làm bù theo quyết định của năm (mặc định: $MINUTES_GEN_CALENDAR)."


def calendar_option(command):
    return click.option("--calendar", "calendar_file", type=click.Path(dir_okay=False, path_type=Path),
                        help=CALENDAR_HELP)(command)


def numbering_options(allow_given: bool):
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


def numbering_from(number_text, db, renumber, series, allow_given: bool):
    from minutes_gen.numbering import AUTO, Numbering, parse_number

    try:
        mode = parse_number(number_text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--number") from None
    if mode not in (None, AUTO) and not allow_given:
        raise click.BadParameter("lệnh này chỉ nhận --number auto", param_hint="--number")
    return Numbering(mode, db, renumber, series)


class DateType(click.ParamType):
    name = "NGÀY"

    def convert(self, value, param, ctx):
        from minutes_gen.vn.dates import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def jobs_option(command):
    return click.option("--jobs", "-j", type=click.IntRange(min=1),
                        help="Số tiến trình tạo văn bản song song (mặc định: số lõi CPU).")(command)


def jobs_from(jobs: int | None) -> int:
    from minutes_gen.engine.parallel import default_jobs

    return jobs or default_jobs()


def register_options(command):
    """Options every command that reads a dossier register shares."""
    command = click.option("--skip-invalid", is_flag=True,
                           help="Bỏ qua các dòng lỗi (ghi vào manifest) thay vì dừng lại.")(command)
    command = click.option("--encoding", help="Bảng mã của tệp CSV (mặc định UTF-8; ví dụ cp1258).")(command)
    return click.option("--columns", "columns_file", type=click.Path(dir_okay=False, path_type=Path),
                        help="Tệp YAML chỉ tên cột: «tên_trường: Tiêu đề cột» (code, applicant, due…).")(command)


class progress:
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


def pdf_option(command):
    return click.option("--pdf", is_flag=True,
                        help="Tạo thêm tệp PDF cạnh mỗi tệp .docx (cần LibreOffice; xem: minutes-gen doctor).")(command)


def template_option(command):
    return click.option("--template", "template_file", type=click.Path(dir_okay=False, path_type=Path),
                        help="Dùng mẫu Word của cơ quan thay mẫu có sẵn (được kiểm tra trước khi dùng).")(command)
