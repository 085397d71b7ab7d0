"""One rule test per family of layouts that web-copied official documents arrive in (issue 10)."""

from __future__ import annotations

from trienkhai.lib.docparse import parse_text_strict
from trienkhai.lib.docparse.numbers import find_citations

from .accuracy import REAL, corpus_files, real_results


def _head(doc: dict) -> tuple:
    return (
        doc["parent_body"],
        doc["issuer"],
        doc["number"],
        doc["place"],
        doc["date"],
        doc["doc_type"],
        doc["title"],
    )


def test_header_cells_copied_one_per_run_of_lines_between_pipes() -> None:
    text = (
        "ỦY\nBAN NHÂN DÂN\nTỈNH TIỀN GIANG\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập – Tự do – Hạnh phúc\n--------------\n|\nSố:\n33/2009/QĐ-UBND\n|\nMỹ\n"
        "Tho, ngày 24 tháng 12 năm 2009\n|\nQUYẾT ĐỊNH\nBAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ MẠNG TIN HỌC\n"
        "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG\nCăn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân;\n"
    )
    assert _head(parse_text_strict(text)) == (
        None,
        "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG",
        "33/2009/QĐ-UBND",
        "Mỹ Tho",
        "2009-12-24",
        "QĐ",
        "BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ MẠNG TIN HỌC",
    )


def test_header_cells_ending_in_a_pipe_with_markdown_marks() -> None:
    text = (
        "**LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC NINH** |\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |\n"
        "**LIÊN ĐOÀN LAO ĐỘNG XÃ YÊN PHONG** |\n*Độc lập - Tự do - Hạnh phúc* |\nSố: 15/KH-LĐLĐ |\n"
        "*Yên Phong, ngày 03 tháng 9 năm 2025* |\n\n## KẾ HOẠCH\n**Tổ chức Tháng Công nhân năm 2026**\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n- Chăm lo cho đoàn viên.\n"
    )
    assert _head(parse_text_strict(text)) == (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC NINH",
        "LIÊN ĐOÀN LAO ĐỘNG XÃ YÊN PHONG",
        "15/KH-LĐLĐ",
        "Yên Phong",
        "2025-09-03",
        "KH",
        "Tổ chức Tháng Công nhân năm 2026",
    )


def _dispatch(motto: str) -> str:
    return (
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n-------\n\n"
        + motto
        + "\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\n"
        "Số: 2862/UBND-VX\nV/v triển khai Tháng hành động\n\nSơn La, ngày 16 tháng 11 năm 2025\n\n"
        "Kính gửi: Các sở, ban, ngành\n\nNội dung công văn.\n"
    )


def test_wrapped_national_motto_is_neither_parent_nor_issuer() -> None:
    for motto in (
        "CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM",
        "CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM",
    ):
        doc = parse_text_strict(_dispatch(motto))
        assert (doc["parent_body"], doc["issuer"], doc["place"], doc["date"]) == (
            None,
            "ỦY BAN NHÂN DÂN TỈNH SƠN LA",
            "Sơn La",
            "2025-11-16",
        ), motto
        assert doc["title"] == "V/v triển khai Tháng hành động"


def _issuer_head(left: str) -> dict:
    return parse_text_strict(
        left
        + "\n-------\nSố: 12/KH-TLĐ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Hà Nội, ngày 02 tháng 8 năm 2025\n\nKẾ HOẠCH\nTổ chức Tháng Công nhân\n\nI. MỤC ĐÍCH\n- Một.\n"
    )


def test_wrapped_issuer_names_are_read_with_the_gazetteer_of_bodies() -> None:
    tld = _issuer_head("TỔNG LIÊN ĐOÀN LAO ĐỘNG\nVIỆT NAM")
    assert (tld["parent_body"], tld["issuer"]) == (None, "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM")
    ubnd = _issuer_head("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA")
    assert (ubnd["parent_body"], ubnd["issuer"]) == (None, "ỦY BAN NHÂN DÂN TỈNH SƠN LA")
    vpcp = _issuer_head("VĂN PHÒNG CHÍNH PHỦ\nTỔ CÔNG TÁC CỦA TTgCP")
    assert (vpcp["parent_body"], vpcp["issuer"]) == ("VĂN PHÒNG CHÍNH PHỦ", "TỔ CÔNG TÁC CỦA TTgCP")
    ubtv = _issuer_head("ỦY BAN THƯỜNG VỤ\nQUỐC HỘI")
    assert (ubtv["parent_body"], ubtv["issuer"]) == (None, "ỦY BAN THƯỜNG VỤ QUỐC HỘI")
    two = _issuer_head("LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC NINH\nLIÊN ĐOÀN LAO ĐỘNG XÃ YÊN PHONG")
    assert (two["parent_body"], two["issuer"]) == (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC NINH",
        "LIÊN ĐOÀN LAO ĐỘNG XÃ YÊN PHONG",
    )


def test_date_line_wrapped_inside_italics() -> None:
    doc = parse_text_strict(
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC NINH\nSố: 20/BC-LĐLĐ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "*Bắc Ninh, ngày 20\ntháng 11 năm 2025*\n\nBÁO CÁO\nKết quả Tháng Công nhân\n\nI. KẾT QUẢ\n- Một.\n"
    )
    assert (doc["place"], doc["date"], doc["doc_type"]) == ("Bắc Ninh", "2025-11-20", "BC")


