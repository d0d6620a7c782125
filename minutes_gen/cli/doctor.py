"""``minutes-gen doctor``: what this machine has for minutes-gen, and how to add what is missing."""

import click

from minutes_gen.cli.app import cli

PACKAGES = ["docxtpl", "python-docx", "Jinja2", "Babel", "click", "PyYAML", "holidays", "openpyxl", "pypdf", "lxml"]


@cli.command()
def doctor():
    """Kiểm tra máy: thư viện Python, LibreOffice (để tạo PDF), phông chữ thay Times New Roman có tiếng Việt."""
    from importlib.metadata import PackageNotFoundError, version

    from minutes_gen.engine.environment import libreoffice_version, serif_fonts
    from minutes_gen.engine.pdf import INSTALL_HINT, find_soffice

    problems = 0
    click.echo("Thư viện Python:")
    for package in PACKAGES:
        try:
            click.echo(f"  ✓ {package} {version(package)}")
        except PackageNotFoundError:
            problems += 1
            click.echo(f"  ✗ {package}: chưa cài — pip install {package}")
    soffice = find_soffice()
    if soffice:
        click.echo(f"LibreOffice: ✓ {soffice} ({libreoffice_version(soffice) or 'không rõ phiên bản'})")
    else:
        problems += 1
        click.echo(f"LibreOffice: ✗ chưa cài (cần cho --pdf) — {INSTALL_HINT}")
    fonts = serif_fonts()
    if fonts:
        click.echo(f"Phông chữ thay Times New Roman, có dấu tiếng Việt: ✓ {', '.join(fonts)}")
    else:
        problems += 1
        click.echo("Phông chữ thay Times New Roman, có dấu tiếng Việt: ✗ không thấy — "
                   "sudo apt-get install -y fonts-liberation2 (hoặc fonts-croscore)")
    click.echo("Máy đã sẵn sàng." if not problems else f"Còn {problems} mục cần cài (xem dòng có ✗).")
    raise SystemExit(0 if not problems else 1)
