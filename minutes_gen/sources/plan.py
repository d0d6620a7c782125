"""Inspection plans: the shared part once, then the units — inline, as files, or as a glob.

    shared:            # issuing body, decision, team, year, remediation, notice signer …
      …
    units:
      - file: don-vi/so-tu-phap.yaml      # one unit file (relative to the plan)
      - files: don-vi/huyen-*.yaml        # every file matching a pattern
      - unit: {name: …}                   # or the unit written inline
        meeting: …

Each unit is the shared part with the unit's own values merged over it; every value keeps
the file and line it came from.
"""

import glob
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.sources.file_kinds import PLAN, require_kind
from minutes_gen.sources.yaml_source import LoadedYaml, load_yaml

_PLAN_KEYS = {"shared", "units"}


@dataclass
class PlannedUnit:
    """One unit of a plan: where it was written, and its data merged with the shared part."""

    label: str
    loaded: LoadedYaml


def load_plan(path: Path) -> tuple[list[PlannedUnit], list[Problem]]:
    """Return the plan's units and the problems of the plan itself (missing files, bad entries)."""
    plan = load_yaml(Path(path))
    if isinstance(plan.data, dict):
        require_kind(plan, PLAN)
    problems: list[Problem] = []
    if not isinstance(plan.data, dict) or not isinstance(plan.data.get("units"), list) or not plan.data["units"]:
        raise InputError([plan.problem(("units",), "kế hoạch phải có mục «units» liệt kê ít nhất một đơn vị")])
    for key in plan.data:
        if key not in _PLAN_KEYS:
            problems.append(plan.problem((key,), f"mục «{key}» không được biết (chỉ có shared, units)"))
    shared = plan.subtree(("shared",)) if isinstance(plan.data.get("shared"), dict) else LoadedYaml(plan.file, {})
    units: list[PlannedUnit] = []
    for index, entry in enumerate(plan.data["units"]):
        for label, loaded in _entry_units(plan, index, entry, problems):
            units.append(PlannedUnit(label, shared.overlay(loaded)))
    return units, problems


def _entry_units(plan: LoadedYaml, index: int, entry, problems: list[Problem]):
    path = ("units", index)
    if not isinstance(entry, dict):
        problems.append(plan.problem(path, "mỗi đơn vị phải là một nhóm trường, hoặc «file: …» / «files: …»"))
        return
    base = Path(plan.file).parent
    if "file" in entry or "files" in entry:
        pattern = entry.get("file") or entry.get("files")
        matches = sorted(glob.glob(str(base / str(pattern)))) if "files" in entry else [str(base / str(pattern))]
        if not matches:
            problems.append(plan.problem(path, f"không có tệp nào khớp với «{pattern}»"))
        for match in matches:
            try:
                loaded = load_yaml(Path(match))
            except InputError as exc:
                problems += [_cited_from(plan, path, problem) for problem in exc.problems]
                continue
            if not isinstance(loaded.data, dict):
                problems.append(Problem(loaded.file, "tệp đơn vị phải chứa các trường «tên: giá trị»", line=1))
                continue
            yield Path(match).name, loaded
        return
    yield f"units[{index + 1}]", plan.subtree(path)


def _cited_from(plan: LoadedYaml, path: tuple, problem: Problem) -> Problem:
    file, line = plan.where(path)
    return Problem(problem.file, f"{problem.message} (khai báo tại {file}, dòng {line})",
                   line=problem.line, field=problem.field)
