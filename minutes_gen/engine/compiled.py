"""A Word template compiled once, rendered many times.

A plain docxtpl loop re-opens the template, re-patches its XML and recompiles Jinja for every
document. Here each templated part (body, headers, footers, footnotes, core properties) is
read, patched and compiled once per process; rendering a record re-runs only Jinja and the
post-processing docxtpl applies to rendered XML (its own functions, so the output is the
same), then writes the zip with every other member copied as it is.
"""

import copy
import posixpath
import os
import re
from pathlib import Path

from docx.oxml.coreprops import CT_CoreProperties
from docxtpl import DocxTemplate
from lxml import etree

from minutes_gen.engine.jinja import jinja_environment, normalise
from minutes_gen.engine.safety import read_template_zip, safe_xml
from minutes_gen.engine.zipwriter import build_zip, compress

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RENDERED_RELS = {OFFICE_REL + "header", OFFICE_REL + "footer", OFFICE_REL + "footnotes"}
DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
CORE_PROPERTIES = ["author", "comments", "identifier", "language", "subject", "title"]  # as docxtpl
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_JINJA = re.compile(r"{[{%#]")
_LISTING = re.compile(r"[\t\a\n\f]")
_MARKER = "MINUTESGENBODYMARKER"


class _Helper(DocxTemplate):
    """docxtpl's own XML patching and post-processing, without a document."""

    def __init__(self):
        super().__init__(None)
        self.docx_ids_index = 1000


def _post_process(helper: _Helper, rendered: str) -> str:
    """What ``DocxTemplate.render_xml_part`` does after Jinja ran.

    ``resolve_listing`` only changes text holding tab, bell, newline or form feed; without
    them it returns its input, so it is skipped then.
    """
    rendered = re.sub(r"\n<w:p([ >])", r"<w:p\1", rendered)
    rendered = (rendered.replace("{_{", "{{").replace("}_}", "}}")
                .replace("{_%", "{%").replace("%_}", "%}"))
    return helper.resolve_listing(rendered) if _LISTING.search(rendered) else rendered


class _Part:
    """One templated XML part: compiled Jinja, or a constant when it has no tags."""

    def __init__(self, helper: _Helper, environment, xml: str):
        patched = helper.patch_xml(xml)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
        self.template = environment.from_string(source) if _JINJA.search(patched) else None
        self.constant = None if self.template else _post_process(helper, source)

    def render(self, helper: _Helper, context: dict) -> str:
        if self.template is None:
            return self.constant
        return _post_process(helper, self.template.render(context))


