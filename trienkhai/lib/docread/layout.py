"""Two-column layout (header: issuer | motto; footer: recipients | signer) read one column after the other."""

from __future__ import annotations

import re

_LOCALITY = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+\S")
_HAS_LOCALITY = re.compile(r"\b(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|TRUNG ƯƠNG|VIỆT NAM)\b")


def join_wrapped_names(lines: list[str]) -> list[str]:
    """Rejoin body names the header wrapped before their locality.

    Printed headers often break "LIÊN ĐOÀN LAO ĐỘNG / TỈNH BÌNH PHƯỚC" or "ỦY BAN NHÂN DÂN / TỈNH BÌNH
    PHƯỚC" over two lines; both lines are one name. A capitalised line that starts with a locality
    ("TỈNH ...", "HUYỆN ...") is joined to the capitalised line above when that one names no locality.
    """
    out: list[str] = []
    for line in lines:
        text = line.strip()
        prev = out[-1].strip() if out else ""
        if (
            text
            and prev
            and text.upper() == text
            and prev.upper() == prev
            and _LOCALITY.match(text)
            and not _HAS_LOCALITY.search(prev)
            and not prev.startswith(("Số", "SỐ"))
        ):
            out[-1] = f"{prev} {text}"
        else:
            out.append(line)
    return out


def _chunks(line: str, min_gap: int = 2) -> list[tuple[int, int, str]]:
    """Pieces of a line split at runs of `min_gap`+ spaces: (start column, end column, text).

    pdftotext -layout writes justified body text with single spaces, so two or more mark a column gap;
    tesseract with preserve_interword_spaces is noisier, so OCR text uses a wider gap.
    """
    pattern = _GAPS.setdefault(min_gap, re.compile(rf"\S(?:.*?\S)?(?=\s{{{min_gap},}}|\s*$)"))
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(line)]


_GAPS: dict[int, re.Pattern[str]] = {}


def unlayout(text: str, *, min_gap: int = 2, join_lines: bool = True) -> str:
    """Turn `pdftotext -layout` output into one line per paragraph, columns read one after the other.

    Two-column blocks (the header: issuer | motto, and the footer: recipients | signer) are found as runs
    of lines split by a wide gap; each run is emitted left column first, then right column. Elsewhere a
    line that starts at the left margin after a full-width line continues the previous paragraph
    (justified text with a first-line indent, and paragraphs broken across pages); `join_lines=False`
    keeps lines as they are (OCR output has no indentation to tell paragraphs apart).
    """
    raw_lines = [ln.rstrip() for ln in text.replace("\f", "\n").split("\n")]
    # Page numbers printed alone on a line are not text of the document.
    raw_lines = ["" if re.fullmatch(r"\s*-?\s*\d{1,3}\s*-?\s*", ln) else ln for ln in raw_lines]
    # Width of a full justified line; two-column lines may reach further right, so they do not count.
    width = max((len(ln) for ln in raw_lines if len(_chunks(ln, min_gap)) == 1), default=0)
    out: list[str] = []
    i = 0
    n = len(raw_lines)
    prev_full = False
    while i < n:
        line = raw_lines[i]
        chunks = _chunks(line, min_gap)
        if len(chunks) == 2:
            i, block = _column_run(raw_lines, i, min_gap)
            out.extend(block)
            prev_full = False
            continue
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        if join_lines and prev_full and indent <= 1 and out:
            # Continuation: skip blank lines a page break left behind.
            while out and out[-1] == "":
                out.pop()
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line.strip())
        prev_full = len(line) >= 0.6 * width
        i += 1
    result = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", result).strip("\n") + "\n"


def _column_run(lines: list[str], start: int, min_gap: int) -> tuple[int, list[str]]:
    """Collect the two-column block starting at `start`; returns (next index, left lines + right lines)."""
    left: list[str] = []
    right: list[str] = []
    first = _chunks(lines[start], min_gap)
    split = first[1][0]
    left_span = [first[0][0], first[0][1]]
    i = start
    blanks = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blanks += 1
            if blanks >= 3:
                break
            i += 1
            continue
        chunks = _chunks(line, min_gap)
        if len(chunks) == 2:
            split = min(split, chunks[1][0])
            left_span = [min(left_span[0], chunks[0][0]), max(left_span[1], chunks[0][1])]
            left.append(chunks[0][2])
            right.append(chunks[1][2])
        elif len(chunks) == 1:
            s, e, t = chunks[0]
            # Once the header has both its number and its date line, a lone line after a gap is the
            # type name ("KẾ HOẠCH"); OCR output has no indentation to tell it from the left column.
            seen_number = any(re.match(r"^S[ốố]\s*:?\s*\d", x) for x in left)
            seen_date = any(re.search(r"ngày\s+\d+\s+tháng", x) for x in right)
            if blanks and seen_number and seen_date:
                break
            # A lone line belongs to a column only if it sits inside that column's extent; the type
            # name centred under the header ("KẾ HOẠCH") straddles both and ends the block.
            limit = min(left_span[1] + 2, split - 1) if blanks else split - 1
            if s >= left_span[0] - 2 and e <= limit:
                left.append(t)
            elif s >= split - 3:
                right.append(t)
            else:
                break
        else:
            break
        blanks = 0
        i += 1
    block = [*join_wrapped_names(left), "", *right, ""]
    return i, block
