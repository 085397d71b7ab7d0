"""Django-free parser of Vietnamese official documents (Decree 30/2020/NĐ-CP and Party document rules).

`parse_text(text)` returns the "trienkhai.document/1" dict described in the shared spec parse-json.md;
`format_outline(doc)` renders that dict as a readable Vietnamese outline. See docs/parser.md.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from typing import cast

from .body import Node, bullet_text, classify, is_footer_start, parse_body, parse_footer
from .header import find_header_start, join_header_cells, parse_header, split_bodies, undouble_header
from .numbers import TYPE_CODES, find_citations, parse_number
from .outline import format_outline
from .schema import (
    SCHEMA,
    Assignment,
    Citation,
    Document,
    Section,
    Signer,
    Task,
    empty_document,
    from_json,
    to_json,
)
from .text import (
    KIND_NAMES,
    LEGACY_WARNING,
    Line,
    canonical_tones,
    collapse,
    fold_keep,
    is_upper_text,
    normalise_text,
    split_flat,
    strip_rule_runs,
    to_lines,
    wrap_width,
)

HEADER_ZONE_CHARS = 3000

_TASK_PART = re.compile(
    r"^(?:cac\s+)?(?:nhiem vu|noi dung|giai phap|phuong huong|nhung nhiem vu|chuong trinh hanh dong cu the)"
)
_ASSIGN_PART = re.compile(r"(?:to chuc thuc hien|trach nhiem thuc hien|phan cong thuc hien)")


def parse_text(text: str) -> Document:
    """Parse the plain text (or markdown) of an official document into the contract dict.

    Never raises: on an internal error the dict is returned empty with a Vietnamese warning.
    """
    try:
        return parse_text_strict(text)
    except Exception as exc:  # the contract promises a dict for any readable input
        doc = empty_document()
        doc["warnings"].append(f"Lỗi nội bộ khi phân tích văn bản ({type(exc).__name__}); kết quả để trống.")
        return doc


def _prepare(text: str) -> tuple[list[Line], list[str], int | None]:
    text, warnings = normalise_text(text if isinstance(text, str) else str(text))
    base, running = drop_running_lines(to_lines(text))
    if running:
        shown = ", ".join(f"“{t[:60]}”" for t in running[:5])
        warnings.append(
            f"Đã bỏ {len(running)} dòng đầu trang, chân trang của bản in (số trang, công báo, địa chỉ web): {shown}."
        )
    wrapped = wrap_width(base)
    base = join_header_cells(undouble_header(base))
    start = find_header_start(base)
    if start:
        dropped = [ln.text for ln in base[:start] if not ln.blank]
        warnings.append(
            f"Đã bỏ {len(dropped)} dòng phía trên phần đầu văn bản (thông tin của trang web): “{dropped[0][:60]}”…"
        )
        base = base[start:]
    lines: list[Line] = []
    offset = 0
    header_open = True
    for ln in base:
        # header rules (motto, number, date line, type name) only until the body has visibly begun
        in_header = header_open and offset < HEADER_ZONE_CHARS and not (ln.text and is_footer_start(ln.text))
        offset += len(ln.text) + 1
        if in_header and not ln.cells:
            ln = _without_rule_mark(ln)
        if ln.cells:
            pieces = [p for c in ln.cells for p in split_flat(c, in_header=in_header)]
            lines.append(Line(" | ".join(pieces), 0, pieces))
        elif ln.blank:
            lines.append(ln)
            continue
        else:
            pieces = split_flat(ln.text, in_header=in_header)
            if len(pieces) == 1 and pieces[0] == ln.text:
                lines.append(ln)
            else:
                lines.extend(Line(p, 0, split=True) for p in pieces)
        if header_open and any(_opens_body(p) for p in pieces):
            header_open = False
    return lines, warnings, wrapped


# What a PDF's text carries from each page's margins into the document: the gazette's running header
# ("CÔNG BÁO/Số 45 + 46/Ngày 10-01-2015"), a page's address ("http://…", "www.…"), "Trang 2/5", "Page 2 of 5",
# a browser's print header ("10/30/13 3:45 PM  Kế hoạch …") and the running title printed with a page number.
_RUNNING = re.compile(
    r"^(?:cong\s*bao\s*/\s*so\b.{0,60}"
    r"|(?:https?://|www\.)\S+(?:\s+\d{1,3}\s*/\s*\d{1,3})?"
    r"|(?:trang|page)\s+\d{1,4}\s*(?:/|of|tren)\s*\d{1,4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[ap]m)?\b.{0,120}|\d{1,2}/\d{1,2}/\d{2}\s+\S.{0,120})$"
)
# a line repeated at the top or foot of many pages ("Kế hoạch số 27/KH-LĐLĐ - trang 3" without its number)
_RUNNING_REPEAT = 3


def drop_running_lines(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Lines that are a page's running header or footer become blank (a page break); their texts."""
    dropped: list[str] = []
    counts: dict[str, int] = {}
    for ln in lines:
        if not ln.blank and not ln.cells and 10 <= len(ln.text) <= 100:
            counts[ln.text] = counts.get(ln.text, 0) + 1
    repeated = {t for t, n in counts.items() if n >= _RUNNING_REPEAT and _may_run(t)}
    out: list[Line] = []
    for ln in lines:
        if not ln.blank and not ln.cells and (ln.text in repeated or _running(ln.text)):
            dropped.append(ln.text)
            out.append(Line(""))
        else:
            out.append(ln)
    return out, dropped


