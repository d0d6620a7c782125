"""Compile the message catalogues (``minutes_gen/locale/*/LC_MESSAGES/*.po``) into ``.mo`` files.

Run after editing a ``.po`` file: ``python scripts/compile_catalogues.py``. The ``.mo`` files
are committed and shipped in the package; a test checks they match their ``.po``.
"""

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "minutes_gen" / "locale"


def compiled(po_file: Path) -> bytes:
    """The ``.mo`` bytes of ``po_file``."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main() -> int:
    for po_file in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po_file.with_suffix(".mo").write_bytes(compiled(po_file))
        print(f"Đã biên dịch {po_file.relative_to(LOCALE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
