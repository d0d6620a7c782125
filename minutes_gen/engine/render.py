"""Render a Word template with a context: sandboxed Jinja, autoescape always on, and a
missing variable is an error that names it.
"""

import io
import re
import zipfile
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from minutes_gen.errors import InputError, Problem
from minutes_gen.vn.text import nfc

_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def jinja_environment() -> jinja2.Environment:
    """Return the environment every template renders in (sandboxed, autoescaping, strict)."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def normalise(value):
    """Return ``value`` with every string in it NFC-normalised (dicts and lists walked)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    return value


def render_docx(template_path: Path, context: dict) -> bytes:
    """Return the bytes of ``template_path`` rendered with ``context``."""
    try:
        template = DocxTemplate(str(template_path))
        template.render(normalise(context), jinja_environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise InputError([Problem(str(template_path), _undefined_message(exc))],
                         headline="Mẫu văn bản dùng biến không có trong dữ liệu") from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError([Problem(str(template_path), f"lỗi cú pháp trong mẫu: {exc.message}")],
                         headline="Mẫu văn bản có lỗi") from None
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError([Problem(str(template_path), f"không mở được mẫu Word ({exc})")],
                         headline="Mẫu văn bản có lỗi") from None
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _undefined_message(exc: jinja2.UndefinedError) -> str:
    match = _UNDEFINED_NAME.search(str(exc))
    name = next((group for group in match.groups() if group), None) if match else None
    if name:
        return f"biến «{name}» không có trong dữ liệu của loại văn bản này"
    return f"biến không có trong dữ liệu ({exc})"
