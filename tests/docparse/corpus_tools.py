"""Build the parser corpus: hand-written source documents rendered the ways real text arrives.

Each `corpus/src/<name>.src` is a document written by hand in a line format (`@field value`, `# label |
title` for numbered parts, `- ` bullets, `= ` paragraphs, `> ` closing text, `| ... |` table rows). The
expected values are derived from the source, never from the parser: the header fields, tasks (bullets of the
tasks part, or its paragraphs where a group has no bullets), assignments, recipients, signer, citations
(listed by hand with `@cite number|date|issuer`) and the outline of numbered parts.

Renderings (`corpus/<name>.<kind>.txt|md`): `pipe` (web copy with table cells), `flat` (blocks flattened
onto single lines), `wrap` (hard-wrapped at 78 columns), `md` (web markdown with stray marks and header
cells on separate lines) and `ocr` (dropped diacritics, "Ð", wrong heading levels, page numbers, stamp
fragments, hyphenation across lines, a D for Đ in the number). Noise that changes printed words is applied
to the source first, so expectations hold the words as printed.

Regenerate with `.venv/bin/python -m tests.docparse.corpus_tools` (deterministic).
"""

from __future__ import annotations

import json
import random
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
SRC = CORPUS / "src"

RENDERINGS: dict[str, tuple[str, ...]] = {
    "kh_ubnd_huyen": ("pipe", "wrap", "flat"),
    "kh_ldld_tinh": ("md", "ocr"),
    "qd_ubnd_xa": ("flat", "pipe"),
    "bc_ldld_huyen": ("md", "wrap"),
    "hd_ldld_tinh": ("ocr", "flat"),
    "nq_huyen_uy": ("wrap", "md"),
    "ctr_huyen_uy": ("pipe", "ocr"),
    "cv_ubnd_huyen": ("flat", "md"),
    "kh_cdcs": ("ocr", "pipe"),
    "tb_ldld_huyen": ("wrap", "flat"),
    "cv_ldld_huyen": ("pipe", "ocr"),
    "kh_dang_uy_xa": ("md", "wrap"),
}
# written after the parser was frozen and never used to tune it: an honest accuracy figure
HELDOUT_DIR = CORPUS / "heldout"
HELDOUT: dict[str, tuple[str, ...]] = {
    "kh_ubnd_xa": ("ocr", "flat"),
    "qd_ldld_khen": ("md", "ocr"),
    "ctr_dang_uy": ("pipe", "wrap"),
}


@dataclass
class Part:
    label: str
    title: str
    depth: int
    paras: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    tables: list[list[str]] = field(default_factory=list)
    children: list[Part] = field(default_factory=list)

    @property
    def key(self) -> str:
        if self.label.startswith("Điều"):
            return "Đ" + self.label.split()[1]
        if self.label.upper().startswith("PHẦN THỨ"):
            order = {"NHẤT": 1, "HAI": 2, "BA": 3, "TƯ": 4, "NĂM": 5}
            return f"P{order[self.label.split()[-1].upper()]}"
        return self.label.split(".")[-1]

    def heading(self) -> list[str]:
        if self.label.startswith("Điều"):
            return [f"{self.label}. {self.title}"]
        if self.label.upper().startswith("PHẦN"):
            return [self.label, self.title]
        if len(self.label) == 1 and self.label.islower():
            return [f"{self.label}) {self.title}"]
        return [f"{self.label}. {self.title}"]


@dataclass
class Doc:
    name: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    pre: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)

    def one(self, key: str) -> str | None:
        values = self.fields.get(key) or [""]
        return values[0] or None

    def many(self, key: str) -> list[str]:
        return [v for v in self.fields.get(key, []) if v]


