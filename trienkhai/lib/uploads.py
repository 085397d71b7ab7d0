"""What an uploaded file really is, by its content and not its name: the one upload policy. Django-free.

A file named "bien-ban.pdf" may be an executable or an HTML page; a "photo.jpg" may be a decompression
bomb; a 1 MB ".docx" may inflate to a gigabyte while its zip directory declares a thousand bytes. Every
upload of the project goes through `check` before anything is stored or handed to python-docx, openpyxl,
pypdf or tesseract:

- the kind is read from the bytes (`sniff`) and must be one the field accepts, and the name's extension
  must agree with it;
- no HTML, script or SVG markup where the format has no place for it (a PDF or PNG that is also a web
  page, a "polyglot");
- images: the pixel count is read from the header, before any decoding, and bounded (`MAX_PIXELS`);
- Office files (.docx, .xlsx, .pptx): every member is inflated in chunks and the real bytes counted
  against caps, never trusting the sizes the archive declares (`check_archive`); macros are refused;
- PDFs open with pypdf and, where a caller reads them page by page (OCR), have at most `max_pages` pages.

A refusal is an `UploadRefused` whose text is one Vietnamese sentence.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

# One message for a damaged Office file, whichever reader finds it (the upload check, lib.xlsx_read).
DAMAGED = (
    "Tệp hỏng: một phần nội dung của tệp bị lỗi, thường do tải về hoặc sao chép chưa trọn vẹn. "
    "Hãy mở tệp gốc bằng phần mềm đã tạo ra nó (Excel, Word), lưu lại rồi tải lên lại."
)

# Photos from phones are 12-50 megapixels and scans of an A4 page at 300 dpi about 9: a picture beyond
# this is refused from its header, before a single pixel is decoded (a 50,000 x 50,000 PNG is 2.5 billion).
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "TIFF": "tiff"}
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "pptx": (".pptx",),
    "doc": (".doc", ".xls", ".ppt"),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "webp": (".webp",),
    "tiff": (".tif", ".tiff"),
    "text": (".txt", ".md"),
}
# What a stored file is served as: the type of its checked kind, never what the browser or the name says.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/octet-stream",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "tiff": "image/tiff",
    "text": "text/plain; charset=utf-8",
}
LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "bảng tính Excel (.xlsx)",
    "pptx": "PowerPoint (.pptx)",
    "doc": "Office cũ (.doc, .xls)",
    "jpeg": "ảnh JPEG",
    "png": "ảnh PNG",
    "webp": "ảnh WebP",
    "tiff": "ảnh TIFF",
    "text": "văn bản (.txt)",
}
IMAGE_KINDS = frozenset({"jpeg", "png", "webp", "tiff"})
OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
# Markup that turns a file into a web page if a browser ever sniffs it; no PDF, image or Office header
# and trailer has a place for it (an SVG is this markup and nothing else).
MARKUP = (b"<html", b"<script", b"<svg", b"<!doctype html", b"<body", b"<iframe", b"<object", b"<embed",
          b"<?xml-stylesheet", b"javascript:")  # fmt: skip
MARKUP_WINDOW = 1024
MACRO_MESSAGE = "Tệp có macro: không nhận tệp chứa macro (VBA); hãy lưu lại thành tệp không có macro."
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024


class UploadRefused(ValueError):
    """An upload the policy does not accept; `str(exc)` is one Vietnamese sentence saying why."""


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on what a zip (an Office file) may inflate to, counted on the bytes really inflated."""

    max_total: int = 150 * 1024 * 1024
    max_member: int = 100 * 1024 * 1024
    max_ratio: int = 200
    # Ratios matter only for members big enough to hurt: small XML parts compress very well.
    ratio_min_size: int = 2 * 1024 * 1024
    max_entries: int = 5000


# The project sets these from its settings at start-up (core's AppConfig); a caller may pass its own.
ARCHIVE_LIMITS = ArchiveLimits()


def configure(*, archive: ArchiveLimits, max_pixels: int) -> None:
    """Set the bounds every check uses unless its caller passes its own (from Django settings)."""
    global ARCHIVE_LIMITS, MAX_PIXELS
    ARCHIVE_LIMITS, MAX_PIXELS = archive, max_pixels


@dataclass(frozen=True)
class Policy:
    """What one file field accepts: the kinds, the size, and (for what is OCR'd) the pages."""

    kinds: Collection[str]
    max_bytes: int
    max_pixels: int | None = None  # None: MAX_PIXELS
    max_pages: int | None = None
    archive: ArchiveLimits | None = None
    # Decode every pixel of an image (photos kept and shown): a truncated file fails only on decoding.
    decode_images: bool = True


@dataclass(frozen=True)
class Checked:
    """An accepted upload: its kind by content, the type to serve it with, its pixels or pages."""

    kind: str
    content_type: str
    size: tuple[int, int] | None = None
    pages: int | None = None
    notes: list[str] = field(default_factory=list)


