"""Registers uploaded to the apology page, kept a while in a private folder behind a random
token tied to the user's session: after an error the user corrects the form, not the upload;
and a YAML file uploaded to be opened into a form (here and on the office server)."""

import os
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

KEEP_SECONDS = 15 * 60
MAX_KEPT = 20


@dataclass(frozen=True)
class KeptUpload:
    """An upload kept on disk: its kind (xlsx/csv), the user's file name (shown, never a path) and where it is."""

    kind: str
    name: str
    path: Path
    size: int


class UploadStore:
    """Uploaded files in a private folder (0700), each behind a random token; expired after
    ``KEEP_SECONDS``, the oldest dropped beyond ``MAX_KEPT``."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="minutes-gen-uploads-"))
        self.items: dict[str, tuple[float, KeptUpload]] = {}
        self.lock = threading.Lock()

    def put(self, kind: str, name: str, data: bytes) -> str:
        token = secrets.token_urlsafe(24)
        path = self.folder / f"{token}.{kind}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        with self.lock:
            self._expire(time.time())
            while len(self.items) >= MAX_KEPT:
                self._drop(next(iter(self.items)))
            self.items[token] = (time.time(), KeptUpload(kind, name, path, len(data)))
        return token

    def get(self, token: str) -> KeptUpload | None:
        with self.lock:
            self._expire(time.time())
            item = self.items.get(token)
        return item[1] if item else None

    def _expire(self, now: float) -> None:
        for token in [t for t, (made, _) in self.items.items() if now - made >= KEEP_SECONDS]:
            self._drop(token)

    def _drop(self, token: str) -> None:
        _, kept = self.items.pop(token)
        kept.path.unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def uploaded_mapping(name: str) -> dict:
    """The mapping of the YAML file uploaded as the form's ``name``; ``InputError`` (Vietnamese)
    when it cannot be read."""
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.sources.yaml_source import parse_yaml
    from minutes_gen.web.security import UploadError, read_upload

    try:
        _, raw = read_upload(name, {"yaml"})
        data = parse_yaml(raw.decode("utf-8-sig"), "tệp tải lên").data
    except UploadError as error:
        raise InputError([Problem("tệp tải lên", str(error))]) from None
    except UnicodeDecodeError:
        raise InputError([Problem("tệp tải lên", "tệp không được lưu theo bảng mã UTF-8")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem("tệp tải lên", "tệp không chứa các trường «tên: giá trị»")])
    return data
