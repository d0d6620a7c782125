"""YAML loading that keeps line numbers and refuses anything but plain data.

Only the core tags (mappings, lists, strings, numbers, booleans, null) are accepted: a tag
such as ``!!python/object`` is reported, never constructed. Dates stay text so that one
parser (``vn.dates``) reads them all. Duplicate keys, which PyYAML would silently merge,
are reported.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from minutes_gen.errors import InputError, Problem
from minutes_gen.sources.yaml_syntax import syntax_reason
from minutes_gen.sources.limits import limits, size_text
from minutes_gen.vn.numbers import grouped
from minutes_gen.vn.text import control_character, nfc

MAX_NODES = 100_000  # values and lists of a file; a real inspection has some 200
MAX_DEPTH = 50  # levels of nesting; real files use fewer than 8
_CORE = "tag:yaml.org,2002:"
_SCALARS = {
    _CORE + "null": SafeConstructor.construct_yaml_null,
    _CORE + "bool": SafeConstructor.construct_yaml_bool,
    _CORE + "int": SafeConstructor.construct_yaml_int,
    _CORE + "float": SafeConstructor.construct_yaml_float,
    _CORE + "str": SafeConstructor.construct_scalar,
    _CORE + "timestamp": SafeConstructor.construct_scalar,
}

Path_ = tuple  # a field path: ("team", "members", 0, "name")


@dataclass
class LoadedYaml:
    """Plain data read from YAML, with where every value came from: path -> (file, line)."""

    file: str
    data: object
    origins: dict = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[str, int | None]:
        """Return ``(file, line)`` of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while True:
            if path in self.origins:
                return self.origins[path]
            if not path:
                return self.file, None
            path = path[:-1]

    def problem(self, path: Path_, message: str) -> Problem:
        """Return a problem located at ``path``."""
        file, line = self.where(path)
        return Problem(file, message, line=line, field=dotted_path(path) or None)

    def subtree(self, path: Path_) -> "LoadedYaml":
        """Return the value at ``path`` as a document of its own (origins kept)."""
        data = self.data
        for part in path:
            data = data[part]
        size = len(path)
        origins = {key[size:]: origin for key, origin in self.origins.items() if key[:size] == tuple(path)}
        return LoadedYaml(self.file, data, origins)

    def overlay(self, top: "LoadedYaml") -> "LoadedYaml":
        """Return this document with ``top`` merged over it (mappings merged, other values replaced)."""
        return LoadedYaml(top.file, _deep_merge(self.data, top.data), {**self.origins, **top.origins})


def _deep_merge(base, top):
    if isinstance(base, dict) and isinstance(top, dict):
        merged = dict(base)
        for key, value in top.items():
            merged[key] = _deep_merge(base[key], value) if key in base else value
        return merged
    return top


