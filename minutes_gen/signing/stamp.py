"""Signing a PDF with pyHanko (PAdES, one incremental update per signature) with the visible
appearance ND30 describes: the person's blue signature image centred in the signature space;
the agency's red seal at its real size over the left third of it, with the agency's name and
the signing time (ISO 8601, +07:00) in Times New Roman 10 pt."""

import datetime as dt
import functools
import hashlib
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.engine.output import write_atomic
from minutes_gen.errors import InputError, Problem
from minutes_gen.signing.placement import POINTS_PER_MM, Space

VIETNAM = dt.timezone(dt.timedelta(hours=7))
FIELDS = {"person": "ChuKyNguoiKy", "agency": "ChuKyCoQuan"}
PERSON_WIDTH_MM = 45
TEXT_WIDTH_MM = 48


@dataclass(frozen=True)
class Appearance:
    """What the signature shows: the image, and for the agency its name and the seal's size."""

    image: Path
    agency_name: str | None = None
    seal_mm: float = 36.0


MARGIN_TOP_MM, MARGIN_RIGHT_MM, MARK_WIDTH_MM, MARK_HEIGHT_MM = 8, 15, 60, 10
ATTACHMENT_FIELD = "ChuKyCoQuanPhuLuc"


def _page_size(writer, page: int) -> tuple[float, float]:
    box = writer.find_page_for_modification(page)[0].get_object()["/MediaBox"]
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def person_box(space: Space) -> tuple[float, float, float, float]:
    """The person's image box: centred in the space, as wide as a signature, as tall as the space."""
    width = PERSON_WIDTH_MM * POINTS_PER_MM
    return space.centre - width / 2, space.bottom, space.centre + width / 2, space.top


def agency_box(space: Space, seal_mm: float) -> tuple[float, float, float, float]:
    """The seal (real size) over the left third of the person's image, centred on the space's
    height; the agency's name and the time to its right."""
    left, _, right, _ = person_box(space)
    seal = seal_mm * POINTS_PER_MM
    seal_left = left + (right - left) / 3 - seal  # the seal's right edge at the first third
    middle = (space.bottom + space.top) / 2
    return seal_left, middle - seal / 2, seal_left + seal + TEXT_WIDTH_MM * POINTS_PER_MM, middle + seal / 2


def times_font() -> Path:
    """Times New Roman, or the metric-compatible Liberation Serif."""
    found = shutil.which("fc-match") and subprocess.run(["fc-match", "-f", "%{file}", "Times New Roman"],
                                                        capture_output=True, text=True).stdout
    if found and Path(found).suffix.lower() in (".ttf", ".otf") and Path(found).exists():
        return Path(found)
    for candidate in ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
                      "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"):
        if Path(candidate).exists():
            return Path(candidate)
    raise InputError([Problem("phông chữ", "không thấy phông Times New Roman hay Liberation Serif "
                                           "(sudo apt-get install fonts-liberation2)")])


@functools.cache
def font_for_stamps() -> Path:
    """Times New Roman (or Liberation Serif) rescaled to 1,000 units per em, kept in the
    temporary folder: pyHanko writes a font's widths in its own units, and with the 2,048 of
    these fonts every letter of the stamp would stand twice too far from the next."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = times_font()
    font = TTFont(str(source))
    if font["head"].unitsPerEm == 1000:
        return source
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"minutes-gen-{source.stem}-1000-{digest}.ttf"
    if not target.exists():
        scale_upem(font, 1000)
        buffer = io.BytesIO()
        font.save(buffer)
        write_atomic(target, buffer.getvalue(), force=True)
    return target


def signed_fields(data: bytes) -> set[str]:
    """The names of the signature fields already signed in a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return {signature.field_name for signature in PdfFileReader(io.BytesIO(data)).embedded_signatures}


def _signing_time(when: dt.datetime | None) -> dt.datetime:
    """The time a stamp shows: now (or ``when``) in Vietnam's time zone, to the second."""
    return (when or dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)


def _times_10pt():
    """The text of every stamp: Times New Roman (the rescaled font), 10 pt."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    return TextBoxStyle(font=GlyphAccumulatorFactory(str(font_for_stamps()), font_size=10), font_size=10)


def _sign(data: bytes, signer, field: str, page: int, box, style, params: dict | None, writer=None) -> bytes:
    """``data`` with a new signature field ``field`` on ``page`` at ``box``, signed (PAdES) with
    the appearance ``style``, as one incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = writer or IncrementalPdfFileWriter(io.BytesIO(data))
    fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=page, box=box))
    metadata = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(metadata, signer=signer, stamp_style=style).sign_pdf(writer, output=out,
                                                                          appearance_text_params=params)
    return out.getvalue()


def sign_bytes(data: bytes, role: str, signer, space: Space, appearance: Appearance,
               when: dt.datetime | None = None) -> bytes:
    """``data`` (a PDF) with one more signature, as an incremental update."""
    from pyhanko.pdf_utils import images, layout
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    image = images.PdfImage(str(appearance.image))
    if role == "person":
        style = StaticStampStyle(background=image, background_opacity=1, border_width=0,
                                 background_layout=layout.SimpleBoxLayoutRule(
                                     x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                     margins=layout.Margins.uniform(0), inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT))
        return _sign(data, signer, FIELDS[role], space.page, person_box(space), style, None)
    style = TextStampStyle(
        stamp_text="%(agency)s\n%(time)s", border_width=0, background=image, background_opacity=1,
        text_box_style=_times_10pt(),
        background_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MIN,
                                                     y_align=layout.AxisAlignment.ALIGN_MID,
                                                     margins=layout.Margins.uniform(0),
                                                     inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT),
        inner_content_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MAX,
                                                        y_align=layout.AxisAlignment.ALIGN_MID,
                                                        margins=layout.Margins(left=0, right=2, top=0, bottom=0)))
    params = {"agency": appearance.agency_name or "", "time": _signing_time(when).isoformat()}
    return _sign(data, signer, FIELDS[role], space.page, agency_box(space, appearance.seal_mm), style, params)


def sign_attachment(data: bytes, signer, page: int, number: str, index: int, when: dt.datetime | None = None) -> bytes:
    """The agency's signature on an attachment (ND30): a signature of its own, shown at the top
    right of the attachment's first page as the document's number and symbol and the signing
    time, Times New Roman 10 pt, without image."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_width, page_height = _page_size(writer, page)
    width, height = MARK_WIDTH_MM * POINTS_PER_MM, MARK_HEIGHT_MM * POINTS_PER_MM
    right, top = page_width - MARGIN_RIGHT_MM * POINTS_PER_MM, page_height - MARGIN_TOP_MM * POINTS_PER_MM
    style = TextStampStyle(stamp_text="%(number)s\n%(time)s", border_width=0, text_box_style=_times_10pt())
    params = {"number": f"Số: {number}" if number else "", "time": _signing_time(when).isoformat()}
    return _sign(data, signer, f"{ATTACHMENT_FIELD}{index}", page, (right - width, top - height, right, top), style,
                 params, writer)
