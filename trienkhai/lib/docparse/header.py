"""The header of an official document: bodies, number, motto, place and date, type name, title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbers import make_date
from .text import TYPE_NAMES, Line, collapse, fold_keep, is_upper_text

_MOTTO = re.compile(
    r"^(?:cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|doc\s+lap\s*[-–—]\s*tu\s+do\s*[-–—]\s*hanh\s+phuc"
    r"|dang\s+cong\s+san\s+viet\s+nam)$"
)
_NUMBER = re.compile(r"^s[oóồ]\s{0,3}(?::\s{0,3}|(?=\d))(?P<num>.*)$")
_DATE_LINE = re.compile(
    r"^(?P<place>[^,]{0,60}?)\s*,?\s*ngay\s{1,3}(?P<d>\d{1,2})\s{0,3}(?:thang\s{1,3}(?P<m>\d{1,2})\s{1,3}nam\s{1,3}"
    r"|[/.-]\s?(?P<m2>\d{1,2})\s?[/.-]\s?)(?P<y>\d{4})\s*\.?$"
)
_BODY_HEAD = re.compile(
    r"(?<=\S)\s+(?=(?:(?<!TỔNG )LIÊN ĐOÀN LAO ĐỘNG|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HUYỆN ỦY|HUYỆN UỶ|"
    r"TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|ĐẢNG ỦY|ĐẢNG BỘ|ĐẢNG ĐOÀN|SỞ|PHÒNG|VĂN PHÒNG|BAN CHẤP HÀNH|BAN THƯỜNG VỤ)\b)"
)
_ADMIN_LEVEL = re.compile(r"^(?:tinh|huyen|thanh pho|quan|thi xa|xa|phuong|thi tran)\b")
_BARE_BODY = re.compile(r"^(?:uy ban nhan dan|hoi dong nhan dan|uy ban mat tran to quoc viet nam)$")
_STRUCTURAL = re.compile(
    r"^(?:(?:PHẦN|Phần)\s+\S+|(?:Chương|CHƯƠNG)\s+[IVXLC\d]+|Điều\s+\d+|[IVXL]{1,6}\s*[.)]\s|"
    r"\d{1,2}(?:\.\d{1,2}){0,3}[.)]\s|[a-zđ]\)\s|[-–—•+]\s)"
)
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
    """(place, ISO date) when `text` is a date line "Phú Riềng, ngày 08 tháng 8 năm 2024", else None."""
    folded = fold_keep(text)
    m = _DATE_LINE.match(folded)
    if not m:
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
    return folded if folded in TYPE_NAMES else None


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
            if in_title and h.title:
                title_done = True
            in_vv = False
            in_addr = in_addr and not h.addressees
            i += 1
            continue
        pieces = line.cells or [line.text]
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
    folded = collapse(fold_keep(text))
    if in_addr:
        if text[:1] in "-–•+" and len(text) < 200:
            h.addressees.append(text.lstrip("-–•+ ").rstrip(";.,").strip())
            return "addr"
        return "stop"
    if _MOTTO.match(folded):
        h.seen += 1
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
    if folded.startswith("v/v") and not in_title:
        h.vv.append(text)
        h.seen += 1
        return "vv"
    date = classify_date(text)
    if date and h.date is None and not in_title:
        h.place, h.date = date
        h.seen += 1
        return "other"
    tf = _type_of(text)
    if tf and h.type_fold is None:
        h.type_fold = tf
        h.type_printed = text.strip().rstrip(":").strip()
        h.seen += 1
        return "title"
    if in_title:
        return _title_line(h, text, folded, line, wrapped)
    if _STRUCTURAL.match(text):
        return "stop"
    if in_vv and not is_upper_text(text):
        h.vv.append(text)
        return "vv"
    if is_upper_text(text) and h.type_fold is None and len(text) < 160:
        if not text.strip("*-_ "):
            return "other"
        h.bodies.append(text)
        return "other"
    if not text.strip("*-_=~ "):
        return "other"
    return "stop"


def _title_line(h: Header, text: str, folded: str, line: Line, wrapped: int | None) -> str:
    if _STRUCTURAL.match(text) and not (h.title and text[:1].islower()):
        return "stop"
    if h.title:
        prev = h.title[-1]
        if prev[-1:] in ".:;!?" or text.endswith(":"):
            return "stop"
        if is_upper_text(text) and not is_upper_text(" ".join(h.title)):
            return "stop"
        if text[:1].isupper() and _TITLE_STOP_START.match(folded):
            return "stop"
        if wrapped is None and len(text) > 200:
            return "stop"
        if len(h.title) >= 8:
            return "stop"
    h.title.append(text)
    return "title"


def split_bodies(bodies: list[str]) -> list[str]:
    """Separate body names printed on one line and join "ỦY BAN NHÂN DÂN" with its "HUYỆN X" line."""
    pieces: list[str] = []
    for text in bodies:
        parts = [p for p in _BODY_HEAD.split(text) if p.strip()] if len(text) > 30 else [text]
        pieces.extend(collapse(p) for p in parts)
    merged: list[str] = []
    for p in pieces:
        if merged and _BARE_BODY.match(collapse(fold_keep(merged[-1]))) and _ADMIN_LEVEL.match(fold_keep(p)):
            merged[-1] = f"{merged[-1]} {p}"
        else:
            merged.append(p)
    return merged