def sniff(data: bytes) -> str | None:
    """The kind of a document by its content: "pdf", "docx", "xlsx", "pptx", "doc" (old Office), "jpeg",
    "png", "webp", "tiff", or None when it is none of these."""
    head = data[:16]
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            return None
        for kind, part in OFFICE_MAIN_PART.items():
            if part in names:
                return kind
    return None


def matches_name(kind: str, filename: str) -> bool:
    """Whether the file's extension is one of those its content allows (a PDF named .jpg is not); plain
    text may have any name that no other kind claims (.txt, .md, none)."""
    if kind == "text":
        ext = Path(filename).suffix.lower()
        return not any(ext in extensions for k, extensions in EXTENSIONS.items() if k != "text")
    return filename.lower().endswith(EXTENSIONS.get(kind, ()))


def _is_text(data: bytes, filename: str) -> bool:
    # Which encoding, if any, is the reader's question; a program or an archive is never plain text.
    return matches_name("text", filename) and not data.startswith((b"MZ", b"PK", b"\x7fELF"))


def content_type_for(filename: str) -> str:
    """The type to serve a stored upload with, from its extension (which `check` made agree with its
    content); anything unknown is an opaque download."""
    ext = Path(filename).suffix.lower()
    for kind, extensions in EXTENSIONS.items():
        if ext in extensions:
            return CONTENT_TYPES[kind]
    return "application/octet-stream"


def shows_inline(filename: str) -> bool:
    """Whether a stored upload may open in the browser (a checked image or PDF) rather than download."""
    ext = Path(filename).suffix.lower()
    return ext in (".pdf", ".jpg", ".jpeg", ".png", ".webp")


def has_markup(data: bytes) -> bool:
    """Whether HTML, script or SVG markup shows in the first or last KB (a polyglot or a web page)."""
    window = (data[:MARKUP_WINDOW] + b"\n" + data[-MARKUP_WINDOW:]).lower()
    return any(marker in window for marker in MARKUP)


def check(data: bytes, filename: str, policy: Policy) -> Checked:
    """Check an upload against `policy`; return what it is, or raise UploadRefused in Vietnamese.

    Nothing here decodes more than the bounds allow: images are measured from their header first,
    archives inflated in chunks up to their caps, PDFs opened by pypdf without rendering."""
    if not data:
        raise UploadRefused("Tệp rỗng, không có nội dung.")
    if len(data) > policy.max_bytes:
        raise UploadRefused(too_big(len(data), policy.max_bytes))
    if data.startswith(b"PK"):
        check_archive(data, policy.archive)  # any zip is inflated under the caps before anything opens it
    kind = sniff(data)
    if kind is None and "text" in policy.kinds and _is_text(data, filename):
        kind = "text"
    if kind is None:
        raise UploadRefused(_unknown(data, policy))
    if kind == "doc" and kind not in policy.kinds:
        raise UploadRefused(
            "Tệp là tài liệu Office cũ (Word 97-2003 .doc, Excel 97-2003 .xls) hoặc có mật khẩu; "
            f"hãy lưu lại thành {_expected(policy)} không mật khẩu."
        )
    if kind not in policy.kinds:
        raise UploadRefused(f"Tệp không phải là {_expected(policy)}: nội dung là {LABELS[kind]}.")
    if not matches_name(kind, filename):
        raise UploadRefused(
            f"Nội dung tệp là {LABELS[kind]} nhưng đuôi tên tệp không khớp; hãy đặt lại tên tệp."
        )
    if has_markup(data):
        raise UploadRefused(
            "Tệp có lẫn mã trang web (HTML, script hoặc SVG) trong nội dung; không nhận tệp này."
        )
    if kind in IMAGE_KINDS:
        return Checked(kind, CONTENT_TYPES[kind], size=_check_image(data, kind, policy))
    if kind in OFFICE_MAIN_PART:
        _check_office(data, kind, policy.archive)
    elif kind == "doc":
        if b"V\x00B\x00A\x00" in data[:1_000_000] or b"_VBA_PROJECT" in data[:1_000_000]:
            raise UploadRefused(MACRO_MESSAGE)
    elif kind == "pdf":
        return Checked(kind, CONTENT_TYPES[kind], pages=_check_pdf(data, policy.max_pages))
    return Checked(kind, CONTENT_TYPES[kind])


def too_big(size: int, max_bytes: int) -> str:
    """The sentence for a file over its size bound: "Tệp quá lớn: 60,0 MB, giới hạn là 20 MB."."""
    return f"Tệp quá lớn: {_mb(size, 1)}, giới hạn là {_mb(max_bytes)}."


