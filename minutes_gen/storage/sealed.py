"""Secrets the office server keeps encrypted at rest in its database (an agency's SMTP password,
its seal's PKCS#12 and PIN): AES-256-GCM under a key read from the server's environment
(``MINUTES_GEN_OFFICE_KEY``), never from the database. Each value is bound to its purpose
(``"smtp:3"``), so a sealed value moved into another's place does not open."""

import base64
import binascii
import os
import secrets

from minutes_gen.errors import InputError, Problem

KEY_VARIABLE = "MINUTES_GEN_OFFICE_KEY"
VERSION = "v1:"
WHERE = "khóa mã hóa của máy chủ"
MAKE_ONE = f"tạo khóa bằng «minutes-gen office key», đặt vào biến môi trường {KEY_VARIABLE} rồi chạy lại máy chủ"


def new_key() -> str:
    """A fresh key, as the environment variable holds it (43 characters, URL-safe base64)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")


def key_configured() -> bool:
    """Whether the environment holds a usable key (pages say so instead of failing later)."""
    try:
        require_key()
    except InputError:
        return False
    return True


def require_key() -> None:
    """``InputError`` saying how to make a key when the environment holds no usable one."""
    _key()


def _key() -> bytes:
    text = os.environ.get(KEY_VARIABLE, "").strip()
    if not text:
        raise InputError([Problem(WHERE, f"chưa đặt biến môi trường {KEY_VARIABLE}; {MAKE_ONE}")])
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise InputError([Problem(WHERE, f"biến môi trường {KEY_VARIABLE} không phải khóa hợp lệ; {MAKE_ONE}")])
    return key


def seal(plain: bytes, purpose: str) -> str:
    """``plain`` encrypted for ``purpose``, as text to keep in a column."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key()).encrypt(nonce, plain, purpose.encode("utf-8"))
    return VERSION + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(text: str, purpose: str) -> bytes:
    """What ``seal`` kept for ``purpose``; ``InputError`` when the key is another one or the
    value was altered or moved."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _key()
    try:
        raw = base64.b64decode(text.removeprefix(VERSION), validate=True)
        if not text.startswith(VERSION) or len(raw) < 12 + 16:
            raise ValueError
        return AESGCM(key).decrypt(raw[:12], raw[12:], purpose.encode("utf-8"))
    except (InvalidTag, ValueError, binascii.Error):
        raise InputError([Problem(WHERE, "không mở được dữ liệu đã mã hóa: khóa trong biến môi trường "
                                         f"{KEY_VARIABLE} khác khóa đã dùng khi lưu, hoặc dữ liệu đã bị sửa; "
                                         "hãy đặt lại đúng khóa, hoặc nhập lại mật khẩu/khóa ký ở trang Quản trị")]) from None
