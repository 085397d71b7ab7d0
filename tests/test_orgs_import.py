"""Excel import of units: template, good file, file with bad rows (nothing imported), not an Excel file."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from trienkhai.orgs.models import Unit

from .world import World

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Mã đơn vị *",
            "Tên đơn vị *",
            "Tên viết tắt",
            "Loại đơn vị *",
            "Khu vực",
            "Mã đơn vị cấp trên *",
            "Địa chỉ",
            "Ngày thành lập *",
        ]
    )
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    [
        "HL-MN",
        "Công đoàn Trường Mầm non Hòa Lạc",
        "",
        "Công đoàn cơ sở",
        "Hành chính sự nghiệp",
        "AB-HL",
        "",
        "05/9/2018",
    ],
    [
        "HL-DIEN",
        "Công đoàn Công ty Điện Hòa Lạc",
        "",
        "cong doan co so",
        "Doanh nghiệp nhà nước",
        "AB-HL",
        "",
        "2019-01-01",
    ],
    ["HL-TO", "Nghiệp đoàn Xe ôm Hòa Lạc", "", "Nghiệp đoàn cơ sở", "", "AB-HL", "", "01/01/2020"],
]


class ImportTests(World):
    def upload(self, content: bytes, name: str = "don-vi.xlsx", user=None):
        self.login(user or self.chairwoman_lan)
        return self.client.post(
            reverse("orgs:import", args=[self.commune.pk]),
            {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
        )

    def test_template_downloads_as_xlsx_with_vietnamese_headers(self):
        self.login(self.officer_minh)
        response = self.client.get(reverse("orgs:import_template"))
        self.assertEqual(response.status_code, 200)
        ws = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(ws["A1"].value, "Mã đơn vị *")
        self.assertEqual(ws["F1"].value, "Mã đơn vị cấp trên *")

    def test_good_file_imports_every_row_under_its_parent(self):
        response = self.upload(workbook(GOOD))
        self.assertEqual(response.status_code, 302)
        created = Unit.objects.filter(code__in=["HL-MN", "HL-DIEN", "HL-TO"])
        self.assertEqual(created.count(), 3)
        for unit in created:
            self.assertEqual(unit.parent_on(unit.valid_from), self.commune)
        self.assertEqual(Unit.objects.get(code="HL-TO").kind, "guild")

    def test_rows_may_name_a_parent_from_an_earlier_row(self):
        rows = [
            *GOOD,
            ["HL-MN-TO1", "Tổ công đoàn thử", "", "Công đoàn cơ sở", "", "HL-MN", "", "01/01/2021"],
        ]
        self.assertEqual(self.upload(workbook(rows)).status_code, 302)
        self.assertEqual(
            Unit.objects.get(code="HL-MN-TO1").parent_on(Unit.objects.get(code="HL-MN-TO1").valid_from).code,
            "HL-MN",
        )

    def test_three_bad_rows_import_nothing_and_list_three_errors(self):
        rows = [
            GOOD[0],
            ["AB-HL-TH", "Mã đã có", "", "Công đoàn cơ sở", "", "AB-HL", "", "01/01/2020"],  # duplicate code
            ["HL-X", "Loại lạ", "", "Câu lạc bộ", "", "AB-HL", "", "01/01/2020"],  # unknown kind
            ["HL-Y", "Ngày sai", "", "Công đoàn cơ sở", "", "AB-HL", "", "32/13/2020"],  # bad date
        ]
        response = self.upload(workbook(rows))
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        table = body.split('id="import-errors"')[1]
        self.assertEqual(table.count("<tr>") - 1, 3)
        self.assertIn("<td>3</td><td>Mã đơn vị</td>", table)
        self.assertIn("<td>4</td><td>Loại đơn vị</td>", table)
        self.assertIn("<td>5</td><td>Ngày thành lập (dd/mm/yyyy)</td>", table)
        self.assertFalse(Unit.objects.filter(code="HL-MN").exists())

    def test_parent_outside_scope_is_an_error(self):
        rows = [["HL-Z", "Đơn vị lạc", "", "Công đoàn cơ sở", "", "BS", "", "01/01/2020"]]
        response = self.upload(workbook(rows))
        self.assertContains(response, "Không tìm thấy đơn vị cấp trên “BS”")
        self.assertFalse(Unit.objects.filter(code="HL-Z").exists())

    def test_non_excel_file_gets_a_clear_message(self):
        response = self.upload("Đây không phải Excel".encode(), name="danh-sach.xlsx")
        self.assertContains(response, "không phải là bảng tính Excel")

    def test_empty_file_gets_a_clear_message(self):
        response = self.upload(b"", name="rong.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "rỗng")

    def test_zip_bomb_is_refused(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
        response = self.upload(out.getvalue(), name="bom.xlsx")
        self.assertContains(response, "nén bất thường")

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_oversized_file_is_refused(self):
        response = self.upload(workbook(GOOD))
        self.assertContains(response, "Tệp quá lớn")
        self.assertFalse(Unit.objects.filter(code="HL-MN").exists())

    def test_cdcs_user_cannot_import_under_commune(self):
        response = self.upload(workbook(GOOD), user=self.cdcs_hoa)
        self.assertEqual(response.status_code, 404)

    def test_outsider_cannot_import(self):
        response = self.upload(workbook(GOOD), user=self.outsider)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Unit.objects.filter(code="HL-MN").exists())
