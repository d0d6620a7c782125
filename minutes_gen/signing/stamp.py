"""Signing a PDF with pyHanko (PAdES, one incremental update per signature) with the visible
appearance ND30 describes: the person's blue signature image centred in the signature space;
the agency's red seal at its real size over the left third of it, with the agency's name and
the signing time (ISO 8601, +07:00) in Times New Roman 10 pt."""

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.signing.cms_template import templated
from minutes_gen.signing.placement import POINTS_PER_MM, Space
from minutes_gen.signing.stamp_font import TIME_CHARACTERS, copied_stream, stamp_font, times_10pt

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


def signed_fields(data: bytes) -> set[str]:
    """The names of the signature fields already signed in a PDF (a value in the field; the
    signatures themselves are not read: a tenth of the time)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    return {name for name, value, _ in enumerate_sig_fields(PdfFileReader(io.BytesIO(data)), filled_status=True)
            if value is not None}


def _signing_time(when: dt.datetime | None) -> dt.datetime:
    """The time a stamp shows: now (or ``when``) in Vietnam's time zone, to the second."""
    return (when or dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)


def prepared_image(path: Path):
    """The image ``path`` as pyHanko content whose XObjects (the picture and its transparency
    mask) are converted and compressed once, then copied into each file signed."""
    from pyhanko.pdf_utils.images import PdfImage, pil_image
    from pyhanko.pdf_utils.writer import PdfFileWriter

    class PreparedImage(PdfImage):
        def __init__(self):
            super().__init__(str(path))
            self._made = pil_image(self.image, PdfFileWriter()).get_object()

        @property
        def image_ref(self):
            if self._image_ref is None or self._image_ref.get_pdf_handler() is not self.writer:
                self._image_ref = copied_stream(self._made, self.writer)
            return self._image_ref

    try:
        return PreparedImage()
    except Exception:  # Pillow's own errors: not an image it reads
        raise InputError([Problem(str(path), "không đọc được ảnh chữ ký / con dấu (cần ảnh PNG)")]) from None


def _fit(x_align, margins=None):
    """The box rule of a stamp's part: aligned ``x_align`` (MIN, MID, MAX), centred in height,
    shrunk to fit."""
    from pyhanko.pdf_utils import layout

    return layout.SimpleBoxLayoutRule(x_align=getattr(layout.AxisAlignment, f"ALIGN_{x_align}"),
                                      y_align=layout.AxisAlignment.ALIGN_MID,
                                      margins=margins or layout.Margins.uniform(0),
                                      inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT)


def stamp_style(role: str, background, text_style=None):
    """The appearance of ``role``'s signature: the image ``background`` (pyHanko content)
    centred for the person; for the agency the seal on the left, its name and the signing
    time on the right in ``text_style``."""
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    if role == "person":
        return StaticStampStyle(background=background, background_opacity=1, border_width=0,
                                background_layout=_fit("MID"))
    return TextStampStyle(stamp_text="%(agency)s\n%(time)s", border_width=0, background=background,
                          background_opacity=1, text_box_style=text_style, background_layout=_fit("MIN"),
                          inner_content_layout=_fit("MAX", layout.Margins(left=0, right=2, top=0, bottom=0)))


def reserved_bytes(signer) -> int:
    """The room for a signature's CMS in a file, as pyHanko reckons it (a dry-run signature,
    half as large again, in hex), reckoned once for a key instead of once per file."""
    import asyncio

    from cryptography.hazmat.primitives import hashes
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    empty = hashes.Hash(hashes.SHA256()).finalize()
    attributes = PdfCMSSignedAttributes(signing_time=dt.datetime.now(dt.timezone.utc))
    dry = asyncio.run(signer.async_sign(empty, "sha256", use_pades=True, dry_run=True, signed_attr_settings=attributes))
    size = len(dry.dump()) * 2
    return size + 2 * (size // 4)


@dataclass(frozen=True)
class Stamp:
    """One role's signature as a batch signs it, made once for all its files: the key, what the
    signature shows, its style (the image's XObjects made once, the agency's text in a font cut
    to what it prints) and the room its CMS takes."""

    role: str
    signer: object
    appearance: Appearance
    style: object
    reserved: int


def prepare_stamp(role: str, signer, appearance: Appearance) -> Stamp:
    """The ``Stamp`` of ``role`` signing with ``signer`` and showing ``appearance``."""
    text = None if role == "person" else times_10pt(stamp_font((appearance.agency_name or "") + TIME_CHARACTERS), cut=True)
    style = stamp_style(role, prepared_image(appearance.image), text)
    signer = templated(signer)
    return Stamp(role, signer, appearance, style, reserved_bytes(signer))


def sign_field(data: bytes, signer, where: tuple, style, params: dict | None = None, reserved: int | None = None,
               writer=None) -> bytes:
    """``data`` with a new signature field at ``where`` (field name, page, box), signed (PAdES)
    with the appearance ``style``, as one incremental update (``reserved``: the room for the CMS;
    None: pyHanko estimates it by a dry run)."""
    field, page, box = where
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = writer or IncrementalPdfFileWriter(io.BytesIO(data))
    fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=page, box=box))
    metadata = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(metadata, signer=signer, stamp_style=style).sign_pdf(writer, output=out, bytes_reserved=reserved,
                                                                          appearance_text_params=params)
    return out.getvalue()


def signature_place(role: str, space: Space, appearance: Appearance) -> tuple:
    """The box of ``role``'s signature in ``space``."""
    return person_box(space) if role == "person" else agency_box(space, appearance.seal_mm)


def stamp_params(role: str, appearance: Appearance, when: dt.datetime | None = None) -> dict | None:
    """The text of ``role``'s stamp: for the agency its name and the signing time."""
    return None if role == "person" else {"agency": appearance.agency_name or "", "time": _signing_time(when).isoformat()}


def sign_bytes(data: bytes, stamp: Stamp, space: Space, when: dt.datetime | None = None) -> bytes:
    """``data`` (a PDF) with one more signature, ``stamp``'s, as an incremental update."""
    where = (FIELDS[stamp.role], space.page, signature_place(stamp.role, space, stamp.appearance))
    return sign_field(data, stamp.signer, where, stamp.style, stamp_params(stamp.role, stamp.appearance, when), stamp.reserved)


def sign_attachment(data: bytes, stamp: Stamp, page: int, number: str, index: int,
                    when: dt.datetime | None = None) -> bytes:
    """The agency's signature on an attachment (ND30): a signature of its own, shown at the top
    right of the attachment's first page as the document's number and symbol and the signing
    time, Times New Roman 10 pt, without image."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_width, page_height = _page_size(writer, page)
    width, height = MARK_WIDTH_MM * POINTS_PER_MM, MARK_HEIGHT_MM * POINTS_PER_MM
    right, top = page_width - MARGIN_RIGHT_MM * POINTS_PER_MM, page_height - MARGIN_TOP_MM * POINTS_PER_MM
    params = {"number": f"Số: {number}" if number else "", "time": _signing_time(when).isoformat()}
    style = TextStampStyle(stamp_text="%(number)s\n%(time)s", border_width=0,
                           text_box_style=times_10pt(stamp_font(params["number"] + TIME_CHARACTERS), cut=True))
    where = (f"{ATTACHMENT_FIELD}{index}", page, (right - width, top - height, right, top))
    return sign_field(data, stamp.signer, where, style, params, stamp.reserved, writer)
