"""Build typed dataclasses from plain YAML data, collecting every problem with its line.

The dataclass annotations are the schema (plus ``min_items`` in a field's metadata): ``str``, ``int`` (a count, never negative),
``date``, ``time``, ``list[X]``, ``X | None`` and nested dataclasses. Unknown keys are
reported with the closest known name, so a typo never silently drops a value.
"""

import dataclasses
import datetime as dt
import difflib
import types
import typing

from minutes_gen.errors import Problem
from minutes_gen.model.figures import TableCell
from minutes_gen.sources.placeholders import is_placeholder, placeholder_message
from minutes_gen.sources.yaml_source import LoadedYaml
from minutes_gen.sources.yaml_syntax import COLON_IN_VALUE
from minutes_gen.vn.dates import parse_date, parse_time
from minutes_gen.vn.numbers import grouped

_MISSING = dataclasses.MISSING
MAX_COUNT = 1_000_000_000  # no figure of an inspection or register comes near it


class _Invalid(Exception):
    """A value that cannot be converted; the message is Vietnamese."""


def build(cls, loaded: LoadedYaml, allow_placeholders: bool = False) -> tuple[object, list[Problem]]:
    """Return ``(instance, problems)``; the instance is None when any problem was found.

    A starter's placeholder left in a text field is a problem unless ``allow_placeholders``
    (only for building sample contexts from the starter itself)."""
    builder = _Builder(loaded, allow_placeholders)
    instance = builder.value(cls, loaded.data, ())
    return (None if builder.problems else instance), builder.problems


class _Builder:
    def __init__(self, loaded: LoadedYaml, allow_placeholders: bool = False):
        self.loaded, self.allow_placeholders = loaded, allow_placeholders
        self.problems: list[Problem] = []

    def report(self, path: tuple, message: str) -> None:
        self.problems.append(self.loaded.problem(path, message))

    def value(self, tp, raw, path: tuple):
        try:
            return self._convert(tp, raw, path)
        except _Invalid as exc:
            self.report(path, str(exc))
            return None

    def _convert(self, tp, raw, path):
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            if raw is None or raw == "":
                return None
            (inner,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            return self._convert(inner, raw, path)
        if origin is list:
            return self._list(typing.get_args(tp)[0], raw, path)
        if dataclasses.is_dataclass(tp):
            return self._dataclass(tp, raw, path)
        if tp is str and isinstance(raw, str) and not self.allow_placeholders and is_placeholder(raw):
            raise _Invalid(placeholder_message(raw))
        return _SCALAR_CONVERTERS[tp](raw)

    def _list(self, item_type, raw, path):
        if raw is None:
            return []
        if isinstance(raw, dict) and getattr(item_type, "ONE_OR_MANY", False):
            return [self.value(item_type, raw, path)]  # one mapping: a list of one, problems where they are
        if not isinstance(raw, list):
            raise _Invalid("phải là một danh sách (mỗi mục một dòng, bắt đầu bằng «- »)")
        items = []
        for index, item in enumerate(raw):
            if item is None or item == "":
                self.report(path + (index,), "mục rỗng; hãy xóa dòng này hoặc ghi nội dung")
            else:
                items.append(self.value(item_type, item, path + (index,)))
        return items

    def _dataclass(self, cls, raw, path):
        if raw is None:
            raw = {}
        text_field = getattr(cls, "TEXT_FIELD", None)
        if text_field and isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
            raw = {text_field: raw}  # a plain text stands for the item's text field
        if not isinstance(raw, dict):
            raise _Invalid("phải là một nhóm trường (các dòng «tên: giá trị» thụt lề bên dưới)")
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
        if text_field and _text_read_as_a_field(raw, fields):
            raise _Invalid(COLON_IN_VALUE)
        hints = typing.get_type_hints(cls)
        for key in raw:
            if key not in fields:
                self.report(path + (key,), _unknown_key_message(key, fields))
        values = {}
        for name, spec in fields.items():
            raw_value = raw.get(name)
            if raw_value is None or raw_value == "":
                if spec.default is not _MISSING or spec.default_factory is not _MISSING:
                    continue
                if not _is_optional(hints[name]):
                    self.report(path + (name,), "thiếu trường bắt buộc")
                    continue
            values[name] = self.value(hints[name], raw_value, path + (name,))
            self._check_range(spec, values[name], path + (name,))
            minimum = spec.metadata.get("min_items", 0)
            if minimum and values[name] is not None and len(values[name]) < minimum:
                self.report(path + (name,), spec.metadata.get("min_items_message", "danh sách rỗng"))
        try:
            return cls(**values)
        except TypeError:  # a required field was missing: already reported
            return None


    def _check_range(self, spec, value, path: tuple) -> None:
        """A number field's ``min``/``max`` and a text field's ``choices`` (field metadata)."""
        low, high = spec.metadata.get("min"), spec.metadata.get("max")
        if isinstance(value, int) and ((low is not None and value < low) or (high is not None and value > high)):
            self.report(path, f"phải từ {low} đến {high}, không phải {value}")
        choices = spec.metadata.get("choices")
        if choices and isinstance(value, str) and value not in choices:
            self.report(path, f"«{value}» không có; chọn một trong: {', '.join(choices)}")


def _is_optional(tp) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp)


