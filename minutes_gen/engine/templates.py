"""Where the Word templates are."""

from importlib import resources
from pathlib import Path


def builtin_template(file_name: str) -> Path:
    """Return the path of a built-in template (``bien-ban-kiem-tra.docx``)."""
    return Path(str(resources.files("minutes_gen.templates").joinpath("docx", file_name)))
