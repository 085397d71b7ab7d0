"""Lay out a document (the `trienkhai.document/1` dict with the layout keys of `lib.content.Content`) as an
official document.

The layout follows Decree 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm, Times New Roman, the
two-column header (issuing body with its number on the left, the national motto with the place-date
line on the right), the type name and summary centred, numbered body, then the recipients on the left
and the signer block on the right, then any annex (phụ lục: a title and a table) on a page of its own. Party documents ("43-NQ/TW") get the Party motto instead. Page numbers
are a PAGE field centred in the top margin from page 2 on; numbers under 10 take a leading zero
("05/BC-LĐLĐ"); "Nơi nhận" always ends with the filing line "- Lưu: VT, <unit abbreviation>.".

`render_pdf` converts the .docx with LibreOffice headless. Nothing here imports Django.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from trienkhai.lib.content import Content, ContentSection, Table
from trienkhai.lib.vn import format_date_long

__all__ = [
    "RenderError",
    "display_number",
    "filing_line",
    "is_party_number",
    "render_docx",
    "render_pdf",
    "validate_for_render",
]

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
MOTTO_PT = 12
RECIPIENT_PT = 11
TABLE_PT = 13
TEXT_WIDTH = Mm(165)  # A4 less the 30 mm and 15 mm side margins
FIRST_LINE_INDENT = Cm(1.27)
# Widths of the two header/footer columns. Together they are 172 mm, 7 mm more than the text width: the
# table starts 5 mm into the left margin (TABLE_INDENT) and ends 2 mm into the right one, as printed
# templates do, so the motto (about 88 mm in 12 pt bold) fits on one line. Long body names on the left are
# broken before their locality ("LIÊN ĐOÀN LAO ĐỘNG / TỈNH BÌNH PHƯỚC"), as printed headers do.
TABLE_INDENT = Cm(-0.5)
LEFT_COL = Cm(8.0)
RIGHT_COL = Cm(9.2)
SOFFICE_TIMEOUT = 180

_TYPE_NAMES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình", "KH": "Kế hoạch",
    "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình",
    "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo", "KL": "Kết luận",
}  # fmt: skip


class RenderError(Exception):
    """The document cannot be rendered; the message is Vietnamese and names what is missing."""


def is_party_number(number: str | None) -> bool:
    """True for Party-style numbers ("43-NQ/TW", "62-CTr/TU"), which take the Party layout."""
    return bool(number and re.match(r"^\s*\d+\s*-\s*[A-Za-zĐđ]+\s*/", number))


def display_number(number: str) -> str:
    """The number as printed: under 10 with a leading zero ("5/BC-LĐLĐ" -> "05/BC-LĐLĐ", "2-NQ/TW" ->
    "02-NQ/TW"). A number without its serial ("/KH-LĐLĐ", a draft before registration) keeps a blank
    where the clerk writes it."""
    number = " ".join(number.split())
    if number.startswith("/"):
        return "\u00a0" * 8 + number
    m = re.match(r"^(\d)(\s*[/-].*)$", number)
    return f"0{m.group(1)}{m.group(2)}" if m else number


def _issuer_code(number: str) -> str:
    """Issuer part of a State-style number: "LĐLĐ" in 27/KH-LĐLĐ, "TC" in 86/LĐLĐ-TC (the drafting
    office of a dispatch)."""
    if "/" not in number or is_party_number(number):
        return ""
    tail = number.rsplit("/", 1)[1].strip()
    return tail.split("-", 1)[1].strip() if "-" in tail else tail


def filing_line(doc: Content) -> str:
    """The default last recipient: "Lưu: VT, <unit abbreviation>" (the clerk's office and the drafting
    unit, Decree 30 Appendix I). The abbreviation is `filing_unit` when given, else the issuer code of the
    number; Party documents file at the office only ("Lưu: VT")."""
    unit = " ".join(str(doc.get("filing_unit") or "").split()) or _issuer_code(str(doc.get("number") or ""))
    return f"Lưu: VT, {unit}" if unit else "Lưu: VT"


def _is_filing(recipient: str) -> bool:
    return bool(re.match(r"^\W*lưu\b", recipient.strip().lower()))


def validate_for_render(doc: Any) -> list[str]:
    """Vietnamese messages naming what `doc` lacks for an official layout; [] when it can be rendered."""
    if not isinstance(doc, dict):
        return ["Dữ liệu không phải là một văn bản (cần một đối tượng JSON)."]
    problems: list[str] = []

    def text(key: str) -> str:
        value = doc.get(key)
        return value.strip() if isinstance(value, str) else ""

    if not text("issuer"):
        problems.append("Thiếu cơ quan ban hành (issuer).")
    if not text("number"):
        problems.append("Thiếu số, ký hiệu văn bản (number).")
    date = text("date")
    if not date:
        problems.append("Thiếu ngày ban hành (date).")
    else:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(f"Ngày ban hành không hợp lệ: {date!r} (cần dạng YYYY-MM-DD).")
    if not text("doc_type") and not text("doc_type_name") and not doc.get("is_dispatch"):
        problems.append("Thiếu loại văn bản (doc_type).")
    if not text("title"):
        problems.append("Thiếu trích yếu nội dung (title).")
    sections = doc.get("sections")
    if sections is not None and not isinstance(sections, list):
        problems.append("Phần nội dung (sections) phải là một danh sách.")
    elif not sections and not doc.get("preamble") and not doc.get("body"):
        problems.append("Thiếu nội dung văn bản (sections).")
    signer = doc.get("signer")
    if signer is not None and not isinstance(signer, dict):
        problems.append("Người ký (signer) phải là một đối tượng có name và title.")
    recipients = doc.get("recipients")
    if recipients is not None and not isinstance(recipients, list):
        problems.append("Nơi nhận (recipients) phải là một danh sách.")
    return problems


# --------------------------------------------------------------------------------------------------
# Low-level helpers on python-docx objects
# --------------------------------------------------------------------------------------------------


def _set_run_font(
    run: Any, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:  # noqa: ANN001
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    _set_font_slots(run._element.get_or_add_rPr())


def _set_font_slots(rpr: Any) -> None:  # a w:rPr element
    """Name the font in every slot Word reads (Latin, high ANSI, East-Asian, complex script): Word picks
    the East-Asian slot for some Vietnamese letters, and an unset slot falls back to another font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(
    container: Any,  # Document or _Cell
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_indent: Any = None,
    after: float = 0,
    before: float = 0,
    spacing: float | None = None,
) -> Any:
    p = container.add_paragraph()
    if text:
        _set_run_font(p.add_run(text), size, bold=bold, italic=italic, underline=underline)
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if spacing is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = spacing
    if align is not None:
        p.alignment = align
    if first_indent is not None:
        fmt.first_line_indent = first_indent
    return p


