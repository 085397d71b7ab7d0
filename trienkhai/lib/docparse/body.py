"""The body of an official document: numbered parts, bullets, paragraphs, noise, footer."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .schema import Section, Signer
from .text import LOWER, UPPER, Line, collapse, fold_keep, is_upper_text

_ROMAN_OK = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ORDINALS = {
    "nhat": 1,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}

_PART = re.compile(
    r"^(?P<label>(?:PHẦN|Phần|PHAN|Phan)\s+(?:THỨ|thứ|THU|thu)\s+(?P<ord>\S+?)|(?:PHẦN|Phần)\s+(?P<num>[IVXLC]+|\d{1,2}))(?:\s*[:.\-–]\s*|\s+|$)(?P<title>.*)$"
)
_CHAPTER = re.compile(
    r"^(?P<label>(?:Chương|CHƯƠNG)\s+(?P<num>[IVXLC]+|\d{1,2}))\b\.?\s*[:.\-–]?\s*(?P<title>.*)$"
)
_SECTION = re.compile(r"^(?P<label>(?:Mục|MỤC)\s+(?P<num>[IVXLC]+|\d{1,2}))\s*[:.\-–]\s*(?P<title>.*)$")
_ARTICLE = re.compile(r"^(?P<label>(?:Điều|ĐIỀU|Dieu)\s+(?P<num>\d{1,3}))\s*[:.]?\s*(?P<title>.*)$")
_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,6})\s*[.):\-–]\s*(?P<title>\S.*)?$")
_ARABIC = re.compile(
    rf"^(?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})(?:[.)]\s*|\s+(?=\S*[.]?\s*[{UPPER}]))(?P<title>[^\d\s].*)$"
)
_ARABIC_MULTI_NODOT = re.compile(rf"^(?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})\s+(?P<title>[{UPPER}].*)$")
_LETTER = re.compile(r"^(?P<num>[a-zđ])\s?[).]\s+(?P<title>\S.*)$")
_BULLET = re.compile(r"^[-–—−•·●▪◦○➢✓+]\s*(?P<text>\S.*)$")

_PAGE = re.compile(
    r"^(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?$|^\d{1,3}\s*/\s*\d{1,3}$|^(?:trang|page)\s*\d{1,3}(?:\s*/\s*\d{1,3})?$"
)
_STAMP = re.compile(rf"^[{UPPER}]+(?:\s+[{UPPER}]+){{0,2}}\.?$")
_KEEP_UPPER = {"quyet dinh", "quyet nghi", "nghi quyet", "ket luan", "noi nhan"}
_FOOTER_MARK = re.compile(rf"^(?:TM|KT|TL|TUQ|Q)\.\s*[{UPPER}]|^(?:T/M|K/T)\s+[{UPPER}]")
_TITLE_WORDS = (
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC|PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ BÍ THƯ THƯỜNG TRỰC|PHÓ BÍ THƯ|BÍ THƯ|"
    "PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ TRƯỞNG BAN THƯỜNG TRỰC|PHÓ TRƯỞNG BAN|TRƯỞNG BAN|PHÓ TRƯỞNG PHÒNG|TRƯỞNG PHÒNG|"
    "PHÓ CHÁNH VĂN PHÒNG|CHÁNH VĂN PHÒNG|PHÓ HIỆU TRƯỞNG|HIỆU TRƯỞNG|THỦ TRƯỞNG|TỔNG GIÁM ĐỐC|CHỦ NHIỆM|"
    "PHÓ CHỦ NHIỆM|ỦY VIÊN|UỶ VIÊN|TRƯỞNG ĐOÀN|PHÓ TỔNG CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|PHÓ CỤC TRƯỞNG|CỤC TRƯỞNG|"
    "PHÓ VỤ TRƯỞNG|VỤ TRƯỞNG|BỘ TRƯỞNG|THỨ TRƯỞNG|PHÓ TRƯỞNG ĐOÀN|PHÓ TỔNG GIÁM ĐỐC|PHÓ THỦ TƯỚNG|THỦ TƯỚNG|"
    "PHÓ THỐNG ĐỐC|THỐNG ĐỐC"
)
_TITLE_RE = re.compile(rf"(?<![\w])(?:{_TITLE_WORDS})(?![\w])")
_SIGNER_TITLE = re.compile(rf"^(?:{_TITLE_WORDS})(?:\s+[{UPPER}]+)*$")
_SKIP_FOOTER = re.compile(r"^\(?\s*(?:da ky|ky ten|ky,|ky va|dong dau|ky ghi ro)")
_SIGNED = re.compile(r"\s*\((?:[đĐ]\s?ã\s?ký|ĐÃ KÝ|da ky|Da ky|ký[^)]{0,30}|Ký[^)]{0,30})\)\s*")
_TITLE_THEN_NAME = re.compile(
    rf"^(.*?[{UPPER}]{{2,}})\s+([{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}]*){{1,5}})\s*[;,.]?$"
)
# a signature block read as one run of words: the office in capitals, "Đã ký" perhaps, the signer's name, then
# whatever the copy printed after it (a web page's next paragraph)
_SIGNATURE_RUN = re.compile(
    rf"^(?P<office>[{UPPER}]{{2,}}(?:\s+[{UPPER}]{{1,}}[,.]?)*)\s+(?:\(?(?:Đã ký|ĐÃ KÝ|đã ký|Đã kí)\)?\s+)?"
    rf"(?P<name>[{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}]*){{1,5}})(?P<rest>\s.*)?$"
)
_GLUED_NAME = re.compile(rf"(?<=[\s.)])([{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}]+){{2,3}})$")
# "Lưu" opens the archive item ("Lưu: VT", "Lưu Văn thư") but is also a surname ("Lưu Đức Huy")
_SURNAME_LUU = re.compile(r"^Lưu\s+(?!(?:Văn\s+[Tt]hư|Hồ\s+[Ss]ơ|VT|VP)\b)[A-ZĐ\w]")
_GLUE_SEAM = re.compile(rf"(?<=[{UPPER}]{{3}})(?=[{UPPER}][{LOWER}])")
_NAME_STOP = {"noi", "luu", "nhu", "kinh", "ban", "cac", "thuong", "gui", "so", "ngay"}


@dataclass
class Node:
    """A numbered part of the body."""

    label: str | None
    title: str
    style: str
    key: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def to_dict(self, prefix: str = "", parent_key: str = "") -> Section:
        """JSON form of the node and its subtree; `id` is the path of numbers ("II.1", "III.2.a")."""
        key = self.key
        if parent_key and key.startswith(parent_key + "."):
            key = key[len(parent_key) + 1 :]
        node_id = f"{prefix}.{key}" if prefix else key
        return {
            "label": self.label,
            "title": self.title,
            "id": node_id,
            "paragraphs": list(self.paragraphs),
            "items": list(self.items),
            "children": [c.to_dict(node_id, self.key) for c in self.children],
        }


@functools.lru_cache(maxsize=256)
def roman_value(text: str) -> int | None:
    """Integer value of a valid roman numeral, else None."""
    if not text or not _ROMAN_OK.match(text):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        va, vb = values[a], values.get(b, 0)
        total += -va if va < vb else va
    return total


def classify(text: str) -> tuple[str, str | None, str, str] | None:
    """(style, printed label, title, id key) when `text` opens a numbered part, else None."""
    m = _PART.match(text)
    if m:
        n = m.group("num")
        key = f"P{_ORDINALS.get(fold_keep(m.group('ord') or '').lower(), n or '')}"
        if key != "P":
            return "part", collapse(m.group("label")), collapse(m.group("title")), key
    m = _CHAPTER.match(text)
    if m:
        return "chapter", collapse(m.group("label")), collapse(m.group("title")), f"C{m.group('num')}"
    m = _SECTION.match(text)
    if m:
        return "section", collapse(m.group("label")), collapse(m.group("title")), f"M{m.group('num')}"
    m = _ARTICLE.match(text)
    if m:
        return "article", f"Điều {m.group('num')}", collapse(m.group("title")), f"Đ{m.group('num')}"
    m = _ROMAN.match(text)
    if m and roman_value(m.group("num")):
        title = collapse(m.group("title") or "")
        if text[len(m.group("num")) :].lstrip()[:1] == "/":
            return None
        return "roman", m.group("num"), title, m.group("num")
    m = _ARABIC.match(text) or _ARABIC_MULTI_NODOT.match(text)
    if m:
        num = m.group("num")
        title = collapse(m.group("title"))
        if "." not in num and not re.match(rf"^{re.escape(num)}\s*[.)]", text):
            return None
        return f"arabic{num.count('.') + 1}", num, title, num
    m = _LETTER.match(text)
    if m:
        return "letter", m.group("num"), collapse(m.group("title")), m.group("num")
    return None


def bullet_text(text: str) -> str | None:
    """Text of a bullet line without its mark, or None when the line is not a bullet."""
    m = _BULLET.match(text)
    if not m:
        return None
    body = m.group("text")
    if body[:1].isdigit() and text[:1] in "-–" and len(body) < 4:
        return None
    return collapse(body)


def is_noise(text: str, prev: str | None) -> bool:
    """True for a page number, stamp residue or a lone short upper-case fragment."""
    if len(text) > 40:
        return False  # neither a page number nor a stamp's fragment: no need to fold a paragraph
    folded = fold_keep(text)
    if _PAGE.match(folded):
        return True
    if len(text) > 24 or not _STAMP.match(text):
        return False
    if collapse(folded).rstrip(".:") in _KEEP_UPPER or roman_value(text.rstrip(".")) or classify(text):
        return False
    # an upper-case heading wrapped onto a second line is not noise
    return not (prev and is_upper_text(prev) and prev[-1:] not in ".;:!?")


def is_footer_start(text: str) -> bool:
    """True for "Nơi nhận" or a TM./KT./TL. signer line."""
    folded = fold_keep(text)
    bare = re.fullmatch(r"\s*(?:TM|KT|TL|TUQ)\.\s*|\s*T/M\s*", text)  # "TM." wrapped alone in its cell
    return bool(re.match(r"^n[o]i\s+nhan\b", folded)) or bool(_FOOTER_MARK.match(text)) or bool(bare)


def _ends_open(text: str) -> bool:
    return bool(text) and text[-1] not in '.;:!?…”")' and (text[-1].isalnum() or text[-1] in ",-/(“")


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _join_mode(tail: str, b: str) -> tuple[bool, str]:
    """How to glue `b` after text ending in `tail`: (drop the final hyphen?, separator)."""
    if tail.endswith("/"):
        return False, ""
    if re.search(r"\w-$", tail[-3:]) and not tail.endswith(" -"):
        word = re.search(r"(\S+)-$", tail[-40:])
        if word and word.group(1).isalpha() and word.group(1).islower() and _starts_lower(b):
            return True, ""
        return False, ""
    return False, " "


class _Active:
    """The paragraph, item or title being built; parts are joined once, so long text stays linear."""

    def __init__(self) -> None:
        self.target: tuple[Any, ...] | None = None
        self.parts: list[str] = []
        self.tail = ""

    def start(self, target: tuple[Any, ...] | None, text: str) -> None:
        self.flush()
        self.target = target
        self.parts = [text]
        self.tail = text[-80:]

    def add(self, text: str) -> None:
        drop, sep = _join_mode(self.tail, text)
        if drop:
            self.parts[-1] = self.parts[-1][:-1]
        self.parts.append(sep + text)
        self.tail = ((self.tail[:-1] if drop else self.tail) + sep + text)[-80:]

    def flush(self) -> None:
        if self.target is None:
            return
        obj, idx = self.target
        joined = "".join(self.parts)
        if idx is None:
            obj.title = joined
        else:
            obj[idx] = joined
        self.target = None


@dataclass
class Body:
    """The body tree plus the text outside numbered parts."""

    sections: list[Node] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    dropped: list[list[str]] = field(default_factory=list)
    rejoined: int = 0


def parse_body(lines: list[Line], wrapped: int | None) -> Body:
    """Build the section tree from body lines: numbering gives the structure, bullets are items."""
    body = Body()
    root = Node(None, "", "root", "")
    stack: list[Node] = []
    active = _Active()
    closing = False
    blank_before = False
    prev_text: str | None = None
    prev_raw = 0
    dropped_run: list[str] = []
    pending_title: Node | None = None

    def flush_dropped() -> None:
        if dropped_run:
            body.dropped.append(list(dropped_run))
            dropped_run.clear()

    for line in lines:
        if line.blank:
            blank_before = True
            flush_dropped()
            continue
        text = line.text
        if not line.cells and is_noise(text, None if blank_before else prev_text):
            dropped_run.append(text)
            blank_before = True
            continue
        flush_dropped()
        if pending_title is not None and not line.cells:
            if is_upper_text(text) and classify(text) is None and len(text) < 200:
                pending_title.title = text
                active.start((pending_title, None), text)
                pending_title = None
                prev_text, prev_raw, blank_before = text, line.raw_len, False
                continue
            pending_title = None
        kind = None if line.cells else classify(text)
        bullet = None if (line.cells or kind) else bullet_text(text)
        if kind and closing and kind[0] in ("roman", "part", "chapter", "article"):
            closing = False  # numbered parts after the closing words: an appendix or a following document
        if kind and not closing:
            style, label, title, key = kind
            node = Node(label, title, style, key)
            styles = [n.style for n in stack]
            if style in styles:
                del stack[styles.index(style) :]
            (stack[-1].children if stack else root.children).append(node)
            stack.append(node)
            active.start((node, None), title)
            if not title:
                pending_title = node
        elif bullet is not None:
            container = body.closing if closing else (stack[-1].items if stack else body.preamble)
            container.append(bullet)
            active.start((container, len(container) - 1), bullet)
        else:
            if _continues(active, text, blank_before, prev_raw, wrapped, line):
                if blank_before:
                    body.rejoined += 1
                active.add(text)
            else:
                if not closing and re.match(r"^tren\s+day\b", fold_keep(text)):
                    closing = True
                if closing:
                    container = body.closing
                else:
                    container = stack[-1].paragraphs if stack else body.preamble
                container.append(text)
                active.start(None if line.cells else (container, len(container) - 1), text)
        prev_text, prev_raw, blank_before = text, line.raw_len, False
    flush_dropped()
    active.flush()
    body.sections = root.children
    return body


def _continues(
    active: _Active, text: str, blank_before: bool, prev_raw: int, wrapped: int | None, line: Line
) -> bool:
    if active.target is None or line.cells:
        return False
    current = active.tail
    if not current:
        return False
    is_title = active.target[1] is None
    if current.endswith("/") or re.search(r"\w-$", current[-3:]):
        return not blank_before or _starts_lower(text)
    if blank_before:
        # a paragraph broken by a page break: ends mid-sentence and goes on in lower case
        return _ends_open(current) and _starts_lower(text)
    if wrapped:
        if prev_raw >= 0.6 * wrapped and not (current[-1] in ".;:!?" and prev_raw < 0.8 * wrapped):
            return True
        return _ends_open(current) and _starts_lower(text)
    if is_title:
        return False
    return _ends_open(current) and (_starts_lower(text) or current[-1] in ",(-/“")


# --- footer ---------------------------------------------------------------------------------------


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    first = fold_keep(words[0])
    if first in _NAME_STOP and not (first == "luu" and _SURNAME_LUU.match(text)):
        return False
    return all(w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def split_authority(text: str) -> list[str]:
    """Split "TM. BAN THƯỜNG VỤ CHỦ TỊCH" into the on-behalf line and the office line."""
    m = _FOOTER_MARK.match(text)
    if not m:
        return [text]
    start = m.end() - 1
    for tm in _TITLE_RE.finditer(text, start):
        # "KT. BỘ TRƯỞNG, CHỦ NHIỆM": one office named twice, not an office then a title
        # "TM. BAN BÍ THƯ …", "TM. BAN THƯỜNG VỤ": a board's name, not its office
        before = text[: tm.start()].rstrip()
        if tm.start() > start and not before.endswith(",") and not before.endswith(" BAN"):
            return [collapse(text[: tm.start()]), collapse(text[tm.start() :])]
    return [text]


def parse_footer(lines: list[Line]) -> tuple[list[str], Signer, list[str]]:
    """Recipients, signer and dropped lines of the footer (recipients and signer in any order)."""
    recipients: list[str] = []
    authority: list[str] = []
    titles: list[str] = []
    names: list[str] = []
    upper_names: list[str] = []
    dropped: list[str] = []
    mode = ""
    pieces: list[str] = []
    for line in lines:
        if line.blank:
            continue
        for cell in line.cells or [line.text]:
            # "PHÓ CHỦ NHIỆMTrần Quốc Toản": the office and the name with no space between them in the source
            cell = _GLUE_SEAM.sub(" ", cell)
            for part in _SIGNED.split(cell):
                m = _TITLE_THEN_NAME.match(part)
                parts = [m.group(1), m.group(2)] if m and is_upper_text(m.group(1)) else [part]
                for p in parts:
                    if p.strip():
                        pieces.extend(split_authority(p.strip()))
    # "TM." or "KT." wrapped alone: joined to the next piece, the joined line is split like any other
    pieces = [r for p in _join_bare_marks(pieces) for q in split_authority(p) for r in _split_signature(q)]
    for text in pieces:
        folded = collapse(fold_keep(text))
        if re.match(r"^noi\s+nhan\b", folded):
            mode = "recipients"
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                recipients.append(_recipient(rest))
            continue
        if _FOOTER_MARK.match(text):
            authority.append(text)
            mode = "signer"
            continue
        if _SIGNER_TITLE.match(text):
            titles.append(text)
            mode = "signer"
            continue
        if _SKIP_FOOTER.match(folded):
            continue
        b = bullet_text(text)
        if mode == "over" and b is not None:
            # past the signer's name and a line of other text the document is over: a web page's own
            # notes ("Như vậy:" and its bullets) are not recipients
            dropped.append(text)
            continue
        # the archive item closes the list wherever the signature's lines fell ("- Lưu: VT,TTHT. Lê Bá Ngọc")
        archive = b is not None and bool(re.match(r"^luu\s*:", folded.lstrip("-–•+ ")))
        if b is not None and (mode == "recipients" or b.endswith((";", ".", ",")) or archive):
            recipients.append(_recipient(b))
            continue
        if (
            mode == "recipients"
            and text.rstrip().endswith((";", "."))
            and len(text) < 150
            and not _is_name(text)
        ):
            recipients.append(_recipient(text))
            continue
        if _is_name(text):
            names.append(text)
            if mode == "signer":
                mode = "signed"
            continue
        if is_upper_text(text) and 2 <= len(text.split()) <= 5 and text.replace(" ", "").isalpha():
            upper_names.append(text)
            continue
        dropped.append(text)
        if mode == "signed":
            mode = "over"
    name = names[-1] if names else (upper_names[-1] if upper_names and (titles or authority) else None)
    recipients = [r for r in recipients if r]
    if name is None:
        name = _name_after_archive(recipients)
    signer: Signer = {"name": name, "title": titles[-1] if titles else None, "authority": authority}
    return recipients, signer, dropped


def _name_after_archive(recipients: list[str]) -> str | None:
    """The signer's name glued after the archive item that closes the recipients list, taken out of it.

    "- Lưu: VT, KSTT. Trần Văn Sơn", "- Lưu: VT. + Hồ Đức Phóc": nothing but the signature follows "Lưu"."""
    last = next(
        (k for k in range(len(recipients) - 1, -1, -1) if fold_keep(recipients[k]).startswith("luu")), None
    )
    if last is None:
        return None
    if last + 2 == len(recipients) and _is_name(recipients[-1]):
        return recipients.pop()
    glued = _GLUED_NAME.search(recipients[last])
    if glued is None:
        return None
    recipients[last] = recipients[last][: glued.start()].rstrip(" ;.,")
    return glued.group(1)


def _split_signature(text: str) -> list[str]:
    """ "THỨ TRƯỞNG Đã ký Đỗ Hoàng Anh Tuấn Ngày 26/4 ...": the office, the name and the rest, apart."""
    m = _SIGNATURE_RUN.match(text)
    if m is None or not m.group("rest") or not _SIGNER_TITLE.match(m.group("office")):
        return [text]
    name, rest = m.group("name").split(), m.group("rest").strip()
    # "Nguyễn Văn An Ngày 05/3 ...": a word that opens the text after the name is not part of it
    while len(name) > 2 and fold_keep(name[-1]) in _NAME_STOP:
        rest = f"{name.pop()} {rest}"
    return [m.group("office"), " ".join(name), rest]


def _join_bare_marks(pieces: list[str]) -> list[str]:
    """ "TM." wrapped alone in a table cell, its body on the next line: one on-behalf line."""
    out: list[str] = []
    for text in pieces:
        if out and re.fullmatch(r"(?:TM|KT|TL|TUQ|Q)\.|T/M|K/T", out[-1].strip()) and is_upper_text(text):
            out[-1] = f"{out[-1].strip()} {text}"
        else:
            out.append(text)
    return out


def _recipient(text: str) -> str:
    text = collapse(text.lstrip("-–•+ ")).rstrip(" ;.,")
    return text


__all__ = ["LOWER", "Body", "Node", "classify", "is_footer_start", "parse_body", "parse_footer"]
