"""check_attachment: an evidence file's content must be what its extension says (issue 8, hostile 5)."""

from __future__ import annotations

import io
import zipfile

import pytest

from trienkhai.lib.docread import check_attachment
from trienkhai.lib.docread.attachments import MACRO_MESSAGE

from .util import png_bytes

DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    '{main}"/></Types>'
)


def office(main: str, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", DOCX_TYPES.format(main=main))
        zf.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_real_files_of_each_kind_pass() -> None:
    assert check_attachment(pdf_bytes(), "bien-ban.pdf") is None
    assert check_attachment(office("wordprocessingml.document.main+xml"), "bao-cao.docx") is None
    assert check_attachment(office("spreadsheetml.sheet.main+xml"), "so-lieu.xlsx") is None
    assert check_attachment(png_bytes(4, 4), "anh.png") is None
    assert check_attachment(b"\xff\xd8\xff\xe0" + b"\x00" * 100, "anh.jpg") is None
    assert check_attachment(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc") is None


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "rong.pdf", "rỗng"),
        (b"%PDF-1.4\n", "cut.pdf", "hỏng"),
        (b"<html><body>not a pdf</body></html>", "trang.pdf", "không phải là tệp PDF"),
        (bytes(range(256)) * 40, "ngau-nhien.docx", "không phải là tệp .docx"),
        (b"PK\x03\x04" + bytes(200), "vo.docx", ".docx"),
        (office("spreadsheetml.sheet.main+xml"), "nham.docx", "không phải là tệp .docx"),
        (b"GIF89a" + bytes(20), "anh.png", "không phải là ảnh PNG"),
        (b"plain text", "cu.xls", "không phải là tệp .xls"),
        (b"MZ\x90\x00", "chuong-trinh.exe", "chỉ nhận"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(data: bytes, name: str, says: str) -> None:
    problem = check_attachment(data, name)
    assert problem is not None and says in problem


def test_macro_documents_are_refused_as_macro_documents() -> None:
    vba = office("wordprocessingml.document.main+xml", {"word/vbaProject.bin": b"\x00" * 64})
    assert check_attachment(vba, "doi-ten.docx") == MACRO_MESSAGE
    enabled = office("ms-word.document.macroEnabled.main+xml".replace("officedocument.", ""))
    assert check_attachment(enabled, "doi-ten.docx") == MACRO_MESSAGE
    assert check_attachment(office("wordprocessingml.document.main+xml"), "mau.docm") == MACRO_MESSAGE
    assert (
        check_attachment(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"_VBA_PROJECT" + bytes(100), "cu.doc")
        == MACRO_MESSAGE
    )


def test_zip_bomb_named_docx_is_refused_from_its_directory() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", DOCX_TYPES.format(main="wordprocessingml.document.main+xml"))
        zf.writestr("word/document.xml", b"\x00" * (8 * 1024 * 1024))  # ratio ~1000
    data = buf.getvalue()
    assert len(data) < 100_000
    problem = check_attachment(data, "bom.docx")
    assert problem is not None and "bom nén" in problem
