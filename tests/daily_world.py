"""The named world plus a few members in both CĐCS, a viewer at the province and the factory's chair,
tasks run at once, uploads in a scratch folder; and a quick builder of .xlsx files for import tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from trienkhai.members.workflow import add_member
from trienkhai.orgs.models import Role

from .media import TempMediaMixin
from .world import World

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "slow"]}
}
HEADERS = [
    "Họ và tên *",
    "Năm sinh *",
    "Giới tính (Nam/Nữ) *",
    "Số thẻ đoàn viên",
    "Ngày vào công đoàn (dd/mm/yyyy) *",
    "Số điện thoại",
    "Mã CĐCS",
]


class DailyWorld(TempMediaMixin, World):
    extra_settings = {"TASKS": IMMEDIATE}

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer = cls.make_user("viewer_thu", "Thu", cls.province, Role.VIEWER)
        cls.cdcs_dung = cls.make_user("cdcs_dung", "Dũng", cls.factory, Role.CDCS_CHAIR)
        cls.an = add_member(
            unit=cls.school,
            full_name="Nguyễn Văn An",
            birth_year=1985,
            sex="male",
            joined_on=dt.date(2015, 3, 1),
            card_number="7900000001",
            phone="0912345678",
        )
        cls.binh = add_member(
            unit=cls.school,
            full_name="Trần Thị Bình",
            birth_year=1990,
            sex="female",
            joined_on=dt.date(2020, 9, 5),
        )
        cls.cuong = add_member(
            unit=cls.factory,
            full_name="Lê Văn Cường",
            birth_year=1995,
            sex="male",
            joined_on=dt.date(2021, 6, 1),
            card_number="7900000003",
        )


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def xlsx(
    rows, *, sheet_extra: str = "", cells: dict[str, str] | None = None, hidden_sheet: bool = False
) -> bytes:
    """A minimal .xlsx written by hand (fast enough for 100,000 rows): `rows` are lists of values from
    column A; `cells` replaces the XML of given cells (e.g. a formula); `sheet_extra` is XML after the
    sheet data (e.g. merged cells); `hidden_sheet` adds a second, hidden sheet."""
    letters = "ABCDEFGHIJKLMNOP"
    parts = []
    for r, row in enumerate(rows, start=1):
        xml = []
        for c, value in enumerate(row):
            ref = f"{letters[c]}{r}"
            xml.append((cells or {}).get(ref) or _cell(ref, value))
        parts.append(f'<row r="{r}">{"".join(xml)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheet = f"<worksheet {ns}><sheetData>{''.join(parts)}</sheetData>{sheet_extra}</worksheet>"
    sheets = '<sheet name="Đoàn viên" sheetId="1" r:id="rId1"/>'
    rels = '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
    if hidden_sheet:
        sheets += '<sheet name="Ẩn" sheetId="2" state="hidden" r:id="rId2"/>'
        rels += '<Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", f"<workbook {ns} {rel_ns}><sheets>{sheets}</sheets></workbook>")
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if hidden_sheet:
            z.writestr("xl/worksheets/sheet2.xml", f"<worksheet {ns}><sheetData/></worksheet>")
    return out.getvalue()


def member_rows(n: int, *, start: int = 0, code: str = "") -> list[list]:
    """`n` valid member rows with distinct card numbers."""
    return [
        [
            f"Phạm Thị Mẫu {chr(65 + i % 26)}",
            1980 + i % 20,
            "Nữ" if i % 2 else "Nam",
            f"80{start + i:08d}",
            "15/01/2024",
            "0987654321",
            code,
        ]
        for i in range(n)
    ]
