"""Accounts (with their password hashes), sessions (kept by the hash of their token) and failed
logins, counted per name and per address in one transaction."""

import hashlib
import time
from collections.abc import Callable

from minutes_gen.office.store.rows import ADMIN, User, now, user_from
from minutes_gen.storage.database import Database


def token_hash(token: str) -> str:
    """Sessions are kept by the SHA-256 of their token: a copy of the database opens no session."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class Users:
    """Users, their sessions and their failed logins."""

    database: Database

    def add_user(self, username: str, full_name: str, role: str, agency_id: int | None, password_hash: str) -> int:
        return self.database.insert(
            "INSERT INTO users (username, full_name, role, agency_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (username, full_name, role, agency_id, password_hash, now()))

    def set_password(self, user_id: int, password_hash: str, keep_token: str = "", must_change: bool = False) -> None:
        """A new password; every other session of the user ends (``keep_token``: the one in use).
        ``must_change``: a temporary one, to be changed at the next login."""
        with self.database.transaction():
            self.database.execute("UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?",
                                  (password_hash, int(must_change), user_id))
            self.database.execute("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
                                  (user_id, token_hash(keep_token) if keep_token else ""))

    def set_active(self, user_id: int, active: bool) -> None:
        with self.database.transaction():
            self.database.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
            if not active:
                self.database.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    def users(self) -> list[User]:
        return [user_from(r) for r in self.database.all("SELECT * FROM users ORDER BY username")]

    def user(self, user_id: int) -> User | None:
        row = self.database.one("SELECT * FROM users WHERE id = ?", (user_id,))
        return user_from(row) if row else None

    def credentials(self, username: str) -> tuple[User, str] | None:
        row = self.database.one("SELECT * FROM users WHERE username = ?", (username,))
        return (user_from(row), row["password_hash"]) if row else None

    def count_admins(self) -> int:
        return self.database.one("SELECT COUNT(*) AS n FROM users WHERE role = ? AND active = 1", (ADMIN,))["n"]

    # --- sessions and failed logins -----------------------------------------------------
    def open_session(self, token: str, user_id: int) -> None:
        now = time.time()
        self.database.execute("INSERT INTO sessions (token_hash, user_id, created_at, seen_at) VALUES (?, ?, ?, ?)",
                              (token_hash(token), user_id, now, now))

    def session_user(self, token: str, idle_seconds: float, longest_seconds: float) -> User | None:
        """The user of a live session (and its last use noted); an expired session is removed."""
        key, now = token_hash(token), time.time()
        row = self.database.one("SELECT * FROM sessions WHERE token_hash = ?", (key,))
        if row is None:
            return None
        if now - row["seen_at"] > idle_seconds or now - row["created_at"] > longest_seconds:
            self.close_session(token)
            return None
        user = self.user(row["user_id"])
        if user is None or not user.active:
            return None
        if now - row["seen_at"] > 60:  # one write a minute at most per session
            self.database.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now, key))
        return user

    def close_session(self, token: str) -> None:
        self.database.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))

    def claim_attempt(self, username: str, address: str, windows: tuple[float, float],
                      wait_for: Callable[[int, float, int, float], float]) -> float:
        """Weigh one login attempt and count it, in one transaction no other writer of
        login_failures can interleave with: ``wait_for(failures of the name, time of its last,
        failures from the address, now)`` says how long it must still wait; if 0, the attempt is
        counted as a failure before its password is checked (a right password then forgets the
        name's failures), so concurrent attempts never get more checks than allowed.
        ``windows``: (how long failures of a name count, of an address)."""
        now = time.time()
        with self.database.transaction(exclusive=("login_failures",)):
            self.database.execute("DELETE FROM login_failures WHERE at < ?", (now - max(windows),))
            name = self.database.one("SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures"
                                     " WHERE username = ? AND at >= ?", (username, now - windows[0]))
            by_address = self.database.one("SELECT COUNT(*) AS n FROM login_failures WHERE address = ? AND at >= ?",
                                           (address, now - windows[1]))["n"]
            wait = wait_for(name["n"], name["last"] or 0.0, by_address, now)
            if wait <= 0:
                self.database.execute("INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)",
                                      (username, address, now))
            return wait

    def forget_failures(self, username: str) -> None:
        self.database.execute("DELETE FROM login_failures WHERE username = ?", (username,))
