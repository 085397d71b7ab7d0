"""Property tests: the parser never raises and stays fast on random text and damaged documents.

10,000 examples in all (2,500 + 2,000 + 4,500 + 1,000), each under a 1 s deadline. They call
`parse_text_strict`, so an internal error fails the test instead of being turned into a warning.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trienkhai.lib.docparse import SCHEMA, parse_text, parse_text_strict

from .accuracy import corpus_files
from .test_seed import SEED

TEXTS = [doc.read_text(encoding="utf-8") for doc, _ in corpus_files()] + [SEED.read_text(encoding="utf-8")]
LINES = [t.split("\n") for t in TEXTS]


def fast(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=1000,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check(doc: dict) -> None:
    assert doc["schema"] == SCHEMA
    for key in ("sections", "tasks", "assignments", "citations", "recipients", "warnings"):
        assert isinstance(doc[key], list)
    assert isinstance(doc["signer"], dict)
    for task in doc["tasks"]:
        assert task["id"].startswith(task["group"])
        assert unicodedata.is_normalized("NFC", task["text"])
    for value in (doc["title"], doc["number"], doc["issuer"], doc["date"]):
        assert value is None or (isinstance(value, str) and value == value.strip())
    if doc["date"]:
        assert len(doc["date"]) == 10


TOKENS = [
    "I.",
    "II.",
    "III",
    "IV.",
    "1.",
    "2)",
    "1.1.",
    "1.2",
    "a)",
    "b.",
    "- ",
    "+ ",
    "• ",
    "* ",
    "Điều 1.",
    "Điều",
    "PHẦN THỨ NHẤT",
    "Phần thứ hai:",
    "Chương II",
    "Mục 1.",
    "Số:",
    "Số",
    "27 /KH-LĐLD",
    "43-NQ/TW",
    "09- ĐA/TU",
    "30/2020/NĐ-CP",
    "123/UBND-VX",
    "/",
    "-",
    "ngày 08 tháng 8 năm 2024",
    "ngày 31/02/2024",
    "ngày 8/8/2024",
    "Phú Riềng,",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH:",
    "NGHỊ QUYẾT",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "Nơi nhận:",
    "Noi nhận",
    "TM. BAN THƯỜNG VỤ",
    "KT. CHỦ TỊCH",
    "T/M",
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "V/v",
    "Kính gửi:",
    "|",
    "||",
    "**",
    "#",
    "###",
    "_",
    "\\",
    "\n",
    "\n\n",
    "\n\n\n",
    " ",
    "  ",
    "Trên đây",
    "của Bộ Chính trị",
    "của",
    "do",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "“",
    "”",
    "(",
    ")",
    "tư-",
    "tưởng",
    "LIÊN ĐOÀN LAO ĐỘNG",
    "ỦY BAN NHÂN DÂN",
    "HUYỆN PHÚ RIỀNG",
    "Hoàng Thạch Sơn",
    "Ð",
    "ð",
    "3/7",
    "- 2 -",
    "Trang 4",
    "BỘ",
    "AN CHUYỂN",
    "nhiệm vụ",
    "giải pháp",
    "NHIỆM VỤ, GIẢI PHÁP",
    "TỔ CHỨC THỰC HIỆN",
    "Đối với",
    "(b.c);",
    "Lưu: VT.",
    "Căn cứ",
    ";",
    ":",
    ".",
    ",",
    "2024",
    "0",
    "99999",
    "\t",
    "\r\n",
    "\u00a0",
    "\u200b",
    "<br>",
    "e\u0301",
    "Ð",
    "ǅ",
    "İ",
    "ﬁ",
    "\U0001f600",
]


@fast(2500)
@given(st.text(max_size=3000))
def test_random_unicode_never_raises(text: str) -> None:
    check(parse_text_strict(text))


@fast(2000)
@given(st.lists(st.sampled_from(TOKENS), max_size=300), st.sampled_from(["", " ", "\n", " | "]))
def test_document_shaped_token_soup_never_raises(tokens: list[str], sep: str) -> None:
    check(parse_text_strict(sep.join(tokens)))


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


MUTATION = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("inject"), st.integers(0, 10_000), st.sampled_from(TOKENS)),
    st.tuples(st.just("strip"), st.integers(0, 10_000)),
    st.tuples(st.just("unicode"), st.integers(0, 10_000), st.text(max_size=40)),
    st.tuples(st.just("join"), st.integers(0, 10_000)),
    st.tuples(st.just("cut"), st.integers(0, 10_000), st.integers(0, 200)),
)


def mutate(lines: list[str], ops: list[tuple]) -> str:
    lines = list(lines)
    for op in ops:
        if not lines:
            break
        i = op[1] % len(lines)
        if op[0] == "delete":
            del lines[i]
        elif op[0] == "duplicate":
            lines.insert(i, lines[i])
        elif op[0] == "swap":
            j = op[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op[0] == "inject":
            lines.insert(i, op[2])
        elif op[0] == "strip":
            lines[i] = _strip_marks(lines[i])
        elif op[0] == "unicode":
            k = len(lines[i]) // 2
            lines[i] = lines[i][:k] + op[2] + lines[i][k:]
        elif op[0] == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
        elif op[0] == "cut":
            k = op[2] % (len(lines[i]) + 1)
            lines[i : i + 1] = [lines[i][:k], lines[i][k:]]
    return "\n".join(lines)


@fast(4500)
@given(st.integers(0, len(LINES) - 1), st.lists(MUTATION, min_size=1, max_size=25))
def test_mutated_corpus_documents_never_raise(which: int, ops: list[tuple]) -> None:
    check(parse_text_strict(mutate(LINES[which], ops)))


@fast(1000)
@given(st.integers(0, len(LINES) - 1), st.lists(st.integers(1, 40), min_size=1, max_size=20))
def test_flattening_runs_of_lines_never_raises(which: int, runs: list[int]) -> None:
    lines, out, i = LINES[which], [], 0
    for size in runs * 10:
        if i >= len(lines):
            break
        out.append(" ".join(lines[i : i + size]))
        i += size
    check(parse_text_strict("\n".join(out + lines[i:])))


SEED_TEXT = SEED.read_text(encoding="utf-8")
BIG_CASES = {
    "seed_repeated": (SEED_TEXT + "\n") * (1_000_000 // len(SEED_TEXT) + 1),
    "one_line_seed": SEED_TEXT.replace("\n", " ") * 60,
    "one_long_word": "a" * 1_000_000,
    "dashes": "- " * 500_000,
    "number_soup": "Số: 27 /KH-LĐLD ngày 08/8/2024 của Liên đoàn Lao động " * 19_000,
    "blank_lines": "\n" * 1_000_000,
}


@pytest.mark.parametrize("name", list(BIG_CASES))
def test_one_megabyte_inputs_parse_to_the_contract(name: str) -> None:
    # how long they take is measured by `make bench` (BENCH parse_1mb_worst_s), never asserted here
    text = BIG_CASES[name]
    assert len(text) >= 900_000
    check(parse_text_strict(text))


def test_parse_text_never_raises_on_non_string_like_input() -> None:
    assert parse_text("\x00\x01\ud800")["schema"] == SCHEMA
