"""Text rules: NFC normalisation and Vietnamese-safe slugs for file names."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC form (the form Word and the decree expect)."""
    return unicodedata.normalize("NFC", text)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # C0 controls but tab and line feed, and DEL


def control_character(text: str) -> str | None:
    """The Vietnamese complaint about the first control character in ``text`` (``\\x07``, a
    form feed…), which Word would turn into a page break or drop; None when there is none."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return (f"có ký tự điều khiển không in được (mã U+{ord(found.group()):04X}) ở vị trí {found.start() + 1}; "
            "hãy xóa ký tự đó (thường do sao chép từ phần mềm khác)")


def strip_accents(text: str) -> str:
    """Return ``text`` without Vietnamese diacritics (``Đắk Lắk`` -> ``Dak Lak``)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NAME_PUNCTUATION = set(" ,.;:-–—()/&'\"«»“”‘’…")


def foreign_character(text: str, allowed: str = "".join(_NAME_PUNCTUATION)) -> str | None:
    """The first character of ``text`` that is neither a letter of Vietnamese (Latin letters,
    with their marks), a digit nor one of ``allowed``: a Cyrillic «а», a full-width «Ａ», a
    zero-width space; None when there is none. Names of bodies and accounts are written in
    Vietnamese: such a character only makes one name look like another."""
    for character in text:
        base = strip_accents(character)
        if not (len(base) == 1 and base.isascii() and base.isalnum()) and character not in allowed:
            return character
    return None


def look_alike_key(text: str) -> str:
    """What two names share when they read the same: letters and digits only, without marks
    or case (``Sở Lao động, Thương binh`` and ``SO LAO DONG THUONG BINH`` give one key)."""
    folded = strip_accents(unicodedata.normalize("NFKC", text)).casefold()
    return "".join(character for character in folded if character.isascii() and character.isalnum())


def character_name(character: str) -> str:
    """``U+0430`` and, when Unicode names it, its name (for a message about that character)."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


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
