"""Complaint and denunciation cases (issue 19): the law's clocks as data with their articles, the law's
next step past a limit instead of one level a day, the denouncer's identity for the handlers only, and
the door awards calls (api.pending_for). One test per rule, named after its article.

Dates: 02/03/2026 is a Monday."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from trienkhai.concerns import clocks
from trienkhai.concerns.api import pending_for
from trienkhai.concerns.models import (
    CaseClock,
    Concern,
    ConcernBox,
    ConcernCase,
    ConcernCategory,
    IdentityRead,
    ensure_default_categories,
)
from trienkhai.concerns.workflow import accept_case, close_case, file_concern, open_case, run_case_clocks
from trienkhai.core.models import Notification
from trienkhai.members.workflow import add_member
from trienkhai.orgs.models import Role

from .world import World

MON = dt.date(2026, 3, 2)


class CaseWorld(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ensure_default_categories()
        cls.box = ConcernBox.objects.create(unit=cls.school)
        cls.category = ConcernCategory.objects.get(name="Kỷ luật, sa thải, đối xử không công bằng")
        # Another write role in the school: an officer of the same unit who is not a case handler.
        cls.cdcs_vice = cls.make_user("cdcs_vice", "Phan Văn Phó", cls.school, Role.VICE_CHAIR)
        cls.an = add_member(
            unit=cls.school, full_name="Nguyễn Văn An", birth_year=1985, sex="male", joined_on=MON
        )

    def concern(self, *, name: str = "Phạm Thị Tố", contact: str = "0987654321") -> Concern:
        return file_concern(
            box=self.box,
            category=self.category,
            text="Tổ trưởng ép ký biên bản sai sự thật.",
            anonymous=False,
            name=name,
            contact=contact,
            on=MON,
        )

    def case(self, kind: str = "complaint", *, remote: bool = False, **kw) -> ConcernCase:
        return open_case(
            concern=self.concern(),
            kind=kind,
            unit=self.school,
            received_on=kw.pop("received_on", MON),
            user=self.cdcs_hoa,
            remote=remote,
            **kw,
        )


class ComplaintClockTests(CaseWorld):
    def test_luat_khieu_nai_2011_art27_accepted_within_10_working_days(self):
        case = self.case()
        self.assertEqual(case.accept_due, dt.date(2026, 3, 16))  # two weekends skipped
        self.assertIn("Điều 27 Luật Khiếu nại 2011", clocks.article("complaint_accept"))

    def test_luat_khieu_nai_2011_art28_settled_within_30_days_of_acceptance(self):
        case = self.case()
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        self.assertEqual(case.settle_due, dt.date(2026, 4, 1))

    def test_luat_khieu_nai_2011_art28_complex_45_days_by_http(self):
        case = self.case()
        self.login(self.cdcs_hoa)
        url = f"/tam-tu/{case.concern_id}/vu-viec/buoc/"
        self.client.post(url, {"action": "accept", "on": "02/03/2026"})
        self.client.post(url, {"action": "complexity", "complexity": "complex"})
        case.refresh_from_db()
        self.assertEqual(case.settle_due, dt.date(2026, 4, 16))

    def test_luat_khieu_nai_2011_art28_remote_area_45_and_60_days(self):
        case = self.case(remote=True)
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        self.assertEqual(case.settle_due, dt.date(2026, 4, 16))
        other = self.case(remote=True)
        other.complexity = ConcernCase.Complexity.COMPLEX
        accept_case(case=other, on=MON, user=self.cdcs_hoa)
        # 60 days end on 01/05, a public holiday: the limit moves to Monday 04/05 (BLDS Art. 148(5)).
        self.assertEqual(other.settle_due, dt.date(2026, 5, 4))

    def test_blds_2015_art148_a_last_day_off_moves_to_the_next_working_day(self):
        case = self.case()
        accept_case(case=case, on=dt.date(2026, 3, 5), user=self.cdcs_hoa)  # +30 = Saturday 04/04
        self.assertEqual(case.settle_due, dt.date(2026, 4, 6))
        self.assertEqual(clocks.add(MON, 60, clocks.CALENDAR), dt.date(2026, 5, 4))  # 01/05 is a holiday
        with override_settings(PUBLIC_HOLIDAYS_REMOVED=["2026-05-01"]):
            self.assertEqual(clocks.add(MON, 60, clocks.CALENDAR), dt.date(2026, 5, 1))

    def test_a_clock_is_data_a_federation_changes(self):
        CaseClock.objects.filter(key="complaint_settle").update(value=20)
        case = self.case()
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        self.assertEqual(case.settle_due, dt.date(2026, 3, 23))
        self.assertTrue(CaseClock.objects.filter(key="reminder_before", article__contains="ví dụ").exists())

    def test_luat_khieu_nai_2011_has_no_extension(self):
        case = self.case()
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/tam-tu/{case.concern_id}/vu-viec/buoc/", {"action": "extend"}, follow=True
        )
        self.assertContains(response, "không quy định gia hạn")
        case.refresh_from_db()
        self.assertEqual((case.settle_due, case.extensions), (dt.date(2026, 4, 1), 0))

    def test_luat_khieu_nai_2011_art33_past_the_limit_the_superior_is_told_not_one_level_a_day(self):
        case = self.case()
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        run_case_clocks(on=dt.date(2026, 4, 2))
        case.refresh_from_db()
        concern = Concern.objects.get(pk=case.concern_id)
        self.assertEqual((concern.handler, concern.level), (self.school, 0))  # not moved up
        self.assertEqual(case.superior, self.commune)
        # 30 days after the limit (Art. 33(1)) end on 01/05, a public holiday: Monday 04/05.
        self.assertEqual(case.superior_due, dt.date(2026, 5, 4))
        self.assertTrue(Notification.objects.filter(user=self.officer_minh, verb="case_overdue").exists())
        self.assertTrue(concern.events.filter(public=True, text__contains="khiếu nại lần hai").exists())
        run_case_clocks(on=dt.date(2026, 4, 3))
        self.assertEqual(Notification.objects.filter(user=self.officer_minh, verb="case_overdue").count(), 1)


class DenunciationClockTests(CaseWorld):
    def test_luat_to_cao_2018_art24_accepted_within_7_working_days(self):
        case = self.case("denunciation")
        self.assertEqual(case.accept_due, dt.date(2026, 3, 11))

    def test_luat_to_cao_2018_art30_settled_within_30_days(self):
        case = self.case("denunciation", remote=True)  # no longer limit for remote areas in Art. 30
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        self.assertEqual(case.settle_due, dt.date(2026, 4, 1))

    def test_luat_to_cao_2018_art30_complex_is_extended_once_only(self):
        case = self.case("denunciation")
        self.login(self.cdcs_hoa)
        url = f"/tam-tu/{case.concern_id}/vu-viec/buoc/"
        self.client.post(url, {"action": "accept", "on": "02/03/2026"})
        refused = self.client.post(url, {"action": "extend"}, follow=True)  # a normal case: none
        self.assertContains(refused, "gia hạn tối đa 0 lần")
        self.client.post(url, {"action": "complexity", "complexity": "complex"})
        self.client.post(url, {"action": "extend"})
        second = self.client.post(url, {"action": "extend"}, follow=True)
        self.assertContains(second, "gia hạn tối đa 1 lần")
        case.refresh_from_db()
        # 01/04 + 30 days ends on 01/05, a public holiday: Monday 04/05.
        self.assertEqual((case.extensions, case.settle_due), (1, dt.date(2026, 5, 4)))

    def test_luat_to_cao_2018_art30_very_complex_is_extended_twice(self):
        case = self.case("denunciation")
        self.login(self.cdcs_hoa)
        url = f"/tam-tu/{case.concern_id}/vu-viec/buoc/"
        self.client.post(url, {"action": "accept", "on": "02/03/2026"})
        self.client.post(url, {"action": "complexity", "complexity": "very_complex"})
        for _ in range(3):
            self.client.post(url, {"action": "extend"})
        case.refresh_from_db()
        # 01/04 + 30 → 04/05 (01/05 is a holiday), + 30 → Wednesday 03/06.
        self.assertEqual((case.extensions, case.settle_due), (2, dt.date(2026, 6, 3)))

    def test_luat_to_cao_2018_art38_overdue_goes_to_the_superiors_home_with_its_5_working_days(self):
        case = self.case("denunciation")
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        run_case_clocks(on=dt.date(2026, 4, 2))
        case.refresh_from_db()
        self.assertEqual((case.superior, case.superior_due), (self.commune, dt.date(2026, 4, 9)))
        self.login(self.officer_minh)
        home = self.client.get("/")
        self.assertContains(home, "Tố cáo quá hạn tại cấp dưới")
        self.assertContains(home, "khoản 2 Điều 38 Luật Tố cáo 2018")


class ReminderAndHomeTests(CaseWorld):
    def test_a_clock_is_reminded_before_it_runs_out_and_on_its_last_day_once(self):
        case = self.case()
        for day in (dt.date(2026, 3, 10), dt.date(2026, 3, 11), dt.date(2026, 3, 11), dt.date(2026, 3, 16)):
            run_case_clocks(on=day)
        notes = Notification.objects.filter(user=self.cdcs_hoa, verb="case_due")
        self.assertEqual(notes.count(), 2)  # 5 days before (11/03) and the last day (16/03)
        self.assertIn("hạn thụ lý 16/3/2026", notes.first().text)
        self.assertEqual(case.accept_due, dt.date(2026, 3, 16))

    def test_the_clock_shows_with_its_article_on_the_holding_units_home(self):
        case = self.case("denunciation")
        accept_case(case=case, on=MON, user=self.cdcs_hoa)
        self.login(self.cdcs_hoa)
        home = self.client.get("/")
        self.assertContains(home, "Khiếu nại, tố cáo: thời hạn theo luật")
        self.assertContains(home, "hạn giải quyết")
        self.assertContains(home, "khoản 1 Điều 30 Luật Tố cáo 2018")

    def test_a_plain_concern_still_escalates_but_a_case_does_not(self):
        from trienkhai.concerns.workflow import escalate_overdue

        plain = self.concern()
        case = self.case()
        escalate_overdue(on=MON + dt.timedelta(days=30))
        self.assertEqual(Concern.objects.get(pk=plain.pk).level, 1)
        self.assertEqual(Concern.objects.get(pk=case.concern_id).level, 0)


class OpenCaseByHttpTests(CaseWorld):
    def test_a_concern_becomes_a_complaint_with_its_start_date_and_holding_unit(self):
        concern = self.concern()
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/tam-tu/{concern.pk}/vu-viec/",
            {
                "kind": "complaint",
                "received_on": "02/03/2026",
                "unit": self.school.pk,
                "subject_member": self.an.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        case = ConcernCase.objects.get(concern=concern)
        self.assertEqual((case.kind, case.unit, case.received_on), ("complaint", self.school, MON))
        self.assertEqual(list(case.handlers.all()), [self.cdcs_hoa])
        page = self.client.get(f"/tam-tu/{concern.pk}/")
        self.assertContains(page, "16/3/2026")
        self.assertContains(page, "Điều 27 Luật Khiếu nại 2011")

    def test_a_bad_date_or_a_unit_outside_reach_is_a_message_and_keeps_the_input(self):
        concern = self.concern()
        self.login(self.cdcs_hoa)
        url = f"/tam-tu/{concern.pk}/vu-viec/"
        response = self.client.post(
            url, {"kind": "denunciation", "received_on": "31/02/2026", "unit": self.school.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "31/02/2026", status_code=400)
        other = self.client.post(
            url, {"kind": "complaint", "received_on": "02/03/2026", "unit": self.other_cdcs.pk}
        )
        self.assertContains(other, "Hãy chọn một đơn vị trong danh sách.", status_code=400)
        self.assertFalse(ConcernCase.objects.exists())

    def test_closing_in_time_tells_the_submitter_and_stops_the_clock(self):
        case = self.case()
        self.login(self.cdcs_hoa)
        url = f"/tam-tu/{case.concern_id}/vu-viec/buoc/"
        self.client.post(url, {"action": "accept", "on": "02/03/2026"})
        self.client.post(
            url, {"action": "close", "on": "20/03/2026", "outcome": "settled", "result": "Hủy biên bản."}
        )
        case.refresh_from_db()
        self.assertEqual(case.closed_on, dt.date(2026, 3, 20))
        self.client.logout()
        status = self.client.post("/gop-y/tra-cuu/", {"code": case.concern.code})
        self.assertContains(status, "Hủy biên bản.")
        self.assertEqual(run_case_clocks(on=dt.date(2026, 4, 2)), 0)


class IdentityTests(CaseWorld):
    def test_luat_to_cao_2018_art47_the_identity_is_hidden_from_other_officers_of_the_unit(self):
        case = self.case("denunciation")
        for user in (self.cdcs_vice, self.officer_minh):
            self.login(user)
            page = self.client.get(f"/tam-tu/{case.concern_id}/")
            self.assertContains(page, "Được giữ bí mật")
            self.assertNotContains(page, "Phạm Thị Tố")
            self.assertNotContains(page, "0987654321")
            self.assertEqual(self.client.get(f"/tam-tu/{case.concern_id}/danh-tinh/").status_code, 404)
            self.assertNotContains(self.client.get("/tam-tu/?loc=tat-ca"), "Phạm Thị Tố")
            self.assertNotContains(self.client.get("/"), "Phạm Thị Tố")
        self.assertFalse(IdentityRead.objects.exists())

    def test_luat_to_cao_2018_art47_every_read_by_a_handler_is_logged(self):
        case = self.case("denunciation")
        self.login(self.cdcs_hoa)
        detail = self.client.get(f"/tam-tu/{case.concern_id}/")
        self.assertNotContains(detail, "Phạm Thị Tố")  # not even a handler sees it without asking
        self.assertContains(detail, "identity-link")
        for _ in range(2):
            page = self.client.get(f"/tam-tu/{case.concern_id}/danh-tinh/")
            self.assertContains(page, "Phạm Thị Tố")
        self.assertEqual(IdentityRead.objects.filter(case=case, user=self.cdcs_hoa).count(), 2)

    def test_a_complainants_name_stays_visible_to_the_union(self):
        case = self.case("complaint")
        self.login(self.cdcs_vice)
        self.assertContains(self.client.get(f"/tam-tu/{case.concern_id}/"), "Phạm Thị Tố")


class PendingForTests(CaseWorld):
    def test_an_open_case_about_a_unit_makes_its_award_wait(self):
        self.case("denunciation", subject_unit=self.school)
        reasons = pending_for(unit_ids=[self.school.pk], member_ids=[], on=dt.date(2026, 3, 20))
        self.assertEqual(len(reasons), 1)
        self.assertIn("tố cáo", reasons[0])
        self.assertIn("Công đoàn Trường Tiểu học Hòa Lạc", reasons[0])
        self.assertNotIn("Phạm Thị Tố", reasons[0])

    def test_an_open_case_about_a_member_makes_their_award_wait(self):
        self.case("complaint", subject_member_id=self.an.pk)
        self.assertEqual(len(pending_for(unit_ids=[], member_ids=[self.an.pk], on=MON)), 1)
        self.assertEqual(pending_for(unit_ids=[self.factory.pk], member_ids=[], on=MON), [])

    def test_a_case_closed_before_or_received_after_the_date_does_not(self):
        case = self.case("complaint", subject_unit=self.school)
        self.assertEqual(
            pending_for(unit_ids=[self.school.pk], member_ids=[], on=MON - dt.timedelta(days=1)), []
        )
        close_case(case=case, outcome="settled", result="Xong.", on=dt.date(2026, 3, 20), user=self.cdcs_hoa)
        self.assertEqual(
            len(pending_for(unit_ids=[self.school.pk], member_ids=[], on=dt.date(2026, 3, 20))), 1
        )
        self.assertEqual(pending_for(unit_ids=[self.school.pk], member_ids=[], on=dt.date(2026, 3, 21)), [])

    def test_a_case_is_answered_by_closing_it_not_by_the_plain_answer(self):
        case = self.case()
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/tam-tu/{case.concern_id}/tra-loi/", {"answer": "Đã xong."}, follow=True
        )
        self.assertContains(response, "hãy kết thúc vụ việc")
        self.assertEqual(Concern.objects.get(pk=case.concern_id).status, Concern.Status.IN_PROGRESS)
