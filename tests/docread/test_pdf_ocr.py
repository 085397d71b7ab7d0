"""PDFs with a text layer, and the honest OCR round trip: render -> rasterise -> OCR -> parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from trienkhai.lib.docread import OCR_WARNING, read_document
from trienkhai.lib.vn import fold

from .util import require_tools

pytestmark = pytest.mark.slow


def _parse(text: str) -> dict:
    from trienkhai.lib.docparse import parse_text

    return parse_text(text)


def test_text_pdf_reads_header_columns_one_after_the_other(rendered_seed: dict[str, Path]) -> None:
    require_tools("pdftotext", "pdfinfo")
    result = read_document(rendered_seed["pdf"])
    assert result.kind == "pdf" and not result.used_ocr
    assert result.pages and result.pages >= 2
    lines = [ln for ln in result.text.splitlines() if ln.strip()]
    assert lines[:6] == [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG",
        "Số: 27/KH-LĐLĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Riềng, ngày 08 tháng 8 năm 2024",
    ]
    # Wrapped lines are rejoined: every bullet of the plan is one line.
    assert any(
        ln.startswith("- Thường xuyên nắm bắt") and ln.endswith("trong tình hình mới.") for ln in lines
    )


def test_text_pdf_parses_like_the_seed(rendered_seed: dict[str, Path]) -> None:
    require_tools("pdftotext", "pdfinfo")
    doc = _parse(read_document(rendered_seed["pdf"]).text)
    assert doc["number"] == "27/KH-LĐLĐ"
    assert doc["issuer"] == "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG"
    assert doc["parent_body"] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC"
    assert doc["date"] == "2024-08-08"
    assert doc["place"] == "Phú Riềng"
    assert len(doc["tasks"]) == 26
    assert [len(a["duties"]) for a in doc["assignments"]] == [3, 2]
    assert doc["signer"]["name"] == "Hoàng Thạch Sơn"
    assert len(doc["recipients"]) == 5


def test_ocr_round_trip_of_a_scanned_pdf(scanned_seed: dict) -> None:
    require_tools("tesseract", "pdftoppm", "pdfinfo", "pdftotext")
    calls: list[tuple[int, int]] = []
    result = read_document(scanned_seed["pdf"], progress=lambda page, total: calls.append((page, total)))
    assert result.kind == "ocr" and result.used_ocr
    assert result.warnings == [OCR_WARNING]
    assert result.pages == scanned_seed["pages"]
    assert calls == [(n, scanned_seed["pages"]) for n in range(1, scanned_seed["pages"] + 1)]
    doc = _parse(result.text)
    # What OCR got exactly right, printed for the record (pytest -s shows it).
    expected = {
        "number": "27/KH-LĐLĐ",
        "date": "2024-08-08",
        "doc_type": "KH",
        "place": "Phú Riềng",
        "issuer": "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG",
        "parent_body": "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC",
    }
    exact = {key: doc.get(key) == value for key, value in expected.items()}
    print(f"OCR round trip: exact={exact} tasks={len(doc['tasks'])}/26 signer={doc['signer'].get('name')!r}")
    assert doc["number"] == "27/KH-LĐLĐ"
    assert doc["date"] == "2024-08-08"
    assert doc["doc_type"] == "KH"
    # Tesseract sometimes drops the marks of the bold capitals ("PHU RIENG"): compare without them.
    assert doc["issuer"] is not None and fold(doc["issuer"]) == fold(expected["issuer"])
    # the two header columns come apart by the word boxes: the motto is neither parent nor issuer
    assert doc["parent_body"] is not None and fold(doc["parent_body"]) == fold(expected["parent_body"])
    assert len(doc["tasks"]) >= 0.8 * 26


def test_ocr_of_one_page_image(scanned_seed: dict) -> None:
    require_tools("tesseract")
    result = read_document(scanned_seed["page1_png"])
    assert result.kind == "ocr" and result.pages == 1
    doc = _parse(result.text)
    assert doc["number"] == "27/KH-LĐLĐ"
    assert doc["date"] == "2024-08-08"
    assert doc["doc_type"] == "KH"


def test_scan_is_refused_when_ocr_is_off(scanned_seed: dict) -> None:
    from trienkhai.lib.docread import OcrNeeded

    require_tools("pdftotext", "pdfinfo")
    with pytest.raises(OcrNeeded, match="không có lớp chữ"):
        read_document(scanned_seed["pdf"], ocr=False)


def test_word_boxes_put_the_two_header_columns_apart() -> None:
    from trienkhai.lib.docread import OCR_COLUMN_GAP, unlayout
    from trienkhai.lib.docread.pdf import layout_from_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"

    def word(block: int, line: int, left: int, top: int, text: str) -> str:
        return f"5\t1\t{block}\t1\t{line}\t1\t{left}\t{top}\t{24 * len(text)}\t40\t90\t{text}"

    rows = [head]
    x = 100
    for w in "LIÊN ĐOÀN LAO ĐỘNG".split():
        rows.append(word(1, 1, x, 100, w))
        x += 24 * len(w) + 14
    x = 1300
    for w in "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".split():
        rows.append(word(2, 1, x, 104, w))  # another block, the same height: the motto column
        x += 24 * len(w) + 14
    rows.append(word(1, 2, 160, 150, "TỈNH"))
    rows.append(word(1, 2, 280, 150, "BÌNH"))
    text = layout_from_tsv("\n".join(rows))
    first = text.splitlines()[0]
    assert "ĐỘNG" + " " * OCR_COLUMN_GAP in first and first.rstrip().endswith("VIỆT NAM")
    lines = [ln for ln in unlayout(text, min_gap=OCR_COLUMN_GAP, join_lines=False).splitlines() if ln]
    assert lines[0] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH"
    assert lines[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
