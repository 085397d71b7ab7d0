"""Damaged .xlsx files for the readers' tests: one member's stored bytes flipped, so its CRC-32 no longer
matches (what a broken download or a bad USB stick leaves)."""

from __future__ import annotations

import io
import struct
import zipfile


def flip_member(data: bytes, name: str) -> bytes:
    """`data` re-zipped without compression, with one byte in the middle of member `name` flipped: the
    archive opens and lists its members, and reading `name` fails with "Bad CRC-32"."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    raw = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo(name)
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 2
    raw[middle] ^= 0x20
    return bytes(raw)
