"""Read an uploaded .xlsx as a table, safely and fast: every cost is bounded and every trap refused.

An officer's spreadsheet is untrusted input. Before a single row is read the archive is checked (size,
number of members, inflated size, compression ratio: a zip bomb is refused without inflating it); then
the workbook is walked with a streaming XML parser (lxml `iterparse`, entities never resolved), about
four times faster than openpyxl's read-only mode on 100,000 rows. A formula, a merged cell or a hidden
sheet is refused with the cell or sheet named: a formula's cached value is whatever the file claims, a
merged cell hides which row a value belongs to, and a hidden sheet holds data nobody reviewed.

Django-free: the apps turn `Refused` into a Vietnamese message on the page (the message is already one).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from lxml import etree
from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from .uploads import DAMAGED, UploadRefused, check_archive, declares_bomb
from .vn import format_number

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
MAX_MEMBERS = 500  # files inside the archive; a workbook has a dozen
MAX_RATIO = 200  # inflated/compressed per member; spreadsheets compress 5-30x, zip bombs 1000x and more
MAX_CELL_CHARS = 2000  # a longer cell is cut; the validator then reports it as too long
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), Word 97-2003 ...
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)


class Refused(Exception):
    """The file cannot be read as a table; `str(exc)` is a Vietnamese message for the user."""


# What a damaged archive raises while a member is read: a bad checksum ("Bad CRC-32") or a truncated
# member (BadZipFile, EOFError), broken compressed data (zlib.error), a part the workbook names but the
# archive lacks (KeyError), broken XML (lxml's and the standard library's parsers, used by openpyxl).
DAMAGE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    etree.XMLSyntaxError,
    ParseError,
)


class Damaged(Refused):
    """The archive is damaged: its bytes do not decompress or do not match their checksum."""

    def __init__(self) -> None:
        super().__init__(DAMAGED)


@contextmanager
def damage_refused() -> Iterator[None]:
    """Turn every error of a damaged archive raised inside the block into `Damaged`; a reader that reads
    an opened workbook lazily (openpyxl's read-only cells) wraps its reading in this too."""
    try:
        yield
    except DAMAGE_ERRORS as exc:
        raise Damaged() from exc


@dataclass(frozen=True)
class Limits:
    """What a file may cost: bytes as uploaded, bytes inflated, data rows and columns read."""

    max_bytes: int = 20 * 1024 * 1024
    max_unzipped: int = 200 * 1024 * 1024
    max_rows: int = 100_000
    width: int = 26


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _parse(stream: Any, tag: str | tuple[str, ...]) -> Iterator[Any]:
    # No DTD, no entity expansion, no network: a "billion laughs" file parses as junk, not as gigabytes.
    parser: Iterator[Any] = etree.iterparse(
        stream, events=("end",), tag=tag, resolve_entities=False, load_dtd=False, no_network=True
    )
    return parser


def _check_archive(data: bytes, limits: Limits) -> zipfile.ZipFile:
    if not data:
        raise Refused("Tệp rỗng.")
    if len(data) > limits.max_bytes:
        raise Refused(
            f"Tệp quá lớn ({format_number(len(data) / 1048576, 1)} MB); "
            f"giới hạn là {format_number(limits.max_bytes / 1048576, 0)} MB."
        )
    if data.startswith(OLE_MAGIC):
        raise Refused(
            "Đây là tệp Excel 97-2003 (.xls) hoặc tài liệu Office cũ, không phải .xlsx. "
            "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx, hoặc dùng tệp mẫu."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused("Tệp không phải là bảng tính Excel (.xlsx). Hãy dùng tệp mẫu.") from exc
    if len(members) > MAX_MEMBERS:
        raise Refused("Tệp chứa quá nhiều thành phần; không phải một bảng tính bình thường.")
    if declares_bomb(members, max_total=limits.max_unzipped, big_member=1024 * 1024, max_ratio=MAX_RATIO):
        raise Refused("Tệp chứa dữ liệu nén bất thường (có thể là «bom nén»); không đọc.")
    try:
        check_archive(data)  # the real inflated bytes, counted: the declared sizes above may lie
    except UploadRefused as exc:
        raise Refused(str(exc)) from exc
    names = {info.filename for info in members}
    if "xl/workbook.xml" not in names:
        raise Refused("Tệp không phải là bảng tính Excel (.xlsx). Hãy dùng tệp mẫu.")
    return archive


def _sheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str, str]], bool]:
    """[(name, state, path in the archive)] in workbook order, and whether dates count from 1904."""
    rels: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        with archive.open("xl/_rels/workbook.xml.rels") as f:
            for _, el in _parse(f, f"{PKG_REL}Relationship"):
                target = el.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                rels[el.get("Id", "")] = posixpath.normpath(path)
    sheets, date1904 = [], False
    with archive.open("xl/workbook.xml") as f:
        for _, el in _parse(f, (f"{MAIN}sheet", f"{MAIN}workbookPr")):
            if el.tag == f"{MAIN}workbookPr":
                date1904 = el.get("date1904", "0") in ("1", "true")
                continue
            sheets.append(
                (el.get("name", ""), el.get("state", "visible"), rels.get(el.get(f"{REL}id", ""), ""))
            )
    return sheets, date1904