def load(path: Path) -> Doc:
    doc = Doc(path.stem)
    stack: list[Part] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        if raw.startswith("@"):
            key, _, value = raw[1:].partition(" ")
            doc.fields.setdefault(key, []).append(value.strip())
        elif raw.startswith("#"):
            depth = len(raw) - len(raw.lstrip("#"))
            label, _, title = raw[depth:].strip().partition(" | ")
            part = Part(label.strip(), title.strip(), depth)
            del stack[depth - 1 :]
            (stack[-1].children if stack else doc.parts).append(part)
            stack.append(part)
        elif raw.startswith("- "):
            stack[-1].items.append(raw[2:].strip())
        elif raw.startswith("= "):
            (stack[-1].paras if stack else doc.pre).append(raw[2:].strip())
        elif raw.startswith("> "):
            doc.closing.append(raw[2:].strip())
        elif raw.startswith("|"):
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            stack[-1].tables.append(cells)
    return doc


# --- expected values ---------------------------------------------------------------------------


def _walk(parts: list[Part], prefix: str = "") -> list[tuple[str, Part]]:
    out = []
    for p in parts:
        pid = f"{prefix}.{p.key}" if prefix else p.key
        out.append((pid, p))
        out.extend(_walk(p.children, pid))
    return out


def _tasks(doc: Doc) -> list[dict]:
    target = doc.one("tasks")
    if not target:
        return []
    nodes = dict(_walk(doc.parts))
    out: list[dict] = []

    def collect(pid: str, part: Part) -> None:
        texts = part.items or ([] if part.children else part.paras)
        for k, text in enumerate(texts, 1):
            out.append({"id": f"{pid}.{k}", "group": pid, "group_title": part.title, "text": text})
        for child in part.children:
            collect(f"{pid}.{child.key}", child)

    collect(target, nodes[target])
    return out


def _assignments(doc: Doc) -> list[dict]:
    target = doc.one("assign")
    if not target:
        return []
    part = dict(_walk(doc.parts))[target]
    out = []
    for child in part.children:
        unit = child.title
        for prefix in ("Đối với ", "đối với "):
            if unit.startswith(prefix):
                unit = unit[len(prefix) :]
        out.append({"unit": unit, "duties": child.items or child.paras})
    return out


def expected(doc: Doc, number_raw: str | None) -> dict:
    type_line = doc.one("type")
    names = {
        "KẾ HOẠCH": ("KH", "Kế hoạch"),
        "QUYẾT ĐỊNH": ("QĐ", "Quyết định"),
        "BÁO CÁO": ("BC", "Báo cáo"),
        "HƯỚNG DẪN": ("HD", "Hướng dẫn"),
        "NGHỊ QUYẾT": ("NQ", "Nghị quyết"),
        "CHƯƠNG TRÌNH HÀNH ĐỘNG": ("CTr", "Chương trình hành động"),
        "THÔNG BÁO": ("TB", "Thông báo"),
    }
    code, name = names[type_line] if type_line else (None, "Công văn")
    place, _, rest = (doc.one("date") or "").partition(", ngày ")
    d, m, y = rest.replace(" tháng ", " ").replace(" năm ", " ").split()
    title_lines = doc.many("title") if type_line else doc.many("vv")
    cites = []
    for line in doc.many("cite"):
        number, date, issuer = (line.split("|") + ["", ""])[:3]
        cites.append(
            {"number": number, "doc_type": _cite_type(number), "date": date or None, "issuer": issuer or None}
        )
    recipients = [r.rstrip(";.") for r in doc.many("rcpt")]
    return {
        "schema": "trienkhai.document/1",
        "parent_body": doc.one("parent"),
        "issuer": doc.one("issuer"),
        "number": doc.one("number"),
        "number_raw": number_raw,
        "doc_type": code,
        "doc_type_name": name,
        "is_dispatch": type_line is None,
        "place": place,
        "date": f"{int(y):04d}-{int(m):02d}-{int(d):02d}",
        "title": " ".join(title_lines),
        "tasks": _tasks(doc),
        "assignments": _assignments(doc),
        "citations": cites,
        "recipients": recipients,
        "signer": {"name": doc.one("name"), "title": doc.one("stitle"), "authority": doc.many("auth")},
        "outline": [[pid, p.title] for pid, p in _walk(doc.parts)],
    }