class _Converter:
    """Turn a composed node tree into plain Python values, collecting problems."""

    def __init__(self, file: str):
        self.file = file
        self.origins: dict = {}
        self.problems: list[Problem] = []
        self.visited = 0
        self._constructor = SafeConstructor()

    def problem(self, node, message: str, path: Path_) -> None:
        self.problems.append(
            Problem(self.file, message, line=node.start_mark.line + 1, field=dotted_path(path) or None)
        )

    def convert(self, node, path: Path_ = ()):
        if len(path) > MAX_DEPTH:
            raise _TooDeep
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge()
        self.origins.setdefault(path, (self.file, node.start_mark.line + 1))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode) and node.tag == _CORE + "seq":
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode) and node.tag == _CORE + "map":
            return self._mapping(node, path)
        self.problem(node, f"thẻ YAML «{_short_tag(node.tag)}» không được phép", path)
        return None

    def _scalar(self, node, path: Path_):
        construct = _SCALARS.get(node.tag)
        if construct is None:
            self.problem(node, f"thẻ YAML «{_short_tag(node.tag)}» không được phép", path)
            return None
        try:
            value = construct(self._constructor, node)
        except (ValueError, OverflowError):  # an integer of thousands of digits
            self.problem(node, "số quá lớn", path)
            return None
        if isinstance(value, str):
            complaint = control_character(value)
            if complaint:
                self.problem(node, complaint, path)
            return nfc(value)
        return value

    def _mapping(self, node, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _CORE + "merge":
                self.problem(key_node, "khóa phải là một tên đơn giản", path)
                continue
            key = nfc(str(key_node.value))
            if key in result:
                self.problem(key_node, f"khóa «{key}» bị lặp lại", path + (key,))
                continue
            result[key] = self.convert(value_node, path + (key,))
        return result


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    pass


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def dotted_path(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_text(path: Path) -> str:
    """Return a UTF-8 text file's content, or raise ``InputError`` saying why it cannot be read."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limits().yaml_bytes + 1)  # never more than the limit in memory
    except FileNotFoundError:
        raise InputError([Problem(name, "không tìm thấy tệp")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, "đây là một thư mục, không phải tệp")]) from None
    except OSError as exc:
        raise InputError([Problem(name, f"không đọc được tệp ({exc.strerror})")]) from None
    check_size(len(raw), name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(name, "tệp được lưu theo bảng mã UTF-16; hãy lưu lại theo UTF-8")])
    if b"\x00" in raw:
        raise InputError([Problem(name, "tệp không phải văn bản (có thể là tệp nhị phân)")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(name, "tệp không được lưu theo bảng mã UTF-8", line=line)]
        ) from None


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml when PyYAML was built with it: ~10× faster


def check_size(size: int, file: str) -> None:
    """Refuse YAML data of ``size`` bytes over the ``yaml_bytes`` limit, before it is parsed:
    parsed with line numbers it takes some 100 times its size in memory."""
    limit = limits().yaml_bytes
    if size > limit:
        raise InputError([Problem(file, f"dữ liệu YAML quá lớn (tối đa {size_text(limit)}; dữ liệu của một cuộc "
                                        "kiểm tra thật dưới 200 KB)")])


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _count_nodes(text: str, loader) -> None:
    """Raise ``_TooLarge`` when ``text`` has more than ``MAX_NODES`` nodes, counted from the
    parser's events one at a time (the node tree is only built once it is known to be small)."""
    count = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _NODE_EVENTS):
            count += 1
            if count > MAX_NODES:
                raise _TooLarge


_FLOW_BRACKETS = re.compile(r"[\[\]{}]")


def _refuse_deep_flow(text: str) -> None:
    """``RecursionError`` when ``[``/``{`` nest deeper than ``MAX_DEPTH`` (too deep in any case),
    counted before PyYAML's own scanner runs: its time grows with the square of the nesting (10,000
    «[» took 17 s). Brackets inside quotes count too: only a text libyaml refused comes here."""
    depth = 0
    for bracket in _FLOW_BRACKETS.findall(text):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            raise RecursionError


def _compose(text: str):
    """The node tree of ``text``: by libyaml when present; a text it refuses is parsed again by
    PyYAML's own parser, whose messages the Vietnamese explanations are written for."""
    if _FAST_LOADER is not None:
        try:
            _count_nodes(text, _FAST_LOADER)
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, RecursionError):
            pass
    _refuse_deep_flow(text)
    _count_nodes(text, yaml.SafeLoader)
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, file: str) -> LoadedYaml:
    """Parse YAML text into plain data with line numbers; raise ``InputError`` on any problem."""
    limit = limits().yaml_bytes
    check_size(len(text) if len(text) > limit or text.isascii() else len(text.encode("utf-8")), file)
    try:
        node = _compose(text)
    except _TooLarge:
        raise InputError([Problem(file, _TOO_LARGE)]) from None
    except RecursionError:
        raise InputError([Problem(file, _TOO_DEEP)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = syntax_reason(exc)
        raise InputError([Problem(file, f"lỗi cú pháp YAML: {reason}", line=line)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, f"lỗi cú pháp YAML: {exc}")]) from None
    if node is None:
        raise InputError([Problem(file, "tệp rỗng, không có dữ liệu")])
    converter = _Converter(file)
    try:
        data = converter.convert(node)
    except _TooLarge:
        raise InputError([Problem(file, _TOO_LARGE)]) from None
    except (_TooDeep, RecursionError):
        raise InputError([Problem(file, _TOO_DEEP)]) from None
    if converter.problems:
        raise InputError(converter.problems)
    return LoadedYaml(file, data, converter.origins)


_TOO_DEEP = f"tệp lồng nhau quá sâu (quá {MAX_DEPTH} cấp)"
_TOO_LARGE = f"tệp có quá nhiều phần tử (quá {grouped(MAX_NODES)}; có thể do tham chiếu lồng nhau)"


def load_yaml(path: Path) -> LoadedYaml:
    """Read and parse a YAML file (see ``parse_yaml``)."""
    return parse_yaml(read_text(Path(path)), str(path))


def load_yaml_mapping(path: Path, expected: str = "các trường «tên: giá trị»") -> LoadedYaml:
    """Read a YAML file whose top level must be a mapping (``expected`` says of what)."""
    loaded = load_yaml(Path(path))
    if not isinstance(loaded.data, dict):
        raise InputError([Problem(str(path), f"tệp phải chứa {expected} ở cấp ngoài cùng", line=1)])
    return loaded
