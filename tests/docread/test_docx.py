"""Word documents: body order, tables, Word numbering rebuilt as printed labels."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from trienkhai.lib.docread import read_bytes, read_document

from .util import add_numbering, borderless, cell_lines, numbered


def _bytes(document: docx.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_paragraphs_and_tables_come_in_body_order() -> None:
    d = docx.Document()
    d.add_paragraph("Trước bảng")
    table = d.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([("Chỉ tiêu", "Kế hoạch", "Thực hiện"), ("Đoàn viên mới", "800", "512")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("Sau bảng")
    result = read_bytes(_bytes(d), "bc.docx")
    lines = [ln for ln in result.text.splitlines() if ln.strip()]
    assert lines == ["Trước bảng", "Chỉ tiêu | Kế hoạch | Thực hiện", "Đoàn viên mới | 800 | 512", "Sau bảng"]
    assert result.kind == "docx"


def test_merged_cells_are_not_repeated() -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Nội dung"
    table.cell(0, 2).text = "Số liệu"
    for c, value in enumerate(["a", "b", "c"]):
        table.cell(1, c).text = value
    lines = [ln for ln in read_bytes(_bytes(d), "x.docx").text.splitlines() if ln.strip()]
    assert lines == ["Nội dung | Số liệu", "a | b | c"]


def test_word_numbering_labels_are_rebuilt() -> None:
    d = docx.Document()
    sections = add_numbering(d, [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")])
    bullets = add_numbering(d, [("bullet", "•")])
    numbered(d, "MỤC ĐÍCH, YÊU CẦU", sections, 0)
    numbered(d, "Một ý", bullets)
    numbered(d, "NHIỆM VỤ, GIẢI PHÁP", sections, 0)
    numbered(d, "Tuyên truyền", sections, 1)
    numbered(d, "Ở cơ sở", sections, 2)
    numbered(d, "Ở huyện", sections, 2)
    numbered(d, "Chăm lo", sections, 1)
    numbered(d, "Ở cơ sở", sections, 2)
    numbered(d, "TỔ CHỨC THỰC HIỆN", sections, 0)
    numbered(d, "Liên đoàn Lao động huyện", sections, 1)
    lines = read_bytes(_bytes(d), "kh.docx").text.splitlines()
    assert lines == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Một ý",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "1. Tuyên truyền",
        "a) Ở cơ sở",
        "b) Ở huyện",
        "2. Chăm lo",
        "a) Ở cơ sở",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Liên đoàn Lao động huyện",
    ]


def test_list_styles_from_the_template_are_numbered() -> None:
    d = docx.Document()
    d.add_paragraph("Thứ nhất", style="List Number")
    d.add_paragraph("Thứ hai", style="List Number")
    d.add_paragraph("Một ý", style="List Bullet")
    assert read_bytes(_bytes(d), "x.docx").text.splitlines() == ["1. Thứ nhất", "2. Thứ hai", "- Một ý"]


def test_headings_are_plain_lines() -> None:
    d = docx.Document()
    d.add_heading("KẾ HOẠCH", level=1)
    d.add_paragraph("Nội dung")
    assert read_bytes(_bytes(d), "x.docx").text.splitlines() == ["KẾ HOẠCH", "Nội dung"]


def test_borderless_header_table_is_read_column_by_column() -> None:
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    borderless(table)
    cell_lines(
        table.rows[0].cells[0],
        [
            ("LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC", False),
            ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG", True),
            ("Số: 27/KH-LĐLĐ", False),
        ],
    )
    cell_lines(table.rows[0].cells[1], [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                                        ("Độc lập - Tự do - Hạnh phúc", True),
                                        ("Phú Riềng, ngày 08 tháng 8 năm 2024", False)])  # fmt: skip
    d.add_paragraph("KẾ HOẠCH")
    lines = [ln for ln in read_bytes(_bytes(d), "kh.docx").text.splitlines() if ln.strip()]
    assert lines == [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHÚ RIỀNG",
        "Số: 27/KH-LĐLĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Riềng, ngày 08 tháng 8 năm 2024",
        "KẾ HOẠCH",
    ]


def test_line_breaks_and_tabs_inside_a_paragraph_are_kept() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("TM. BAN THƯỜNG VỤ\nCHỦ TỊCH")
    assert read_bytes(_bytes(d), "x.docx").text.splitlines() == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]


def test_docx_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Nội dung thật")
    path = tmp_path / "tai-lieu.txt"
    path.write_bytes(_bytes(d))
    result = read_document(path)
    assert result.kind == "docx"
    assert result.text.strip() == "Nội dung thật"
