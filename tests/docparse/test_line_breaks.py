"""Header and signature read from the token stream: where the copy breaks its lines does not matter (issue 22)."""

from __future__ import annotations

import pytest

from trienkhai.lib.docparse import parse_text_strict

TITLE = "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ Y TẾ"


def test_the_deciding_authority_after_a_bare_issuer_name_is_not_title() -> None:
    # the header prints the issuer bare ("ỦY BAN NHÂN DÂN"), the line under the title names it whole
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 232/QĐ-UBND "
        f"Ninh Bình, ngày 12 tháng 4 năm 2019 QUYẾT ĐỊNH {TITLE} CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH BÌNH\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
    )
    doc = parse_text_strict(text)
    assert doc["title"] == TITLE
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN"


def test_a_title_line_ending_on_a_comma_goes_on_past_a_blank_line() -> None:
    text = (
        "BỘ THƯƠNG MẠI\nSố: 07/2007/TT-BTM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 06 tháng 7 năm 2007\nTHÔNG TƯ\n"
        "Hướng dẫn thực hiện một số điều về khuyến mại và hội chợ,\n\n"
        "triển lãm thương mại\n\n"
        "Căn cứ Nghị định số 29/2004/NĐ-CP ngày 16 tháng 01 năm 2004 của Chính phủ;\n"
    )
    doc = parse_text_strict(text)
    assert doc["title"] == "Hướng dẫn thực hiện một số điều về khuyến mại và hội chợ, triển lãm thương mại"


PARTY_HEAD = (
    "ĐẢNG BỘ XÃ HÒA KHÁNH ĐẢNG CỘNG SẢN VIỆT NAM CHI BỘ ẤP HÓC THƠM 1 Hòa Khánh, ngày 06 tháng 5 năm 2026"
)


def test_the_rule_under_a_title_ends_it_on_a_one_line_header() -> None:
    text = (
        f"{PARTY_HEAD} Số 01-BC/CB BÁO CÁO Kết quả thực hiện Nghị quyết tháng 4 ----- "
        "I- Kết quả thực hiện nhiệm vụ tháng 4/2026 1- Công tác chính trị, tư tưởng\n\n"
        "Chi bộ thường xuyên quán triệt nâng cao về tư tưởng chính trị cho đảng viên trong toàn chi bộ ấp.\n"
    )
    assert parse_text_strict(text)["title"] == "Kết quả thực hiện Nghị quyết tháng 4"


def test_an_upper_case_kind_name_right_after_the_number_is_the_kind_name() -> None:
    # "KẾT LUẬN CỦA CHI BỘ": an upper-case word after the kind name does not make it a phrase of a title
    text = (
        f"{PARTY_HEAD} Số 01-KL/CBHT1 KẾT LUẬN CỦA CHI BỘ về thực hiện Nghị quyết Chi bộ tháng 5 năm 2026\n\n"
        "Ngày 06/5/2026, Chi bộ tổ chức họp đánh giá kết quả thực hiện Nghị quyết Chi bộ tháng 4.\n"
    )
    doc = parse_text_strict(text)
    assert doc["doc_type_name"] == "Kết luận"
    assert doc["title"] == "CỦA CHI BỘ về thực hiện Nghị quyết Chi bộ tháng 5 năm 2026"


def test_a_site_metadata_block_right_above_the_header_is_not_read_as_its_first_cell() -> None:
    text = (
        "Số hiệu: 07/2017/QĐ-UBND Loại văn bản: Quyết định\nNgày công báo: Đang cập nhật Số công báo: Đang cập nhật\n"
        "Tình trạng: Đã biết\nỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\n--------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 07/2017/QĐ-UBND\nTiền Giang, ngày 30 tháng 3 năm 2017\nQUYẾT ĐỊNH\n"
        "QUY ĐỊNH SỐ LƯỢNG CÁN BỘ CHUYÊN TRÁCH Ở CẤP XÃ\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    )
    assert parse_text_strict(text)["issuer"] == "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG"


_CITY_REST = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 4064/BHXH-THU\n"
    "Thành phố Hồ Chí Minh, ngày 10 tháng 9 năm 2019\nV/v thu bảo hiểm xã hội\n\nKính gửi: Các đơn vị\n"
)


@pytest.mark.parametrize(
    "names",
    [
        "BẢO HIỂM XÃ HỘI VIỆT NAM\nBẢO HIỂM XÃ HỘI TP. HỒ CHÍ MINH\n",
        "BẢO HIỂM XÃ HỘI VIỆT NAM\nBẢO HIỂM XÃ HỘI\nTP. HỒ CHÍ MINH\n",
    ],
    ids=["city_on_the_name_line", "city_on_its_own_line"],
)
def test_a_city_abbreviated_tp_stays_in_the_issuer_name(names) -> None:
    for text in (names + _CITY_REST, (names + _CITY_REST).replace("\n", " ", 6)):
        doc = parse_text_strict(text)
        assert (doc["parent_body"], doc["issuer"]) == (
            "BẢO HIỂM XÃ HỘI VIỆT NAM",
            "BẢO HIỂM XÃ HỘI TP. HỒ CHÍ MINH",
        )


