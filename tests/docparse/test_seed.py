"""The seed document (a badly OCR'd district union plan) parses to the values the contract lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trienkhai.lib.docparse import parse_text, parse_text_strict

# The seed as the package ships it (the tests never read outside the repository).
_REPO = Path(__file__).resolve().parents[2]
SEED = _REPO / "trienkhai" / "documents" / "data" / "seed-27-KH-LDLD.txt"
TITLE = (
    "Thực hiện Nghị quyết số 43-NQ/TW, ngày 24/11/2023 của BCH Trung ương Đảng khóa XIII về tiếp tục phát "
    "huy truyền thống, sức mạnh đại đoàn kết dân tộc, xây dựng đất nước ta ngày càng phồn vinh, hạnh phúc"
)


@pytest.fixture(scope="module")
def seed() -> dict:
    return parse_text_strict(SEED.read_text(encoding="utf-8"))


def test_seed_header(seed: dict) -> None:
    assert seed["schema"] == "trienkhai.document/1"
    assert seed["parent_body"] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC"
    assert seed["issuer"] == "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG"
    assert seed["number"] == "27/KH-LĐLĐ"
    assert seed["number_raw"] == "27 /KH-LĐLD"
    assert seed["doc_type"] == "KH"
    assert seed["doc_type_name"] == "Kế hoạch"
    assert seed["place"] == "Phú Riềng"
    assert seed["date"] == "2024-08-08"
    assert seed["title"] == TITLE


def test_seed_sections_are_three_parts_with_six_groups_and_two_units(seed: dict) -> None:
    assert [s["label"] for s in seed["sections"]] == ["I", "II", "III"]
    assert [c["label"] for c in seed["sections"][1]["children"]] == ["1", "2", "3", "4", "5", "6"]
    assert [c["label"] for c in seed["sections"][2]["children"]] == ["1", "2"]
    assert len(seed["sections"][0]["items"]) == 3


def test_seed_has_26_tasks_in_groups_of_6_6_3_4_3_4(seed: dict) -> None:
    tasks = seed["tasks"]
    assert len(tasks) == 26
    counts = [sum(1 for t in tasks if t["group"] == f"II.{g}") for g in range(1, 7)]
    assert counts == [6, 6, 3, 4, 3, 4]
    assert tasks[0]["id"] == "II.1.1"
    assert tasks[-1]["id"] == "II.6.4"
    assert tasks[0]["group_title"].startswith("Tăng cường tuyên truyền, giáo dục")


def test_seed_paragraph_split_by_page_break_is_rejoined(seed: dict) -> None:
    last = seed["tasks"][5]["text"]
    assert "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác" in last
    assert last.endswith("trong tình hình mới.")


def test_seed_stamp_residue_is_not_text_of_the_plan(seed: dict) -> None:
    dumped = json.dumps(
        {k: seed[k] for k in ("sections", "tasks", "preamble", "closing")}, ensure_ascii=False
    )
    for fragment in ("AN CHUYỂN", '"BỘ"', '"PHỦ"', "3/7"):
        assert fragment not in dumped
    assert any("AN CHUYỂN" in w for w in seed["warnings"])


def test_seed_assignments(seed: dict) -> None:
    units = [(a["unit"], len(a["duties"])) for a in seed["assignments"]]
    assert units == [("Liên đoàn Lao động huyện", 3), ("công đoàn cơ sở", 2)]


def test_seed_recipients_and_signer(seed: dict) -> None:
    assert seed["recipients"] == [
        "VP LĐLĐ tỉnh(b.c)",
        "Thường trực Huyện ủy",
        "Ban Dân vận Huyện ủy",
        "Các CĐCS (t.h)",
        "Lưu: VT",
    ]
    assert seed["signer"]["name"] == "Hoàng Thạch Sơn"


def test_seed_citations(seed: dict) -> None:
    by_number = {c["number"]: c for c in seed["citations"]}
    expected = {
        "43-NQ/TW": "2023-11-24",
        "79/KH-LĐLĐ": "2024-08-02",
        "01-CTHĐ/ĐĐTLĐ": "2024-01-30",
        "62-CTr/TU": "2024-06-25",
        "02-NQ/TW": "2021-06-12",
        "05-CT/TW": "2016-05-15",
        "01-KL/TW": "2021-05-18",
        "1268/QĐ-TTg": "2022-10-19",
        "217-QĐ/TW": "2013-12-12",
        "218-QĐ/TW": "2013-12-12",
        "34-CT/TW": "2014-04-07",
        "09-ĐA/TU": None,
    }
    for number, date in expected.items():
        assert number in by_number, number
        assert by_number[number]["date"] == date, number
    assert "27/KH-LĐLĐ" not in by_number
    assert by_number["1268/QĐ-TTg"]["issuer"] == "Thủ tướng Chính phủ"
    assert by_number["02-NQ/TW"]["issuer"] == "Bộ Chính trị"
    assert by_number["79/KH-LĐLĐ"]["issuer"] == "Liên đoàn Lao động tỉnh Bình Phước"
    assert by_number["1268/QĐ-TTg"]["doc_type"] == "QĐ"
    assert by_number["43-NQ/TW"]["doc_type"] == "NQ"


def test_seed_warnings_name_the_repairs(seed: dict) -> None:
    text = " ".join(seed["warnings"])
    assert "27 /KH-LĐLD" in text
    assert "01-CTHD/ĐĐTLĐ" in text


def test_parse_text_matches_strict_parse_on_the_seed(seed: dict) -> None:
    assert parse_text(SEED.read_text(encoding="utf-8")) == seed
