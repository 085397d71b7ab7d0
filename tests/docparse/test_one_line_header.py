"""A header given on one line reads like the same header on many: fields found by their patterns."""

from __future__ import annotations

from trienkhai.lib.docparse import parse_text_strict

BODY = "\n\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"


def test_one_line_decision_header_gives_kind_title_and_no_authority_in_the_title() -> None:
    header = (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | Độc lập - Tự do - Hạnh phúc | "
        "Số: 14/2007/QĐ-UBND | Tam Kỳ, ngày 19 tháng 6 năm 2007 | QUYẾT ĐỊNH BAN HÀNH QUY CHẾ LÀM VIỆC CỦA "
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM"
    )
    doc = parse_text_strict(header + BODY)
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM"
    assert doc["number"] == "14/2007/QĐ-UBND"
    assert (doc["place"], doc["date"]) == ("Tam Kỳ", "2007-06-19")
    assert doc["doc_type"] == "QĐ"
    # the name after "CỦA" belongs to the title; the repeated one is the deciding authority under it
    assert doc["title"] == "BAN HÀNH QUY CHẾ LÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM"


def test_place_of_a_date_glued_to_a_dispatch_summary_is_only_the_place() -> None:
    text = (
        "VĂN PHÒNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 926/VPCP-QHQT "
        "V/v xúc tiến quảng bá du lịch Việt Nam Hà Nội, ngày 12 tháng 02 năm 2009\n\nKính gửi: Bộ Ngoại giao.\n"
    )
    doc = parse_text_strict(text)
    assert doc["place"] == "Hà Nội"
    assert doc["title"] == "V/v xúc tiến quảng bá du lịch Việt Nam"
