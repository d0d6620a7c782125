"""The user's calendar file: a year's government decisions that ``holidays`` may not know yet.

    # Nghỉ Tết Âm lịch 2025 theo thông báo của Bộ Lao động - Thương binh và Xã hội
    days_off:
      - date: 27/01/2025
        name: Nghỉ Tết Nguyên đán (hoán đổi)
    working_days:
      - date: 08/02/2025
        name: Làm bù cho ngày 27/01/2025
"""

import os
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.sources.file_kinds import CALENDAR, require_kind
from minutes_gen.sources.yaml_source import LoadedYaml, load_yaml_mapping
from minutes_gen.vn.dates import parse_date
from minutes_gen.vn.workdays import NATIONAL, WorkCalendar

CALENDAR_ENV = "MINUTES_GEN_CALENDAR"
_SECTIONS = {"days_off": "Ngày nghỉ theo quyết định", "working_days": "Ngày làm bù"}


def load_calendar(path: Path | None) -> WorkCalendar:
    """Return the national calendar with the overrides of ``path`` (or ``$MINUTES_GEN_CALENDAR``)."""
    path = path or os.environ.get(CALENDAR_ENV) or None
    if not path:
        return NATIONAL
    loaded = load_yaml_mapping(Path(path), "mục days_off và/hoặc working_days")
    require_kind(loaded, CALENDAR)
    problems: list[Problem] = []
    sections = {name: {} for name in _SECTIONS}
    for key in loaded.data:
        if key not in _SECTIONS:
            problems.append(loaded.problem((key,), f"mục «{key}» không được biết (chỉ có days_off, working_days)"))
    for name, default_label in _SECTIONS.items():
        _read_section(loaded, name, default_label, sections[name], problems)
    if problems:
        raise InputError(problems)
    return WorkCalendar(days_off=sections["days_off"], working_days=sections["working_days"])


def _read_section(loaded: LoadedYaml, name: str, default_label: str, into: dict, problems: list) -> None:
    items = loaded.data.get(name)
    if items is None:
        return
    if not isinstance(items, list):
        problems.append(loaded.problem((name,), "phải là một danh sách ngày"))
        return
    for index, item in enumerate(items):
        path = (name, index)
        raw, label = (item.get("date"), item.get("name") or default_label) if isinstance(item, dict) else (item, default_label)
        try:
            into[parse_date(raw)] = str(label)
        except ValueError as exc:
            problems.append(loaded.problem(path, str(exc)))
