"""Read an uploaded document into plain text: text files, .docx, text PDFs, scanned PDFs and images.

The parser (`trienkhai.lib.docparse`) works on plain text; this module's job is to get that text out of
whatever an officer uploads, or to say in one Vietnamese sentence why it cannot. Nothing here imports
Django, so the command line, the web upload and the tests share it.

Dispatch is on content first (magic bytes), extension second: a .docx that is really a PDF is read as a
PDF, and junk named .docx is reported as not a Word document.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "OCR_WARNING",
    "ReadResult",
    "UnreadableDocument",
    "decode_tcvn3",
    "decode_text",
    "decode_vni",
    "encode_tcvn3",
    "encode_vni",
    "read_bytes",
    "read_document",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Zip-bomb guard for .docx, checked on the declared sizes before anything is decompressed (zipfile
# never yields more than the declared size of an entry, so the declared sizes bound the real work).
DOCX_MAX_UNCOMPRESSED = 150 * 1024 * 1024
DOCX_MAX_RATIO = 200
# Ratios only matter for entries big enough to hurt; tiny XML parts can compress very well.
DOCX_RATIO_MIN_SIZE = 2 * 1024 * 1024
DOCX_MAX_ENTRIES = 5000
# A PDF page whose text layer has fewer characters than this is treated as a scan.
PDF_MIN_CHARS_PER_PAGE = 40
SUBPROCESS_TIMEOUT = 120
OCR_DPI = 300
# Spaces between two header columns in tesseract output (body lines have single spaces).
OCR_COLUMN_GAP = 4
OCR_WARNING = "Văn bản được nhận dạng bằng OCR; hãy kiểm tra lại."

ProgressFn = Callable[[int, int], None]


class UnreadableDocument(Exception):
    """The document cannot be read; `str(exc)` is one Vietnamese sentence saying what is wrong."""


@dataclass
class ReadResult:
    """Text of a document and how it was obtained."""

    text: str
    kind: str  # "text" | "docx" | "pdf" | "ocr"
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    used_ocr: bool = False


# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------


def read_document(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ocr: bool = True,
    progress: ProgressFn | None = None,
) -> ReadResult:
    """Read the document at `path` and return its text.

    Raises UnreadableDocument (missing file, over `max_bytes`, empty, corrupt, password-protected, unknown
    encoding, nothing recognised by OCR ...). `ocr=False` refuses scans instead of running tesseract;
    `progress(page, total)` is called once per OCR'd page.
    """
    p = Path(path)
    if not p.exists():
        raise UnreadableDocument(f"Không tìm thấy tệp: {p}")
    if p.is_dir():
        raise UnreadableDocument(f"Đường dẫn là một thư mục, không phải tệp: {p}")
    size = p.stat().st_size
    _check_size(size, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"Không đọc được tệp {p.name}: {exc.strerror or exc}.") from exc
    return read_bytes(data, p.name, max_bytes=max_bytes, ocr=ocr, progress=progress)


def read_bytes(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ocr: bool = True,
    progress: ProgressFn | None = None,
) -> ReadResult:
    """Read a document held in memory (the web upload); `filename` only supplies the extension."""
    _check_size(len(data), max_bytes)
    if not data:
        raise UnreadableDocument("Tệp rỗng, không có nội dung.")
    ext = Path(filename).suffix.lower()
    kind = _sniff(data)
    if kind == "zip":
        return _read_docx(data)
    if kind == "pdf":
        return _read_pdf(data, ocr=ocr, progress=progress)
    if kind == "image":
        if not ocr:
            raise UnreadableDocument("Tệp là ảnh; cần bật nhận dạng chữ (OCR) để đọc.")
        return _read_image(data, ext or ".png", progress=progress)
    if kind == "ole":
        raise UnreadableDocument(
            "Tệp là tài liệu Word cũ (.doc) hoặc .docx có mật khẩu; hãy lưu lại thành .docx không mật khẩu."
        )
    # Not a known container: what the extension promised decides the message.
    if ext == ".docx":
        raise UnreadableDocument("Tệp không phải là tài liệu Word hợp lệ (.docx).")
    if ext == ".pdf":
        raise UnreadableDocument("Tệp không phải là tệp PDF hợp lệ.")
    if ext in {".png", ".jpg", ".jpeg", ".tif", ".tiff"}:
        raise UnreadableDocument("Tệp không phải là ảnh hợp lệ.")
    text, encoding, warnings = decode_text(data)
    if not text.strip():
        raise UnreadableDocument("Tệp không có nội dung chữ.")
    return ReadResult(text=text, kind="text", encoding=encoding, warnings=warnings)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnreadableDocument(
            f"Tệp quá lớn: {_format_mb(size, always_decimal=True)}, giới hạn là {_format_mb(max_bytes)}."
        )


def _format_mb(size: int, *, always_decimal: bool = False) -> str:
    """Size in MB the Vietnamese way: "60,0 MB"; a whole-number limit is written "20 MB"."""
    mb = size / (1024 * 1024)
    if not always_decimal and abs(mb - round(mb)) < 1e-9:
        return f"{round(mb)} MB"
    return f"{mb:.1f}".replace(".", ",") + " MB"


def _sniff(data: bytes) -> str | None:
    head = data[:1024]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return "image"
    if head.startswith(b"II*\x00") or head.startswith(b"MM\x00*") or head.startswith(b"BM"):
        return "image"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


# --------------------------------------------------------------------------------------------------
# Text files and the legacy Vietnamese 8-bit encodings
# --------------------------------------------------------------------------------------------------

# TCVN3 (ABC, TCVN 5712:1993 VN3): one byte per precomposed lower-case letter. Upper-case letters with
# tone marks have no codes of their own (the ".VnTimeH" fonts draw the lower-case codes as capitals).
_TCVN3_BYTES = "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô­øõö÷ùýúûüþ¡¢§£¤¥¦"
_TCVN3_CHARS = "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵĂÂĐÊÔƠƯ"
assert len(_TCVN3_BYTES) == len(_TCVN3_CHARS) == 74
_TCVN3_DECODE = {ord(b): u for b, u in zip(_TCVN3_BYTES, _TCVN3_CHARS, strict=True)}
_TCVN3_ENCODE = {u: b for b, u in zip(_TCVN3_BYTES, _TCVN3_CHARS, strict=True)}


def _build_vni() -> dict[str, str]:
    """Unicode letter -> VNI-Windows spelling (as Latin-1 characters).

    VNI writes a base letter followed by a modifier byte: tone alone (ù ø û õ ï), circumflex (â),
    breve (ê), circumflex+tone (á à å ã ä), breve+tone (é è ú ü ë); upper case uses the upper-case
    modifiers. ơ/ư are single bytes (ô/ö) that take tone modifiers; đ is ñ; the i-vowels are single
    bytes; ỵ takes î instead of ï.
    """
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # none, sắc, huyền, hỏi, ngã, nặng
    plain_mod = ["", "ù", "ø", "û", "õ", "ï"]
    circ_mod = ["â", "á", "à", "å", "ã", "ä"]
    breve_mod = ["ê", "é", "è", "ú", "ü", "ë"]
    table: dict[str, str] = {}

    def add(base_unicode: str, base_vni: str, mods: list[str], upper: bool) -> None:
        for tone, mod in zip(tones, mods, strict=True):
            ch = unicodedata.normalize("NFC", base_unicode + tone)
            if upper:
                ch = ch.upper()
                mod = mod.upper()
                base = base_vni.upper()
            else:
                base = base_vni
            if len(ch) == 1 and (base + mod) != ch:
                table[ch] = base + mod

    for upper in (False, True):
        for v in "aeouy":
            mods = list(plain_mod)
            if v == "y":
                mods[5] = "î"
            add(v, v, mods, upper)
        add("â", "a", circ_mod, upper)
        add("ê", "e", circ_mod, upper)
        add("ô", "o", circ_mod, upper)
        add("ă", "a", breve_mod, upper)
        add("ơ", "ô", ["", *plain_mod[1:]], upper)
        add("ư", "ö", ["", *plain_mod[1:]], upper)
    # ơ and ư themselves (no tone): single bytes.
    table.update({"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ"})
    for ch, vni in zip("íìỉĩịÍÌỈĨỊ", "íìæóòÍÌÆÓÒ", strict=True):
        table[ch] = vni
    return table


_VNI_ENCODE = _build_vni()
_VNI_DECODE_2 = {v: k for k, v in _VNI_ENCODE.items() if len(v) == 2}
_VNI_DECODE_1 = {v: k for k, v in _VNI_ENCODE.items() if len(v) == 1}


def _bytes_to_chars(data: bytes) -> str:
    """Bytes as Windows-1252 characters (Latin-1 where 1252 leaves a hole): the legacy fonts' view."""
    return "".join(_CP1252[b] for b in data)


