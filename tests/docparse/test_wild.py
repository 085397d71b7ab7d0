"""The wild corpus (public documents from sources the parser was not developed on) and the layouts it taught."""

from __future__ import annotations

import json

from trienkhai.lib.docparse import parse_text_strict

from .accuracy import WILD, corpus_files, real_results

DEV = corpus_files(WILD)
HELDOUT = corpus_files(WILD / "heldout")
# the development part's share of annotated fields read right, as reached on this corpus (a floor: the
# parser may do better, never worse)
DEV_FLOOR = 304 / 305


def _head(*lines: str) -> str:
    """A dispatch of the finance ministry around the given header lines."""
    return "\n".join(lines) + "\n\nKính gửi: Cục Thuế tỉnh Kiên Giang.\n\nTrả lời công văn số 267/CT-KK.\n"


def test_wild_corpus_holds_at_least_forty_documents_each_with_its_source() -> None:
    pairs = DEV + HELDOUT
    assert len(pairs) >= 40
    assert len(HELDOUT) >= 14
    for _, expected in pairs:
        assert json.loads(expected.read_text(encoding="utf-8")).get("source"), expected.name


def test_wild_corpus_draws_on_none_of_the_sources_kept_for_measuring() -> None:
    kept = (
        "tnt305/tai_lieu_noi_bo",
        "johnPa02/thuvienphapluat-crawler",
        "hrmaster1982-dev/phapluat-8chude-data",
    )
    for _, expected in DEV + HELDOUT:
        source = json.loads(expected.read_text(encoding="utf-8"))["source"]
        assert not any(k.lower() in source.lower() for k in kept), expected.name


def test_wild_development_part_reads_at_least_its_floor_of_fields() -> None:
    right = seen = 0
    for doc, expected in DEV:
        for ok, _, _ in real_results(doc, expected).values():
            seen += 1
            right += ok
    assert right / seen >= DEV_FLOOR, f"{right}/{seen}"


def test_wild_corpus_as_a_whole_reads_at_least_95_percent_of_fields() -> None:
    # issue 22's goal, over the development and the held-out part together (the held-out part is scored,
    # never tuned on: its own figure is reported in heldout/FINAL_RUN.txt)
    right = seen = 0
    for doc, expected in DEV + HELDOUT:
        for ok, _, _ in real_results(doc, expected).values():
            seen += 1
            right += ok
    assert right / seen >= 0.95, f"{right}/{seen}"


def test_a_general_department_under_its_ministry_is_the_issuer_and_the_ministry_its_parent() -> None:
    doc = parse_text_strict(
        _head(
            "BỘ TÀI CHÍNH",
            "",
            "TỔNG CỤC THUẾ",
            "",
            "——-",
            "",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "",
            "Độc lập – Tự do – Hạnh phúc",
            "",
            "Số: 3723/TCT-KK",
            "",
            "V/v hoàn thuế GTGT hàng xuất khẩu",
            "",
            "Hà Nội, ngày 05 tháng 11 năm 2013",
        )
    )
    assert (doc["parent_body"], doc["issuer"]) == ("BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ")


def test_a_deputy_director_general_signs_under_the_director_general() -> None:
    doc = parse_text_strict(
        "TỔNG CỤC THUẾ\nSố: 1/TCT-CS\nHà Nội, ngày 05 tháng 11 năm 2013\nV/v thuế\n\nNội dung.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, CS.\n\nKT. TỔNG CỤC TRƯỞNG\n\nPHÓ TỔNG CỤC TRƯỞNG\n\nCao Anh Tuấn\n"
    )
    assert doc["signer"] == {
        "name": "Cao Anh Tuấn",
        "title": "PHÓ TỔNG CỤC TRƯỞNG",
        "authority": ["KT. TỔNG CỤC TRƯỞNG"],
    }


