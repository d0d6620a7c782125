"""Passwords (argon2id), the rule for an acceptable password, user names (normalised, look-alikes
refused), and the login limit: a per-name lock with a growing wait."""

import math
import os
import secrets
import threading
import unicodedata
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from minutes_gen.vn.text import character_name, foreign_character, strip_accents

MIN_PASSWORD = 10
USERNAME_LENGTH = (3, 64)
LOGIN_FAILURES_ALLOWED = 5      # per user name; then each further attempt waits, after the last failure,
LOCK_FIRST_SECONDS = 30         # 30 s, 60 s, 120 s… (doubling with every failure)
LOCK_LONGEST_SECONDS = 60 * 60  # up to an hour
LOGIN_WINDOW_SECONDS = 24 * 60 * 60  # failures older than this are forgotten (a right password forgets them all)
ADDRESS_WINDOW_SECONDS = 15 * 60
ADDRESS_FAILURES_ALLOWED = 200  # per client address: only a safety net against one machine trying many names
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


def temporary_password(username: str) -> str:
    """A password the administrator hands over once; its owner must change it at the next login."""
    while True:
        password = secrets.token_urlsafe(12)
        if password_problem(password, username) is None:
            return password


# --- user names ----------------------------------------------------------------------------
def normal_username(text: str) -> str:
    """A user name as it is kept and looked up: NFKC, case folded, without spaces around
    (``" QuanTri "``, ``"ｑｕａｎｔｒｉ"`` -> ``"quantri"``)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).strip()


def username_skeleton(name: str) -> str:
    """What a name looks like: two names with the same skeleton are confused on screen (case,
    width and Vietnamese marks aside)."""
    return strip_accents(normal_username(name))


def username_problem(name: str, existing: Iterable[str]) -> str | None:
    """Why ``name`` (normalised) cannot be a new account's (Vietnamese), or None; ``existing``:
    the names already taken (one that looks the same is refused)."""
    shortest, longest = USERNAME_LENGTH
    if not shortest <= len(name) <= longest:
        return f"phải dài từ {shortest} đến {longest} ký tự"
    foreign = foreign_character(name, allowed=".-_")
    if foreign is not None:
        return (f"chỉ gồm chữ tiếng Việt, số, dấu chấm, gạch dưới, gạch ngang; «{foreign}» ({character_name(foreign)}) "
                "không phải chữ tiếng Việt")
    skeleton = username_skeleton(name)
    twin = next((other for other in existing if username_skeleton(other) == skeleton), None)
    return f"giống tên «{twin}» đã có" if twin is not None else None


# --- the login limit -------------------------------------------------------------------------
def seconds_to_wait(by_name: int, last_failure: float, by_address: int, now: float, address_counts: bool) -> float:
    """How long an attempt must still wait (0: it goes on), from the failures of its user name
    (how many, the last one's time) and of its address (counted only if ``address_counts``)."""
    if address_counts and by_address >= ADDRESS_FAILURES_ALLOWED:
        return ADDRESS_WINDOW_SECONDS
    if by_name < LOGIN_FAILURES_ALLOWED:
        return 0.0
    lock = min(LOCK_FIRST_SECONDS * 2 ** min(by_name - LOGIN_FAILURES_ALLOWED, 20), LOCK_LONGEST_SECONDS)
    return max(0.0, last_failure + lock - now)


def wait_text(seconds: float) -> str:
    """``45 giây``, ``4 phút`` (rounded up)."""
    whole = max(1, math.ceil(seconds))
    return f"{whole} giây" if whole < 120 else f"{math.ceil(whole / 60)} phút"
