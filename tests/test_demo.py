"""The demo world as `make run` loads it: what an officer sees there must make sense."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command
from django.test import TestCase

from trienkhai.reports import demo as report_demo
from trienkhai.reports.models import Indicator

from .media import TempMediaMixin


class DemoWorldTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=io.StringIO())

    def test_indicators_are_filed_under_the_task_group_they_report_on(self) -> None:
        indicators = Indicator.objects.filter(form__title=report_demo.TITLE).select_related("group")
        group_of = {i.code: (i.group.title if i.group else "") for i in indicators}
        for code in ("new_members", "total_members", "new_cdcs"):
            self.assertIn("phát triển đoàn viên", group_of[code], code)
        for code in ("new_cba", "dialogues", "legal_cases"):
            self.assertIn("quyền, lợi ích hợp pháp", group_of[code], code)
        for code in ("trained", "contests"):
            self.assertIn("đào tạo", group_of[code], code)
        self.assertIn("tuyên truyền", group_of["sessions"].lower())
        self.assertIn("phát triển đảng viên", group_of["party_referrals"])
        self.assertIn("thi đua", group_of["good_models"])

    def test_no_label_repeats_its_unit_of_measure(self) -> None:
        for indicator in Indicator.objects.all():
            self.assertNotIn(f"({indicator.unit_of_measure})", indicator.label)

    # --- evaluations: 2025 finished and published with its ranking, 2026 open ----------------------
    def test_2025_is_published_with_ranks_and_the_quota_kept(self) -> None:
        from collections import Counter

        from trienkhai.evaluations import api
        from trienkhai.evaluations.models import CriteriaSet, Evaluation
        from trienkhai.evaluations.scoring import quota_of

        last = CriteriaSet.objects.get(owner__code="DNI", year=2025, applies_to="grassroots")
        self.assertTrue(last.is_example and last.published_at and last.is_frozen)
        self.assertIn("1294/HD-TLĐ", last.basis)
        self.assertEqual(last.max_total(), 100)
        evaluations = Evaluation.objects.filter(criteria_set=last)
        self.assertGreater(evaluations.count(), 100)
        self.assertFalse(evaluations.exclude(status="published").exists())
        self.assertFalse(evaluations.filter(rank__isnull=True).exists())
        grades = Counter(evaluations.values_list("grade", flat=True))
        self.assertTrue(grades["xuat_sac"] and grades["tot"] and grades["hoan_thanh"])
        per_parent = Counter(evaluations.values_list("parent_id", flat=True))
        top = Counter(evaluations.filter(grade="xuat_sac").values_list("parent_id", flat=True))
        for parent, n in top.items():
            self.assertLessEqual(n, quota_of(Decimal(20), per_parent[parent]))
        school = Evaluation.objects.get(unit__code="PR-THCS-PR", year=2025)
        self.assertEqual(api.published_grades([school.unit_id], 2025), {school.unit_id: school.grade})

    def test_2026_is_open_for_self_assessment(self) -> None:
        from trienkhai.evaluations.models import CriteriaSet, Evaluation

        current = CriteriaSet.objects.get(owner__code="DNI", year=2026, applies_to="grassroots")
        self.assertTrue(current.is_frozen)
        self.assertIsNone(current.published_at)
        self.assertEqual(current.copied_from.year, 2025)
        self.assertTrue(
            current.groups.filter(criteria__method="ratio", criteria__indicator_code="new_members").exists()
        )
        statuses = set(Evaluation.objects.filter(criteria_set=current).values_list("status", flat=True))
        self.assertEqual(statuses, {"draft", "submitted", "moderated"})
        hoa = Evaluation.objects.get(unit__code="PR-THCS-PR", year=2026)
        self.assertEqual(hoa.status, "draft")
        self.assertTrue(hoa.scores.filter(self_points__isnull=True).exists())

    def test_issue19_a_criteria_set_per_kind_of_unit(self) -> None:
        """TKV's guidance: a table for CĐCS from 500 members, one under 500, one for upper-level unions
        (95 + 5 bonus points scored by the emulation council)."""
        from trienkhai.evaluations.models import CriteriaSet, Evaluation

        upper = CriteriaSet.objects.get(owner__code="DNI", year=2026, applies_to="upper")
        self.assertEqual((upper.max_total(), upper.bonus_max), (95, 5))
        self.assertIn("392/HD-CĐTKV", upper.basis)
        self.assertIn("ví dụ, không lấy từ văn bản", upper.basis)
        graded = Evaluation.objects.filter(criteria_set=upper)
        self.assertTrue(graded.exists())
        self.assertFalse(graded.filter(unit__kind__in=["grassroots", "guild"]).exists())
        self.assertEqual(graded.filter(bonus_points__isnull=False).count(), 1)
        self.assertFalse(graded.filter(grade="").exists())
        bands = set(
            CriteriaSet.objects.filter(owner__code="DNI", year=2027).values_list("min_members", "max_members")
        )
        self.assertEqual(bands, {(500, None), (None, 499)})

    # --- awards (issue 13) ---------------------------------------------------------------------------------

    def test_the_demo_has_a_movement_with_sign_ups_and_an_issued_commendation_decision(self) -> None:
        from trienkhai.awards.models import Movement, Proposal
        from trienkhai.issuing.models import OutgoingDocument

        green = Movement.objects.get(title__startswith="Xanh – Sạch – Đẹp")
        self.assertGreaterEqual(green.signups.count(), 3)
        # The commendation decision (the demo also issues an inspection's quyết định kiểm tra, issue 19).
        decision = OutgoingDocument.objects.get(kind="decision", pk__in=Proposal.objects.values("decision"))
        self.assertEqual(decision.state, "issued")
        self.assertRegex(decision.number, r"^\d{2}/QĐ-")
        annex = decision.content["sections"][-1]["table"]["rows"][:-1]  # the last row is the total
        listed = Proposal.objects.filter(decision=decision)
        self.assertEqual(len(annex), listed.count())
        self.assertEqual({row[1] for row in annex}, {p.recipient_name for p in listed})
        self.assertTrue(all(p.is_decided for p in listed))
        self.assertEqual(listed.filter(revoked_at__isnull=False).count(), 1)
        self.assertEqual(
            set(Proposal.objects.filter(decision__isnull=True).values_list("status", flat=True)),
            {"proposed", "reviewed", "rejected"},
        )

    def test_issue19_the_council_session_has_its_minutes_issued_and_the_decision_a_money_column(self) -> None:
        from trienkhai.awards.models import CouncilSession
        from trienkhai.issuing.models import OutgoingDocument

        session = CouncilSession.objects.get()
        self.assertEqual(
            (session.state, session.minutes.kind, session.minutes.state), ("closed", "record", "issued")
        )
        self.assertEqual(len(session.present), 6)
        results = [row[-1] for row in session.minutes.content["sections"][1]["table"]["rows"]]
        self.assertEqual(results.count("Không đồng ý"), 1)
        # The demo issues other decisions too (a quyết định kiểm tra, a Mẫu 7b): this one carries proposals.
        from trienkhai.awards.models import Proposal

        listed = Proposal.objects.filter(decision__isnull=False).values("decision")
        decision = OutgoingDocument.objects.get(kind="decision", pk__in=listed)
        table = decision.content["sections"][-1]["table"]
        self.assertEqual(table["columns"][-1], "Tiền thưởng (đồng)")
        self.assertEqual(table["rows"][-1][1], "Tổng cộng")
        self.assertRegex(table["rows"][0][-1], r"^\d{1,3}(\.\d{3})+$")

    def test_demo_proposals_without_an_evaluation_result_warn_gracefully(self) -> None:
        from trienkhai.awards.models import Proposal
        from trienkhai.awards.workflow import proposal_warnings

        upward = Proposal.objects.get(form__name__startswith="Bằng khen")
        self.assertTrue(
            any(w.text.startswith("Chưa có kết quả đánh giá năm") for w in proposal_warnings(upward))
        )

    # --- inspections: a completed inspection with one closed and one open recommendation -------------------

    def test_the_demo_inspection_has_a_closed_and_an_open_recommendation(self) -> None:
        from trienkhai.inspections.models import InspectionPlan, Recommendation
        from trienkhai.orgs.models import today

        plan = InspectionPlan.objects.select_related("unit").get()
        self.assertEqual(plan.unit.code, "X-PR")
        visits = list(plan.visits.select_related("unit").order_by("pk"))
        self.assertEqual([v.unit.code for v in visits], ["PR-THCS-PR", "PR-TH-PR"])
        self.assertTrue(all(v.is_recorded and v.findings for v in visits))
        self.assertEqual(plan.team.filter(role="head").count(), 1)
        closed = Recommendation.objects.get(status="closed")
        self.assertEqual(
            [(e.from_status, e.to_status) for e in closed.events.all()],
            [("", "open"), ("open", "answered"), ("answered", "closed")],
        )
        self.assertEqual([e.name for e in closed.evidence.all()], ["so-doan-phi-thang-7-9.pdf"])
        self.assertTrue(closed.evidence.get().file.size > 0)
        still_open = Recommendation.objects.exclude(status="closed").get()
        self.assertGreater(still_open.deadline, today())
        self.assertEqual(still_open.visit.unit.code, "PR-THCS-PR")  # cdcs_hoa's school: on her home page
        self.assertFalse(visits[1].recommendations.exists())
        # The notice and both records are issued with registered numbers of the commune union.
        self.assertRegex(plan.notice.number, r"^\d{2}/TB-")
        self.assertEqual([v.record.content["doc_type"] for v in visits], ["BB", "BB"])
        self.assertTrue(all(v.record.state == "issued" and v.record.number for v in visits))

    def test_issue19_the_demo_inspection_runs_decision_record_conclusion_by_the_committee(self) -> None:
        from trienkhai.inspections import api
        from trienkhai.inspections.models import InspectionPlan

        plan = InspectionPlan.objects.select_related("decision", "notice", "conclusion", "committee").get()
        self.assertEqual(plan.process, "charter")
        self.assertEqual(plan.committee.members.count(), 3)
        self.assertTrue(all(m.committee_member_id for m in plan.team.all()))  # the team is the committee's
        self.assertEqual((plan.decision.state, plan.decision.content["doc_type"]), ("issued", "QĐ"))
        visits = list(plan.visits.select_related("record"))
        self.assertTrue(all(v.record.state == "issued" for v in visits))
        self.assertEqual((plan.conclusion.state, plan.conclusion.content["doc_type"]), ("issued", "TB"))
        self.assertTrue(plan.decision.issued_on <= min(v.record.issued_on for v in visits))
        self.assertTrue(max(v.record.issued_on for v in visits) <= plan.conclusion.issued_on)
        # Concluded: the inspection no longer holds an award of the inspected CĐCS.
        ids = [v.unit_id for v in visits]
        self.assertEqual(api.pending_for(unit_ids=ids, member_ids=[], on=plan.conclusion.issued_on), [])

    # --- issuing: the province's result report carries its signed copy, read back and matching ------------

    def test_the_demo_report_has_a_signed_copy_that_matches_what_was_issued(self) -> None:
        from trienkhai.issuing.models import OutgoingDocument

        report = OutgoingDocument.objects.select_related("signed_copy").get(kind="report", unit__code="DNI")
        self.assertEqual(report.signed_copy.read_state, "ready")
        self.assertEqual([c.state for c in report.signed_copy.comparison()], ["match", "match", "match"])

    # --- finance: the 27/KH budget split to two CĐCS, spending with vouchers over two quarters -------------
    def test_the_demo_plan_has_its_budget_split_to_two_cdcs_with_spending_and_one_line_overspent(
        self,
    ) -> None:
        from trienkhai.finance.ledger import money_rollup
        from trienkhai.finance.models import Payment
        from trienkhai.plans.models import BudgetLine, Plan

        plan = Plan.objects.get(number="27/KH-LĐLĐ", parent_plan__isnull=True)
        allocations = BudgetLine.objects.filter(parent_line__plan=plan)
        self.assertEqual(allocations.values("plan__owner_unit").distinct().count(), 2)
        payments = Payment.objects.filter(line__in=allocations)
        self.assertEqual(
            {(p.paid_on.year, (p.paid_on.month - 1) // 3 + 1) for p in payments}, {(2024, 4), (2025, 1)}
        )
        self.assertTrue(all(p.voucher and p.voucher.size > 0 for p in payments))
        money = money_rollup(plan, plan.owner_unit, until=dt.date(2025, 3, 31))
        over = [r for r in money.units if r.overspent]
        self.assertEqual(len(over), 1)
        self.assertIn("tăng từ 2 lên 3 người", over[0].reasons[0])
        self.assertEqual(
            money.total.spent,
            sum(
                (
                    p.amount
                    for p in Payment.objects.filter(
                        line__plan__in=[plan.pk, *allocations.values_list("plan", flat=True)]
                    )
                ),
                Decimal(0),
            ),
        )

    def test_the_demo_shows_a_deadline_the_app_refused(self) -> None:
        from trienkhai.core.models import Notification
        from trienkhai.reports.models import ReportForm

        note = Notification.objects.get(verb="deadline_refused", user__username="officer_son")
        self.assertIn("sớm hơn ngày kỳ báo cáo kết thúc", note.text)
        self.assertIn("Điều 12 Nghị định 09/2019/NĐ-CP", note.text)
        form = ReportForm.objects.get(period_kind="adhoc")
        assert form.due_on is not None and form.closes_on is not None
        self.assertGreaterEqual(form.due_on, form.closes_on)

    def test_the_demo_has_agreements_graded_this_year_and_one_carried_over(self) -> None:
        from trienkhai.agreements.models import AgreementChange, AgreementGrading
        from trienkhai.orgs.models import today

        self.assertTrue(AgreementGrading.objects.filter(year=today().year).exclude(grade="").exists())
        self.assertTrue(AgreementGrading.objects.filter(year=today().year, ungraded="copy_of_law").exists())
        self.assertTrue(AgreementChange.objects.filter(kind="carry_over").exists())
        self.assertTrue(AgreementChange.objects.filter(kind="amendment").exists())

    def test_the_demo_s_stored_totals_agree_with_the_engine(self) -> None:
        # The demo approves reports without the workflow; its last step fills the stored totals.
        from trienkhai.reports.models import SubtreeTotal
        from trienkhai.reports.results import stored

        self.assertTrue(SubtreeTotal.objects.exists())
        self.assertEqual([str(d) for d in stored.check()], [])

    def test_the_demo_has_a_periodic_dialogue_with_minutes_and_a_cdcs_warned_for_none(self) -> None:
        from trienkhai.agreements.home import dialogue_sections
        from trienkhai.agreements.models import Dialogue
        from trienkhai.orgs.models import Membership, today

        with_minutes = Dialogue.objects.filter(kind="periodic").exclude(minutes="")
        self.assertEqual(with_minutes.count(), 1)
        d = with_minutes.get()
        self.assertTrue(all(f.ok for f in d.findings(today())), [str(f.text) for f in d.findings(today())])
        # The enterprises sit under the province since 01/7/2025: its officer's home page warns.
        son = Membership.objects.filter(user__username="officer_son").select_related("user").first()
        assert son is not None
        self.assertTrue(dialogue_sections(son.user, on=today()))

    def test_the_demo_has_a_legal_case_with_its_stages_and_clock(self) -> None:
        from trienkhai.legalaid.models import LegalCase
        from trienkhai.orgs.models import today

        court = LegalCase.objects.get(stages__stage="court")
        self.assertEqual(list(court.stages.values_list("stage", flat=True)), ["advice", "court"])
        self.assertTrue(court.represented and court.has_authorisation())
        mediation = LegalCase.objects.get(stages__stage="mediation")
        clock = mediation.next_clock(today())
        assert clock is not None
        self.assertEqual(clock.article, "khoản 2 Điều 190 Bộ luật Lao động 2019")

    def test_issue20_the_demo_has_a_paused_member_not_counted_and_an_application_with_its_clock(self) -> None:
        from trienkhai.members.models import AdmissionRequest, Member, member_count, paused_count
        from trienkhai.orgs.models import today

        paused = Member.objects.get(status="paused")
        self.assertTrue(paused.status_note)
        self.assertEqual(paused.pauses.get().reason, "suspended")
        self.assertEqual(paused_count(paused.unit, on=today()), 1)
        everyone = paused.affiliations.model.objects.filter(unit=paused.unit, valid_to__isnull=True).count()
        self.assertEqual(member_count(paused.unit, on=today()), everyone - 1)
        request = AdmissionRequest.objects.get()
        self.assertEqual(request.outcome, "")
        self.assertGreater(request.due_on, request.received_on)

    def test_issue19_the_demo_has_a_complaint_settled_in_time_and_one_overdue(self) -> None:
        from trienkhai.concerns.models import ConcernCase

        complaints = ConcernCase.objects.filter(kind="complaint")
        in_time = [c for c in complaints if c.closed_on and c.settle_due and c.closed_on <= c.settle_due]
        overdue = [c for c in complaints.open() if c.settle_due and c.settle_due < dt.date.today()]
        self.assertEqual((len(in_time), len(overdue)), (1, 1))
        self.assertIsNotNone(overdue[0].superior)  # the union above was told (Luật Khiếu nại Art. 33)

    def test_dues_feed_the_quarterly_report_figure(self) -> None:
        """Issue 20: the demo keeps a dues register for some CĐCS, and their open quarterly report starts with
        "Tỷ lệ đoàn viên đóng đoàn phí" taken from it (the register's figure, no reason needed)."""
        from trienkhai.members.models import DuesPayment
        from trienkhai.reports.models import SubmissionValue

        self.assertTrue(DuesPayment.objects.exists())
        fee = Indicator.objects.get(form__period_kind="quarter", code="fee_rate")
        self.assertEqual(fee.source, "members.dues_rate")
        filled = SubmissionValue.objects.filter(
            submission__form=fee.form,
            submission__status="draft",
            submission__unit__in=DuesPayment.objects.values("unit_id"),
            key="fee_rate",
        ).exclude(source_value="")
        self.assertTrue(filled.exists())
        self.assertTrue(all(v.raw == v.source_value and not v.override_reason for v in filled))


class DemoOnlyTests(TempMediaMixin, TestCase):
    def test_only_builds_the_named_apps_steps(self) -> None:
        # `make deploy-check` loads units and users without the year of reports.
        from trienkhai.orgs.models import Unit
        from trienkhai.reports.models import Submission

        out = io.StringIO()
        call_command("demo", only="orgs", stdout=out)
        self.assertTrue(Unit.objects.exists())
        self.assertFalse(Submission.objects.exists())
        self.assertIn("chairwoman_lan", out.getvalue())
