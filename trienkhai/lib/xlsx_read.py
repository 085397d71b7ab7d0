"""Opening an uploaded .xlsx safely: every refusal is one Vietnamese sentence, and the cost is bounded.

An .xlsx is a zip of XML files. Before openpyxl sees it, the archive is checked: not a zip (a renamed
.doc, .xls or .pdf), too large, too many members, or members that inflate far beyond their compressed size
(a zip bomb) are refused without unpacking. After opening (read-only, formulas kept as formulas), hidden
sheets and merged cells are refused: both hide or bend what the officer thinks they are importing.
Formulas are reported cell by cell by the reader (`is_formula`). Django-free.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), Word 97-2003 ...
MAX_MEMBERS = 500
MAX_RATIO = 200  # a real sheet compresses 5–20 times; 1,000 times is a bomb


class WorkbookRefused(ValueError):
    """The file cannot be imported; str() is the Vietnamese message for the user."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_unzipped: int = 200 * 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f}".replace(".", ",")


def open_workbook(data: bytes, limits: Limits = Limits()):
    """A read-only openpyxl workbook of `data` (formulas kept as formulas, so they can be refused), or
    WorkbookRefused with the reason in Vietnamese."""
    if not data:
        raise WorkbookRefused("Tệp rỗng.")
    if len(data) > limits.max_bytes:
        raise WorkbookRefused(f"Tệp quá lớn ({_mb(len(data))} MB); giới hạn là {_mb(limits.max_bytes)} MB.")
    if data.startswith(OLE_MAGIC):
        raise WorkbookRefused(
            "Đây là tệp Excel 97-2003 (.xls) hoặc tài liệu Office cũ, không phải .xlsx. "
            "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx, hoặc dùng tệp mẫu."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise WorkbookRefused(
            "Tệp không phải là bảng tính Excel (.xlsx): có thể là tệp khác đã đổi đuôi thành .xlsx. "
            "Hãy dùng tệp mẫu tải về từ hệ thống."
        ) from exc
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise WorkbookRefused("Tệp nén này không phải là bảng tính Excel (.xlsx). Hãy dùng tệp mẫu.")
        inflated = sum(m.file_size for m in members)
        bomb = len(members) > MAX_MEMBERS or inflated > limits.max_unzipped
        bomb = bomb or any(
            m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1_000_000 for m in members
        )
        if bomb:
            raise WorkbookRefused(
                "Tệp chứa dữ liệu nén bất thường (giải nén ra quá lớn) nên không được đọc. "
                "Hãy dùng tệp mẫu và chỉ nhập số liệu."
            )
        merged = _sheets_with_merges(archive, [m.filename for m in members])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types on a broken file; all mean the same to the user
        raise WorkbookRefused(
            "Tệp bảng tính bị hỏng hoặc không đúng định dạng .xlsx. Hãy dùng tệp mẫu."
        ) from exc
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            workbook.close()
            raise WorkbookRefused(
                f"Tệp có trang tính bị ẩn («{sheet.title}»). Số liệu ẩn không được nhập: hãy xóa trang đó "
                "hoặc dùng tệp mẫu."
            )
        # openpyxl keeps the sheet's part name privately; it is how a merged range is named by sheet.
        if getattr(sheet, "_worksheet_path", None) in merged:
            workbook.close()
            raise WorkbookRefused(
                f"Trang tính «{sheet.title}» có ô bị gộp (merge). Hãy bỏ gộp ô (Unmerge) rồi tải lên lại."
            )
    if merged and not any(getattr(s, "_worksheet_path", None) for s in workbook.worksheets):
        workbook.close()
        raise WorkbookRefused("Tệp có ô bị gộp (merge). Hãy bỏ gộp ô (Unmerge) rồi tải lên lại.")
    return workbook


def _sheets_with_merges(archive: zipfile.ZipFile, names: list[str]) -> set[str]:
    """Worksheet parts that declare merged cells, read in chunks (the total is already bounded)."""
    found = set()
    for name in names:
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        tail = b""
        with archive.open(name) as part:
            while chunk := part.read(1 << 16):
                if b"mergeCell" in tail + chunk:
                    found.add(name)
                    break
                tail = chunk[-16:]
    return found


def is_formula(cell) -> bool:
    """Whether a cell read with formulas kept holds a formula rather than a value."""
    return getattr(cell, "data_type", None) == "f"


def cell_name(row: int, column: int) -> str:
    """Excel's name of a cell: (7, 3) -> "C7"."""
    return f"{get_column_letter(column)}{row}"
