"""Load a case file: the plan's units as inspections, the ``case:`` section, each unit's schedule
and follow-up — every problem of the whole file reported at once, with its line and field."""

from dataclasses import replace
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.model.case import Case, CaseDocuments, CaseUnit, ScheduleNotice, UnitFollowup
from minutes_gen.model.case_checks import check_case, followup_problems
from minutes_gen.model.plan_loading import validate_units
from minutes_gen.model.schema import build
from minutes_gen.sources.file_kinds import CASE
from minutes_gen.sources.plan import plan_units
from minutes_gen.sources.yaml_source import LoadedYaml, load_yaml

UNIT_KEYS = ("schedule", "followup")


def load_case(path: Path, allow_placeholders: bool = False) -> Case:
    """Read and check the case file at ``path``; ``InputError`` with every problem."""
    return case_from(load_yaml(Path(path)), allow_placeholders)


def case_from(loaded: LoadedYaml, allow_placeholders: bool = False) -> Case:
    """Build and check the case in ``loaded`` (see ``load_case``)."""
    planned, problems = plan_units(loaded, CASE, sections=("case",), unit_keys=UNIT_KEYS)
    section = loaded.subtree(("case",)) if isinstance(loaded.data.get("case"), dict) else None
    if section is None:
        problems.append(loaded.problem(("case",), "thiếu mục «case» (quyết định, kế hoạch, lịch kiểm tra, báo cáo)"))
        documents = None
    else:
        section = _prefixed(section, ("case",))
        documents, found = build(CaseDocuments, section, allow_placeholders)
        problems += found
    units = []
    for unit, inspection in validate_units(planned, problems, allow_placeholders):
        case_unit = _case_unit(unit, inspection, section, problems, allow_placeholders)
        if case_unit is not None:
            units.append(case_unit)
    if problems:
        raise InputError(problems, headline="Hồ sơ kiểm tra có lỗi")
    case = Case(documents, units)
    errors, warnings = check_case(case, loaded)
    if errors:
        raise InputError(errors, headline="Hồ sơ kiểm tra có lỗi")
    case.warnings = warnings + [warning for unit in units for warning in unit.warnings]
    return case


def _prefixed(loaded: LoadedYaml, prefix: tuple) -> LoadedYaml:
    """A subtree whose problems still name their full field (``case.plan.date``)."""
    return _Prefixed(loaded.file, loaded.data, loaded.origins, prefix)


class _Prefixed(LoadedYaml):
    def __init__(self, file, data, origins, prefix):
        super().__init__(file, data, origins)
        self.prefix = prefix

    def problem(self, path, message: str) -> Problem:
        found = super().problem(path, message)
        return replace(found, field=".".join(str(p) for p in self.prefix) + ("." + found.field if found.field else ""))

    def overlay(self, top):
        merged = super().overlay(top)
        return _Prefixed(merged.file, merged.data, merged.origins, self.prefix)


def _case_unit(unit, inspection, section, problems: list[Problem], allow_placeholders: bool) -> CaseUnit | None:
    """A unit's schedule (the case's, its own values over it) and its follow-up."""
    name = inspection.inspection.unit.name
    extras = unit.extras or LoadedYaml(unit.loaded.file, {})
    own = _prefixed(extras.subtree(("schedule",)), ("schedule",)) \
        if isinstance(extras.data.get("schedule"), dict) else LoadedYaml(extras.file, {})
    shared = section.subtree(("schedule",)) if section is not None and isinstance(section.data.get("schedule"), dict) \
        else None
    merged = _prefixed(shared, ("case", "schedule")).overlay(own) if shared is not None else own
    schedule, found = build(ScheduleNotice, merged, allow_placeholders)
    followup, more = (build(UnitFollowup, _prefixed(extras.subtree(("followup",)), ("followup",)), allow_placeholders)
                      if "followup" in extras.data else (UnitFollowup(), []))
    found += more
    # the shared schedule's own problems are reported once, with the «case» section
    problems += [replace(problem, unit=name) for problem in found if not (problem.field or "").startswith("case.")]
    case_unit = CaseUnit(inspection.inspection, schedule, followup or UnitFollowup(), inspection.warnings)
    if followup is not None:
        problems += followup_problems(case_unit, extras)
    return None if found or schedule is None else case_unit
