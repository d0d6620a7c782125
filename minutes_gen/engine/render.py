"""Render a Word template with a context, turning template errors into clear messages."""

import re
from pathlib import Path

import jinja2

from minutes_gen.engine.compiled import compiled
from minutes_gen.engine.limits import LIMIT_HEADLINE, RenderLimit
from minutes_gen.sources.limits import limits
from minutes_gen.vn.numbers import grouped
from minutes_gen.errors import InputError, Problem

_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def render_docx(template_path: Path, context: dict) -> bytes:
    """Return the bytes of ``template_path`` rendered with ``context``."""
    try:
        return compiled(template_path).render(context)
    except RenderLimit as exc:
        raise InputError([Problem(str(template_path), str(exc))], headline=LIMIT_HEADLINE) from None
    except MemoryError:
        raise InputError([Problem(str(template_path), f"mẫu cần quá {grouped(limits().render_memory_mb)} MB bộ nhớ cho một văn bản")],
                         headline=LIMIT_HEADLINE) from None
    except OverflowError as exc:  # the sandbox's own limit on range()
        raise InputError([Problem(str(template_path), "mẫu dùng range() quá lớn (tối đa 100.000)"
                                  if "range" in str(exc).lower() else "mẫu tính ra số quá lớn")],
                         headline=LIMIT_HEADLINE) from None
    except RecursionError:
        raise InputError([Problem(str(template_path), "mẫu gọi lồng nhau quá sâu")], headline=LIMIT_HEADLINE) from None
    except jinja2.UndefinedError as exc:
        raise InputError([Problem(str(template_path), _undefined_message(exc))],
                         headline="Mẫu văn bản dùng biến không có trong dữ liệu") from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError([Problem(str(template_path), f"lỗi cú pháp trong mẫu: {exc.message}")],
                         headline="Mẫu văn bản có lỗi") from None
    except jinja2.exceptions.SecurityError as exc:
        attribute = re.search(r"attribute '([^']+)'", str(exc))
        what = f" («{attribute.group(1)}»)" if attribute else ""
        raise InputError([Problem(str(template_path), f"mẫu làm một việc không được phép{what}: chỉ được đọc dữ liệu, "
                                                      "không được thay đổi hay gọi thao tác nội bộ")],
                         headline="Mẫu văn bản không an toàn") from None
    except jinja2.TemplateNotFound as exc:
        raise InputError([Problem(str(template_path), f"mẫu không được đọc tệp khác («{exc.name}»)")],
                         headline="Mẫu văn bản không an toàn") from None
    except jinja2.TemplateError as exc:
        raise InputError([Problem(str(template_path), f"lỗi khi điền mẫu: {exc}")],
                         headline="Mẫu văn bản có lỗi") from None
    except FileNotFoundError:
        raise InputError([Problem(str(template_path), "không tìm thấy tệp mẫu")],
                         headline="Mẫu văn bản có lỗi") from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        if not _raised_in_template(exc):
            raise
        what = _EXPRESSION_ERRORS.get(type(exc), "giá trị không hợp lệ")
        raise InputError([Problem(str(template_path), f"một biểu thức trong mẫu không tính được: {what}")],
                         headline="Mẫu văn bản có lỗi") from None


_EXPRESSION_ERRORS = {ZeroDivisionError: "chia cho 0",
                      TypeError: "phép tính với giá trị sai kiểu (ví dụ cộng chữ với số)"}


def _raised_in_template(error: BaseException) -> bool:
    """Whether ``error`` came from the template's own code (Jinja names its frames ``<template>``),
    not from this program."""
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename == "<template>":
            return True
        frame = frame.tb_next
    return False


def _undefined_message(exc: jinja2.UndefinedError) -> str:
    match = _UNDEFINED_NAME.search(str(exc))
    name = next((group for group in match.groups() if group), None) if match else None
    if name:
        return f"biến «{name}» không có trong dữ liệu của loại văn bản này"
    return f"biến không có trong dữ liệu ({exc})"
