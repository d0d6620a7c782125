"""Click's own words (usage line, option errors, ``[required]``…) in Vietnamese.

Click asks ``gettext`` for every text it shows, through the names ``_`` and ``ngettext`` of
its modules; those names are pointed at the project's catalogue
(``minutes_gen/locale/vi/LC_MESSAGES/click.mo``, compiled from ``click.po`` with Babel).
``MINUTES_GEN_LANG=en`` keeps Click in English. The system's ``LANG`` is not consulted: many
office machines run an English system, and their users still read Vietnamese.
"""

import gettext
import os
from importlib import resources

import click

LANGUAGE_ENV = "MINUTES_GEN_LANG"

# Click's modules that translate their texts.
_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils",
            "_termui_impl", "shell_completion")

# The type names Click prints as metavars (``INTEGER``) and in errors («không phải số nguyên»).
_TYPE_NAMES = {"INT": "số nguyên", "FLOAT": "số", "STRING": "chuỗi", "BOOL": "có/không", "UUID": "mã UUID"}
_TYPE_CLASS_NAMES = {"IntRange": "số nguyên", "FloatRange": "số", "Choice": "lựa chọn", "DateTime": "ngày giờ",
                     "File": "tệp"}


def english_wanted() -> bool:
    """True when the user asked for Click's English texts."""
    return os.environ.get(LANGUAGE_ENV, "vi").strip().lower().startswith("en")


def catalogue() -> gettext.GNUTranslations:
    """The compiled Vietnamese catalogue of Click's texts."""
    mo_file = resources.files("minutes_gen").joinpath("locale", "vi", "LC_MESSAGES", "click.mo")
    with mo_file.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def install() -> None:
    """Make Click speak Vietnamese (unless ``MINUTES_GEN_LANG=en``)."""
    if english_wanted():
        return
    import importlib

    translation = catalogue()
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        module._ = translation.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = translation.ngettext
    for name, label in _TYPE_NAMES.items():
        getattr(click.types, name).name = label
    for name, label in _TYPE_CLASS_NAMES.items():
        getattr(click.types, name).name = label


# How arguments are named in usage lines (``minutes-gen render [TÙY_CHỌN] {minutes|notice} TỆP``).
ARGUMENT_NAMES = {"file": "TỆP", "plan": "KẾ_HOẠCH", "start": "NGÀY_ĐẦU", "days": "SỐ_NGÀY",
                  "register": "SỔ_HỒ_SƠ", "number": "SỐ", "folder": "THƯ_MỤC", "files": "TỆP..."}


def localise_metavars(command: click.Command) -> None:
    """Name the placeholders of every usage line in Vietnamese (``[TÙY_CHỌN]``, ``LỆNH``, ``TỆP``)."""
    if english_wanted():
        return
    command.options_metavar = "[TÙY_CHỌN]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "LỆNH [THAM_SỐ]..."
        for sub in command.commands.values():
            localise_metavars(sub)
    for param in command.params:
        if isinstance(param, click.Argument) and param.metavar is None and param.name in ARGUMENT_NAMES:
            param.metavar = ARGUMENT_NAMES[param.name]
