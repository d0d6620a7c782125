"""Forms made from the model's own dataclasses, and form posts turned back into the same YAML
the command line reads — so the page validates with the command line's code and messages."""

import dataclasses
import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field

import yaml

from minutes_gen.web.labels import choice_label, choices, field_label, label, problem_text

_INDEX = re.compile(r"\[(\d+)\]")
_FIELD_NAME = re.compile(r"[a-z_]+(\[\d{1,4}\]){0,2}(\.[a-z_]+(\[\d{1,4}\]){0,2}){0,6}")


@dataclass
class Field:
    """One node of a form: an input, a group of inputs, or a list of either."""

    path: str
    label: str
    kind: str                      # text | number | date | time | checkbox | group | list
    required: bool = False
    children: list = field(default_factory=list)   # for a group
    item: "Field | None" = None    # for a list: the shape of one item (path with {i0}, {i1} by depth)
    depth: int = 0                 # for a list: how many lists hold it
    inline: bool = False           # a list of short texts in a row of another list (a table's cells)
    choices: tuple = ()            # the values a choice offers (shown as a list to pick from)

    def offered(self, value) -> tuple:
        """The values to pick from: the field's choices, and ``value`` when the data holds another."""
        shown = "" if value is None else str(value)
        return self.choices + ((shown,) if shown and shown not in self.choices else ())


def _unwrap(tp):
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)][0], False
    return tp, True


def form_of(cls, prefix: str = "", optional: bool = False) -> list[Field]:
    """The fields of a dataclass, recursively; inside an ``optional`` group (one that may be
    left out whole) no field is marked required."""
    hints = typing.get_type_hints(cls)
    fields = []
    for spec in dataclasses.fields(cls):
        if not spec.init:  # computed from other fields, never typed in
            continue
        tp, required = _unwrap(hints[spec.name])
        required = required and spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        path = f"{prefix}.{spec.name}" if prefix else spec.name
        fields.append(_node(tp, path, required and not optional, spec.metadata.get("choices", ())))
    return fields


def _node(tp, path: str, required: bool, offered: tuple = ()) -> Field:
    if typing.get_origin(tp) is list:
        item_type, depth = typing.get_args(tp)[0], path.count("[{i")
        item = _node(item_type, f"{path}[{{i{depth}}}]", True)
        if item.kind == "list":  # a list of lists: a table whose rows are lists of cells
            item.inline, item.label = True, label(f"{path}[].cells")
        return Field(path, label(path), "list", required, depth=depth, item=item)
    if dataclasses.is_dataclass(tp):
        return Field(path, label(path), "group", required, children=form_of(tp, path, optional=not required))
    kind = {int: "number", dt.date: "date", dt.time: "time", bool: "checkbox"}.get(tp, "text")
    return Field(path, label(path), kind, required, choices=tuple(offered or choices(path)))


def without(fields: list[Field], paths: set[str]) -> list[Field]:
    """``fields`` less those at ``paths``, at any depth of groups (what another page sets itself)."""
    kept = []
    for node in fields:
        if node.path in paths:
            continue
        kept.append(dataclasses.replace(node, children=without(node.children, paths)) if node.children else node)
    return kept


def optional(fields: list[Field], path: str) -> list[Field]:
    """``fields`` with the group at ``path`` (and all inside it) not required: another page
    fills it when it is left out."""
    def relaxed(node: Field) -> Field:
        return dataclasses.replace(node, required=False, children=[relaxed(child) for child in node.children])

    return [relaxed(node) if node.path == path else node for node in fields]


def fill(path: str, indices: list) -> str:
    """A form path with its list positions filled in (``{i0}`` by ``indices[0]`` …)."""
    for depth, index in enumerate(indices):
        path = path.replace(f"{{i{depth}}}", str(index))
    return path


def value_at(data, path: str):
    """The value at a form path (``team.members[2].name``, 1-based) in nested data, or None."""
    for part in _parts(path):
        if isinstance(part, int):
            data = [data] if isinstance(data, dict) else data  # one mapping where a list may stand
            data = data[part] if isinstance(data, list) and part < len(data) else None
        elif isinstance(data, str) and part == "text":
            pass  # a plain text in a list stands for the item's text (requests written as lines)
        else:
            data = data.get(part) if isinstance(data, dict) else None
        if data is None:
            return None
    return data


def _parts(path: str) -> list:
    parts = []
    for piece in path.split("."):
        name = _INDEX.split(piece)
        if name[0]:
            parts.append(name[0])
        parts += [int(i) - 1 for i in _INDEX.findall(piece)]
    return parts


def count_at(data, path: str) -> int:
    """How many items the list at ``path`` has (at least one row is shown)."""
    value = value_at(data, path)
    return max(len(value), 1) if isinstance(value, list) else 1


CONTROLS = {"csrf_token", "action", "as_of", "extend_days", "register_token"}  # posted with the forms, not model fields


def data_from_form(form) -> dict:
    """Nested data from posted fields (empty values left out; list rows kept in order)."""
    data: dict = {}
    for key, value in form.items():
        if key in CONTROLS or not _FIELD_NAME.fullmatch(key) or not str(value).strip():
            continue  # not a field of ours (csrf token, buttons, anything forged) or left empty
        node, parts = data, _parts(key)
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = str(value).strip()
    return _lists(data)


def _lists(node):
    """Dicts keyed by row numbers become lists, in row order (rows removed leave no gap)."""
    if isinstance(node, dict):
        if node and all(isinstance(key, int) for key in node):
            return [_lists(node[key]) for key in sorted(node)]
        return {key: _lists(value) for key, value in node.items()}
    return node


def to_yaml(data: dict) -> str:
    """The YAML the command line reads, from form data."""
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False,
                     width=1000)


def template_globals() -> dict:
    """What the form templates (``fields.html``) call, for every app that shows the forms."""
    return {"count_at": count_at, "value_at": value_at, "fill": fill, "field_label": field_label,
            "problem_text": problem_text, "choice_label": choice_label}