def _text_read_as_a_field(raw: dict, fields: dict) -> bool:
    """An item written as a plain text with an unquoted «:» (``- Kết quả: tốt``), which YAML
    reads as a one-field group whose name is no field's: the user meant one text."""
    if len(raw) != 1:
        return False
    (key,) = raw
    return isinstance(key, str) and key not in fields and not key.isidentifier()


SUGGESTION_CUTOFF = 0.75  # closer than this only: «issuing_body» is no typo of «issued_by» (0.67)


def _unknown_key_message(key: str, fields: dict) -> str:
    close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=SUGGESTION_CUTOFF)
    hint = f"; có phải là «{close[0]}»?" if close else ""
    return f"trường «{key}» không có trong mẫu dữ liệu{hint}"


def _to_str(raw) -> str:
    if isinstance(raw, dict) and len(raw) == 1:  # «- Kiểm tra: văn thư», read as «name: value»
        raise _Invalid(COLON_IN_VALUE)
    if isinstance(raw, bool) or isinstance(raw, (list, dict)):
        raise _Invalid("phải là một đoạn văn bản")
    return str(raw).strip()


def _to_count(raw) -> int:
    if isinstance(raw, bool):
        raise _Invalid(f"phải là một số nguyên không âm, không phải «{raw}»")
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int) or raw < 0:
        raise _Invalid(f"phải là một số nguyên không âm, không phải «{raw}»")
    if raw > MAX_COUNT:
        raise _Invalid(f"số quá lớn (tối đa {grouped(MAX_COUNT)})")
    return raw


def _to_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _YES or text in _NO:
        return text in _YES
    raise _Invalid(f"ghi «có» hoặc «không», không phải «{raw}»")


_YES, _NO = {"có", "true", "yes", "1"}, {"không", "false", "no", "0"}


def _to_cell(raw) -> str:
    """A table cell: a text as written, a whole number grouped (``1.234``); a number with a
    decimal point is refused, since YAML reads «1.230» as 1.23 and the cell would change."""
    if isinstance(raw, bool) or isinstance(raw, (list, dict)):
        raise _Invalid("phải là một đoạn văn bản hoặc một số")
    if isinstance(raw, float):
        raise _Invalid(f"số có dấu chấm hoặc phần thập phân phải đặt trong ngoặc kép như khi in ra, "
                       f"ví dụ \"1.230\" hoặc \"12,5\" (đọc được {raw})")
    return grouped(raw) if isinstance(raw, int) else str(raw).strip()


def _wrap(parser):
    def convert(raw):
        try:
            return parser(raw)
        except ValueError as exc:
            raise _Invalid(str(exc)) from None

    return convert


_SCALAR_CONVERTERS = {
    str: _to_str,
    bool: _to_bool,
    TableCell: _to_cell,
    int: _to_count,
    dt.date: _wrap(parse_date),
    dt.time: _wrap(parse_time),
}