def test_the_prime_minister_is_the_office_under_on_behalf_of_the_government() -> None:
    doc = parse_text_strict(
        "CHÍNH PHỦ\nSố: 103/2014/NĐ-CP\nHà Nội, ngày 11 tháng 11 năm 2014\nNGHỊ ĐỊNH\nQUY ĐỊNH MỨC LƯƠNG\n\n"
        "Điều 1. Nội dung.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n**TM. CHÍNH PHỦ  \n THỦ TƯỚNG**\n Nguyễn Tấn Dũng\n"
    )
    assert doc["signer"]["title"] == "THỦ TƯỚNG"


def test_bold_marks_closed_and_reopened_between_two_words_read_as_a_space() -> None:
    doc = parse_text_strict(
        _head(
            "**BỘ LAO ĐỘNG – THƯƠNG BINH****VÀ XÃ HỘI**",
            "",
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "Số: 560/LĐTBXH-BHXH",
            "*V/v xác định tiền lương*",
            "*Hà Nội, ngày 06 tháng 02 năm 2018*",
        )
    )
    assert doc["issuer"] == "BỘ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"


def test_bold_marks_inside_one_word_leave_the_word_whole() -> None:
    doc = parse_text_strict(
        _head(
            "**B****Ộ TÀI CHÍNH**",
            "",
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "Số: 560/BTC-TCT",
            "*V/v thuế*",
            "*Hà Nội, ngày 06 tháng 02 năm 2018*",
        )
    )
    assert doc["issuer"] == "BỘ TÀI CHÍNH"


def test_a_pages_notes_after_the_signature_are_not_recipients() -> None:
    doc = parse_text_strict(
        "CỤC THUẾ TP HÀ NỘI\nSố: 51140/CT-HTr\nHà Nội, ngày 05 tháng 08 năm 2015\nV/v trả lời chính sách thuế.\n\n"
        "Nội dung.\n\nNơi nhận:\n– Như trên;\n– Lưu: VT, HTr(2).\n**KT. CỤC TRƯỞNG\n PHÓ CỤC TRƯỞNG**\n**Mai Sơn**\n"
        " ———————\n**Như vậy:**\n**– Báo cáo tài chính làm sai được phép khai bổ sung.**\n– Nếu thừa sẽ được bù trừ.\n"
    )
    assert doc["recipients"] == ["Như trên", "Lưu: VT, HTr(2)"]


def test_a_title_ending_on_the_first_words_of_the_issuers_name_keeps_them() -> None:
    doc = parse_text_strict(
        "BẢO HIỂM XÃ HỘI VIỆT NAM\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 01/QĐ-BHXH\n\n"
        "Hà Nội, ngày 03 tháng 01 năm 2014\n\nQUYẾT ĐỊNH\n\nVỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ CÁC CHẾ ĐỘ BẢO HIỂM XÃ HỘI\n"
        "TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM\n\nCăn cứ Luật Bảo hiểm xã hội;\n"
    )
    assert doc["title"] == "VỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ CÁC CHẾ ĐỘ BẢO HIỂM XÃ HỘI"


_PRE_1976 = (
    "BỘ LAO ĐỘNG | VIỆT NAM DÂN CHỦ CỘNG HÒA |\nSố: 6-LĐ/TT | Hà Nội, ngày 28 tháng 2 năm 1975 |\n"
    "Thi hành Nghị định số 97-CP ngày 2 tháng 5 năm 1974 về đăng ký lao động.\n"
)


def test_the_state_name_before_1976_is_the_motto_not_part_of_the_issuer() -> None:
    assert parse_text_strict(_PRE_1976)["issuer"] == "BỘ LAO ĐỘNG"


def test_a_number_with_the_office_before_the_kind_takes_its_kind_after_the_slash() -> None:
    doc = parse_text_strict(_PRE_1976)
    assert (doc["number"], doc["doc_type"], doc["doc_type_name"]) == ("6-LĐ/TT", "TT", "Thông tư")


def test_a_party_number_keeps_the_u_horn_of_its_code() -> None:
    doc = parse_text_strict(
        "TỈNH ỦY THỪA THIÊN HUẾ\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 445-KL/TƯ\n"
        "Thừa Thiên Huế, ngày 13 tháng 5 năm 2022\nKẾT LUẬN\nvề xây dựng hệ thống kết cấu hạ tầng\n\nI. ĐÁNH GIÁ\n"
    )
    assert (doc["number"], doc["date"]) == ("445-KL/TƯ", "2022-05-13")


