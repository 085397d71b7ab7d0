"""The demo world as `make run` loads it: what an officer sees there must make sense."""

from __future__ import annotations

import io

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

    # --- awards (issue 13) ---------------------------------------------------------------------------------

    def test_the_demo_has_a_movement_with_sign_ups_and_an_issued_commendation_decision(self) -> None:
        from trienkhai.awards.models import Movement, Proposal
        from trienkhai.issuing.models import OutgoingDocument

        green = Movement.objects.get(title__startswith="Xanh – Sạch – Đẹp")
        self.assertGreaterEqual(green.signups.count(), 3)
        decision = OutgoingDocument.objects.get(kind="decision")
        self.assertEqual(decision.state, "issued")
        self.assertRegex(decision.number, r"^\d{2}/QĐ-")
        annex = decision.content["sections"][-1]["table"]["rows"]
        listed = Proposal.objects.filter(decision=decision)
        self.assertEqual(len(annex), listed.count())
        self.assertEqual({row[1] for row in annex}, {p.recipient_name for p in listed})
        self.assertTrue(all(p.is_decided for p in listed))
        self.assertEqual(listed.filter(revoked_at__isnull=False).count(), 1)
        self.assertEqual(
            set(Proposal.objects.filter(decision__isnull=True).values_list("status", flat=True)),
            {"proposed", "reviewed", "rejected"},
        )

    def test_demo_proposals_without_an_evaluation_result_warn_gracefully(self) -> None:
        from trienkhai.awards.models import Proposal
        from trienkhai.awards.workflow import proposal_warnings

        upward = Proposal.objects.get(form__name__startswith="Bằng khen")
        self.assertTrue(
            any(w.text.startswith("Chưa có kết quả đánh giá năm") for w in proposal_warnings(upward))
        )