def _rule(container: Any, width_cm: float, col_width_cm: float, *, before: float = 0) -> None:  # noqa: ANN001
    """A short centred rule: an empty 2 pt paragraph with a bottom border, indented to `width_cm`."""
    p = _para(container, size=2, align=WD_ALIGN_PARAGRAPH.CENTER, before=before)
    side = max((col_width_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    # Exact 5 pt line: the rule sits a little under the text above, not a whole empty line lower, and
    # clear of the letters so that OCR of a printed copy does not read it as underscores.
    p.paragraph_format.line_spacing = Pt(5)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:bottom")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), "6")
    top.set(qn("w:space"), "1")
    top.set(qn("w:color"), "000000")
    borders.append(top)
    ppr.append(borders)
    # The paragraph only carries the border; make it as short as Word allows.
    run = p.add_run("")
    _set_run_font(run, 2)


def _borderless_table(document: Any, widths: list[Any]) -> Any:
    """The one-row, two-column layout table of the header and the signature block."""
    return _table(document, widths, rows=1, indent=TABLE_INDENT, ruled=False)


def _table(document: Any, widths: list[Any], *, rows: int, indent: Any, ruled: bool) -> Any:
    """A fixed-layout table of `rows` rows and the given column widths, ruled with single lines or not;
    every cell left empty (add_table's empty paragraph removed, so callers add their own)."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    tblpr = table._tbl.tblPr
    for tag in ("w:tblW", "w:jc", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar", "w:tblLook"):
        for old in tblpr.findall(qn(tag)):
            tblpr.remove(old)

    def el(tag: str, **attrs: str) -> Any:
        node = OxmlElement(tag)
        for key, value in attrs.items():
            node.set(qn(f"w:{key}"), value)
        return node

    # CT_TblPr children must come in schema order: tblW, tblInd, tblBorders, tblLayout, tblCellMar.
    tblpr.append(el("w:tblW", w=str(sum(int(w.twips) for w in widths)), type="dxa"))
    tblpr.append(el("w:tblInd", w=str(int(indent.twips)), type="dxa"))
    borders = el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = {"val": "single", "sz": "4", "space": "0", "color": "000000"} if ruled else {"val": "nil"}
        borders.append(el(f"w:{edge}", **line))
    tblpr.append(borders)
    tblpr.append(el("w:tblLayout", type="fixed"))
    margins = el("w:tblCellMar")
    for edge in ("left", "right"):
        margins.append(el(f"w:{edge}", w="57", type="dxa"))  # 1 mm
    tblpr.append(margins)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
        for cell in col.cells:
            cell.width = width
    for row in table.rows:
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    return table


def _setup_page(document: Any) -> None:  # noqa: ANN001
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    _set_font_slots(rpr)
    normal.paragraph_format.space_after = Pt(0)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)


def _page_numbers(document: Any) -> None:
    """A PAGE field centred in the top margin from page 2 on (Decree 30: Arabic numerals, 13 pt, upright);
    page 1 gets its own empty header, so it carries no number."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header of its own
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        _set_run_font(run, HEADER_PT)
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run._r.append(_text_el(text or ""))


def _text_el(text: str) -> Any:
    t = OxmlElement("w:t")
    t.text = text
    return t


# --------------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------------


def _s(doc: Content, key: str) -> str:
    value = doc.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _date_line(doc: Content) -> str:
    place = _s(doc, "place") or None
    try:
        date = dt.date.fromisoformat(_s(doc, "date"))
    except ValueError:
        return f"{place}, ngày ... tháng ... năm ..." if place else "ngày ... tháng ... năm ..."
    return format_date_long(date, place)


def _header(document: Any, doc: Content) -> None:  # noqa: ANN001
    party = is_party_number(_s(doc, "number"))
    table = _borderless_table(document, [LEFT_COL, RIGHT_COL])
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    parent = _s(doc, "parent_body").upper()
    issuer = _s(doc, "issuer").upper()
    number = _s(doc, "number")
    if parent:
        _para(left, _break_locality(parent), size=MOTTO_PT, align=center)
    _para(left, _break_locality(issuer), size=HEADER_PT, bold=True, align=center)
    if party:
        _para(left, "*", size=HEADER_PT, align=center)
        _para(left, f"Số {display_number(number)}", size=BODY_PT, align=center, before=2)
    else:
        _rule(left, 2.5, LEFT_COL.cm)
        _para(left, f"Số: {display_number(number)}", size=HEADER_PT, align=center, before=2)
    if doc.get("is_dispatch"):
        # A dispatch (công văn) has no type name: its subject sits under the number as "V/v ...".
        title = _s(doc, "title")
        subject = title if title.lower().startswith("v/v") else f"V/v {title}"
        _para(left, subject, size=12, align=center, before=2)
    if party:
        _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, align=center)
        _rule(right, 6.0, RIGHT_COL.cm)
    else:
        _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=MOTTO_PT, bold=True, align=center)
        _para(right, "Độc lập - Tự do - Hạnh phúc", size=HEADER_PT, bold=True, align=center)
        _rule(right, 5.8, RIGHT_COL.cm)
    _para(right, _date_line(doc), size=BODY_PT, italic=True, align=center, before=6)


