"""What every reader shares: the result, the errors, the limits, and running a tool under bounds."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Zip-bomb guard for .docx, checked on the declared sizes before anything is decompressed (zipfile
# never yields more than the declared size of an entry, so the declared sizes bound the real work).
DOCX_MAX_UNCOMPRESSED = 150 * 1024 * 1024
DOCX_MAX_RATIO = 200
# Ratios only matter for entries big enough to hurt; tiny XML parts can compress very well.
DOCX_RATIO_MIN_SIZE = 2 * 1024 * 1024
DOCX_MAX_ENTRIES = 5000
# The XML of a document's parts (document.xml, numbering, styles ...) is parsed whole into memory at
# some ten times its size: a 148 MB document.xml (ratio 14, under the ratio guard) held a worker for
# minutes at 3 GB. A real plan's document.xml is well under 1 MB.
DOCX_MAX_XML_BYTES = 25 * 1024 * 1024
# The text of one document, whatever it came from: a plan is some 20,000 characters; over this it is
# refused rather than stored, rendered and parsed.
MAX_TEXT_CHARS = 2_000_000
# A PDF page whose text layer has fewer characters than this is treated as a scan.
PDF_MIN_CHARS_PER_PAGE = 40
SUBPROCESS_TIMEOUT = 120
# address space of one pdftotext / pdftoppm / tesseract run (tesseract with "vie" needs some 300 MB)
SUBPROCESS_MAX_MEMORY = 2 * 1024 * 1024 * 1024
OCR_DPI = 300
# Spaces between two header columns in tesseract output (body lines have single spaces).
OCR_COLUMN_GAP = 4
OCR_WARNING = "Văn bản được nhận dạng bằng OCR; hãy kiểm tra lại."

ProgressFn = Callable[[int, int], None]


class UnreadableDocument(Exception):
    """The document cannot be read; `str(exc)` is one Vietnamese sentence saying what is wrong."""


class TimeLimit(UnreadableDocument):
    """The reading ran past its deadline (or the worker is stopping) and was stopped."""


@dataclass(frozen=True)
class Deadline:
    """When one reading must be over: every tool run gets at most the time left, pages stop starting."""

    at: float  # time.monotonic()
    seconds: int

    @classmethod
    def after(cls, seconds: int) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)

    def left(self) -> float:
        return self.at - time.monotonic()

    def check(self) -> None:
        """Raise TimeLimit when the time is up."""
        if self.left() <= 0:
            raise TimeLimit(self.message())

    def message(self) -> str:
        return (
            f"Đọc văn bản vượt thời gian cho phép ({self.seconds} giây) nên đã dừng; "
            "hãy tách tệp thành phần nhỏ hơn hoặc tải lên bản có lớp chữ."
        )


STOPPED_MESSAGE = "Việc đọc văn bản bị dừng vì máy chủ khởi động lại; hãy tải tệp lên lại."


class OcrNeeded(UnreadableDocument):
    """A scan or an image, read with `ocr=False`: the text needs OCR (the caller may run it later)."""


@dataclass
class ReadResult:
    """Text of a document and how it was obtained."""

    text: str
    kind: str  # "text" | "docx" | "pdf" | "ocr"
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    used_ocr: bool = False


def check_text_size(text: str) -> str:
    """Refuse text longer than MAX_TEXT_CHARS with a Vietnamese message; return it unchanged otherwise."""
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(
            f"Văn bản quá dài: {len(text):,} ký tự, giới hạn là {MAX_TEXT_CHARS:,} ký tự.".replace(",", ".")
        )
    return text


def size_message(size: int, max_bytes: int) -> str:
    """The sentence for a file over the size limit: "Tệp quá lớn: 60,0 MB, giới hạn là 20 MB."."""
    return f"Tệp quá lớn: {_format_mb(size, always_decimal=True)}, giới hạn là {_format_mb(max_bytes)}."


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnreadableDocument(size_message(size, max_bytes))


def _format_mb(size: int, *, always_decimal: bool = False) -> str:
    """Size in MB the Vietnamese way: "60,0 MB"; a whole-number limit is written "20 MB"."""
    mb = size / (1024 * 1024)
    if not always_decimal and abs(mb - round(mb)) < 1e-9:
        return f"{round(mb)} MB"
    return f"{mb:.1f}".replace(".", ",") + " MB"


def _sniff(data: bytes) -> str | None:
    head = data[:1024]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return "image"
    if head.startswith(b"II*\x00") or head.startswith(b"MM\x00*") or head.startswith(b"BM"):
        return "image"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
