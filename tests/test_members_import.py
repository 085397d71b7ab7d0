"""The member import: the round trip (template → file → preview → confirm → register → export → the same
rows, which a second import then refuses as duplicates) and every refusal, each leaving the register
untouched."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import load_workbook

from trienkhai.lib.xlsx_read import DAMAGED, Refused, read_table
from trienkhai.members.models import Affiliation, Member, MemberImport
from trienkhai.members.workflow import add_member

from .daily_world import HEADERS, DailyWorld, member_rows, xlsx
from .damaged import flip_member


class ImportFlow(DailyWorld):
    def upload(self, data: bytes, unit=None, name: str = "doan-vien.xlsx"):
        unit = unit or self.school
        return self.client.post(
            f"/doan-vien/don-vi/{unit.pk}/nhap-excel/", {"file": SimpleUploadedFile(name, data)}
        )

    def last_job(self) -> MemberImport:
        return MemberImport.objects.order_by("-pk").first()

    def refused(self, data: bytes, message: str, *, unit=None, name: str = "doan-vien.xlsx") -> MemberImport:
        before = (Member.objects.count(), Affiliation.objects.count())
        self.login(self.officer_minh)
        response = self.upload(data, unit=unit, name=name)
        job = self.last_job()
        self.assertRedirects(response, f"/doan-vien/nhap/{job.pk}/")
        self.assertEqual(job.state, "refused", job.message)
        page = self.client.get(f"/doan-vien/nhap/{job.pk}/").content.decode()
        self.assertIn(message, page)
        self.assertNotIn("btn-confirm", page)
        self.assertEqual(self.client.post(f"/doan-vien/nhap/{job.pk}/xac-nhan/").status_code, 302)
        self.assertEqual((Member.objects.count(), Affiliation.objects.count()), before)
        self.assertFalse(job.file)  # the refused upload is not kept
        return job

    def refused_at_upload(self, data: bytes, message: str, *, name: str = "doan-vien.xlsx") -> None:
        """Refused by the upload policy (lib/uploads.py) before anything is stored or queued."""
        self.login(self.officer_minh)
        response = self.upload(data, name=name)
        self.assertContains(response, message, status_code=400)
        self.assertFalse(MemberImport.objects.exists())


class RoundTripTests(ImportFlow):
    def test_template_to_register_to_export_and_back(self):
        self.login(self.cdcs_hoa)
        template = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/mau-nhap.xlsx")
        wb = load_workbook(io.BytesIO(template.content))
        ws = wb["Đoàn viên"]
        self.assertEqual([c.value for c in ws[1]], HEADERS)
        ws.delete_rows(2)
        typed = [
            ["Đặng Thị Hồng", 1992, "Nữ", "7911111111", dt.datetime(2023, 4, 2), "0977 111 222", None],
            ["Bùi Văn Khánh", 1988, "nam", "7911111112", "15/8/2025", None, "AB-HL-TH"],
            ["Hồ Thị Mai", "1979", "Nữ", None, "01/12/2010", "+84 912 000 333", ""],
        ]
        for row in typed:
            ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        response = self.upload(out.getvalue())
        job = self.last_job()
        self.assertRedirects(response, f"/doan-vien/nhap/{job.pk}/")
        self.assertEqual(job.state, "ready", (job.message, job.errors))
        preview = self.client.get(f"/doan-vien/nhap/{job.pk}/")
        self.assertContains(preview, "Bùi Văn Khánh")
        self.assertContains(preview, "btn-confirm")
        self.assertEqual(Member.objects.count(), 3)  # nothing written before the confirmation

        self.assertRedirects(
            self.client.post(f"/doan-vien/nhap/{job.pk}/xac-nhan/"), f"/doan-vien/nhap/{job.pk}/"
        )
        job.refresh_from_db()
        self.assertEqual((job.state, job.created, job.preview), ("done", 3, []))
        self.assertFalse(job.file)
        khanh = Member.objects.get(card_number="7911111112")
        self.assertEqual(
            (khanh.unit, khanh.sex, khanh.joined_on), (self.school, "male", dt.date(2025, 8, 15))
        )
        mai = Member.objects.get(full_name="Hồ Thị Mai")
        self.assertEqual((mai.phone, mai.card_number, mai.birth_year), ("0912000333", "", 1979))
        self.assertEqual(Affiliation.objects.get(member=khanh).valid_from, dt.date(2025, 8, 15))

        exported = self.client.post(f"/doan-vien/don-vi/{self.school.pk}/xuat-excel/", {"purpose": "review"})
        rows = {
            r[0]: r
            for r in load_workbook(io.BytesIO(exported.content))
            .worksheets[0]
            .iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(
            rows["Đặng Thị Hồng"][:6],
            ("Đặng Thị Hồng", 1992, "Nữ", "7911111111", dt.datetime(2023, 4, 2), "0977111222"),
        )
        self.assertEqual(rows["Bùi Văn Khánh"][6], "AB-HL-TH")
        self.assertEqual(len(rows), 5)

        # The export reads back as an import: every row with a card is now a duplicate; nothing is added.
        again = self.upload(exported.content)
        job = self.last_job()
        self.assertRedirects(again, f"/doan-vien/nhap/{job.pk}/")
        self.assertEqual(job.state, "refused")
        self.assertIn("đã có trong sổ của Công đoàn Trường Tiểu học Hòa Lạc", str(job.errors))
        self.assertEqual(Member.objects.count(), 6)

    def test_a_commune_union_imports_for_its_cdcs_by_code(self):
        self.login(self.officer_minh)
        rows = member_rows(3, code="AB-HL-TH") + member_rows(2, start=10, code="ab-hl-may")
        self.upload(xlsx([HEADERS, *rows]), unit=self.commune)
        job = self.last_job()
        self.assertEqual(job.state, "ready", job.errors)
        self.assertEqual(job.per_unit, {self.school.name: 3, self.factory.name: 2})
        self.client.post(f"/doan-vien/nhap/{job.pk}/xac-nhan/")
        self.assertEqual(Member.objects.filter(unit=self.factory).count(), 3)

    def test_a_duplicate_added_between_preview_and_confirmation_stops_the_whole_import(self):
        self.login(self.cdcs_hoa)
        self.upload(xlsx([HEADERS, *member_rows(5)]))
        job = self.last_job()
        self.assertEqual(job.state, "ready")
        add_member(
            unit=self.factory,
            full_name="Người Chen Ngang",
            birth_year=1990,
            sex="male",
            joined_on=dt.date(2024, 1, 1),
            card_number="8000000003",
        )
        self.client.post(f"/doan-vien/nhap/{job.pk}/xac-nhan/")
        job.refresh_from_db()
        self.assertEqual(job.state, "refused")
        self.assertEqual(Member.objects.filter(card_number__startswith="80").count(), 1)

    def test_the_cdcs_chair_cannot_import_for_the_commune_nor_see_its_imports(self):
        self.login(self.officer_minh)
        self.upload(xlsx([HEADERS, *member_rows(1, code="AB-HL-TH")]), unit=self.commune)
        job = self.last_job()
        self.login(self.cdcs_hoa)
        self.assertEqual(self.upload(xlsx([HEADERS])).status_code, 302)  # own CĐCS: allowed
        self.assertEqual(self.upload(xlsx([HEADERS]), unit=self.commune).status_code, 404)
        self.assertEqual(self.client.get(f"/doan-vien/nhap/{job.pk}/").status_code, 404)
        self.assertEqual(self.client.post(f"/doan-vien/nhap/{job.pk}/xac-nhan/").status_code, 404)


class RefusalTests(ImportFlow):
    def test_wrong_template(self):
        headers = ["Họ tên", *HEADERS[1:]]
        self.refused(xlsx([headers, *member_rows(2)]), "Tệp không đúng mẫu: cột A phải là «Họ và tên»")

    def test_an_added_column(self):
        self.refused(xlsx([[*HEADERS, "Ghi chú"], *member_rows(2)]), "có thêm cột «Ghi chú»")

    def test_a_formula(self):
        cells = {"B3": '<c r="B3"><f>1980+10</f><v>1990</v></c>'}
        self.refused(xlsx([HEADERS, *member_rows(3)], cells=cells), "Ô B3 chứa công thức")

    def test_merged_cells(self):
        merged = '<mergeCells count="1"><mergeCell ref="C2:C3"/></mergeCells>'
        self.refused(xlsx([HEADERS, *member_rows(3)], sheet_extra=merged), "Tệp có ô gộp (C2:C3)")

    def test_a_hidden_sheet(self):
        self.refused(xlsx([HEADERS, *member_rows(2)], hidden_sheet=True), "Tệp có trang tính ẩn «Ẩn»")

    def test_a_zip_bomb(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", b" " * (60 * 1024 * 1024))
        self.assertLess(len(out.getvalue()), 200_000)
        self.refused_at_upload(out.getvalue(), "bom nén")

    def test_a_file_with_a_bad_checksum_is_refused_as_damaged(self):
        data = flip_member(xlsx([HEADERS, *member_rows(3)]), "xl/worksheets/sheet1.xml")
        self.refused_at_upload(data, DAMAGED)

    def test_a_file_that_is_not_a_spreadsheet(self):
        self.refused_at_upload(b"Ho ten;Nam sinh\nAn;1990\n", "không phải là bảng tính Excel")
        self.refused_at_upload("%PDF-1.4 giả làm bảng tính".encode(), "không phải là bảng tính Excel")

    def test_a_file_that_is_not_named_xlsx_is_refused_at_upload(self):
        self.login(self.officer_minh)
        response = self.upload(xlsx([HEADERS, *member_rows(1)]), name="doan-vien.csv")
        self.assertContains(response, "Chỉ nhận tệp Excel .xlsx", status_code=400)
        self.assertFalse(MemberImport.objects.exists())

    def test_100000_junk_rows(self):
        junk = [["#REF!", "abc", "?", "x" * 30, "hôm qua", "12", "zz"] for _ in range(100_000)]
        job = self.refused(xlsx([HEADERS, *junk]), "Dừng kiểm tra sau 1.000 lỗi")
        self.assertEqual(len(job.errors), 200)

    @override_settings(MEMBER_IMPORT_MAX_ROWS=50)
    def test_too_many_rows(self):
        self.refused(xlsx([HEADERS, *member_rows(51)]), "Tệp có quá nhiều dòng (tối đa 50 dòng dữ liệu)")

    def test_text_in_a_number_cell_and_other_row_errors_are_listed_by_row_and_column(self):
        rows = member_rows(4)
        rows[0][1] = "một chín chín không"
        rows[1][2] = "Không rõ"
        rows[2][4] = "31/02/2024"
        rows[3][5] = "12345"
        job = self.refused(xlsx([HEADERS, *rows]), "Có 4 lỗi — chưa nhập dòng nào")
        self.assertEqual(
            [(e[0], e[1]) for e in job.errors],
            [
                (2, "Năm sinh"),
                (3, "Giới tính (Nam/Nữ)"),
                (4, "Ngày vào công đoàn (dd/mm/yyyy)"),
                (5, "Số điện thoại"),
            ],
        )

    def test_a_card_twice_in_the_file(self):
        rows = member_rows(3)
        rows[2][3] = rows[0][3]
        self.refused(xlsx([HEADERS, *rows]), f"Số thẻ «{rows[0][3]}» trùng với dòng 2")

    def test_a_card_already_in_the_subtree_names_its_cdcs(self):
        rows = member_rows(2, code="AB-HL-TH")
        rows[1][3] = "7900000003"  # Cường, at the factory
        self.refused(
            xlsx([HEADERS, *rows]), "đã có trong sổ của Công đoàn Công ty May Hòa Lạc", unit=self.commune
        )

    def test_a_card_registered_outside_the_tree_does_not_say_where(self):
        add_member(
            unit=self.other_cdcs,
            full_name="Ngô Văn Xa",
            birth_year=1980,
            sex="male",
            joined_on=dt.date(2019, 1, 1),
            card_number="7999999999",
        )
        rows = member_rows(2)
        rows[0][3] = "7999999999"
        job = self.refused(xlsx([HEADERS, *rows]), "đã được đăng ký ở một công đoàn khác")
        self.assertNotIn("Bắc Sơn", str(job.errors))

    def test_a_cdcs_code_outside_the_commune(self):
        self.refused(
            xlsx([HEADERS, *member_rows(1, code="BS-BV")]),
            "Không có CĐCS mã «BS-BV» trực thuộc",
            unit=self.commune,
        )

    def test_an_empty_register(self):
        self.refused(xlsx([HEADERS]), "Tệp không có dòng dữ liệu nào")


class ReaderTests(DailyWorld):
    def test_the_reader_gives_dates_numbers_and_shared_strings_as_excel_stores_them(self):
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(["Tên", "Ngày", "Số"])
        ws.append(["Nguyễn Thị Ánh", dt.date(2024, 1, 15), 1990])
        out = io.BytesIO()
        wb.save(out)
        rows = list(read_table(out.getvalue()))
        self.assertEqual(rows[1][1][:3], ["Nguyễn Thị Ánh", dt.date(2024, 1, 15), 1990])

    def test_a_billion_laughs_file_is_junk_not_gigabytes(self):
        bomb = (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
        )
        data = xlsx([["x"]])
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for name in src.namelist():
                dst.writestr(name, bomb if name.endswith("sheet1.xml") else src.read(name))
        try:
            rows = list(read_table(out.getvalue()))
        except Refused:
            return
        self.assertLess(len(str(rows)), 1000)