def _break_locality(issuer: str) -> str:
    """Break a long body name before its locality ("LIÊN ĐOÀN LAO ĐỘNG / HUYỆN PHÚ RIỀNG"), as printed
    headers do, rather than letting the line wrap cut a place name in two."""
    if len(issuer) <= 28:
        return issuer
    m = re.search(r"\s(HUYỆN|TỈNH|THÀNH PHỐ|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|KHU CÔNG NGHIỆP|NGÀNH)\s", issuer)
    if m and m.start() >= 8:
        return issuer[: m.start()] + "\n" + issuer[m.start() + 1 :]
    return issuer


def _type_name(doc: Content) -> str:
    name = _s(doc, "doc_type_name") or _TYPE_NAMES.get(_s(doc, "doc_type"), _s(doc, "doc_type"))
    return name.upper()


def _title_block(document: Any, doc: Content) -> None:  # noqa: ANN001
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.get("is_dispatch"):
        addressees = [" ".join(str(a).split()) for a in doc.get("addressees") or [] if str(a).strip()]
        _para(document, after=6)
        if len(addressees) == 1:
            _para(document, f"Kính gửi: {addressees[0]}.", size=BODY_PT, align=center, after=6)
        elif addressees:
            _para(document, "Kính gửi:", size=BODY_PT, align=center)
            for a in addressees:
                _para(document, f"- {a};", size=BODY_PT, align=center)
        return
    _para(document, _type_name(doc), size=BODY_PT, bold=True, align=center, before=18)
    _para(document, _s(doc, "title"), size=BODY_PT, bold=True, align=center)
    _rule(document, 3.0, 16.5, before=4)
    document.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _body_para(document: Any, text: str, *, bold: bool = False, italic: bool = False) -> Any:
    return _para(
        document,
        " ".join(text.split()),
        size=BODY_PT,
        bold=bold,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent=FIRST_LINE_INDENT,
        after=6,
        spacing=1.15,
    )


