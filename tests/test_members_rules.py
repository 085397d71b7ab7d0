"""Issue 20, Members: the rules of the Điều lệ Công đoàn Việt Nam, Hướng dẫn 38/HD-TLĐ (2024) and the Luật
Bảo vệ dữ liệu cá nhân 91/2025/QH15 the register applies. One test per rule, named after its article."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from trienkhai.members import rules
from trienkhai.members.models import (
    AdmissionRequest,
    DataAccess,
    Member,
    MemberStatus,
    SubjectRequest,
    member_count,
    paused_count,
)
from trienkhai.members.workflow import (
    admit_member,
    complete_subject_request,
    leave_member,
    pause_member,
    record_subject_request,
    resume_member,
    update_member,
)
from trienkhai.orgs.models import today

from .daily_world import DailyWorld
from .test_xlsx_exports_text import assert_text_only
from .upload_corpus import blank_pdf, pdf_html_polyglot

MARCH, JUNE = dt.date(2025, 3, 1), dt.date(2025, 6, 1)


def admission(**extra) -> dict:
    """A new admission typed into the school's add form (the decision day is the joining day)."""
    data = {
        "entry": "admit",
        "full_name": "Phạm Thị Duyên",
        "birth_date": "15/04/1996",
        "sex": "female",
        "joined_on": today().strftime("%d/%m/%Y"),
        "application": "5a",
        "application_signed": "on",
        "admission_decision": "12/QĐ-CĐCS",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


class AdmissionTests(DailyWorld):
    def add_url(self) -> str:
        return f"/doan-vien/don-vi/{self.school.pk}/them/"

    def test_hd38_muc31_admission_needs_a_signed_application_mau_5a_or_5b(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(self.add_url(), admission(application=""))
        self.assertContains(response, "Cần đơn gia nhập công đoàn (Mẫu 5a", status_code=400)
        response = self.client.post(self.add_url(), admission(application_signed=None))
        self.assertContains(response, "phải có chữ ký", status_code=400)
        self.assertContains(response, "Phạm Thị Duyên", status_code=400)  # what was typed stays
        self.assertFalse(Member.objects.filter(full_name="Phạm Thị Duyên").exists())
        response = self.client.post(self.add_url(), admission(application="5b"))
        member = Member.objects.get(full_name="Phạm Thị Duyên")
        self.assertRedirects(response, f"/doan-vien/{member.pk}/")
        self.assertEqual((member.application, member.application_signed), ("5b", True))

    def test_hd38_muc31_the_application_scan_goes_through_the_upload_policy(self):
        self.login(self.cdcs_hoa)
        bad = SimpleUploadedFile("don.pdf", pdf_html_polyglot(), content_type="application/pdf")
        response = self.client.post(self.add_url(), admission(application_signed=None, application_scan=bad))
        self.assertContains(response, "Không nhận tệp", status_code=400)
        good = SimpleUploadedFile("don.pdf", blank_pdf(), content_type="application/pdf")
        self.client.post(self.add_url(), admission(application_signed=None, application_scan=good))
        member = Member.objects.get(full_name="Phạm Thị Duyên")
        self.assertTrue(member.application_scan.name.endswith(".pdf"))
        response = self.client.get(f"/doan-vien/{member.pk}/don-gia-nhap/")
        self.assertEqual(response["Content-Type"], "application/pdf")

    def test_hd38_muc31_the_bch_decides_the_admission_with_a_numbered_decision(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(self.add_url(), admission(admission_decision=""))
        self.assertContains(response, "Cần số quyết định kết nạp của ban chấp hành", status_code=400)
        self.client.post(self.add_url(), admission())
        member = Member.objects.get(full_name="Phạm Thị Duyên")
        self.assertEqual(member.admission_decision, "12/QĐ-CĐCS")
        self.assertEqual(member.admission_decided_on, today())
        self.assertEqual(member.admitted_by, self.school)
        self.assertEqual(member.birth_year, 1996)

    def test_hd38_muc12_a_person_not_admitted_is_refused_with_a_clear_message(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(self.add_url(), admission(not_admitted="employer"))
        self.assertContains(response, "thuộc đối tượng không kết nạp vào Công đoàn Việt Nam", status_code=400)
        self.assertContains(response, "tiểu mục 1.2 mục 1 Hướng dẫn 38/HD-TLĐ", status_code=400)
        self.assertFalse(Member.objects.filter(full_name="Phạm Thị Duyên").exists())

    def test_hd38_readmission_only_after_3_months(self):
        update_member(member=self.binh, id_number="079190000002")
        leave_member(member=self.binh, on=dt.date(2025, 10, 1), reason="resigned")
        person = {
            "unit": self.school,
            "decided_by": self.school,
            "decision_number": "5/QĐ",
            "application": "5a",
            "application_signed": True,
            "full_name": "Trần Thị Bình",
            "birth_year": 1990,
            "sex": "female",
            "id_number": "079190000002",
        }
        with self.assertRaisesMessage(ValidationError, "chỉ kết nạp lại sau 3 tháng, tức từ ngày 01/01/2026"):
            admit_member(decided_on=dt.date(2025, 12, 31), joined_on=dt.date(2025, 12, 31), **person)
        again = admit_member(decided_on=dt.date(2026, 1, 2), joined_on=dt.date(2026, 1, 2), **person)
        self.assertEqual(again.status, MemberStatus.ACTIVE)
        self.assertEqual(rules.READMISSION_MONTHS.value(), 3)

    def test_hd38_muc31_where_there_is_no_cdcs_the_upper_union_decides_within_10_working_days(self):
        self.login(self.officer_minh)
        received = dt.date(2026, 12, 4)  # a Friday: ten working days end on Friday 18/12/2026
        response = self.client.post(
            f"/doan-vien/don-vi/{self.commune.pk}/don-gia-nhap/",
            {
                "full_name": "Hồ Văn Em",
                "birth_date": "02/02/2000",
                "sex": "male",
                "workplace": "Cơ sở may Hòa Bình (chưa có CĐCS)",
                "application": "5a",
                "application_signed": "on",
                "received_on": "04/12/2026",
            },
        )
        item = AdmissionRequest.objects.get()
        self.assertRedirects(response, f"/doan-vien/don-gia-nhap/{item.pk}/")
        self.assertEqual(item.due_on, dt.date(2026, 12, 18))
        self.assertEqual(item.due_on, rules.add_working_days(received, 10))
        home = self.client.get("/")
        self.assertContains(home, "Quyết định kết nạp: Hồ Văn Em")
        self.assertContains(home, "18/12/2026")
        response = self.client.post(
            f"/doan-vien/don-gia-nhap/{item.pk}/",
            {
                "admit": "1",
                "decided_on": "07/12/2026",
                "decision_number": "30/QĐ-CĐX",
                "cdcs": self.school.pk,
            },
        )
        item.refresh_from_db()
        self.assertEqual(item.outcome, "admitted")
        self.assertEqual((item.member.unit, item.member.admitted_by), (self.school, self.commune))
        self.assertNotContains(self.client.get("/"), "Quyết định kết nạp: Hồ Văn Em")

    def test_a_cdcs_gets_no_upper_union_application_list(self):
        self.login(self.cdcs_hoa)
        self.assertEqual(
            self.client.get(f"/doan-vien/don-vi/{self.school.pk}/don-gia-nhap/").status_code, 404
        )


class StateTests(DailyWorld):
    def test_dieu_le_a_paused_member_is_not_counted_as_of_the_dates_of_the_pause(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/doan-vien/{self.binh.pk}/tam-dung/",
            {"on": "01/03/2025", "reason": "suspended", "note": "Tạm hoãn hợp đồng 3 tháng"},
        )
        self.assertRedirects(response, f"/doan-vien/{self.binh.pk}/")
        self.binh.refresh_from_db()
        self.assertEqual((self.binh.status, self.binh.status_on), ("paused", MARCH))
        self.assertEqual(member_count(self.school, on=MARCH - dt.timedelta(days=1)), 2)
        self.assertEqual(member_count(self.school, on=MARCH), 1)
        self.assertEqual(paused_count(self.school, on=MARCH), 1)
        resume_member(member=self.binh, on=JUNE)
        self.assertEqual(member_count(self.school, on=JUNE), 2)
        self.assertEqual(member_count(self.school, on=dt.date(2025, 4, 1)), 1)  # the past keeps the pause
        page = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/?ngay=01/04/2025")
        self.assertContains(page, "1 đang sinh hoạt, 1 tạm dừng sinh hoạt")

    def test_dieu_le_leaving_states_expelled_deceased_moved_out_each_have_a_date_and_a_reason(self):
        for member, reason, label in [
            (self.an, "expelled", "Khai trừ"),
            (self.binh, "deceased", "Từ trần"),
            (self.cuong, "moved_out", "Chuyển sinh hoạt ra ngoài hệ thống"),
        ]:
            leave_member(member=member, on=JUNE, reason=reason)
            member.refresh_from_db()
            self.assertEqual((member.left_on, member.state_label), (JUNE, label))
        self.assertEqual(member_count(self.commune, on=JUNE), 0)

    def test_leaving_while_paused_closes_the_pause(self):
        pause_member(member=self.binh, on=MARCH, reason="job_lost")
        leave_member(member=self.binh, on=JUNE, reason="job_ended")
        self.assertEqual(self.binh.pauses.get().valid_to, JUNE)
        self.assertEqual(paused_count(self.school, on=JUNE), 0)


class RegisterFieldTests(DailyWorld):
    def test_hd38_forms_a_full_birth_date_sets_the_year_and_a_year_alone_still_works(self):
        self.login(self.cdcs_hoa)
        data = {
            "full_name": "Trần Thị Bình",
            "birth_date": "05/09/1991",
            "sex": "female",
            "ethnicity": "Tày",
            "education": "university",
            "card_number": "7900000002",
            "card_issued_on": "01/10/2020",
            "union_position": "Tổ trưởng công đoàn",
            "joined_on": "05/09/2020",
        }
        self.client.post(f"/doan-vien/{self.binh.pk}/sua/", data)
        self.binh.refresh_from_db()
        self.assertEqual((self.binh.birth_date, self.binh.birth_year), (dt.date(1991, 9, 5), 1991))
        self.assertEqual((self.binh.ethnicity, self.binh.union_position), ("Tày", "Tổ trưởng công đoàn"))
        self.assertEqual(self.binh.card_issued_on, dt.date(2020, 10, 1))
        page = self.client.get(f"/doan-vien/{self.an.pk}/")
        self.assertContains(page, "Năm sinh")  # An has a year only, as before the migration
        self.assertContains(page, "1985")

    def test_luat_91_2025_the_id_number_is_masked_and_each_showing_is_logged(self):
        update_member(member=self.an, id_number="079085001234")
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/doan-vien/{self.an.pk}/")
        self.assertContains(page, "••••••••1234")
        self.assertNotContains(page, "079085001234")
        shown = self.client.get(f"/doan-vien/{self.an.pk}/so-dinh-danh/")
        self.assertContains(shown, "079085001234")
        self.assertTrue(DataAccess.objects.filter(member=self.an, action="view_id").exists())
        self.login(self.viewer)
        self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/so-dinh-danh/").status_code, 404)
        self.assertNotContains(self.client.get(f"/doan-vien/{self.an.pk}/"), "1234")

    def test_editing_without_retyping_the_id_number_keeps_it(self):
        update_member(member=self.an, id_number="079085001234")
        self.login(self.cdcs_hoa)
        data = {
            "full_name": "Nguyễn Văn An",
            "birth_year": "1985",
            "sex": "male",
            "card_number": "7900000001",
            "joined_on": "01/03/2015",
        }
        self.client.post(f"/doan-vien/{self.an.pk}/sua/", data)
        self.an.refresh_from_db()
        self.assertEqual(self.an.id_number, "079085001234")


class PersonalDataTests(DailyWorld):
    def test_luat_91_2025_the_purpose_text_and_access_log_cite_the_law(self):
        self.login(self.cdcs_hoa)
        self.assertContains(self.client.get(f"/doan-vien/don-vi/{self.school.pk}/"), "91/2025/QH15")
        log = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/nhat-ky/")
        self.assertContains(log, "theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15")

    def test_luat_91_2025_art4_each_request_has_its_clock(self):
        monday = dt.date(2026, 12, 7)
        restriction = record_subject_request(
            member=self.an, kind="restriction", received_on=monday, detail="", user=None
        )
        self.assertEqual(restriction.ack_due_on, dt.date(2026, 12, 9))  # 2 working days
        self.assertEqual(restriction.due_on, monday + dt.timedelta(days=15))
        for kind in ("access", "correction", "deletion"):
            item = record_subject_request(member=self.an, kind=kind, received_on=monday, detail="", user=None)
            self.assertEqual(item.due_on, monday + dt.timedelta(days=rules.SUBJECT_OTHER_DAYS.value()))
        self.assertFalse(rules.SUBJECT_OTHER_DAYS.found)  # the per-right days were not found: said so

    def test_luat_91_2025_art4_a_request_is_recorded_through_the_member_page(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/doan-vien/{self.an.pk}/yeu-cau-du-lieu/",
            {"kind": "correction", "received_on": today().strftime("%d/%m/%Y"), "detail": "Sai ngày sinh"},
        )
        self.assertRedirects(response, f"/doan-vien/{self.an.pk}/")
        item = SubjectRequest.objects.get()
        self.client.post(
            f"/doan-vien/yeu-cau-du-lieu/{item.pk}/xong/",
            {"on": today().strftime("%d/%m/%Y"), "outcome": "Đã sửa"},
        )
        item.refresh_from_db()
        self.assertEqual(item.done_on, today())
        self.assertTrue(DataAccess.objects.filter(member=self.an, action="subject").exists())

    def test_luat_91_2025_art4_a_restricted_member_leaves_no_export(self):
        from trienkhai.members.views import _register_members

        item = record_subject_request(
            member=self.an, kind="restriction", received_on=dt.date(2026, 1, 5), detail="", user=None
        )
        complete_subject_request(request=item, on=dt.date(2026, 1, 6), outcome="Đã hạn chế")
        self.assertEqual(list(_register_members(self.school, dt.date(2026, 1, 6))), [self.binh])
        self.assertEqual(member_count(self.school, on=dt.date(2026, 1, 6)), 2)  # still counted

    def test_luat_91_2025_art14_deleting_a_member_who_left_anonymises_and_keeps_past_counts(self):
        update_member(member=self.binh, id_number="079190000002", birth_date=dt.date(1990, 5, 5))
        self.login(self.cdcs_hoa)
        response = self.client.post(f"/doan-vien/{self.binh.pk}/xoa-du-lieu/")
        self.assertEqual(Member.objects.get(pk=self.binh.pk).full_name, "Trần Thị Bình")  # active: refused
        self.assertRedirects(response, f"/doan-vien/{self.binh.pk}/")
        leave_member(member=self.binh, on=JUNE, reason="job_ended")
        before = member_count(self.school, on=MARCH)
        self.client.post(f"/doan-vien/{self.binh.pk}/xoa-du-lieu/")
        self.binh.refresh_from_db()
        self.assertTrue(self.binh.full_name.startswith("Đoàn viên đã rời #"))
        self.assertEqual((self.binh.id_number, self.binh.birth_date, self.binh.phone), ("", None, ""))
        self.assertEqual(self.binh.birth_year, 1990)
        self.assertEqual(member_count(self.school, on=MARCH), before)
        self.assertTrue(DataAccess.objects.filter(member=self.binh, action="erase").exists())

    def test_luat_91_2025_art4_the_member_own_data_export(self):
        update_member(member=self.an, full_name="=HYPERLINK(1)")
        self.login(self.cdcs_hoa)
        response = self.client.get(f"/doan-vien/{self.an.pk}/du-lieu-cua-toi.xlsx")
        assert_text_only(self, response)
        cells = {
            c.value
            for ws in load_workbook(io.BytesIO(response.content)).worksheets
            for r in ws.iter_rows()
            for c in r
        }
        self.assertIn("=HYPERLINK(1)", cells)
        self.assertIn("7900000001", cells)
        self.assertTrue(DataAccess.objects.filter(member=self.an, action="export_own").exists())
        self.login(self.viewer)
        self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/du-lieu-cua-toi.xlsx").status_code, 404)


class ReportSourceTests(DailyWorld):
    def test_dieu_le_the_report_total_leaves_out_the_paused_and_counts_them_apart(self):
        from trienkhai.members.report_sources import figures

        pause_member(member=self.binh, on=MARCH, reason="job_lost")
        answer = figures(self.school, dt.date(2025, 1, 1), dt.date(2025, 3, 31))
        self.assertEqual((answer["members.total"].value, answer["members.paused"].value), (1, 1))
