"""Text files: UTF-8/16, Windows-1258 and the legacy 8-bit Vietnamese encodings TCVN3 and VNI."""

from __future__ import annotations

import os
import random
import unicodedata

import pytest

from trienkhai.lib.docread import (
    UnreadableDocument,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    read_bytes,
    read_document,
)

from .util import FIXTURES, encode_cp1258, seed_text

SAMPLE = (
    "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG\nSố: 27/KH-LĐLĐ\nPhú Riềng, ngày 08 tháng 8 năm 2024\n"
    "Tăng cường tuyên truyền, giáo dục nâng cao nhận thức cho đoàn viên, người lao động.\n"
)


def test_utf8_without_bom_is_read_as_is() -> None:
    result = read_bytes(SAMPLE.encode("utf-8"), "kh.txt")
    assert (result.text, result.kind, result.encoding) == (SAMPLE, "text", "utf-8")


def test_utf8_bom_is_dropped() -> None:
    result = read_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "kh.md")
    assert result.text == SAMPLE
    assert result.encoding == "utf-8-sig"


def test_utf16_with_bom_is_decoded() -> None:
    result = read_bytes(SAMPLE.encode("utf-16"), "kh.txt")
    assert result.text == SAMPLE
    assert result.encoding == "utf-16"


def test_decomposed_utf8_comes_out_nfc() -> None:
    result = read_bytes(unicodedata.normalize("NFD", SAMPLE).encode("utf-8"), "kh.txt")
    assert result.text == SAMPLE


def test_windows_1258_combining_tones_are_composed_to_nfc() -> None:
    data = encode_cp1258(SAMPLE)
    assert b"\xec" in data or b"\xcc" in data  # really uses cp1258 combining tone marks
    result = read_bytes(data, "kh.txt")
    assert result.encoding == "cp1258"
    assert result.text == SAMPLE
    assert unicodedata.is_normalized("NFC", result.text)


def test_tcvn3_known_string_decodes() -> None:
    # The motto as TCVN3 (.VnTime) files carry it, bytes as a Latin-1 viewer shows them.
    assert (
        decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam".encode("latin-1"))
        == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    )


def test_vni_known_string_decodes() -> None:
    assert (
        decode_vni("Coäng Hoøa Xaõ Hoäi Chuû Nghóa Vieät Nam".encode("latin-1"))
        == "Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam"
    )


def test_vni_breve_circumflex_horn_and_y_dot() -> None:
    text = "ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ớ ờ ở ỡ ợ ứ ừ ử ữ ự đ Đ ỵ Ỵ ỉ ĩ ị ƯỜNG ĐỘ Ặ"
    assert decode_vni(encode_vni(text)) == text


def test_tcvn3_seed_round_trip_is_detected() -> None:
    seed = seed_text()
    result = read_bytes(encode_tcvn3(seed), "kh.txt")
    assert result.encoding == "tcvn3"
    assert "TCVN3" in result.warnings[0]
    assert "Số: 27 /KH-LĐLD" in result.text
    assert "Phú Riềng, ngày 08 tháng 8 năm 2024" in result.text
    assert "KẾ HOẠCH" in result.text  # capitals restored on an all-caps line
    # TCVN3 cannot tell "Bộ" from "BỘ" in a one-word line: only those differ.
    differing = [(a, b) for a, b in zip(result.text.split(), seed.split(), strict=True) if a != b]
    assert all(a.upper() == b for a, b in differing) and len(differing) <= 3


def test_vni_seed_round_trip_is_exact() -> None:
    seed = seed_text()
    result = read_bytes(encode_vni(seed), "kh.txt")
    assert result.encoding == "vni"
    assert result.text == seed


def test_committed_tcvn3_file_is_converted() -> None:
    result = read_document(FIXTURES / "tcvn3_sample.txt")
    assert result.encoding == "tcvn3"
    assert result.text == SAMPLE


def test_committed_vni_file_is_converted() -> None:
    result = read_document(FIXTURES / "vni_sample.txt")
    assert result.encoding == "vni"
    assert result.text == SAMPLE


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_are_an_unknown_encoding(seed: int) -> None:
    data = random.Random(seed).randbytes(4000)
    with pytest.raises(UnreadableDocument) as exc:
        read_bytes(data, "bi-an.txt")
    assert str(exc.value) == "Không xác định được bảng mã của tệp văn bản."


def test_high_bytes_without_vietnamese_are_an_unknown_encoding() -> None:
    data = bytes(random.Random(7).choice(range(0xA0, 0x100)) for _ in range(3000))
    with pytest.raises(UnreadableDocument, match="Không xác định được bảng mã"):
        read_bytes(data, "bi-an.txt")


def test_whitespace_only_text_has_no_content(tmp_path: os.PathLike) -> None:
    with pytest.raises(UnreadableDocument, match="không có nội dung chữ"):
        read_bytes(b"  \n\n\t ", "rong.txt")
