"""How a run writes its documents: one value built once by the CLI (or the web page)."""

from dataclasses import dataclass, field
from pathlib import Path

from minutes_gen.register.numbering import Numbering


def _no_progress(done: int, total: int, stage: str) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class RunSettings:
    """The output options shared by ``render``, ``batch`` and ``apology``.

    ``progress(done, total, stage)`` is called as documents are finished; ``stage`` is
    ``"docx"`` while Word files are written and ``"pdf"`` while they are converted.
    """

    force: bool = False
    jobs: int = 1
    pdf: bool = False
    combined: bool = False
    template: Path | None = None
    numbering: Numbering = field(default_factory=Numbering)
    progress: object = _no_progress
    signing: object = None  # a signing.profile.SigningRequest: sign the PDFs made (--sign, --signing)