def _unknown(data: bytes, policy: Policy) -> str:
    start = data[:MARKUP_WINDOW].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in start or (start.startswith(b"<?xml") and b"<svg" in data[:4096].lower()):
        return f"Không nhận ảnh SVG (có thể chứa mã chạy được); {_accepted(policy)}."
    if start.startswith(b"mz"):
        return f"Tệp là chương trình chạy được, không phải tài liệu; {_accepted(policy)}."
    if start.startswith(b"pk"):
        return f"Tệp nén (zip) không phải là {_expected(policy)}."
    return f"Tệp không phải là {_expected(policy)} hợp lệ."


def _accepted(policy: Policy) -> str:
    return "chỉ nhận " + ", ".join(LABELS[k] for k in LABELS if k in policy.kinds)


def _expected(policy: Policy) -> str:
    labels = [LABELS[k] for k in LABELS if k in policy.kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " hay " + labels[-1]


def _check_image(data: bytes, kind: str, policy: Policy) -> tuple[int, int]:
    broken = UploadRefused(f"Tệp không phải {LABELS[kind]} hợp lệ (bị hỏng hoặc không đọc được).")
    max_pixels = policy.max_pixels or MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads the header only: the size is known before any pixel is decoded.
            with Image.open(io.BytesIO(data)) as probe:
                if IMAGE_FORMATS.get(probe.format or "") != kind:
                    raise broken
                width, height = probe.size
                if width * height > max_pixels:
                    raise UploadRefused(_too_many_pixels(width, height, max_pixels))
                if not policy.decode_images:
                    return width, height
                probe.verify()
            with Image.open(io.BytesIO(data)) as full:
                full.load()  # verify() does not decode the pixels; a truncated file fails only here
                return full.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(
            f"Ảnh có kích thước quá lớn; giới hạn là {max_pixels // 1_000_000} triệu điểm ảnh."
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as exc:
        if isinstance(exc, UploadRefused):
            raise
        raise broken from exc


def _too_many_pixels(width: int, height: int, max_pixels: int) -> str:
    return (
        f"Ảnh có kích thước quá lớn ({_count(width)} × {_count(height)} điểm ảnh); "
        f"giới hạn là {max_pixels // 1_000_000} triệu điểm ảnh."
    )


def _count(n: int) -> str:
    """A whole number the Vietnamese way: 2.000."""
    return f"{n:,}".replace(",", ".")


def image_size(data: bytes, *, max_pixels: int | None = None) -> tuple[int, int] | None:
    """(width, height) of a JPEG, PNG or WebP photo that decodes completely within `max_pixels`;
    None for anything else (not an image, truncated, another format, or too many pixels)."""
    kind = sniff(data)
    if kind not in IMAGE_KINDS:
        return None
    try:
        return _check_image(data, kind, Policy(kinds=IMAGE_KINDS, max_bytes=len(data), max_pixels=max_pixels))
    except UploadRefused:
        return None


# Pages counted when no cap is asked for: enough to know the PDF has one.
_PDF_PAGES_WITHOUT_CAP = 1


def _check_pdf(data: bytes, max_pages: int | None) -> int | None:
    cap = max_pages if max_pages is not None else _PDF_PAGES_WITHOUT_CAP
    try:
        from pypdf import PdfReader

        reader: Any = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRefused("Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
        pages = _pages_up_to(reader, cap)
        declared = reader.trailer["/Root"]["/Pages"].get("/Count")
    except UploadRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise UploadRefused("Tệp PDF bị hỏng hoặc không hợp lệ.") from exc
    if pages < 1:
        raise UploadRefused("Tệp PDF không có trang nào.")
    if max_pages is not None and pages > max_pages:
        # The page tree was walked only past the cap; the count the file declares says how far past.
        shown = (
            _count(int(declared))
            if isinstance(declared, int) and declared > max_pages
            else f"hơn {_count(max_pages)}"
        )
        raise UploadRefused(
            f"Tệp PDF có {shown} trang, quá giới hạn {_count(max_pages)} trang; hãy tách thành tệp nhỏ hơn."
        )
    return pages if max_pages is not None else None


def _pages_up_to(reader: Any, cap: int) -> int:
    """The pages of the PDF's page tree, counted leaf by leaf but never past `cap` + 1: a 20 MB file of
    200,000 blank pages costs what `cap` pages cost (pypdf's own count flattens the whole tree)."""
    stack = [reader.trailer["/Root"]["/Pages"]]
    pages = nodes = 0
    while stack:
        node = stack.pop().get_object()
        nodes += 1
        if nodes > 20 * (cap + 1) + 1000:  # a tree of empty branches, or a loop
            raise UploadRefused("Tệp PDF bị hỏng hoặc không hợp lệ.")
        if "/Kids" in node:
            stack.extend(reversed(list(node["/Kids"])))
        else:
            pages += 1
            if pages > cap:
                break
    return pages


def _check_office(data: bytes, kind: str, limits: ArchiveLimits | None) -> None:
    names = check_archive(data, limits)
    if OFFICE_MAIN_PART[kind] not in names or "[Content_Types].xml" not in names:
        raise UploadRefused(f"Tệp không phải {LABELS[kind]} hợp lệ: thiếu phần nội dung chính.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(MACRO_MESSAGE)


BOMB_MESSAGE = "Tệp chứa dữ liệu nén bất thường (nghi ngờ bom nén); không đọc."


def declares_bomb(
    infos: Collection[zipfile.ZipInfo], *, max_total: int, big_member: int, max_ratio: float
) -> bool:
    """Whether a zip directory's declared sizes already pass the bounds: the inflated sizes adding up
    past `max_total`, or a member larger than `big_member` inflating more than `max_ratio` times. A quick
    first look only, read from the directory, which may lie: `check_archive` counts the real bytes."""
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > max_total or (info.file_size > big_member and ratio > max_ratio):
            return True
    return False


def check_archive(data: bytes, limits: ArchiveLimits | None = None) -> set[str]:
    """Inflate every member of the zip `data` in chunks, counting the bytes really produced, and raise
    UploadRefused when the total, one member or one member's ratio passes `limits`, or when a member
    inflates to another size or checksum than its directory declares. Returns the members' names.

    The sizes a zip declares are not trusted: zipfile stops at a member's declared size, but before it
    stops it inflates every compressed byte it was given in one call (1 GB for a 1 MB member declared as
    1,000 bytes), and python-docx and openpyxl read members whole. So the compressed bytes are inflated
    here, 64 KB of output at a time, exactly as far as zipfile would read them."""
    limits = limits or ARCHIVE_LIMITS
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, struct.error) as exc:
        raise UploadRefused("Tệp nén bị hỏng: không mở được phần nén (zip).") from exc
    if len(infos) > limits.max_entries:
        raise UploadRefused(BOMB_MESSAGE)
    total = 0
    for info in infos:
        total += _inflate_counting(data, info, limits, limits.max_total - total)
    return {info.filename for info in infos}


def _inflate_counting(data: bytes, info: zipfile.ZipInfo, limits: ArchiveLimits, room: int) -> int:
    if info.flag_bits & 0x1:
        raise UploadRefused("Tệp nén có mật khẩu; hãy lưu lại thành tệp không mật khẩu.")
    start = _data_offset(data, info)
    end = start + info.compress_size
    if end > len(data):
        raise UploadRefused(DAMAGED)
    cap = min(limits.max_member, room)
    if info.compress_type == zipfile.ZIP_STORED:
        produced, crc = info.compress_size, zlib.crc32(data[start:end])
        if produced > cap:
            raise UploadRefused(BOMB_MESSAGE)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        produced, crc = _inflate(data, start, end, info, limits, cap)
    else:  # Office writes stored or deflated members only
        raise UploadRefused("Tệp nén dùng kiểu nén lạ, không phải tệp Office thông thường.")
    if produced != info.file_size:
        raise UploadRefused("Tệp nén khai sai kích thước (nghi ngờ bom nén); không đọc.")
    if crc != info.CRC:
        # Same size, other bytes: a file damaged on the way (a cut download, a bad copy), not an attack.
        raise UploadRefused(DAMAGED)
    return produced


def _inflate(
    data: bytes, start: int, end: int, info: zipfile.ZipInfo, limits: ArchiveLimits, cap: int
) -> tuple[int, int]:
    inflater = zlib.decompressobj(-15)
    produced, crc, pos = 0, 0, start
    try:
        while True:
            if inflater.unconsumed_tail:
                chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            elif pos < end and not inflater.eof:
                chunk = inflater.decompress(data[pos : min(pos + _CHUNK, end)], _CHUNK)
                pos = min(pos + _CHUNK, end)
            else:
                break
            produced += len(chunk)
            crc = zlib.crc32(chunk, crc)
            ratio_broken = produced > limits.ratio_min_size and produced > limits.max_ratio * max(
                info.compress_size, 1
            )
            if produced > cap or ratio_broken:
                raise UploadRefused(BOMB_MESSAGE)
    except zlib.error as exc:
        raise UploadRefused(DAMAGED) from exc
    return produced, crc


def _data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise UploadRefused("Tệp nén bị hỏng: thiếu phần đầu của một thành phần.")
    name_len = int.from_bytes(header[26:28], "little")
    extra_len = int.from_bytes(header[28:30], "little")
    return int(info.header_offset) + 30 + name_len + extra_len


def _mb(size: int, decimals: int = 0) -> str:
    mb = size / (1024 * 1024)
    if decimals == 0 and abs(mb - round(mb)) < 1e-9:
        return f"{round(mb)} MB"
    return f"{mb:.1f}".replace(".", ",") + " MB"
