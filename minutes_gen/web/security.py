"""CSRF tokens for every form post, and uploads checked by size, name and content."""

import hmac
import secrets
from pathlib import Path

from flask import abort, request, session

from minutes_gen.sources.limits import limits, size_text

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_KINDS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".csv": "csv", ".docx": "docx",
                ".p12": "p12", ".pfx": "p12", ".png": "png", ".pem": "pem", ".crt": "pem", ".cer": "pem"}


def csrf_token() -> str:
    """The session's token, made on first use (put in every form as ``csrf_token``)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a POST whose token is missing or wrong (403)."""
    if request.method != "POST":
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    if not hmac.compare_digest(sent, session.get("csrf", "")) or not sent:
        abort(403)


class UploadError(Exception):
    """An upload that is refused; the message is Vietnamese."""


def upload_name(name: str) -> str:
    """The name of an uploaded file as it is kept and shown: no folders (``/`` or ``\\``), no
    control characters (a NUL is refused by PostgreSQL), at most 200 characters."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "".join(character for character in base if character.isprintable())[:200]


def read_upload(name: str, allowed: set[str]) -> tuple[str, bytes]:
    """Return (kind, bytes) of the uploaded file ``name``; the user's file name is never a path."""
    upload = request.files.get(name)
    if upload is None or not upload.filename:
        raise UploadError("chưa chọn tệp")
    suffix = Path(upload.filename).suffix.lower()
    kind = UPLOAD_KINDS.get(suffix)
    if kind not in allowed:
        raise UploadError(f"tệp «{Path(upload.filename).name}» không đúng loại (chỉ nhận: {', '.join(sorted(allowed))})")
    limit = limits().yaml_bytes if kind == "yaml" else MAX_UPLOAD_BYTES  # YAML is parsed whole: far smaller
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"tệp quá lớn (tối đa {size_text(limit)})")
    if kind in ("xlsx", "docx") and not data.startswith(b"PK"):
        raise UploadError(f"tệp .{kind} không đúng định dạng {'Excel' if kind == 'xlsx' else 'Word'}")
    if kind == "png" and not data.startswith(b"\x89PNG"):
        raise UploadError("tệp .png không phải ảnh PNG")
    return kind, data
