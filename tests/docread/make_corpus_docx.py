"""Writes the clean .docx corpus for the parser: tests/docparse/corpus_docx/*.docx and *.expected.json.

Run from the repository root: `.venv/bin/python -m tests.docread.make_corpus_docx`. The files are
committed; this script documents how they were made and rebuilds them if the content changes. Each
document is built as Word writes it: a borderless two-column header table, Word numbering for "I.",
"1." and the bullets (the labels are not typed in the text), a bordered figures table in the report.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
from docx.shared import Pt

from .util import add_numbering, borderless, cell_lines, numbered

OUT = Path(__file__).resolve().parent.parent / "docparse" / "corpus_docx"


def _header(document, left: list[tuple[str, bool]], right: list[tuple[str, bool]]) -> None:  # noqa: ANN001
    table = document.add_table(rows=1, cols=2)
    borderless(table)
    cell_lines(table.rows[0].cells[0], left)
    cell_lines(table.rows[0].cells[1], right)


def _footer(document, recipients: list[str], signer: list[str]) -> None:  # noqa: ANN001
    table = document.add_table(rows=1, cols=2)
    borderless(table)
    left = [("Nơi nhận:", True)] + [(f"- {r};" if i < len(recipients) - 1 else f"- {r}.", False)
                                    for i, r in enumerate(recipients)]  # fmt: skip
    cell_lines(table.rows[0].cells[0], left)
    cell_lines(
        table.rows[0].cells[1],
        [(s, True) for s in signer[:-1]] + [("", False), ("", False), (signer[-1], True)],
    )


def _new() -> docx.Document:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    return document


def union_plan() -> tuple[docx.Document, dict]:
    d = _new()
    _header(
        d,
        [("LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC", False), ("LIÊN ĐOÀN LAO ĐỘNG THỊ XÃ PHƯỚC LONG", True),
         ("Số: 15/KH-LĐLĐ", False)],
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True),
         ("Phước Long, ngày 05 tháng 3 năm 2024", False)],
    )  # fmt: skip
    d.add_paragraph().add_run("KẾ HOẠCH").bold = True
    d.add_paragraph().add_run("Tổ chức các hoạt động Tháng Công nhân năm 2024").bold = True
    d.add_paragraph(
        "Thực hiện Kế hoạch số 20/KH-LĐLĐ ngày 20/02/2024 của Liên đoàn Lao động tỉnh Bình Phước về tổ chức "
        "Tháng Công nhân năm 2024, Ban Thường vụ Liên đoàn Lao động thị xã xây dựng kế hoạch như sau:"
    )
    sec = add_numbering(d, [("upperRoman", "%1."), ("decimal", "%2.")])
    bullet = add_numbering(d, [("bullet", "-")])
    numbered(d, "MỤC ĐÍCH, YÊU CẦU", sec, 0, bold=True)
    numbered(d, "Tuyên truyền sâu rộng ý nghĩa Tháng Công nhân đến đoàn viên, người lao động.", bullet)
    numbered(d, "Các hoạt động tổ chức thiết thực, hiệu quả, tiết kiệm, hướng về cơ sở.", bullet)
    numbered(d, "NHIỆM VỤ, GIẢI PHÁP", sec, 0, bold=True)
    numbered(d, "Công tác tuyên truyền", sec, 1, bold=True)
    numbered(d, "Treo băng rôn, khẩu hiệu tại trụ sở cơ quan, doanh nghiệp trong tháng 5/2024.", bullet)
    numbered(
        d, "Tuyên truyền trên trang thông tin điện tử và mạng xã hội của Liên đoàn Lao động thị xã.", bullet
    )
    numbered(d, "Phối hợp với Đài Truyền thanh thị xã đưa tin về các hoạt động của công đoàn.", bullet)
    numbered(d, "Chăm lo đời sống đoàn viên", sec, 1, bold=True)
    numbered(d, "Thăm, tặng quà 50 đoàn viên có hoàn cảnh khó khăn, mỗi suất 500.000 đồng.", bullet)
    numbered(
        d, "Tổ chức đối thoại giữa người sử dụng lao động và người lao động tại 10 doanh nghiệp.", bullet
    )
    numbered(d, "TỔ CHỨC THỰC HIỆN", sec, 0, bold=True)
    numbered(d, "Liên đoàn Lao động thị xã", sec, 1, bold=True)
    numbered(d, "Xây dựng kế hoạch, hướng dẫn các công đoàn cơ sở triển khai thực hiện.", bullet)
    numbered(d, "Tổng hợp kết quả, báo cáo Liên đoàn Lao động tỉnh trước ngày 10/6/2024.", bullet)
    numbered(d, "Các công đoàn cơ sở", sec, 1, bold=True)
    numbered(d, "Căn cứ kế hoạch, tổ chức các hoạt động phù hợp với tình hình đơn vị.", bullet)
    numbered(d, "Báo cáo kết quả về Liên đoàn Lao động thị xã trước ngày 05/6/2024.", bullet)
    d.add_paragraph("Trên đây là Kế hoạch tổ chức Tháng Công nhân năm 2024 của Liên đoàn Lao động thị xã./.")
    _footer(d, ["LĐLĐ tỉnh (b.c)", "Thường trực Thị ủy", "Các CĐCS (t.h)", "Lưu: VT"],
            ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"])  # fmt: skip
    expected = {
        "number": "15/KH-LĐLĐ", "doc_type": "KH", "issuer": "LIÊN ĐOÀN LAO ĐỘNG THỊ XÃ PHƯỚC LONG",
        "parent_body": "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC", "date": "2024-03-05", "place": "Phước Long",
        "title": "Tổ chức các hoạt động Tháng Công nhân năm 2024", "task_count": 5,
        "signer_name": "Nguyễn Văn An",
    }  # fmt: skip
    return d, expected


def committee_decision() -> tuple[docx.Document, dict]:
    d = _new()
    _header(
        d,
        [("ỦY BAN NHÂN DÂN", True), ("TỈNH BÌNH PHƯỚC", True), ("Số: 1234/QĐ-UBND", False)],
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True),
         ("Bình Phước, ngày 12 tháng 6 năm 2024", False)],
    )  # fmt: skip
    d.add_paragraph().add_run("QUYẾT ĐỊNH").bold = True
    d.add_paragraph().add_run(
        "Về việc thành lập Ban Chỉ đạo phát triển đoàn viên công đoàn năm 2024"
    ).bold = True
    d.add_paragraph().add_run("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC").bold = True
    d.add_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    d.add_paragraph("Căn cứ Luật Công đoàn ngày 27 tháng 11 năm 2024;")
    d.add_paragraph(
        "Theo đề nghị của Chủ tịch Liên đoàn Lao động tỉnh tại Tờ trình số 45/TTr-LĐLĐ ngày 03/6/2024."
    )
    d.add_paragraph().add_run("QUYẾT ĐỊNH:").bold = True
    p = d.add_paragraph()
    p.add_run("Điều 1. ").bold = True
    p.add_run("Thành lập Ban Chỉ đạo phát triển đoàn viên công đoàn năm 2024 gồm các ông, bà có tên sau đây.")
    p = d.add_paragraph()
    p.add_run("Điều 2. ").bold = True
    p.add_run("Ban Chỉ đạo có nhiệm vụ chỉ đạo, đôn đốc việc phát triển đoàn viên trên địa bàn tỉnh.")
    p = d.add_paragraph()
    p.add_run("Điều 3. ").bold = True
    p.add_run(
        "Chánh Văn phòng UBND tỉnh, Chủ tịch Liên đoàn Lao động tỉnh và các ông, bà có tên tại Điều 1 "
        "chịu trách "
        "nhiệm thi hành Quyết định này kể từ ngày ký./."
    )
    _footer(
        d,
        ["Như Điều 3", "CT, các PCT UBND tỉnh", "Lưu: VT"],
        ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"],
    )
    expected = {
        "number": "1234/QĐ-UBND", "doc_type": "QĐ", "issuer": "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
        "parent_body": None, "date": "2024-06-12", "place": "Bình Phước",
        "title": "Về việc thành lập Ban Chỉ đạo phát triển đoàn viên công đoàn năm 2024", "task_count": 0,
        "signer_name": "Trần Văn Bình",
    }  # fmt: skip
    return d, expected


def figures_report() -> tuple[docx.Document, dict]:
    d = _new()
    _header(
        d,
        [("LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC", False), ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN BÙ ĐĂNG", True),
         ("Số: 42/BC-LĐLĐ", False)],
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True),
         ("Bù Đăng, ngày 14 tháng 6 năm 2024", False)],
    )  # fmt: skip
    d.add_paragraph().add_run("BÁO CÁO").bold = True
    d.add_paragraph().add_run("Kết quả hoạt động công đoàn 6 tháng đầu năm 2024").bold = True
    sec = add_numbering(d, [("upperRoman", "%1."), ("decimal", "%2.")])
    bullet = add_numbering(d, [("bullet", "-")])
    numbered(d, "KẾT QUẢ THỰC HIỆN", sec, 0, bold=True)
    d.add_paragraph("Kết quả các chỉ tiêu chủ yếu trong 6 tháng đầu năm như sau:")
    rows = [
        ("Chỉ tiêu", "Kế hoạch năm", "Thực hiện 6 tháng", "Tỷ lệ"),
        ("Phát triển đoàn viên", "800", "512", "64,0%"),
        ("Thành lập công đoàn cơ sở", "10", "6", "60,0%"),
        ("Thỏa ước lao động tập thể", "15", "9", "60,0%"),
    ]
    table = d.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    d.add_paragraph("Nhìn chung, các chỉ tiêu đạt trên 60% kế hoạch năm.")
    numbered(d, "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM", sec, 0, bold=True)
    numbered(d, "Tiếp tục phát triển đoàn viên tại các doanh nghiệp ngoài khu vực nhà nước.", bullet)
    numbered(d, "Hướng dẫn các công đoàn cơ sở thương lượng, ký kết thỏa ước lao động tập thể.", bullet)
    numbered(d, "Tổ chức tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở mới thành lập.", bullet)
    numbered(d, "Chuẩn bị tổng kết hoạt động công đoàn năm 2024.", bullet)
    _footer(
        d,
        ["LĐLĐ tỉnh (b.c)", "Thường trực Huyện ủy", "Lưu: VT"],
        ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lê Thị Hoa"],
    )
    expected = {
        "number": "42/BC-LĐLĐ", "doc_type": "BC", "issuer": "LIÊN ĐOÀN LAO ĐỘNG HUYỆN BÙ ĐĂNG",
        "parent_body": "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC", "date": "2024-06-14", "place": "Bù Đăng",
        "title": "Kết quả hoạt động công đoàn 6 tháng đầu năm 2024", "task_count": 4,
        "signer_name": "Lê Thị Hoa",
    }  # fmt: skip
    return d, expected


BUILDERS = {
    "union_plan": union_plan,
    "committee_decision": committee_decision,
    "figures_report": figures_report,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        document, expected = build()
        document.save(str(OUT / f"{name}.docx"))
        (OUT / f"{name}.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(OUT / f"{name}.docx")


if __name__ == "__main__":
    main()