def test_a_page_lead_in_glued_before_the_issuer_name_is_dropped() -> None:
    text = (
        "Thứ ba, 05 Tháng 5 2009 00:00 Tổng cục thuế & BỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "TỔNG CỤC THUẾ Độc lập - Tự do - Hạnh phúc Số: 460/QĐ-TCT Hà Nội, ngày 05 tháng 5 năm 2009 "
        "QUYẾT ĐỊNH Về việc ban hành quy trình thanh tra thuế\n\nCăn cứ Luật Thanh tra số 22/2004/QH11;\n"
    )
    doc = parse_text_strict(text)
    assert (doc["parent_body"], doc["issuer"]) == ("BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ")
    assert (doc["number"], doc["date"]) == ("460/QĐ-TCT", "2009-05-05")


def test_a_rule_printed_before_the_motto_does_not_open_the_body() -> None:
    text = (
        "VĂN PHÒNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n————— Độc lập - Tự do - Hạnh phúc\n\n"
        "Số: 330/TB-VPCP Hà Nội, ngày 18 tháng 10 năm 2022\n\nTHÔNG BÁO\nKết luận của Thủ tướng Chính phủ\n\n"
        "Ngày 03 tháng 10 năm 2022, tại trụ sở Chính phủ, Thủ tướng Chính phủ chủ trì cuộc họp.\n"
    )
    doc = parse_text_strict(text)
    assert (doc["number"], doc["place"], doc["date"]) == ("330/TB-VPCP", "Hà Nội", "2022-10-18")


def test_lower_case_words_inside_an_upper_case_title_do_not_cut_it() -> None:
    title = (
        "CÔNG ĐOÀN VỚI VIỆC TỔ CHỨC VÀ HOẠT ĐỘNG CỦA BAN thanh tra NHÂN DÂN THEO QUY ĐỊNH TẠI "
        "NGHỊ ĐỊNH SỐ 159/2016/NĐ-CP"
    )
    text = (
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n\n"
        f"Số: 1271/HD-TLĐ\n\nHà Nội, ngày 07 tháng 08 năm 2017\n\nHƯỚNG DẪN\n\n{title}\n\n"
        "I. TỔ CHỨC BAN THANH TRA NHÂN DÂN\n\n1. Phạm vi, đối tượng thực hiện\n"
    )
    assert parse_text_strict(text)["title"] == title


def test_a_short_document_footer_is_not_split_by_the_header_rules() -> None:
    text = (
        "VĂN PHÒNG CHÍNH PHỦ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "Số: 926/VPCP-KTTH V/v xúc tiến quảng bá du lịch Hà Nội, ngày 16 tháng 02 năm 2009\n\n"
        "Kính gửi: Bộ Tài chính.\n\nVăn phòng Chính phủ đề nghị Bộ có ý kiến về việc này./.\n\n"
        "Nơi nhận: - Như trên; - PTTg Nguyễn Thiện Nhân; - Tổng cục Du lịch; - Lưu: VT, KTTH (3) KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Phạm Văn Phượng\n"
    )
    signer = parse_text_strict(text)["signer"]
    assert (signer["title"], signer["name"]) == ("PHÓ CHỦ NHIỆM", "Phạm Văn Phượng")


def test_a_hyphenated_place_glued_after_the_number_stays_whole() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "Số: 55/2007/CT-UBND Phan Rang-Tháp Chàm, ngày 05 tháng 3 năm 2007 CHỈ THỊ Về việc phòng chống lụt bão\n\n"
        "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân;\n"
    )
    doc = parse_text_strict(text)
    assert (doc["place"], doc["date"]) == ("Phan Rang-Tháp Chàm", "2007-03-05")


_TB_HEAD = (
    "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 330/TB-VPCP\n"
    "Hà Nội, ngày 18 tháng 10 năm 2022\nTHÔNG BÁO\n"
)


def test_a_title_going_on_in_lower_case_after_a_blank_line_is_one_title() -> None:
    text = _TB_HEAD + (
        "Kết luận của Thủ tướng Chính phủ\n\ntại cuộc họp về kết nối dữ liệu\n\n"
        "Ngày 03 tháng 10 năm 2022, tại trụ sở Chính phủ, Thủ tướng Chính phủ chủ trì cuộc họp.\n"
    )
    assert (
        parse_text_strict(text)["title"] == "Kết luận của Thủ tướng Chính phủ tại cuộc họp về kết nối dữ liệu"
    )