def test_party_header_with_wrapped_party_name_and_board() -> None:
    doc = parse_text_strict(
        "BAN CHẤP HÀNH\nTRUNG ƯƠNG\n**BAN TUYÊN GIÁO VÀ DÂN VẬN**\n*\nSố 12-HD/BTGDVTW\n\nĐẢNG CỘNG SẢN\n"
        "VIỆT NAM\n*Hà Nội, ngày 20 tháng 11 năm 2025*\n\nHƯỚNG DẪN\nTuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n- Nội dung một.\n"
    )
    assert _head(doc) == (
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "12-HD/BTGDVTW",
        "Hà Nội",
        "2025-11-20",
        "HD",
        "Tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng",
    )


def test_rule_residue_is_not_part_of_the_issuer() -> None:
    doc = parse_text_strict(
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM -------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
        " ---------------\n\nSố: 1271/HD-TLĐ\n\nHà Nội, ngày 07 tháng 08 năm 2017\n\nHƯỚNG DẪN\n\n"
        "Công đoàn với việc tổ chức Ban Thanh tra nhân dân\n\nI. TỔ CHỨC\n\n- Một.\n"
    )
    assert (doc["issuer"], doc["number"], doc["date"]) == (
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "1271/HD-TLĐ",
        "2017-08-07",
    )


def test_dispatch_keeps_number_place_date_and_summary_with_no_kind() -> None:
    doc = parse_text_strict(
        "VĂN PHÒNG CHÍNH PHỦ\n-------\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 5680/CT-CS\n"
        "V/v đôn đốc thực hiện nhiệm vụ\n|\nHà Nội, ngày 02 tháng 8 năm 2025\n|\nKính gửi: Các Bộ\n\nNội dung.\n"
    )
    assert _head(doc) == (
        None,
        "VĂN PHÒNG CHÍNH PHỦ",
        "5680/CT-CS",
        "Hà Nội",
        "2025-08-02",
        None,
        "V/v đôn đốc thực hiện nhiệm vụ",
    )
    assert doc["is_dispatch"] and doc["doc_type_name"] == "Công văn"


def test_recipients_and_signature_sharing_table_rows_are_counted_once() -> None:
    doc = parse_text_strict(
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH\n\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nTriển khai nhiệm vụ\n\nI. MỤC ĐÍCH\n- Một.\n\n"
        "| Nơi nhận: | TM. ỦY BAN NHÂN DÂN |\n| - Như trên; | KT. CHỦ TỊCH |\n| - Lưu: VT. | PHÓ CHỦ TỊCH |\n"
        "| | (Đã ký) |\n| | Nguyễn Văn An |\n"
    )
    assert doc["recipients"] == ["Như trên", "Lưu: VT"]
    assert doc["signer"] == {
        "name": "Nguyễn Văn An",
        "title": "PHÓ CHỦ TỊCH",
        "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
    }


def test_cited_issuer_goes_on_past_a_comma_that_lists_fields() -> None:
    found = find_citations(
        "Căn cứ Quyết định số 12/QĐ-BVHTTDL ngày 02/3/2024 của Bộ Văn hóa, Thể thao và Du lịch về việc tổ chức; "
        "Công văn số 2717/LĐTBXH-PC ngày 08/8/2012 của Bộ Lao động - Thương binh và Xã hội về việc tiếp tục; "
        "Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ, Quyết định số 24/2021/QĐ-TTg của Thủ tướng",
        None,
        [],
    )
    assert {c["number"]: c["issuer"] for c in found} == {
        "12/QĐ-BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
        "2717/LĐTBXH-PC": "Bộ Lao động - Thương binh và Xã hội",
        "07/2021/NĐ-CP": "Chính phủ",
        "24/2021/QĐ-TTg": "Thủ tướng",
    }


def test_paragraphs_flattened_onto_one_line_get_their_breaks_back() -> None:
    doc = parse_text_strict(
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nTriển khai nhiệm vụ năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\n"
        "Quán triệt sâu rộng và thực hiện nghiêm túc, có hiệu quả Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư "
        "về xây dựng quan hệ lao động hài hòa, ổn định và tiến bộ trong tình hình mới. Tăng cường sự lãnh đạo, chỉ "
        "đạo của các cấp ủy, tổ chức đảng, chính quyền các cấp, tạo sự chuyển biến rõ nét về nhận thức và hành động. "
        "Đồng thời phát huy vai trò của tổ chức công đoàn trong việc đại diện cho người lao động.\n"
    )
    paragraphs = doc["sections"][0]["paragraphs"]
    assert [p.split()[0] for p in paragraphs] == ["Quán", "Tăng", "Đồng"]


def test_page_metadata_above_the_header_is_dropped_with_a_warning() -> None:
    doc = parse_text_strict(
        "Nghị quyết 18/2025/NQ-HĐND sửa đổi chế độ công tác phí tỉnh Thanh Hóa\nSố hiệu | 18/2025/NQ-HĐND |\n"
        "Loại văn bản | Nghị quyết |\nHỘI ĐỒNG NHÂN DÂN |\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM |\n"
        "Số: 18/2025/NQ-HĐND |\nThanh Hóa, ngày 21 tháng 7 năm 2025 |\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    )
    assert (doc["issuer"], doc["number"], doc["doc_type"], doc["date"]) == (
        "HỘI ĐỒNG NHÂN DÂN",
        "18/2025/NQ-HĐND",
        "NQ",
        "2025-07-21",
    )
    assert any("phía trên phần đầu" in w for w in doc["warnings"])


def test_real_corpus_reads_at_least_95_percent_of_fields() -> None:
    right = total = 0
    for doc, expected in corpus_files(REAL) + corpus_files(REAL / "heldout"):
        for ok, _, _ in real_results(doc, expected).values():
            right += ok
            total += 1
    assert total >= 400
    assert right / total >= 0.95, f"{right}/{total}"
