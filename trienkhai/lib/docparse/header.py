"""The header of an official document: bodies, number, motto, place and date, type name, title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .legacy import join_letter_spaced, restore_lost_u
from .numbers import make_date, parse_number
from .text import (
    KIND_NAMES,
    LINK_WORDS,
    TYPE_LEAD,
    UPPER,
    Line,
    collapse,
    fold_keep,
    is_upper_text,
    strip_rule_runs,
)

_MOTTO = re.compile(
    r"^(?:cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam|doc\s*lap\s*[-–—]?\s*tu\s*do\s*[-–—]?\s*hanh\s*phuc"
    r"|dang\s+cong\s+san\s+viet\s+nam|viet\s*nam\s*dan\s*chu\s*cong\s*hoa)$"
)
# "VIỆT NAM DÂN CHỦ CỘNG HÒA": the State's name on documents before 1976
_MOTTO_WORDS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "dang cong san viet nam",
    "viet nam dan chu cong hoa",
)
# "Số: 12/KH-UBND", "Số 06-CT/TW", and "Nghị quyết số: 653/2019/UBTVQH14" (the kind name before "số")
_NUMBER = re.compile(
    r"^(?:(?:nghi quyet|quyet dinh|chi thi|ke hoach|thong bao|huong dan|cong van|bao cao)\s+)?"
    r"s[oóồ]\s{0,3}(?::\s{0,3}|(?=\d))(?P<num>.*)$"
)
# a date line whose day is blank or garbled ("Đức Hợp, ngày ….. tháng 12 năm 2021"): the place is still known
_LOOSE_DATE_LINE = re.compile(r"^(?P<place>[^,]{2,40}),\s*ngay\b.{0,30}\bnam\s+\d{4}\s*\.?$")
# the line under a decision's title naming who decides: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "BỘ TRƯỞNG BỘ Y TẾ"
_AUTHORITY_LINE = re.compile(
    r"^(?:chu tich|pho chu tich|bo truong|thu tuong|tong giam doc|giam doc|tong cuc truong|cuc truong|ban bi thu|ban thuong vu|ban chap hanh|doan chu tich"
    r"|uy ban nhan dan|uy ban thuong vu|hoi dong nhan dan|chinh phu)\b"
)
_DATE_LINE = re.compile(
    r"^(?P<place>[^,]{0,60}?)\s*,?\s*ngay\s{1,3}(?P<d>\d{1,2})\s{0,3}(?:thang\s{1,3}(?P<m>\d{1,2})\s{1,3}nam\s{1,3}"
    r"|[/.-]\s?(?P<m2>\d{1,2})\s?[/.-]\s?)(?P<y>\d{4})\s*\.?$"
)
_BODY_HEAD = re.compile(
    r"(?<=\S)\s+(?=(?:(?<!TỔNG )LIÊN ĐOÀN LAO ĐỘNG|(?<!BAN CHẤP HÀNH )CÔNG ĐOÀN (?!CƠ SỞ)|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|"
    r"HUYỆN ỦY|HUYỆN UỶ|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|ĐẢNG ỦY|ĐẢNG UỶ|ĐẢNG BỘ|ĐẢNG ĐOÀN|SỞ|(?<!VĂN )PHÒNG|VĂN PHÒNG|"
    r"(?<!ỦY )(?<!UỶ )BAN CHẤP HÀNH|(?<!ỦY )(?<!UỶ )BAN THƯỜNG VỤ|BAN TUYÊN GIÁO|BAN TỔ CHỨC|BAN DÂN VẬN|BAN NỘI CHÍNH|"
    r"BAN KINH TẾ|BAN CHỈ ĐẠO|TỔ CÔNG TÁC|ĐOÀN TNCS|CHI BỘ|TỔNG CỤC|CHI CỤC|(?<!TỔNG )(?<!CHI )CỤC|BẢO HIỂM XÃ HỘI)\b)"
)
_ADMIN_LEVEL = re.compile(r"^(?:tinh|huyen|thanh pho|quan|thi xa|xa|phuong|thi tran|dac khu)\b")
_BARE_BODY = re.compile(r"^(?:uy ban nhan dan|hoi dong nhan dan|uy ban mat tran to quoc viet nam)$")
# how the name of a body begins: ministries, People's Councils and Committees at every level, union levels,
# Party committees and boards. A header piece that begins otherwise ("VIỆT NAM", "QUỐC HỘI", "TRUNG ƯƠNG")
# is the wrapped end of the name above it, not a body of its own.
_BODY_GAZETTEER = re.compile(
    r"^(?:uy ban|uy ban|hoi dong|bo |so |phong |van phong|tong cuc|cuc |vu |chinh phu|thu tuong|quoc hoi|toa an"
    r"|vien |kiem toan|ngan hang|bao hiem|tong lien doan|lien doan|cong doan|dang bo|dang uy|dang doan|ban |huyen uy"
    r"|tinh uy|thanh uy|quan uy|thi uy|chi bo|doan |hoi |mat tran|to |truong |benh vien|trung tam|cong ty|tap doan"
    r"|tong cong ty|ubnd|hdnd|thanh doan|tinh doan|hoc vien|dai hoc|tap chi|bao |dai |nghiep doan|khoi )"
)
_CONTINUATION = re.compile(
    r"^(?:viet nam|quoc hoi|trung uong|nhan dan|chinh phu|tinh |thanh pho |tp\.?\s|huyen |xa |phuong )"
)

_STRUCTURAL = re.compile(
    r"^(?:(?:PHẦN|Phần)\s+\S+|(?:Chương|CHƯƠNG)\s+[IVXLC\d]+|Điều\s+\d+|[IVXL]{1,6}\s*[.)]\s|"
    r"\d{1,2}(?:\.\d{1,2}){0,3}[.)]\s|[a-zđ]\)\s|[-–—•+]\s)"
)
# a cited number ends the line: "… SỐ 41/2022/NQ-HĐND", or the older "… SỐ 78-CP"
_ENDS_ON_NUMBER = re.compile(r"\d{1,5}(?:/(?:\d{4}/)?|-)[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*$")
_TITLE_STOP_START = re.compile(r"^(?:thuc hien|can cu|de |nham |theo |trien khai|kinh gui|ngay )")


@dataclass
class Header:
    """What the header says; `end` is the index of the first body line."""

    bodies: list[str] = field(default_factory=list)
    number_raw: str | None = None
    place: str | None = None
    date: str | None = None
    type_fold: str | None = None
    type_printed: str | None = None
    title: list[str] = field(default_factory=list)
    vv: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    end: int = 0
    seen: int = 0


def classify_date(text: str) -> tuple[str | None, str | None] | None:
    """(place, ISO date) when `text` is a date line "Phú Riềng, ngày 08 tháng 8 năm 2024", else None.

    A date line whose day is blank or garbled gives (place, None).
    """
    folded = fold_keep(text)
    m = _DATE_LINE.match(folded)
    if not m:
        loose = _LOOSE_DATE_LINE.match(folded)
        if loose:
            return collapse(text[: loose.end("place")]).strip(" ,") or None, None
        return None
    month = m.group("m") or m.group("m2")
    date = make_date(int(m.group("d")), int(month), int(m.group("y")))
    place = collapse(text[: m.end("place")]).strip(" ,") or None
    return place, date


def _type_of(text: str) -> str | None:
    core = text.strip().rstrip(":").strip()
    if not is_upper_text(core):
        return None
    folded = collapse(fold_keep(core))
    return folded if folded in KIND_NAMES else None


_PAREN_TAIL = re.compile(r"\s*\([^()]{1,60}\)\s*$")


def _type_lead(text: str) -> tuple[str, str] | None:
    """("KẾ HOẠCH", "RÀ SOÁT …") when an upper-case line opens with a kind name and goes on in upper case."""
    core = text.strip()
    # "KẾ HOẠCH NÂNG CAO … (Giai đoạn: 2021- 2025)": a closing parenthesis may be in sentence case
    if not is_upper_text(_PAREN_TAIL.sub("", core)):
        return None
    m = TYPE_LEAD.match(fold_keep(core))
    if m is None:
        return None
    rest = core[m.end() :].lstrip(" :")
    if len(rest.split()) < 2 or rest[:1] in ",;)":
        return None
    return collapse(core[: m.end()]), collapse(rest)


def parse_header(lines: list[Line], wrapped: int | None) -> Header:
    """Read the header from the top of `lines` (two columns flattened, table cells or interleaved)."""
    h = Header()
    in_title = False
    title_done = False
    in_vv = False
    in_addr = False
    i = 0
    limit = min(len(lines), 80)
    while i < limit:
        line = lines[i]
        if line.blank:
            if (
                in_title
                and h.title
                and not _cited_date_follows(h, lines, i)
                and not _title_open(h.title[-1])
                and not _lower_follows(lines, i)
            ):
                title_done = True
            in_vv = in_vv and _vv_goes_on(h, lines, i)
            in_addr = in_addr and not h.addressees
            i += 1
            continue
        if in_title and not h.title and h.number_raw is None and h.date is None and not line.cells:
            used = _gazette_lines(h, lines, i)
            if used:
                i += used
                continue
        pieces = line.cells or [line.text]
        if i == 0 and (line.split or len(pieces) > 1) and _is_page_title(pieces[0]):
            # a web page's title glued in front of a header copied onto one line: not part of the header
            pieces = pieces[1:]
        if i == 0 and len(pieces) > 2:
            pieces = pieces[_glued_header_start(pieces) :]
        if i == 0 and len(pieces) == 1 and not _is_name_upper(pieces[0]) and _motto_follows(lines):
            # "… 00:00 Tổng cục thuế & BO TÀI CHÍNH" / "CỘNG HÒA …": a page's lead-in glued in front of the
            # issuer's name; the upper-case run that ends it is the name
            tail = _UPPER_TAIL.search(pieces[0])
            pieces = [tail.group(1)] if tail else pieces
        stop = False
        for text in pieces:
            verdict = _take(h, text, line, wrapped, in_title, title_done, in_vv, in_addr)
            if verdict == "stop":
                stop = True
                break
            if verdict == "title":
                in_title = True
            elif verdict == "title_done":
                in_title, title_done = False, True
            elif verdict == "vv":
                in_vv = True
            elif verdict == "addr":
                in_addr = True
                in_vv = False
                title_done = True
        if stop:
            break
        i += 1
    h.end = i
    return h


_UPPER_TAIL = re.compile(rf"(?:^|\s)((?:[{UPPER}]{{2,}}\s+)+[{UPPER}]{{2,}})$")


def _motto_follows(lines: list[Line]) -> bool:
    nxt = next((ln for ln in lines[1:4] if not ln.blank), None)
    return nxt is not None and not nxt.cells and bool(_MOTTO.match(collapse(fold_keep(nxt.text))))


def _glued_header_start(pieces: list[str]) -> int:
    """Index of the header in a row that a page's metadata table was glued in front of ("Số hiệu | … |
    Loại văn bản | Nghị quyết | … | HỘI ĐỒNG NHÂN DÂN | CỘNG HÒA XÃ HỘI …"): the upper-case names just
    before the national motto. 0 when the row opens with the header already."""
    motto = next((k for k, t in enumerate(pieces[:40]) if _MOTTO.match(collapse(fold_keep(t)))), None)
    if not motto:
        return 0
    start = motto
    while start > 0 and _is_name_upper(pieces[start - 1]) and motto - start < 3:
        start -= 1
    before = pieces[:start]
    if len(before) < 2 or all(is_upper_text(t) for t in before):
        return 0
    return start


def _short_page_title(text: str) -> bool:
    """A page title short enough to be taken for a header cell (a longer line already ends the header zone)."""
    return len(text) <= 100 and _is_page_title(text)


def _is_page_title(text: str) -> bool:
    """ "Kế hoạch 155/KH-UBND năm 2017 triển khai …": a sentence-case line naming a document by its number."""
    return (
        len(text) >= 40
        and not is_upper_text(text)
        and bool(re.match(r"^[A-ZĐ][a-zàáảãạâầấẩẫậăằắẳẵặêềếểễệ]+\s[^|]{0,40}?\d+/", text))
    )


def _cited_date_follows(h: Header, lines: list[Line], i: int) -> bool:
    """A title ending on a cited number goes on past a blank line with that document's date ("ngày …")."""
    if not _ENDS_ON_NUMBER.search(h.title[-1]):
        return False
    nxt = next((ln for ln in lines[i + 1 : i + 3] if not ln.blank), None)
    return nxt is not None and not nxt.cells and collapse(fold_keep(nxt.text)).startswith("ngay ")


