"""Inspection and supervision: the plan → record → recommendation → answer with evidence → reopen →
answer → accept flow through HTTP, scope (a CĐCS sees only its own visit), the reminder for an overdue
recommendation (once), the home sections, and the notice and record generated through issuing (read back
from the .docx)."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.models import Notification
from trienkhai.inspections import daily, workflow
from trienkhai.inspections.models import Evidence, InspectionPlan, Recommendation, TeamMember, Visit
from trienkhai.inspections.workflow import TeamEntry
from trienkhai.issuing import workflow as issuing
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.issuing.signers import Signer
from trienkhai.orgs.models import Role, today

from .docread.util import require_tools
from .issuing_world import IMMEDIATE
from .layout import assert_decree30_layout, assert_pdf_keeps_the_text, save_page_one
from .media import TempMediaMixin
from .test_reports_flow import tiny_pdf
from .world import World

SIGNER = {"signer": Signer(mode="TM", collective="BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Lê Văn Hùng")}
TOPICS = ["Việc thực hiện Điều lệ Công đoàn Việt Nam", "Thu, nộp đoàn phí công đoàn"]


class InspectionWorld(TempMediaMixin, World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cdcs_dung = cls.make_user("cdcs_dung", "Dũng", cls.factory, Role.CDCS_CHAIR)
        cls.today = today()
        cls.start = cls.today - dt.timedelta(days=20)

    def make_plan(self) -> InspectionPlan:
        plan = InspectionPlan(
            unit=self.commune,
            title="Kiểm tra việc chấp hành Điều lệ Công đoàn năm 2026",
            topics=TOPICS,
            starts_on=self.start,
            ends_on=self.start + dt.timedelta(days=30),
        )
        return workflow.save_plan(
            plan=plan,
            units=[self.school, self.factory],
            team=[
                TeamEntry("Trần Văn Bình", "Chủ tịch Công đoàn xã", TeamMember.Role.HEAD),
                TeamEntry("Lê Thị Mai", "Ủy viên Ủy ban Kiểm tra", TeamMember.Role.MEMBER, self.officer_minh),
            ],
            user=self.officer_minh,
        )

    def visit_of(self, plan: InspectionPlan, unit) -> Visit:  # noqa: ANN001
        return plan.visits.get(unit=unit)

    def recommend(
        self, visit: Visit, *, deadline: dt.date, text: str = "Lập sổ theo dõi đoàn phí"
    ) -> Recommendation:
        return workflow.add_recommendation(
            visit=visit, text=text, deadline=deadline, owner_name="Đỗ Thị Hoa", user=self.officer_minh
        )

    def pdf(self, name: str = "bien-ban-hop.pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, tiny_pdf(), content_type="application/pdf")


class InspectionFlowTests(InspectionWorld):
    def test_plan_record_recommendation_answer_reopen_answer_accept_through_http(self) -> None:
        self.login(self.officer_minh)
        start = self.start.strftime("%d/%m/%Y")
        end = (self.start + dt.timedelta(days=30)).strftime("%d/%m/%Y")
        response = self.client.post(
            "/kiem-tra/moi/",
            {
                "process": "charter",
                "title": "Kiểm tra việc chấp hành Điều lệ Công đoàn năm 2026",
                "topics_text": "\n".join(TOPICS),
                "starts_on": start,
                "ends_on": end,
                "units": [self.school.pk, self.factory.pk],
                "team-TOTAL_FORMS": "2",
                "team-INITIAL_FORMS": "0",
                "team-0-name": "Trần Văn Bình",
                "team-0-position": "Chủ tịch",
                "team-0-role": "head",
                "team-1-name": "",
                "team-1-role": "member",
                "team-1-user": str(self.officer_minh.pk),
            },
        )
        plan = InspectionPlan.objects.get()
        self.assertRedirects(response, f"/kiem-tra/{plan.pk}/")
        self.assertEqual(plan.topics, TOPICS)
        self.assertEqual(sorted(plan.visits.values_list("unit__code", flat=True)), ["AB-HL-MAY", "AB-HL-TH"])
        self.assertEqual(
            [(m.name, m.role) for m in plan.team.all()],
            [("Trần Văn Bình", "head"), ("Lê Quang Minh", "member")],
        )
        visit = self.visit_of(plan, self.school)

        response = self.client.post(
            f"/kiem-tra/don-vi/{visit.pk}/bien-ban/",
            {
                "visit_on": self.start.strftime("%d/%m/%Y"),
                "attendees": "Đỗ Thị Hoa, Chủ tịch CĐCS",
                "checked": "Sổ sách đoàn phí\nNghị quyết Ban Chấp hành",
                "findings": "Thu đoàn phí đúng quy định; sổ sách chưa cập nhật đủ.",
                "recorded_on": self.start.strftime("%d/%m/%Y"),
            },
        )
        self.assertRedirects(response, f"/kiem-tra/don-vi/{visit.pk}/")
        visit.refresh_from_db()
        self.assertTrue(visit.is_recorded)

        deadline = self.today + dt.timedelta(days=30)
        response = self.client.post(
            f"/kiem-tra/don-vi/{visit.pk}/kien-nghi/",
            {
                "text": "Cập nhật sổ theo dõi đoàn phí",
                "deadline": deadline.strftime("%d/%m/%Y"),
                "owner_name": "",
            },
        )
        rec = Recommendation.objects.get()
        self.assertRedirects(
            response, f"/kiem-tra/don-vi/{visit.pk}/#kien-nghi-{rec.pk}", fetch_redirect_response=False
        )

        # The CĐCS answers with evidence.
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/kiem-tra/kien-nghi/{rec.pk}/tra-loi/",
            {"action_taken": "Đã cập nhật sổ.", "files": [self.pdf()]},
        )
        self.assertEqual(response.status_code, 302)
        rec.refresh_from_db()
        self.assertEqual((rec.status, rec.action_taken), ("answered", "Đã cập nhật sổ."))
        evidence = Evidence.objects.get()
        self.assertEqual((evidence.name, evidence.uploaded_by), ("bien-ban-hop.pdf", self.cdcs_hoa))

        # The inspecting unit reopens it with a reason and a new deadline.
        self.login(self.officer_minh)
        later = self.today + dt.timedelta(days=45)
        response = self.client.post(
            f"/kiem-tra/kien-nghi/{rec.pk}/mo-lai/",
            {
                f"r{rec.pk}-reason": "Thiếu sổ của tổ công đoàn số 2.",
                f"r{rec.pk}-deadline": later.strftime("%d/%m/%Y"),
            },
        )
        self.assertEqual(response.status_code, 302)
        rec.refresh_from_db()
        self.assertEqual((rec.status, rec.deadline), ("open", later))

        self.login(self.cdcs_hoa)
        self.client.post(
            f"/kiem-tra/kien-nghi/{rec.pk}/tra-loi/",
            {"action_taken": "Đã bổ sung sổ của tổ số 2.", "files": [self.pdf("so-to-2.pdf")]},
        )
        self.login(self.officer_minh)
        response = self.client.post(f"/kiem-tra/kien-nghi/{rec.pk}/chap-nhan/")
        self.assertEqual(response.status_code, 302)
        rec.refresh_from_db()
        self.assertEqual(rec.status, "closed")
        self.assertIsNotNone(rec.closed_at)
        trail = [(e.from_status, e.to_status, e.actor.username) for e in rec.events.select_related("actor")]
        self.assertEqual(
            trail,
            [
                ("", "open", "officer_minh"),
                ("open", "answered", "cdcs_hoa"),
                ("answered", "open", "officer_minh"),
                ("open", "answered", "cdcs_hoa"),
                ("answered", "closed", "officer_minh"),
            ],
        )
        reopened = rec.events.get(to_status="open", from_status="answered")
        self.assertIn("Thiếu sổ của tổ công đoàn số 2.", reopened.comment)
        self.assertEqual(
            [
                list(e.evidence.values_list("name", flat=True))
                for e in rec.events.filter(to_status="answered")
            ],
            [["bien-ban-hop.pdf"], ["so-to-2.pdf"]],
        )
        page = self.client.get(f"/kiem-tra/don-vi/{visit.pk}/")
        self.assertContains(page, "Thiếu sổ của tổ công đoàn số 2.")
        self.assertContains(page, "so-to-2.pdf")
        # The CĐCS downloads its evidence; a closed recommendation takes no more answers.
        self.login(self.cdcs_hoa)
        download = self.client.get(f"/kiem-tra/kien-nghi/{rec.pk}/minh-chung/{evidence.pk}/")
        self.assertEqual(b"".join(download.streaming_content), tiny_pdf())
        response = self.client.post(f"/kiem-tra/kien-nghi/{rec.pk}/tra-loi/", {"action_taken": "Thêm"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "đã được xác nhận hoàn thành", status_code=400)

    def test_plan_form_refuses_bad_input_in_vietnamese_and_keeps_what_was_typed(self) -> None:
        self.login(self.officer_minh)
        response = self.client.post(
            f"/kiem-tra/moi/?don-vi={self.commune.pk}",
            {
                "process": "charter",
                "title": "Kiểm tra công tác tài chính công đoàn",
                "topics_text": "Quản lý tài chính",
                "starts_on": "20/5/2026",
                "ends_on": "10/5/2026",
                "team-TOTAL_FORMS": "2",
                "team-INITIAL_FORMS": "0",
                "team-0-name": "Nguyễn Văn Tâm",
                "team-0-position": "Ủy viên",
                "team-0-role": "member",
                "team-1-role": "member",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Ngày kết thúc phải từ ngày bắt đầu trở đi.", status_code=400)
        self.assertContains(response, "Hãy chọn ít nhất một tổ chức công đoàn.", status_code=400)
        self.assertContains(response, "Đoàn kiểm tra cần đúng một trưởng đoàn.", status_code=400)
        self.assertContains(response, "Kiểm tra công tác tài chính công đoàn", status_code=400)
        self.assertContains(response, "Nguyễn Văn Tâm", status_code=400)
        self.assertContains(response, "20/5/2026", status_code=400)
        self.assertFalse(InspectionPlan.objects.exists())

    def test_a_cdcs_with_a_record_cannot_be_dropped_from_the_plan(self) -> None:
        plan = self.make_plan()
        visit = self.visit_of(plan, self.factory)
        self.recommend(visit, deadline=self.today)
        self.login(self.officer_minh)
        data = {
            "process": "charter",
            "title": plan.title,
            "topics_text": "\n".join(TOPICS),
            "starts_on": plan.starts_on.strftime("%d/%m/%Y"),
            "ends_on": plan.ends_on.strftime("%d/%m/%Y"),
            "units": [self.school.pk],
            "team-TOTAL_FORMS": "1",
            "team-INITIAL_FORMS": "0",
            "team-0-name": "Trần Văn Bình",
            "team-0-role": "head",
        }
        response = self.client.post(f"/kiem-tra/{plan.pk}/sua/", data)
        self.assertContains(response, "Không bỏ được đơn vị đã có biên bản hoặc kiến nghị", status_code=400)
        self.assertEqual(plan.visits.count(), 2)

    def test_moving_the_period_moves_the_visits_not_yet_held(self) -> None:
        plan = self.make_plan()
        held = self.visit_of(plan, self.school)
        Visit.objects.filter(pk=held.pk).update(findings="Đã kiểm tra.", recorded_on=self.start)
        plan.starts_on, plan.ends_on = self.start + dt.timedelta(days=40), self.start + dt.timedelta(days=50)
        workflow.save_plan(
            plan=plan, units=[self.school, self.factory], team=[TeamEntry("Bình", role="head")], user=None
        )
        self.assertEqual(self.visit_of(plan, self.factory).visit_on, plan.starts_on)
        self.assertEqual(self.visit_of(plan, self.school).visit_on, self.start)  # a record keeps its day

    def test_record_and_recommendation_forms_refuse_bad_dates_and_keep_the_text(self) -> None:
        plan = self.make_plan()
        visit = self.visit_of(plan, self.school)
        self.login(self.officer_minh)
        outside = plan.ends_on + dt.timedelta(days=3)
        response = self.client.post(
            f"/kiem-tra/don-vi/{visit.pk}/bien-ban/",
            {
                "visit_on": outside.strftime("%d/%m/%Y"),
                "findings": "Sổ sách đầy đủ, rõ ràng.",
                "recorded_on": "",
            },
        )
        self.assertContains(response, "Ngày kiểm tra phải trong thời gian của kế hoạch", status_code=400)
        self.assertContains(response, "Sổ sách đầy đủ, rõ ràng.", status_code=400)
        response = self.client.post(
            f"/kiem-tra/don-vi/{visit.pk}/kien-nghi/",
            {
                "text": "Kiện toàn Ủy ban Kiểm tra công đoàn cơ sở",
                "deadline": "32/13/2026",
                "owner_name": "Hoa",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Kiện toàn Ủy ban Kiểm tra công đoàn cơ sở", status_code=400)
        self.assertContains(response, "32/13/2026", status_code=400)
        self.assertIn("deadline", response.context["form"].errors)
        visit.refresh_from_db()
        self.assertEqual((visit.findings, visit.recommendations.count()), ("", 0))

    def test_a_bad_evidence_file_is_refused_and_the_answer_text_kept(self) -> None:
        plan = self.make_plan()
        rec = self.recommend(self.visit_of(plan, self.school), deadline=self.today)
        self.login(self.cdcs_hoa)
        bad = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
        response = self.client.post(
            f"/kiem-tra/kien-nghi/{rec.pk}/tra-loi/",
            {"action_taken": "Đã họp BCH bàn biện pháp.", "files": [bad]},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Không nhận tệp «bao-cao.pdf»", status_code=400)
        self.assertContains(response, "Đã họp BCH bàn biện pháp.", status_code=400)
        rec.refresh_from_db()
        self.assertEqual(rec.status, "open")
        self.assertFalse(Evidence.objects.exists())

    def test_reopen_needs_a_reason_and_changes_nothing_without_it(self) -> None:
        plan = self.make_plan()
        rec = self.recommend(self.visit_of(plan, self.school), deadline=self.today)
        workflow.answer_recommendation(
            recommendation=rec, action_taken="Đã làm", files=[], user=self.cdcs_hoa
        )
        self.login(self.officer_minh)
        response = self.client.post(f"/kiem-tra/kien-nghi/{rec.pk}/mo-lai/", {f"r{rec.pk}-reason": ""})
        self.assertContains(response, "Hãy ghi lý do mở lại", status_code=400)
        rec.refresh_from_db()
        self.assertEqual(rec.status, "answered")
        self.assertEqual(rec.events.count(), 2)

    def test_changes_happen_only_on_post(self) -> None:
        plan = self.make_plan()
        rec = self.recommend(self.visit_of(plan, self.school), deadline=self.today)
        workflow.answer_recommendation(
            recommendation=rec, action_taken="Đã làm", files=[], user=self.cdcs_hoa
        )
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(f"/kiem-tra/kien-nghi/{rec.pk}/chap-nhan/").status_code, 405)
        self.assertEqual(self.client.get(f"/kiem-tra/{plan.pk}/thong-bao/").status_code, 405)
        rec.refresh_from_db()
        self.assertEqual(rec.status, "answered")
        self.assertIsNone(InspectionPlan.objects.get().notice)


class InspectionScopeTests(InspectionWorld):
    def test_a_cdcs_sees_only_its_own_visit_and_recommendations(self) -> None:
        plan = self.make_plan()
        school, factory = self.visit_of(plan, self.school), self.visit_of(plan, self.factory)
        school_rec = self.recommend(school, deadline=self.today, text="Kiến nghị riêng của trường")
        factory_rec = self.recommend(factory, deadline=self.today, text="Kiến nghị riêng của công ty may")
        self.login(self.cdcs_dung)
        page = self.client.get(f"/kiem-tra/{plan.pk}/")
        self.assertContains(page, "Công đoàn Công ty May Hòa Lạc")
        self.assertNotContains(page, "Công đoàn Trường Tiểu học Hòa Lạc")
        index = self.client.get("/kiem-tra/")
        self.assertContains(index, "Kiến nghị riêng của công ty may")
        self.assertNotContains(index, "Kiến nghị riêng của trường")
        for url in (
            f"/kiem-tra/don-vi/{school.pk}/",
            f"/kiem-tra/kien-nghi/{school_rec.pk}/tra-loi/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.get(f"/kiem-tra/don-vi/{factory.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/kiem-tra/kien-nghi/{factory_rec.pk}/tra-loi/").status_code, 200)

    def test_the_inspected_cdcs_cannot_record_accept_or_reopen(self) -> None:
        plan = self.make_plan()
        visit = self.visit_of(plan, self.school)
        rec = self.recommend(visit, deadline=self.today)
        workflow.answer_recommendation(
            recommendation=rec, action_taken="Đã làm", files=[], user=self.cdcs_hoa
        )
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.post(f"/kiem-tra/kien-nghi/{rec.pk}/chap-nhan/").status_code, 404)
        self.assertEqual(self.client.post(f"/kiem-tra/kien-nghi/{rec.pk}/mo-lai/", {}).status_code, 404)
        self.assertEqual(self.client.get(f"/kiem-tra/don-vi/{visit.pk}/bien-ban/").status_code, 404)
        self.assertEqual(self.client.get(f"/kiem-tra/{plan.pk}/sua/").status_code, 404)
        rec.refresh_from_db()
        self.assertEqual(rec.status, "answered")

    def test_an_outsider_gets_404_everywhere(self) -> None:
        plan = self.make_plan()
        visit = self.visit_of(plan, self.school)
        rec = self.recommend(visit, deadline=self.today)
        self.login(self.outsider)
        for url in (
            f"/kiem-tra/{plan.pk}/",
            f"/kiem-tra/don-vi/{visit.pk}/",
            f"/kiem-tra/kien-nghi/{rec.pk}/tra-loi/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertNotContains(self.client.get("/kiem-tra/"), plan.title)


class InspectionReminderAndHomeTests(InspectionWorld):
    def test_an_overdue_recommendation_is_reminded_once(self) -> None:
        plan = self.make_plan()
        late = self.recommend(self.visit_of(plan, self.school), deadline=self.today - dt.timedelta(days=1))
        answered = self.recommend(
            self.visit_of(plan, self.factory), deadline=self.today - dt.timedelta(days=1)
        )
        workflow.answer_recommendation(
            recommendation=answered, action_taken="Đã làm", files=[], user=self.cdcs_dung
        )
        self.recommend(self.visit_of(plan, self.factory), deadline=self.today + dt.timedelta(days=5))
        self.assertEqual(daily.run_daily(on=self.today), 2)
        self.assertEqual(daily.run_daily(on=self.today), 0)
        self.assertEqual(daily.run_daily(on=self.today + dt.timedelta(days=1)), 0)
        notes = Notification.objects.filter(verb="recommendation_overdue")
        self.assertEqual(sorted(notes.values_list("user__username", flat=True)), ["cdcs_hoa", "officer_minh"])
        self.assertTrue(all(f"#kien-nghi-{late.pk}" in n.url for n in notes))
        self.assertIn("Công đoàn Trường Tiểu học Hòa Lạc", notes.first().text)

    def test_each_step_is_told_to_the_other_side(self) -> None:
        plan = self.make_plan()
        rec = self.recommend(self.visit_of(plan, self.school), deadline=self.today)
        workflow.answer_recommendation(
            recommendation=rec, action_taken="Đã làm", files=[], user=self.cdcs_hoa
        )
        workflow.reopen_recommendation(
            recommendation=rec, user=self.officer_minh, reason="Thiếu biên bản họp"
        )
        workflow.answer_recommendation(
            recommendation=rec, action_taken="Đã bổ sung", files=[], user=self.cdcs_hoa
        )
        workflow.accept_recommendation(recommendation=rec, user=self.officer_minh)
        told = list(
            Notification.objects.filter(verb__startswith="recommendation_")
            .order_by("pk")
            .values_list("verb", "user__username")
        )
        self.assertEqual(
            told,
            [
                ("recommendation_answered", "officer_minh"),
                ("recommendation_open", "cdcs_hoa"),
                ("recommendation_answered", "officer_minh"),
                ("recommendation_closed", "cdcs_hoa"),
            ],
        )
        self.assertIn("Thiếu biên bản họp", Notification.objects.get(verb="recommendation_open").text)

    def test_open_recommendations_show_on_both_home_pages_until_closed(self) -> None:
        plan = self.make_plan()
        rec = self.recommend(
            self.visit_of(plan, self.school), deadline=self.today, text="Bổ sung quy chế chi tiêu"
        )
        for user, title in (
            (self.cdcs_hoa, "Kiến nghị sau kiểm tra cần thực hiện"),
            (self.officer_minh, "Kiến nghị của đoàn kiểm tra đang theo dõi"),
        ):
            self.login(user)
            page = self.client.get("/")
            self.assertContains(page, title)
            self.assertContains(page, "Bổ sung quy chế chi tiêu")
        self.login(self.cdcs_dung)
        self.assertNotContains(self.client.get("/"), "Bổ sung quy chế chi tiêu")
        workflow.answer_recommendation(
            recommendation=rec, action_taken="Đã ban hành", files=[], user=self.cdcs_hoa
        )
        workflow.accept_recommendation(recommendation=rec, user=self.officer_minh)
        for user in (self.cdcs_hoa, self.officer_minh):
            self.login(user)
            self.assertNotContains(self.client.get("/"), "Bổ sung quy chế chi tiêu")


def _texts(path: str) -> list[str]:
    d = docx.Document(path)
    texts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            texts.extend(c.text for c in row.cells)
    return texts


class InspectionDocumentTests(InspectionWorld):
    def test_the_notice_names_the_cdcs_topics_team_and_dates_and_issues_in_decree_30_layout(self) -> None:
        plan = self.make_plan()
        self.login(self.officer_minh)
        response = self.client.post(f"/kiem-tra/{plan.pk}/thong-bao/")
        plan.refresh_from_db()
        draft = plan.notice
        self.assertRedirects(response, f"/van-ban-di/{draft.pk}/", fetch_redirect_response=False)
        c = draft.content
        self.assertEqual(
            (draft.kind, draft.unit, c["number"], c["doc_type"]), ("notice", self.commune, "/TB-CĐX", "TB")
        )
        self.assertEqual(c["title"], "Về việc kiểm tra việc chấp hành Điều lệ Công đoàn năm 2026")
        self.assertEqual(
            [s["title"] for s in c["sections"]],
            [
                "NỘI DUNG KIỂM TRA",
                "ĐƠN VỊ ĐƯỢC KIỂM TRA VÀ THỜI GIAN",
                "THÀNH PHẦN ĐOÀN KIỂM TRA",
                "TỔ CHỨC THỰC HIỆN",
            ],
        )
        self.assertEqual(c["sections"][0]["items"], TOPICS)
        day = f"{self.start.day:02d}/{self.start.month:02d}/{self.start.year}"
        rows = c["sections"][1]["table"]["rows"]
        self.assertEqual(
            [r[1] for r in rows], ["Công đoàn Trường Tiểu học Hòa Lạc", "Công đoàn Công ty May Hòa Lạc"]
        )
        self.assertEqual(
            c["sections"][2]["items"],
            [
                "Trần Văn Bình, Chủ tịch Công đoàn xã: Trưởng đoàn",
                "Lê Thị Mai, Ủy viên Ủy ban Kiểm tra: Thành viên",
            ],
        )
        # A second press reaches the same draft.
        self.client.post(f"/kiem-tra/{plan.pk}/thong-bao/")
        self.assertEqual(OutgoingDocument.objects.filter(kind="notice").count(), 1)
        issued = issuing.issue_document(document=draft, user=self.officer_minh, on=self.today, header=SIGNER)
        self.assertEqual(issued.number, "01/TB-CĐX")
        d = assert_decree30_layout(issued.docx.path)
        texts = _texts(issued.docx.path)
        self.assertIn("THÔNG BÁO", texts)
        joined = "\n".join(texts)
        for part in (*TOPICS, "Công đoàn Công ty May Hòa Lạc", "Trần Văn Bình", "Số: 01/TB-CĐX"):
            self.assertIn(part, joined)
        self.assertTrue(any(day.lstrip("0") in t or day in t for t in texts), day)
        self.assertGreaterEqual(len(d.tables), 2)

    def test_the_record_carries_findings_and_the_recommendations_table(self) -> None:
        plan = self.make_plan()
        visit = self.visit_of(plan, self.school)
        Visit.objects.filter(pk=visit.pk).update(
            findings="Thu đoàn phí đúng quy định.\nSổ sách chưa cập nhật đủ.",
            checked="Sổ sách đoàn phí",
            recorded_on=self.start,
        )
        deadline = self.today + dt.timedelta(days=30)
        self.recommend(visit, deadline=deadline, text="Cập nhật sổ theo dõi đoàn phí")
        self.login(self.officer_minh)
        unrecorded = self.visit_of(plan, self.factory)
        self.client.post(f"/kiem-tra/don-vi/{unrecorded.pk}/bien-ban/van-ban/")
        self.assertFalse(OutgoingDocument.objects.exists())  # no record yet: nothing to draft
        response = self.client.post(f"/kiem-tra/don-vi/{visit.pk}/bien-ban/van-ban/")
        visit.refresh_from_db()
        self.assertRedirects(response, f"/van-ban-di/{visit.record.pk}/", fetch_redirect_response=False)
        c = visit.record.content
        self.assertEqual((visit.record.kind, c["number"], c["doc_type"]), ("record", "/BB-CĐX", "BB"))
        self.assertEqual(
            [s["title"] for s in c["sections"]],
            ["THÀNH PHẦN", "NỘI DUNG KIỂM TRA", "KẾT QUẢ KIỂM TRA", "KIẾN NGHỊ"],
        )
        self.assertEqual(
            c["sections"][2]["paragraphs"], ["Thu đoàn phí đúng quy định.", "Sổ sách chưa cập nhật đủ."]
        )
        table = c["sections"][3]["table"]
        self.assertEqual(
            table["columns"], ["STT", "Nội dung kiến nghị", "Đơn vị, người thực hiện", "Thời hạn"]
        )
        self.assertEqual(
            table["rows"],
            [
                [
                    "1",
                    "Cập nhật sổ theo dõi đoàn phí",
                    "Công đoàn Trường Tiểu học Hòa Lạc (Đỗ Thị Hoa)",
                    f"{deadline.day:02d}/{deadline.month:02d}/{deadline.year}"
                    if deadline.month <= 2
                    else f"{deadline.day:02d}/{deadline.month}/{deadline.year}",
                ]
            ],
        )
        self.assertEqual(
            c["signer"], {"name": "Trần Văn Bình", "title": "TRƯỞNG ĐOÀN", "authority": ["TM. ĐOÀN KIỂM TRA"]}
        )
        issued = issuing.issue_document(document=visit.record, user=self.officer_minh, on=self.today)
        self.assertEqual(issued.number, "01/BB-CĐX")
        d = assert_decree30_layout(issued.docx.path)
        recs_table = next(t for t in d.tables if t.rows[0].cells[0].text == "STT")
        self.assertEqual(recs_table.rows[1].cells[1].text, "Cập nhật sổ theo dõi đoàn phí")
        texts = "\n".join(_texts(issued.docx.path))
        for part in ("BIÊN BẢN", "Sổ sách chưa cập nhật đủ.", "TM. ĐOÀN KIỂM TRA", "Trần Văn Bình"):
            self.assertIn(part, texts)


@pytest.mark.slow
class InspectionPdfTests(InspectionWorld):
    """The issued notice and record through LibreOffice: the PDF keeps the text; page 1 saved to look at."""

    extra_settings = {"TASKS": IMMEDIATE}

    def test_the_issued_notice_and_record_convert_to_pdf(self) -> None:
        require_tools("soffice", "pdftotext", "pdftoppm", "pdfinfo")
        plan = self.make_plan()
        visit = self.visit_of(plan, self.school)
        Visit.objects.filter(pk=visit.pk).update(
            findings="Thu đoàn phí đúng quy định; sổ sách chưa cập nhật đủ.", recorded_on=self.start
        )
        self.recommend(visit, deadline=self.today + dt.timedelta(days=30))
        notice = workflow.create_notice_draft(plan=plan, user=self.officer_minh, on=self.today)
        with self.captureOnCommitCallbacks(execute=True):
            notice = issuing.issue_document(document=notice, user=None, on=self.today, header=SIGNER)
        plan.refresh_from_db()
        record = workflow.create_record_draft(visit=Visit.objects.get(pk=visit.pk), user=None, on=self.today)
        self.assertIn(f"Thực hiện Thông báo số {notice.number}", record.content["preamble"][0])
        with self.captureOnCommitCallbacks(execute=True):
            record = issuing.issue_document(document=record, user=None, on=self.today)
        for document, name in ((notice, "inspections-notice-page1"), (record, "inspections-record-page1")):
            document.refresh_from_db()
            self.assertEqual((document.pdf_state, document.pdf_error), ("ready", ""))
            assert_pdf_keeps_the_text(document.docx.path, document.pdf.path)
            save_page_one(document.pdf.path, name)


class InspectionQueryCountTests(InspectionWorld):
    """A page must not grow with its history: the same number of queries for 1 and for 4 plans, and for
    1 and 4 recommendations with their events and evidence."""

    def count(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_list_and_visit_pages_do_not_grow_with_plans_or_recommendations(self) -> None:
        plan = self.make_plan()
        visit = self.visit_of(plan, self.school)
        rec = self.recommend(visit, deadline=self.today)
        workflow.answer_recommendation(
            recommendation=rec, action_taken="Đã làm", files=[self.pdf()], user=self.cdcs_hoa
        )
        self.login(self.officer_minh)
        small = (self.count("/kiem-tra/"), self.count(f"/kiem-tra/don-vi/{visit.pk}/"), self.count("/"))
        for _ in range(3):
            self.make_plan()
            more = self.recommend(visit, deadline=self.today)
            workflow.answer_recommendation(
                recommendation=more, action_taken="Đã làm", files=[self.pdf()], user=self.cdcs_hoa
            )
        large = (self.count("/kiem-tra/"), self.count(f"/kiem-tra/don-vi/{visit.pk}/"), self.count("/"))
        self.assertEqual(small, large, f"queries (list, visit, home): {small} then {large}")
        self.assertEqual(large[:2], (7, 11))  # the home page's count belongs to every app: compared only
