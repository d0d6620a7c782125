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
    """The names of the signature fields already signed in a PDF (a value in the field; the
    signatures themselves are not read: a tenth of the time)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    return {name for name, value, _ in enumerate_sig_fields(PdfFileReader(io.BytesIO(data)), filled_status=True)
            if value is not None}


def _signing_time(when: dt.datetime | None) -> dt.datetime:
    """The time a stamp shows: now (or ``when``) in Vietnam's time zone, to the second."""
    return (when or dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)


TIME_CHARACTERS = "0123456789-:+T"  # what an ISO 8601 signing time prints


@functools.cache
def stamp_font(characters: str) -> Path:
    """``font_for_stamps`` cut to ``characters``, kept in the temporary folder. pyHanko embeds
    in every file the glyphs its stamp uses, cut from the font it is given: from the whole font
    that costs ~50 ms a file, from one of a few dozen glyphs a tenth of it."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = font_for_stamps()
    characters = "".join(sorted(set(characters + " ")))
    digest = hashlib.sha256(source.read_bytes() + characters.encode("utf-8")).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"minutes-gen-stamp-{digest}.ttf"
    if not target.exists():
        font = TTFont(str(source))
        cutter = subset.Subsetter(subset.Options(notdef_outline=True))
        cutter.populate(text=characters)
        cutter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        write_atomic(target, buffer.getvalue(), force=True)
    return target


def times_10pt(font: Path, cut: bool = False):
    """The text of every stamp: Times New Roman (``font``: the rescaled font), 10 pt; ``cut``: a
    font already cut to what the stamp prints (``stamp_font``), embedded whole (``cut_font``)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    return TextBoxStyle(font=cut_font(font) if cut else GlyphAccumulatorFactory(str(font), font_size=10), font_size=10)


def cut_font(font: Path):
    """pyHanko's font engine for a font already cut to what a stamp prints: in every file the
    font is embedded whole, its program compressed once, instead of being cut again and saved
    anew for each file (~7 ms a file)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.font.opentype import CIDFontType2, GlyphAccumulator, GlyphAccumulatorFactory

    program = generic.StreamObject(stream_data=font.read_bytes())
    program.compress()

    class WholeFont(CIDFontType2):
        def set_font_file(self, writer):
            self._font_descriptor[generic.pdf_name("/FontFile2")] = reference = _copied_stream(program, writer)
            return reference

    class CutFontAccumulator(GlyphAccumulator):
        def __init__(self, **options):
            super().__init__(**options)
            self.cidfont_obj = WholeFont(self.tt, self.cidfont_obj.name.split("+", 1)[1], self.subset_prefix)

        def _extract_subset(self, options=None):
            """Cut already (``stamp_font``)."""

    class CutFontFactory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return CutFontAccumulator(writer=writer, font_handle=open(self.font_file, "rb"),  # noqa: SIM115 (pyHanko's way)
                                      font_size=self.font_size, obj_stream=obj_stream)

    return CutFontFactory(str(font), font_size=10)


def _copied_stream(stream, writer):
    """A reference, in ``writer``, to a copy of ``stream`` (an XObject already encoded) and of the
    streams it refers to (an image's /SMask)."""
    from pyhanko.pdf_utils import generic

    entries = {key: _copied_stream(value.get_object(), writer) if isinstance(value, generic.IndirectObject) else value
               for key, value in stream.items()}
    return writer.add_object(generic.StreamObject(entries, encoded_data=stream.encoded_data))


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
                self._image_ref = _copied_stream(self._made, self.writer)
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
    return Stamp(role, signer, appearance, style, reserved_bytes(signer))


def sign_field(data: bytes, signer, field: str, page: int, box, style, params: dict | None = None,
               reserved: int | None = None, writer=None) -> bytes:
    """``data`` with a new signature field ``field`` on ``page`` at ``box``, signed (PAdES) with
    the appearance ``style``, as one incremental update (``reserved``: the room for the CMS;
    None: pyHanko estimates it by a dry run)."""
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
    return sign_field(data, stamp.signer, FIELDS[stamp.role], space.page, signature_place(stamp.role, space, stamp.appearance),
                      stamp.style, stamp_params(stamp.role, stamp.appearance, when), stamp.reserved)


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
    return sign_field(data, stamp.signer, f"{ATTACHMENT_FIELD}{index}", page, (right - width, top - height, right, top),
                      style, params, stamp.reserved, writer)