def test_a_dash_between_two_upper_case_words_joins_one_body_name() -> None:
    doc = parse_text_strict(
        _head(
            "ỦY BAN NHÂN DÂN",
            "THÀNH PHỐ HỒ CHÍ MINH",
            "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI",
            "",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "",
            "Số: 17940/SLĐTBXH-VL",
            "V/v tuyển lao động",
            "Thành phố Hồ Chí Minh, ngày 06 tháng 11 năm 2014",
        )
    )
    assert doc["issuer"] == "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"


def test_the_kind_of_a_city_belongs_to_the_place_of_a_date_line_glued_to_a_summary() -> None:
    doc = parse_text_strict(
        _head(
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 17940/SGDĐT-VL",
            "V/v tuyển lao động Thành phố Hồ Chí Minh, ngày 06 tháng 11 năm 2014",
        )
    )
    assert doc["place"] == "Thành phố Hồ Chí Minh"


def test_a_summary_opening_with_ve_under_a_dispatch_number_is_its_title() -> None:
    doc = parse_text_strict(
        _head(
            "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI",
            "",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "",
            "Số: 17940/SLĐTBXH-VL",
            "Về tuyển lao động và báo cáo tình hình sử dụng lao động",
            "Hà Nội, ngày 06 tháng 11 năm 2014",
        )
    )
    assert (doc["title"], doc["is_dispatch"]) == (
        "Về tuyển lao động và báo cáo tình hình sử dụng lao động",
        True,
    )


def test_a_pages_dateline_and_title_above_the_header_are_left_out() -> None:
    doc = parse_text_strict(
        "10/30/13 Quyết định 460/QD-TCT của Tổng cục Thuế về việc ban hành quy trình Thanh tra thuế -\n\n"
        "Quyết định 460/QD-TCT của Tổng cục Thuế về việc ban hành quy trình Thanh tra thuế\n"
        "Thứ ba, 05 Tháng 5 2009 00:00 Tổng cục thuế &\n"
        "BO TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTONG CỤC THUÉ Độc lập - Tự do - Hạnh phúc\n\n"
        "Số: 460/QĐ-TCT Hà Nội, ngày 05 tháng 5 năm 2009\n\nQUYÉT ĐỊNH\nVề vệc ban hành quy trình thanh tra thuế\n\n"
        "Căn cứ Luật Quản lý thuế;\n"
    )
    assert (doc["issuer"], doc["number"], doc["date"]) == ("TONG CỤC THUÉ", "460/QĐ-TCT", "2009-05-05")


def test_the_rule_under_a_body_name_does_not_hide_the_name_from_the_header() -> None:
    # a web copy: non-breaking spaces, an escaped "\\_" rule under the name, a blank line after every line
    text = (WILD / "cv_btc_5485.txt").read_text(encoding="utf-8")
    head = text[: text.index("Kính gửi")]
    assert "\\_\\_" in head
    assert parse_text_strict(head + "Kính gửi: Cục Thuế các tỉnh.\n\nNội dung.\n")["issuer"] == "BỘ TÀI CHÍNH"


def test_a_title_citing_a_decree_goes_on_with_the_decrees_date_past_a_blank_line() -> None:
    doc = parse_text_strict(
        "BỘ THƯƠNG MẠI – BỘ TÀI CHÍNH\n\nSố: 07/2007/TTLT-BTM-BTC\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
        "Hà Nội, ngày 06 tháng 7 năm 2007\n\nTHÔNG TƯ LIÊN TỊCH\n"
        "Hướng dẫn thực hiện khuyến mại quy định tại Nghị định số 37/2006/NĐ-CP\n\n"
        "ngày 04 tháng 4 năm 2006 của Chính phủ\n\nCăn cứ Luật Thương mại;\n"
    )
    assert doc["title"] == (
        "Hướng dẫn thực hiện khuyến mại quy định tại Nghị định số 37/2006/NĐ-CP ngày 04 tháng 4 năm 2006 của Chính phủ"
    )