def _cite_type(number: str) -> str | None:
    codes = {"NQ", "QĐ", "CT", "KH", "HD", "TB", "CTr", "CTHĐ", "NĐ", "KL", "ĐA", "BC", "TT"}
    if "/" in number and "-" in number:
        if number.index("-") < number.index("/"):
            return number.split("-")[1].split("/")[0]
        head = number.split("-")[0].split("/")[-1]
        return head if head in codes else None
    return None


# --- noise applied to the source (printed words change) ---------------------------------------


def strip_marks(word: str) -> str:
    out = []
    for ch in word:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append("d" if ch == "đ" else base)
    return "".join(out)


def drop_diacritics(doc: Doc, rng: random.Random, rate: float = 0.06) -> None:
    def noisy(text: str) -> str:
        if "/" in text or "số" in text:
            return text
        words = text.split(" ")
        for i, w in enumerate(words):
            if len(w) >= 3 and w.isalpha() and w.islower() and rng.random() < rate:
                words[i] = strip_marks(w)
        return " ".join(words)

    for _, part in _walk(doc.parts):
        part.items = [noisy(t) for t in part.items]
        part.paras = [noisy(t) for t in part.paras]


# --- renderings --------------------------------------------------------------------------------


def _left(doc: Doc, number: str) -> list[str]:
    rows = [x for x in (doc.one("parent"), doc.one("issuer")) if x]
    if "party" in doc.fields:
        rows.append("*")
        rows.append(f"Số {number}")
    else:
        rows.append(f"Số: {number}")
    rows.extend(doc.many("vv"))
    return rows


def _right(doc: Doc) -> list[str]:
    if "party" in doc.fields:
        return ["ĐẢNG CỘNG SẢN VIỆT NAM", doc.one("date") or ""]
    return ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", doc.one("date") or ""]


def _type_block(doc: Doc) -> list[str]:
    out = []
    if doc.one("type"):
        out.append(doc.one("type") or "")
        out.extend(doc.many("title"))
    return out


def _body_blocks(doc: Doc) -> list[list[str]]:
    """Blocks of printed lines: [kind, line] pairs grouped per top-level part."""
    blocks: list[list[str]] = [[f"P {p}" for p in doc.pre]]

    def emit(part: Part, block: list[str]) -> None:
        for h in part.heading():
            block.append(f"H{part.depth} {h}")
        for p in part.paras:
            block.append(f"P {p}")
        for row in part.tables:
            block.append("T | " + " | ".join(row) + " |")
        for it in part.items:
            block.append(f"B {it}")
        for child in part.children:
            emit(child, block)

    for part in doc.parts:
        block: list[str] = []
        emit(part, block)
        blocks.append(block)
    blocks.append([f"P {c}" for c in doc.closing])
    return blocks


def _footer_pairs(doc: Doc) -> tuple[list[str], list[str]]:
    left = ["Nơi nhận:"] + [f"- {r}" for r in doc.many("rcpt")]
    right = doc.many("auth") + [x for x in (doc.one("stitle"),) if x] + ["(Đã ký)", doc.one("name") or ""]
    return left, right


