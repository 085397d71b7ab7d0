"""Decree 30/2020 (Phụ lục I) layout rules, checked on a .docx read back with python-docx.

`assert_decree30_layout(path)` checks what a clerk checks: A4 and the margins, Times New Roman in every
font slot at the sizes of each part, bold and italic where the decree asks, alignment and the first-line
indent of the body, the two-column header table, the recipients and signature table, and the page number
(a PAGE field centred at the top from page 2 on, none on page 1). Used by the render tests and by the
issuing tests on every document the app generates.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

FONT = "Times New Roman"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
DATE_LINE = re.compile(r"^(?:[^,]+, )?ngày (?:0[1-9]|[12]\d|3[01]) tháng (?:0[12]|[3-9]|1[0-2]) năm \d{4}$")
NUMBER_LINE = re.compile(r"^Số:? (?:\d{2,}|\u00a0+)[/-]\S+$")


def _size(run, paragraph, styles) -> float:  # noqa: ANN001
    size = run.font.size or paragraph.style.font.size or styles["Normal"].font.size
    return size.pt


def _texts(cell) -> list[str]:  # noqa: ANN001
    return [p.text for p in cell.paragraphs]


def _runs_with_text(paragraphs):  # noqa: ANN001, ANN202
    for p in paragraphs:
        for run in p.runs:
            if run.text.strip():
                yield p, run


def _all_paragraphs(document):  # noqa: ANN001, ANN202
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _field_codes(part_element) -> list[str]:  # noqa: ANN001
    return [t.text.strip() for t in part_element.iter(qn("w:instrText")) if t.text]


def assert_decree30_layout(path: str | Path, *, dispatch: bool = False) -> docx.document.Document:
    """Fail with a precise message on the first Decree 30 rule `path` breaks; return the document."""
    d = docx.Document(str(path))
    styles = d.styles

    # --- page: A4 portrait, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm -------------------
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), "not A4"
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20

    # --- fonts: Times New Roman in every slot, sizes of the decree ----------------------------------------
    normal = styles["Normal"]
    assert normal.font.name == FONT and 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == FONT, f"Normal style: font slot {slot} is not {FONT}"
    for p, run in _runs_with_text(_all_paragraphs(d)):
        assert (run.font.name or normal.font.name) == FONT, f"font of {run.text[:40]!r}"
        rfonts = run._element.rPr.find(qn("w:rFonts")) if run._element.rPr is not None else None
        assert rfonts is not None and rfonts.get(qn("w:eastAsia")) == FONT, (
            f"East-Asian slot of {run.text[:40]!r}"
        )
        assert 11 <= _size(run, p, styles) <= 15, f"size {_size(run, p, styles)} pt of {run.text[:40]!r}"

    # --- the header table: issuer and number on the left, motto and date line on the right ----------------
    body = d.element.body
    assert body[0].tag == qn("w:tbl"), "the document must open with the header table"
    header = d.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and all(b.get(qn("w:val")) == "nil" for b in borders), "header table has lines"
    left, right = header.rows[0].cells
    left_texts = _texts(left)
    number = next(t for t in left_texts if t.startswith("Số"))
    assert NUMBER_LINE.match(number) or re.match(r"^Số \d{2,}-", number), f"number line {number!r}"
    for p in left.paragraphs + right.paragraphs:
        if p.text.strip():
            assert p.alignment == CENTER, f"header line not centred: {p.text!r}"
    issuer = [p for p in left.paragraphs if p.runs and p.runs[0].bold]
    assert issuer and all(12 <= _size(r, issuer[0], styles) <= 13 for r in issuer[0].runs), (
        "issuer: bold 12–13 pt"
    )
    motto = right.paragraphs[0]
    if motto.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM":
        assert motto.runs[0].bold and 12 <= _size(motto.runs[0], motto, styles) <= 13
        slogan = right.paragraphs[1]
        assert slogan.text == "Độc lập - Tự do - Hạnh phúc" and slogan.runs[0].bold
        assert 13 <= _size(slogan.runs[0], slogan, styles) <= 14
    else:
        assert motto.text == "ĐẢNG CỘNG SẢN VIỆT NAM", f"motto {motto.text!r}"
    date = [p for p in right.paragraphs if "ngày" in p.text]
    assert date and DATE_LINE.match(date[0].text), f"date line {date[0].text if date else None!r}"
    assert all(r.italic for r in date[0].runs) and 13 <= _size(date[0].runs[0], date[0], styles) <= 14

    # --- type name and title (a dispatch has its V/v line under the number instead) -----------------------
    texts = [p.text for p in d.paragraphs]
    if dispatch:
        subject = left_texts[left_texts.index(number) + 1]
        assert subject.startswith("V/v "), f"dispatch subject {subject!r}"
        vv = left.paragraphs[left_texts.index(subject)]
        assert 12 <= _size(vv.runs[0], vv, styles) <= 13
        assert any(t.startswith("Kính gửi") for t in texts), "dispatch without Kính gửi"
    else:
        i = next(i for i, p in enumerate(d.paragraphs) if p.text.strip())
        type_name, title = d.paragraphs[i], d.paragraphs[i + 1]
        assert type_name.text == type_name.text.upper() and type_name.runs[0].bold, f"type {type_name.text!r}"
        assert type_name.alignment == CENTER and title.alignment == CENTER and title.runs[0].bold
        assert 13 <= _size(type_name.runs[0], type_name, styles) <= 14

    # --- body: justified, first-line indent 1–1.27 cm, 6 pt after; headings bold ---------------------------
    body_paras = [p for p in d.paragraphs if p.text.strip() and p.alignment == JUSTIFY]
    assert body_paras, "no body paragraph"
    for p in body_paras:
        fmt = p.paragraph_format
        assert fmt.first_line_indent is not None and 1.0 <= fmt.first_line_indent.cm <= 1.27, p.text[:40]
        assert fmt.space_after.pt == 6, p.text[:40]
        assert 13 <= _size(p.runs[0], p, styles) <= 14
        if re.match(r"^[IVX]+\. ", p.text):
            assert p.runs[0].bold, f"heading not bold: {p.text[:40]!r}"

    # --- data tables: ruled, header row bold and centred ---------------------------------------------------
    for table in d.tables[1:-1]:
        lines = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert lines is not None and all(b.get(qn("w:val")) == "single" for b in lines), (
            "data table not ruled"
        )
        for cell in table.rows[0].cells:
            p = cell.paragraphs[0]
            assert p.alignment == CENTER and all(r.bold for r in p.runs), f"table header {p.text!r}"

    # --- recipients and signature ---------------------------------------------------------------------------
    footer = d.tables[-1]
    left, right = footer.rows[0].cells
    lines = _texts(left)
    assert lines[0] == "Nơi nhận:"
    heading = left.paragraphs[0].runs[0]
    assert heading.bold and heading.italic and _size(heading, left.paragraphs[0], styles) == 12
    entries = lines[1:]
    assert entries and all(e.startswith("- ") for e in entries), entries
    assert all(e.endswith(";") for e in entries[:-1]) and entries[-1].endswith("."), entries
    assert entries[-1].startswith("- Lưu: VT"), f"last recipient {entries[-1]!r}"
    for p in left.paragraphs[1:]:
        assert _size(p.runs[0], p, styles) == 11
    signer = [p for p in right.paragraphs if p.text.strip()]
    assert len(signer) >= 2, "signature block needs the title and the name"
    for p in signer:
        assert p.alignment == CENTER and all(r.bold for r in p.runs), f"signature line {p.text!r}"

    # --- page numbers: PAGE field centred at the top from page 2, none on page 1 ----------------------------
    assert section.different_first_page_header_footer, "page 1 must have its own (empty) header"
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not _field_codes(first._element) and not "".join(p.text for p in first.paragraphs).strip()
    top = section.header
    assert not top.is_linked_to_previous
    assert _field_codes(top._element) == ["PAGE"], "header must hold one PAGE field"
    page = top.paragraphs[0]
    assert page.alignment == CENTER
    assert all(13 <= _size(r, page, styles) <= 14 for r in page.runs), "page number 13–14 pt"
    assert not any(r.bold or r.italic for r in page.runs), "page number upright, not bold"
    return d


# --------------------------------------------------------------------------------------------------
# The PDF made by LibreOffice
# --------------------------------------------------------------------------------------------------

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"  # git-ignored


def pdf_text(pdf: str | Path) -> str:
    """The PDF's text (pdftotext), NFC, with the page-number lines dropped and whitespace collapsed."""
    import subprocess
    import unicodedata

    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, timeout=120)
    lines = [ln for ln in out.stdout.decode("utf-8").splitlines() if not re.fullmatch(r"\s*\d+\s*", ln)]
    return unicodedata.normalize("NFC", " ".join(" ".join(lines).split()))


