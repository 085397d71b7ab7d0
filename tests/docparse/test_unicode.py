"""Unicode forms: decomposed and composed letters, old and new tone placement, read as the same names."""

from __future__ import annotations

import unicodedata

from trienkhai.lib.docparse import parse_text_strict
from trienkhai.lib.docparse.text import canonical_tones

from .accuracy import CORPUS

KEYS = ("issuer", "parent_body", "number", "doc_type", "place", "date", "title", "recipients", "signer")
OLD_TONES = {"ỦY": "UỶ", "Ủy": "Uỷ", "ủy": "uỷ", "HÒA": "HOÀ", "hòa": "hoà", "thủy": "thuỷ"}


def _old_style(text: str) -> str:
    for new, old in OLD_TONES.items():
        text = text.replace(new, old)
    return text


def _mixed_forms(text: str) -> str:
    # every other line decomposed (NFD), as text pasted from two sources into one file
    lines = text.split("\n")
    return "\n".join(unicodedata.normalize("NFD", ln) if i % 2 else ln for i, ln in enumerate(lines))


def _fields(text: str) -> dict:
    doc = parse_text_strict(text)
    return {k: doc[k] for k in KEYS}


def test_old_and_new_tone_placement_spell_one_way() -> None:
    assert canonical_tones("UỶ BAN NHÂN DÂN") == "ỦY BAN NHÂN DÂN"
    assert canonical_tones("Hoà Bình, Thanh Hoá, thuỷ lợi, tuỳ") == "Hòa Bình, Thanh Hóa, thủy lợi, tùy"
    # closed syllables and "qu" keep the tone where it is
    assert canonical_tones("quý, hoàn thành, khuỷu, Huỳnh, thuế") == "quý, hoàn thành, khuỷu, Huỳnh, thuế"


def test_old_tone_placement_and_mixed_nfd_nfc_read_the_same_header_and_footer() -> None:
    text = (CORPUS / "kh_ubnd_huyen-pipe.txt").read_text(encoding="utf-8")
    variant = _mixed_forms(_old_style(text))
    assert variant != text and "UỶ BAN" in unicodedata.normalize("NFC", variant)
    assert _fields(variant) == _fields(text)


def test_a_whole_file_in_nfd_reads_like_nfc() -> None:
    text = (CORPUS / "qd_ubnd_xa-flat.txt").read_text(encoding="utf-8")
    assert _fields(unicodedata.normalize("NFD", text)) == _fields(text)


def test_issuer_printed_with_old_tone_placement_is_given_in_the_new_one() -> None:
    doc = parse_text_strict(
        "UỶ BAN NHÂN DÂN\nTỈNH THANH HOÁ\n\nSố: 12/KH-UBND\n\nThanh Hoá, ngày 02 tháng 3 năm 2024\n\nKẾ HOẠCH\nVề công tác thuỷ lợi\n"
    )
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"
    assert doc["place"] == "Thanh Hóa"
    assert doc["title"] == "Về công tác thủy lợi"
