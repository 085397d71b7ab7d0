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

from trienkhai.lib.vn import fold
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
        self.assertEqual([c.value for c in ws[1]], REGISTER_HEADERS)
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


# The optional columns after the seven every file has (the register's fields of 38/HD-TLĐ's forms).
NEW_HEADERS = [
    "Ngày sinh (dd/mm/yyyy)",
    "Ngày cấp thẻ đoàn viên (dd/mm/yyyy)",
    "Chức vụ công đoàn",
    "Dân tộc",
    "Trình độ",
]
REGISTER_HEADERS = [*HEADERS, *NEW_HEADERS]


def register_rows(n: int, **columns) -> list[list]:
    """`n` valid rows of the twelve columns; `columns` set a new column's value on every row."""
    new = dict.fromkeys(("birth_date", "card_issued_on", "union_position", "ethnicity", "education"))
    new.update(columns)
    return [[*row, *new.values()] for row in member_rows(n)]


class OptionalColumnTests(ImportFlow):
    def confirmed(self, data: bytes) -> MemberImport:
        self.login(self.cdcs_hoa)
        self.upload(data)
        job = self.last_job()
        self.assertEqual(job.state, "ready", (job.message, job.errors))
        self.client.post(f"/doan-vien/nhap/{job.pk}/xac-nhan/")
        job.refresh_from_db()
        self.assertEqual(job.state, "done", (job.message, job.errors))
        return job

    def test_the_optional_columns_are_written_to_the_register(self):
        rows = register_rows(3)
        rows[0][7:] = ["20/05/1980", "20/02/2024", "Tổ trưởng công đoàn", "Tày", "dai hoc"]
        rows[1][7:] = ["4-3-1981", "15/01/2024", "Ủy viên BCH", "Kinh", "THPT"]
        rows[2][7:] = [None, None, None, None, "TRUNG CẤP, CAO ĐẲNG"]
        self.confirmed(xlsx([REGISTER_HEADERS, *rows]))
        written = {
            m.card_number: (m.birth_date, m.card_issued_on, m.union_position, m.ethnicity, m.education)
            for m in Member.objects.filter(card_number__startswith="80")
        }
        self.assertEqual(
            written,
            {
                "8000000000": (
                    dt.date(1980, 5, 20),
                    dt.date(2024, 2, 20),
                    "Tổ trưởng công đoàn",
                    "Tày",
                    "university",
                ),
                "8000000001": (
                    dt.date(1981, 3, 4),
                    dt.date(2024, 1, 15),
                    "Ủy viên BCH",
                    "Kinh",
                    "high_school",
                ),
                "8000000002": (None, None, "", "", "vocational"),
            },
        )

    def test_a_seven_column_file_still_imports_as_before(self):
        rows = member_rows(2)
        rows[0].append("20/05/1980")  # under no header: not read, as before
        job = self.confirmed(xlsx([HEADERS, *rows]))
        self.assertEqual(job.created, 2)
        self.assertEqual(
            list(
                Member.objects.filter(card_number__startswith="80").values_list(
                    "birth_year", "birth_date", "card_issued_on", "union_position", "ethnicity", "education"
                )
            ),
            [(1980, None, None, "", "", ""), (1981, None, None, "", "", "")],
        )

    def test_an_export_with_the_new_fields_reads_back_as_an_import_with_the_same_values(self):
        fields = {
            "birth_date": dt.date(1988, 7, 9),
            "card_issued_on": dt.date(2021, 3, 8),
            "union_position": "=Chủ tịch CĐCS",
            "ethnicity": "Mường",
            "education": "vocational",
        }
        Member.objects.filter(pk=self.binh.pk).update(id_number="001190012345", birth_year=1988, **fields)
        self.login(self.cdcs_hoa)
        exported = self.client.post(f"/doan-vien/don-vi/{self.school.pk}/xuat-excel/", {"purpose": "review"})
        wb = load_workbook(io.BytesIO(exported.content))
        ws = wb.worksheets[0]
        self.assertEqual([c.value for c in ws[1]], [h.rstrip(" *") for h in REGISTER_HEADERS])
        cells = [c.value for row in ws.iter_rows() for c in row]
        self.assertNotIn("001190012345", cells)  # the CCCD never leaves in a file
        binh = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Trần Thị Bình")
        self.assertEqual(
            [c.value for c in binh[7:]],
            [
                dt.datetime(1988, 7, 9),
                dt.datetime(2021, 3, 8),
                "=Chủ tịch CĐCS",
                "Mường",
                "Trung cấp, cao đẳng",
            ],
        )
        self.assertEqual((binh[7].number_format, binh[9].data_type), ("DD/MM/YYYY", "s"))
        for row in range(ws.max_row, 1, -1):  # keep Bình only: the others' cards are in the register
            if ws.cell(row=row, column=1).value != "Trần Thị Bình":
                ws.delete_rows(row)
        out = io.BytesIO()
        wb.save(out)
        self.confirmed(out.getvalue())
        copy = Member.objects.exclude(pk=self.binh.pk).get(full_name="Trần Thị Bình")
        self.assertEqual({key: getattr(copy, key) for key in fields}, fields)
        self.assertEqual((copy.birth_year, copy.id_number), (1988, ""))


