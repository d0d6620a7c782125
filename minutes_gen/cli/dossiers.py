"""Commands about dossier registers: apology slips and statistics."""

from pathlib import Path

import click

from minutes_gen.cli.app import WritingCommand, cli
from minutes_gen.cli.options import (DATE, calendar_option, calendar_option_only, grouped_options, progress_shown,
                                     refuse_missing_pdfs, register_options, run_options)


def _rules(as_of, extend_days, form, calendar_file):
    import datetime as dt

    from minutes_gen.runs.apology import LetterRules
    from minutes_gen.sources.calendar_file import load_calendar

    return LetterRules(as_of or dt.date.today(), load_calendar(calendar_file), extend_days, form)


_letter_rules = grouped_options(  # handed to the command as ``rules`` (runs.apology.LetterRules)
    "rules", _rules,
    click.option("--as-of", type=DATE, help="Ngày lập phiếu, cũng là ngày xét quá hạn (mặc định: hôm nay)."),
    click.option("--extend-days", type=click.IntRange(1, 1000),
                 help="Số ngày làm việc hẹn lại khi sổ không ghi «Ngày hẹn lại» (mặc định theo tệp cơ quan, 5)."),
    click.option("--form", "form", type=click.Choice(["2018", "2025"]),
                 help="Bộ mẫu: 2018 (Thông tư 01/2018/TT-VPCP) hoặc 2025 (Thông tư 03/2025/TT-VPCP); mặc định theo "
                      "ngày lập (trước 01/7/2025: 2018)."),
    calendar_option_only(),
)


@cli.command(cls=WritingCommand)
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--agency", "agency_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp YAML về cơ quan: tên, viết tắt, người ký, ký hiệu phiếu.")
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi phiếu và manifest (.csv, .xlsx).")
@click.option("--send", is_flag=True,
              help="Gửi văn bản (PDF, hoặc .docx khi máy chưa có LibreOffice) qua thư điện tử cho người nộp trực tuyến "
                   "có địa chỉ thư; máy chủ thư ghi ở mục email: của tệp cơ quan, mật khẩu lấy từ biến môi trường. "
                   "Mỗi lần gửi được ghi vào sổ (--db): chạy lại không gửi lần hai.")
@click.option("--dry-run", is_flag=True, help="Không gửi: ghi mỗi thư thành tệp .eml trong thư mục thu-dien-tu/.")
@register_options
@run_options(numbers_given=False, jobs=True, combined_help="Thêm một tệp in gồm mọi phiếu, mỗi phiếu một trang.")
@_letter_rules
def apology(register: Path, agency_file: Path, folder: Path, send: bool, dry_run: bool, reading, rules, settings):
    """Tạo phiếu xin lỗi và hẹn lại ngày trả kết quả cho mọi hồ sơ quá hạn trong sổ SỔ_HỒ_SƠ (.xlsx/.csv)."""
    from minutes_gen.errors import show_problems
    from minutes_gen.model.apology_settings import load_apology_settings
    from minutes_gen.model.overdue import Outcome
    from minutes_gen.runs.apology import run_apology

    agency = load_apology_settings(agency_file)
    delivery = None
    if send or dry_run:
        delivery, settings = _delivery(agency, agency_file, settings, dry_run)
    result = run_apology(register, agency, folder, settings, rules=rules, reading=reading, delivery=delivery)
    show_problems(result.invalid, "Bỏ qua dòng lỗi")
    show_problems(result.cautions, "Lưu ý")
    counts = "; ".join(f"{outcome.value}: {result.count(outcome)}" for outcome in Outcome)
    click.echo(f"Đã xét {len(result.rows)} hồ sơ — {counts}.")
    click.echo(f"Mẫu: {result.form.label} — căn cứ {'; '.join(result.form.legal_basis)}.")
    if result.late:
        click.echo(f"Xin lỗi muộn (sau ngày làm việc liền trước ngày hẹn trả): {result.late} hồ sơ — xem cột "
                   f"«Xin lỗi muộn» của danh sách.")
    for combined_file in (result.combined, result.combined_pdf):
        if combined_file:
            click.echo(f"Tệp in tổng hợp: {combined_file}")
    if delivery is not None:
        sent = sum(1 for row in result.rows if row.email.startswith(("đã gửi tới", "đã ghi thư")))
        failed = sum(1 for row in result.rows if row.email.startswith("lỗi"))
        uncertain = sum(1 for row in result.rows if row.email.startswith("có thể đã gửi"))
        skipped = sum(1 for row in result.rows if row.email.startswith(("không gửi:", "đã gửi trước")))
        verb = "Đã ghi thư chưa gửi (.eml)" if delivery.dry_run else "Đã gửi thư điện tử"
        check = f"có thể đã gửi (cần kiểm tra, không gửi lại): {uncertain}; " if uncertain else ""
        click.echo(f"{verb}: {sent}; gửi lỗi: {failed}; {check}không gửi (xem lý do): {skipped} — xem cột «Thư điện tử» "
                   f"của danh sách.")
    click.echo(f"Danh sách: {result.manifest} (và {result.manifest.with_suffix('.xlsx').name})")
    refuse_missing_pdfs([row.pdf for row in result.rows])


