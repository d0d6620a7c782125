"""The agency that issues apology slips, and how it words and signs them (AGENCY.yaml)."""

from dataclasses import dataclass, field
from pathlib import Path

from minutes_gen.errors import InputError
from minutes_gen.model.inspection import WORKING_DAYS_RANGE
from minutes_gen.model.people import Agency, Signer
from minutes_gen.model.overdue import DEFAULT_EXTEND_DAYS
from minutes_gen.model.schema import build
from minutes_gen.sources.file_kinds import AGENCY, require_kind
from minutes_gen.sources.yaml_source import load_yaml_mapping

DEFAULT_REASON = "hồ sơ cần thêm thời gian để thẩm định, xác minh theo quy định"


DEFAULT_PASSWORD_ENV = "MINUTES_GEN_SMTP_PASSWORD"


@dataclass
class EmailSettings:
    """How letters are e-mailed (``apology --send``): the office's SMTP server. The password is
    never written in a file or on the command line: it is read from the environment variable
    ``password_env`` (or typed at a prompt)."""

    host: str
    sender: str                      # «Bộ phận Một cửa Sở LĐTBXH <motcua@…>»
    port: int = field(default=587, metadata={"min": 1, "max": 65535})
    security: str = field(default="starttls", metadata={"choices": ("starttls", "ssl", "none")})
    user: str | None = None
    password_env: str = DEFAULT_PASSWORD_ENV
    reply_to: str | None = None


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
    email: EmailSettings | None = None


def load_apology_settings(path: Path) -> ApologySettings:
    """Read AGENCY.yaml; raise ``InputError`` listing every problem."""
    loaded = load_yaml_mapping(Path(path))
    require_kind(loaded, AGENCY)
    settings, problems = build(ApologySettings, loaded)
    if problems:
        raise InputError(problems)
    return settings
