"""Templates offices can edit (list, export, check) and the ND30 checker for any .docx (lint)."""

from pathlib import Path

import click

from minutes_gen.cli.app import WritingCommand, cli

KIND_CHOICE = click.Choice(["minutes", "notice", "apology", "decision", "plan", "schedule", "report", "followup",
                            "reminder"])


@cli.group(name="templates")
def templates_group():
    """Mẫu Word: xem, xuất ra để sửa, kiểm tra trước khi dùng (--template TỆP khi tạo văn bản)."""


@templates_group.command(name="list")
def templates_list():
    """Liệt kê các loại văn bản, tệp mẫu và các trường mẫu dùng."""
    from minutes_gen.documents import TEMPLATE_KINDS
    from minutes_gen.engine.template_check import fields_used
    from minutes_gen.sources.builtin_files import builtin_template

    from minutes_gen.model.form_sets import form_sets
    from minutes_gen.vn.dates import numeric_date

    for name, kind in TEMPLATE_KINDS.items():
        path = builtin_template(kind.template)
        click.echo(f"{name:<9}{kind.template:<34}{kind.label}")
        click.echo("         trường: " + ", ".join(fields_used(path, name)))
    click.echo("Thư xin lỗi theo ngày lập (minutes-gen apology --as-of, --form):")
    for form in form_sets():
        until = f" đến {numeric_date(form.effective_until)}" if form.effective_until else ""
        click.echo(f"  {form.key}  từ {numeric_date(form.effective_from)}{until}: {form.template} — {form.label}")
        click.echo(f"        căn cứ: {'; '.join(form.legal_basis)}")
        click.echo(f"        thông tin: {', '.join(form.fields)}")


@templates_group.command(name="export", cls=WritingCommand)
@click.argument("kind", type=KIND_CHOICE)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@click.option("--form", "form", type=click.Choice(["2018", "2025"]),
              help="Với apology: mẫu của bộ nào (mặc định: bộ đang áp dụng hôm nay).")
def templates_export(kind: str, folder: Path, force: bool, form: str | None):
    """Chép mẫu có sẵn của loại văn bản đã chọn vào THƯ_MỤC để sửa bằng Word hoặc LibreOffice."""
    import datetime as dt

    from minutes_gen.documents import TEMPLATE_KINDS
    from minutes_gen.engine.output import refuse_existing, write_atomic
    from minutes_gen.sources.builtin_files import builtin_template
    from minutes_gen.model.form_sets import form_set_for

    name = form_set_for(dt.date.today(), form).template if kind == "apology" else TEMPLATE_KINDS[kind].template
    source = builtin_template(name)
    target = Path(folder) / source.name
    refuse_existing(target, force)
    write_atomic(target, source.read_bytes(), force=force)
    click.echo(f"Đã chép mẫu vào {target}. Sửa xong, kiểm tra: minutes-gen templates check {target} --kind {kind}")


@templates_group.command(name="check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", required=True, type=KIND_CHOICE, help="Loại văn bản mẫu này dùng cho.")
def templates_check(file: Path, kind: str):
    """Kiểm tra mẫu TỆP: báo mọi lỗi cùng lúc (cú pháp, trường không có, thẻ bị Word chia cắt), rồi điền
    thử với dữ liệu mẫu trong giới hạn thời gian và bộ nhớ như khi tạo văn bản."""
    from minutes_gen.engine.template_check import require_usable_template

    require_usable_template(file, kind)
    click.echo(f"Mẫu dùng được: {file}")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", type=KIND_CHOICE, help="Loại văn bản, để kiểm thêm quy tắc riêng của mẫu (1.9 hay 1.4).")
def lint(file: Path, kind: str | None):
    """Kiểm tra một tệp Word bất kỳ theo thể thức Nghị định 30/2020/NĐ-CP; mã thoát 1 khi có lỗi."""
    from minutes_gen.lint import layout_checked, lint_document

    findings = lint_document(file, kind)
    if not layout_checked():
        click.echo("Chưa kiểm tra được trang chữ ký (cần LibreOffice để dựng trang; xem: minutes-gen doctor).", err=True)
    for finding in findings:
        click.echo(f"{file}: {finding}")
    if findings:
        click.echo(f"{len(findings)} lỗi thể thức.")
        raise SystemExit(1)
    click.echo(f"{file}: đúng thể thức Nghị định 30.")
