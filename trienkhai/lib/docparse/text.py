"""Low-level text helpers of the parser: cleaning, folding, line model, flattened-line splitting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import overload

from .legacy import decode_legacy, join_letter_spaced_lines


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00)]
    for rng in ranges:
        for cp in rng:
            ch = chr(cp)
            base = unicodedata.normalize("NFD", ch)[0].lower()[:1] or ch
            if base != ch:
                table[cp] = base
    for ch in "đĐðÐ":
        table[ord(ch)] = "d"
    return table


_FOLD_TABLE = _build_fold_table()
# str.translate with a dict pays a raised-and-caught KeyError for every character the dict lacks (most of a
# text): a table covering the whole Basic Multilingual Plane, identity where nothing folds, never misses.
_FOLD_BMP = "".join(_FOLD_TABLE.get(cp, chr(cp)) for cp in range(0x10000))


def fold_keep(text: str) -> str:
    """Fold to lower-case ASCII-like letters keeping the exact length: "Phú Riềng" -> "phu rieng".

    One character in, one character out, so positions found in the folded text are valid in the original.
    """
    return text.translate(_FOLD_BMP)


def is_upper_text(text: str) -> bool:
    """True when `text` has at least two letters and none of them is lower case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


_VN_LETTERS = [chr(c) for c in [*range(0xC0, 0x250), *range(0x1EA0, 0x1F00)] if chr(c).isalpha()]
UPPER = "A-Z" + "".join(c for c in _VN_LETTERS if c.isupper())
LOWER = "a-z" + "".join(c for c in _VN_LETTERS if c.islower())

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_SPACES_RE = re.compile("[\u00a0\u2007\u202f\u2002\u2003\u2009\t\f\v]")
_CONTROL_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def normalise_text(text: str) -> tuple[str, list[str]]:
    """NFC, unify line ends and spaces, repair "Ð" (U+00D0, Icelandic eth) to "Đ"; return text and warnings."""
    warnings: list[str] = []
    # before anything else: TCVN3's "ư" is a soft hyphen and its "é" an eth to a Unicode reader
    text, legacy = decode_legacy(text)
    if legacy:
        warnings.append(f"{LEGACY_WARNING} {_LEGACY_NAMES[legacy]}; đã chuyển sang Unicode.")
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # a regex per character class, not str.translate with a small dict (a KeyError for every other character)
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    eth = text.count("Ð") + text.count("ð")
    if eth:
        text = text.replace("Ð", "Đ").replace("ð", "đ")
        warnings.append(f"Đã thay {eth} ký tự “Ð” (eth) bằng chữ “Đ” tiếng Việt.")
    # other control characters carry nothing readable
    text = _CONTROL_RE.sub(" ", text)
    if not legacy:
        # "Q U Y Ế T Đ Ị N H": a title printed letter-spaced, as PDF text gives it
        text = join_letter_spaced_lines(text)
    return text, warnings


LEGACY_WARNING = "Văn bản gõ bằng bảng mã cũ"
_LEGACY_NAMES = {"TCVN3": "TCVN3 (ABC, phông .VnTime)", "VNI": "VNI (phông VNI-Times)"}


# Old tone placement ("hoà", "thuỷ", "UỶ") and the one Decree 30 texts and this project's expected values use
# ("hòa", "thủy", "ỦY"): in an open final syllable oa/oe/uy the tone sits on the first vowel. "quý" keeps it
# on the y (qu is the consonant) and "hoàn", "khuỷu" are closed syllables, so both stay as printed.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below
_OLD_TONE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W\d_])|(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W\d_])"
)


def _new_tone(m: re.Match[str]) -> str:
    first, second, tone = (
        (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    )
    return first + tone + second


@overload
def canonical_tones(text: str) -> str: ...
@overload
def canonical_tones(text: None) -> None: ...
def canonical_tones(text: str | None) -> str | None:
    """One spelling for both tone placements: "UỶ BAN" -> "ỦY BAN", "hoà" -> "hòa", "thuỷ" -> "thủy"."""
    if not text:
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_TONE.sub(_new_tone, decomposed))