def _title_open(last: str) -> bool:
    """A title line ending on a comma or a linking word ("… khuyến mại và hội chợ,") goes on past a blank line."""
    last = last.rstrip("*_ ")
    return last.endswith(",") or (bool(last) and last.split()[-1].lower() in _OPEN_END)


def _lower_follows(lines: list[Line], i: int) -> bool:
    """A title wrapped across a blank line mid-phrase: the next line goes on in lower case ("tại cuộc họp …")."""
    nxt = next((ln for ln in lines[i + 1 : i + 3] if not ln.blank), None)
    return nxt is not None and not nxt.cells and nxt.text[:1].islower()


def _vv_goes_on(h: Header, lines: list[Line], i: int) -> bool:
    """A V/v summary wrapped across a blank line: the next line is a lower-case-led continuation."""
    if not h.vv or h.vv[-1][-1:] in ".;:!?":
        return False
    nxt = next((ln for ln in lines[i + 1 : i + 3] if not ln.blank), None)
    if nxt is None or nxt.cells or len(nxt.text) > 120 or is_upper_text(nxt.text):
        return False
    folded = collapse(fold_keep(nxt.text))
    if (
        folded.startswith(("kinh gui", "so", "can cu", "thuc hien"))
        or classify_date(nxt.text)
        or _MOTTO.match(folded)
    ):
        return False
    return True


