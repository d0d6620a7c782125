"""The follow-up of a case (``minutes-gen followup``): where each unit's remediation stands on a
day, and the follow-up report, table and reminder letters."""

import datetime as dt
from pathlib import Path

import click

from minutes_gen.cli.app import WritingCommand, cli
from minutes_gen.cli.options import DATE, calendar_option, run_options


@cli.command(cls=WritingCommand)
@click.argument("case_file", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=DATE, help="Ngày xét tình hình khắc phục (mặc định: hôm nay).")
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi báo cáo tình hình khắc phục (.docx), bảng theo dõi (.xlsx) và văn bản đôn đốc cho "
                   "mỗi đơn vị quá hạn. Bỏ trống: chỉ in tình hình ra màn hình.")
@run_options(numbers_given=False, jobs=False, combined_help=None)
@calendar_option
def followup(case_file: Path, as_of, folder: Path | None, calendar_file: Path | None, settings):
    """Theo dõi khắc phục sau kiểm tra của hồ sơ HỒ_SƠ: từng đơn vị, từng yêu cầu — trong hạn, quá hạn, đã báo
    cáo (số, ngày văn bản), đã hoàn thành; văn bản đôn đốc cho đơn vị quá hạn."""
    from minutes_gen.errors import InputError, Problem, show_warnings
    from minutes_gen.model.followup import status_text
    from minutes_gen.runs.followup import run_followup
    from minutes_gen.sources.calendar_file import load_calendar
    from minutes_gen.vn.dates import numeric_date

    if settings.template is not None or settings.pdf or settings.signing is not None:
        raise InputError([Problem("--template/--pdf/--sign", "lệnh followup chỉ tạo văn bản Word bằng mẫu có sẵn")])
    day = as_of or dt.date.today()
    result = run_followup(case_file, day, folder, settings, load_calendar(calendar_file))
    click.echo(f"Tình hình khắc phục đến ngày {numeric_date(day)}:")
    for tracking in result.trackings:
        notice = f"thông báo kết luận {numeric_date(tracking.notice_date)}" if tracking.notice_date else \
            "chưa có thông báo kết luận"
        click.echo(f"{tracking.unit} ({notice})" + (" — QUÁ HẠN" if tracking.overdue else ""))
        for item in tracking.items:
            due = f"hạn {numeric_date(item.due)}" if item.due else "chưa có hạn"
            click.echo(f"  {item.number}. {item.text} — {due} — {status_text(item)}")
    late = [tracking.unit for tracking in result.trackings if tracking.overdue]
    click.echo(f"Đơn vị quá hạn: {', '.join(late)}." if late else "Không có đơn vị nào quá hạn.")
    for path in result.written:
        click.echo(f"Đã ghi {path}")
    show_warnings([])