def _cp1252_table() -> list[str]:
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))
    return table


_CP1252 = _cp1252_table()


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to Unicode NFC.

    Lines or words written entirely in capitals (".VnTimeH" headings) are upper-cased, because TCVN3
    stores their accented letters with lower-case codes.
    """
    text = "".join(_TCVN3_DECODE.get(b) or _CP1252[b] for b in data)
    return _nfc(_fix_tcvn3_capitals(text))


def encode_tcvn3(text: str) -> bytes:
    """Encode Unicode text as TCVN3 (ABC); accented capitals fall back to their lower-case codes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(ch) or _TCVN3_ENCODE.get(ch.lower())
        if code is not None:
            out += code.encode("latin-1")
        else:
            out += ch.encode("cp1252")
    return bytes(out)


def _fix_tcvn3_capitals(text: str) -> str:
    def ascii_letters(word: str) -> list[str]:
        return [c for c in word if c.isascii() and c.isalpha()]

    def all_caps(word: str) -> bool:
        letters = ascii_letters(word)
        return sum(c.isupper() for c in letters) >= 2 and not any(c.islower() for c in letters)

    def fix_word(m: re.Match[str]) -> str:
        return m.group(0).upper() if all_caps(m.group(0)) else m.group(0)

    lines = []
    for line in text.split("\n"):
        words = re.findall(r"\w+", line)
        caps = sum(1 for w in words if all_caps(w))
        if caps >= 1 and not any(c.islower() for w in words for c in ascii_letters(w)):
            # A heading typed in a ".VnTimeH" font: every word is a capital, even "Kế" and "Bộ".
            # The number line "Số: 27/KH-LĐLĐ" looks the same but keeps its "Số".
            upper = line.upper()
            lines.append(re.sub(r"^(\W*)SỐ\b", r"\1Số", upper))
        else:
            lines.append(re.sub(r"\w+", fix_word, line))
    return "\n".join(lines)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes (base letter + modifier byte) to Unicode NFC."""
    chars = _bytes_to_chars(data)
    out: list[str] = []
    i = 0
    n = len(chars)
    while i < n:
        pair = chars[i : i + 2]
        if len(pair) == 2 and pair in _VNI_DECODE_2:
            out.append(_VNI_DECODE_2[pair])
            i += 2
            continue
        out.append(_VNI_DECODE_1.get(chars[i], chars[i]))
        i += 1
    return _nfc("".join(out))


def encode_vni(text: str) -> bytes:
    """Encode Unicode text as VNI-Windows."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(_VNI_ENCODE.get(ch, ch))
    return "".join(out).encode("cp1252")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = (
    r"(?:uyê|uya|uyu|ươi|ươu|oai|oay|oao|oeo|uây|uôi|iêu|yêu|ưởi|"
    r"ia|iê|ya|yê|ua|uô|ưa|ươ|oa|oă|oe|uê|uy|uâ|uơ|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|"
    r"[aăâeêioôơuưy])"
)
_CODA = r"(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = re.compile(rf"^{_ONSET}{_NUCLEUS}{_CODA}$")


