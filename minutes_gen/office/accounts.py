"""Passwords (argon2id), the rule for an acceptable password, and the login limit."""

import os
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD = 10
LOGIN_WINDOW_SECONDS = 15 * 60
LOGIN_FAILURES_ALLOWED = 5      # per user name: guessing one account's password
ADDRESS_FAILURES_ALLOWED = 50   # per address: many names tried from one machine (a whole office
                                # behind one proxy shares an address, so this one is higher)
SESSION_IDLE_SECONDS = 30 * 60
SESSION_LONGEST_SECONDS = 12 * 60 * 60

_HASHER = PasswordHasher()  # argon2id, the library's recommended parameters (64 MiB per hash)
# Each hash holds 64 MiB while it runs: at most one per core at a time, so that 30 people
# logging in together cost the server ~64 MiB per core, not 64 MiB per waiting request.
_HASHING = threading.BoundedSemaphore(max(os.cpu_count() or 1, 1))
_DUMMY = _HASHER.hash("không phải mật khẩu của ai")


def hash_password(password: str) -> str:
    with _HASHING:
        return _HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one hashed in ``stored_hash``. An unknown user costs the same
    time as a known one (``stored_hash`` None is checked against a dummy hash)."""
    try:
        with _HASHING:
            return _HASHER.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is not acceptable (Vietnamese), or None."""
    if len(password) < MIN_PASSWORD:
        return f"mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự"
    if username and username.lower() in password.lower():
        return "mật khẩu không được chứa tên đăng nhập"
    return None