def _heading_text(label: str, title: str, depth: int) -> str:
    label = label.strip()
    if not label:
        return title
    if label.lower().startswith(("điều", "chương", "mục", "phần")):
        return f"{label}. {title}".strip() if title else label
    if re.fullmatch(r"[a-zđ]", label):
        return f"{label}) {title}".strip()
    return f"{label}. {title}".strip()


def _paragraph_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value)


def _sections(document: Any, sections: list[ContentSection], depth: int = 0) -> None:  # noqa: ANN001
    for section in sections:
        if not isinstance(section, dict):
            _body_para(document, _paragraph_text(section))
            continue
        label = str(section.get("label") or "")
        title = " ".join(str(section.get("title") or "").split())
        if label or title:
            is_roman = bool(re.fullmatch(r"[IVXLC]+", label))
            heading = _heading_text(label, title.upper() if is_roman else title, depth)
            _body_para(
                document, heading, bold=True, italic=depth >= 2 and not label.lower().startswith("điều")
            )
        for para in section.get("paragraphs") or []:
            _body_para(document, _paragraph_text(para))
        for item in section.get("items") or []:
            text = _paragraph_text(item).strip()
            if not re.match(r"^[-–+•]\s", text):
                text = f"- {text}"
            _body_para(document, text)
        if isinstance(section.get("table"), dict):
            _data_table(document, section["table"])
        children = section.get("children") or []
        if children:
            _sections(document, children, depth + 1)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _data_table(document: Any, table: Table) -> None:
    """A ruled table of figures: {"columns": [...], "rows": [[...]], "widths": [mm ...], "align": [...]}.
    Header row bold and centred, 13 pt, single lines; the widths (mm) default to equal shares of the text
    width, scaled to fill it."""
    columns = [" ".join(str(c).split()) for c in table.get("columns") or []]
    rows = [
        [" ".join(str(v).split()) for v in row] for row in table.get("rows") or [] if isinstance(row, list)
    ]
    ncols = max([len(columns), *(len(r) for r in rows)], default=0)
    if not ncols:
        return
    hints = [float(w) for w in (table.get("widths") or [])[:ncols] if isinstance(w, int | float) and w > 0]
    if len(hints) != ncols:
        hints = [1.0] * ncols
    widths = [Emu(int(TEXT_WIDTH * h / sum(hints))) for h in hints]
    aligns = list(table.get("align") or [])
    grid = _table(document, widths, rows=(1 if columns else 0) + len(rows), indent=Mm(0), ruled=True)
    body_rows = ([columns] if columns else []) + rows
    for r, (row, values) in enumerate(zip(grid.rows, body_rows, strict=True)):
        header = bool(columns) and r == 0
        for c, cell in enumerate(row.cells):
            align = WD_ALIGN_PARAGRAPH.CENTER if header else _ALIGN.get(aligns[c] if c < len(aligns) else "")
            text = values[c] if c < len(values) else ""
            _para(cell, text, size=TABLE_PT, bold=header, align=align, before=2, after=2)
    _para(document, after=6)


