"""The text lines of a page read straight from its content stream, when it is of the simple
kind LibreOffice writes: each line a text object (BT) with one Td, its font (Tf) and hex strings
(TJ/Tj) read through the font's /ToUnicode map. A few times quicker than pypdf's text visitor,
and the same lines on such pages (tests/test_signing.py checks it); on anything else
(``Unsupported``) the page is read by pypdf."""

import re

_TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|/[^\s/\[\]<>()%{}]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+|\S")
_GRAPHICS = frozenset(b"w J j M d ri i gs m l c v y h re S s f F f* B B* b b* n W W* CS cs SC SCN sc scn G g RG rg K k "
                      b"sh BDC BMC EMC MP DP d0 d1".split())
SPACE_SHIFT = 200  # a TJ shift (thousandths of the font size) this far to the right reads as a space
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


class Unsupported(Exception):
    """Something the quick reader does not follow: pypdf reads the page instead."""


def _unicode_map(font) -> tuple[int, dict[int, str]]:
    """How many bytes a code of ``font`` takes, and each code's text (its /ToUnicode bfchar and
    bfrange entries)."""
    if "/ToUnicode" not in font:
        raise Unsupported
    cmap = font["/ToUnicode"].get_object().get_data()
    codes = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in _BFCHAR.findall(block):
            codes[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        if b"[" in block:
            raise Unsupported
        for low, high, text in _BFRANGE.findall(block):
            first, start = int(low, 16), bytes.fromhex(text.decode()).decode("utf-16-be")
            codes.update((code, start[:-1] + chr(ord(start[-1]) + code - first)) for code in range(first, int(high, 16) + 1))
    return (2 if font.get("/Subtype") == "/Type0" else 1), codes


def _decoded(hex_string: bytes, font) -> str:
    width, codes = font
    data = bytes.fromhex(hex_string[1:-1].decode())
    numbers = data if width == 1 else [data[i] << 8 | data[i + 1] for i in range(0, len(data) - 1, 2)]
    try:
        return "".join(map(codes.__getitem__, numbers))
    except KeyError:  # a code without text: pypdf knows more ways to read it
        raise Unsupported from None


def _numbers(tokens: list[bytes]) -> list[float]:
    return [float(token) for token in tokens]


def _times(m, n):
    """The matrix product m × n of two PDF matrices (a b c d e f)."""
    a, b, c, d, e, f = m
    return (a * n[0] + b * n[2], a * n[1] + b * n[3], c * n[0] + d * n[2], c * n[1] + d * n[3],
            e * n[0] + f * n[2] + n[4], e * n[1] + f * n[3] + n[5])


class _PageReader:
    """One page being read: the transformation (cm) and its q/Q stack, the font, and the text
    object (BT … ET) under way, made a line when it ends."""

    def __init__(self, number: int, page, line_type):
        resources = page.get("/Resources") or {}
        self.number, self.line_type, self.lines = number, line_type, []
        self.fonts, self.xobjects, self.known = resources.get("/Font") or {}, resources.get("/XObject") or {}, {}
        self.cm, self.stack, self.font, self.size = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], None, 0.0
        self.text, self.x, self.y, self.moved = [], 0.0, 0.0, False

    def end_text(self) -> None:
        joined, cm = "".join(self.text), self.cm
        if joined.strip():
            self.lines.append(self.line_type(self.number, self.x * cm[0] + cm[4], self.y * cm[3] + cm[5],
                                             abs(self.size * (cm[3] or 1)), " ".join(joined.split())))
        self.text = []

    def operator(self, token: bytes, operands: list[bytes]) -> None:
        if token == b"q":
            self.stack.append(self.cm)
        elif token == b"Q":
            self.cm = self.stack.pop() if self.stack else self.cm
        elif token == b"cm":
            self.cm = _times(_numbers(operands[-6:]), self.cm)
        elif token == b"BT":
            self.text, self.x, self.y, self.moved = [], 0.0, 0.0, False
        elif token == b"ET":
            self.end_text()
        elif token == b"Td":
            if self.moved:
                raise Unsupported  # a second line in one text object
            dx, dy = _numbers(operands[-2:])
            self.x, self.y, self.moved = self.x + dx, self.y + dy, True
        elif token == b"Tf":
            name = operands[-2].decode("latin-1")
            if name not in self.fonts:
                raise Unsupported
            if name not in self.known:
                self.known[name] = _unicode_map(self.fonts[name].get_object())
            self.font, self.size = self.known[name], float(operands[-1])
        elif token in (b"TJ", b"Tj"):
            for operand in operands:  # hex strings, and in TJ the shifts between them
                if operand[:1] == b"<":
                    self.text.append(_decoded(operand, self.font))
                elif operand[:1] not in b"[]" and -float(operand) >= SPACE_SHIFT:
                    self.text.append(" ")
        elif token == b"Do":
            if self.xobjects[operands[-1].decode("latin-1")].get_object().get("/Subtype") != "/Image":
                raise Unsupported  # a form may hold text
        elif token not in _GRAPHICS:
            raise Unsupported


def quick_lines(number: int, page, line_type) -> list:
    """The text lines of ``page`` (pypdf's), numbered ``number``, as ``line_type`` (page, x, y,
    size, text), when its content is of the kind this reader follows; ``Unsupported`` otherwise."""
    contents = page.get_contents()
    reader, operands = _PageReader(number, page, line_type), []
    for token in _TOKEN.findall(contents.get_data() if contents is not None else b""):
        if token[:1] in b"<[]/0123456789-+.":
            operands.append(token)
        else:
            reader.operator(token, operands)
            operands = []
    return reader.lines
