"""The agency that issues apology slips, and how it words and signs them (AGENCY.yaml)."""

from dataclasses import dataclass, field
from pathlib import Path

from minutes_gen.errors import InputError
from minutes_gen.model.inspection import WORKING_DAYS_RANGE, Agency, Signer
from minutes_gen.model.overdue import DEFAULT_EXTEND_DAYS
from minutes_gen.model.schema import build
from minutes_gen.sources.file_kinds import AGENCY, require_kind
from minutes_gen.sources.yaml_source import load_yaml_mapping

DEFAULT_REASON = "hồ sơ cần thêm thời gian để thẩm định, xác minh theo quy định"


@dataclass
class ApologySettings:
    """Everything about the issuing agency that an apology slip needs."""

    agency: Agency
    signer: Signer
    type_code: str = "PXL"
    extend_days: int = field(default=DEFAULT_EXTEND_DAYS, metadata=WORKING_DAYS_RANGE)
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None
    default_reason: str = DEFAULT_REASON
    contact: str | None = None


def load_apology_settings(path: Path) -> ApologySettings:
    """Read AGENCY.yaml; raise ``InputError`` listing every problem."""
    loaded = load_yaml_mapping(Path(path))
    require_kind(loaded, AGENCY)
    settings, problems = build(ApologySettings, loaded)
    if problems:
        raise InputError(problems)
    return settings
