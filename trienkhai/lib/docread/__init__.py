"""Read an uploaded document into plain text: text files, .docx, text PDFs, scanned PDFs and images.

The parser (`trienkhai.lib.docparse`) works on plain text; this module's job is to get that text out of
whatever an officer uploads, or to say in one Vietnamese sentence why it cannot. Nothing here imports
Django, so the command line, the web upload and the tests share it.

Dispatch is on content first (magic bytes), extension second: a .docx that is really a PDF is read as a
PDF, and junk named .docx is reported as not a Word document.
"""

from __future__ import annotations

import os
import shutil  # noqa: F401 - tests replace docread.shutil.which to simulate a missing tool
from pathlib import Path

from .attachments import check_attachment
from .base import (
    DEFAULT_MAX_BYTES,
    DOCX_MAX_ENTRIES,
    DOCX_MAX_RATIO,
    DOCX_MAX_UNCOMPRESSED,
    DOCX_MAX_XML_BYTES,
    DOCX_RATIO_MIN_SIZE,
    MAX_TEXT_CHARS,
    OCR_COLUMN_GAP,
    OCR_DPI,
    OCR_WARNING,
    PDF_MIN_CHARS_PER_PAGE,
    STOPPED_MESSAGE,
    SUBPROCESS_TIMEOUT,
    Deadline,
    OcrNeeded,
    ProgressFn,
    ReadResult,
    TimeLimit,
    UnreadableDocument,
    _check_size,
    _sniff,
    check_text_size,
    size_message,
)
from .docx import _check_zip, _read_docx
from .encodings import decode_tcvn3, decode_text, decode_vni, encode_tcvn3, encode_vni
from .layout import join_wrapped_names, unlayout
from .pdf import _read_image, _read_pdf, resume_tools, stop_tools

__all__ = [
    "preflight",
    "size_message",
    "DEFAULT_MAX_BYTES",
    "DOCX_MAX_ENTRIES",
    "DOCX_MAX_RATIO",
    "DOCX_MAX_UNCOMPRESSED",
    "DOCX_MAX_XML_BYTES",
    "DOCX_RATIO_MIN_SIZE",
    "MAX_TEXT_CHARS",
    "OCR_COLUMN_GAP",
    "OCR_DPI",
    "OCR_WARNING",
    "PDF_MIN_CHARS_PER_PAGE",
    "STOPPED_MESSAGE",
    "SUBPROCESS_TIMEOUT",
    "Deadline",
    "OcrNeeded",
    "TimeLimit",
    "resume_tools",
    "stop_tools",
    "ProgressFn",
    "ReadResult",
    "UnreadableDocument",
    "check_attachment",
    "decode_tcvn3",
    "decode_text",
    "decode_vni",
    "encode_tcvn3",
    "encode_vni",
    "join_wrapped_names",
    "read_bytes",
    "read_document",
    "unlayout",
]

# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------


def read_document(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ocr: bool = True,
    progress: ProgressFn | None = None,
) -> ReadResult:
    """Read the document at `path` and return its text.

    Raises UnreadableDocument (missing file, over `max_bytes`, empty, corrupt, password-protected, unknown
    encoding, nothing recognised by OCR ...). `ocr=False` refuses scans instead of running tesseract;
    `progress(page, total)` is called once per OCR'd page.
    """
    p = Path(path)
    if not p.exists():
        raise UnreadableDocument(f"Không tìm thấy tệp: {p}")
    if p.is_dir():
        raise UnreadableDocument(f"Đường dẫn là một thư mục, không phải tệp: {p}")
    size = p.stat().st_size
    _check_size(size, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"Không đọc được tệp {p.name}: {exc.strerror or exc}.") from exc
    return read_bytes(data, p.name, max_bytes=max_bytes, ocr=ocr, progress=progress)


def read_bytes(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ocr: bool = True,
    progress: ProgressFn | None = None,
    deadline: Deadline | None = None,
) -> ReadResult:
    """Read a document held in memory (the web upload); `filename` only supplies the extension.
    `deadline` bounds the whole reading (every tool run, and no OCR page starts after it): TimeLimit.

    Every read is bounded: the file's size, the XML inside a .docx, the time and memory of each tool run,
    and the text it gives (MAX_TEXT_CHARS). Over a bound is an UnreadableDocument in Vietnamese.
    """
    result = _read_bytes(data, filename, max_bytes=max_bytes, ocr=ocr, progress=progress, deadline=deadline)
    check_text_size(result.text)
    return result


# A file whose content is no known container although its extension promised one.
_NOT_WHAT_IT_SAYS = {
    ".docx": "Tệp không phải là tài liệu Word hợp lệ (.docx).",
    ".pdf": "Tệp không phải là tệp PDF hợp lệ.",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff"), "Tệp không phải là ảnh hợp lệ."),
}


def _sized_and_sniffed(data: bytes, filename: str, *, max_bytes: int) -> tuple[str, str | None]:
    """The first checks of both the web request and the worker (size, emptiness; raises
    UnreadableDocument), then the file's lower-case extension and the container its bytes show."""
    _check_size(len(data), max_bytes)
    if not data:
        raise UnreadableDocument("Tệp rỗng, không có nội dung.")
    return Path(filename).suffix.lower(), _sniff(data)


def preflight(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """The checks cheap enough for the web request that received the file: size, emptiness, a container
    that does not match its extension, a .docx whose zip directory already exceeds the bounds, an old
    Word file. Raises UnreadableDocument; the reading itself (`read_bytes`) runs in the task worker."""
    ext, kind = _sized_and_sniffed(data, filename, max_bytes=max_bytes)
    if kind == "zip":
        _check_zip(data)
    elif kind == "ole":
        raise UnreadableDocument(
            "Tệp là tài liệu Word cũ (.doc) hoặc .docx có mật khẩu; hãy lưu lại thành .docx không mật khẩu."
        )
    elif kind is None and ext in _NOT_WHAT_IT_SAYS:
        raise UnreadableDocument(_NOT_WHAT_IT_SAYS[ext])


def _read_bytes(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    ocr: bool,
    progress: ProgressFn | None,
    deadline: Deadline | None = None,
) -> ReadResult:
    ext, kind = _sized_and_sniffed(data, filename, max_bytes=max_bytes)
    if kind == "zip":
        return _read_docx(data)
    if kind == "pdf":
        return _read_pdf(data, ocr=ocr, progress=progress, deadline=deadline)
    if kind == "image":
        if not ocr:
            raise OcrNeeded("Tệp là ảnh; cần bật nhận dạng chữ (OCR) để đọc.")
        return _read_image(data, ext or ".png", progress=progress, deadline=deadline)
    if kind == "ole":
        raise UnreadableDocument(
            "Tệp là tài liệu Word cũ (.doc) hoặc .docx có mật khẩu; hãy lưu lại thành .docx không mật khẩu."
        )
    # Not a known container: what the extension promised decides the message.
    if ext in _NOT_WHAT_IT_SAYS:
        raise UnreadableDocument(_NOT_WHAT_IT_SAYS[ext])
    text, encoding, warnings = decode_text(data)
    if not text.strip():
        raise UnreadableDocument("Tệp không có nội dung chữ.")
    return ReadResult(text=text, kind="text", encoding=encoding, warnings=warnings)