def test_a_title_wrapped_after_an_old_style_cited_number_goes_on_with_its_date() -> None:
    text = _TB_HEAD.replace("THÔNG BÁO", "THÔNG TƯ") + (
        "HƯỚNG DẪN THI HÀNH QUYẾT ĐỊNH SỐ 78-CP\nNGÀY 13-4-1978 CỦA HỘI ĐỒNG CHÍNH PHỦ\n\n"
        "Ngày 13-4-1978, Hội đồng Chính phủ đã ban hành Quyết định số 78-CP.\n"
    )
    title = "HƯỚNG DẪN THI HÀNH QUYẾT ĐỊNH SỐ 78-CP NGÀY 13-4-1978 CỦA HỘI ĐỒNG CHÍNH PHỦ"
    assert parse_text_strict(text)["title"] == title


QH_HEAD = "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 46/2014/QH13 Hà Nội, ngày 13 tháng 06 năm 2014"


def test_an_upper_case_title_holding_a_comma_stays_whole_on_one_line() -> None:
    text = f"{QH_HEAD} LUẬT SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ\n\nCăn cứ Hiến pháp;\n"
    assert parse_text_strict(text)["title"] == "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ"


def test_an_upper_case_title_holding_a_semicolon_stays_whole_on_one_line() -> None:
    text = (
        "UỶ BAN NHÂN DÂN TỈNH BẾN TRE CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "Số: 1312/KH-UBND Bến Tre, ngày 28 tháng 3 năm 2013 KẾ HOẠCH TUYÊN TRUYỀN PHÁP LUẬT CHO NGƯỜI LAO ĐỘNG; "
        "NGƯỜI SỬ DỤNG LAO ĐỘNG TRONG DOANH NGHIỆP\n\nCăn cứ Quyết định số 31/2009/QĐ-TTg;\n"
    )
    assert parse_text_strict(text)["title"] == (
        "TUYÊN TRUYỀN PHÁP LUẬT CHO NGƯỜI LAO ĐỘNG; NGƯỜI SỬ DỤNG LAO ĐỘNG TRONG DOANH NGHIỆP"
    )


def test_a_law_is_a_kind_without_a_code() -> None:
    doc = parse_text_strict(f"{QH_HEAD}\n\nLUẬT\n\nBẢO HIỂM Y TẾ\n\nCăn cứ Hiến pháp;\n")
    assert (doc["doc_type"], doc["doc_type_name"], doc["is_dispatch"]) == (None, "Luật", False)
    assert doc["title"] == "BẢO HIỂM Y TẾ"


def test_a_title_joined_with_sentence_text_cut_mid_word_ends_where_lower_case_begins() -> None:
    # a copy truncated under the header ("ính quyền …" for "Căn cứ Luật Tổ chức chính quyền …"), all on one line
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |\n"
        "BAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ TRÊN ĐỊA BÀN TỈNH QUẢNG TRỊ ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ "
        "ính quyền địa phương ngày 19 tháng 6 năm 2015; Luật ban hành văn bản quy phạm pháp luật;\n"
    )
    assert (
        parse_text_strict(text)["title"]
        == "BAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ TRÊN ĐỊA BÀN TỈNH QUẢNG TRỊ"
    )


