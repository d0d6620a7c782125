"""Checking a Word template before use: every problem at once, with the paragraph it is in.

- Jinja syntax errors (the first of each part: Jinja stops there), with the paragraph text;
- tags that Word's formatting split in a way docxtpl cannot join (markup left inside a tag,
  or a tag opened in one paragraph and closed in another);
- variables the document kind does not provide, with the closest field as a suggestion;
- and (``require_usable_template``) whether one rendering with the kind's sample data finishes
  within the limits custom templates always render under (``engine.limits``).
"""

import difflib
import re
from dataclasses import replace
from pathlib import Path

import jinja2
from jinja2 import nodes
from lxml import etree

from minutes_gen.documents.fields import ITEM, kind_shape
from minutes_gen.engine.compiled import CORE, DOCUMENT, W_NS, CompiledTemplate, _Helper
from minutes_gen.engine.jinja import jinja_environment
from minutes_gen.engine.safety import read_template_zip, safe_xml
from minutes_gen.errors import InputError, Problem
from minutes_gen.vn.numbers import grouped

_TAG_WITH_MARKUP = re.compile(r"({{|{%)(?:(?!}}|%}).)*?<(?:(?!}}|%}).)*?(}}|%})", re.DOTALL)
_LOCALS = {"loop", "range", "namespace", "true", "false", "none", "True", "False", "None"}