def _is_vietnamese_syllable(word: str) -> bool:
    """True when `word` (one token) is shaped like a Vietnamese syllable: onset, vowels, coda, <= 1 tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return bool(_SYLLABLE.match(bare))


_WORD = re.compile(r"[^\W\d_]+")


def _score(text: str) -> tuple[int, int, int]:
    """(good, bad, controls): non-ASCII words that are / are not Vietnamese syllables, control chars."""
    good = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if len(word) <= 7 and _is_vietnamese_syllable(word):
            good += 1
        else:
            bad += 1
    controls = sum(1 for c in text if unicodedata.category(c) in {"Cc", "Co", "Cn"} and c not in "\t\n\r\f")
    return good, bad, controls


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file: returns (NFC text, encoding name, warnings).

    Tries UTF-8 (with or without BOM) and UTF-16 (BOM) first; otherwise scores Windows-1258, TCVN3 and
    VNI by how many words come out as Vietnamese syllables. Raises UnreadableDocument when nothing
    plausible comes out.
    """
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return _clean(data[3:].decode("utf-8", errors="replace")), "utf-8-sig", warnings
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return _clean(data.decode("utf-16")), "utf-16", warnings
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("Tệp UTF-16 bị hỏng, không giải mã được.") from exc
    if _looks_utf16_without_bom(data):
        codec = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(codec)
            if _plausible(text):
                return _clean(text), codec, warnings
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text):
            return _clean(text), "utf-8", warnings
        raise UnreadableDocument("Không xác định được bảng mã của tệp văn bản.")

    candidates: list[tuple[str, str]] = []
    candidates.append(("cp1258", data.decode("cp1258", errors="replace")))
    candidates.append(("tcvn3", decode_tcvn3(data)))
    candidates.append(("vni", decode_vni(data)))
    best_name, best_text, best_key = "", "", (-(10**9),)
    for name, text in candidates:
        text = _nfc(text)
        good, bad, controls = _score(text)
        key = (good - 2 * bad - 5 * controls,)
        if key > best_key:
            best_name, best_text, best_key = name, text, key
    good, bad, controls = _score(best_text)
    replacement = best_text.count("\ufffd")
    if good == 0 or good < 2 * bad or controls + replacement > max(2, len(best_text) // 200):
        raise UnreadableDocument("Không xác định được bảng mã của tệp văn bản.")
    labels = {"cp1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}
    if best_name in {"tcvn3", "vni"}:
        warnings.append(f"Tệp dùng bảng mã cũ {labels[best_name]}; đã chuyển sang Unicode.")
    return _clean(best_text), best_name, warnings


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 8:
        return False
    zeros = sample.count(0)
    return zeros > len(sample) * 0.2 and (
        sample[1::2].count(0) > 0.8 * zeros or sample[0::2].count(0) > 0.8 * zeros
    )


def _plausible(text: str) -> bool:
    if not text:
        return True
    controls = sum(1 for c in text if unicodedata.category(c) in {"Cc", "Co", "Cn"} and c not in "\t\n\r\f")
    return controls <= max(2, len(text) // 200)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return _nfc(text)


# --------------------------------------------------------------------------------------------------
# .docx
# --------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise UnreadableDocument("Tệp .docx bị hỏng: không mở được phần nén (zip).") from exc
    if len(infos) > DOCX_MAX_ENTRIES:
        raise UnreadableDocument("Tệp .docx chứa dữ liệu nén bất thường (nghi ngờ bom nén).")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > DOCX_MAX_UNCOMPRESSED or (info.file_size > DOCX_RATIO_MIN_SIZE and ratio > DOCX_MAX_RATIO):
            raise UnreadableDocument("Tệp .docx chứa dữ liệu nén bất thường (nghi ngờ bom nén).")
    names = {i.filename for i in infos}
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
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            lines.append(numbering.label(child) + _para_text(child))
        elif child.tag == _W + "tbl":
            lines.extend(_table_lines(child, numbering))
    text = _nfc("\n".join(lines)).strip("\n") + "\n"
    if not text.strip():
        raise UnreadableDocument("Tài liệu Word không có nội dung chữ.")
    return ReadResult(text=text, kind="docx", encoding=None, warnings=[])


def _para_text(p) -> str:  # noqa: ANN001 - lxml element
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


def _table_lines(tbl, numbering: _Numbering) -> list[str]:  # noqa: ANN001
    """A table as lines. Layout tables (header, signature) are read column by column, as printed;
    data tables row by row with cells joined by " | "."""
    rows = [r for r in tbl.iterchildren(_W + "tr")]
    grid: list[list] = []
    for row in rows:
        cells = [c for c in row.iterchildren(_W + "tc")]
        grid.append(cells)

    def cell_lines(tc) -> list[str]:  # noqa: ANN001
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


def _is_vmerge_continue(tc) -> bool:  # noqa: ANN001
    tcpr = tc.find(_W + "tcPr")
    if tcpr is None:
        return False
    vm = tcpr.find(_W + "vMerge")
    return vm is not None and vm.get(_W + "val") in (None, "continue")


def _has_borders(tbl) -> bool:  # noqa: ANN001
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

    def __init__(self, document) -> None:  # noqa: ANN001
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
                for ilvl, spec in abstract.get(aid, {}).items():
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

    def label(self, p) -> str:  # noqa: ANN001
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


def _val(el) -> str | None:  # noqa: ANN001
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


# --------------------------------------------------------------------------------------------------
# PDF and OCR
# --------------------------------------------------------------------------------------------------


def _run(args: list[str], *, timeout: int = SUBPROCESS_TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise UnreadableDocument(f"Xử lý tệp quá lâu (quá {timeout} giây) ở bước {args[0]}.") from exc


def _pdf_info(path: Path) -> int | None:
    """Page count from pdfinfo; raises for password-protected or broken PDFs."""
    if shutil.which("pdfinfo") is None:
        return _pdf_info_pypdf(path)
    proc = _run(["pdfinfo", str(path)])
    err = proc.stderr.decode("utf-8", "replace").lower()
    if proc.returncode != 0:
        if "password" in err:
            raise UnreadableDocument("Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
        raise UnreadableDocument("Tệp PDF bị hỏng hoặc không hợp lệ.")
    m = re.search(rb"^Pages:\s+(\d+)", proc.stdout, re.M)
    return int(m.group(1)) if m else None


def _pdf_info_pypdf(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # missing crypto provider: treat as protected
                ok = 0
            if not ok:
                raise UnreadableDocument(
                    "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
                )
        return len(reader.pages)
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument("Tệp PDF bị hỏng hoặc không hợp lệ.") from exc


def _read_pdf(data: bytes, *, ocr: bool, progress: ProgressFn | None) -> ReadResult:
    with tempfile.TemporaryDirectory(prefix="trienkhai-pdf-") as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(data)
        pages = _pdf_info(path)
        if shutil.which("pdftotext") is None:
            raise UnreadableDocument("Chưa cài công cụ đọc PDF (poppler-utils: pdftotext).")
        # -layout keeps the geometry we need: where the two header columns sit and which lines start a
        # paragraph (first-line indent). _unlayout() then reads the columns one after the other and
        # rejoins wrapped lines, so the parser sees the same shape as from a .docx.
        proc = _run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"])
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").lower()
            if "password" in err:
                raise UnreadableDocument(
                    "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
                )
            raise UnreadableDocument("Tệp PDF bị hỏng hoặc không hợp lệ.")
        text = unlayout(_nfc(proc.stdout.decode("utf-8", "replace")))
        visible = len(re.sub(r"\s", "", text))
        if visible >= PDF_MIN_CHARS_PER_PAGE * max(pages or 1, 1) * 0.5 and visible >= PDF_MIN_CHARS_PER_PAGE:
            return ReadResult(text=text, kind="pdf", encoding=None, warnings=[], pages=pages)
        if not ocr:
            raise UnreadableDocument("Tệp PDF không có lớp chữ (bản quét); cần bật OCR để đọc.")
        return _ocr_pdf(path, pages, progress)


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


def _require_ocr() -> None:
    if shutil.which("tesseract") is None:
        raise UnreadableDocument("Chưa cài phần mềm nhận dạng chữ (OCR: tesseract) trên máy chủ.")


def _tesseract(image: Path, *, threads: int | None = None) -> str:
    """OCR one image with --psm 4 (one column of text of variable sizes) and preserved spaces.

    Every page segmentation mode reads the two header columns side by side on one line; --psm 4 keeps
    the lines of the body in order (--psm 6 garbles the small header text, --psm 3 is no better and
    slower), and preserve_interword_spaces keeps the wide gap between the columns so that unlayout()
    can pull them apart again.
    """
    env = dict(os.environ)
    if threads is not None:
        env["OMP_THREAD_LIMIT"] = str(threads)
    args = [
        "tesseract",
        str(image),
        "stdout",
        "-l",
        _ocr_lang(),
        "--psm",
        "4",
        "-c",
        "preserve_interword_spaces=1",
    ]
    try:
        proc = subprocess.run(args, capture_output=True, timeout=SUBPROCESS_TIMEOUT, check=False, env=env)
    except subprocess.TimeoutExpired as exc:
        raise UnreadableDocument(
            f"Nhận dạng chữ (OCR) quá lâu (quá {SUBPROCESS_TIMEOUT} giây một trang)."
        ) from exc
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = err[-1] if err else "lỗi không rõ"
        raise UnreadableDocument(f"Nhận dạng chữ (OCR) thất bại: {detail}")
    text = _nfc(proc.stdout.decode("utf-8", "replace"))
    # The short rules under the issuer and the motto come out as underscores glued to a word ("_TỈNH").
    text = re.sub(r"(?m)(^|\s)_{1,3}(?=\w)", r"\1", text)
    return unlayout(text, min_gap=OCR_COLUMN_GAP, join_lines=False)


_LANG_CACHE: list[str] = []


def _ocr_lang() -> str:
    if not _LANG_CACHE:
        proc = _run(["tesseract", "--list-langs"], timeout=30)
        langs = proc.stdout.decode("utf-8", "replace").split()
        _LANG_CACHE.append("vie" if "vie" in langs else "eng")
    return _LANG_CACHE[0]


def _ocr_pdf(path: Path, pages: int | None, progress: ProgressFn | None) -> ReadResult:
    _require_ocr()
    if shutil.which("pdftoppm") is None:
        raise UnreadableDocument("Chưa cài công cụ chuyển PDF sang ảnh (poppler-utils: pdftoppm).")
    total = pages or 1
    workers = max(1, min(total, os.cpu_count() or 1, 4))

    def ocr_page(page: int) -> str:
        prefix = path.parent / f"page{page}"
        proc = _run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-f", str(page), "-l", str(page),
                     "-singlefile", str(path), str(prefix)])  # fmt: skip
        if proc.returncode != 0:
            raise UnreadableDocument("Không chuyển được trang PDF sang ảnh để nhận dạng chữ.")
        image = prefix.with_suffix(".png")
        try:
            # Pages run in parallel, one tesseract thread each: faster than tesseract's own threading.
            return _tesseract(image, threads=1 if workers > 1 else None)
        finally:
            image.unlink(missing_ok=True)

    texts: list[str] = [""] * total
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(ocr_page, page): page for page in range(1, total + 1)}
        done = 0
        for future in as_completed(futures):
            texts[futures[future] - 1] = future.result()
            done += 1
            if progress is not None:
                progress(done, total)
    text = _tidy_ocr("\n".join(texts))
    if not text.strip():
        raise UnreadableDocument("Không nhận dạng được chữ nào trong tệp PDF quét.")
    return ReadResult(
        text=text, kind="ocr", encoding=None, warnings=[OCR_WARNING], pages=total, used_ocr=True
    )


def _read_image(data: bytes, ext: str, *, progress: ProgressFn | None) -> ReadResult:
    _require_ocr()
    with tempfile.TemporaryDirectory(prefix="trienkhai-img-") as tmp:
        if ext not in {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}:
            ext = ".png"
        image = Path(tmp) / f"in{ext}"
        image.write_bytes(data)
        text = _tidy_ocr(_tesseract(image))
        if progress is not None:
            progress(1, 1)
    if not re.search(r"[^\W\d_]{2,}", text):
        raise UnreadableDocument("Không nhận dạng được chữ nào trong ảnh.")
    return ReadResult(text=text, kind="ocr", encoding=None, warnings=[OCR_WARNING], pages=1, used_ocr=True)


def _tidy_ocr(text: str) -> str:
    text = text.replace("\f", "\n")
    lines = [ln.rstrip() for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + ("\n" if text.strip() else "")
