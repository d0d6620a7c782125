"""A Word template compiled once, rendered many times.

A plain docxtpl loop re-opens the template, re-patches its XML and recompiles Jinja for every
document. Here each templated part (body, headers, footers, footnotes, core properties) is
read, patched and compiled once per process; rendering a record re-runs only Jinja and the
post-processing docxtpl applies to rendered XML (its own functions, so the output is the
same), then writes the zip with every other member copied as it is.
"""

import copy
import posixpath
import re
from pathlib import Path

from docx.oxml.coreprops import CT_CoreProperties
from docxtpl import DocxTemplate
from lxml import etree

from minutes_gen.engine.jinja import jinja_environment, normalise
from minutes_gen.engine.safety import read_template_zip, safe_xml
from minutes_gen.engine.zipwriter import build_zip, compress

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
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
        body = helper.fix_tables(self.body.render(helper, context))
        helper.fix_docpr_ids(body)
        rendered = {DOCUMENT: (self.prefix + etree.tostring(body, encoding="unicode") + self.suffix).encode("utf-8")}
        for name, part in self.parts.items():
            rendered[name] = (XML_DECLARATION + part.render(helper, context)).encode("utf-8")
        if self.core is not None:
            rendered[CORE] = self.core_constant or self._render_core(context)
        return rendered

    def render(self, context: dict) -> bytes:
        """Return the .docx bytes of the template rendered with ``context``."""
        rendered = self.render_parts(context)
        return build_zip([self.packed.get(info.filename) or compress(info.filename, rendered[info.filename])
                          for info, _ in self.members])


def _core_element(root) -> CT_CoreProperties:
    """The core-properties element as python-docx's class (for its ``*_text`` accessors)."""
    from docx.oxml.parser import parse_xml

    return root if isinstance(root, CT_CoreProperties) else parse_xml(etree.tostring(root))


_CACHE: dict[tuple[str, float], CompiledTemplate] = {}


def compiled(path: Path) -> CompiledTemplate:
    """Return the compiled template for ``path``, compiled once per process (and per change)."""
    path = Path(path)
    key = (str(path.resolve()), path.stat().st_mtime)
    if key not in _CACHE:
        _CACHE[key] = CompiledTemplate(path)
    return _CACHE[key]
