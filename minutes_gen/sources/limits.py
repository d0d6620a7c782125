"""Limits on what comes from outside — YAML data, registers read, custom templates rendered: far above
any real register or template, always below what a crafted one needs to exhaust memory or
time. One place for every default; ``MINUTES_GEN_LIMITS="rows=2000000,render_seconds=60"``
overrides them."""

import os
from dataclasses import dataclass, fields, replace

LIMITS_ENV = "MINUTES_GEN_LIMITS"


@dataclass(frozen=True)
class Limits:
    """How large YAML data and a register may be, and how long and large a custom template may render."""

    yaml_bytes: int = 1024 * 1024            # YAML text (a real inspection is under 200 KB): ~100x in memory parsed
    cell_chars: int = 10_000                 # characters in one cell
    rows: int = 1_000_000                    # rows of a register
    empty_rows: int = 1_000                  # consecutive empty rows that end the table
    shared_strings: int = 2_000_000          # distinct texts of an .xlsx (shared strings)
    shared_chars: int = 50_000_000           # characters of all those texts together
    unpacked_bytes: int = 1_000_000_000      # an .xlsx's parts once uncompressed, together
    part_bytes: int = 50_000_000             # one small part (workbook, styles) uncompressed
    csv_bytes: int = 200 * 1024 * 1024       # size of a .csv file
    render_seconds: int = 30                 # one document of a custom template
    render_memory_mb: int = 2048             # a worker rendering custom templates (Linux, macOS)
    server_letters: int = 1_000              # letters of one apology run on the office server (its register
                                             # is held meanwhile: ~6 s for 1,000 on a 2-core machine)


def limits() -> Limits:
    """The limits in force: the defaults, with ``$MINUTES_GEN_LIMITS`` applied."""
    text = os.environ.get(LIMITS_ENV, "").strip()
    if not text:
        return Limits()
    from minutes_gen.errors import InputError, Problem

    known = [f.name for f in fields(Limits)]
    changes, problems = {}, []
    for item in text.split(","):
        name, _, value = (part.strip() for part in item.partition("="))
        if name not in known:
            problems.append(Problem(LIMITS_ENV, f"không có giới hạn «{name}» (chỉ có: {', '.join(known)})"))
        elif not value.isdigit() or int(value) <= 0:
            problems.append(Problem(LIMITS_ENV, f"giới hạn «{name}» phải là số nguyên dương, không phải «{value}»"))
        else:
            changes[name] = int(value)
    if problems:
        raise InputError(problems, headline="Biến môi trường giới hạn đọc tệp có lỗi")
    return replace(Limits(), **changes)


def cell_too_long(limits: Limits) -> str:
    """The message for a register cell over ``limits.cell_chars`` (CSV and XLSX alike)."""
    from minutes_gen.vn.numbers import grouped

    return f"ô dài hơn {grouped(limits.cell_chars)} ký tự, vượt giới hạn"


def size_text(size: int) -> str:
    """A size limit as the user reads it: ``1 MB``, ``20 MB``, ``512 KB``."""
    from minutes_gen.vn.numbers import grouped

    if size % (1024 * 1024) == 0:
        return f"{grouped(size // (1024 * 1024))} MB"
    return f"{grouped(-(-size // 1024))} KB"
