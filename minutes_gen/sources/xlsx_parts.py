"""The pieces an .xlsx reader is made of: its namespaces, the limit error, column letters,
an expat parser fed in chunks with DTDs refused, and how a number becomes a date."""

import datetime as dt
import re
import zipfile
from xml.parsers import expat


CHUNK = 64 * 1024


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


_DATE_FORMAT_IDS = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}


_EPOCH = dt.datetime(1899, 12, 30)


class XlsxLimit(Exception):
    """A limit was reached or the file is not a usable workbook; ``row``/``column`` where known."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row, self.column = row, column


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(reference: str) -> int | None:
    match = re.match(r"([A-Z]{1,3})", reference or "")
    if not match:
        return None
    index = 0
    for letter in match.group(1):
        index = index * 26 + ord(letter) - 64
    return index - 1


class ChunkParser:
    """expat with namespaces, no DTD, fed chunk by chunk from a zip member."""

    def __init__(self, start, end, text=None):
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.StartElementHandler = start
        self.parser.EndElementHandler = end
        if text is not None:
            self.parser.CharacterDataHandler = text
        self.parser.StartDoctypeDeclHandler = self._no_dtd

    @staticmethod
    def _no_dtd(*_):
        raise XlsxLimit("tệp Excel chứa khai báo DTD, không được chấp nhận")

    def feed(self, archive: zipfile.ZipFile, name: str) -> None:
        try:
            with archive.open(name) as member:
                while chunk := member.read(CHUNK):
                    self.parser.Parse(chunk, False)
                self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise XlsxLimit(f"phần «{name}» của tệp Excel bị hỏng ({expat.ErrorString(error.code)}, "
                            f"dòng {error.lineno})") from None
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError):
            raise XlsxLimit(f"phần «{name}» của tệp Excel không giải nén được (tệp bị hỏng)") from None


def cell_number(text: str, is_date: bool):
    try:
        number = float(text)
    except ValueError:
        return text
    if is_date and 0 <= number < 2_958_466:  # up to 31/12/9999; to the nearest second, as Excel shows it
        return _EPOCH + dt.timedelta(seconds=round(number * 86_400))
    if number.is_integer() and "." not in text and "E" not in text.upper():
        return int(text)
    return number


def is_date_format(format_id: str, code: str | None) -> bool:
    if code is None:
        return format_id.isdigit() and int(format_id) in _DATE_FORMAT_IDS
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code).lower()  # quoted text, escapes, colours
    return bool(re.search(r"[dmy]", plain)) and not re.fullmatch(r"[#0.,%\s]*", plain)
