"""Check an evidence file's content against its extension, the way document upload checks documents.

A report's evidence (minutes, photos, spreadsheets) is stored as uploaded and opened by other officers,
so what it claims to be must be what it is: a PDF that pypdf can open, an Office file that is a bounded
zip with the right content type and no macros, an image with image bytes, a legacy Office file with the
OLE signature. Only the first bytes and the zip directory are read: checking costs little whatever the file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .base import UnreadableDocument
from .docx import check_zip

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OFFICE_MAIN = {
    ".docx": "wordprocessingml.document.main+xml",
    ".xlsx": "spreadsheetml.sheet.main+xml",
    ".pptx": "presentationml.presentation.main+xml",
}
_MACRO_EXTENSIONS = {".docm", ".xlsm", ".pptm", ".dotm", ".xltm"}
_IMAGE_MAGIC = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
ALLOWED_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".jpg", ".jpeg", ".png")
MACRO_MESSAGE = "Tệp có macro: không nhận tệp chứa macro (VBA); hãy lưu lại thành tệp không có macro."


def check_attachment(data: bytes, filename: str) -> str | None:
    """A Vietnamese sentence saying what is wrong with an evidence file, or None when it is what it claims.

    Refused: empty files, unknown extensions, content that does not match the extension (random bytes
    named .docx, HTML named .pdf), PDFs pypdf cannot open, Office files that are not bounded zips (zip
    bombs) or lack their main part, and any file with macros ("tệp có macro").
    """
    ext = Path(filename).suffix.lower()
    if not data:
        return "Tệp rỗng, không có nội dung."
    if ext in _MACRO_EXTENSIONS:
        return MACRO_MESSAGE
    if ext not in ALLOWED_EXTENSIONS:
        shown = ", ".join(ALLOWED_EXTENSIONS)
        return f"Không nhận tệp “{Path(filename).name}”: chỉ nhận các loại {shown}."
    if ext == ".pdf":
        return _check_pdf(data)
    if ext in _OFFICE_MAIN:
        return _check_office(data, ext)
    if ext in (".doc", ".xls"):
        if not data.startswith(_OLE):
            return f"Tệp không phải là tệp {ext} hợp lệ."
        if b"V\x00B\x00A\x00" in data[:1_000_000] or b"_VBA_PROJECT" in data[:1_000_000]:
            return MACRO_MESSAGE
        return None
    if not data.startswith(_IMAGE_MAGIC[ext]):
        return f"Tệp không phải là ảnh {ext.lstrip('.').upper()} hợp lệ."
    return None


def _check_pdf(data: bytes) -> str | None:
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        return "Tệp không phải là tệp PDF hợp lệ."
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
        if len(reader.pages) < 1:
            return "Tệp PDF không có trang nào."
    except Exception:  # pypdf raises many kinds on damaged files
        return "Tệp PDF bị hỏng hoặc không hợp lệ."
    return None


def _check_office(data: bytes, ext: str) -> str | None:
    if data.startswith(_OLE):
        return f"Tệp {ext} có mật khẩu hoặc là tệp Office cũ; hãy lưu lại thành {ext} không mật khẩu."
    if not data.startswith(b"PK\x03\x04"):
        return f"Tệp không phải là tệp {ext} hợp lệ."
    try:
        zf = check_zip(data)
        names = {i.filename for i in zf.infolist()}
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return MACRO_MESSAGE
        if "[Content_Types].xml" not in names:
            return f"Tệp không phải là tệp {ext} hợp lệ."
        info = zf.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            return f"Tệp không phải là tệp {ext} hợp lệ."
        types = zf.read(info).decode("utf-8", "replace")
    except UnreadableDocument as exc:
        return str(exc).replace(".docx", ext)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return f"Tệp {ext} bị hỏng."
    if "macroEnabled" in types or "vbaProject" in types:
        return MACRO_MESSAGE
    if _OFFICE_MAIN[ext] not in types:
        return f"Tệp không phải là tệp {ext} hợp lệ."
    return None
