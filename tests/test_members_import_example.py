"""Issue 26: the member-import template's example row is marked in the file and never imported."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from trienkhai.members.models import Member

from .test_members_import import ImportFlow


class ExampleRowTests(ImportFlow):
    def template(self):
        self.login(self.cdcs_hoa)
        response = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/mau-nhap.xlsx")
        return load_workbook(io.BytesIO(response.content))

    def upload_workbook(self, wb):
        out = io.BytesIO()
        wb.save(out)
        self.upload(out.getvalue())
        return self.last_job()

    def test_the_template_marks_its_example_row(self):
        wb = self.template()
        cell = wb["Đoàn viên"]["A2"]
        self.assertTrue(cell.font.italic)
        self.assertIn("không được nhập", cell.comment.text)
        self.assertIn("dòng ví dụ", " ".join(str(r[0].value) for r in wb["Hướng dẫn"].iter_rows()))

    def test_the_example_row_left_in_the_file_is_skipped_and_said_so(self):
        wb = self.template()
        wb["Đoàn viên"].append(
            ["Đặng Thị Hồng", 1992, "Nữ", "7911111111", dt.datetime(2023, 4, 2), None, None]
        )
        job = self.upload_workbook(wb)
        self.assertEqual((job.state, job.rows), ("ready", 1), (job.message, job.errors))
        self.assertIn("Đã bỏ qua dòng ví dụ của tệp mẫu (dòng 2)", job.message)
        self.assertContains(self.client.get(f"/doan-vien/nhap/{job.pk}/"), "Đã bỏ qua dòng ví dụ")
        before = Member.objects.count()
        self.client.post(f"/doan-vien/nhap/{job.pk}/xac-nhan/")
        self.assertEqual(Member.objects.count(), before + 1)
        self.assertFalse(Member.objects.filter(full_name="Nguyễn Thị Ví Dụ").exists())
        self.assertFalse(Member.objects.filter(card_number="7912345678").exists())

    def test_a_file_with_only_the_example_row_is_refused(self):
        before = Member.objects.count()
        job = self.upload_workbook(self.template())
        self.assertEqual(job.state, "refused")
        self.assertIn("chỉ có dòng ví dụ", job.message)
        self.assertEqual(Member.objects.count(), before)