def _signer_lines(signer: Mapping[str, Any]) -> list[str]:
    """The bold lines above the signature: authority ("TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH") then title.

    Takes the parser's `authority` list when present; a title given on one line as "TM. ... CHỦ TỊCH"
    is split before the position name.
    """
    if not signer:
        return []
    lines = [" ".join(str(a).split()).upper() for a in signer.get("authority") or [] if str(a).strip()]
    raw = str(signer.get("title") or "")
    if "\n" in raw:
        return lines + [ln.strip().upper() for ln in raw.split("\n") if ln.strip()]
    title = " ".join(raw.split()).upper()
    m = re.match(
        r"^((?:TM|KT|TL|TUQ|Q)\.\s*.+?)\s+((?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ|CHÁNH VĂN PHÒNG|"
        r"TRƯỞNG PHÒNG|THỦ TRƯỞNG).*)$",
        title,
    )
    if m and not lines:
        return [m.group(1), m.group(2)]
    return lines + ([title] if title else [])


def _footer(document: Any, doc: Content) -> None:  # noqa: ANN001
    _para(document, after=0)
    table = _borderless_table(document, [LEFT_COL, RIGHT_COL])
    left, right = table.rows[0].cells
    recipients = [
        " ".join(str(r).split()).strip(" ;.") for r in doc.get("recipients") or [] if str(r).strip()
    ]
    recipients = [r.lstrip("-–+• ") for r in recipients]
    if not any(_is_filing(r) for r in recipients):
        recipients.append(filing_line(doc))
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for i, rec in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        _para(left, f"- {rec}{end}", size=RECIPIENT_PT)
    signer: Mapping[str, Any] = {}
    if isinstance(doc.get("signer"), dict):
        signer = doc["signer"]
    center = WD_ALIGN_PARAGRAPH.CENTER
    lines = _signer_lines(signer)
    for line in lines:
        _para(right, line, size=BODY_PT, bold=True, align=center)
    if not lines:
        _para(right)
    for _ in range(4):  # room for the signature and the seal
        _para(right, size=BODY_PT)
    name = " ".join(str(signer.get("name") or "").split())
    _para(right, name, size=BODY_PT, bold=True, align=center)


def _loose_paragraphs(document: Any, value: Any) -> None:  # noqa: ANN001
    if not value:
        return
    for para in [value] if isinstance(value, str) else list(value):
        if _paragraph_text(para).strip():
            _body_para(document, _paragraph_text(para))


def _annex_note(doc: Content) -> str:
    """ "(Kèm theo Công văn số 02/LĐLĐ ngày 07/12/2026)": what an annex goes with, from the document."""
    kind = "Công văn" if doc.get("is_dispatch") else (_type_name(doc)[:1] + _type_name(doc)[1:].lower())
    text = f"Kèm theo {kind} số {display_number(_s(doc, 'number'))}"
    try:
        text += f" ngày {dt.date.fromisoformat(_s(doc, 'date')).strftime('%d/%m/%Y')}"
    except ValueError:
        pass
    return f"({text})"


