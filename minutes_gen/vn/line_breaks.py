"""Where to break an agency name in the header: between words, never inside a compound.

Word wraps a long upper-case name wherever the column ends («ĐOÀN KIỂM TRA CẢI CÁCH HÀNH / CHÍNH»),
which offices refuse. A name wider than the header column is broken here instead, into as few
lines as fit, as even as possible, at a gap between two syllables that do not form one of the
compounds agency names are made of (``CẢI CÁCH``, ``HÀNH CHÍNH``, ``THƯƠNG BINH`` …); after a comma
is preferred. Widths are those of Times New Roman Bold (Liberation Serif Bold has the same metrics).
"""

import functools
import itertools
import unicodedata

# Advance widths of Times New Roman Bold in units of 1/2048 em; letters with tone marks have
# their base letter's width (Ư carries a horn that widens it).
_UNITS_PER_EM = 2048
_WIDTHS = {
    "A": 1479, "B": 1366, "C": 1479, "D": 1479, "E": 1366, "F": 1251, "G": 1593, "H": 1593, "I": 797,
    "J": 1024, "K": 1593, "L": 1366, "M": 1933, "N": 1479, "O": 1593, "P": 1251, "Q": 1593, "R": 1479,
    "S": 1139, "T": 1366, "U": 1479, "V": 1479, "W": 2048, "X": 1479, "Y": 1479, "Z": 1366, "Đ": 1479,
    "Ư": 1630, " ": 512, ",": 512, ".": 512, "-": 682, "(": 682, ")": 682, "/": 569, "&": 1706,
}
_DIGIT, _OTHER = 1024, 1479
_POINT_MM = 25.4 / 72

# Two syllables that make one word in agency names: a line never ends between them.
COMPOUNDS = frozenset(pair.upper() for pair in """
    cải cách|hành chính|kiểm tra|thanh tra|lao động|thương binh|xã hội|nội vụ|tư pháp|tài chính|
    kế hoạch|đầu tư|giáo dục|đào tạo|y tế|văn hóa|thể thao|du lịch|tài nguyên|môi trường|
    nông nghiệp|phát triển|nông thôn|công thương|xây dựng|giao thông|vận tải|khoa học|công nghệ|
    thông tin|truyền thông|ngoại vụ|dân tộc|tôn giáo|nhân dân|ủy ban|hội đồng|văn phòng|
    chính phủ|quốc hội|thành phố|thị xã|thị trấn|công vụ|công chức|viên chức|
    văn thư|lưu trữ|tiếp công|công dân|thủ tục|một cửa|liên thông|hành chính công|trung tâm|
    phục vụ|quản lý|thị trường|bảo hiểm|thuế vụ|kho bạc|nhà nước|cảnh sát|công an|quân sự|
    biên phòng|chuyển đổi|kinh tế|hạ tầng|đô thị|tài sản|ngân sách|đất đai|
    gia đình|trẻ em|bình đẳng|giới tính|việc làm|an toàn|vệ sinh|thực phẩm|dược phẩm|
    bệnh viện|trường học|đại học|cao đẳng|trung học|tiểu học|mầm non|phòng chống|tham nhũng|
    doanh nghiệp|hợp tác|chỉ đạo|điều hành|đại diện
""".replace("\n", "").split("|") if pair.strip())
_COMPOUND_PAIRS = frozenset(" ".join(pair.split()[i:i + 2]) for pair in COMPOUNDS
                            for i in range(len(pair.split()) - 1))


def text_width_mm(text: str, size_pt: float) -> float:
    """The printed width of ``text`` in Times New Roman Bold at ``size_pt``."""
    units = 0
    for char in unicodedata.normalize("NFC", text.upper()):
        base = char if char in _WIDTHS else unicodedata.normalize("NFD", char)[0]
        units += _WIDTHS.get(char, _WIDTHS.get(base, _DIGIT if base.isdigit() else _OTHER))
    return units / _UNITS_PER_EM * size_pt * _POINT_MM


def _breakable(left: str, right: str) -> bool:
    pair = f"{left.strip(',').upper()} {right.upper()}"
    return pair not in _COMPOUND_PAIRS


@functools.lru_cache(maxsize=256)  # one agency name, thousands of letters
def _balanced(text: str, width_mm: float, size_pt: float, max_lines: int) -> tuple[str, ...]:
    return tuple(_balance(text, width_mm, size_pt, max_lines))


def balanced_lines(text: str, width_mm: float, size_pt: float, max_lines: int = 3) -> list[str]:
    """``text`` on as few lines as fit in ``width_mm`` (at most ``max_lines``), the widest line as
    narrow as possible; breaks only between words that are not one compound (after a comma
    preferred). A text that fits, or that no allowed break can make fit, stays as it is."""
    return list(_balanced(text, width_mm, size_pt, max_lines))


def _balance(text: str, width_mm: float, size_pt: float, max_lines: int) -> list[str]:
    words = text.split()
    if text_width_mm(text, size_pt) <= width_mm or len(words) < 2:
        return [" ".join(words)]
    gaps = [i for i in range(1, len(words)) if _breakable(words[i - 1], words[i])]
    for lines in range(2, max_lines + 1):
        best = None
        for cut in itertools.combinations(gaps, lines - 1):
            bounds = (0, *cut, len(words))
            parts = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
            widest = max(text_width_mm(part, size_pt) for part in parts)
            if widest > width_mm:
                continue
            commas = sum(words[i - 1].endswith(",") for i in cut)
            score = (widest - commas * width_mm * 0.15, parts)
            best = min(best, score) if best else score
        if best:
            return best[1]
    return [" ".join(words)]


# Times New Roman advance widths in 1/1000 em of the letters of running text (regular and bold),
# for a text printed as written (not upper-cased): a table cell, a signature name.
_MIXED = {
    False: dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
                     278, 500, 500, 722, 500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611,
                     889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611))),
    True: dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389,
                    333, 556, 500, 722, 500, 500, 444, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667,
                    944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667))),
}
_MIXED_OTHER = {" ": 250, ",": 250, ".": 250, ":": 278, ";": 278, "-": 333, "/": 278, "(": 333, ")": 333, "%": 833}


def mixed_text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of ``text`` as written (lower and upper case) in Times New Roman."""
    letters, units = _MIXED[bold], 0
    for char in unicodedata.normalize("NFC", text):
        base = "d" if char == "đ" else "D" if char == "Đ" else unicodedata.normalize("NFD", char)[0]
        units += letters.get(base, _MIXED_OTHER.get(base, 500))
    return units / 1000 * size_pt * _POINT_MM