def _paragraph_texts(xml: str) -> list[str]:
    root = etree.fromstring(xml.encode("utf-8"))
    return ["".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t")) for p in root.iter(f"{{{W_NS}}}p")]


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"


def _part_sources(path: Path) -> dict[str, str]:
    """The XML text of every templated part (body, headers, footers, footnotes)."""
    data = {info.filename: content for info, content in read_template_zip(path)}
    names = [DOCUMENT] + CompiledTemplate._rendered_part_names(data)
    return {name: etree.tostring(safe_xml(data[name], f"{path}:{name}"), encoding="unicode") for name in names}


def check_template(path: Path, kind: str) -> list[Problem]:
    """Return every problem of ``path`` as a template of ``kind`` (empty when it is fine)."""
    path = Path(path)
    helper, environment = _Helper(), jinja_environment()
    shape = kind_shape(kind)
    problems: list[Problem] = []
    for part, xml in _part_sources(path).items():
        where = f"{path} ({_part_label(part)})"
        problems += _split_tags(where, xml)
        patched = helper.patch_xml(xml)
        for match in _TAG_WITH_MARKUP.finditer(patched):
            text = re.sub(r"<[^>]+>", "", match.group(0))
            problems.append(Problem(where, f"thẻ «{_snippet(text)}» bị định dạng Word chia cắt, không ghép lại được; "
                                           "hãy xóa và gõ lại cả thẻ một lần, không đổi định dạng giữa chừng"))
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
        tree, syntax = _parse_around_errors(environment, source)
        problems += [Problem(where, message) for message in syntax]
        found = _References(shape).collect(tree) + _endless_loops(tree) if tree is not None else []
        for name, line in found:
            problems.append(Problem(where, f"{name} — trong đoạn «{_snippet(_line_text(source, line))}»"))
    return problems


MAX_LOOP_STEPS = 100_000  # iterations a template's constant loops may make, nested ones multiplied


def _endless_loops(tree) -> list[tuple[str, int]]:
    """Loops that cannot end well, where the template shows them: ``range`` over a huge
    constant, or constant ranges nested so deep that their product is huge."""
    found: list[tuple[str, int]] = []

    def walk(node, steps: int) -> None:
        if isinstance(node, nodes.For):
            size = _range_size(node.iter)
            total = steps * (size or 1)
            if size and total > MAX_LOOP_STEPS:
                found.append((f"vòng lặp {'lồng nhau ' if steps > 1 else ''}chạy tới {grouped(total)} lần, quá giới "
                              f"hạn {grouped(MAX_LOOP_STEPS)}", node.lineno))
                return
            for child in node.iter_child_nodes():
                walk(child, total)
            return
        for child in node.iter_child_nodes():
            walk(child, steps)

    walk(tree, 1)
    return found


def _range_size(node) -> int | None:
    """The number of items of ``range(constant …)``; None for anything else."""
    if not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range"):
        return None
    values = [arg.value for arg in node.args if isinstance(arg, nodes.Const) and isinstance(arg.value, int)]
    if len(values) != len(node.args) or not values:
        return None
    try:
        return len(range(*values))
    except (ValueError, OverflowError):
        return None


def _parse_around_errors(environment, source: str, limit: int = 20):
    """Parse ``source``; on a syntax error note it, blank its paragraph and parse again, so that
    every broken paragraph is reported and the rest is still checked. Returns (tree, messages)."""
    messages, lines = [], source.splitlines()
    for _ in range(limit):
        try:
            return environment.parse("\n".join(lines)), messages
        except jinja2.TemplateSyntaxError as exc:
            text = _line_text("\n".join(lines), exc.lineno)
            messages.append(f"lỗi cú pháp: {exc.message} — trong đoạn «{_snippet(text)}»")
            if not exc.lineno or exc.lineno > len(lines) or not lines[exc.lineno - 1].strip():
                return None, messages
            lines[exc.lineno - 1] = ""
    return None, messages


def require_valid_template(path: Path, kind: str) -> None:
    """Raise ``InputError`` listing every problem of a user's template (nothing is written)."""
    problems = check_template(path, kind)
    if problems:
        raise InputError(problems, headline="Mẫu văn bản chưa dùng được")


TRIED = "khi thử với dữ liệu mẫu"


def require_usable_template(path: Path, kind: str) -> None:
    """``require_valid_template``, then one rendering of ``path`` with the kind's sample data, in a
    worker under the same limits as every rendering of a custom template: a template that cannot
    finish (a loop too long, a text or number too large) is refused before it is kept or used."""
    from minutes_gen.documents.fields import sample_context
    from minutes_gen.engine.parallel import render_isolated

    require_valid_template(path, kind)
    try:
        render_isolated(str(path), sample_context(kind))
    except InputError as error:
        raise InputError([replace(problem, message=f"{TRIED}, {problem.message}") for problem in error.problems],
                         headline=error.headline, footer=error.footer) from None


def _part_label(part: str) -> str:
    return {DOCUMENT: "nội dung", CORE: "thuộc tính"}.get(part, Path(part).stem)


def _line_text(source: str, line: int | None) -> str:
    lines = source.splitlines()
    if not line or line > len(lines):
        return ""
    return re.sub(r"<[^>]+>", "", lines[line - 1])


def _split_tags(where: str, xml: str) -> list[Problem]:
    problems = []
    for text in _paragraph_texts(xml):
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            if text.count(opening) != text.count(closing):
                problems.append(Problem(where, f"thẻ {opening} … {closing} không đóng trong cùng một đoạn: «{_snippet(text)}»"))
    return problems


class _References:
    """Walks a Jinja tree and yields (message, line) for every variable the kind lacks."""

    def __init__(self, shape: dict):
        self.shape = shape
        self.used: set[str] = set()

    def collect(self, tree) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        self._visit(tree, {}, found)
        return found

    def _visit(self, node, scope: dict, found: list) -> None:
        """``scope`` maps a template's own names to the path they stand for (None: anything)."""
        if isinstance(node, nodes.For):
            self._visit(node.iter, scope, found)
            iterated = self._resolve(node.iter, scope)
            inner = {**scope, **{name: iterated + [ITEM] if iterated else None for name in self._targets(node.target)}}
            for child in node.body + node.else_ + ([node.test] if node.test else []):
                self._visit(child, inner, found)
            return
        if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            found.append(("mẫu không được đọc tệp khác (include, import, extends)", node.lineno))
            return
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            found.append((f"thuộc tính «{node.attr}» không được phép trong mẫu", node.lineno))
            return
        if isinstance(node, nodes.Assign):
            self._visit(node.node, scope, found)
            scope.update({name: None for name in self._targets(node.target)})
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)) and self._chain(node) is not None:
            path = self._resolve(node, scope)
            if path and path[0] not in _LOCALS:
                self.used.add(".".join(path).replace(".[]", "[]"))
                message = self._missing(path)
                if message:
                    found.append((message, node.lineno))
            return
        for child in node.iter_child_nodes():
            self._visit(child, scope, found)

    @staticmethod
    def _targets(target) -> list[str]:
        return [n.name for n in target.find_all(nodes.Name)] if not isinstance(target, nodes.Name) else [target.name]

    @staticmethod
    def _chain(node) -> list | None:
        """``unit.name`` -> ["unit", "name"]; None for expressions that are not plain paths."""
        parts = []
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            if isinstance(node, nodes.Getattr):
                parts.append(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                parts.append(node.arg.value)
            else:
                return None
            node = node.node
        if not isinstance(node, nodes.Name):
            return None
        return [node.name] + parts[::-1]

    def _resolve(self, node, scope: dict) -> list | None:
        """The path from the context's root that ``node`` reads, or None when unknown."""
        chain = self._chain(node)
        if chain is None:
            return None
        if chain[0] in scope:
            base = scope[chain[0]]
            return None if base is None else base + chain[1:]
        return chain

    def _missing(self, path: list) -> str | None:
        level, shown = self.shape, []
        for part in path:
            if not isinstance(level, dict):
                return None  # below a plain value: string methods and the like
            if part not in level:
                known = [k for k in level if k != ITEM]
                close = difflib.get_close_matches(part, known, n=1)
                name = ".".join(shown + [part]).replace(".[]", "[]")
                hint = f"; có phải là «{'.'.join(shown + [close[0]]).replace('.[]', '[]')}»?" if close else ""
                return f"biến «{name}» không có trong dữ liệu của loại văn bản này{hint}"
            shown.append(part)
            level = level[part]
        return None


def fields_used(path: Path, kind: str) -> list[str]:
    """The fields a template reads (``unit.name``, ``team_people[]`` …), sorted."""
    helper, environment, references = _Helper(), jinja_environment(), _References(kind_shape(kind))
    for xml in _part_sources(Path(path)).values():
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", helper.patch_xml(xml))
        tree, _ = _parse_around_errors(environment, source)
        if tree is not None:
            references.collect(tree)
    return sorted(references.used)
