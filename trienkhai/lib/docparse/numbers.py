"""Document numbers and citations: "27/KH-LĐLĐ", "30/2020/NĐ-CP", "43-NQ/TW", with OCR repairs on evidence."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .text import LOWER, TYPE_NAMES, UPPER, fold_keep

# Decree 30/2020 type codes plus those of Party usage and of legal documents cited in running text.
TYPE_CODES: dict[str, str] = {code: name for code, name in TYPE_NAMES.values()}
TYPE_CODES.update(
    {
        "CTr": "Chương trình",
        "CTHĐ": "Chương trình hành động",
        "NĐ": "Nghị định",
        "TT": "Thông tư",
        "TTLT": "Thông tư liên tịch",
        "QĐ": "Quyết định",
        "KL": "Kết luận",
        "HD": "Hướng dẫn",
    }
)
_CODE_BY_FOLD: dict[str, list[str]] = {}
for _code in TYPE_CODES:
    _CODE_BY_FOLD.setdefault(fold_keep(_code).lower(), []).append(_code)


def initials(phrase: str) -> str:
    """Initials of each word, upper case: "Liên đoàn Lao động" -> "LĐLĐ"."""
    return "".join(w[0].upper() for w in phrase.split() if w[:1].isalpha())


def _fold_code(code: str) -> str:
    return fold_keep(code).lower()


def repair_type_code(code: str, evidence_names: list[str]) -> str:
    """Repair a type code slip ("QD" -> "QĐ", "CTHD" -> "CTHĐ") when a kind name or the code list proves it."""
    if code in TYPE_CODES or ("D" not in code and "d" not in code):
        return code
    for name in evidence_names:
        ini = initials(name)
        if ini and _only_d_slips(ini, code):
            return ini
    candidates = [c for c in _CODE_BY_FOLD.get(_fold_code(code), []) if _only_d_slips(c, code)]
    if len(candidates) == 1:
        return candidates[0]
    return code


def _only_d_slips(right: str, printed: str) -> bool:
    """True when `printed` differs from `right` only by "D" printed for "Đ" (the usual OCR slip)."""
    if len(right) != len(printed) or right == printed:
        return False
    return all(a == b or (a in "Đđ" and b in "Dd") for a, b in zip(right, printed, strict=True))


def repair_body_code(code: str, evidence_names: list[str]) -> str:
    """Repair an issuer code slip ("LĐLD" -> "LĐLĐ") when the initials of a named body prove it."""
    if not code or not code.isalpha() or ("D" not in code and "d" not in code):
        return code  # no "D" in it: nothing an "Đ" could have been read as
    for name in evidence_names:
        ini = initials(name)
        for i in range(len(ini) - len(code) + 1):
            head = ini[i : i + len(code)]
            if _only_d_slips(head, code):
                return head
    return code


_STATE = rf"(?P<sn>\d{{1,5}})\s?/\s?(?:(?P<sy>\d{{4}})\s?/\s?)?(?P<st>[{UPPER}][A-Za-zĐđ]{{0,7}}\d{{0,2}})(?:\s?-\s?(?P<si>[{UPPER}][A-Za-zĐđ0-9]{{0,12}}(?:-[{UPPER}][A-Za-zĐđ0-9]{{0,12}}){{0,3}}))?"
_PARTY = rf"(?P<pn>\d{{1,4}})\s?-\s?(?P<pt>[{UPPER}][A-Za-zĐđ]{{0,6}})\s?/\s?(?P<pi>[{UPPER}][A-Za-zĐđƯư0-9]{{0,10}}(?:-[{UPPER}][A-Za-zĐđƯư0-9]{{0,10}}){{0,2}})"
NUMBER_RE = re.compile(rf"(?<![\w/.\-])(?:{_PARTY}|{_STATE})(?![\w/])")


class Number:
    """A parsed document number; `text` is the normalised form."""

    def __init__(self, text: str, doc_type: str | None, style: str) -> None:
        self.text = text
        self.doc_type = doc_type
        self.style = style


def parse_number(
    raw: str, evidence_types: list[str], evidence_bodies: list[str]
) -> tuple[Number | None, bool]:
    """Parse and normalise a number as printed; returns (number, repaired?)."""
    compact = re.sub(r"\s+", "", raw).replace("Ð", "Đ")
    m = NUMBER_RE.fullmatch(compact)
    if not m:
        return None, False
    num = _from_match(m, evidence_types, evidence_bodies)
    if num is None:
        return None, False
    return num, num.text != compact


def _from_match(m: re.Match[str], evidence_types: list[str], evidence_bodies: list[str]) -> Number | None:
    if m.group("pn"):
        if m.group("pt") not in TYPE_CODES and m.group("pi") in TYPE_CODES:
            # "6-LĐ/TT" (1975): the older State order, the office's code before the kind's
            return Number(f"{m.group('pn')}-{m.group('pt')}/{m.group('pi')}", m.group("pi"), "party")
        ttype = repair_type_code(m.group("pt"), evidence_types)
        issuer = "-".join(repair_body_code(p, evidence_bodies) for p in m.group("pi").split("-"))
        return Number(f"{m.group('pn')}-{ttype}/{issuer}", ttype, "party")
    st, si, sy = m.group("st"), m.group("si"), m.group("sy")
    if not si and not sy:
        return None
    if not si:
        # "45/2019/QH14": a law, its code names the issuer
        return Number(f"{m.group('sn')}/{sy}/{st}", None, "law")
    ttype = repair_type_code(st, evidence_types)
    parts = [repair_body_code(p, evidence_bodies) for p in si.split("-")]
    if ttype not in TYPE_CODES:
        # "123/UBND-VX": a dispatch has no type code, its first part is the issuer
        first = repair_body_code(st, evidence_bodies)
        year = f"{sy}/" if sy else ""
        return Number(f"{m.group('sn')}/{year}{first}-{'-'.join(parts)}", None, "dispatch")
    year = f"{sy}/" if sy else ""
    return Number(f"{m.group('sn')}/{year}{ttype}-{'-'.join(parts)}", ttype, "state")


_KIND_BEFORE = re.compile(
    r"(chuong trinh hanh dong|chuong trinh|nghi quyet|quyet dinh|chi thi|ket luan|ke hoach|huong dan|"
    r"thong bao|de an|nghi dinh|thong tu lien tich|thong tu|cong van|bao cao|quy dinh|quy che|bo luat|luat|"
    r"to trinh|phuong an|du an|cong dien)\s{1,3}(?:so\s{0,3}:?\s{0,3})?$"
)
_DATE_AFTER = re.compile(
    r"^\s{0,3}[,(]?\s{0,3}(?:(?:ban hanh|ky)\s{1,3})?ngay\s{1,3}(\d{1,2})\s{0,3}(?:[/.-]|\s+thang\s+)\s{0,3}"
    r"(\d{1,2})\s{0,3}(?:[/.-]|\s+nam\s+)\s{0,3}(\d{4})"
)
_ISSUER_START = re.compile(r"^\s{0,3}[,)]?\s{0,3}(?:cua|do)\s{1,3}")
_ISSUER_STOP_WORDS = {
    "ve",
    "va",
    "theo",
    "tai",
    "nham",
    "de",
    "voi",
    "trong",
    "dang",
    "da",
    "gom",
    "nhu",
    "la",
    "sau",
    "ngay",
    "so",
    "cho",
    "duoc",
    "co",
    "tu",
    "den",
    "khi",
    "tiep",
}
_ISSUER_STOP_PAIRS = {("ban", "hanh"), ("quy", "dinh"), ("huong", "dan"), ("thuc", "hien"), ("trien", "khai")}


def _name_goes_on(tokens: list[str]) -> bool:
    """After a comma or a dash: "Thể thao và Du lịch", "Thương binh và Xã hội" (a name listing its fields)."""
    if not tokens or not tokens[0][:1].isupper() or _KIND_START.match(fold_keep(tokens[0]).lower()):
        return False
    for k, tok in enumerate(tokens[1:4], 1):
        if fold_keep(tok).lower() == "va":
            return k + 1 < len(tokens) and tokens[k + 1][:1].isupper()
        if tok.endswith((",", ";", ".", ":")):
            return False
    return False


_KIND_START = re.compile(r"^(?:quyet|nghi|chi|ket|ke|huong|thong|de|cong|bao|quy|luat|to|phuong|du)$")


def _issuer_at(text: str, start: int) -> str | None:
    """The body named after "của"/"do" at `start`: capitalised words up to a lower-case function word."""
    words: list[str] = []
    tokens = text[start : start + 200].split("\n", 1)[0].split()[:16]
    listed = False
    for i, word in enumerate(tokens):
        core = word.rstrip(',;:.“”"!?')
        if not core:
            break
        fw = fold_keep(core).lower()
        nxt = fold_keep(tokens[i + 1]).lower().rstrip(",;:.") if i + 1 < len(tokens) else ""
        joins_list = listed and fw == "va" and tokens[i + 1 : i + 2] and tokens[i + 1][0].isupper()
        if (
            core[0].islower()
            and not joins_list
            and (fw in _ISSUER_STOP_WORDS or (fw, nxt) in _ISSUER_STOP_PAIRS)
        ):
            break
        if core in ("-", "–") and words and _name_goes_on(tokens[i + 1 : i + 6]):
            words.append(core)
            listed = True
            continue
        if core[0] in '“"' or core in ("-", "–"):
            break
        if joins_list:
            listed = False
        if word == core + "," and _name_goes_on(tokens[i + 1 : i + 6]):
            # "Bộ Văn hóa, Thể thao và Du lịch": a name that lists its fields, not the end of the name
            words.append(word)
            listed = True
            continue
        words.append(core)
        if core != word:
            break
    cand = " ".join(words).strip(" ()")
    if cand.count("(") != cand.count(")"):
        cand = cand.split("(")[0].strip()
    return cand or None


def make_date(day: int, month: int, year: int) -> str | None:
    """ISO date or None when the numbers do not make a calendar date."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_citations(text: str, own: str | None, body_evidence: list[str]) -> list[dict[str, Any]]:
    """Every distinct document number cited in `text` with its date and issuer when stated next to it."""
    folded = fold_keep(text)
    found: dict[str, dict[str, Any]] = {}
    for m in NUMBER_RE.finditer(text):
        kind_m = _KIND_BEFORE.search(folded[max(0, m.start() - 40) : m.start()])
        kind_names = []
        if kind_m:
            s = max(0, m.start() - 40) + kind_m.start(1)
            kind_names.append(text[s : s + len(kind_m.group(1))])
        issuer, date, end = None, None, m.end()
        dm = _DATE_AFTER.match(folded[end : end + 60])
        if dm:
            date = make_date(int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
            end += dm.end()
        im = _ISSUER_START.match(folded[end : end + 12])
        if im and text[end + im.end() : end + im.end() + 1].isupper():
            issuer = _issuer_at(text, end + im.end())
        evidence = kind_names + ([issuer] if issuer else []) + body_evidence
        num = _from_match(NUMBER_RE.fullmatch(re.sub(r"\s+", "", m.group(0))) or m, kind_names, evidence)
        if num is None or (own and num.text == own):
            continue
        entry = found.get(num.text)
        if entry is None:
            found[num.text] = {
                "number": num.text,
                "doc_type": num.doc_type,
                "date": date,
                "issuer": issuer,
                "printed": m.group(0),
            }
        else:
            if entry["date"] is None and date:
                entry["date"] = date
            if entry["issuer"] is None and issuer:
                entry["issuer"] = issuer
    return list(found.values())


__all__ = ["LOWER", "NUMBER_RE", "TYPE_CODES", "find_citations", "initials", "make_date", "parse_number"]