def pdf_pages(pdf: str | Path) -> int:
    import subprocess

    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, timeout=60)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout.decode(), re.MULTILINE).group(1))


def assert_pdf_keeps_the_text(docx_path: str | Path, pdf: str | Path) -> int:
    """Every paragraph of the .docx body is in the PDF's text, every Vietnamese letter survived, and the
    page count is sane for the amount of text (about 1.800 characters a page of 14 pt); returns it."""
    d = docx.Document(str(docx_path))
    paragraphs = [" ".join(p.text.split()) for p in d.paragraphs if p.text.strip()]
    cells = [" ".join(p.text.split()) for p in _all_paragraphs(d) if p.text.strip()]
    text = pdf_text(pdf)
    lost = [p[:60] for p in paragraphs if p not in text]
    assert not lost, f"paragraphs missing from the PDF: {lost[:3]}"
    letters = {c for p in cells for c in p if ord(c) > 127 and c != "\u00a0"}
    assert letters <= set(text), f"letters lost in the PDF: {sorted(letters - set(text))}"
    pages = pdf_pages(pdf)
    chars = sum(len(p) for p in cells)
    assert 1 <= pages <= chars // 900 + 2, f"{pages} pages for {chars} characters"
    return pages


def save_page_one(pdf: str | Path, name: str) -> Path:
    """Page 1 as a PNG under build/screenshots/ (copied to docs/screenshots/ by the lead)."""
    import subprocess

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / name
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
        check=True,
        timeout=120,
    )
    return prefix.with_suffix(".png")