def _running(text: str) -> bool:
    # what every pattern opens with, tested before folding the line: most lines of a long text are none
    if len(text) > 200 or text[:1] not in _RUNNING_LEADS:
        return False
    return bool(_RUNNING.match(collapse(fold_keep(text))))


_RUNNING_LEADS = frozenset("CcHhWwTtPp0123456789")


def _may_run(text: str) -> bool:
    """A repeated line that can be a running header: not a heading, bullet, header or footer line, nor a name
    (a file holding several documents repeats those), and holding a page's marks (a digit or a slash)."""
    if is_upper_text(text) or not re.search(r"[\d/|]", text) or bullet_text(text) is not None:
        return False
    if classify(text) or is_footer_start(text):
        return False
    folded = collapse(fold_keep(text))
    return not re.match(
        r"^(?:so\b|v/v|kinh gui|noi nhan|luu\b|can cu|cong hoa|doc lap)", folded
    ) and not re.search(r"\bngay\s+\d", folded)


# The short rule printed under the issuing body's name (Decree 30 layout), which OCR of a scan reads as a
# dash in front of the next line of the name ("-    TỈNH AN BÌNH"): not a bullet that opens the body.
_RULE_MARK = re.compile(r"^\s*[-–—_]{1,3}\s+(?=\S)")


def _without_rule_mark(ln: Line) -> Line:
    mark = _RULE_MARK.match(ln.text)
    if mark is None:
        return ln
    rest = ln.text[mark.end() :]
    return dataclasses.replace(ln, text=rest) if len(rest) >= 4 and is_upper_text(rest) else ln


def _opens_body(text: str) -> bool:
    # "————— Độc lập - Tự do - Hạnh phúc": a rule printed before a header line is no bullet
    text = strip_rule_runs(text) if text[:1] in "-–—_=~" else text
    if not text:
        return False
    kind = classify(text)
    if kind and kind[0] in ("roman", "part", "chapter", "article"):
        return True
    return bullet_text(text) is not None or is_footer_start(text) or fold_keep(text).startswith("can cu ")


# an appendix printed after the signature: "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC SỐ 2", "Phụ lục: ..."
_APPENDIX = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:[IVX]{1,4}|\d{1,2}|SỐ|số)\b|\s*:|\s*$|\s+[A-ZĐ])")


def _footer_span(lines: list[Line], start: int) -> tuple[int, int]:
    """(first, end) of the footer: from the first "Nơi nhận"/"TM." line to the next numbered heading.

    Text after the footer that has numbered parts of its own (an appendix, or the next document of a
    long file) is body again.
    """
    first = len(lines)
    for j in range(start, len(lines)):
        if not lines[j].blank and any(is_footer_start(c) for c in (lines[j].cells or [lines[j].text])):
            first = j
            break
    for j in range(first + 1, len(lines)):
        if lines[j].blank or lines[j].cells:
            continue
        if _APPENDIX.match(lines[j].text):
            return first, j
        kind = classify(lines[j].text)
        if kind and kind[0] in ("roman", "part", "chapter", "article", "arabic1"):
            return first, j
    return first, len(lines)


