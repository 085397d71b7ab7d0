"""Decree 30 layout: the .docx geometry and header, the PDF text, the `trienkhai render` command."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from trienkhai.lib.render import RenderError, render_docx, validate_for_render

from .util import SEED_TXT, require_tools

TRIENKHAI = Path(sys.executable).with_name("trienkhai")


def _cells_text(table) -> list[str]:  # noqa: ANN001
    return ["\n".join(p.text for p in cell.paragraphs) for cell in table.rows[0].cells]


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory, seed_doc: dict) -> docx.Document:
    path = render_docx(seed_doc, tmp_path_factory.mktemp("render") / "seed.docx")
    return docx.Document(str(path))


def test_page_is_a4_with_decree_30_margins(seed_docx: docx.Document) -> None:
    section = seed_docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    mm = {
        name: round(getattr(section, f"{name}_margin").mm, 1) for name in ("top", "bottom", "left", "right")
    }
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20


def test_body_is_times_new_roman_13_to_14_pt_justified_with_indent(seed_docx: docx.Document) -> None:
    normal = seed_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    body = [p for p in seed_docx.paragraphs if p.text.startswith("- Các cấp công đoàn tiếp tục")]
    assert len(body) == 1
    para = body[0]
    assert para.alignment == 3  # JUSTIFY
    assert 1.0 <= para.paragraph_format.first_line_indent.cm <= 1.27
    assert para.paragraph_format.space_after.pt == 6
    run = para.runs[0]
    assert run.font.name == "Times New Roman" and 13 <= run.font.size.pt <= 14


def test_header_table_has_issuer_number_motto_and_date(seed_docx: docx.Document) -> None:
    left, right = _cells_text(seed_docx.tables[0])
    # Long names are broken before their locality, as printed headers do.
    assert left.split("\n")[:2] == ["LIÊN ĐOÀN LAO ĐỘNG", "TỈNH BÌNH PHƯỚC"]
    assert "LIÊN ĐOÀN LAO ĐỘNG\nHUYỆN PHÚ RIỀNG" in left
    assert "Số: 27/KH-LĐLĐ" in left.split("\n")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert "Phú Riềng, ngày 08 tháng 8 năm 2024" in right
    issuer_run = seed_docx.tables[0].rows[0].cells[0].paragraphs[1].runs[0]
    assert issuer_run.bold and 12 <= issuer_run.font.size.pt <= 13
    date_run = [p for p in seed_docx.tables[0].rows[0].cells[1].paragraphs if "ngày" in p.text][0].runs[0]
    assert date_run.italic


def test_type_name_and_title_are_bold_and_centred(seed_docx: docx.Document) -> None:
    texts = [p.text for p in seed_docx.paragraphs]
    i = texts.index("KẾ HOẠCH")
    assert seed_docx.paragraphs[i].runs[0].bold and seed_docx.paragraphs[i].alignment == 1
    assert texts[i + 1].startswith("Thực hiện Nghị quyết số 43-NQ/TW")
    assert seed_docx.paragraphs[i + 1].runs[0].bold
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "1. Liên đoàn Lao động huyện" in texts


def test_footer_has_recipients_and_signer(seed_docx: docx.Document) -> None:
    left, right = _cells_text(seed_docx.tables[-1])
    assert left.split("\n")[0] == "Nơi nhận:"
    assert "- VP LĐLĐ tỉnh(b.c);" in left and left.endswith("- Lưu: VT.")
    assert right.split("\n")[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    assert right.split("\n")[-1] == "Hoàng Thạch Sơn"
    heading = seed_docx.tables[-1].rows[0].cells[0].paragraphs[0].runs[0]
    assert heading.bold and heading.italic and heading.font.size.pt == 12


def test_party_numbers_take_the_party_motto(tmp_path: Path, seed_doc: dict) -> None:
    doc = copy.deepcopy(seed_doc) | {"number": "43-NQ/TW", "doc_type": "NQ", "doc_type_name": "Nghị quyết"}
    d = docx.Document(str(render_docx(doc, tmp_path / "nq.docx")))
    left, right = _cells_text(d.tables[0])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right and "CỘNG HÒA" not in right
    assert "Số 43-NQ/TW" in left.split("\n")


def test_validate_names_what_is_missing(seed_doc: dict) -> None:
    assert validate_for_render(seed_doc) == []
    doc = copy.deepcopy(seed_doc)
    for key in ("issuer", "number", "date", "doc_type", "doc_type_name", "title"):
        doc[key] = None
    doc["sections"] = []
    doc.pop("preamble")
    problems = validate_for_render(doc)
    assert problems == [
        "Thiếu cơ quan ban hành (issuer).",
        "Thiếu số, ký hiệu văn bản (number).",
        "Thiếu ngày ban hành (date).",
        "Thiếu loại văn bản (doc_type).",
        "Thiếu trích yếu nội dung (title).",
        "Thiếu nội dung văn bản (sections).",
    ]
    with pytest.raises(RenderError, match="Thiếu số, ký hiệu văn bản"):
        render_docx(doc, "/nonexistent/x.docx")


def test_bad_date_is_named(seed_doc: dict) -> None:
    assert validate_for_render(seed_doc | {"date": "08/8/2024"}) == [
        "Ngày ban hành không hợp lệ: '08/8/2024' (cần dạng YYYY-MM-DD)."
    ]


@pytest.mark.slow
def test_pdf_text_has_number_and_title(rendered_seed: dict[str, Path]) -> None:
    require_tools("pdftotext")
    text = subprocess.run(
        ["pdftotext", str(rendered_seed["pdf"]), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    flat = " ".join(text.split())
    assert "Số: 27/KH-LĐLĐ" in flat
    assert "Thực hiện Nghị quyết số 43-NQ/TW, ngày 24/11/2023 của BCH Trung ương Đảng khóa XIII" in flat
    assert "Hoàng Thạch Sơn" in flat


@pytest.mark.slow
def test_render_command_turns_the_seed_into_a_pdf(tmp_path: Path) -> None:
    require_tools("soffice", "pdftotext")
    out = tmp_path / "out.pdf"
    proc = subprocess.run(
        [str(TRIENKHAI), "render", str(SEED_TXT), "-o", str(out)], capture_output=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr.decode()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert "27/KH-LĐLĐ" in text


def test_render_command_writes_docx_from_json(tmp_path: Path, seed_doc: dict) -> None:
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(seed_doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.docx"
    proc = subprocess.run(
        [str(TRIENKHAI), "render", str(src), "-o", str(out)], capture_output=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Số: 27/KH-LĐLĐ" in _cells_text(docx.Document(str(out)).tables[0])[0]


def test_render_command_rejects_json_without_a_number(tmp_path: Path, seed_doc: dict) -> None:
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(seed_doc | {"number": None}, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [str(TRIENKHAI), "render", str(src), "-o", str(tmp_path / "x.pdf")], capture_output=True, timeout=120
    )
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8").strip()
    assert err == "Không trình bày được văn bản: Thiếu số, ký hiệu văn bản (number)."
    assert not (tmp_path / "x.pdf").exists()


def test_render_command_rejects_unreadable_input(tmp_path: Path) -> None:
    src = tmp_path / "rong.docx"
    src.write_bytes(b"")
    proc = subprocess.run(
        [str(TRIENKHAI), "render", str(src), "-o", str(tmp_path / "x.docx")], capture_output=True
    )
    assert proc.returncode == 2
    assert proc.stderr.decode("utf-8").strip() == "Tệp rỗng, không có nội dung."


def test_render_command_rejects_unknown_output_type(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(TRIENKHAI), "render", str(SEED_TXT), "-o", str(tmp_path / "x.odt")], capture_output=True
    )
    assert proc.returncode == 2
    assert "phải có đuôi .docx hoặc .pdf" in proc.stderr.decode("utf-8")


def test_seed_parsed_by_docparse_renders_with_its_header(tmp_path: Path) -> None:
    from trienkhai.lib.docparse import parse_text

    from .util import seed_text

    doc = parse_text(seed_text())
    d = docx.Document(str(render_docx(doc, tmp_path / "parsed.docx")))
    left, right = _cells_text(d.tables[0])
    assert "Số: 27/KH-LĐLĐ" in left.split("\n")
    assert "HUYỆN PHÚ RIỀNG" in left
    assert "Phú Riềng, ngày 08 tháng 8 năm 2024" in right
    texts = [p.text for p in d.paragraphs]
    assert "II. NHIỆM VỤ, GIẢI PHÁP" in texts
    assert sum(t.startswith("- ") for t in texts) >= 26 + 5 + 3
    assert _cells_text(d.tables[-1])[1].split("\n")[-1] == "Hoàng Thạch Sơn"