def _visible_sheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str, str]], bool]:
    """`_sheets`, refusing a workbook with a hidden sheet: what it holds would be imported unseen."""
    sheets, date1904 = _sheets(archive)
    for name, state, _path in sheets:
        if state != "visible":
            raise Refused(f"Tệp có trang tính ẩn «{name}». Hãy xóa hoặc hiện trang đó rồi nhập lại.")
    return sheets, date1904


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    with archive.open("xl/styles.xml") as f:
        in_xfs = False
        for event, el in etree.iterparse(
            f, events=("start", "end"), resolve_entities=False, load_dtd=False, no_network=True
        ):
            if el.tag == f"{MAIN}numFmt" and event == "end":
                custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
            elif el.tag == f"{MAIN}cellXfs":
                in_xfs = event == "start"
            elif el.tag == f"{MAIN}xf" and in_xfs and event == "start":
                formats.append(int(el.get("numFmtId", "0")))
    dates = set()
    for index, fmt in enumerate(formats):
        code = custom.get(fmt) or BUILTIN_FORMATS.get(fmt, "")
        if code and is_date_format(code):
            dates.add(index)
    return dates


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    with archive.open("xl/sharedStrings.xml") as f:
        for _, el in _parse(f, f"{MAIN}si"):
            # Phonetic runs (<rPh>) are reading aids, not part of the text.
            strings.append(
                "".join(t.text or "" for t in el.iter(f"{MAIN}t") if t.getparent().tag != f"{MAIN}rPh")
            )
            el.clear()
    return strings


TAG_F, TAG_V, TAG_IS, TAG_C = f"{MAIN}f", f"{MAIN}v", f"{MAIN}is", f"{MAIN}c"


def _value(
    kind: str, text: str | None, style: str | None, strings: list[str], date_styles: set[int], epoch: dt.date
) -> Any:
    if text is None:
        return None
    if kind == "s":
        try:
            return strings[int(text)][:MAX_CELL_CHARS]
        except (ValueError, IndexError):
            return ""
    if kind in ("str", "e", "inlineStr"):
        return text[:MAX_CELL_CHARS]
    if kind == "b":
        return text == "1"
    try:
        number = float(text)
    except ValueError:
        return text[:MAX_CELL_CHARS]
    if style and int(style) in date_styles and 0 < number < 2958466:
        return epoch + dt.timedelta(days=int(number))
    return int(number) if number.is_integer() else number


