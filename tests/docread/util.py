"""Helpers for the docread/render tests: tool checks, hand-made PNG/PDF/zip files, legacy encoders."""

from __future__ import annotations

import shutil
import struct
import unicodedata
import zlib
from pathlib import Path

from tests.conftest import require

FIXTURES = Path(__file__).parent / "fixtures"
_REPO = Path(__file__).resolve().parents[2]
# The seed as the package ships it (the tests never read outside the repository).
SEED_TXT = _REPO / "trienkhai" / "documents" / "data" / "seed-27-KH-LDLD.txt"
SEED_JSON = FIXTURES / "seed.json"
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def require_tools(*names: str) -> None:
    """Skip when a system tool is missing, but fail under CI=true: CI must run the real thing."""
    missing = [n for n in names if shutil.which(n) is None]
    if not missing:
        return
    require(False, f"thiếu công cụ hệ thống: {', '.join(missing)} (cài bằng `make system-packages`)")


def seed_text() -> str:
    """The seed plan as text."""
    return SEED_TXT.read_text(encoding="utf-8")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letter (â, ơ ... precomposed) + combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def png_bytes(width: int, height: int, gray: int = 255) -> bytes:
    """A tiny 8-bit grayscale PNG of one flat colour, written by hand (no Pillow needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes([gray]) * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def jpeg_size(data: bytes) -> tuple[int, int, int]:
    """(width, height, components) from a JPEG's SOF marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height, data[i + 9]
        i += 2 + length
    raise ValueError("no SOF marker")


def image_pdf(jpegs: list[bytes], dpi: int) -> bytes:
    """An image-only PDF (a 'scan'): one grayscale JPEG per A4-sized page, no text layer."""
    objects: list[bytes] = []
    kids = []
    for n, jpg in enumerate(jpegs):
        w, h, ncomp = jpeg_size(jpg)
        space = b"/DeviceGray" if ncomp == 1 else b"/DeviceRGB"
        pw, ph = w * 72 / dpi, h * 72 / dpi
        page_id, content_id, image_id = 3 + 3 * n, 4 + 3 * n, 5 + 3 * n
        kids.append(f"{page_id} 0 R")
        content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
            f"/Resources << /XObject << /Im0 {image_id} 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
            % (w, h, space, len(jpg))
            + jpg
            + b"\nendstream"
        )
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(jpegs)} >>".encode(),
    ]
    all_objects = head + objects
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(all_objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(all_objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(all_objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --------------------------------------------------------------------------------------------------
# Building .docx files the way Word writes them: real numbering, borderless header tables
# --------------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_numbering(document, levels: list[tuple[str, str]]) -> str:  # noqa: ANN001
    """Add a list definition to `document` and return its numId.

    `levels` is [(numFmt, lvlText)] per level, e.g. [("upperRoman", "%1."), ("decimal", "%2.")].
    """
    from docx.oxml import parse_xml

    root = document.part.numbering_part.element
    ids = [int(x) for x in root.xpath("./w:abstractNum/@w:abstractNumId")] + [0]
    nums = [int(x) for x in root.xpath("./w:num/@w:numId")] + [0]
    abstract_id, num_id = max(ids) + 1, max(nums) + 1
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    num = parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    # abstractNum elements must precede num elements.
    first_num = root.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        root.append(abstract)
    root.append(num)
    return str(num_id)


def numbered(document, text: str, num_id: str, level: int = 0, *, bold: bool = False):  # noqa: ANN001, ANN201
    """A paragraph carried by list `num_id` at `level` (the label comes from Word numbering, not text)."""
    from docx.oxml import parse_xml

    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    ppr = p._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return p


def borderless(table) -> None:  # noqa: ANN001
    """Remove every border of `table` (the header and signature tables of official documents)."""
    from docx.oxml import parse_xml

    tblpr = table._tbl.tblPr
    edges = "".join(f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr.append(parse_xml(f'<w:tblBorders xmlns:w="{W_NS}">{edges}</w:tblBorders>'))


def cell_lines(cell, lines: list[tuple[str, bool]]) -> None:  # noqa: ANN001
    """Fill a table cell with (text, bold) lines, one paragraph each."""
    first = True
    for text, bold in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.add_run(text).bold = bold
