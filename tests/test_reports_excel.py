"""Report templates in Excel and their import: the template for one CĐCS and for an officer entering many,
the round trip that changes nothing, an import that writes every row or none, and a clear refusal (with
nothing imported) for each kind of bad file the issue lists."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from trienkhai.lib.xlsx_read import DAMAGED
from trienkhai.reports.excel import FIRST_ROW, HEADER_ROW
from trienkhai.reports.models import ImportJob, ReportForm, Rule, Submission, SubmissionValue
from trienkhai.reports.workflow import save_values

from .damaged import flip_member
from .documents_world import IMMEDIATE
from .media import TempMediaMixin
from .rollup_world import RollupWorld

Q = "nam=2025&ky=1"


class ExcelWorld(TempMediaMixin, RollupWorld):
    extra_settings = {"TASKS": IMMEDIATE}

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.school_report = cls.report(
            cls.school, 2025, 1, "draft", members=40, new_members=2, fee_rate="92,5", note="Ổn"
        )
        cls.factory_report = cls.report(
            cls.factory, 2025, 1, "approved", members=200, new_members=15, has_cba="Có"
        )

    def template(self, user, unit, query: str = Q) -> bytes:
        self.login(user)
        r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/mau-excel/{unit.pk}/?{query}")
        assert r.status_code == 200, r.status_code
        return r.content

    def upload(self, user, unit, data: bytes, name: str = "bao-cao.xlsx") -> ImportJob:
        self.login(user)
        r = self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/nhap-excel/{unit.pk}/",
            {"file": SimpleUploadedFile(name, data)},
        )
        assert r.status_code == 302, r.content.decode()[:500]
        return ImportJob.objects.filter(user=user).latest("pk")

    def commit(self, job: ImportJob) -> ImportJob:
        r = self.client.post(f"/bao-cao/nhap-excel/{job.pk}/nhap/")
        assert r.status_code == 302
        job.refresh_from_db()
        return job

    @staticmethod
    def edit(data: bytes, change) -> bytes:
        wb = load_workbook(io.BytesIO(data))
        change(wb)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    @staticmethod
    def column(wb, code: str) -> int:
        for cell in wb["Số liệu"][HEADER_ROW]:
            if cell.value and cell.value.endswith(f"[{code}]"):
                return cell.column
        raise KeyError(code)

    @staticmethod
    def row(wb, code: str) -> int:
        ws = wb["Số liệu"]
        for n in range(FIRST_ROW, ws.max_row + 1):
            if ws.cell(row=n, column=1).value == code:
                return n
        raise KeyError(code)

    def snapshot(self) -> tuple:
        return (
            sorted(SubmissionValue.objects.values_list("submission_id", "key", "raw")),
            SubmissionValue.history.count(),
            sorted(Submission.objects.values_list("pk", "lock_version", "status")),
        )


class TemplateTests(ExcelWorld):
    def test_a_cdcs_chair_gets_a_template_with_their_unit_only(self):
        ws = load_workbook(io.BytesIO(self.template(self.cdcs_hoa, self.school)))["Số liệu"]
        codes = [ws.cell(row=r, column=1).value for r in range(FIRST_ROW, ws.max_row + 1)]
        assert codes == ["AB-HL-TH"]
        assert ws["B2"].value == self.form.pk and ws["D2"].value == "2025-Q1"

    def test_an_officer_gets_every_cdcs_they_enter_with_stored_values(self):
        wb = load_workbook(io.BytesIO(self.template(self.officer_minh, self.commune)))
        ws = wb["Số liệu"]
        rows = {ws.cell(row=r, column=1).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
        assert set(rows) == {"AB-HL-TH", "AB-HL-MAY"}  # not the hospital of the other commune
        members = self.column(wb, "members")
        assert ws.cell(row=rows["AB-HL-MAY"], column=members).value == 200
        assert ws.cell(row=rows["AB-HL-TH"], column=self.column(wb, "fee_rate")).value == 92.5
        assert ws.cell(row=rows["AB-HL-MAY"], column=self.column(wb, "has_cba")).value == "Có"
        assert ws.cell(row=rows["AB-HL-TH"], column=members).number_format == "#,##0"
        assert [h.value for h in ws[HEADER_ROW]][:3] == [
            "Mã đơn vị",
            "Tên đơn vị",
            "Tổng số đoàn viên [members]",
        ]
        assert "Hướng dẫn" in wb.sheetnames

    def test_a_cdcs_chair_cannot_download_the_communes_template(self):
        self.login(self.cdcs_hoa)
        assert (
            self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/mau-excel/{self.commune.pk}/?{Q}").status_code
            == 404
        )


class RoundTripTests(ExcelWorld):
    def test_exporting_then_importing_the_unchanged_file_changes_nothing(self):
        before = self.snapshot()
        job = self.upload(self.officer_minh, self.commune, self.template(self.officer_minh, self.commune))
        assert job.state == ImportJob.State.READY, job.errors
        assert job.summary["changed"] == 0 and job.summary["unchanged"] == 2
        page = self.client.get(f"/bao-cao/nhap-excel/{job.pk}/").content.decode()
        assert 'id="import-nothing"' in page
        job = self.commit(job)
        assert job.state == ImportJob.State.DONE and job.summary["written"] == 0
        assert self.snapshot() == before

    def test_an_officer_imports_changed_rows_as_drafts_entered_on_behalf(self):
        data = self.template(self.officer_minh, self.commune)

        def change(wb):
            ws, members = wb["Số liệu"], self.column(wb, "members")
            ws.cell(row=self.row(wb, "AB-HL-TH"), column=members).value = 45
            ws.cell(row=self.row(wb, "AB-HL-TH"), column=self.column(wb, "note")).value = "=SUM(A1)"

        job = self.upload(self.officer_minh, self.commune, self.edit(data, change))
        # A cell typed "=SUM(A1)" in a text column is a formula to Excel: refused.
        assert job.state == ImportJob.State.FAILED
        assert "công thức" in job.errors[0]["message"]

        def change_ok(wb):
            ws = wb["Số liệu"]
            ws.cell(row=self.row(wb, "AB-HL-TH"), column=self.column(wb, "members")).value = 45
            ws.cell(row=self.row(wb, "AB-HL-TH"), column=self.column(wb, "score")).value = 8.5

        job = self.upload(self.officer_minh, self.commune, self.edit(data, change_ok))
        assert job.state == ImportJob.State.READY, job.errors
        assert job.summary["changed"] == 1
        assert job.preview[0]["code"] == "AB-HL-TH"
        assert ["Tổng số đoàn viên", "40", "45"] in job.preview[0]["changes"]
        history_before = SubmissionValue.history.count()
        job = self.commit(job)
        assert job.state == ImportJob.State.DONE and job.summary["written"] == 1
        school = Submission.objects.get(pk=self.school_report.pk)
        values = dict(school.values.values_list("key", "raw"))
        assert values["members"] == "45" and values["score"] == "8,5"
        assert school.entered_on_behalf and school.status == "draft"
        assert school.lock_version == self.school_report.lock_version + 1
        assert SubmissionValue.history.count() == history_before + 2  # one row per changed value
        assert SubmissionValue.history.filter(history_user=self.officer_minh).count() == 2

    def test_a_cdcs_chair_imports_their_own_report_not_on_behalf(self):
        def change(wb):
            wb["Số liệu"].cell(row=FIRST_ROW, column=self.column(wb, "new_members")).value = 3

        job = self.upload(
            self.cdcs_hoa, self.school, self.edit(self.template(self.cdcs_hoa, self.school), change)
        )
        job = self.commit(job)
        assert job.state == ImportJob.State.DONE
        school = Submission.objects.get(pk=self.school_report.pk)
        assert not school.entered_on_behalf and school.values.get(key="new_members").raw == "3"

    def test_a_report_changed_after_the_check_stops_the_whole_import(self):
        data = self.template(self.officer_minh, self.commune)

        def change(wb):
            wb["Số liệu"].cell(row=self.row(wb, "AB-HL-TH"), column=self.column(wb, "members")).value = 41

        job = self.upload(self.officer_minh, self.commune, self.edit(data, change))
        assert job.state == ImportJob.State.READY
        sub = Submission.objects.get(pk=self.school_report.pk)
        save_values(
            submission=sub, values={"new_members": "1"}, lock_version=sub.lock_version, user=self.cdcs_hoa
        )
        before = self.snapshot()
        job = self.commit(job)
        assert job.state == ImportJob.State.FAILED
        assert "đã được sửa" in job.errors[0]["message"]
        assert self.snapshot() == before

    def test_another_user_cannot_see_the_job(self):
        job = self.upload(self.officer_minh, self.commune, self.template(self.officer_minh, self.commune))
        self.login(self.chairwoman_lan)
        assert self.client.get(f"/bao-cao/nhap-excel/{job.pk}/").status_code == 404
        assert self.client.post(f"/bao-cao/nhap-excel/{job.pk}/nhap/").status_code == 404


class RefusalTests(ExcelWorld):
    """Each bad file is refused with a clear Vietnamese message, and nothing is imported."""

    def refused(
        self, data: bytes, phrase: str, name: str = "bao-cao.xlsx", user=None, unit=None
    ) -> ImportJob:
        before = self.snapshot()
        job = self.upload(user or self.officer_minh, unit or self.commune, data, name)
        assert job.state == ImportJob.State.FAILED, (job.state, job.summary)
        messages = " | ".join(e["message"] for e in job.errors)
        assert phrase in messages, messages
        assert self.snapshot() == before
        page = self.client.get(f"/bao-cao/nhap-excel/{job.pk}/").content.decode()
        assert 'id="import-errors"' in page and "chưa nhập dòng nào" in page
        return job

    def good(self) -> bytes:
        return self.template(self.officer_minh, self.commune)

    def refused_at_upload(self, data: bytes, phrase: str, name: str = "bao-cao.xlsx") -> None:
        """Refused by the upload policy (lib/uploads.py) before a job or a file is stored."""
        self.login(self.officer_minh)
        response = self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/nhap-excel/{self.commune.pk}/",
            {"file": SimpleUploadedFile(name, data)},
        )
        assert response.status_code == 400 and phrase in response.content.decode(), phrase
        assert not ImportJob.objects.exists()

    def test_a_template_of_another_form(self):
        other = ReportForm.objects.create(plan=self.plan, title="Báo cáo 6 tháng", period_kind="half")
        other.indicators.create(code="members", label="Tổng số đoàn viên", kind="integer")
        self.login(self.officer_minh)
        data = self.client.get(
            f"/bao-cao/bieu-mau/{other.pk}/mau-excel/{self.commune.pk}/?nam=2025&ky=1"
        ).content
        self.refused(data, "của biểu mẫu khác («Báo cáo 6 tháng»)")

    def test_edited_headers(self):
        def change(wb):
            wb["Số liệu"].cell(row=HEADER_ROW, column=3).value = "Số đoàn viên"

        job = self.refused(
            self.edit(self.good(), change), "Tiêu đề cột C phải là «Tổng số đoàn viên [members]»"
        )
        assert job.errors[0]["row"] == HEADER_ROW and job.errors[0]["column"] == "C"

    def test_text_in_a_number_cell(self):
        def change(wb):
            wb["Số liệu"].cell(row=FIRST_ROW + 1, column=self.column(wb, "members")).value = "hai trăm"

        job = self.refused(self.edit(self.good(), change), "«hai trăm» không phải là số")
        assert (job.errors[0]["sheet"], job.errors[0]["row"], job.errors[0]["column"]) == ("Số liệu", 6, "C")

    def test_merged_cells(self):
        def change(wb):
            wb["Số liệu"].merge_cells(
                start_row=FIRST_ROW, start_column=3, end_row=FIRST_ROW + 1, end_column=3
            )

        self.refused(self.edit(self.good(), change), "có ô bị gộp (merge)")

    def test_a_formula(self):
        def change(wb):
            wb["Số liệu"].cell(
                row=self.row(wb, "AB-HL-TH"), column=self.column(wb, "new_members")
            ).value = "=1+1"

        self.refused(self.edit(self.good(), change), "có công thức")

    def test_a_hidden_sheet(self):
        def change(wb):
            wb.create_sheet("Ẩn").sheet_state = "hidden"

        self.refused(self.edit(self.good(), change), "trang tính ẩn «Ẩn»")

    def test_100000_rows(self):
        def change(wb):
            ws = wb["Số liệu"]
            for n in range(100_000):
                ws.append([f"X{n}", "Đơn vị", n])

        self.refused(self.edit(self.good(), change), "hơn 20.000 dòng")

    def test_a_pdf_renamed_xlsx(self):
        self.refused_at_upload(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "không phải là bảng tính Excel"
        )

    def test_an_old_xls_renamed_xlsx(self):
        self.refused_at_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97-2003")

    def test_a_zip_bomb(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
        assert len(out.getvalue()) < 200_000
        self.refused_at_upload(out.getvalue(), "dữ liệu nén bất thường")

    def test_a_rule_of_the_form(self):
        def change(wb):
            ws = wb["Số liệu"]
            ws.cell(row=self.row(wb, "AB-HL-TH"), column=self.column(wb, "new_members")).value = 400

        self.refused(
            self.edit(self.good(), change), "Số đoàn viên kết nạp mới không được lớn hơn tổng số đoàn viên"
        )

    def test_a_unit_outside_the_users_reach(self):
        def change(wb):
            wb["Số liệu"].cell(row=self.row(wb, "AB-HL-TH"), column=1).value = "AB-TL-BV"

        self.refused(self.edit(self.good(), change), "«AB-TL-BV» không nằm trong phạm vi")

    def test_a_change_to_an_approved_report(self):
        def change(wb):
            ws = wb["Số liệu"]
            ws.cell(row=self.row(wb, "AB-HL-MAY"), column=self.column(wb, "members")).value = 201

        self.refused(self.edit(self.good(), change), "đang ở trạng thái «Đã duyệt»")

    def test_not_an_xlsx_name(self):
        self.login(self.officer_minh)
        r = self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/nhap-excel/{self.commune.pk}/",
            {"file": SimpleUploadedFile("bao-cao.csv", b"a,b\n")},
        )
        assert r.status_code == 400 and "Chỉ nhận tệp Excel .xlsx" in r.content.decode()
        assert not ImportJob.objects.exists()

    def test_an_empty_workbook(self):
        wb, out = Workbook(), io.BytesIO()
        wb.save(out)
        self.refused(out.getvalue(), "Không có trang «Số liệu»")


class DamagedFileTests(ExcelWorld):
    """A file whose bytes were damaged on the way (bad checksum) is refused as damaged, with the reason on
    the page, instead of "đang kiểm tra" for ever: at upload, where the one upload policy inflates every
    member and checks its CRC, and by the reader on the worker should a damaged file reach it."""

    def test_a_file_with_a_bad_checksum_is_refused_as_damaged_at_upload(self):
        for member in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
            with self.subTest(member=member):
                data = self.template(self.officer_minh, self.commune)
                if member not in zipfile.ZipFile(io.BytesIO(data)).namelist():
                    continue
                self.login(self.officer_minh)
                r = self.client.post(
                    f"/bao-cao/bieu-mau/{self.form.pk}/nhap-excel/{self.commune.pk}/",
                    {"file": SimpleUploadedFile("bao-cao.xlsx", flip_member(data, member))},
                )
                assert r.status_code == 400
                assert "Tệp hỏng" in r.content.decode()
                assert not ImportJob.objects.exists()

    def test_the_reader_on_the_worker_refuses_a_damaged_file_with_the_same_message(self):
        from trienkhai.lib.xlsx_read import Refused, open_workbook

        damaged = flip_member(self.template(self.officer_minh, self.commune), "xl/worksheets/sheet1.xml")
        with self.assertRaises(Refused) as caught:
            open_workbook(damaged)
        assert str(caught.exception) == DAMAGED

    def test_an_unexpected_error_during_the_check_ends_the_job_as_failed(self):
        data = self.template(self.officer_minh, self.commune)
        with mock.patch("trienkhai.reports.excel.check_file", side_effect=RuntimeError("lỗi lạ")):
            job = self.upload(self.officer_minh, self.commune, data)
        assert job.state == ImportJob.State.FAILED, job.state
        page = self.client.get(f"/bao-cao/nhap-excel/{job.pk}/").content.decode()
        assert "Có lỗi hệ thống khi xử lý tệp" in page


class CheckedOnceTests(ExcelWorld):
    """The file is read and checked once, at the preview; the commit writes the rows the check kept (with
    their digest) and refuses, writing nothing, when anything changed in between (issue 21, item 4)."""

    def checked(self, members: int = 47) -> ImportJob:
        def change(wb):
            ws, row = wb["Số liệu"], self.row(wb, "AB-HL-TH")
            ws.cell(row=row, column=self.column(wb, "members")).value = members
            ws.cell(row=row, column=self.column(wb, "wage_low")).value = 4.5  # not stored yet: created

        job = self.upload(
            self.officer_minh, self.commune, self.edit(self.template(self.officer_minh, self.commune), change)
        )
        assert job.state == ImportJob.State.READY, job.errors
        return job

    def refused(self, job: ImportJob, phrase: str) -> None:
        before = self.snapshot()
        job = self.commit(job)
        assert job.state == ImportJob.State.FAILED, job.state
        assert phrase in job.errors[0]["message"], job.errors
        assert self.snapshot() == before
        assert not job.checked  # the kept rows end with the job

    def test_the_commit_writes_the_checked_rows_with_the_uploaded_file_gone(self):
        job = self.checked()
        assert not job.file and job.checked and len(job.digest) == 64
        # Whatever storage still holds of the upload, the commit must not need it.
        for name in job.file.storage.listdir("imports")[1]:
            job.file.storage.delete(f"imports/{name}")
        job = self.commit(job)
        assert job.state == ImportJob.State.DONE and job.summary["written"] == 1, job.errors
        school = Submission.objects.get(pk=self.school_report.pk)
        assert school.values.get(key="members").raw == "47"
        assert school.lock_version == self.school_report.lock_version + 1
        assert school.updated_by == self.officer_minh and school.entered_on_behalf
        assert school.updated_at >= job.created_at
        created = school.values.get(key="wage_low")
        assert (created.raw, created.number) == ("4,5", Decimal("4.5"))
        made = SubmissionValue.history.get(id=created.pk)
        assert (made.history_type, made.history_user, made.raw) == ("+", self.officer_minh, "4,5")
        assert made.history_date >= job.created_at
        assert not job.checked

    def test_the_commit_does_not_open_the_workbook_again(self):
        job = self.checked()
        with mock.patch("trienkhai.reports.excel.open_workbook", side_effect=AssertionError("read twice")):
            job = self.commit(job)
        assert job.state == ImportJob.State.DONE, job.errors

    def test_a_form_changed_after_the_check_refuses_the_commit(self):
        job = self.checked()
        Rule.objects.create(form=self.form, expression="members <= 10", message="Quá nhiều đoàn viên")
        self.refused(job, "đã được sửa sau lúc kiểm tra tệp")

    def test_an_indicator_relabelled_after_the_check_refuses_the_commit(self):
        job = self.checked()
        self.form.indicators.filter(code="members").update(label="Số đoàn viên (mới)")
        self.refused(job, "đã được sửa sau lúc kiểm tra tệp")

    def test_kept_rows_altered_after_the_check_refuse_the_commit(self):
        job = self.checked()
        data = gzip.decompress(job.checked.read())
        job.checked.close()
        with job.checked.storage.open(job.checked.name, "wb") as fh:
            fh.write(gzip.compress(data.replace(b'"47"', b'"4700"')))
        self.refused(job, "không còn khớp với tệp đã tải lên")

    def test_an_expired_check_refuses_the_commit(self):
        job = self.checked()
        ImportJob.objects.filter(pk=job.pk).update(checked_until=timezone.now() - dt.timedelta(minutes=1))
        self.refused(job, "đã hết hạn")

    def test_a_report_submitted_after_the_check_refuses_the_commit(self):
        job = self.checked()
        Submission.objects.filter(pk=self.school_report.pk).update(
            status="submitted", lock_version=F("lock_version") + 1
        )
        self.refused(job, "đã được sửa hoặc nộp")

    def test_the_check_costs_the_same_queries_for_one_row_and_for_two(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from trienkhai.reports.excel import check_file

        counts = []
        for codes in (["AB-HL-TH"], ["AB-HL-TH", "AB-HL-MAY"]):

            def keep_rows(wb, codes=codes):
                ws = wb["Số liệu"]
                for n in range(ws.max_row, FIRST_ROW - 1, -1):
                    if ws.cell(row=n, column=1).value not in codes:
                        ws.delete_rows(n)

            data = self.edit(self.template(self.officer_minh, self.commune), keep_rows)
            with CaptureQueriesContext(connection) as queries:
                checked = check_file(data, self.form, user=self.officer_minh, scope=self.commune)
            assert checked.ok and checked.rows == len(codes), checked.problems
            counts.append(len(queries))
        assert counts[0] == counts[1], counts

    def test_the_daily_job_ends_an_expired_check_and_deletes_its_kept_rows(self):
        from trienkhai.reports.daily import run_daily

        job = self.checked()
        name = job.checked.name
        ImportJob.objects.filter(pk=job.pk).update(checked_until=timezone.now() - dt.timedelta(minutes=1))
        run_daily(on=dt.date.today())
        job.refresh_from_db()
        assert job.state == ImportJob.State.FAILED and "đã hết hạn" in job.errors[0]["message"]
        assert not job.checked and not job.checked.storage.exists(name)
