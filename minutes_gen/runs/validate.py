"""``validate``: recognise what kind of file it is given and check it as that kind."""

from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.sources.file_kinds import (AGENCY, CALENDAR, CASE, COLUMNS, INSPECTION, LABELS, PLAN, SIGNING,
                                           detect_kind)
from minutes_gen.sources.yaml_source import load_yaml_mapping


def validate_file(path: Path, kind: str | None = None) -> tuple[str, list[Problem]]:
    """Check ``path`` as ``kind`` (recognised from its keys when not given); return the kind and
    the warnings. Raises ``InputError`` with every problem."""
    if kind is None:
        loaded = load_yaml_mapping(Path(path))
        kind = detect_kind(loaded.data)
        if kind is None:
            raise InputError([loaded.problem((), "không nhận ra loại tệp: không có mục nào của "
                                                 + ", ".join(what for what, _ in LABELS.values())
                                                 + "; chỉ rõ bằng --kind")])
    return kind, _CHECKS[kind](Path(path))


def _inspection(path: Path) -> list[Problem]:
    from minutes_gen.model import load_inspection

    return load_inspection(path).warnings


def _plan(path: Path) -> list[Problem]:
    from minutes_gen.runs.batch import validate_plan

    units, problems = validate_plan(path)
    if problems:
        raise InputError(problems, headline="Kế hoạch kiểm tra có lỗi")
    return [warning for unit in units for warning in unit.warnings]


def _case(path: Path) -> list[Problem]:
    from minutes_gen.model.case_loading import load_case

    return load_case(path).warnings


def _agency(path: Path) -> list[Problem]:
    from minutes_gen.model.apology_settings import load_apology_settings

    load_apology_settings(path)
    return []


def _calendar(path: Path) -> list[Problem]:
    from minutes_gen.sources.calendar_file import load_calendar

    load_calendar(path)
    return []


def _columns(path: Path) -> list[Problem]:
    from minutes_gen.sources.column_map import load_columns_map

    load_columns_map(path)
    return []


def _signing(path: Path) -> list[Problem]:
    from minutes_gen.signing.profile import load_signing_request

    loaded = load_yaml_mapping(path)
    roles = ",".join(role for role in ("person", "agency") if role in loaded.data) or "person,agency"
    load_signing_request(roles, path)
    return []


_CHECKS = {INSPECTION: _inspection, PLAN: _plan, CASE: _case, AGENCY: _agency, CALENDAR: _calendar, COLUMNS: _columns,
           SIGNING: _signing}
