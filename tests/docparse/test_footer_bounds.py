"""Nơi nhận ends where the signature or an appendix begins, even when they share a printed line."""

from __future__ import annotations

import pytest

from trienkhai.lib.docparse import parse_text_strict

HEAD = (
    "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC\nLIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG\n\nSố: 27/KH-LĐLĐ\n\n"
    "Phú Riềng, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\nTổ chức Tháng Công nhân năm 2024\n\n"
    "I. MỤC ĐÍCH\n1. Nâng cao nhận thức của đoàn viên.\nII. TỔ CHỨC THỰC HIỆN\n1. Ban Tuyên giáo\n"
    "- Theo dõi, tổng hợp kết quả.\n\n"
)
SIGNATURE = "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nNguyễn Văn An\n"
SIGNER = {"name": "Nguyễn Văn An", "title": "CHỦ TỊCH", "authority": ["TM. BAN THƯỜNG VỤ"]}
RECIPIENTS = ["LĐLĐ tỉnh", "Lưu: VT"]


@pytest.mark.parametrize(
    "footer",
    [
        "Nơi nhận:\n- LĐLĐ tỉnh;\n- Lưu: VT. TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nNguyễn Văn An\n",
        "Nơi nhận: - LĐLĐ tỉnh; - Lưu: VT. TM. BAN THƯỜNG VỤ CHỦ TỊCH Nguyễn Văn An\n",
    ],
    ids=["authority_on_last_recipient_line", "whole_footer_on_one_line"],
)
def test_recipients_end_where_the_authority_line_begins_on_the_same_line(footer) -> None:
    doc = parse_text_strict(HEAD + footer)
    assert doc["recipients"] == RECIPIENTS
    assert doc["signer"] == SIGNER


def test_recipients_end_where_the_signer_office_begins_on_the_same_line() -> None:
    doc = parse_text_strict(HEAD + "Nơi nhận:\n- LĐLĐ tỉnh;\n- Lưu: VT. CHỦ TỊCH\nNguyễn Văn An\n")
    assert doc["recipients"] == RECIPIENTS
    assert doc["signer"]["title"] == "CHỦ TỊCH"
    assert doc["signer"]["name"] == "Nguyễn Văn An"


def test_an_office_after_an_on_behalf_mark_stays_with_it() -> None:
    doc = parse_text_strict(
        HEAD + "Nơi nhận:\n- LĐLĐ tỉnh;\n- Lưu VT KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An\n"
    )
    assert doc["recipients"] == ["LĐLĐ tỉnh", "Lưu VT"]
    assert doc["signer"] == {"name": "Nguyễn Văn An", "title": "PHÓ CHỦ TỊCH", "authority": ["KT. CHỦ TỊCH"]}


def test_recipients_end_where_an_appendix_begins_on_the_same_line() -> None:
    footer = (
        SIGNATURE
        + "\nNơi nhận:\n- LĐLĐ tỉnh;\n- Lưu: VT. PHỤ LỤC Danh sách đơn vị tham gia\n1. Công đoàn cơ sở A\n"
    )
    doc = parse_text_strict(HEAD + footer)
    assert doc["recipients"] == RECIPIENTS
    assert doc["signer"] == SIGNER


def test_an_appendix_after_the_signature_is_not_footer() -> None:
    footer = "Nơi nhận:\n- LĐLĐ tỉnh;\n- Lưu: VT.\n" + SIGNATURE + "PHỤ LỤC\nDanh sách đơn vị tham gia\n"
    doc = parse_text_strict(HEAD + footer)
    assert doc["recipients"] == RECIPIENTS
    assert doc["signer"] == SIGNER
    assert not any("Danh sách" in w for w in doc["warnings"])
    assert any("Danh sách đơn vị tham gia" in p for p in doc["closing"] + doc["preamble"]) or any(
        "Danh sách đơn vị tham gia" in str(s) for s in doc["sections"]
    )


def test_a_board_named_ban_bi_thu_is_the_authority_not_the_office() -> None:
    footer = (
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN BÍ THƯ THƯỜNG TRỰC Phan Văn Mãi\n"
    )
    doc = parse_text_strict(HEAD + footer)
    assert doc["signer"] == {
        "name": "Phan Văn Mãi",
        "title": "BÍ THƯ THƯỜNG TRỰC",
        "authority": ["TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN"],
    }


@pytest.mark.parametrize(
    "signature",
    [
        "TM. BAN THƯỜNG VỤ CHỦ TỊCH Nguyễn Văn An Ngày 05/3/2024 trang tin đăng lại kế hoạch này\n",
        "TM. BAN THƯỜNG VỤ CHỦ TỊCH Đã ký Nguyễn Văn An ——— Xem thêm: kế hoạch năm 2023\n",
    ],
    ids=["text_after_name", "signed_mark_and_rule"],
)
def test_a_signature_run_on_one_line_with_text_after_it_gives_the_signer(signature) -> None:
    doc = parse_text_strict(HEAD + "Nơi nhận:\n- LĐLĐ tỉnh;\n- Lưu: VT.\n" + signature)
    assert doc["signer"] == SIGNER


@pytest.mark.parametrize(
    "footer",
    [
        "Nơi nhận: - LĐLĐ tỉnh; - Lưu: VT. Nguyễn Văn An\n",
        "Nơi nhận: - LĐLĐ tỉnh; - Lưu: VT. + Nguyễn Văn An\n",
    ],
    ids=["glued", "after_a_stray_mark"],
)
def test_a_name_after_the_archive_item_is_the_signer_not_a_recipient(footer) -> None:
    doc = parse_text_strict(HEAD + footer)
    assert doc["signer"]["name"] == "Nguyễn Văn An"
    assert doc["recipients"] == RECIPIENTS
