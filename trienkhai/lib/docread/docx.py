"""Word .docx: paragraphs, real numbering and borderless header tables, read under a zip-bomb guard."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ..uploads import UploadRefused, check_archive, declares_bomb
from .base import (
    DOCX_MAX_ENTRIES,
    DOCX_MAX_RATIO,
    DOCX_MAX_UNCOMPRESSED,
    DOCX_MAX_XML_BYTES,
    DOCX_RATIO_MIN_SIZE,
    MAX_TEXT_CHARS,
    ReadResult,
    UnreadableDocument,
    _format_mb,
    _nfc,
    check_text_size,
)
from .layout import join_wrapped_names

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open an Office zip under the bomb guards (entries, declared sizes, ratios, XML bytes), then inflate
    it once counting the real bytes (`lib.uploads.check_archive`): a directory may lie about sizes."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise UnreadableDocument("Tệp .docx bị hỏng: không mở được phần nén (zip).") from exc
    if len(infos) > DOCX_MAX_ENTRIES or declares_bomb(
        infos, max_total=DOCX_MAX_UNCOMPRESSED, big_member=DOCX_RATIO_MIN_SIZE, max_ratio=DOCX_MAX_RATIO
    ):
        raise UnreadableDocument("Tệp .docx chứa dữ liệu nén bất thường (nghi ngờ bom nén).")
    try:
        # The declared sizes above are only a quick first look: the real bytes are counted here.
        check_archive(data)
    except UploadRefused as exc:
        raise UnreadableDocument(str(exc)) from exc
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > DOCX_MAX_XML_BYTES:
        raise UnreadableDocument(
            f"Tệp .docx chứa quá nhiều dữ liệu văn bản ({_format_mb(xml, always_decimal=True)} XML, "
            f"giới hạn {_format_mb(DOCX_MAX_XML_BYTES)}); hãy chia nhỏ tài liệu."
        )
    return zf


def _check_zip(data: bytes) -> zipfile.ZipFile:
    zf = check_zip(data)
    names = {i.filename for i in zf.infolist()}
    if "word/document.xml" not in names:
        raise UnreadableDocument("Tệp nén không phải là tài liệu Word (.docx): thiếu word/document.xml.")
    return zf


def _read_docx(data: bytes) -> ReadResult:
    _check_zip(data)
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise UnreadableDocument("Tệp không phải là tài liệu Word hợp lệ (.docx).") from exc
    except UnreadableDocument:
        raise
    except Exception as exc:  # lxml / KeyError / zipfile errors from a damaged package
        raise UnreadableDocument("Tệp .docx bị hỏng: nội dung XML không đọc được.") from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    chars = 0
    for child in document.element.body.iterchildren():
        before = len(lines)
        if child.tag == _W + "p":
            lines.append(numbering.label(child) + _para_text(child))
        elif child.tag == _W + "tbl":
            lines.extend(_table_lines(child, numbering))
        chars += sum(len(x) for x in lines[before:])
        if chars > MAX_TEXT_CHARS:
            break  # stop early: check_text_size refuses it below
    text = check_text_size(_nfc("\n".join(lines)).strip("\n") + "\n")
    if not text.strip():
        raise UnreadableDocument("Tài liệu Word không có nội dung chữ.")
    return ReadResult(text=text, kind="docx", encoding=None, warnings=[])


def _para_text(p: Any) -> str:  # p: an lxml element
    """Text of a w:p, with tabs and line breaks; runs inside hyperlinks and smart tags included."""
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


_LAYOUT_MARKERS = ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ĐẢNG CỘNG SẢN", "Nơi nhận", "Độc lập")


def _table_lines(tbl: Any, numbering: _Numbering) -> list[str]:
    """A table as lines. Layout tables (header, signature) are read column by column, as printed;
    data tables row by row with cells joined by " | "."""
    rows = [r for r in tbl.iterchildren(_W + "tr")]
    grid: list[list[Any]] = []
    for row in rows:
        cells = [c for c in row.iterchildren(_W + "tc")]
        grid.append(cells)

    def cell_lines(tc: Any) -> list[str]:
        out: list[str] = []
        for child in tc.iterchildren():
            if child.tag == _W + "p":
                out.append(numbering.label(child) + _para_text(child))
            elif child.tag == _W + "tbl":
                out.extend(_table_lines(child, numbering))
        return out

    all_text = " ".join(" ".join(cell_lines(tc)) for row in grid for tc in row)
    ncols = max((len(r) for r in grid), default=0)
    layout = any(m in all_text for m in _LAYOUT_MARKERS) or (ncols <= 2 and not _has_borders(tbl))
    lines: list[str] = []
    if layout:
        for col in range(ncols):
            col_lines: list[str] = []
            for row in grid:
                if col < len(row) and not _is_vmerge_continue(row[col]):
                    col_lines.extend(cell_lines(row[col]))
            while col_lines and not col_lines[-1].strip():
                col_lines.pop()
            if col == 0:
                col_lines = join_wrapped_names([ln for part in col_lines for ln in part.split("\n")])
            if any(s.strip() for s in col_lines):
                lines.extend(col_lines)
                lines.append("")
        return lines
    for row in grid:
        texts = [" ".join(s.strip() for s in cell_lines(tc) if s.strip()) for tc in row]
        lines.append(" | ".join(texts))
    lines.append("")
    return lines


def _is_vmerge_continue(tc: Any) -> bool:
    tcpr = tc.find(_W + "tcPr")
    if tcpr is None:
        return False
    vm = tcpr.find(_W + "vMerge")
    return vm is not None and vm.get(_W + "val") in (None, "continue")


def _has_borders(tbl: Any) -> bool:
    tblpr = tbl.find(_W + "tblPr")
    if tblpr is None:
        return False
    borders = tblpr.find(_W + "tblBorders")
    if borders is not None:
        return any(b.get(_W + "val") not in (None, "nil", "none") for b in borders)
    style = tblpr.find(_W + "tblStyle")
    return style is not None and style.get(_W + "val") not in (None, "TableNormal", "NormalTable")


class _Numbering:
    """Rebuilds list labels ("1.", "II.", "a)", "- ") from w:numPr and numbering.xml."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.num_to_abs: dict[str, str] = {}
        self.style_numpr: dict[str, tuple[str, int]] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            part = None
        if part is not None:
            root = part.element
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for an in root.iterchildren(_W + "abstractNum"):
                aid = an.get(_W + "abstractNumId")
                lv: dict[int, tuple[str, str, int]] = {}
                for lvl in an.iterchildren(_W + "lvl"):
                    ilvl = int(lvl.get(_W + "ilvl", "0"))
                    fmt = _val(lvl.find(_W + "numFmt")) or "decimal"
                    text = _val(lvl.find(_W + "lvlText")) or ""
                    start = int(_val(lvl.find(_W + "start")) or "1")
                    lv[ilvl] = (fmt, text, start)
                abstract[aid] = lv
            for num in root.iterchildren(_W + "num"):
                nid = num.get(_W + "numId")
                aid = _val(num.find(_W + "abstractNumId"))
                for ilvl, spec in abstract.get(aid or "", {}).items():
                    self.levels[(nid, ilvl)] = spec
                for ov in num.iterchildren(_W + "lvlOverride"):
                    ilvl = int(ov.get(_W + "ilvl", "0"))
                    so = _val(ov.find(_W + "startOverride"))
                    if so and (nid, ilvl) in self.levels:
                        fmt, text, _ = self.levels[(nid, ilvl)]
                        self.levels[(nid, ilvl)] = (fmt, text, int(so))
        try:
            styles = document.styles.element
            for st in styles.iterchildren(_W + "style"):
                ppr = st.find(_W + "pPr")
                numpr = ppr.find(_W + "numPr") if ppr is not None else None
                if numpr is not None:
                    nid = _val(numpr.find(_W + "numId"))
                    ilvl = int(_val(numpr.find(_W + "ilvl")) or "0")
                    if nid:
                        self.style_numpr[st.get(_W + "styleId")] = (nid, ilvl)
        except AttributeError:
            pass

    def label(self, p: Any) -> str:
        """The list label of paragraph `p` followed by a space, or ""."""
        ppr = p.find(_W + "pPr")
        nid: str | None = None
        ilvl = 0
        if ppr is not None:
            numpr = ppr.find(_W + "numPr")
            if numpr is not None:
                nid = _val(numpr.find(_W + "numId"))
                ilvl = int(_val(numpr.find(_W + "ilvl")) or "0")
            elif (style := ppr.find(_W + "pStyle")) is not None:
                nid, ilvl = self.style_numpr.get(_val(style) or "", (None, 0))
        if not nid or nid == "0" or (nid, ilvl) not in self.levels:
            return ""
        fmt, text, start = self.levels[(nid, ilvl)]
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""
        counters = self.counters.setdefault(nid, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def repl(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            lfmt, _, lstart = self.levels.get((nid, level), ("decimal", "", 1))
            return _format_number(counters.get(level, lstart), lfmt)

        return re.sub(r"%(\d)", repl, text) + " "


def _val(el: Any) -> str | None:
    return None if el is None else el.get(_W + "val")


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        # Vietnamese lists skip no letters in practice up to "z"; beyond that repeat like Word ("aa").
        letters = "abcdefghijklmnopqrstuvwxyz"
        s = letters[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
