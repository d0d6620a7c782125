"""The stamp's Times New Roman: found on the machine (or its metric twin), cut once to the
characters a stamp prints and embedded whole, its program compressed once per batch."""

import functools
import hashlib
import io
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from minutes_gen.engine.output import write_atomic
from minutes_gen.errors import InputError, Problem


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


def _own_folder() -> Path:
    """This user's folder in the temporary folder (made 0700); one that is not this user's alone
    (another account could have put a font there) is passed over for a fresh one."""
    folder = Path(tempfile.gettempdir()) / f"minutes-gen-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        folder = Path(tempfile.mkdtemp(prefix="minutes-gen-"))
    return folder


def _kept(name: str, make) -> Path:
    """The file ``name`` in ``_own_folder``, made by ``make()`` (its bytes) the first time."""
    target = _own_folder() / name
    if not target.exists():
        write_atomic(target, make(), force=True)
    return target


def _saved(font) -> bytes:
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@functools.cache
def font_for_stamps() -> Path:
    """Times New Roman (or Liberation Serif) rescaled to 1,000 units per em, kept in this user's
    temporary folder: pyHanko writes a font's widths in its own units, and with the 2,048 of
    these fonts every letter of the stamp would stand twice too far from the next."""
    from fontTools.ttLib import TTFont

    source = times_font()
    font = TTFont(str(source))
    if font["head"].unitsPerEm == 1000:
        return source

    def rescaled() -> bytes:
        from fontTools.ttLib.scaleUpem import scale_upem

        scale_upem(font, 1000)
        return _saved(font)

    return _kept(f"{source.stem}-1000-{hashlib.sha256(source.read_bytes()).hexdigest()[:16]}.ttf", rescaled)


TIME_CHARACTERS = "0123456789-:+T"  # what an ISO 8601 signing time prints


@functools.cache
def stamp_font(characters: str) -> Path:
    """``font_for_stamps`` cut to ``characters``, kept in this user's temporary folder. pyHanko
    embeds in every file the glyphs its stamp uses, cut from the font it is given: from the whole
    font that costs ~50 ms a file, from one of a few dozen glyphs a tenth of it."""
    source = font_for_stamps()
    characters = "".join(sorted(set(characters + " ")))

    def cut() -> bytes:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(str(source))
        cutter = subset.Subsetter(subset.Options(notdef_outline=True))
        cutter.populate(text=characters)
        cutter.subset(font)
        return _saved(font)

    digest = hashlib.sha256(source.read_bytes() + characters.encode("utf-8")).hexdigest()[:16]
    return _kept(f"stamp-{digest}.ttf", cut)


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
            self._font_descriptor[generic.pdf_name("/FontFile2")] = reference = copied_stream(program, writer)
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


def copied_stream(stream, writer):
    """A reference, in ``writer``, to a copy of ``stream`` (an XObject already encoded) and of the
    streams it refers to (an image's /SMask)."""
    from pyhanko.pdf_utils import generic

    entries = {key: copied_stream(value.get_object(), writer) if isinstance(value, generic.IndirectObject) else value
               for key, value in stream.items()}
    return writer.add_object(generic.StreamObject(entries, encoded_data=stream.encoded_data))
