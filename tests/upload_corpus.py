"""Hostile files built in memory (issue 26, findings 3 and 11), and the honest ones they imitate.

Everything is small on disk: the bombs inflate to `BOMB_BYTES` of zeros from some 64 KB, the huge PNG is
a header that claims 50,000 × 50,000 pixels, the polyglots are a real PDF or PNG with a web page inside.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

BOMB_BYTES = 64 * 1024 * 1024  # what the bombs really inflate to: enough to show, small enough to be quick
DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)
XLSX_TYPES = DOCX_TYPES.replace("/word/document.xml", "/xl/workbook.xml").replace(
    "wordprocessingml.document", "spreadsheetml.sheet"
)


def blank_pdf(pages: int = 1) -> bytes:
    """A real PDF of `pages` blank pages (a 2,000-page one is some 100 KB)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def png_image(width: int = 4, height: int = 4) -> bytes:
    """A real, small PNG."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG")
    return buf.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG whose IHDR claims `width` × `height` pixels, with a token of image data: a few hundred bytes
    that a decoder would turn into 7.5 GB of RGB."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


HTML = b"<html><body><script>fetch('/tai-khoan/').then(r=>r.text()).then(alert)</script></body></html>"


def pdf_html_polyglot() -> bytes:
    """A PDF that pypdf opens, with a web page right after its header (browsers sniff the first KB)."""
    pdf = blank_pdf()
    newline = pdf.index(b"\n") + 1
    return pdf[:newline] + b"%" + HTML + b"\n" + pdf[newline:]


def png_html_polyglot() -> bytes:
    """A PNG that decodes, with a web page in a text chunk before its pixels."""
    png = png_image()
    return png[:33] + _chunk(b"tEXt", b"Comment\x00" + HTML) + png[33:]


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
# The start of a Windows program: "MZ", the DOS stub, the PE header.
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\x00\x00" + bytes(400)
)


def _office(kind: str, big_member: str, real: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", DOCX_TYPES if kind == "docx" else XLSX_TYPES)
        with zf.open(big_member, "w") as entry:
            for _ in range(real // (1 << 20)):
                entry.write(bytes(1 << 20))
    return buf.getvalue()


def honest_docx_bomb(real: int = BOMB_BYTES) -> bytes:
    """A .docx whose document.xml declares and really is `real` bytes of zeros (some 64 KB on disk)."""
    return _office("docx", "word/document.xml", real)


def lying_bomb(kind: str = "docx", real: int = BOMB_BYTES, declared: int = 1000) -> bytes:
    """A .docx (or .xlsx) whose big member inflates to `real` bytes while both its local header and the
    central directory declare `declared` bytes, with the checksum of the first `declared` bytes: every
    check on declared sizes passes, and zipfile itself reads it without an error (it stops at the declared
    size, after inflating all of it in one call)."""
    member = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    data = bytearray(_office(kind, member, real))
    name = member.encode()
    crc = zlib.crc32(bytes(declared))
    for signature, size_at, crc_at, name_at in ((b"PK\x03\x04", 22, 14, 30), (b"PK\x01\x02", 24, 16, 46)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<L", data, at + size_at, declared)
                struct.pack_into("<L", data, at + crc_at, crc)
            at = data.find(signature, at + 4)
    return bytes(data)


def hostile_corpus() -> dict[str, tuple[str, bytes]]:
    """Each hostile file: a label → (the name it is uploaded under, its bytes)."""
    return {
        "honest docx bomb": ("bao-cao.docx", honest_docx_bomb()),
        "lying docx bomb": ("bao-cao.docx", lying_bomb("docx")),
        "lying xlsx bomb": ("so-lieu.xlsx", lying_bomb("xlsx")),
        "50000x50000 png": ("anh.png", huge_png()),
        "pdf+html polyglot": ("bien-ban.pdf", pdf_html_polyglot()),
        "png+html polyglot": ("anh.png", png_html_polyglot()),
        "svg with script": ("anh.svg", SVG_WITH_SCRIPT),
        "exe renamed": ("bien-ban.pdf", EXE),
    }
