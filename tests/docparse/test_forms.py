"""Small documents that pin down single rules of the parser."""

from __future__ import annotations

from trienkhai.lib.docparse import format_outline, parse_text, parse_text_strict

DECISION = """UBND HUYỆN PHÚ RIỀNG
PHÒNG NỘI VỤ
Số: 15/QD-PNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Riềng, ngày 8/8/2024

QUYẾT ĐỊNH
Về việc cử cán bộ đi học

Điều 1. Cử ông Nguyễn Văn A đi học.
"""


def test_short_date_line_and_type_code_repaired_from_the_type_name() -> None:
    doc = parse_text_strict(DECISION)
    assert (doc["parent_body"], doc["issuer"]) == ("UBND HUYỆN PHÚ RIỀNG", "PHÒNG NỘI VỤ")
    assert (doc["number"], doc["doc_type"], doc["date"]) == ("15/QĐ-PNV", "QĐ", "2024-08-08")
    assert doc["title"] == "Về việc cử cán bộ đi học"
    assert any("15/QD-PNV" in w for w in doc["warnings"])


def test_interleaved_table_cells_header() -> None:
    doc = parse_text_strict(
        "| ĐẢNG BỘ TỈNH BÌNH PHƯỚC | ĐẢNG CỘNG SẢN VIỆT NAM |\n"
        "| HUYỆN ỦY PHÚ RIỀNG | Phú Riềng, ngày 10 tháng 9 năm 2024 |\n"
        "| Số 05-NQ/HU | |\n\nNGHỊ QUYẾT\nvề công tác công đoàn\n\nI. TÌNH HÌNH\nNội dung.\n"
    )
    assert (doc["parent_body"], doc["issuer"], doc["number"]) == (
        "ĐẢNG BỘ TỈNH BÌNH PHƯỚC",
        "HUYỆN ỦY PHÚ RIỀNG",
        "05-NQ/HU",
    )
    assert (doc["doc_type"], doc["date"], doc["title"]) == ("NQ", "2024-09-10", "về công tác công đoàn")


def test_dispatch_has_no_type_code() -> None:
    doc = parse_text_strict(
        "ỦY BAN NHÂN DÂN\nHUYỆN PHÚ RIỀNG\nSố: 123/UBND-VX\nV/v triển khai kế hoạch\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPhú Riềng, ngày 21 tháng 10 năm 2024\n\n"
        "Kính gửi: Các xã.\n\nĐề nghị các xã thực hiện./.\n"
    )
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN HUYỆN PHÚ RIỀNG"
    assert doc["parent_body"] is None
    assert (doc["doc_type"], doc["doc_type_name"], doc["is_dispatch"]) == (None, "Công văn", True)
    assert doc["title"] == "V/v triển khai kế hoạch"
    assert doc["addressees"] == ["Các xã"]


def test_unknown_values_are_null_never_guessed() -> None:
    doc = parse_text("Một đoạn văn bình thường không phải văn bản hành chính.")
    assert [doc[k] for k in ("issuer", "number", "doc_type", "date", "title")] == [None] * 5
    assert doc["tasks"] == [] and doc["citations"] == []
    assert doc["warnings"]


def test_outline_is_vietnamese_text() -> None:
    outline = format_outline(parse_text_strict(DECISION))
    assert outline.startswith("QUYẾT ĐỊNH số 15/QĐ-PNV")
    assert "Người ký:" in outline


def test_ocr_dash_of_the_rule_under_the_body_name_does_not_open_the_body() -> None:
    # A scan of a commune union's report: OCR reads the short rule under the parent body's name as a
    # dash in front of its second line. It is part of the name, not a bullet that starts the body.
    doc = parse_text_strict(
        "LIÊN ĐOÀN LAO ĐỘNG\n-    TỈNH AN BÌNH\nCÔNG ĐOÀN XÃ HÒA LẠC\nSố: 01/BC-CĐX\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hòa Lạc, ngày 10 tháng 4 năm 2026\nBÁO CÁO\n\nKết quả thực hiện Kế hoạch năm 2026\n"
        "I. KẾT QUẢ\nĐã tổ chức 4 buổi tuyên truyền.\n"
    )
    assert (doc["number"], doc["date"], doc["doc_type"]) == ("01/BC-CĐX", "2026-04-10", "BC")
    assert doc["parent_body"] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH AN BÌNH"