class CompiledTemplate:
    """A .docx template ready to render records (see module docstring)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.environment = jinja_environment()
        self.helper = _Helper()
        self.members = read_template_zip(self.path)
        data = {info.filename: content for info, content in self.members}
        root = safe_xml(data[DOCUMENT], str(self.path))
        body = root.find(f"{{{W_NS}}}body")
        self.fixes_tables = _tables_can_change(body)
        self.fixes_ids = body.find(f".//{{{WP_NS}}}docPr") is not None
        self.checked_skip = False
        self.body = _Part(self.helper, self.environment, etree.tostring(body, encoding="unicode"))
        body.getparent().replace(body, etree.Element(_MARKER))
        shell = XML_DECLARATION + etree.tostring(root, encoding="unicode")
        self.prefix, self.suffix = shell.split(f"<{_MARKER}/>")
        self.parts = {name: _Part(self.helper, self.environment,
                                  etree.tostring(safe_xml(data[name], str(self.path)), encoding="unicode"))
                      for name in self._rendered_part_names(data)}
        self.core = safe_xml(data[CORE], str(self.path)) if CORE in data else None
        self.core_templates = self._core_templates()
        self.core_constant = self._render_core({}) if self.core is not None and not any(
            _JINJA.search(getattr(_core_element(self.core), f"{name}_text")) for name in CORE_PROPERTIES) else None
        rendered_names = {DOCUMENT, CORE, *self.parts}
        self.packed = {info.filename: compress(info.filename, content) for info, content in self.members
                       if info.filename not in rendered_names}

    @staticmethod
    def _rendered_part_names(data: dict) -> list[str]:
        rels = data.get("word/_rels/document.xml.rels")
        if rels is None:
            return []
        names = []
        for rel in safe_xml(rels, "document.xml.rels").iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type") in RENDERED_RELS and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
                # "header1.xml", "./header1.xml" and "/word/header1.xml" name the same part
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"word/{target}")
                if data.get(name):
                    names.append(name)
        return names

    def _core_templates(self) -> dict:
        """Core properties are plain text, escaped when written: rendering them with autoescape
        (as docxtpl does) would print ``A &amp; B``; they are rendered without it."""
        if self.core is None:
            return {}
        element = _core_element(self.core)
        environment = jinja_environment(autoescape=False)
        return {name: environment.from_string(getattr(element, f"{name}_text")) for name in CORE_PROPERTIES}

    def _render_core(self, context: dict) -> bytes:
        element = _core_element(copy.deepcopy(self.core))
        for name, template in self.core_templates.items():
            setattr(element, f"{name}_text", template.render(context))
        return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)

    def render_parts(self, context: dict) -> dict[str, bytes]:
        """Return the rendered XML of every templated part, by zip member name."""
        context = normalise(context)
        helper = self.helper
        helper.docx_ids_index = 1000
        rendered = {DOCUMENT: (self.prefix + self._body_xml(self.body.render(helper, context)) + self.suffix).encode("utf-8")}
        for name, part in self.parts.items():
            rendered[name] = (XML_DECLARATION + part.render(helper, context)).encode("utf-8")
        if self.core is not None:
            rendered[CORE] = self.core_constant or self._render_core(context)
        return rendered

    def _body_xml(self, xml: str) -> str:
        """docxtpl's table and drawing-id fix-ups, run only where they can change something: a
        template with table-row or -column loops, an irregular grid, or images. Without them, the
        first document is still fixed up once to check that skipping changes nothing."""
        if self.fixes_tables or self.fixes_ids or not self.checked_skip:
            body = self.helper.fix_tables(xml)
            self.helper.fix_docpr_ids(body)
            fixed = etree.tostring(body, encoding="unicode")
            if not (self.fixes_tables or self.fixes_ids):
                self.checked_skip = True
                self.fixes_tables = _canonical(fixed) != _canonical(xml)
            return fixed
        return xml

    def render(self, context: dict) -> bytes:
        """Return the .docx bytes of the template rendered with ``context``."""
        rendered = self.render_parts(context)
        return build_zip([self.packed.get(info.filename) or compress(info.filename, rendered[info.filename])
                          for info, _ in self.members])


def _tables_can_change(body) -> bool:
    """Whether docxtpl's ``fix_tables`` may change a rendering of this body: a table with row or
    column loops (``{%tr``/``{%tc``, cells appear or vanish), or whose rows do not fill its grid."""
    for table in body.iter(f"{{{W_NS}}}tbl"):
        if re.search(r"{%-?\s*t[rc]\b", "".join(table.itertext())):
            return True
        columns = len(table.findall(f"{{{W_NS}}}tblGrid/{{{W_NS}}}gridCol"))
        for row in table.iter(f"{{{W_NS}}}tr"):
            spans = [int(span.get(f"{{{W_NS}}}val", "1")) for span in row.iterfind(f"{{{W_NS}}}tc/{{{W_NS}}}tcPr/{{{W_NS}}}gridSpan")]
            cells = len(row.findall(f"{{{W_NS}}}tc"))
            if cells + sum(spans) - len(spans) != columns:
                return True
    return False


def _canonical(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml.encode("utf-8")), method="c14n")


def _core_element(root) -> CT_CoreProperties:
    """The core-properties element as python-docx's class (for its ``*_text`` accessors)."""
    from docx.oxml.parser import parse_xml

    return root if isinstance(root, CT_CoreProperties) else parse_xml(etree.tostring(root))


_CACHE: dict[str, tuple[int, int, CompiledTemplate]] = {}
_CACHE_SIZE = 32  # a long-running server sees many uploaded templates: keep only the recent ones


def compiled(path: Path) -> CompiledTemplate:
    """Return the compiled template for ``path``, compiled once per process and again when the
    file changes (one ``stat`` per document: the path is not resolved again each time)."""
    key = os.fspath(path)
    found = os.stat(key)
    entry = _CACHE.get(key)
    if entry is None or entry[:2] != (found.st_mtime_ns, found.st_size):
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        entry = _CACHE[key] = (found.st_mtime_ns, found.st_size, CompiledTemplate(Path(path)))
    return entry[2]