def read_table(data: bytes, *, limits: Limits = Limits()) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number, values) for every non-empty row of the first sheet, header row included.

    Values are str, int, float, bool, datetime.date or None, padded to `limits.width` columns (cells
    beyond it are ignored). Raises `Refused` (with a Vietnamese message) for a file that is not an
    .xlsx, is too big, inflates too much, has a hidden sheet, a formula, a merged cell, or more than
    `limits.max_rows` data rows. Because refusals can come at the end (merged cells are listed after
    the rows), read the whole table before acting on any row.
    """
    archive = _check_archive(data, limits)
    try:
        sheets, date1904 = _visible_sheets(archive)
        if not sheets or sheets[0][2] not in archive.namelist():
            raise Refused("Tệp không có trang tính nào đọc được. Hãy dùng tệp mẫu.")
        strings = _shared_strings(archive)
        date_styles = _date_styles(archive)
        epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH
        yield from _rows(archive, sheets[0][2], strings, date_styles, epoch, limits)
    except DAMAGE_ERRORS as exc:
        raise Damaged() from exc
    finally:
        archive.close()


def _rows(
    archive: Any, path: str, strings: list[str], date_styles: set[int], epoch: dt.date, limits: Limits
) -> Iterator[tuple[int, list[Any]]]:
    width = limits.width
    seen = data_rows = 0
    # Empty <row> elements cost time too: bound them as well as the rows with data.
    max_elements = limits.max_rows + 10_000
    columns: dict[str, int] = {}  # "AB" -> 27, computed once per column letter
    with archive.open(path) as f:
        for _, el in _parse(f, (f"{MAIN}row", f"{MAIN}mergeCell")):
            if el.tag != f"{MAIN}row":
                raise Refused(
                    f"Tệp có ô gộp ({el.get('ref', '')}). Hãy bỏ gộp ô (Unmerge) để mỗi ô một giá trị rồi nhập lại."
                )
            seen += 1
            if seen > max_elements:
                raise _too_many(limits)
            try:
                number = int(el.get("r", "0")) or seen
            except ValueError:
                number = seen
            values: list[Any] = [None] * width
            position = -1
            empty = True
            for cell in el:
                if cell.tag != TAG_C:
                    continue
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    known = columns.get(letters)
                    if known is None:
                        known = columns[letters] = _column_index(letters) if CELL_REF.match(ref) else 0
                    position = known
                else:
                    position += 1
                text = None
                kind = cell.get("t", "n")
                for part in cell:
                    if part.tag == TAG_V:
                        text = part.text
                    elif part.tag == TAG_F:
                        raise Refused(
                            f"Ô {ref or column_letter(position) + str(number)} chứa công thức. Hãy sao chép rồi "
                            "dán dạng giá trị (Paste Values) cho cả bảng, rồi nhập lại."
                        )
                    elif part.tag == TAG_IS:
                        text = "".join(part.itertext())
                if position < width and text is not None:
                    value = _value(kind, text, cell.get("s"), strings, date_styles, epoch)
                    values[position] = value
                    if empty and not (isinstance(value, str) and not value.strip()):
                        empty = False
            el.clear()
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
            if empty:
                continue
            data_rows += 1
            if data_rows > limits.max_rows + 1:  # + the header row
                raise _too_many(limits)
            yield number, values


DIMENSION = re.compile(rb'<(?:\w+:)?dimension[^>]*\sref="[A-Z]{1,3}\d+:[A-Z]{1,3}(\d+)"')


def estimate_rows(data: bytes) -> int:
    """The number of rows the first sheet says it spans (its `<dimension>`), for a progress bar; 0 when
    the file does not say. Never trusted for anything else."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets, _ = _sheets(archive)
            if not sheets or sheets[0][2] not in archive.namelist():
                return 0
            with archive.open(sheets[0][2]) as f:
                head = f.read(4096)
    except Exception:  # noqa: BLE001 - an estimate; read_table gives the real answer and message
        return 0
    match = DIMENSION.search(head)
    return max(int(match.group(1)) - 1, 0) if match else 0


def _too_many(limits: Limits) -> Refused:
    return Refused(
        f"Tệp có quá nhiều dòng (tối đa {format_number(limits.max_rows)} dòng dữ liệu). "
        "Hãy chia thành nhiều tệp."
    )


def open_workbook(data: bytes, limits: Limits = Limits()) -> Any:
    """A read-only openpyxl workbook of `data`, formulas kept as formulas (so they can be refused cell by
    cell with `is_formula`), for a reader that needs openpyxl's cells (the report templates); `Refused`
    with the reason in Vietnamese for what `read_table` refuses too: not an .xlsx, too big, a zip bomb,
    a hidden sheet, a merged cell."""
    archive = _check_archive(data, limits)
    try:
        sheets, _ = _visible_sheets(archive)
        paths = {path for _name, _state, path in sheets}
        merged = [
            name for name, _state, path in sheets if path in archive.namelist() and _has_merge(archive, path)
        ]
        # The other members are read through once too (the sheets just were), so that a bad checksum
        # anywhere is refused here and not halfway through openpyxl's lazy reading.
        for info in archive.infolist():
            if info.filename not in paths:
                _read_through(archive, info.filename)
    except DAMAGE_ERRORS as exc:
        raise Damaged() from exc
    finally:
        archive.close()
    if merged:
        raise Refused(
            f"Trang tính «{merged[0]}» có ô bị gộp (merge). Hãy bỏ gộp ô (Unmerge) rồi tải lên lại."
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except DAMAGE_ERRORS as exc:
        raise Damaged() from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on a broken file; all mean the same
        raise Refused("Tệp bảng tính bị hỏng hoặc không đúng định dạng .xlsx. Hãy dùng tệp mẫu.") from exc


def _has_merge(archive: zipfile.ZipFile, path: str) -> bool:
    # Read in chunks (the inflated total is already bounded); a marker split across chunks is kept.
    tail = b""
    with archive.open(path) as part:
        while chunk := part.read(1 << 16):
            if b"mergeCell" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def _read_through(archive: zipfile.ZipFile, name: str) -> None:
    # Reading to the end checks the member's CRC-32; chunks keep memory flat (the total is bounded).
    with archive.open(name) as part:
        while part.read(1 << 16):
            pass


def is_formula(cell: Any) -> bool:
    """Whether an openpyxl cell read with formulas kept holds a formula rather than a value."""
    return getattr(cell, "data_type", None) == "f"


def cell_name(row: int, column: int) -> str:
    """Excel's name of a cell from 1-based row and column: (7, 3) -> "C7"."""
    return f"{column_letter(column - 1)}{row}"
