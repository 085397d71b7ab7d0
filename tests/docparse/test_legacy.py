"""Documents typed in the legacy Vietnamese encodings, TCVN3 (ABC) and VNI, and letter-spaced titles (issue 22)."""

from __future__ import annotations

from trienkhai.lib.docparse import parse_text_strict
from trienkhai.lib.docparse.legacy import decode_legacy, detect_legacy, join_letter_spaced

TCVN3 = (
    "Bé TµI CHÝNH\n"
    "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM\n"
    "§éc lËp - Tù do - H¹nh phóc\n"
    "Sè: 12/KH-BTC\n"
    "Hµ Néi, ngµy 05 th¸ng 3 n¨m 2013\n"
    "KÕ HO¹CH\n"
    "Tuyªn truyÒn ph¸p luËt cho ng\u00adêi lao ®éng\n\n"
    "C¨n cø LuËt C«ng ®oµn n¨m 2012;\n"
    "Thùc hiÖn KÕ ho¹ch cña Bé Tµi chÝnh vÒ c«ng t¸c tuyªn truyÒn n¨m 2013.\n"
)

VNI = (
    "UÛY BAN NHAÂN DAÂN\n"
    "TÆNH BEÁN TRE\n"
    "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM\n"
    "Ñoäc laäp - Töï do - Haïnh phuùc\n"
    "Soá: 12/KH-UBND\n"
    "Beán Tre, ngaøy 05 thaùng 3 naêm 2013\n"
    "KEÁ HOAÏCH\n"
    "Tuyeân truyeàn phaùp luaät cho ngöôøi lao ñoäng\n\n"
    "Caên cöù Luaät Coâng ñoaøn naêm 2012;\n"
)


def test_a_tcvn3_document_is_detected_and_read_as_unicode_with_a_warning() -> None:
    doc = parse_text_strict(TCVN3)
    assert (doc["issuer"], doc["number"], doc["date"], doc["place"]) == (
        "BỘ TÀI CHÍNH",
        "12/KH-BTC",
        "2013-03-05",
        "Hà Nội",
    )
    assert doc["title"] == "Tuyên truyền pháp luật cho người lao động"
    assert any("TCVN3" in w for w in doc["warnings"])


def test_a_vni_document_is_detected_and_read_as_unicode_with_a_warning() -> None:
    doc = parse_text_strict(VNI)
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN TỈNH BẾN TRE"
    assert (doc["number"], doc["date"], doc["place"]) == ("12/KH-UBND", "2013-03-05", "Bến Tre")
    assert doc["title"] == "Tuyên truyền pháp luật cho người lao động"
    assert doc["preamble"] == ["Căn cứ Luật Công đoàn năm 2012;"]
    assert any("VNI" in w for w in doc["warnings"])


def test_unicode_vietnamese_is_never_taken_for_a_legacy_encoding() -> None:
    text = "Bộ Tài chính hướng dẫn về việc thực hiện chế độ báo cáo năm 2013 của các đơn vị trực thuộc. " * 20
    assert detect_legacy(text) is None
    assert decode_legacy(text) == (text, None)


def test_a_tcvn3_copy_that_lost_its_u_gets_it_back_where_the_rime_needs_it() -> None:
    lost = TCVN3.replace("\u00ad", "")  # "ng­êi" copied as "ngêi": "ngời" is kept, "trêng" needs its ư
    text, kind = decode_legacy(lost + "Trêng Hµng kh«ng ViÖt Nam ®Æt t¹i thµnh phè Hå ChÝ Minh, níc ngoµi.\n")
    assert kind == "TCVN3"
    assert "Trường Hàng không Việt Nam đặt tại thành phố Hồ Chí Minh, nước ngoài." in text


def test_a_letter_spaced_title_joins_back_into_words() -> None:
    assert join_letter_spaced("Q U Y Ế T Đ Ị N H") == "QUYẾT ĐỊNH"
    assert join_letter_spaced("NG À Y 22 TH ÁN G 3 N Ă M 1 99 6") == "NGÀY 22 THÁNG 3 NĂM 1996"


def test_a_letter_spaced_kind_name_in_a_unicode_copy_is_read() -> None:
    text = (
        "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/QĐ-BTC\n"
        "Hà Nội, ngày 05 tháng 3 năm 2013\nQ U Y Ế T Đ Ị N H\nVề việc ban hành quy chế\n\nCăn cứ Luật;\n"
    )
    doc = parse_text_strict(text)
    assert (doc["doc_type"], doc["title"]) == ("QĐ", "Về việc ban hành quy chế")


def test_the_gazette_heading_under_the_kind_name_gives_issuer_number_and_date() -> None:
    text = (
        "QUYẾT ĐỊNH\nCỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 168/TTg NGÀY 22 THÁNG 3 NĂM 1996\n"
        "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ SỰ NGHIỆP\nTHỦ TƯỚNG CHÍNH PHỦ\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;\n"
    )
    doc = parse_text_strict(text)
    assert (doc["issuer"], doc["number"], doc["doc_type"], doc["date"]) == (
        "THỦ TƯỚNG CHÍNH PHỦ",
        "168/TTg",
        "QĐ",
        "1996-03-22",
    )
    assert doc["title"] == "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ SỰ NGHIỆP"


def test_the_gazette_heading_reads_alike_wrapped_mid_word() -> None:
    text = (
        "QUYẾT ĐỊNH\nCỦA THỦ TƯỚNG CHÍNH PHỦ 168/TTg NGÀ\nY 22 THÁNG 3 NĂM 1996\n"
        "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ SỰ NGHIỆP\nTHỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ;\n"
    )
    doc = parse_text_strict(text)
    assert (doc["issuer"], doc["number"], doc["date"]) == ("THỦ TƯỚNG CHÍNH PHỦ", "168/TTg", "1996-03-22")
