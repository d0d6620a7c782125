"""How documents address people and organisations (Kính gửi: Ông …, Bà …, Công ty …)."""

from minutes_gen.vn.text import strip_accents

# Names that start like this are organisations, addressed by their name. ("Trường" alone is
# not enough: Trương is a common family name, and accents are stripped before comparing.)
_ORGANISATION_PREFIXES = (
    "cong ty", "hop tac xa", "doanh nghiep", "chi nhanh", "ho kinh doanh", "to hop tac",
    "truong dai hoc", "truong cao dang", "truong trung", "truong tieu hoc", "truong mam non",
    "truong thcs", "truong thpt", "benh vien", "trung tam", "van phong", "ngan hang", "uy ban", "ubnd", "so ",
    "phong ", "co so", "cua hang", "tap doan", "tong cong ty", "hiep hoi", "hoi ", "quy ",
    "dntn", "cty", "htx", "tnhh",
)
_MEN = {"nam", "ong", "male", "m"}
_WOMEN = {"nu", "ba", "female", "f"}
UNKNOWN = "Ông/Bà"


def is_organisation(name: str) -> bool:
    """True when ``name`` is an organisation's (``Công ty TNHH …``, ``Hợp tác xã …``)."""
    key = strip_accents(name).lower().strip()
    return key.startswith(_ORGANISATION_PREFIXES)


def salutation(gender: str | None) -> str:
    """``Ông`` for a man, ``Bà`` for a woman, ``Ông/Bà`` when unknown (from gender or title)."""
    key = strip_accents(gender or "").lower().strip().rstrip(".")
    if key in _MEN:
        return "Ông"
    if key in _WOMEN:
        return "Bà"
    return UNKNOWN


def addressee(name: str, gender: str | None) -> str:
    """The ``Kính gửi:`` line's name: ``Ông Nguyễn Văn A``, or the organisation's own name."""
    return name if is_organisation(name) else f"{salutation(gender)} {name}"


def second_person(name: str, gender: str | None) -> str:
    """How the body speaks to the applicant: ``Ông``, ``Bà``, ``Ông/Bà``; an organisation by its
    name, as in «Kính gửi» (never «Quý cơ quan» in one place and the name in another)."""
    return name if is_organisation(name) else salutation(gender)


def mid_sentence(salutation: str | None) -> str:
    """A salutation inside a sentence is written in lower case (``do ông Phạm Văn Lâm``); at the
    start of a sentence or of a list item it keeps its capital (``Ông …``)."""
    return (salutation or "").lower()
