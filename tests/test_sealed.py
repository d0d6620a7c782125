"""Secrets kept encrypted at rest: the key from the environment, bound to a purpose."""

import subprocess
import sys

import pytest

from minutes_gen.errors import InputError
from minutes_gen.storage import sealed


@pytest.fixture
def key(monkeypatch):
    value = sealed.new_key()
    monkeypatch.setenv(sealed.KEY_VARIABLE, value)
    return value


def test_a_sealed_value_opens_with_its_key_and_purpose_only(key, monkeypatch):
    kept = sealed.seal("mật khẩu ồ".encode(), "smtp:1")
    assert "mật" not in kept and kept.startswith("v1:")
    assert sealed.unseal(kept, "smtp:1") == "mật khẩu ồ".encode()
    with pytest.raises(InputError, match="khóa trong biến môi trường"):
        sealed.unseal(kept, "smtp:2")  # moved to another agency's place
    tampered = kept[:-4] + ("AAAA" if not kept.endswith("AAAA") else "BBBB")
    with pytest.raises(InputError):
        sealed.unseal(tampered, "smtp:1")
    monkeypatch.setenv(sealed.KEY_VARIABLE, sealed.new_key())
    with pytest.raises(InputError, match="khác khóa đã dùng"):
        sealed.unseal(kept, "smtp:1")


def test_no_key_or_a_bad_key_is_said_in_vietnamese(monkeypatch):
    monkeypatch.delenv(sealed.KEY_VARIABLE, raising=False)
    assert not sealed.key_configured()
    with pytest.raises(InputError, match="chưa đặt biến môi trường MINUTES_GEN_OFFICE_KEY"):
        sealed.seal(b"x", "smtp:1")
    monkeypatch.setenv(sealed.KEY_VARIABLE, "ngắn quá")
    with pytest.raises(InputError, match="không phải khóa hợp lệ"):
        sealed.seal(b"x", "smtp:1")


def test_office_key_prints_a_usable_key(monkeypatch):
    out = subprocess.run([sys.executable, "-m", "minutes_gen", "office", "key"], capture_output=True, text=True,
                         check=True).stdout.strip()
    name, value = out.split("=", 1)
    assert name == sealed.KEY_VARIABLE
    monkeypatch.setenv(name, value)
    assert sealed.key_configured()
    assert sealed.unseal(sealed.seal(b"a", "p"), "p") == b"a"
