"""Load an inspection from YAML: parse, build, check — every problem reported at once."""

from dataclasses import dataclass, field
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.model.checks import check_inspection
from minutes_gen.model.inspection import Inspection
from minutes_gen.model.schema import build
from minutes_gen.sources.file_kinds import INSPECTION, require_kind
from minutes_gen.sources.yaml_source import LoadedYaml, load_yaml_mapping


@dataclass
class LoadedInspection:
    """A valid inspection with its source and the warnings it raised."""

    inspection: Inspection
    source: LoadedYaml
    warnings: list[Problem] = field(default_factory=list)


def inspection_from(loaded: LoadedYaml, allow_placeholders: bool = False) -> LoadedInspection:
    """Build and check the inspection in ``loaded``; raise ``InputError`` if invalid."""
    require_kind(loaded, INSPECTION)
    inspection, problems = build(Inspection, loaded, allow_placeholders)
    if problems:
        raise InputError(problems)
    errors, warnings = check_inspection(inspection, loaded)
    if errors:
        raise InputError(errors)
    return LoadedInspection(inspection, loaded, warnings)


def load_inspection(file: Path) -> LoadedInspection:
    """Read an inspection YAML file (see ``inspection_from``)."""
    return inspection_from(load_yaml_mapping(Path(file)))
