"""Layout transformations of a corpus document that must not change what the parser reads from it.

Each transformation rewrites only the header (or the header and the signature block) of the raw text the
way another copy of the same document could lay it out: lines joined, wrapped, columns flattened, blank
lines added or removed. The zones are found from the raw text with simple rules of the test's own, never
from the parser.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

from .accuracy import CORPUS, corpus_files

REAL = Path(__file__).parent / "real"
WILD = Path(__file__).parent / "wild"
HEADER_FIELDS = ("issuer", "parent_body", "number", "doc_type", "place", "date", "title")

# the way the body of an official text opens, right after the header
_BODY_OPENING = re.compile(
    r"^(?:Căn cứ|Thực hiện|Kính gửi|Kính gởi|Xét |Theo |Để |Nhằm |Ngày \d|Qua |Nhận được|Trong |Sau |"
    r"Tiếp |Triển khai|Hướng dẫn|Ban Thường vụ|Ban Chấp hành|Chiều |Sáng |Hiện nay|Năm \d|"
    r"(?:PHẦN|Phần)\s|(?:CHƯƠNG|Chương)\s|Điều \d|[IVX]{1,4}\.\s|\d{1,2}\.\s|QUYẾT ĐỊNH\s*:|QUYẾT NGHỊ\s*:)"
)
_FOOTER_START = re.compile(r"^(?:N[ơo]i nh[ậa]n|TM\.|KT\.|TL\.|TUQ\.|Q\.\s|T/M\s|K/T\s)")
_FOOTER_END = re.compile(r"^(?:PHỤ LỤC|Phụ lục|[IVX]{1,4}\.\s|\d{1,2}\.\s+[A-ZĐ]|Điều \d|---)")
_MARKUP = re.compile(r"^[\s#>*_|]+")


def documents() -> list[Path]:
    """Every document of the synthetic, the real and the wild corpus, held-out parts included."""
    folders = [CORPUS, CORPUS / "heldout", REAL, REAL / "heldout", WILD, WILD / "heldout"]
    return [doc for folder in folders for doc, _ in corpus_files(folder)]


def _bare(line: str) -> str:
    return _MARKUP.sub("", line).strip()


def header_end(lines: list[str]) -> int:
    """Index of the first body line: a usual body opening, or a long sentence-case paragraph."""
    seen = 0
    for i, line in enumerate(lines):
        bare = _bare(line)
        if not bare:
            continue
        seen += 1
        if seen > 1 and _BODY_OPENING.match(bare):
            return i
        if seen > 1 and len(bare) >= 100 and bare[0].isupper() and not bare.isupper():
            if not bare.startswith(("V/v", "Về ", "Số", "SỐ")) and "|" not in bare:
                return i
        if seen > 60:
            return i
    return len(lines)


def footer_span(lines: list[str], start: int) -> tuple[int, int] | None:
    """[first, end) of the recipients-and-signature block after `start`, or None."""
    for i in range(start, len(lines)):
        if _FOOTER_START.match(_bare(lines[i])):
            j = i + 1
            while j < len(lines) and j - i < 40 and not _FOOTER_END.match(_bare(lines[j])):
                j += 1
            return i, j
    return None


def _join(lines: list[str]) -> list[str]:
    text = " ".join(ln.strip() for ln in lines if ln.strip())
    return [text] if text else []


def join_header(text: str) -> str:
    lines = text.split("\n")
    end = header_end(lines)
    return "\n".join([*_join(lines[:end]), "", *lines[end:]])


def join_header_and_footer(text: str) -> str:
    lines = text.split("\n")
    end = header_end(lines)
    span = footer_span(lines, end)
    body = lines[end:]
    if span:
        a, b = span[0] - end, span[1] - end
        body = [*body[:a], *_join(body[a:b]), *body[b:]]
    return "\n".join([*_join(lines[:end]), "", *body])


def wrap_header(text: str, width: int = 40) -> str:
    lines = text.split("\n")
    end = header_end(lines)
    out: list[str] = []
    for line in lines[:end]:
        if "|" in line or len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join([*out, *lines[end:]])


def _cells(line: str) -> list[str] | None:
    s = line.strip()
    if s.count("|") < 2 or re.fullmatch(r"[\s|:\-]+", s):
        return None
    return [c.strip() for c in s.strip("|").split("|")]


def has_columns(text: str) -> bool:
    """True when the header has two columns printed on shared lines (`| left | right |`)."""
    lines = text.split("\n")
    return any((c := _cells(ln)) and len(c) >= 2 for ln in lines[: header_end(lines)])


def _flatten(text: str, right_first: bool) -> str:
    lines = text.split("\n")
    end = header_end(lines)
    left: list[str] = []
    right: list[str] = []
    rest: list[str] = []
    for line in lines[:end]:
        cells = _cells(line)
        if cells is None:
            if re.fullmatch(r"[\s|:\-]+", line.strip()) and "|" in line:
                continue
            rest.append(line)
            continue
        left.append(cells[0])
        right.extend(c for c in cells[1:])
    left = [c for c in left if c]
    right = [c for c in right if c]
    first, second = (right, left) if right_first else (left, right)
    return "\n".join([*first, "", *second, "", *rest, *lines[end:]])


def flatten_left_first(text: str) -> str:
    return _flatten(text, right_first=False)


def flatten_right_first(text: str) -> str:
    return _flatten(text, right_first=True)


def header_blanks_added(text: str) -> str:
    lines = text.split("\n")
    end = header_end(lines)
    out: list[str] = []
    for line in lines[:end]:
        out.extend((line, ""))
    return "\n".join([*out, *lines[end:]])


def header_blanks_removed(text: str) -> str:
    lines = text.split("\n")
    end = header_end(lines)
    return "\n".join([*(ln for ln in lines[:end] if ln.strip()), "", *lines[end:]])


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "join_header": join_header,
    "join_header_footer": join_header_and_footer,
    "wrap40": wrap_header,
    "flat_left": flatten_left_first,
    "flat_right": flatten_right_first,
    "blanks_added": header_blanks_added,
    "blanks_removed": header_blanks_removed,
}
COLUMN_TRANSFORMS = {"flat_left", "flat_right"}


def cases() -> list[tuple[Path, str]]:
    """(document, transformation) pairs; the column ones only where the header has shared lines."""
    out = []
    for doc in documents():
        text = doc.read_text(encoding="utf-8")
        for name in TRANSFORMS:
            if name in COLUMN_TRANSFORMS and not has_columns(text):
                continue
            out.append((doc, name))
    return out


def case_id(doc: Path, name: str) -> str:
    folder = doc.parent.name
    if folder == "heldout":  # three corpora have a held-out part: name the corpus too
        folder = f"{doc.parent.parent.name}/heldout"
    return f"{folder}/{doc.stem}:{name}"


def reading(doc: dict) -> dict:
    """The fields every layout must agree on."""
    got = {k: doc.get(k) for k in HEADER_FIELDS}
    signer = doc.get("signer") or {}
    got["signer"] = {k: signer.get(k) for k in ("name", "title")}
    return got