def _annexes(document: Any, doc: Content) -> None:  # noqa: ANN001
    """Each annex (phụ lục) on a new page after the signature: "Phụ lục" (numbered when there are
    several), its title, what it goes with, then its table: {"title": ..., "table": {...}}."""
    annexes = [a for a in doc.get("annexes") or [] if isinstance(a, dict)]
    center = WD_ALIGN_PARAGRAPH.CENTER
    for i, annex in enumerate(annexes):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        label = "Phụ lục" if len(annexes) == 1 else f"Phụ lục {_ROMAN[i] if i < len(_ROMAN) else i + 1}"
        _para(document, label, size=BODY_PT, bold=True, align=center)
        title = " ".join(str(annex.get("title") or "").split())
        if title:
            _para(document, title.upper(), size=BODY_PT, bold=True, align=center)
        _para(document, _annex_note(doc), size=BODY_PT, italic=True, align=center, after=12)
        if isinstance(annex.get("table"), dict):
            _data_table(document, annex["table"])


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def render_docx(doc: Content, out_path: str | os.PathLike[str]) -> Path:
    """Write `doc` (a `trienkhai.document/1` dict) as a Decree 30 .docx at `out_path`; returns the path.

    Raises RenderError naming every missing field (see validate_for_render).
    """
    problems = validate_for_render(doc)
    if problems:
        raise RenderError(" ".join(problems))
    document = Document()
    _setup_page(document)
    _page_numbers(document)
    # python-docx's template starts with no paragraphs in the body; keep it that way.
    _header(document, doc)
    _title_block(document, doc)
    _loose_paragraphs(document, doc.get("preamble"))
    _sections(document, doc.get("sections") or [])
    _loose_paragraphs(document, doc.get("closing"))
    _footer(document, doc)
    _annexes(document, doc)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def render_pdf(doc: Content, out_path: str | os.PathLike[str]) -> Path:
    """Render `doc` to .docx in a temporary folder, then to PDF with LibreOffice headless."""
    out = Path(out_path)
    with tempfile.TemporaryDirectory(prefix="trienkhai-render-") as tmp:
        docx_path = render_docx(doc, Path(tmp) / "document.docx")
        pdf = docx_to_pdf(docx_path, Path(tmp))
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(pdf), str(out))
    return out


_TEMPLATE_LOCK = threading.Lock()
_template: Path | None = None


def _profile_template(soffice: str) -> Path | None:
    """A LibreOffice user profile initialised once per process (None when that fails). Each conversion
    still runs on its own copy, so conversions never share a profile; the copy spares every conversion
    the second or so LibreOffice spends creating a profile from nothing."""
    global _template
    with _TEMPLATE_LOCK:
        if _template is not None and (_template / "user").is_dir():
            return _template
        folder = Path(tempfile.mkdtemp(prefix="trienkhai-lo-template-"))
        args = [soffice, "--headless", "--norestore", f"-env:UserInstallation={folder.as_uri()}"]
        try:
            subprocess.run([*args, "--terminate_after_init"], capture_output=True, timeout=60, check=False)
        except subprocess.TimeoutExpired:
            pass
        if not (folder / "user").is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            return None
        atexit.register(shutil.rmtree, folder, True)
        _template = folder
        return folder


def docx_to_pdf(docx_path: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> Path:
    """Convert a .docx to PDF with LibreOffice headless, on a profile of its own (a fresh copy of the
    process's initialised profile), so that conversions may overlap."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RenderError("Chưa cài LibreOffice (soffice) để xuất PDF.")
    docx_path = Path(docx_path)
    out_dir = Path(out_dir)
    template = _profile_template(soffice)
    with tempfile.TemporaryDirectory(prefix="trienkhai-lo-profile-") as profile:
        if template is not None:
            shutil.copytree(template, profile, dirs_exist_ok=True)
        args = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ]
        try:
            proc = subprocess.run(args, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(f"LibreOffice xuất PDF quá lâu (quá {SOFFICE_TIMEOUT} giây).") from exc
    pdf = out_dir / (docx_path.stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("LibreOffice không xuất được PDF" + (f": {detail[-1]}" if detail else "."))
    return pdf
