"""Writing .docx zips fast: members that do not change are compressed once and copied raw.

Only the rendered parts are compressed per document. The archive is a plain zip (deflate),
readable by Word, LibreOffice and ``zipfile``.
"""

import struct
import zlib
from dataclasses import dataclass

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_DEFLATED, _VERSION, _UTF8 = 8, 20, 0x800
_DOS_DATE, _DOS_TIME = (1980 - 1980) << 9 | 1 << 5 | 1, 0


@dataclass(frozen=True)
class Member:
    """A zip member already compressed."""

    name: bytes
    crc: int
    size: int
    compressed: bytes


def compress(name: str, data: bytes, level: int = 6) -> Member:
    """Return ``data`` deflated (raw deflate, as zip stores it)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Member(name.encode("utf-8"), zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def compress_chunks(name: str, chunks, level: int = 6) -> Member:
    """Like ``compress``, for data produced piece by piece (never held whole)."""
    compressor, crc, size, out = zlib.compressobj(level, zlib.DEFLATED, -15), 0, 0, []
    for chunk in chunks:
        crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        out.append(compressor.compress(chunk))
    out.append(compressor.flush())
    return Member(name.encode("utf-8"), crc, size, b"".join(out))


def build_zip(members: list[Member]) -> bytes:
    """Return a zip archive holding ``members`` in order."""
    chunks, central, offset = [], [], 0
    for member in members:
        flags = _UTF8 if not member.name.isascii() else 0
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE, member.crc,
                            len(member.compressed), member.size, len(member.name), 0)
        chunks += [local, member.name, member.compressed]
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
                                     member.crc, len(member.compressed), member.size, len(member.name), 0, 0, 0,
                                     0, 0, offset) + member.name)
        offset += len(local) + len(member.name) + len(member.compressed)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(chunks) + directory + end