_MD_CHARS = re.compile(r"[#*_>\\]")
_MD_LEAD = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}(?=\s|\*|$)\s*)?")
_MD_BULLET = re.compile(r"^[*+]\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*(?:[-_=*~–—]\s*){3,}$")
# a rule printed under a header name and copied onto the same line: "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM -------"
_RULE_RUN = re.compile(r"\s*(?:[-_=~–—]{3,}|\*{3,})\s*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_UNDERSCORE_EMPH = re.compile(r"(?<![\w])_{1,2}(?=\S)|(?<=\S)_{1,2}(?![\w])")
# "**THƯƠNG BINH****VÀ XÃ HỘI**": a bold run closed and reopened between two whole words is a line break the
# copy lost; between two letters of one word ("**B****Ộ LAO ĐỘNG**") it is only a change of font
_BOLD_SEAM = re.compile(r"(?<=[^\W\d_]{2})\*{4}(?=[^\W\d_]{2})")


def clean_markdown(line: str) -> str:
    """Remove markdown marks (#, **, *, _, >, escapes) from one line and collapse whitespace."""
    if not _MD_CHARS.search(line):
        return collapse(line)  # most lines carry no markdown at all
    line = _MD_LEAD.sub("", line, count=1)
    line = line.strip()
    bullet = ""
    if line.startswith("**"):
        pass
    elif _MD_BULLET.match(line):
        bullet = "- " if line[0] == "*" else "+ "
        line = line[2:]
    line = _ESCAPE.sub(r"\1", line)
    line = _BOLD_SEAM.sub(" ", line)
    line = line.replace("*", "")
    line = _UNDERSCORE_EMPH.sub("", line)
    line = re.sub(r"^#{1,6}\s+", "", line.strip())
    return collapse(bullet + line)


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return " ".join(text.split())


@dataclass
class Line:
    """One logical line: cleaned text, its printed length, and the cells when it was a table row."""

    text: str
    raw_len: int = 0
    cells: list[str] = field(default_factory=list)
    split: bool = False
    # the line closed a table cell ("... |"): web copies of a two-column header end each cell so
    cell_end: bool = False

    @property
    def blank(self) -> bool:
        """True for an empty line (a paragraph break)."""
        return not self.text


def to_lines(text: str) -> list[Line]:
    """Split normalised text into cleaned lines; table rows keep their cells."""
    out: list[Line] = []
    for raw in text.split("\n"):
        if not raw or raw.isspace():
            out.append(Line(""))
            continue
        if _TABLE_SEP.match(raw) and "-" in raw and ("|" in raw or raw.strip().startswith(":")):
            continue
        if _RULE.match(raw):
            out.append(Line(""))
            continue
        stripped = raw.strip()
        cell_end = False
        if stripped.count("|") == 1 and stripped.endswith("|"):
            # one cell of a header table whose rows were copied one cell per line
            stripped, cell_end = stripped[:-1].strip(), True
        if stripped.count("|") >= 2 or (" | " in stripped) or stripped.startswith("|"):
            cells = [clean_markdown(c) for c in stripped.strip("|").split("|")]
            cells = [c for c in cells if c]
            if not cells:
                out.append(Line(""))
                continue
            if len(cells) == 1:
                out.append(Line(cells[0], len(cells[0])))
            else:
                out.append(Line(" | ".join(cells), 0, cells))
            continue
        cleaned = clean_markdown(stripped if cell_end else raw)
        out.append(Line(cleaned, len(cleaned), cell_end=cell_end))
    return out


def strip_rule_runs(text: str) -> str:
    """Remove rules copied onto a header line: "VIỆT NAM -------" -> "VIỆT NAM", "TRUNG ƯƠNG***Số" -> "TRUNG ƯƠNG Số"."""
    return collapse(_RULE_RUN.sub(" ", text))


def wrap_width(lines: list[Line]) -> int | None:
    """Width of hard wrapping when the text looks hard-wrapped (lines cut at ~N columns), else None.

    A few lines may stick out (an unwrapped title, an OCR hyphen), so the width is tried from the longest
    line down to the longest but `outliers`.
    """
    lens = sorted((ln.raw_len for ln in lines if ln.raw_len and not ln.cells), reverse=True)
    if len(lens) < 8:
        return None
    wrappable = sum(1 for n in lens if n >= 40)
    outliers = max(2, len(lens) // 50)
    for top in lens[: outliers + 1]:
        if top > 110 or top < 40:
            continue
        filled = sum(1 for n in lens if 0.85 * top <= n <= top)
        # headers and headings are short whatever the layout: judge on the lines that could be wrapped
        if filled >= max(3, 0.3 * wrappable):
            return top
    return None


# --- splitting lines that hold several printed lines (flattened renderings) -------------------------

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "chuong trinh hanh dong": ("CTr", "Chương trình hành động"),
    "chuong trinh": ("CTr", "Chương trình"),
    "nghi quyet": ("NQ", "Nghị quyết"),
    "quyet dinh": ("QĐ", "Quyết định"),
    "chi thi": ("CT", "Chỉ thị"),
    "quy che": ("QC", "Quy chế"),
    "quy dinh": ("QyĐ", "Quy định"),
    "thong cao": ("TC", "Thông cáo"),
    "thong bao": ("TB", "Thông báo"),
    "huong dan": ("HD", "Hướng dẫn"),
    "ke hoach": ("KH", "Kế hoạch"),
    "phuong an": ("PA", "Phương án"),
    "de an": ("ĐA", "Đề án"),
    "du an": ("DA", "Dự án"),
    "bao cao": ("BC", "Báo cáo"),
    "bien ban": ("BB", "Biên bản"),
    "to trinh": ("TTr", "Tờ trình"),
    "hop dong": ("HĐ", "Hợp đồng"),
    "cong dien": ("CĐ", "Công điện"),
    "ban ghi nho": ("BGN", "Bản ghi nhớ"),
    "ban thoa thuan": ("BTT", "Bản thỏa thuận"),
    "giay uy quyen": ("GUQ", "Giấy ủy quyền"),
    "giay moi": ("GM", "Giấy mời"),
    "giay gioi thieu": ("GGT", "Giấy giới thiệu"),
    "giay nghi phep": ("GNP", "Giấy nghỉ phép"),
    "phieu gui": ("PG", "Phiếu gửi"),
    "phieu chuyen": ("PC", "Phiếu chuyển"),
    "phieu bao": ("PB", "Phiếu báo"),
    "ket luan": ("KL", "Kết luận"),
    "nghi dinh": ("NĐ", "Nghị định"),
    "thong tu": ("TT", "Thông tư"),
    "thong tu lien tich": ("TTLT", "Thông tư liên tịch"),
}

# kinds of document that Decree 30 gives no code: a law's number is "46/2014/QH13"
UNCODED_KINDS: dict[str, str] = {"luat": "Luật", "phap lenh": "Pháp lệnh", "hien phap": "Hiến pháp"}
# every kind name, folded -> (code or None, name as printed in sentence case)
KIND_NAMES: dict[str, tuple[str | None, str]] = {
    **TYPE_NAMES,
    **{k: (None, v) for k, v in UNCODED_KINDS.items()},
}

_TYPE_ALT = "|".join(sorted((k.replace(" ", r"\s+") for k in KIND_NAMES), key=len, reverse=True))
_TYPE_IN_FOLD = re.compile(rf"(?<![\w])(?:{_TYPE_ALT})(?![\w])")
TYPE_LEAD = re.compile(rf"(?:{_TYPE_ALT})(?![\w])")

_MOTTO_RES = [
    re.compile(r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam"),
    re.compile(r"doc\s*lap\s*[-–—]?\s*tu\s*do\s*[-–—]?\s*hanh\s*phuc"),
    re.compile(r"dang\s+cong\s+san\s+viet\s+nam"),
]
NUMBER_BODY = r"\d{0,5}\s{0,3}[/-]\s{0,2}[A-Za-zĐđƯư0-9]+(?:\s{0,2}[/-]\s{0,2}[A-Za-zĐđƯư0-9]+){0,4}"
_NUMBER_IN = re.compile(rf"S[ốỐoO]\s{{0,3}}:?\s{{0,3}}(?:{NUMBER_BODY}|(?=/))")
_DATE_FOLD = re.compile(
    r"ngay\s{1,3}\d{1,2}\s{0,3}(?:thang\s{1,3}\d{1,2}\s{1,3}nam\s{1,3}|[/.-]\s?\d{1,2}\s?[/.-]\s?)\d{4}"
)
_WHOLE_DATE_LINE = re.compile(
    r"^[^,]{2,60},\s*ngay\s{1,3}\d{1,2}\s{0,3}(?:thang\s{1,3}\d{1,2}\s{1,3}nam\s{1,3}|[/.-]\s?\d{1,2}\s?[/.-]\s?)\d{4}\s*\.?$"
)
# "Thành phố Hồ Chí Minh, ngày …", "TP. Hồ Chí Minh, ngày …": the kind of a city is part of the place
_PLACE_BEFORE = re.compile(
    rf"(?:^|(?<=\s))((?:(?:Thành phố|Thị xã|Thị trấn|TP\.|Tp\.)\s*)?"
    rf"(?:[{UPPER}][{LOWER}]*(?:[-–][{UPPER}][{LOWER}]*)?\.?\s+){{0,4}}[{UPPER}][{LOWER}]*)\s*,?\s*$"
)
_VV = re.compile(r"(?<!\S)V/[vV]\b")
_KINH_GUI = re.compile(r"(?<!\S)kinh\s+gui\b")
_UPPER_RUN = re.compile(rf"(?<=[{LOWER}0-9,.;:)”\"])\s+(?=(?:[{UPPER}]{{2,}}\.?\s+){{2,}}[{UPPER}]{{2,}})")

# an upper-case run (a title) followed by sentence text that starts in lower case (a copy cut mid-word under
# the header, "… TỈNH QUẢNG TRỊ ính quyền địa phương …")
_UPPER_TO_LOWER = re.compile(rf"(?<=[{UPPER}]{{2}})\s+(?=[{LOWER}])")
_BANNER = re.compile(r"\bLAWDATA\b")
_TERMINAL = '.;:!?…”")'
_DASH_SPLIT = re.compile(r"\s([-–•+])\s+(?=\S)")
_ROMAN_SPLIT = re.compile(rf"\s(?=(?:PHẦN\s+)?[IVX]{{1,5}}\.\s+[{UPPER}]{{2,}}[\s,])")
_ARABIC_SPLIT = re.compile(rf"\s(?=\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\.\s+[{UPPER}“\"(])")
_LETTER_SPLIT = re.compile(r"(?<=[.;:])\s+(?=[a-zđ]\)\s)")
_ARTICLE_SPLIT = re.compile(r"(?<=[.;:])\s+(?=Điều\s+\d{1,3}\s*[.:])")
_FLAT_AUTHORITY = re.compile(
    rf"(?<=[0-9])\s+(?=(?:BỘ TRƯỞNG|CHỦ TỊCH|THỦ TƯỚNG)\s+[{UPPER}]{{2,}})|(?<=[{UPPER}]{{2}})\s+(?=Căn\s+cứ\s)"
)
# paragraphs run together on one line (a copy that lost its paragraph breaks): a sentence end, then the way an
# official paragraph opens
_PARA_SPLIT = re.compile(
    r"(?<=[.;])\s+(?=(?:Thực hiện|Trên cơ sở|Nhằm|Đồng thời|Tiếp tục|Phấn đấu|Quán triệt|Tăng cường|Đẩy mạnh|"
    r"Nâng cao|Chỉ đạo|Tổ chức|Triển khai|Kịp thời|Bảo đảm|Đảm bảo)\s)"
)
_HEADER_RULE = re.compile(r"(?<=\S)\s+[-_=~–—]{3,}(?=\s+\S)")
_CANCU_SPLIT = re.compile(r"(?<=[.;:,])\s+(?=Căn\s+cứ\s)")
_DECIDE_SPLIT = re.compile(r"\s(?=QUYẾT\s+(?:ĐỊNH|NGHỊ)\s*:)|(?<=QUYẾT ĐỊNH:)\s|(?<=QUYẾT NGHỊ:)\s")
_CLOSING_SPLIT = re.compile(r"(?<=[.;:!?”\"])\s+(?=Trên\s+đây\s)")
_FOOTER_SPLIT = re.compile(
    rf"\s(?=(?:N[ơo]i\s+nh[ậa]n\s*:))|\s(?=(?:TM|KT|TL|TUQ|Q)\.\s*[{UPPER}])|\s(?=(?:T/M|K/T)\s)"
)
_FOOTER_HINT = re.compile(r"i nh|I NH|TM\.|KT\.|TL\.|Q\.|T/M|K/T")
# in a recipients line ("- Lưu: VT. CHỦ TỊCH", "- Lưu: VT. PHỤ LỤC ..."): the list ends where the signer's office or
# an appendix begins on the same line
_SIGNER_OFFICE = (
    "PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ BÍ THƯ|BÍ THƯ|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ TRƯỞNG BAN|TRƯỞNG BAN|PHÓ TRƯỞNG PHÒNG|"
    "TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|HIỆU TRƯỞNG|THỦ TRƯỞNG|TỔNG GIÁM ĐỐC|PHÓ CHỦ NHIỆM|CHỦ NHIỆM|BỘ TRƯỞNG|"
    "THỨ TRƯỞNG|PHÓ TỔNG CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|PHÓ CỤC TRƯỞNG|CỤC TRƯỞNG|PHÓ VỤ TRƯỞNG|VỤ TRƯỞNG|THỦ TƯỚNG"
)
_RECIPIENTS_END = re.compile(
    rf"(?<=[.;)])\s+(?=(?:{_SIGNER_OFFICE})(?:\s+[{UPPER}]+)*(?:\s+[{UPPER}][{LOWER}]+){{0,5}}\s*$)"
    rf"|(?<=[.;,)])\s+(?=(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:[IVX]{{1,4}}|\d{{1,2}}|SỐ|số)\b|\s*:|\s+[{UPPER}]|\s*$))"
)
_RECIPIENTS_END_HINT = re.compile("CHỦ|CHÁNH|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG|TƯỚNG|PHỤ LỤC|Phụ lục")
_RECIPIENT_SPLIT = re.compile(r"(?<=[;:])\s*(?=[-–•+]\s*\S)")
_NAME_TAIL = re.compile(
    rf"(?<=[{UPPER}]{{2}})\s+(?=[{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}]*){{1,5}}\s*$)"
)
_HEADING_START = re.compile(rf"^(?:(?:PHẦN\s+)?[IVX]{{1,5}}\.|\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\.)\s+[{UPPER}]")


def _last_char_at(text: str, pos: int) -> int:
    """Index of the last non-space character before `pos`, or -1 (scans back over spaces only)."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i


def _word_before(text: str, end: int) -> str:
    """The word ending at index `end` (exclusive), looking back at most 40 characters."""
    start = end
    floor = max(0, end - 40)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _upper_slip(text: str, pos: int) -> bool:
    """ "… HOẠT ĐỘNG CỦA BAN thanh tra NHÂN DÂN …": a few lower-case words inside an upper-case title."""
    last = _last_char_at(text, pos)
    if last < 0 or not text[last].islower():
        return False  # "… GIAI ĐOẠN 2021-2025 ỦY BAN NHÂN DÂN …": the title ends on a number
    letters = [c for c in text[max(0, pos - 40) : pos] if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _case_share(text: str, *, upper: bool) -> float:
    """Share of the letters of `text` in upper (or lower) case; 0 when it holds fewer than 20 letters."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return 0.0
    return sum(c.isupper() == upper for c in letters) / len(letters)


def _punct_or_upper_before(text: str, pos: int) -> bool:
    last = _last_char_at(text, pos)
    if last < 0:
        return False
    if text[last] in _TERMINAL:
        return True
    return is_upper_text(_word_before(text, last + 1))


def _dash_ok(text: str, pos: int) -> bool:
    last = _last_char_at(text, pos)
    if last < 0:
        return False
    nxt = text[pos : pos + 8].lstrip()[1:].lstrip()
    if text[last] in _TERMINAL:
        return True
    word = _word_before(text, last + 1)
    nxt_word = nxt.split(" ", 1)[0] if nxt else ""
    # "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI": a dash between two upper-case words joins one name
    joins_name = len(nxt_word) >= 2 and is_upper_text(nxt_word) and nxt_word.isalpha()
    return len(word) >= 2 and is_upper_text(word) and bool(nxt) and nxt[0].isupper() and not joins_name


def _cut(text: str, cuts: set[int]) -> list[str]:
    pieces: list[str] = []
    prev = 0
    for pos in sorted(cuts):
        if 0 < pos < len(text):
            pieces.append(text[prev:pos])
            prev = pos
    pieces.append(text[prev:])
    return [p for p in (collapse(x) for x in pieces) if p]


_LITERAL_SPLITS = (
    (_LETTER_SPLIT, ")"),
    (_ARTICLE_SPLIT, "Điều"),
    (_CANCU_SPLIT, "Căn"),
    (_DECIDE_SPLIT, "QUYẾT"),
    (_CLOSING_SPLIT, "Trên"),
)
# the lines where a recipients list can run into the signer or an appendix: "Nơi nhận: ...", "- Lưu: VT. ..."
_RECIPIENTS_LINE = re.compile(r"^\s*(?:[-–•+]\s*\S|noi\s+nhan|luu\b)")


# Words a phrase cannot end on: what follows them belongs to the same phrase (the header's title lines
# use them too, with "trên").
LINK_WORDS = {
    "của",
    "và",
    "với",
    "giữa",
    "cho",
    "tại",
    "thuộc",
    "về",
    "đối",
    "trong",
    "từ",
    "đến",
    "các",
    "những",
}


def _place_start(text: str, start: int) -> int:
    """Where the place of a date line glued to the text before it begins.

    The capitalised words in front of ", ngày" may end the phrase before them: "… Việt Nam - Lào Hà Nội, ngày"
    (a name joined by a dash) or "… du lịch Việt Nam Hà Nội, ngày" ("Việt Nam" is never a place of issue).
    """
    words = text[start:].split(",", 1)[0].split()
    last = _last_char_at(text, start)
    skip = 0
    if len(words) >= 3 and last >= 0 and text[last] in "-–":
        skip = 1
    if words[skip : skip + 2] == ["Việt", "Nam"] and len(words) - skip > 2:
        skip += 2
    for word in words[:skip]:
        start = text.index(word, start) + len(word)
    return start


def split_flat(text: str, *, in_header: bool) -> list[str]:
    """Split a line that holds several printed lines (header, headings, bullets, footer) into pieces."""
    if len(text) < 12:
        return [text]
    # folding costs on every line of a long text: outside the header only a recipients line needs it
    lead = text.lstrip()[:1]
    need_fold = in_header or ";" in text or ":" in text or lead in "-–•+NnLl"
    folded = fold_keep(text) if need_fold else ""
    whole = _WHOLE_DATE_LINE.match(folded) if in_header else None
    head = text[: text.find(",")]
    if whole and not re.search(rf"[{UPPER}]{{2,}}\s+[{UPPER}]{{2,}}|\d|:", head):
        # "Phan Rang-Tháp Chàm, ngày 05 tháng 3 năm 2007": a date line whole, whatever its place looks like
        return [collapse(text)]
    cuts: set[int] = set()
    if _FOOTER_HINT.search(text):  # a literal search before scanning every space with lookaheads
        for m in _FOOTER_SPLIT.finditer(text):
            cuts.add(m.start())
    nhan = folded.find("nhan")
    if ";" in text or ":" in text:
        for m in _RECIPIENT_SPLIT.finditer(text):
            last = _last_char_at(text, m.start())
            if (0 <= nhan < m.start()) or (last >= 0 and text[last] == ";"):
                cuts.add(m.start())
    if _RECIPIENTS_LINE.match(folded):
        cuts.update(_recipients_end(text))
    if in_header:
        number_ends: set[int] = set()
        for rx in _MOTTO_RES:
            for m in rx.finditer(folded):
                cuts.update((m.start(), m.end()))
        for m in _NUMBER_IN.finditer(text):
            # "NGHỊ QUYẾT SỐ 41/2022/NQ-HĐND" inside an upper-case title is a citation, not the number line
            cited = text.startswith("SỐ ", m.start()) and m.start() > 0
            if (m.start() == 0 or not text[m.start() - 1].isalnum()) and not cited:
                cuts.update((m.start(), m.end()))
                number_ends.add(m.end())
        for m in _VV.finditer(text):
            cuts.add(m.start())
        for m in _FLAT_AUTHORITY.finditer(text):
            # "... GIAI ĐOẠN 2021-2025 BỘ TRƯỞNG BỘ Y TẾ Căn cứ ...": title, deciding authority, preamble
            cuts.add(m.start())
        for m in _HEADER_RULE.finditer(text):
            # "… năm 2026 ----- I- Kết quả …": the rule printed under the title, a line of its own
            cuts.update((m.start(), m.end()))
        for m in _KINH_GUI.finditer(folded):
            cuts.add(m.start())
        for m in _DATE_FOLD.finditer(folded):
            window = max(0, m.start() - 60)
            place = _PLACE_BEFORE.search(text[window : m.start()])
            if place:
                cuts.update((_place_start(text, window + place.start(1)), m.end()))
        for m in _BANNER.finditer(text):
            cuts.add(m.end())  # "… cơ sở dữ liệu luật việt nam LAWDATA QUYẾT ĐỊNH …": the database's banner
        for m in _TYPE_IN_FOLD.finditer(folded):
            seg = text[m.start() : m.end()]
            if is_upper_text(seg) and folded.startswith("cua ", m.end() + 1) and m.start() > 0:
                # "QUYẾT ĐỊNH CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ …": the gazette's heading under the kind name
                cuts.update((m.start(), m.end()))
                continue
            if _word_before(text, _last_char_at(text, m.start()) + 1).lower() in LINK_WORDS:
                continue  # "… TỈNH VỀ QUY ĐỊNH CƠ CHẾ …": a title wrapped before a kind word it names
            rest = text[m.end() :].lstrip(" :")
            nxt = rest.split(" ", 1)[0] if rest else ""
            # "CÁC CHƯƠNG TRÌNH, DỰ ÁN" in an upper-case title is a phrase, not the kind name
            if (
                is_upper_text(seg)
                and (not nxt or not is_upper_text(nxt))
                and not nxt.startswith((",", ";", ")"))
            ):
                cuts.update((m.start(), m.end()))
            elif is_upper_text(seg) and (
                re.search(r"\bnam\s+\d{4}\s*$", folded[: m.start()])
                or _last_char_at(text, m.start()) + 1 in number_ends
            ):
                # "... ngày 04 tháng 12 năm 2021 QUYẾT ĐỊNH VỀ VIỆC ...", "Số 01-KL/CB KẾT LUẬN CỦA CHI BỘ ...":
                # the kind name right after the date line or the number
                cuts.update((m.start(), m.end()))
        if len(text) > 100:
            for m in _UPPER_RUN.finditer(text):
                word = _word_before(text, m.start())
                # not after an abbreviation ("BẢO HIỂM XÃ HỘI TP. HỒ CHÍ MINH"), nor inside an upper-case phrase
                # that holds a comma or a semicolon ("LUẬT SỬA ĐỔI, BỔ SUNG …", "NGƯỜI LAO ĐỘNG; NGƯỜI SỬ DỤNG")
                if (
                    not re.fullmatch(r"[A-ZĐ]{1,3}\.", word)
                    and not _upper_slip(text, m.start())
                    and not (word[-1:] in ",;" and len(word) > 2 and is_upper_text(word[:-1]))
                ):
                    cuts.add(m.start())
        if len(text) > 100:
            for m in _UPPER_TO_LOWER.finditer(text):
                if _case_share(text[max(0, m.start() - 60) : m.start()], upper=True) >= 0.9 and (
                    _case_share(text[m.end() : m.end() + 60], upper=False) >= 0.9
                ):
                    cuts.add(m.start())
    if len(text) > 40:
        # substring tests first: each regex scan of a long line costs more than all of them
        if " - " in text or " – " in text or " • " in text or " + " in text:
            for m in _DASH_SPLIT.finditer(text):
                if _dash_ok(text, m.start()):
                    cuts.add(m.start())
        if ". " in text:
            for rx in (_ROMAN_SPLIT, _ARABIC_SPLIT):
                for m in rx.finditer(text):
                    if _punct_or_upper_before(text, m.start()):
                        cuts.add(m.start())
        for rx, needle in _LITERAL_SPLITS:
            if needle in text:  # a substring test is far cheaper than a lookbehind scan of the line
                for m in rx.finditer(text):
                    cuts.add(m.start())
    if len(text) > 300 and not re.match(r"^\s*(?:[-–•+*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s", text):
        # a bullet holds its sentences together; only a bare run of paragraphs is split
        # each paragraph so found is a paragraph's worth of text, not a short closing sentence
        found = [m.start() for m in _PARA_SPLIT.finditer(text)]
        for k, pos in enumerate(found):
            before = pos - (found[k - 1] if k else 0)
            after = (found[k + 1] if k + 1 < len(found) else len(text)) - pos
            if before >= 80 and after >= 80:
                cuts.add(pos)
    pieces = _cut(text, cuts) if cuts else [collapse(text)]
    out: list[str] = []
    for piece in pieces:
        out.extend(_split_heading_tail(piece))
    final: list[str] = []
    for piece in out:
        # the tail needs two upper-case letters before it: a piece opening in lower case has none
        # and the piece ends on a title-case word ("… CHỦ TỊCH Nguyễn Văn An"): tested before scanning it
        end_word = piece[piece.rfind(" ") + 1 :]
        if (
            len(piece) >= 160
            or any(c.islower() for c in piece[:2])
            or not (end_word[:1].isupper() and (len(end_word) == 1 or end_word[1:].islower()))
        ):
            tail = None
        else:
            tail = _NAME_TAIL.search(piece)
        if tail and is_upper_text(piece[: tail.start()]):
            final.extend(_cut(piece, {tail.start()}))
        else:
            final.append(piece)
    if len(final) > 1:
        # a recipient item cut out of a joined footer may end on the signer's office ("- Như kính gửi; PHÓ CỤC
        # TRƯỞNG"), as a line of its own would
        final = [q for p in final for q in _split_recipient_item(p)]
    return final


def _recipients_end(text: str) -> set[int]:
    cuts: set[int] = set()
    if not _RECIPIENTS_END_HINT.search(text):
        return cuts  # a literal test first: the lookbehind scan costs on every bullet of a long text
    for m in _RECIPIENTS_END.finditer(text):
        # "KT. CHỦ TỊCH": the office after an on-behalf mark belongs to it
        if _word_before(text, m.start()) not in ("TM.", "KT.", "TL.", "TUQ.", "Q."):
            cuts.add(m.start())
    return cuts


def _split_recipient_item(piece: str) -> list[str]:
    if (";" not in piece and "." not in piece) or piece.lstrip()[:1] not in "-–•+NnLl":
        return [piece]
    if not _RECIPIENTS_LINE.match(fold_keep(piece)):
        return [piece]
    ends = _recipients_end(piece)
    return _cut(piece, ends) if ends else [piece]


def _split_heading_tail(piece: str) -> list[str]:
    # "3. Tham gia ... cho công nhân - Tiếp tục ... ." : the first bullet after a flattened heading. Names
    # such as "Phòng Lao động - Thương binh và Xã hội" hold " - X" too, so take the last candidate before
    # the first sentence end, outside quotes.
    if len(piece) < 60 or not _HEADING_START.match(piece):
        return [piece]
    stop = re.search(r"[.;:!?](?:\s|$)", piece[4:])
    limit = stop.start() + 4 if stop else len(piece)
    best = None
    depth, seen = 0, 0
    for m in _DASH_SPLIT.finditer(piece, 0, limit):
        depth += piece.count("“", seen, m.start()) - piece.count("”", seen, m.start())
        seen = m.start()
        if piece[m.end() : m.end() + 1].isupper() and depth <= 0:
            best = m
    if best is None:
        return [piece]
    return [collapse(piece[: best.start()]), collapse(piece[best.start() :])]