def _take(
    h: Header,
    text: str,
    line: Line,
    wrapped: int | None,
    in_title: bool,
    title_done: bool,
    in_vv: bool,
    in_addr: bool,
) -> str:
    text = strip_rule_runs(text) if not in_title else text
    if not text:
        return "other"
    folded = collapse(fold_keep(text))
    if in_addr:
        if text[:1] in "-–•+" and len(text) < 200:
            h.addressees.append(text.lstrip("-–•+ ").rstrip(";.,").strip())
            return "addr"
        return "stop"
    if _MOTTO.match(folded):
        h.seen += 1
        return "other"
    if not h.seen and not h.bodies and (_SITE_METADATA.search(text) or _SITE_BANNER.search(text)):
        # a legal-text site's metadata block glued in front of a header copied onto one line
        return "other"
    if folded.startswith("kinh gui"):
        rest = text.split(":", 1)[1].strip() if ":" in text else collapse(text[8:])
        if rest:
            h.addressees.append(rest.rstrip(";.,").strip())
        h.seen += 1
        return "addr"
    if title_done:
        return "stop"
    m = _NUMBER.match(folded)
    if m and h.number_raw is None and ("/" in text or "-" in text) and not in_title:
        h.number_raw = collapse(text[m.start("num") :]) or None
        h.seen += 1
        return "other"
    if (folded.startswith("v/v") or _dispatch_summary(h, text, folded)) and not in_title:
        h.vv.append(text)
        h.seen += 1
        return "vv"
    date = classify_date(text)
    if date and h.date is None and not in_title:
        h.place, h.date = date
        h.seen += 1
        return "other"
    tf = _type_of(text)
    if tf and h.type_fold is None and not h.title:
        h.type_fold = tf
        h.type_printed = text.strip().rstrip(":").strip()
        h.seen += 1
        return "title"
    lead = _type_lead(text) if h.type_fold is None and not h.title and h.number_raw and h.date else None
    if lead:
        # past the number and the date, "KẾ HOẠCH RÀ SOÁT HỘ NGHÈO …" on one line: the kind name, then the title
        h.type_fold = _type_of(lead[0])
        h.type_printed = lead[0]
        h.title.append(lead[1])
        h.seen += 1
        return "title"
    if in_title:
        return _title_line(h, text, folded, line, wrapped)
    if _STRUCTURAL.match(text):
        return "stop"
    if in_vv and not is_upper_text(text):
        h.vv.append(text)
        return "vv"
    if _is_name_upper(text) and h.type_fold is None and len(text) < 160:
        if not text.strip("*-_ "):
            return "other"
        if h.number_raw is not None and h.date is not None and not h.vv:
            # past the number and the date the header's names are done: an upper-case line is the
            # summary of a document whose kind name the copy lost, or the deciding authority
            if _AUTHORITY_LINE.match(folded) or len(text.split()) < 4:
                return "other"
            h.title.append(text)
            return "title"
        h.bodies.append(text)
        return "other"
    if not text.strip("*-_=~# "):
        return "other"  # rules, stars and a markdown "#" left alone by a flattened copy
    if h.type_fold is None and not h.title and not h.vv and h.number_raw is None and len(text) < 160:
        names = _sentence_case_bodies(text)
        if names:
            h.bodies.extend(names)
            return "other"
    return "stop"