def _delivery(agency, agency_file: Path, settings, dry_run: bool):
    """The e-mail delivery of a run: settings from the agency file, password from the
    environment (or a prompt on a terminal), letters as PDF when LibreOffice is here."""
    import dataclasses

    from minutes_gen.engine.pdf import find_soffice
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.mail.delivery import Delivery
    from minutes_gen.sources.secret_input import read_secret
    from minutes_gen.register.location import register_path

    email = agency.email
    if email is None:
        raise InputError([Problem(str(agency_file), "chưa có mục «email:» (máy chủ thư: host, port, security, user, "
                                                    "sender) nên không gửi được thư; xem minutes-gen init agency")])
    password = read_secret(email.password_env, f"Mật khẩu thư điện tử của {email.user}") \
        if email.user and not dry_run else None
    if not settings.pdf and find_soffice() is not None:
        settings = dataclasses.replace(settings, pdf=True)  # the letter travels as PDF
    elif not settings.pdf:
        click.echo("Máy chưa có LibreOffice: thư gửi kèm tệp .docx thay cho PDF.", err=True)
    return Delivery(email, password, register_path(settings.numbering.db), dry_run), settings


@cli.command()
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--from", "start", type=DATE, required=True, help="Ngày đầu kỳ (dd/mm/yyyy).")
@click.option("--to", "end", type=DATE, required=True, help="Ngày cuối kỳ (dd/mm/yyyy).")
@click.option("--format", "output_format", type=click.Choice(["text", "yaml", "json"]), default="text",
              show_default=True, help="yaml: in khối statistics để dán vào tệp biên bản.")
@register_options
@calendar_option
def stats(register: Path, start, end, output_format: str, reading, calendar_file: Path | None):
    """Số liệu hồ sơ của sổ SỔ_HỒ_SƠ trong kỳ: tiếp nhận, giải quyết trước/đúng/quá hạn, đang giải quyết."""
    from minutes_gen.errors import InputError, Problem, show_problems
    from minutes_gen.model.dossier import load_dossiers
    from minutes_gen.model.dossier_stats import StatsTally
    from minutes_gen.outputs.stats import FORMATS

    if end < start:
        raise InputError([Problem("--to", "ngày cuối kỳ trước ngày đầu kỳ")])
    from minutes_gen.sources.calendar_file import load_calendar

    tally = StatsTally(start, end, load_calendar(calendar_file))
    with progress_shown() as bars:
        loaded = load_dossiers(register, reading.columns_file, reading.encoding, reading.skip_invalid, bars,
                               consume=tally.add)
    show_problems(loaded.problems, "Bỏ qua dòng lỗi")
    click.echo(FORMATS[output_format](tally.result(), str(register)))