def parse_text_strict(text: str) -> Document:
    """Like `parse_text` but lets internal errors propagate (used by the tests)."""
    # a parse makes many short-lived objects and no cycles worth collecting: the cyclic collector's passes
    # over them cost 5-8 % of a long text's time
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    finally:
        if enabled:
            gc.enable()


def _parse(text: str) -> Document:
    doc = empty_document()
    lines, warnings, wrapped = _prepare(text)
    header = parse_header(lines, wrapped)
    foot, foot_end = _footer_span(lines, header.end)
    body = parse_body(lines[header.end : foot] + lines[foot_end:], wrapped)
    recipients, signer, footer_dropped = parse_footer(lines[foot:foot_end])

    bodies = split_bodies(header.bodies)
    issuer = bodies[-1] if bodies else None
    parent = bodies[-2] if len(bodies) >= 2 else None
    doc["issuer"], doc["parent_body"] = issuer, parent

    type_code: str | None
    type_name: str | None
    type_code, type_name = KIND_NAMES.get(header.type_fold or "", (None, None))
    evidence_bodies = [b for b in (issuer, parent) if b]
    own = None
    if header.number_raw:
        doc["number_raw"] = header.number_raw
        number, repaired = parse_number(header.number_raw, [type_name] if type_name else [], evidence_bodies)
        if not re.search(r"\d", header.number_raw):
            warnings.append(f"Số hiệu văn bản “{header.number_raw}” chưa có số thứ tự.")
        elif number is None:
            doc["number"] = re.sub(r"\s+", "", header.number_raw)
            warnings.append(f"Không nhận ra dạng số hiệu “{header.number_raw}”; giữ nguyên như in.")
        else:
            doc["number"] = own = number.text
            if repaired:
                warnings.append(
                    f"Đã sửa số hiệu “{header.number_raw}” thành “{number.text}” (chữ D đọc nhầm cho Đ hoặc khoảng trắng thừa)."
                )
            if number.doc_type and type_code and number.doc_type != type_code:
                if not (type_code == "CTr" and number.doc_type == "CTHĐ"):
                    warnings.append(
                        f"Mã loại “{number.doc_type}” trong số hiệu không khớp với tên loại “{type_name}”."
                    )
            if number.style == "dispatch" and type_code:
                warnings.append(f"Số hiệu “{header.number_raw}” không có mã loại văn bản quen thuộc.")
            if type_code == "QyĐ" and number.doc_type == "QĐ" and number.style == "party":
                # a Party "Quy định" is numbered "97-QĐ/TW": in Party usage QĐ is its code
                type_code = "QĐ"
            if header.vv and not type_code:
                # a dispatch: "Số: 5680/CT-CS" with its V/v summary; "CT" is the office, not a kind
                pass
            elif number.doc_type and not type_name:
                type_code, type_name = number.doc_type, TYPE_CODES.get(number.doc_type)
            elif number.doc_type in ("CTr", "CTHĐ") and type_code == "CTr":
                type_code = number.doc_type
    else:
        warnings.append("Không tìm thấy số hiệu văn bản (dòng “Số: ...”).")

    is_dispatch = type_name is None and (bool(header.vv) or (own is not None and "/" in own and "-" in own))
    doc["is_dispatch"] = is_dispatch
    doc["doc_type"] = type_code
    doc["doc_type_name"] = type_name if type_name else ("Công văn" if is_dispatch else None)
    if type_name is None and not is_dispatch:
        warnings.append("Không xác định được loại văn bản.")
    doc["place"], doc["date"] = header.place, header.date
    if header.date is None:
        warnings.append("Không tìm thấy ngày ban hành (dòng “..., ngày ... tháng ... năm ...”).")
    title_parts = header.title if header.title else header.vv
    title = _TRAILING_RULE.sub("", collapse(" ".join(title_parts)))  # the rule printed under the title
    doc["title"] = _without_authority(title, issuer) or None
    if (
        doc["title"]
        and _SPACED_RESIDUE.search(doc["title"])
        and any(w.startswith(LEGACY_WARNING) for w in warnings)
    ):
        # a letter-spaced title of an old copy that did not join back into words ("V I ỆT NAM") is not read
        warnings.append(f"Tên văn bản in giãn chữ, không đọc được: “{doc['title'][:80]}”.")
        doc["title"] = None
    doc["addressees"] = header.addressees

    sections = [n.to_dict() for n in body.sections]
    doc["sections"] = sections
    doc["preamble"] = body.preamble
    doc["closing"] = body.closing
    doc["tasks"] = _tasks(sections)
    doc["assignments"] = _assignments(sections)
    doc["recipients"] = recipients
    doc["signer"] = signer

    corpus = [doc["title"] or "", *header.addressees, *body.preamble, *body.closing]
    _collect_text(body.sections, corpus)
    citations = find_citations("\n".join(corpus), own, evidence_bodies)
    for c in citations:
        printed = c.pop("printed", None)
        if printed and re.sub(r"\s+", "", printed) != c["number"]:
            warnings.append(f"Đã chuẩn hóa số hiệu văn bản dẫn chiếu “{printed}” thành “{c['number']}”.")
    doc["citations"] = cast(list[Citation], citations)

    if body.rejoined:
        warnings.append(f"Đã nối lại {body.rejoined} đoạn văn bị ngắt ngang (do ngắt trang hoặc dòng lạc).")
    for run in body.dropped:
        shown = ", ".join(f"“{t}”" for t in run[:10])
        warnings.append(f"Đã bỏ {len(run)} dòng lạc (dấu mộc, số trang hoặc mảnh chữ rời): {shown}.")
    if footer_dropped:
        shown = ", ".join(f"“{t}”" for t in footer_dropped[:10])
        warnings.append(f"Đã bỏ {len(footer_dropped)} dòng không rõ nghĩa ở phần nơi nhận, chữ ký: {shown}.")
    _canonical_names(doc)
    doc["warnings"] = warnings
    return doc


