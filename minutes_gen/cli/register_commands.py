"""The outgoing-document register: list, void, export."""

from pathlib import Path

import click

from minutes_gen.cli.app import WritingCommand, cli
from minutes_gen.cli.options import db_option


@cli.group(name="register")
def register_group():
    """Sổ đăng ký văn bản đi: xem, hủy số, xuất ra Excel."""


def _open_existing_register(db: Path | None, office_agency: str | None):
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.register.location import DB_RULE, open_register, register_path

    path = register_path(db)
    if isinstance(path, Path) and not path.exists():
        raise InputError([Problem(str(path), f"chưa có sổ số văn bản ở đây (sổ được tìm theo thứ tự: {DB_RULE})")],
                         headline="Không tìm thấy sổ số văn bản")
    return open_register(path, office_agency=office_agency)


@register_group.command(name="list")
@click.option("--year", type=int, help="Chỉ năm này.")
@click.option("--kind", type=click.Choice(["minutes", "notice", "apology"]), help="Chỉ loại văn bản này.")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@db_option
def register_list(year, kind, as_json: bool, db, office_agency):
    """Liệt kê các số đã cấp (cả số đã hủy)."""
    from minutes_gen.register import export as register_export

    entries = _open_existing_register(db, office_agency).entries(year, kind)
    click.echo((register_export.as_json if as_json else register_export.as_lines)(entries))


@register_group.command(name="void")
@click.argument("number")
@click.option("--reason", required=True, help="Lý do hủy số (ghi vào sổ).")
@click.option("--year", type=int, help="Năm của số (cần khi cùng số có ở nhiều năm).")
@db_option
def register_void(number: str, reason: str, year, db, office_agency):
    """Hủy số SỐ (dạng 07/BB-ĐKT); số đã hủy không bao giờ được dùng lại."""
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.register.entries import STATUS_ISSUED
    from minutes_gen.register.export import parse_number_symbol

    if not reason.strip():
        raise click.BadParameter("cần ghi lý do hủy số (sẽ ghi vào sổ)", param_hint="--reason")
    try:
        value, symbol = parse_number_symbol(number)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="SỐ") from None
    register = _open_existing_register(db, office_agency)
    same = [e for e in register.entries(year) if e.number == value and e.symbol == symbol]
    years = sorted({e.year for e in same if e.status == STATUS_ISSUED})
    if len(years) > 1:
        raise InputError([Problem(str(register.path), f"số {number} có ở các năm {years}; chỉ rõ --year")])
    if not years and year is None and not same:
        raise InputError([Problem(str(register.path), f"số {number} chưa từng được cấp trong sổ này (đã tìm mọi năm)")])
    look_in = years[0] if years else (year or max(e.year for e in same))
    voided = register.void(value, symbol, look_in, reason)
    click.echo(f"Đã hủy số {voided.text} năm {voided.year} ({voided.record_key}).")


@register_group.command(name="export", cls=WritingCommand)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Chỉ năm này.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@db_option
def register_export_command(file: Path, year, force: bool, db, office_agency):
    """Xuất sổ đăng ký văn bản đi ra tệp CSV (mở bằng Excel)."""
    from minutes_gen.engine.output import refuse_existing, write_atomic
    from minutes_gen.register.export import as_csv

    refuse_existing(file, force)
    entries = _open_existing_register(db, office_agency).entries(year)
    write_atomic(file, as_csv(entries), force=force)
    click.echo(f"Đã ghi {len(entries)} số vào {file}")


@register_group.command(name="verify")
@db_option
def register_verify(db, office_agency):
    """Kiểm tra sổ: số bị thiếu trong dãy, số không có văn bản, văn bản không có số. Mã thoát 1 khi có điểm không khớp."""
    from minutes_gen.register.verify import check, report

    register = _open_existing_register(db, office_agency)
    if register.owner:  # an agency of the office server: its documents are in the same database
        from minutes_gen.office.integrity import office_findings
        from minutes_gen.office.store import OfficeStore

        office = OfficeStore(register.database)
        findings = office_findings(office, office.agency(register.owner))
    else:
        findings = check(register)
    click.echo(report(findings, f"Sổ {register.path}"))
    raise SystemExit(1 if findings else 0)