def test_a_long_upper_case_title_line_goes_on_after_an_upper_case_title_line() -> None:
    long = (
        "CỦA HỘI ĐỒNG NHÂN DÂN TỈNH VỀ QUY ĐỊNH CƠ CHẾ LỒNG GHÉP NGUỒN VỐN, HUY ĐỘNG NGUỒN VỐN VÀ TỶ LỆ " * 2
    )
    text = (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 216/QĐ-UBND\n"
        "Quảng Nam, ngày 06 tháng 02 năm 2023\nQUYẾT ĐỊNH\nVỀ VIỆC TRIỂN KHAI NGHỊ QUYẾT SỐ 41/2022/NQ-HĐND\n"
        f"{long.strip()}\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    )
    assert (
        parse_text_strict(text)["title"] == f"VỀ VIỆC TRIỂN KHAI NGHỊ QUYẾT SỐ 41/2022/NQ-HĐND {long.strip()}"
    )


def test_a_title_closing_on_a_sentence_case_parenthesis_is_read_after_the_kind_name() -> None:
    text = (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "Số: 158/KH-UBND Hà Nội, ngày 01 tháng 07 năm 2021 KẾ HOẠCH NÂNG CAO HIỆU QUẢ GIÁM SÁT, KIỂM TRA, "
        "THANH TRA TRONG DOANH NGHIỆP NHÀ NƯỚC (Giai đoạn: 2021- 2025)\n\nThực hiện Quyết định số 695/QĐ-TTg;\n"
    )
    assert parse_text_strict(text)["title"] == (
        "NÂNG CAO HIỆU QUẢ GIÁM SÁT, KIỂM TRA, THANH TRA TRONG DOANH NGHIỆP NHÀ NƯỚC (Giai đoạn: 2021- 2025)"
    )


def _footer(block: str) -> dict:
    head = "BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\nSố: 1703/TCT-CS\nV/v chính sách thuế\nHà Nội, ngày 05 tháng 5 năm 2014\n\n"
    return parse_text_strict(
        f"{head}Kính gửi: Cục Thuế tỉnh An Giang.\n\nTổng cục Thuế trả lời như sau.\n\n{block}"
    )


def test_a_signer_whose_surname_is_luu_is_not_taken_for_the_archive_item() -> None:
    doc = _footer(
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, CS (3b).\n\nKT. TỔNG CỤC TRƯỞNG\nVỤ TRƯỞNG VỤ CHÍNH SÁCH\n\nLưu Đức Huy\n"
    )
    assert doc["signer"]["name"] == "Lưu Đức Huy"
    assert doc["recipients"] == ["Như trên", "Lưu: VT, CS (3b)"]


def test_an_office_glued_to_the_name_in_the_source_gives_both() -> None:
    doc = _footer(
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆMTrần Quốc Toản\n"
    )
    assert (doc["signer"]["title"], doc["signer"]["name"]) == ("PHÓ CHỦ NHIỆM", "Trần Quốc Toản")


def test_an_office_glued_to_the_name_reads_alike_with_the_footer_on_one_line() -> None:
    doc = _footer("Nơi nhận: - Như trên; - Lưu: VT. KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆMTrần Quốc Toản\n")
    assert (doc["signer"]["title"], doc["signer"]["name"]) == ("PHÓ CHỦ NHIỆM", "Trần Quốc Toản")


def test_a_site_metadata_block_glued_onto_a_one_line_header_is_skipped() -> None:
    text = (
        "Loại văn bản : Quyết định Số hiệu : 15/2014/QĐ-UBND Người ký : Dương Ngọc Long Nơi ban hành : UBND TỈNH "
        "THÁI NGUYÊN Ngày phát hành : 10/06/2014 ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
        "NAM Độc lập - Tự do - Hạnh phúc Số: 15/2014/QĐ-UBND Thái Nguyên, ngày 10 tháng 6 năm 2014 QUYẾT ĐỊNH "
        "Ban hành Quy định quản lý kinh phí bảo đảm trật tự an toàn giao thông\n\nCăn cứ Luật Tổ chức HĐND và UBND;\n"
    )
    doc = parse_text_strict(text)
    assert (doc["issuer"], doc["number"], doc["date"]) == (
        "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "15/2014/QĐ-UBND",
        "2014-06-10",
    )
    assert doc["title"] == "Ban hành Quy định quản lý kinh phí bảo đảm trật tự an toàn giao thông"


def test_recipients_and_signature_interleaved_line_by_line_read_alike_joined() -> None:
    # OCR of two columns: "Nơi nhận: KT. CỤC TRƯỞNG" / "- Như kính gửi; PHÓ CỤC TRƯỞNG" / … / "Lê Bá Ngọc"
    lines = [
        "Nơi nhận: KT. CỤC TRƯỞNG",
        "- Như kính gửi; PHÓ CỤC TRƯỞNG",
        "- Trang Web Cục Thuế BN;",
        "- Lưu: VT,TTHT.",
        "Lê Bá Ngọc",
    ]
    for block in ("\n".join(lines), " ".join(lines)):
        doc = _footer(block + "\n")
        assert (doc["signer"]["title"], doc["signer"]["name"]) == ("PHÓ CỤC TRƯỞNG", "Lê Bá Ngọc")
        assert doc["recipients"] == ["Như kính gửi", "Trang Web Cục Thuế BN", "Lưu: VT,TTHT"]


def test_an_issuer_printed_in_sentence_case_under_its_parent_is_read() -> None:
    text = (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC\nLiên đoàn Lao động huyện Phú Riềng\nSố: 27/KH-LĐLĐ\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nPhú Riềng, ngày 08 tháng 8 năm 2024\n\n"
        "KẾ HOẠCH\nThực hiện Nghị quyết số 43-NQ/TW\n\nCăn cứ Điều lệ Công đoàn Việt Nam;\n"
    )
    doc = parse_text_strict(text)
    assert (doc["parent_body"], doc["issuer"]) == (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC",
        "Liên đoàn Lao động huyện Phú Riềng",
    )
    assert (doc["number"], doc["date"]) == ("27/KH-LĐLĐ", "2024-08-08")
