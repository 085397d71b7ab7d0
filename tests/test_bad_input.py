"""Ordinary bad input never ends in a server error, on SQLite and on PostgreSQL: NUL characters, ids beyond
64 bits, forged lists of ids. Each gets a page in Vietnamese and keeps what the user typed."""

from __future__ import annotations

from trienkhai.plans.models import PlanAssignment
from trienkhai.reports.models import Submission, SubmissionEvent, SubmissionValue

from .reports_world import ReportWorld

S = Submission.Status


class NulTests(ReportWorld):
    def test_nul_in_searches_is_dropped(self):
        self.login(self.chairwoman_lan)
        for url in ("/don-vi/?q=%00", "/don-vi/?q=H%C3%B2a%00", "/can-cu/?q=a%00", "/ke-hoach/?q=a%00"):
            response = self.client.get(url)
            assert response.status_code == 200, url
        self.assertContains(self.client.get("/don-vi/?q=H%C3%B2a%20L%E1%BA%A1c%00"), self.commune.name)

    def test_nul_in_a_report_value_an_autosave_and_a_comment_is_dropped_and_the_rest_kept(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        response = self.post(sub, "save", v_sessions="4\x00", **{f"v_{self.narrative.key}": "Đã\x00 làm"})
        assert response.status_code == 302
        assert SubmissionValue.objects.get(submission=sub, key="sessions").raw == "4"
        sub.refresh_from_db()
        response = self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/",
            {"lock_version": sub.lock_version, "v_attendees\x00": "1", "v_new_members": "2\x00"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert SubmissionValue.objects.get(submission=sub, key="new_members").raw == "2"
        sub.refresh_from_db()
        self.post(sub, "submit", **self.good_values())
        self.login(self.officer_minh)
        response = self.client.post(
            f"/bao-cao/{sub.pk}/duyet/", {"action": "return", "comment": "Sai\x00 số"}
        )
        assert response.status_code == 302
        assert SubmissionEvent.objects.get(submission=sub, to_status=S.RETURNED).comment.startswith("Sai số")


class IdRangeTests(ReportWorld):
    def test_ids_beyond_64_bits_are_404_not_500(self):
        self.login(self.chairwoman_lan)
        huge = "9223372036854775808"
        for url in (
            f"/don-vi/{huge}/",
            f"/ke-hoach/{huge}/",
            f"/ke-hoach/{self.plan.pk}/phien-ban/{huge}/",
            f"/bao-cao/{huge}/",
            f"/van-ban/{huge}/",
            f"/can-cu/{huge}/",
            f"/bao-cao/bieu-mau/{self.form.pk}/don-vi/{self.school.pk}/{huge}/1/",
            f"/ke-hoach/moi/?don_vi={huge}",
            f"/ke-hoach/{self.plan.pk}/tien-do/?cap_tren={huge}",
        ):
            response = self.client.get(url)
            assert response.status_code in (200, 404), (url, response.status_code)
        self.assertContains(self.client.get(f"/don-vi/{huge}/"), "Không tìm thấy", status_code=404)

    def test_unit_filters_beyond_64_bits_on_the_daily_work_lists_are_ignored_not_500(self):
        self.login(self.chairwoman_lan)
        for huge in ("9223372036854775808", "1" * 40, "-1", "1e5", "٣"):
            for url in (
                "/tam-tu/",
                "/phap-ly/",
                "/thoa-uoc/",
                "/thoa-uoc/doi-thoai/",
                "/hoat-dong/",
                "/doan-vien/thanh-lap-cdcs/",
            ):
                response = self.client.get(url, {"don-vi": huge})
                assert response.status_code == 200, (url, huge, response.status_code)

    def test_a_huge_lock_version_is_a_conflict_not_a_500(self):
        from trienkhai.plans.models import Plan

        draft = Plan.objects.create(owner_unit=self.commune, title="Nháp", created_by=self.officer_minh)
        self.login(self.officer_minh)
        response = self.client.post(
            f"/ke-hoach/{draft.pk}/sua/", {"lock_version": "99999999999999999999999", "title": "Nháp 2"}
        )
        assert response.status_code == 409


class ForgedTaskListTests(ReportWorld):
    def test_tasks_abc_keeps_the_page_with_a_message(self):
        from trienkhai.plans.models import Task

        task = Task.objects.create(plan=self.plan, group=self.group, position=0, code="II.1.1", text="Một")
        assignment = PlanAssignment.objects.get(plan=self.plan, unit=self.school)
        self.login(self.cdcs_hoa)
        response = self.client.post(f"/ke-hoach/nhan/{assignment.pk}/", {"tasks": [str(task.pk), "abc"]})
        self.assertContains(response, "không hợp lệ", status_code=400)
        assignment.refresh_from_db()
        assert assignment.sub_plan is None
        response = self.client.post(f"/ke-hoach/nhan/{assignment.pk}/", {"tasks": ["9" * 30]})
        assert response.status_code == 400
        response = self.client.post(f"/ke-hoach/nhan/{assignment.pk}/", {"tasks": [str(task.pk)]})
        assignment.refresh_from_db()
        self.assertRedirects(response, f"/ke-hoach/{assignment.sub_plan_id}/")
        response = self.client.post(f"/ke-hoach/{assignment.sub_plan_id}/chon-nhiem-vu/", {"tasks": "abc"})
        assert response.status_code == 302
        page = self.client.get(response["Location"])
        self.assertContains(page, "không hợp lệ")
