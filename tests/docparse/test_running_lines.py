"""What a PDF's text carries from its page margins into the document is dropped, never read as a field (issue 22)."""

from __future__ import annotations

from trienkhai.lib.docparse import parse_text_strict

from .accuracy import outline

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 41/2019/QĐ-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\nQuảng Trị, ngày 22 tháng 10 năm 2019\n\nQUYẾT ĐỊNH\n"
    "Ban hành Quy định chế độ báo cáo định kỳ\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\nQUYẾT ĐỊNH:\n\n"
)
BODY = (
    "Điều 1. Ban hành kèm theo Quyết định này Quy định chế độ báo cáo định kỳ phục vụ mục tiêu quản lý\n"
    "trên địa bàn tỉnh.\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày 05/11/2019.\n"
    "Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này.\n\n"
    "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Đức Chính\n"
)


def _texts(doc: dict) -> str:
    return " ".join(str(x) for x in (doc["title"], doc["preamble"], outline(doc["sections"]), doc["closing"]))


def test_a_gazette_running_header_above_the_header_and_between_pages_is_dropped() -> None:
    running = "CÔNG BÁO/Số 45 + 46/Ngày 10-01-2020"
    body = BODY.replace("quản lý\n", f"quản lý\n\n{running}\n\n")
    doc = parse_text_strict(f"{running}\n{HEAD}{body}")
    assert (doc["issuer"], doc["number"], doc["date"]) == (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
        "41/2019/QĐ-UBND",
        "2019-10-22",
    )
    assert doc["title"] == "Ban hành Quy định chế độ báo cáo định kỳ"
    assert "CÔNG BÁO" not in _texts(doc)
    assert any("đầu trang" in w for w in doc["warnings"])


def test_page_addresses_and_page_counts_are_dropped_and_a_paragraph_goes_on_across_them() -> None:
    body = BODY.replace("quản lý\n", "quản lý\n\nhttp://www.quangtri.gov.vn 1/2\nTrang 2/2\n\n")
    doc = parse_text_strict(HEAD + body)
    first = doc["sections"][0]
    assert first["title"] == (
        "Ban hành kèm theo Quyết định này Quy định chế độ báo cáo định kỳ phục vụ mục tiêu quản lý trên địa bàn tỉnh."
    )
    assert "http" not in _texts(doc) and "Trang 2" not in _texts(doc)


def test_a_browser_print_header_repeated_on_every_page_is_never_the_issuer() -> None:
    printed = "10/30/13 Quyết định 41/2019/QĐ-UBND của UBND tỉnh Quảng Trị - Thư viện"
    body = BODY.replace("Điều 2.", f"\n{printed}\n\nĐiều 2.").replace("Điều 3.", f"\n{printed}\n\nĐiều 3.")
    doc = parse_text_strict(f"{printed}\n{HEAD}{body}")
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
    assert "Thư viện" not in _texts(doc)


def test_a_running_title_with_the_page_number_repeated_on_each_page_is_dropped() -> None:
    running = "Quyết định số 41/2019/QĐ-UBND - Sở Tư pháp tỉnh Quảng Trị"
    body = "".join(
        f"{line}\n\n{running}\n\n" if line.startswith("Điều") else f"{line}\n" for line in BODY.split("\n")
    )
    doc = parse_text_strict(HEAD + body)
    assert [s["id"] for s in doc["sections"]] == ["Đ1", "Đ2", "Đ3"]
    assert "Sở Tư pháp" not in _texts(doc)
    assert any("đầu trang" in w for w in doc["warnings"])
    assert doc["signer"]["name"] == "Nguyễn Đức Chính"


def test_stamp_residue_and_page_numbers_in_the_body_are_not_the_signer() -> None:
    body = BODY.replace("Điều 2.", "\n- 2 -\n\nSAO Y\n\nĐiều 2.")
    doc = parse_text_strict(HEAD + body)
    assert (doc["signer"]["name"], doc["signer"]["title"]) == ("Nguyễn Đức Chính", "CHỦ TỊCH")
    assert "SAO Y" not in _texts(doc)
