"""The Decree 30 layout of `lib.render`, read back with python-docx: every rule of tests/layout.py on the
seed, a dispatch and a Party document, and the finishing rules of issue 12 (page numbers, the default
filing line, the leading zero, tables of figures)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from trienkhai.lib.render import display_number, filing_line, render_docx

from .layout import assert_decree30_layout

SEED_JSON = Path(__file__).parent / "docread" / "fixtures" / "seed.json"


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def _render(doc: dict, tmp_path: Path, name: str = "doc.docx") -> Path:
    return render_docx(doc, tmp_path / name)


def _footer_lines(d) -> list[str]:  # noqa: ANN001
    return [p.text for p in d.tables[-1].rows[0].cells[0].paragraphs]


def test_seed_follows_every_layout_rule(seed: dict, tmp_path: Path) -> None:
    assert_decree30_layout(_render(seed, tmp_path))


def test_dispatch_follows_every_layout_rule(seed: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(seed) | {
        "number": "86/LĐLĐ-TC",
        "doc_type": None,
        "doc_type_name": "Công văn",
        "is_dispatch": True,
        "title": "V/v báo cáo quyết toán tài chính công đoàn năm 2024",
        "addressees": ["Các công đoàn cơ sở trực thuộc"],
        "recipients": ["Như trên"],
    }
    d = assert_decree30_layout(_render(doc, tmp_path), dispatch=True)
    assert "Kính gửi: Các công đoàn cơ sở trực thuộc." in [p.text for p in d.paragraphs]
    assert _footer_lines(d)[-1] == "- Lưu: VT, TC."


def test_party_document_takes_the_party_motto_and_still_follows_the_rules(seed: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(seed) | {"number": "5-NQ/TW", "doc_type": "NQ", "doc_type_name": "Nghị quyết"}
    d = assert_decree30_layout(_render(doc, tmp_path))
    left = [p.text for p in d.tables[0].rows[0].cells[0].paragraphs]
    assert "Số 05-NQ/TW" in left


def test_page_number_is_a_page_field_centred_at_the_top_from_page_two(seed: dict, tmp_path: Path) -> None:
    d = docx.Document(str(_render(seed, tmp_path)))
    section = d.sections[0]
    assert section.different_first_page_header_footer
    codes = [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))]
    assert codes == ["PAGE"]
    kinds = [f.get(qn("w:fldCharType")) for f in section.header._element.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert section.header.paragraphs[0].alignment == 1  # centred
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    assert not any(p.text.strip() for p in section.first_page_header.paragraphs)


@pytest.mark.parametrize(
    ("number", "printed"),
    [
        ("5/BC-LĐLĐ", "05/BC-LĐLĐ"),
        ("05/BC-LĐLĐ", "05/BC-LĐLĐ"),
        ("27/KH-LĐLĐ", "27/KH-LĐLĐ"),
        ("123/UBND-VX", "123/UBND-VX"),
        ("2-NQ/TW", "02-NQ/TW"),
        ("43-NQ/TW", "43-NQ/TW"),
    ],
)
def test_numbers_under_ten_take_a_leading_zero(number: str, printed: str) -> None:
    assert display_number(number) == printed


def test_the_header_prints_the_number_with_its_leading_zero(seed: dict, tmp_path: Path) -> None:
    d = docx.Document(str(_render(seed | {"number": "5/BC-LĐLĐ", "doc_type": "BC"}, tmp_path)))
    assert "Số: 05/BC-LĐLĐ" in [p.text for p in d.tables[0].rows[0].cells[0].paragraphs]


def test_a_draft_number_leaves_room_for_the_serial(seed: dict, tmp_path: Path) -> None:
    d = assert_decree30_layout(_render(seed | {"number": "/KH-LĐLĐ"}, tmp_path))
    number = [p.text for p in d.tables[0].rows[0].cells[0].paragraphs if p.text.startswith("Số")][0]
    assert number.endswith("/KH-LĐLĐ") and "\u00a0" in number


def test_recipients_end_with_the_filing_line_of_the_issuing_unit(seed: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(seed)
    doc["recipients"] = [r for r in doc["recipients"] if not r.startswith("Lưu")]
    lines = _footer_lines(docx.Document(str(_render(doc, tmp_path))))
    assert lines[-2:] == ["- Các CĐCS (t.h);", "- Lưu: VT, LĐLĐ."]


def test_the_filing_line_names_the_drafting_unit_when_given(seed: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(seed) | {"recipients": [], "filing_unit": "BTC"}
    assert filing_line(doc) == "Lưu: VT, BTC"
    assert _footer_lines(docx.Document(str(_render(doc, tmp_path)))) == ["Nơi nhận:", "- Lưu: VT, BTC."]


def test_a_filing_line_already_there_is_not_repeated(seed: dict, tmp_path: Path) -> None:
    lines = _footer_lines(docx.Document(str(_render(seed, tmp_path))))
    assert [line for line in lines if "Lưu" in line] == ["- Lưu: VT."]


def test_a_table_of_figures_is_ruled_with_a_bold_centred_header(seed: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(seed)
    doc["sections"][0]["table"] = {
        "columns": ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
        "rows": [["1", "Đoàn viên kết nạp mới", "người", "1.234"], ["2", "Cuộc đối thoại", "cuộc", "19"]],
        "widths": [11, 96, 30, 28],
        "align": ["center", "left", "center", "right"],
    }
    d = assert_decree30_layout(_render(doc, tmp_path))
    table = d.tables[1]
    assert [c.text for c in table.rows[1].cells] == ["1", "Đoàn viên kết nạp mới", "người", "1.234"]
    widths = [round(c.width.mm) for c in table.rows[0].cells]
    assert widths[1] > 2 * widths[3] and abs(sum(widths) - 165) <= 1
    assert table.rows[1].cells[3].paragraphs[0].alignment == 2  # right
    assert table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt == 13


def test_every_run_names_times_new_roman_in_the_east_asian_slot(seed: dict, tmp_path: Path) -> None:
    d = docx.Document(str(_render(seed, tmp_path)))
    runs = [r for p in d.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(
        r._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman" for r in runs
    )
