"""Excel import of units: a template, validation of every row, then all-or-nothing creation."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from trienkhai.lib.uploads import UploadRefused, check_archive
from trienkhai.lib.vn import fold, format_number, parse_date

from .models import Sector, Unit, UnitKind
from .workflow import create_unit

COLUMNS = [
    ("code", "Mã đơn vị", True),
    ("name", "Tên đơn vị", True),
    ("short_name", "Tên viết tắt", False),
    ("kind", "Loại đơn vị", True),
    ("sector", "Khu vực", False),
    ("parent_code", "Mã đơn vị cấp trên", True),
    ("address", "Địa chỉ", False),
    ("valid_from", "Ngày thành lập (dd/mm/yyyy)", True),
]
MAX_ROWS = 20_000
# A real unit list is a few hundred kB; anything that inflates past this is not a unit list.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024


def _choice_lookup(choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[fold(str(value))] = value
        table[fold(str(label))] = value
    return table


KINDS = _choice_lookup(UnitKind.choices)
SECTORS = _choice_lookup(Sector.choices)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: list[Unit] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template_workbook() -> bytes:
    """The downloadable template: header row, one example row, dropdowns and a guidance sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Đơn vị"
    ws.append([f"{label}{' *' if required else ''}" for _, label, required in COLUMNS])
    ws.append(
        [
            "CDCS-VD01",
            "Công đoàn cơ sở Trường Tiểu học Ví Dụ",
            "CĐCS TH Ví Dụ",
            "Công đoàn cơ sở",
            "Hành chính sự nghiệp",
            "MA-CAP-TREN",
            "Xã Phú Riềng, tỉnh Đồng Nai",
            "15/01/2024",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for letter, width in zip("ABCDEFGH", (14, 48, 22, 26, 30, 20, 36, 22), strict=True):
        ws.column_dimensions[letter].width = width
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Loại đơn vị (cột D)", "Khu vực (cột E)"])
    kinds = [str(label) for _, label in UnitKind.choices]
    sectors = [str(label) for _, label in Sector.choices]
    for i in range(max(len(kinds), len(sectors))):
        guide.append([kinds[i] if i < len(kinds) else None, sectors[i] if i < len(sectors) else None])
    guide.append([])
    guide.append(
        [
            "Các cột có dấu * là bắt buộc. Mã đơn vị cấp trên là mã của một đơn vị đã có, "
            "hoặc của một đơn vị ở dòng phía trên trong cùng tệp. Xóa dòng ví dụ trước khi nhập."
        ]
    )
    dv_kind = DataValidation(
        type="list", formula1=f"='Hướng dẫn'!$A$2:$A${len(kinds) + 1}", allow_blank=False
    )
    dv_sector = DataValidation(
        type="list", formula1=f"='Hướng dẫn'!$B$2:$B${len(sectors) + 1}", allow_blank=True
    )
    ws.add_data_validation(dv_kind)
    ws.add_data_validation(dv_sector)
    dv_kind.add("D2:D5000")
    dv_sector.add("E2:E5000")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _file_error(message: str) -> ImportResult:
    return ImportResult(errors=[RowError(0, "", message)])


def _open_workbook(data: bytes):
    if not data:
        return None, "Tệp rỗng."
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        return None, (
            f"Tệp quá lớn ({format_number(len(data) / 1048576, 1)} MB); "
            f"giới hạn là {format_number(limit / 1048576, 0)} MB."
        )
    try:
        check_archive(data)  # the real inflated bytes, before openpyxl reads a member whole
    except UploadRefused as exc:
        return None, str(exc)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                return None, "Tệp chứa dữ liệu nén bất thường; không thể đọc."
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True), None
    except Exception:  # openpyxl raises many types on junk; all mean the same thing to the officer
        return None, "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ. Hãy dùng tệp mẫu."


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(_text(value)) if _text(value) else None


def import_units(data: bytes, *, user, allowed_parents) -> ImportResult:
    """Validate every row; create all units only when no row has an error.

    `allowed_parents` is the queryset of units the user may add units under.
    """
    wb, problem = _open_workbook(data)
    if problem:
        return _file_error(problem)
    ws = wb.worksheets[0]
    rows = []
    for index, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if index - 1 > MAX_ROWS:
            return _file_error(f"Tệp có quá nhiều dòng (tối đa {format_number(MAX_ROWS)}).")
        values = list(values) + [None] * (len(COLUMNS) - len(values))
        if not any(_text(v) for v in values):
            continue
        rows.append((index, {key: values[i] for i, (key, _, _) in enumerate(COLUMNS)}))
    wb.close()
    if not rows:
        return _file_error("Tệp không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng 2).")

    result = ImportResult()
    labels = {key: label for key, label, _ in COLUMNS}
    codes_in_file: dict[str, int] = {}
    wanted_parents = {_text(r["parent_code"]).upper() for _, r in rows}
    existing_codes = set(
        Unit.objects.filter(code__in=[_text(r["code"]).upper() for _, r in rows]).values_list(
            "code", flat=True
        )
    )
    parents = {u.code.upper(): u for u in allowed_parents.filter(code__in=wanted_parents)}
    cleaned = []
    for index, raw in rows:

        def err(key: str, message: str, index=index) -> None:
            result.errors.append(RowError(index, labels[key], message))

        row = {key: _text(raw[key]) for key in labels if key != "valid_from"}
        for key, label, required in COLUMNS:
            if required and not _text(raw[key]):
                err(key, f"Thiếu “{label}”.")
        code = row["code"].upper()
        if code:
            if code in existing_codes:
                err("code", f"Mã “{code}” đã có trong hệ thống.")
            elif code in codes_in_file:
                err("code", f"Mã “{code}” bị trùng với dòng {codes_in_file[code]}.")
            codes_in_file.setdefault(code, index)
        kind = KINDS.get(fold(row["kind"])) if row["kind"] else None
        if row["kind"] and kind is None:
            err("kind", f"Loại đơn vị “{row['kind']}” không có trong danh sách (xem trang Hướng dẫn).")
        sector = SECTORS.get(fold(row["sector"]), None) if row["sector"] else ""
        if sector is None:
            err("sector", f"Khu vực “{row['sector']}” không có trong danh sách (xem trang Hướng dẫn).")
        valid_from = _date(raw["valid_from"])
        if _text(raw["valid_from"]) and valid_from is None:
            err("valid_from", f"Ngày “{_text(raw['valid_from'])}” không hợp lệ (ví dụ 15/01/2024).")
        parent_code = row["parent_code"].upper()
        if parent_code and parent_code not in parents and parent_code not in codes_in_file:
            err("parent_code", f"Không tìm thấy đơn vị cấp trên “{parent_code}” trong phạm vi bạn quản lý.")
        elif parent_code and parent_code == code:
            err("parent_code", "Đơn vị không thể là cấp trên của chính nó.")
        if len(row["name"]) > 255:
            err("name", "Tên đơn vị dài quá 255 ký tự.")
        cleaned.append((index, code, row, kind, sector, valid_from, parent_code))
    if result.errors:
        return result

    with transaction.atomic():
        created: dict[str, Unit] = {}
        for index, code, row, kind, sector, valid_from, parent_code in cleaned:
            parent = created.get(parent_code) or parents.get(parent_code)
            if parent_code in codes_in_file and codes_in_file[parent_code] > index:
                result.errors.append(
                    RowError(
                        index, labels["parent_code"], "Đơn vị cấp trên phải nằm ở dòng phía trên trong tệp."
                    )
                )
                continue
            # Both are required columns: a row without them was refused above, so the file never got here.
            assert parent is not None and valid_from is not None
            if not parent.is_active_on(valid_from):
                result.errors.append(
                    RowError(
                        index,
                        labels["valid_from"],
                        f"Đơn vị cấp trên “{parent.name}” chưa/không hoạt động vào ngày này.",
                    )
                )
                continue
            created[code] = create_unit(
                parent=parent,
                on=valid_from,
                user=user,
                note="Nhập từ Excel",
                code=code,
                name=row["name"],
                short_name=row["short_name"],
                kind=kind,
                sector=sector,
                address=row["address"],
            )
        if result.errors:
            transaction.set_rollback(True)
            return result
    result.created = list(created.values())
    return result
