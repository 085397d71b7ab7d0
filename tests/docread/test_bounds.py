"""Every read is bounded: XML inside a .docx, the text, and each tool's time and memory (issue 8)."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from trienkhai.lib.docread import DOCX_MAX_XML_BYTES, MAX_TEXT_CHARS, UnreadableDocument, read_bytes
from trienkhai.lib.docread.pdf import _run

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_with_body(body: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr(
            "word/document.xml",
            b"<w:document " + W.encode() + b"><w:body>" + body + b"</w:body></w:document>",
        )
    return buf.getvalue()


def test_docx_holding_more_xml_than_the_bound_is_refused_before_parsing(tmp_path: Path) -> None:
    # little compression (ratio ~1.3): the ratio guard lets it through, the XML bound does not
    text = base64.b64encode(os.urandom(DOCX_MAX_XML_BYTES * 3 // 4 + 1024 * 1024))
    bomb = tmp_path / "bom.docx"
    bomb.write_bytes(docx_with_body(b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"))
    # read in a child whose address space is capped at 1 GB: parsing this XML whole would need several
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))\n"
        "from trienkhai.lib.docread import read_bytes, UnreadableDocument\n"
        "try:\n"
        "    read_bytes(open(sys.argv[1], 'rb').read(), 'bom.docx', max_bytes=200 * 1024**2)\n"
        "except UnreadableDocument as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "quá nhiều dữ liệu văn bản" in done.stdout


def test_text_over_the_character_bound_is_refused_whatever_its_format() -> None:
    words = ("Nội dung kế hoạch " * (MAX_TEXT_CHARS // 18 + 10)).encode("utf-8")
    with pytest.raises(UnreadableDocument, match="Văn bản quá dài"):
        read_bytes(words, "dai.txt")
    paragraphs = b"".join(
        b"<w:p><w:r><w:t>" + base64.b64encode(os.urandom(75_000)) + b"</w:t></w:r></w:p>"
        for _ in range(MAX_TEXT_CHARS // 100_000 + 1)
    )
    with pytest.raises(UnreadableDocument, match="Văn bản quá dài"):
        read_bytes(docx_with_body(paragraphs), "dai.docx")


def test_a_tool_run_over_the_memory_bound_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="bộ nhớ"):
        _run([sys.executable, "-c", "x = bytearray(4 * 1024 ** 3)"])


def test_a_tool_run_over_the_time_bound_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="quá lâu"):
        _run([sys.executable, "-c", "import time; time.sleep(30)"], timeout=1)