def render_plainish(doc: Doc, number: str, *, md: bool, rng: random.Random) -> str:
    out: list[str] = []
    for line in _left(doc, number):
        out.append(f"**{line}**" if md and line.isupper() and line != "*" else line)
    out.append("")
    for line in _right(doc):
        out.append(f"*{line}*" if md and "ngày" in line else line)
    out.append("")
    for i, line in enumerate(_type_block(doc)):
        out.append(f"{'#' * rng.randint(1, 3)} {line}" if md and i == 0 else (f"**{line}**" if md else line))
    if doc.many("to"):
        out.append("")
        out.extend(doc.many("to"))
    out.append("")
    for block in _body_blocks(doc):
        for entry in block:
            kind, text = entry.split(" ", 1)
            if kind.startswith("H"):
                out.append(f"{'#' * rng.randint(2, 4)} **{text}**" if md else text)
            elif kind == "B":
                out.append(f"{rng.choice(['-', '*', '-'])} {text}" if md else f"- {text}")
            elif kind == "T":
                out.append(text)
                continue
            else:
                out.append(text)
            out.append("")
    left, right = _footer_pairs(doc)
    out.extend(f"**{x}**" if md and x == "Nơi nhận:" else x for x in left)
    out.append("")
    out.extend(f"**{x}**" if md and x.isupper() else x for x in right)
    return "\n".join(out) + "\n"


def render_pipe(doc: Doc, number: str) -> str:
    left, right = _left(doc, number), _right(doc)
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left))
    right += [""] * (rows - len(right))
    out = [f"| {a} | {b} |" for a, b in zip(left, right, strict=True)]
    out.insert(1, "|---|---|")
    out.append("")
    out.extend(_type_block(doc))
    out.extend(doc.many("to"))
    out.append("")
    for block in _body_blocks(doc):
        for entry in block:
            kind, text = entry.split(" ", 1)
            out.append(text if kind in ("T",) or not kind.startswith("B") else f"- {text}")
            if kind != "T":
                out.append("")
    fl, fr = _footer_pairs(doc)
    rows = max(len(fl), len(fr))
    fl += [""] * (rows - len(fl))
    fr += [""] * (rows - len(fr))
    out.extend(f"| {a} | {b} |" for a, b in zip(fl, fr, strict=True))
    return "\n".join(out) + "\n"


def render_flat(doc: Doc, number: str) -> str:
    head = _left(doc, number) + _right(doc) + _type_block(doc)
    out = [" ".join(x for x in head if x != "*")]
    if doc.many("to"):
        out.append(" ".join(doc.many("to")))
    for block in _body_blocks(doc):
        chunk: list[str] = []
        for entry in block:
            kind, text = entry.split(" ", 1)
            if kind.startswith("H") or kind == "B":
                chunk.append(f"- {text}" if kind == "B" else text)
                continue
            if chunk:
                out.append(" ".join(chunk))
                chunk = []
            out.append(text)
        if chunk:
            out.append(" ".join(chunk))
    left, right = _footer_pairs(doc)
    out.append(" ".join(left) + " " + " ".join(right))
    return "\n\n".join(out) + "\n"


def render_wrap(doc: Doc, number: str, *, hyphenate: bool = False, rng: random.Random | None = None) -> str:
    left, right = _left(doc, number), _right(doc)
    out: list[str] = []
    for i in range(max(len(left), len(right))):
        for col in (left, right):
            if i < len(col) and col[i]:
                out.append(col[i])
    out.append("")
    out.extend(_type_block(doc))
    out.extend(doc.many("to"))
    out.append("")
    for block in _body_blocks(doc):
        for entry in block:
            kind, text = entry.split(" ", 1)
            if kind == "T":
                out.append(text)
                continue
            text = f"- {text}" if kind == "B" else text
            wrapped = textwrap.wrap(text, 78, break_on_hyphens=True, break_long_words=False)
            if hyphenate and rng and len(wrapped) > 1 and rng.random() < 0.5:
                wrapped = _hyphenate(wrapped, rng)
            out.extend(wrapped)
            out.append("")
    left, right = _footer_pairs(doc)
    out.extend(left)
    out.append("")
    out.extend(right)
    return "\n".join(out) + "\n"


