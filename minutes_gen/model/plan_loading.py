"""The units of a plan (or a case) built and checked as inspections, every problem named with
its unit, duplicate unit names refused."""

from dataclasses import replace

from minutes_gen.errors import InputError, Problem
from minutes_gen.model.loading import LoadedInspection, inspection_from
from minutes_gen.vn.text import nfc


def unit_name(data) -> str | None:
    """The unit's name as written (for naming a unit whose data has errors)."""
    unit = data.get("unit") if isinstance(data, dict) else None
    name = unit.get("name") if isinstance(unit, dict) else None
    return str(name) if name else None


def validate_units(planned: list, problems: list[Problem],
                   allow_placeholders: bool = False) -> list[tuple[object, LoadedInspection]]:
    """``(planned unit, its inspection)`` for every valid unit; the others' problems, named by
    unit, are added to ``problems``."""
    valid = []
    seen: dict[str, str] = {}
    for unit in planned:
        try:
            loaded = inspection_from(unit.loaded, allow_placeholders)
        except InputError as exc:
            name = unit_name(unit.loaded.data) or unit.label
            problems += [replace(problem, unit=name) for problem in exc.problems]
            continue
        name = loaded.inspection.unit.name
        key = nfc(name).casefold()
        if key in seen:
            problems.append(replace(unit.loaded.problem(("unit", "name"),
                                                        f"tên đơn vị trùng với đơn vị đã khai báo ở {seen[key]}"),
                                    unit=name))
            continue
        file, line = unit.loaded.where(("unit", "name"))
        seen[key] = f"{file}, dòng {line}"
        loaded.warnings = [replace(warning, unit=name) for warning in loaded.warnings]
        valid.append((unit, loaded))
    return valid