def _sentence_case_bodies(text: str) -> list[str]:
    """ "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH PHƯỚC Liên đoàn Lao động huyện Phú Riềng": body names, one printed in
    sentence case (a copy that did not type the header in capitals), before the number line."""
    if re.search(r"\d|[.;:!?]\s*$", text):
        return []
    folded = fold_keep(text)
    starts = [0] + [
        k + 1
        for k in range(len(text) - 1)
        if text[k] == " "
        and text[k + 1].isupper()
        and text[k + 2 : k + 3].islower()
        and _BODY_GAZETTEER.match(folded[k + 1 : k + 20])
    ]
    parts = [collapse(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    if not all(_BODY_GAZETTEER.match(fold_keep(p)) and len(p.split()) <= 12 for p in parts):
        return []
    return parts


# the gazette's heading under the kind name, as LAWDATA and Công báo print older texts: "CỦA THỦ TƯỚNG CHÍNH PHỦ
# SỐ 168/TTg NGÀY 22 THÁNG 3 NĂM 1996 VỀ VIỆC …" (issuer, number and date in the title's place)
# matched with the spaces taken out, so a heading wrapped or letter-spaced anywhere reads alike
_GAZETTE = re.compile(
    r"^cua(?P<issuer>.{3,100}?)(?:so:?)?(?P<num>\d{1,5}[/-][\w/.-]*?\w)"
    r"ngay(?P<d>\d{1,2})thang(?P<m>\d{1,2})nam(?P<y>\d{4})"
)
# a legal-text database's banner above the document ("… cơ sở dữ liệu luật việt nam LAWDATA")
_SITE_BANNER = re.compile(r"\bLAWDATA\b|cơ sở dữ liệu luật", re.IGNORECASE)


def _gazette_lines(h: Header, lines: list[Line], i: int) -> int:
    """Read the gazette's heading from line `i` and up to three lines after it; the number of lines it took."""
    if not fold_keep(lines[i].text).lstrip().startswith("cua"):
        return 0
    texts: list[str] = []
    for ln in lines[i : i + 4]:
        if ln.blank or ln.cells:
            break
        texts.append(ln.text)
        joined = " ".join(texts)
        keep = [k for k, c in enumerate(joined) if not c.isspace()]
        m = _GAZETTE.match(fold_keep("".join(joined[k] for k in keep)))
        if m is None:
            continue
        issuer = restore_lost_u(
            join_letter_spaced(collapse(joined[keep[m.start("issuer")] : keep[m.end("issuer") - 1] + 1]))
        )
        if not is_upper_text(issuer):
            return 0
        h.bodies.append(issuer)
        h.number_raw = m.group("num") and "".join(
            joined[keep[k]] for k in range(m.start("num"), m.end("num"))
        )
        h.date = make_date(int(m.group("d")), int(m.group("m")), int(m.group("y")))
        rest = collapse(joined[keep[m.end() - 1] + 1 :])
        if rest:
            h.title.append(rest)
        h.seen += 1
        return len(texts)
    return 0


def _dispatch_summary(h: Header, text: str, folded: str) -> bool:
    """ "Về tuyển lao động, …" under the number of a dispatch (no kind code in it): its summary, as "V/v …"."""
    if not re.match(r"^ve\s*:?\s", folded) or h.number_raw is None or h.vv or h.type_fold or h.title:
        return False
    if is_upper_text(text):
        return False
    number, _ = parse_number(h.number_raw, [], [])
    return number is not None and number.doc_type is None


# words a title line cannot end on: the next line goes on with the phrase ("… CÂY XANH CỦA" / "CHÍNH PHỦ …")
_OPEN_END = LINK_WORDS | {"trên"}


def _title_line(h: Header, text: str, folded: str, line: Line, wrapped: int | None) -> str:
    if not strip_rule_runs(text):
        # the rule printed under the title ends it; one between the kind name and the title is skipped
        return "title_done" if h.title else "title"
    if (
        h.title
        and h.title[-1].split()[-1].lower() in _OPEN_END
        and sum(len(t) for t in h.title) < 400
        and not _STRUCTURAL.match(text)
    ):
        h.title.append(text)
        return "title"
    if _STRUCTURAL.match(text) and not (h.title and text[:1].islower()):
        return "stop"
    if h.title and is_upper_text(text) and (_AUTHORITY_LINE.match(folded) or _names_a_body(folded, h.bodies)):
        # "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM" / "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under the title
        return "stop"
    if h.title:
        prev = h.title[-1]
        if prev[-1:] in ".:;!?" or text.endswith(":"):
            return "stop"
        if text.endswith(";") and not is_upper_text(text):
            return "stop"  # a preamble clause ("… ngày 19 tháng 6 năm 2015;") under the title
        if is_upper_text(text) and not is_upper_text(" ".join(h.title)):
            return "stop"
        cited_date = folded.startswith("ngay ") and _ENDS_ON_NUMBER.search(prev)
        if text[:1].isupper() and _TITLE_STOP_START.match(folded) and not cited_date:
            # "… Nghị định số 37/2006/NĐ-CP" / "ngày 04 tháng 4 năm 2006 của Chính phủ …": the cited
            # document's date goes on with the title
            return "stop"
        if wrapped is None and len(text) > 200 and not (is_upper_text(text) and is_upper_text(prev)):
            # a long sentence-case line is body text; an upper-case title goes on in upper case whatever the
            # line length (a copy that joined the title's lines)
            return "stop"
        if sum(len(t) for t in h.title) >= 400:  # a title is a few printed lines, however narrow
            return "stop"
    h.title.append(text)
    return "title"


def _names_a_body(folded: str, bodies: list[str]) -> bool:
    names = {collapse(fold_keep(b)) for b in split_bodies(bodies)}
    return folded in names


def split_bodies(bodies: list[str]) -> list[str]:
    """Separate body names printed on one line and join "ỦY BAN NHÂN DÂN" with its "HUYỆN X" line."""
    pieces: list[str] = []
    for text in bodies:
        parts = [p for p in _BODY_HEAD.split(text) if p.strip()] if len(text) > 20 else [text]
        pieces.extend(collapse(p) for p in parts)
    merged: list[str] = []
    for p in pieces:
        folded = fold_keep(p).lower()
        if merged and _BARE_BODY.match(collapse(fold_keep(merged[-1]))) and _ADMIN_LEVEL.match(folded):
            merged[-1] = f"{merged[-1]} {p}"
        elif (
            merged
            and not _BODY_GAZETTEER.match(folded)
            and (_CONTINUATION.match(folded) or len(p.split()) <= 2)
        ):
            merged[-1] = f"{merged[-1]} {p}"
        else:
            merged.append(p)
    return merged


_ZONE_END = re.compile(r"^(?:can cu|thuc hien|kinh gui|xet de nghi|theo de nghi)\b")
# an abbreviation inside an upper-case name: "TỔ CÔNG TÁC CỦA TTgCP"
_ABBREV = re.compile(r"^[A-ZĐ]{1,4}[a-z]{1,2}[A-ZĐ]{1,4}[,.]?$")


def _is_name_upper(text: str) -> bool:
    """Upper-case text, allowing abbreviations with a lower-case letter inside ("TTgCP")."""
    if is_upper_text(text):
        return True
    words = text.split()
    rest = [w for w in words if not _ABBREV.match(w)]
    return len(rest) < len(words) and is_upper_text(" ".join(rest))


def undouble_header(lines: list[Line]) -> list[Line]:
    """Drop the single blank lines of a double-spaced header, keep one blank where there were several.

    A copy that puts a blank line after every printed line ("ỦY BAN NHÂN DÂN" / "" / "TỈNH LẠNG SƠN" / "")
    says nothing with its blanks; the header readers take a blank line for the end of a cell or a title, so
    a double-spaced header reads as the same header spaced once. Runs of two or more blanks stay a break.
    """
    end = 0
    for n, ln in enumerate(lines):
        if n > 120:
            break
        if ln.blank or ln.cells:
            end = n + 1
            continue
        folded = collapse(fold_keep(ln.text))
        if (
            _ZONE_END.match(folded)
            or _STRUCTURAL.match(ln.text)
            or (len(ln.text) > 100 and not is_upper_text(ln.text))
        ):
            break
        end = n + 1
    zone = lines[:end]
    texts = [n for n, ln in enumerate(zone) if not ln.blank]
    if len(texts) < 4:
        return lines
    spaced = sum(1 for n in texts if n + 1 < len(zone) and zone[n + 1].blank)
    if spaced < 0.9 * len(texts):
        return lines
    out: list[Line] = []
    n = 0
    while n < len(zone):
        if not zone[n].blank:
            out.append(zone[n])
            n += 1
            continue
        run = n
        while n < len(zone) and zone[n].blank:
            n += 1
        if n - run >= 2 or n == len(zone):
            out.append(zone[run])
    return out + lines[end:]


def join_header_cells(lines: list[Line]) -> list[Line]:
    """Join the lines of each header cell that a web copy wrapped mid-phrase.

    Legal-text sites lay the header out as a table, and a copy gives each cell as its own run of lines, cut
    anywhere: "CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Sơn" / "La, ngày 11 tháng 3" / "năm 2020",
    "ỦY" / "BAN NHÂN DÂN" / "TỈNH SƠN LA". A cell ends at a blank line, a rule, a lone "|" or a line that
    closed the cell ("... |"). Each cell becomes one line, to be split again by what its words are (motto,
    number, date line, body names); the header ends at the kind name, a V/v summary or the first body text.
    """
    out: list[Line] = []
    group: list[Line] = []

    def flush() -> None:
        if len(group) > 1:
            out.append(Line(" ".join(ln.text for ln in group), 0))
        else:
            out.extend(group)
        group.clear()

    done = False
    seen_number = seen_date = False
    for n, ln in enumerate(lines):
        if done or n > 60:
            out.append(ln)
            continue
        if seen_number and seen_date and not group:
            # the number and the date are the last things in the two header columns
            done = True
            out.append(ln)
            continue
        if ln.blank or ln.cells:
            flush()
            out.append(ln)
            for cell in ln.cells:
                seen_number = seen_number or bool(_NUMBER.match(collapse(fold_keep(cell)).lower()))
                seen_date = seen_date or classify_date(cell) is not None
            continue
        if _SITE_METADATA.search(ln.text) or _SITE_DATELINE.search(ln.text) or _short_page_title(ln.text):
            # a line of the site's metadata block, its dateline or the page's title stays apart, to be skipped
            # with the rest of what the page prints above the document
            flush()
            out.append(ln)
            continue
        if n < 3 and _LIST_MARK.match(ln.text) and _is_motto_start(ln.text):
            # a page-numbered copy ("1. BỘ Y TẾ CỘNG HÒA XÃ HỘI ...") of a flattened header
            ln = Line(_LIST_MARK.sub("", ln.text), ln.raw_len)
        folded = collapse(fold_keep(ln.text))
        if (
            _type_of(ln.text)
            or _ZONE_END.match(folded)
            or _STRUCTURAL.match(ln.text)
            or (len(ln.text) > 100 and not is_upper_text(ln.text))
        ):
            flush()
            done = True
            out.append(ln)
            continue
        seen_number = seen_number or bool(_NUMBER.match(folded.lower()))
        seen_date = seen_date or classify_date(ln.text) is not None
        group.append(ln)
        if ln.cell_end:
            flush()
    flush()
    return _join_motto_halves(out)


_LIST_MARK = re.compile(r"^\s*\d{1,2}\.\s+(?=\S)")


# the labels of a legal-text site's metadata block ("Loại văn bản : Quyết định Số hiệu : 15/2014/QĐ-UBND")
_SITE_METADATA = re.compile(
    r"(?:Loại văn bản|Số hiệu|Ngày ban hành|Ngày phát hành|Ngày có hiệu lực|Người ký|Nơi ban hành|Cơ quan ban hành"
    r"|Lĩnh vực|Ngày hiệu lực|Ngày công báo|Số công báo|Tình trạng)\s*:"
)


# a page's dateline printed above a document: "Thứ ba, 05 Tháng 5 2009 00:00", "10/30/13 …" (a browser's print
# header)
_SITE_DATELINE = re.compile(
    r"^(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|Chủ\s+nhật)\b.*\d{1,2}:\d{2}|^\d{1,2}/\d{1,2}/\d{2}\s"
)


def find_header_start(lines: list[Line]) -> int:
    """Index of the document's first header line, past what a web page puts above it.

    Legal-text sites print a metadata table ("Số hiệu | 18/2025/NQ-HĐND |", "Loại văn bản | Nghị quyết |")
    or the page title above the document. The header is found from the national motto (or the Party's
    name): it starts at the body names printed beside it, the upper-case lines just above.
    """
    motto = None
    for i, ln in enumerate(lines[:80]):
        texts = ln.cells or [ln.text]
        if any(_is_motto_start(t) for t in texts):
            motto = i
            break
    if not motto:
        return 0
    start = motto
    j = motto - 1
    while j >= 0 and motto - j <= 10:
        ln = lines[j]
        if ln.blank or (ln.text and not ln.text.strip("-_=~*—– ")):
            j -= 1  # blank lines and the rule under a body's name
            continue
        if ln.cells or not _header_like(lines, j) or len(ln.text) > 160 or _SITE_METADATA.search(ln.text):
            break
        start = j
        j -= 1
    if start == motto and motto > 0 and lines[motto - 1].cells:
        return 0
    return start if any(not ln.blank for ln in lines[:start]) else 0


def _header_like(lines: list[Line], j: int) -> bool:
    """An upper-case name, a number line, or a line of the block holding the number and its V/v summary."""
    if _is_name_upper(lines[j].text):
        return True
    k = j
    while k > 0 and not lines[k - 1].blank and j - k < 6:
        k -= 1
    # the block, and the two lines above it across blank lines (a V/v summary wrapped past a blank line)
    k = max(0, k - 1)
    seen = 0
    while k > 0 and seen < 2:
        k -= 1
        if not lines[k].blank:
            seen += 1
    block = [ln.text for ln in lines[k : j + 1] if not ln.blank]
    return any(
        re.search(r"(?:^|\s)S[ốỐo]\s*(?::|\d)", t) or t.lstrip().startswith(("V/v", "V/V")) for t in block
    )


def _is_motto_start(text: str) -> bool:
    folded = collapse(fold_keep(_LIST_MARK.sub("", text))).lower()
    starts = ("cong hoa xa hoi", "dang cong san viet nam", "viet nam dan chu cong hoa")
    return any(folded.startswith(m[:14]) for m in starts) or bool(
        re.search(r"\bcong\s*hoa\s*xa\s*hoi\s*chu\s*nghia", folded[:120])
    )


def _join_motto_halves(lines: list[Line]) -> list[Line]:
    """Rejoin a motto cut across a blank line or a cell border: "ĐẢNG CỘNG SẢN" / "VIỆT NAM"."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if i >= 80:
            out.extend(lines[i:])  # a motto is at the top: the rest is copied as it is
            break
        folded = collapse(fold_keep(ln.text)).lower()
        if not ln.cells and folded and any(m.startswith(folded + " ") for m in _MOTTO_WORDS):
            j = i + 1
            while j < len(lines) and lines[j].blank and j - i < 3:
                j += 1
            if j < len(lines) and not lines[j].cells:
                joined = f"{ln.text} {lines[j].text}"
                if any(collapse(fold_keep(joined)).lower().startswith(m) for m in _MOTTO_WORDS):
                    out.append(Line(joined, 0))
                    i = j + 1
                    continue
        out.append(ln)
        i += 1
    return out