_SPACED_RESIDUE = re.compile(r"(?<!\S)[B-DF-HJ-NP-TV-XZĐ](?=\s)")
_TRAILING_RULE = re.compile(r"\s*[-–—_=~*]{3,}\s*$")
_OFFICES = (
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "BỘ TRƯỞNG",
    "THỦ TƯỚNG",
    "TỔNG GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "TỔNG CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
)
_LINKS = {"CỦA", "VÀ", "VỚI", "GIỮA", "CHO", "TẠI", "THUỘC", "VỀ", "ĐỐI", "TRONG", "TỪ", "ĐẾN"}


def _without_authority(title: str, issuer: str | None) -> str:
    """An upper-case title without the deciding authority glued after it on one line.

    "… TỈNH QUẢNG NAM ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM", "… TỈNH SƠN LA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH": the tail,
    an office then the start of the issuer's name (at least three words), is the line under the title. A
    name after "CỦA", "VÀ" … is part of the title ("QUY CHẾ LÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH").
    """
    if not title or not issuer or not is_upper_text(title):
        return title
    words = title.split()
    for k in range(4, len(words)):
        if words[k - 1] in _LINKS:
            continue
        tail = " ".join(words[k:])
        after_office = False
        for office in _OFFICES:
            if tail.startswith(office + " "):
                tail = tail[len(office) + 1 :]
                after_office = True
                break
        # the start of the issuer's name only after an office ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"); without one
        # the whole name, or a title ending on its own words ("… CÁC CHẾ ĐỘ BẢO HIỂM XÃ HỘI") loses them
        # or, after an office, the issuer's name made whole when the header printed it bare ("ỦY BAN NHÂN DÂN"
        # above, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" under the title)
        named = (
            tail == issuer
            or _whole_name_of(tail, issuer)
            or (
                after_office
                and ((issuer + " ").startswith(tail + " ") or (tail + " ").startswith(issuer + " "))
            )
        )
        if len(tail.split()) >= 3 and named:
            return " ".join(words[:k])
    return title


