"""Where the built-in Word templates are.

Installed, they are the package data ``minutes_gen.templates`` (setup.cfg maps the top-level
``templates/`` folder there); run from a source checkout, ``minutes_gen`` is imported from the
folder itself and the templates are read from ``templates/docx`` beside it.
"""

from importlib import resources
from pathlib import Path

_SOURCE_CHECKOUT = Path(__file__).resolve().parents[2] / "templates" / "docx"


def templates_folder() -> Path:
    """Return the folder that holds the built-in ``.docx`` templates."""
    try:
        return Path(str(resources.files("minutes_gen.templates").joinpath("docx")))
    except ModuleNotFoundError:
        return _SOURCE_CHECKOUT


def builtin_template(file_name: str) -> Path:
    """Return the path of a built-in template (``bien-ban-kiem-tra.docx``)."""
    return templates_folder() / file_name
