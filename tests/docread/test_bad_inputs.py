"""Every kind of unreadable upload gets its own one-line Vietnamese message."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import pytest

from trienkhai.lib import docread
from trienkhai.lib.docread import UnreadableDocument, read_bytes, read_document

from .util import png_bytes, require_tools


def _message(path_or_data: Path | bytes, name: str = "x.docx", **kwargs: object) -> str:
    with pytest.raises(UnreadableDocument) as exc:
        if isinstance(path_or_data, Path):
            read_document(path_or_data, **kwargs)
        else:
            read_bytes(path_or_data, name, **kwargs)
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "khong-co.docx"
    assert _message(path) == f"Không tìm thấy tệp: {path}"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    assert _message(path) == "Tệp rỗng, không có nội dung."


def test_binary_junk_named_docx() -> None:
    junk = random.Random(1).randbytes(5000)
    assert _message(junk, "ke-hoach.docx") == "Tệp không phải là tài liệu Word hợp lệ (.docx)."


def test_binary_junk_named_pdf() -> None:
    assert _message(random.Random(2).randbytes(5000), "ke-hoach.pdf") == "Tệp không phải là tệp PDF hợp lệ."


def test_truncated_docx_is_a_corrupt_zip() -> None:
    d = docx.Document()
    d.add_paragraph("Nội dung")
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()[:2000]
    assert _message(data) == "Tệp .docx bị hỏng: không mở được phần nén (zip)."


def test_zip_that_is_not_a_word_document() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "xin chào")
    assert _message(buf.getvalue()) == "Tệp nén không phải là tài liệu Word (.docx): thiếu word/document.xml."


def test_zip_bomb_disguised_as_docx_is_refused_before_parsing() -> None:
    # 400 MB of zeros deflate to about 400 KB; written in chunks, never held or stored whole.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = bytes(4 * 1024 * 1024)
            for _ in range(100):
                entry.write(chunk)
    data = buf.getvalue()
    assert len(data) < 2 * 1024 * 1024
    assert _message(data, "bom.docx") == "Tệp .docx chứa dữ liệu nén bất thường (nghi ngờ bom nén)."


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "lon.pdf"
    with path.open("wb") as fh:  # sparse: 60 MB on paper, nothing on disk
        fh.truncate(60 * 1024 * 1024)
    assert _message(path) == "Tệp quá lớn: 60,0 MB, giới hạn là 20 MB."


def test_upload_over_a_custom_limit() -> None:
    data = b"x" * (1536 * 1024)
    assert _message(data, "a.txt", max_bytes=1024 * 1024) == "Tệp quá lớn: 1,5 MB, giới hạn là 1 MB."


def test_password_protected_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    path = tmp_path / "khoa.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert _message(path) == "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."


def test_old_word_format_is_explained() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    assert "Word cũ (.doc)" in _message(data, "cu.doc")


def test_text_file_in_an_unknown_encoding() -> None:
    data = random.Random(3).randbytes(3000)
    assert _message(data, "la.txt") == "Không xác định được bảng mã của tệp văn bản."


@pytest.mark.slow
def test_image_without_text() -> None:
    require_tools("tesseract")
    assert _message(png_bytes(400, 300), "trang.png") == "Không nhận dạng được chữ nào trong ảnh."


def test_missing_tesseract_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = docread.shutil.which
    monkeypatch.setattr(
        docread.shutil, "which", lambda name: None if name == "tesseract" else real_which(name)
    )
    assert (
        _message(png_bytes(40, 30), "anh.png")
        == "Chưa cài phần mềm nhận dạng chữ (OCR: tesseract) trên máy chủ."
    )


def test_image_with_ocr_turned_off() -> None:
    assert "cần bật nhận dạng chữ" in _message(png_bytes(40, 30), "anh.png", ocr=False)