class OptionalColumnRefusalTests(ImportFlow):
    def refused_at(self, rows: list[list], column: str, message: str) -> None:
        job = self.refused(xlsx([REGISTER_HEADERS, *rows]), message)
        self.assertIn([3, column, message], job.errors, job.errors)

    def test_a_birth_date_that_is_not_a_date(self):
        rows = register_rows(2)
        rows[1][7] = "31/02/1981"
        self.refused_at(rows, "Ngày sinh (dd/mm/yyyy)", "Ngày «31/02/1981» không hợp lệ (ví dụ 15/01/2024).")

    def test_a_birth_date_in_another_year_than_the_birth_year(self):
        rows = register_rows(2)
        rows[1][7] = "04/03/1982"  # the row's birth year is 1981
        self.refused_at(
            rows,
            "Ngày sinh (dd/mm/yyyy)",
            "Ngày sinh 04/03/1982 không cùng năm với Năm sinh (1981).",
        )

    def test_a_birth_date_in_the_future(self):
        rows = register_rows(2)
        future = dt.date.today() + dt.timedelta(days=400)
        rows[1][1] = future.year
        rows[1][7] = future.strftime("%d/%m/%Y")
        self.refused_at(rows, "Ngày sinh (dd/mm/yyyy)", "Ngày sinh không được ở tương lai.")

    def test_a_card_issued_before_joining_the_union(self):
        rows = register_rows(2)
        rows[1][8] = "14/01/2024"  # joined 15/01/2024
        self.refused_at(
            rows,
            "Ngày cấp thẻ đoàn viên (dd/mm/yyyy)",
            "Ngày cấp thẻ đoàn viên 14/01/2024 sớm hơn ngày vào công đoàn 15/01/2024.",
        )

    def test_a_card_issued_in_the_future(self):
        rows = register_rows(2)
        rows[1][8] = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
        self.refused_at(
            rows, "Ngày cấp thẻ đoàn viên (dd/mm/yyyy)", "Ngày cấp thẻ đoàn viên không được ở tương lai."
        )

    def test_a_union_position_longer_than_the_register_keeps_is_refused_not_cut(self):
        rows = register_rows(2)
        rows[1][9] = "Ủy viên " * 13  # 104 characters, stripped to 103
        self.refused_at(rows, "Chức vụ công đoàn", "«Chức vụ công đoàn» dài 103 ký tự; tối đa 100 ký tự.")

    def test_an_ethnicity_longer_than_the_register_keeps_is_refused_not_cut(self):
        rows = register_rows(2)
        rows[1][10] = "K" * 41
        self.refused_at(rows, "Dân tộc", "«Dân tộc» dài 41 ký tự; tối đa 40 ký tự.")

    def test_an_unknown_education_lists_the_allowed_levels(self):
        rows = register_rows(2)
        rows[1][11] = "Tiểu học"
        self.refused_at(
            rows,
            "Trình độ",
            "Trình độ «Tiểu học» không hợp lệ: ghi một trong Trung học cơ sở; Trung học phổ thông; "
            "Trung cấp, cao đẳng; Đại học; Sau đại học.",
        )


class TemplateColumnTests(ImportFlow):
    def template(self):
        self.login(self.cdcs_hoa)
        response = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/mau-nhap.xlsx")
        return load_workbook(io.BytesIO(response.content))

    def test_the_template_has_the_optional_columns_an_example_and_an_education_list(self):
        wb = self.template()
        ws = wb["Đoàn viên"]
        self.assertEqual([c.value for c in ws[1]], REGISTER_HEADERS)
        self.assertEqual(
            [c.value for c in ws[2]][7:],
            ["20/05/1990", "20/02/2024", "Tổ trưởng công đoàn", "Kinh", "Đại học"],
        )
        self.assertEqual(ws.column_dimensions["L"].width, 22)
        self.assertEqual(ws["H3"].number_format, "DD/MM/YYYY")
        levels = next(v for v in ws.data_validations.dataValidation if "L2" in str(v.sqref))
        target = levels.formula1.split("!")[1].replace("$", "")
        guide = wb["Hướng dẫn"]
        self.assertEqual(
            [c.value for row in guide[target] for c in row],
            ["Trung học cơ sở", "Trung học phổ thông", "Trung cấp, cao đẳng", "Đại học", "Sau đại học"],
        )
        lines = " ".join(str(r[0].value) for r in guide.iter_rows())
        for header in NEW_HEADERS:
            self.assertIn(header.split(" (")[0] + " ", lines.replace(":", " "))

    def test_the_template_carries_no_cccd_column_and_says_why(self):
        wb = self.template()
        headers = " ".join(fold(str(c.value)) for c in wb["Đoàn viên"][1])
        self.assertNotIn("cccd", headers)
        self.assertNotIn("dinh danh", headers)
        lines = " ".join(str(r[0].value) for r in wb["Hướng dẫn"].iter_rows())
        self.assertIn("Tệp không có cột số CCCD", lines)
        self.assertIn("91/2025/QH15", lines)
