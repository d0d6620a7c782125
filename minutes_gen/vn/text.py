"""Text rules: NFC normalisation and Vietnamese-safe slugs for file names."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC form (the form Word and the decree expect)."""
    return unicodedata.normalize("NFC", text)


def strip_accents(text: str) -> str:
    """Return ``text`` without Vietnamese diacritics (``Đắk Lắk`` -> ``Dak Lak``)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, fallback: str = "van-ban") -> str:
    """Return a lower-case ASCII slug safe as a file name on every system.

    ``Sở Lao động, Thương binh và Xã hội`` -> ``so-lao-dong-thuong-binh-va-xa-hoi``.
    Path separators and dots never survive, so a slug cannot leave its folder.
    """
    slug = _NON_SLUG.sub("-", strip_accents(text).lower()).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    return slug or fallback


def upper_vi(text: str) -> str:
    """Upper-case Vietnamese text, keeping it NFC (``Sở Nội vụ`` -> ``SỞ NỘI VỤ``)."""
    return nfc(text.upper())