def _hyphenate(lines: list[str], rng: random.Random) -> list[str]:
    """Move the first syllable part of the next line's first word back with a hyphen (OCR style)."""
    i = rng.randrange(len(lines) - 1)
    nxt = lines[i + 1]
    word, _, rest = nxt.partition(" ")
    if len(word) >= 4 and word.isalpha() and word.islower():
        cut = len(word) // 2
        lines[i] = f"{lines[i]} {word[:cut]}-"
        lines[i + 1] = f"{word[cut:]} {rest}".strip()
    return lines


STAMPS = [["LIÊN ĐOÀN", "LAO ĐỘNG", "HUYỆN"], ["ỦY BAN", "NHÂN DÂN"], ["HỘ", "PHỦ", "AN"], ["BỘ", "CHUYỂN"]]


def render_ocr(doc: Doc, number: str, rng: random.Random) -> str:
    text = render_wrap(doc, number, hyphenate=True, rng=rng)
    lines = text.split("\n")
    out: list[str] = []
    body_started = False
    inserted = 0
    for idx, line in enumerate(lines):
        if line.startswith(("I. ", "PHẦN")) or line.startswith("1. "):
            body_started = True
        if body_started and line and line[0] in "IVX" and ". " in line[:6]:
            line = f"{'#' * rng.randint(1, 4)} {line}"
        out.append(line)
        # a page break inside a paragraph: page number and stamp residue, text goes on in lower case
        nxt = lines[idx + 1] if idx + 1 < len(lines) else ""
        if (
            body_started
            and inserted < 3
            and nxt[:1].islower()
            and line[-1:].isalpha()
            and (inserted == 0 or rng.random() < 0.35)
        ):
            out.append("")
            out.append(rng.choice(["2", "- 3 -", "Trang 4", "5/9"]))
            out.extend(rng.choice(STAMPS))
            out.append("")
            inserted += 1
    if inserted == 0:
        # no paragraph breaks across lines: a page number and stamp residue between two paragraphs
        at = next(i for i, line in enumerate(out) if i > len(out) // 3 and not line)
        out[at:at] = ["", "- 2 -", *rng.choice(STAMPS)]
    printed = "\n".join(out)
    # OCR reads some Đ as Ð (U+00D0)
    chars = list(printed)
    for i, ch in enumerate(chars):
        if ch == "Đ" and rng.random() < 0.3:
            chars[i] = "Ð"
    return "".join(chars)


def build(name: str, kind: str, src: Path = SRC) -> tuple[str, dict]:
    doc = load(src / f"{name}.src")
    rng = random.Random(f"{name}:{kind}")
    number = doc.one("number") or ""
    if kind == "ocr":
        drop_diacritics(doc, rng)
        if (doc.one("issuer") or "").startswith("LIÊN ĐOÀN LAO ĐỘNG") and "LĐLĐ" in number:
            number = number.replace("/", " /", 1).replace("LĐLĐ", "LĐLD")
        text = render_ocr(doc, number, rng)
        raw = number.replace("Ð", "Đ")
        ext = "txt"
    elif kind == "md":
        text = render_plainish(doc, number, md=True, rng=rng)
        raw, ext = number, "md"
    elif kind == "pipe":
        text, raw, ext = render_pipe(doc, number), number, "txt"
    elif kind == "flat":
        text, raw, ext = render_flat(doc, number), number, "txt"
    else:
        text, raw, ext = render_wrap(doc, number), number, "txt"
    return text, {"ext": ext, "expected": expected(doc, raw)}


def main() -> None:
    for out, renderings in ((CORPUS, RENDERINGS), (HELDOUT_DIR, HELDOUT)):
        for name, kinds in renderings.items():
            for kind in kinds:
                _write(out, name, kind)


def _write(out: Path, name: str, kind: str) -> None:
    text, info = build(name, kind, out / "src")
    stem = f"{name}-{kind}"
    (out / f"{stem}.{info['ext']}").write_text(text, encoding="utf-8")
    (out / f"{stem}.expected.json").write_text(
        json.dumps(info["expected"], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
