"""A user's ``--columns`` file: which header of their register holds which field."""

from pathlib import Path

from minutes_gen.errors import InputError
from minutes_gen.sources.dossier_columns import COLUMNS
from minutes_gen.sources.file_kinds import COLUMNS as COLUMN_MAP, require_kind
from minutes_gen.sources.yaml_source import load_yaml_mapping


def load_columns_map(path: Path | None) -> dict:
    """Read a ``--columns`` file (``field: Header text``) and check its field names."""
    if path is None:
        return {}
    loaded = load_yaml_mapping(Path(path), "các dòng «tên_trường: Tiêu đề cột»")
    require_kind(loaded, COLUMN_MAP)
    problems = [loaded.problem((key,), f"trường «{key}» không có; dùng một trong: {', '.join(COLUMNS)}")
                for key in loaded.data if key not in COLUMNS]
    problems += [loaded.problem((key,), "phải là tiêu đề cột (văn bản)")
                 for key, value in loaded.data.items() if key in COLUMNS and not isinstance(value, (str, int))]
    if problems:
        raise InputError(problems)
    return {key: str(value) for key, value in loaded.data.items()}
