"""What an uploaded file really is, by its content and not its name. Django-free.

A file named "bien-ban.pdf" may be an executable or an HTML page; a "photo.jpg" may be a decompression
bomb. These checks read the bytes: the first few for the document kinds, and Pillow for images (a full
decode with a pixel bound), so that what is stored is what it claims to be and costs a bounded amount.
"""

from __future__ import annotations

import io
import warnings
import zipfile

from PIL import Image, UnidentifiedImageError

# Photos from phones are 12-50 megapixels; anything past this bound is refused before it is decoded.
MAX_PIXELS = 60_000_000
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "doc": (".doc", ".xls"),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "webp": (".webp",),
}


def sniff(data: bytes) -> str | None:
    """The kind of a document by its content: "pdf", "docx", "xlsx", "doc" (old Office), "jpeg", "png",
    "webp", or None when it is none of these."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def matches_name(kind: str, filename: str) -> bool:
    """Whether the file's extension is one of those its content allows (a PDF named .jpg is not)."""
    return filename.lower().endswith(EXTENSIONS.get(kind, ()))


def image_size(data: bytes, *, max_pixels: int = MAX_PIXELS) -> tuple[int, int] | None:
    """(width, height) of a JPEG, PNG or WebP photo that decodes completely within `max_pixels`;
    None for anything else (not an image, truncated, another format, or too many pixels)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    return None
                width, height = probe.size
                if width * height > max_pixels:
                    return None
                probe.verify()
            with Image.open(io.BytesIO(data)) as full:
                full.load()  # verify() does not decode the pixels; a truncated file fails only here
                return full.size
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None
