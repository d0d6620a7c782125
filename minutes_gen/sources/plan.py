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

_PLAN_KEYS = ("shared", "units")


@dataclass
class PlannedUnit:
    """One unit of a plan: where it was written, its data merged with the shared part, and the
    entry's own keys that are not inspection data (a case's ``schedule:``, ``followup:``)."""

    label: str
    loaded: LoadedYaml
    extras: LoadedYaml | None = None


def load_plan(path: Path, kind: str = PLAN, sections: tuple[str, ...] = (),
              unit_keys: tuple[str, ...] = ()) -> tuple[list[PlannedUnit], list[Problem]]:
    """Return the plan's units and the problems of the plan itself (missing files, bad entries).
    A case file is a plan with more top-level ``sections`` and more keys per unit (``unit_keys``)."""
    return plan_units(load_yaml(Path(path)), kind, sections, unit_keys)


def plan_units(plan: LoadedYaml, kind: str = PLAN, sections: tuple[str, ...] = (),
               unit_keys: tuple[str, ...] = ()) -> tuple[list[PlannedUnit], list[Problem]]:
    """``load_plan`` of a file already read."""
    if isinstance(plan.data, dict):
        require_kind(plan, kind)
    problems: list[Problem] = []
    if not isinstance(plan.data, dict) or not isinstance(plan.data.get("units"), list) or not plan.data["units"]:
        raise InputError([plan.problem(("units",), "kế hoạch phải có mục «units» liệt kê ít nhất một đơn vị")])
    known = _PLAN_KEYS + tuple(sections)
    for key in plan.data:
        if key not in known:
            problems.append(plan.problem((key,), f"mục «{key}» không được biết (chỉ có {', '.join(known)})"))
    shared = plan.subtree(("shared",)) if isinstance(plan.data.get("shared"), dict) else LoadedYaml(plan.file, {})
    units: list[PlannedUnit] = []
    for index, entry in enumerate(plan.data["units"]):
        extras = _extras(plan, index, entry, unit_keys)
        for label, loaded in _entry_units(plan, index, entry, problems, unit_keys):
            units.append(PlannedUnit(label, shared.overlay(loaded), extras))
    return units, problems


def _extras(plan: LoadedYaml, index: int, entry, unit_keys: tuple[str, ...]) -> LoadedYaml | None:
    """The entry's keys that are not inspection data, as a document of their own."""
    if not unit_keys or not isinstance(entry, dict):
        return None
    whole = plan.subtree(("units", index))
    return LoadedYaml(whole.file, {key: value for key, value in entry.items() if key in unit_keys}, whole.origins)


def _without(loaded: LoadedYaml, keys: tuple[str, ...]) -> LoadedYaml:
    if not keys or not isinstance(loaded.data, dict):
        return loaded
    return LoadedYaml(loaded.file, {k: v for k, v in loaded.data.items() if k not in keys},
                      {path: origin for path, origin in loaded.origins.items() if not path or path[0] not in keys})


def _entry_units(plan: LoadedYaml, index: int, entry, problems: list[Problem], unit_keys: tuple[str, ...] = ()):
    path = ("units", index)
    if not isinstance(entry, dict):
        problems.append(plan.problem(path, "mỗi đơn vị phải là một nhóm trường, hoặc «file: …» / «files: …»"))
        return
    base = Path(plan.file).parent
    if "file" in entry or "files" in entry:
        for key in entry:
            if key not in ("file", "files", *unit_keys):
                problems.append(plan.problem(path + (key,), f"«{key}» ghi trong tệp của đơn vị, không ghi cạnh «file:»"))
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
    yield f"units[{index + 1}]", _without(plan.subtree(path), unit_keys)


def _cited_from(plan: LoadedYaml, path: tuple, problem: Problem) -> Problem:
    file, line = plan.where(path)
    return Problem(problem.file, f"{problem.message} (khai báo tại {file}, dòng {line})",
                   line=problem.line, field=problem.field)