_BARE_ISSUER = re.compile(r"^(?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN$")
_LEVEL_AFTER = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+\S+")


def _whole_name_of(tail: str, issuer: str) -> bool:
    """ "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" after a title whose header printed the issuer bare ("ỦY BAN NHÂN DÂN")."""
    return (
        bool(_BARE_ISSUER.fullmatch(issuer))
        and tail.startswith(issuer + " ")
        and bool(_LEVEL_AFTER.match(tail[len(issuer) + 1 :]))
    )


def _canonical_names(doc: Document) -> None:
    """One tone placement in the fields that name things, so two copies of a text compare equal."""
    for key in ("issuer", "parent_body", "place", "title"):
        doc[key] = canonical_tones(doc[key])
    doc["addressees"] = [canonical_tones(a) for a in doc["addressees"]]
    doc["recipients"] = [canonical_tones(r) for r in doc["recipients"]]
    signer = doc["signer"]
    for key in ("name", "title"):
        value = signer.get(key)
        signer[key] = canonical_tones(value if isinstance(value, str) else None)  # type: ignore[literal-required]
    if signer.get("authority"):
        signer["authority"] = [canonical_tones(a) for a in signer["authority"]]
    for c in doc["citations"]:
        c["issuer"] = canonical_tones(c["issuer"])


def _collect_text(nodes: list[Node], out: list[str]) -> None:
    for n in nodes:
        out.append(n.title)
        out.extend(n.paragraphs)
        out.extend(n.items)
        _collect_text(n.children, out)


def _find(
    sections: list[Section], pattern: re.Pattern[str], exclude: re.Pattern[str] | None = None
) -> Section | None:
    level = list(sections)
    while level:
        for node in level:
            title = collapse(fold_keep(node["title"]))
            if pattern.search(title) and not (exclude and exclude.search(title)):
                return node
        level = [c for n in level for c in n["children"]]
    return None


def _tasks(sections: list[Section]) -> list[Task]:
    # a decision's articles ("Điều 2. Nhiệm vụ của Ban Chỉ đạo") are not a plan's tasks part
    part = _find([s for s in sections if not (s["label"] or "").startswith("Điều")], _TASK_PART, _ASSIGN_PART)
    if part is None:
        return []
    out: list[Task] = []
    _collect_tasks(part, out)
    return out


def _collect_tasks(node: Section, out: list[Task]) -> None:
    gid = node["id"]
    texts = node["items"] or ([] if node["children"] else node["paragraphs"])
    for k, text in enumerate(texts, 1):
        out.append({"id": f"{gid}.{k}", "group": gid, "group_title": node["title"], "text": text})
    for child in node["children"]:
        if not (child["items"] or child["paragraphs"] or child["children"]):
            out.append(
                {"id": child["id"], "group": gid, "group_title": node["title"], "text": child["title"]}
            )
        else:
            _collect_tasks(child, out)


def _assignments(sections: list[Section]) -> list[Assignment]:
    part = _find(sections, re.compile(r"^" + _ASSIGN_PART.pattern))
    if part is None:
        return []
    out: list[Assignment] = []
    for child in part["children"]:
        duties = list(child["items"]) or list(child["paragraphs"])
        for grand in child["children"]:
            duties.append(grand["title"])
            duties.extend(grand["items"] or grand["paragraphs"])
        unit: str | None = re.sub(r"^(?:Đối với|đối với|ĐỐI VỚI|Doi voi)\s+", "", child["title"]).rstrip(
            " :."
        )
        if not duties:
            head, sep, rest = child["title"].partition(":")
            if sep and rest.strip() and len(head) < 80:
                unit, duties = head.strip(), [rest.strip()]
            else:
                unit, duties = None, [child["title"]]
        out.append({"unit": unit or None, "duties": [d for d in duties if d]})
    return out


__all__ = [
    "SCHEMA",
    "Assignment",
    "Citation",
    "Document",
    "Section",
    "Signer",
    "Task",
    "empty_document",
    "format_outline",
    "from_json",
    "parse_text",
    "parse_text_strict",
    "to_json",
]
