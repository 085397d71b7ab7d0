"""Emulation and commendation through the pages: a proposal from a CĐCS, the council's review, the
commendation decision drafted and issued through issuing (read back: layout and recipient list), the
awards it makes, revocation, eligibility warnings against the evaluation grades (patched), the register's
search and export, movements and sign-ups with their reminders, good models, and who sees what."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.awards import grades, workflow
from trienkhai.awards.daily import run_daily
from trienkhai.awards.grades import published_grades as real_published_grades
from trienkhai.awards.home import todo_sections
from trienkhai.awards.models import (
    AwardForm,
    GoodModel,
    Movement,
    Proposal,
    ProposalEvent,
    SignUp,
    ensure_default_forms,
)
from trienkhai.core.models import Notification
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.issuing.signers import Signer
from trienkhai.lib.docread import read_document
from trienkhai.orgs.models import Role
from trienkhai.plans.models import Plan, Task, TaskGroup

from .media import TempMediaMixin
from .roundtrip import as_printed, key_fields, roundtrip
from .world import World

TODAY = dt.date(2026, 12, 2)
YEAR = 2026
GRADES = "trienkhai.awards.grades.published_grades"
SIGNER = Signer(mode="TM", collective="BAN CHẤP HÀNH", position="CHỦ TỊCH", name="Lê Văn Hùng")


def _today() -> dt.date:
    return TODAY


def no_grades(unit_ids, year):  # noqa: ANN001
    return {}


@mock.patch("trienkhai.awards.views.today", _today)
@mock.patch("trienkhai.issuing.views.today", _today)
@mock.patch("trienkhai.issuing.forms.today", _today)
@mock.patch(GRADES, no_grades)
class AwardsTests(TempMediaMixin, World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_cdcs = cls.make_user("cdcs_dung", "Dũng", cls.factory, Role.CDCS_CHAIR)
        ensure_default_forms()  # seeded by the migration, unless a transactional test flushed it
        cls.giay_khen = AwardForm.objects.get(name="Giấy khen của Liên đoàn Lao động")
        cls.lao_dong_gioi = AwardForm.objects.get(name="Danh hiệu “Lao động tiên tiến”")
        cls.bang_khen = AwardForm.objects.get(name="Bằng khen của Tổng Liên đoàn Lao động Việt Nam")
        cls.co_tld = AwardForm.objects.get(name="Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam")
        plan = Plan.objects.create(owner_unit=cls.commune, number="05/KH-CĐX", title="Kế hoạch thi đua")
        group = TaskGroup.objects.create(plan=plan, position=0, label="1", title="Thi đua")
        cls.task = Task.objects.create(plan=plan, group=group, code="II.1.1", text="Phát động thi đua")

    # --- helpers ---------------------------------------------------------------------------------------

    def proposal_data(self, **changes) -> dict:
        data = {
            "proposer_unit": self.school.pk,
            "council_unit": self.commune.pk,
            "year": YEAR,
            "form": self.giay_khen.pk,
            "recipient": "unit",
            "recipient_unit": self.school.pk,
            "person_name": "",
            "person_position": "",
            "achievements": "100% đoàn viên tham gia phong trào; 02 sáng kiến được công nhận.",
            "movement": "",
            "task": self.task.pk,
        }
        data.update(changes)
        return data

    def propose(self, user=None, **changes) -> Proposal:  # noqa: ANN001
        self.login(user or self.cdcs_hoa)
        before = Proposal.objects.count()
        response = self.client.post(reverse("awards:proposal_create"), self.proposal_data(**changes))
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        self.assertEqual(Proposal.objects.count(), before + 1)
        return Proposal.objects.latest("pk")

    def review(
        self, proposal: Proposal, verdict: str = "approve", note: str = "Hội đồng thống nhất."
    ) -> None:
        self.login(self.officer_minh)
        proposal.files.update(state="accepted")  # the file is complete (Luật TĐKT 2022 Điều 84)
        response = self.client.post(
            reverse("awards:proposal_review", args=[proposal.pk]), {"verdict": verdict, "note": note}
        )
        self.assertRedirects(response, reverse("awards:proposal", args=[proposal.pk]))

    def decide(self, *proposals: Proposal) -> OutgoingDocument:
        """Draft the decision from the awards page, then issue it on issuing's page, as an officer does."""
        self.login(self.officer_minh)
        response = self.client.post(reverse("awards:decision_create"), {"de_nghi": [p.pk for p in proposals]})
        document = OutgoingDocument.objects.get(kind="decision", state="draft")
        self.assertRedirects(response, reverse("issuing:document", args=[document.pk]))
        from trienkhai.issuing.forms import HeaderForm

        data = {k: ("" if v is None else v) for k, v in HeaderForm.initial_from(document.content).items()}
        data.update(date="02/12/2026", signer_name="Lê Văn Hùng", action="issue")
        response = self.client.post(reverse("issuing:document", args=[document.pk]), data)
        self.assertRedirects(response, reverse("issuing:document", args=[document.pk]))
        document.refresh_from_db()
        self.assertEqual(document.state, "issued")
        return document

    def decided_award(self) -> Proposal:
        proposal = self.propose()
        self.review(proposal)
        self.decide(proposal)
        proposal.refresh_from_db()
        return proposal

    # --- the flow --------------------------------------------------------------------------------------

    def test_proposal_review_and_issued_decision_make_awards_through_the_pages(self) -> None:
        unit = self.propose()
        person = self.propose(
            recipient="person",
            form=self.lao_dong_gioi.pk,
            person_name="Đỗ Thị Hoa",
            person_position="Chủ tịch Công đoàn",
        )
        self.assertEqual([unit.status, unit.task_id], ["proposed", self.task.pk])
        # The council's unit sees both waiting on its home page; the proposer cannot review.
        titles = [i.title for s in todo_sections(self.officer_minh, on=TODAY) for i in s.items]
        self.assertIn(
            "Xét đề nghị Giấy khen của Liên đoàn Lao động: Công đoàn Trường Tiểu học Hòa Lạc", titles
        )
        response = self.client.post(reverse("awards:proposal_review", args=[unit.pk]), {"verdict": "approve"})
        self.assertEqual(response.status_code, 404)
        self.review(unit, verdict="note", note="Đề nghị bổ sung số liệu sáng kiến.")
        unit.refresh_from_db()
        self.assertEqual(unit.status, "proposed")  # a note alone concludes nothing
        self.review(unit, note="Đủ tiêu chuẩn, 5/5 thành viên đồng ý.")
        self.review(person)
        unit.refresh_from_db()
        self.assertEqual(unit.status, "reviewed")
        self.assertEqual(
            list(unit.events.values_list("verb", "note", "user__username")),
            [
                ("proposed", "", "cdcs_hoa"),
                ("note", "Đề nghị bổ sung số liệu sáng kiến.", "officer_minh"),
                ("reviewed", "Đủ tiêu chuẩn, 5/5 thành viên đồng ý.", "officer_minh"),
            ],
        )
        document = self.decide(unit, person)
        self.assertEqual(document.number, "01/QĐ-CĐX")
        for p in (unit, person):
            p.refresh_from_db()
            self.assertTrue(p.is_decided)
            self.assertEqual(p.decision_id, document.pk)
        self.assertEqual(
            set(Proposal.objects.active_awards().values_list("pk", flat=True)), {unit.pk, person.pk}
        )
        # The CĐCS sees its award with the number, and prints its certificate.
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("awards:proposal", args=[unit.pk]))
        self.assertContains(page, "Đã khen thưởng")
        self.assertContains(page, "01/QĐ-CĐX")
        certificate = self.client.get(reverse("awards:certificate", args=[person.pk]))
        self.assertContains(certificate, "DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”")
        self.assertContains(certificate, "Đỗ Thị Hoa")
        self.assertContains(certificate, "Quyết định số 01/QĐ-CĐX")
        self.assertContains(certificate, "CÔNG ĐOÀN XÃ HÒA LẠC")

    def test_the_issued_decision_reads_back_with_its_layout_and_recipient_list(self) -> None:
        unit = self.propose()
        person = self.propose(
            recipient="person",
            form=self.lao_dong_gioi.pk,
            person_name="Đỗ Thị Hoa",
            person_position="Chủ tịch",
        )
        self.review(unit)
        self.review(person)
        document = self.decide(unit, person)
        c = document.content
        self.assertEqual(c["doc_type"], "QĐ")
        self.assertEqual(c["issuer"], "CÔNG ĐOÀN XÃ HÒA LẠC")
        self.assertEqual(c["parent_body"], "LIÊN ĐOÀN LAO ĐỘNG TỈNH AN BÌNH")
        self.assertTrue(c["title"].startswith("Về việc khen thưởng các tập thể, cá nhân"))
        self.assertEqual(c["preamble"][-1], "QUYẾT ĐỊNH:")
        self.assertEqual([s["label"] for s in c["sections"]], ["Điều 1", "Điều 2", "Điều 3", ""])
        self.assertEqual(
            c["sections"][0]["items"],
            [
                "Tặng Giấy khen của Liên đoàn Lao động cho 1 tập thể;",
                "Tặng Danh hiệu “Lao động tiên tiến” cho 1 cá nhân.",
            ],
        )
        annex = c["sections"][3]
        self.assertEqual(annex["title"], "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")
        self.assertEqual(
            [row[:4] for row in annex["table"]["rows"]],
            [
                ["1", "Công đoàn Trường Tiểu học Hòa Lạc", "", "Giấy khen của Liên đoàn Lao động"],
                [
                    "2",
                    "Đỗ Thị Hoa",
                    "Chủ tịch, Công đoàn Trường Tiểu học Hòa Lạc",
                    "Danh hiệu “Lao động tiên tiến”",
                ],
                ["", "Tổng cộng", "", ""],
            ],
        )
        # Rendered and parsed back: number, type, date, title, articles, recipients and signer survive.
        back = roundtrip(c)
        want, got = key_fields(as_printed(c)), key_fields(back)
        self.assertEqual({k: (want[k], got[k]) for k in want if want[k] != got[k]}, {})
        self.assertEqual(got["number"], "01/QĐ-CĐX")
        self.assertEqual(got["date"], "2026-12-02")
        self.assertEqual(got["signer"]["name"], "Lê Văn Hùng")
        # The frozen .docx carries the recipient list as a table.
        text = read_document(document.docx.path).text
        for piece in (
            "QUYẾT ĐỊNH",
            "Điều 1",
            "DANH SÁCH TẬP THỂ",
            "Đỗ Thị Hoa",
            "Công đoàn Trường Tiểu học Hòa Lạc",
        ):
            self.assertIn(piece, text)

    def test_a_rejection_needs_a_reason_and_keeps_what_was_typed(self) -> None:
        proposal = self.propose()
        self.login(self.officer_minh)
        response = self.client.post(
            reverse("awards:proposal_review", args=[proposal.pk]), {"verdict": "reject"}
        )
        self.assertContains(response, "Hãy ghi lý do không khen thưởng.", status_code=400)
        self.review(proposal, verdict="reject", note="Thành tích chưa có số liệu.")
        proposal.refresh_from_db()
        self.assertEqual(
            (proposal.status, proposal.reject_reason), ("rejected", "Thành tích chưa có số liệu.")
        )
        self.login(self.officer_minh)
        response = self.client.post(reverse("awards:decision_create"), {"de_nghi": [proposal.pk]})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(OutgoingDocument.objects.filter(kind="decision").exists())

    def test_a_higher_form_is_forwarded_to_the_level_above_not_decided_here(self) -> None:
        proposal = self.propose(form=self.bang_khen.pk)
        self.review(proposal)
        self.client.post(reverse("awards:decision_create"), {"de_nghi": [proposal.pk]})
        self.assertFalse(OutgoingDocument.objects.filter(kind="decision").exists())
        response = self.client.post(reverse("awards:proposal_forward", args=[proposal.pk]))
        self.assertRedirects(response, reverse("awards:proposal", args=[proposal.pk]))
        proposal.refresh_from_db()
        self.assertEqual((proposal.council_unit_id, proposal.status), (self.province.pk, "proposed"))
        self.assertEqual(proposal.events.last().verb, "forwarded")
        # Now the province's council reviews it; the commune no longer may.
        response = self.client.post(
            reverse("awards:proposal_review", args=[proposal.pk]), {"verdict": "approve"}
        )
        self.assertEqual(response.status_code, 404)

    def test_a_discarded_draft_decision_gives_its_proposals_back_to_the_council(self) -> None:
        from trienkhai.issuing.workflow import discard_draft

        proposal = self.propose()
        self.review(proposal)
        self.client.post(reverse("awards:decision_create"), {"de_nghi": [proposal.pk]})
        proposal.refresh_from_db()
        self.assertEqual(proposal.state_label, "Trong dự thảo quyết định")
        self.assertFalse(proposal.is_decided)
        discard_draft(document=proposal.decision)
        proposal.refresh_from_db()
        self.assertEqual((proposal.decision_id, proposal.status), (None, "reviewed"))
        self.assertEqual(self.decide(proposal).number, "01/QĐ-CĐX")

    def test_edits_only_before_the_review_and_changes_only_on_post(self) -> None:
        proposal = self.propose()
        url = reverse("awards:proposal_edit", args=[proposal.pk])
        response = self.client.post(url, self.proposal_data(achievements="Thành tích đã bổ sung số liệu."))
        self.assertRedirects(response, reverse("awards:proposal", args=[proposal.pk]))
        proposal.refresh_from_db()
        self.assertEqual(proposal.achievements, "Thành tích đã bổ sung số liệu.")
        for name in ("proposal_review", "proposal_forward", "proposal_revoke"):
            self.assertEqual(self.client.get(reverse(f"awards:{name}", args=[proposal.pk])).status_code, 405)
        self.review(proposal)
        self.login(self.cdcs_hoa)
        self.client.post(url, self.proposal_data(achievements="Sửa sau khi xét"))
        proposal.refresh_from_db()
        self.assertEqual(proposal.achievements, "Thành tích đã bổ sung số liệu.")

    def test_bad_input_gets_vietnamese_errors_and_keeps_the_text(self) -> None:
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("awards:proposal_create"),
            self.proposal_data(
                recipient="person", person_name="", year="năm ngoái", achievements="Giữ nguyên chữ"
            ),
        )
        self.assertContains(response, "Hãy nhập năm bằng số", status_code=400)
        self.assertContains(response, "Hãy nhập họ và tên cá nhân được đề nghị.", status_code=400)
        self.assertContains(response, "Giữ nguyên chữ", status_code=400)
        # A unit outside its subtree cannot be proposed, nor a council below the proposer.
        response = self.client.post(
            reverse("awards:proposal_create"), self.proposal_data(recipient_unit=self.factory.pk)
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Proposal.objects.exists())

    def test_a_published_evaluation_grade_reaches_the_proposal_without_any_stand_in(self) -> None:
        # The integration of the two apps: a real published result, read through evaluations.api.
        from trienkhai.evaluations.models import Evaluation

        from .evaluations_world import make_set

        result = Evaluation.objects.create(
            criteria_set=make_set(self.province, YEAR),
            unit=self.school,
            year=YEAR,
            parent=self.commune,
            status=Evaluation.Status.PUBLISHED,
            grade="hoan_thanh",
        )
        self.assertEqual(
            real_published_grades([self.school.pk, self.factory.pk], YEAR), {self.school.pk: "hoan_thanh"}
        )
        # The class stands `no_grades` in for every test; here the real door is put back for the request.
        with mock.patch(GRADES, real_published_grades):
            proposal = self.propose(form=self.bang_khen.pk)
            page = self.client.get(reverse("awards:proposal", args=[proposal.pk]))
        self.assertContains(page, "xếp loại «Hoàn thành nhiệm vụ» năm 2026")
        self.assertContains(page, reverse("evaluations:evaluation", args=[result.pk]))
        # A result not yet published is not a grade.
        Evaluation.objects.filter(pk=result.pk).update(status=Evaluation.Status.MODERATED)
        self.assertEqual(real_published_grades([self.school.pk], YEAR), {})
        self.assertEqual(grades.GRADE_ORDER, ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"])
        self.assertTrue(grades.worse_than("hoan_thanh", "tot"))
        self.assertFalse(grades.worse_than("xuat_sac", "tot"))

    # --- eligibility -----------------------------------------------------------------------------------

    def test_a_unit_graded_below_the_rule_gets_a_warning_quoting_the_rule(self) -> None:
        with mock.patch(GRADES, return_value={self.school.pk: "hoan_thanh"}) as grades:
            proposal = self.propose(form=self.bang_khen.pk)
            page = self.client.get(reverse("awards:proposal", args=[proposal.pk]))
        grades.assert_called_with([self.school.pk], YEAR)
        self.assertContains(page, '<dd class="col-sm-8" id="grade">Hoàn thành nhiệm vụ</dd>', html=False)
        self.assertContains(page, "xếp loại «Hoàn thành nhiệm vụ» năm 2026")
        self.assertContains(
            page,
            "Tập thể xếp loại dưới «Hoàn thành tốt nhiệm vụ» trong năm không đủ điều kiện đề nghị Bằng khen.",
        )
        with mock.patch(GRADES, return_value={self.school.pk: "tot"}):
            page = self.client.get(reverse("awards:proposal", args=[proposal.pk]))
        self.assertNotContains(page, "eligibility-warning")

    def test_a_blocking_rule_refuses_the_proposal_and_keeps_the_form(self) -> None:
        self.login(self.cdcs_hoa)
        with mock.patch(GRADES, return_value={self.school.pk: "tot"}):
            response = self.client.post(
                reverse("awards:proposal_create"),
                self.proposal_data(form=self.co_tld.pk, achievements="Dẫn đầu"),
            )
        self.assertContains(response, "chỉ xét cho tập thể hoàn thành xuất sắc", status_code=400)
        self.assertContains(response, "Dẫn đầu", status_code=400)
        self.assertFalse(Proposal.objects.exists())

    def test_no_evaluation_result_yet_is_a_warning_not_a_refusal(self) -> None:
        proposal = self.propose(form=self.co_tld.pk)
        page = self.client.get(reverse("awards:proposal", args=[proposal.pk]))
        self.assertContains(page, "Chưa có kết quả đánh giá năm 2026 của Công đoàn Trường Tiểu học Hòa Lạc")
        self.assertContains(page, "chưa có kết quả đánh giá năm 2026")
        # A person's title has no rule on grades: no warning at all.
        person = self.propose(recipient="person", form=self.lao_dong_gioi.pk, person_name="Hoa")
        self.assertEqual(workflow.proposal_warnings(person), [])

    # --- revocation ------------------------------------------------------------------------------------

    def test_a_decided_award_is_not_edited_only_revoked_with_a_reason_audited(self) -> None:
        award = self.decided_award()
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("awards:proposal_edit", args=[award.pk]), self.proposal_data(achievements="x")
        )
        self.assertRedirects(
            response, reverse("awards:proposal", args=[award.pk]), fetch_redirect_response=False
        )
        # The CĐCS is not the council: it cannot revoke.
        response = self.client.post(
            reverse("awards:proposal_revoke", args=[award.pk]), {"reason": "Tự thu hồi"}
        )
        self.assertEqual(response.status_code, 404)
        self.login(self.officer_minh)
        response = self.client.post(
            reverse("awards:proposal_review", args=[award.pk]), {"verdict": "reject", "note": "x"}
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(reverse("awards:proposal_revoke", args=[award.pk]), {"reason": "  "})
        self.assertContains(response, "Hãy ghi lý do.", status_code=400)
        award.refresh_from_db()
        self.assertIsNone(award.revoked_at)
        response = self.client.post(
            reverse("awards:proposal_revoke", args=[award.pk]),
            {"reason": "Phát hiện kê khai thành tích không đúng.", "ground": "a"},
        )
        self.assertRedirects(response, reverse("awards:proposal", args=[award.pk]))
        award.refresh_from_db()
        self.assertEqual(
            (award.revoked_by, award.revoke_reason),
            (self.officer_minh, "Phát hiện kê khai thành tích không đúng."),
        )
        self.assertIsNotNone(award.revoked_at)
        event = award.events.last()
        self.assertEqual(
            (event.verb, event.user, event.note), ("revoked", self.officer_minh, award.revoke_reason)
        )
        self.assertEqual(award.achievements, self.proposal_data()["achievements"])
        self.assertFalse(Proposal.objects.active_awards().exists())
        self.assertEqual(self.client.get(reverse("awards:certificate", args=[award.pk])).status_code, 404)
        again = self.client.post(reverse("awards:proposal_revoke", args=[award.pk]), {"reason": "Lần hai"})
        self.assertEqual(again.status_code, 400)
        self.assertEqual(ProposalEvent.objects.filter(verb="revoked").count(), 1)

    # --- the register ----------------------------------------------------------------------------------

    def test_the_register_is_searched_by_person_unit_year_and_form(self) -> None:
        unit = self.propose()
        person = self.propose(recipient="person", form=self.lao_dong_gioi.pk, person_name="Đỗ Thị Hoa")
        waiting = self.propose(recipient="person", form=self.lao_dong_gioi.pk, person_name="Trần Văn Chờ")
        self.review(unit)
        self.review(person)
        self.decide(unit, person)
        self.login(self.officer_minh)
        url = reverse("awards:register")

        def found(**params) -> list[int]:
            response = self.client.get(url, params)
            self.assertEqual(response.status_code, 200)
            return sorted(p.pk for p in response.context["page"].object_list)

        self.assertEqual(found(), sorted([unit.pk, person.pk]))  # never the proposal still waiting
        self.assertNotIn(waiting.pk, found(person="Chờ"))
        self.assertEqual(found(person="thị hoa"), [person.pk])
        self.assertEqual(found(unit="tieu hoc hoa lac", form=self.giay_khen.pk), [unit.pk])
        self.assertEqual(found(year=YEAR), sorted([unit.pk, person.pk]))
        self.assertEqual(found(year=YEAR - 1), [])
        response = self.client.get(url, {"year": "abc"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Nhập một số", status_code=400)

    def test_odd_register_filters_get_an_answer_never_a_crash(self) -> None:
        self.login(self.officer_minh)
        for params in (
            {"year": "99999999999999999999"},
            {"year": "1,5"},
            {"year": "-3"},
            {"form": "999999"},
            {"form": "abc"},
            {"unit": "x" * 5000, "person": "\u0301" * 50},
            {"trang": "-1"},
        ):
            response = self.client.get(reverse("awards:register"), params)
            self.assertIn(response.status_code, (200, 400), params)
            self.assertEqual(
                self.client.get(reverse("awards:register_xlsx"), params).status_code, 200, params
            )

    def test_the_register_export_writes_user_text_as_text(self) -> None:
        proposal = self.propose(achievements='=HYPERLINK("http://x") thành tích')
        self.review(proposal)
        self.decide(proposal)
        self.login(self.officer_minh)
        response = self.client.get(reverse("awards:register_xlsx"), {"year": YEAR})
        self.assertEqual(response.status_code, 200)
        ws = load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        row = next(r for r in rows if r[1] == "Công đoàn Trường Tiểu học Hòa Lạc")
        self.assertEqual(row[6], '=HYPERLINK("http://x") thành tích')
        cell = next(c for r in ws.iter_rows() for c in r if c.value == row[6])
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(row[7], "01/QĐ-CĐX")

    # --- scope -----------------------------------------------------------------------------------------

    def test_a_cdcs_sees_its_own_proposals_and_awards_not_another_cdcs_drafts(self) -> None:
        school = self.propose()
        factory = self.propose(
            user=self.other_cdcs, proposer_unit=self.factory.pk, recipient_unit=self.factory.pk
        )
        self.login(self.cdcs_hoa)
        listed = [p.pk for p in self.client.get(reverse("awards:proposals")).context["page"].object_list]
        self.assertEqual(listed, [school.pk])
        self.assertEqual(self.client.get(reverse("awards:proposal", args=[factory.pk])).status_code, 404)
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("awards:proposal", args=[school.pk])).status_code, 404)
        self.assertEqual(list(self.client.get(reverse("awards:proposals")).context["page"].object_list), [])
        # The commune proposes the school for an award: the school sees it once decided, not before.
        # (Another achievement, without the plan task: one achievement earns one award, Luật TĐKT Điều 5.)
        by_commune = self.propose(user=self.officer_minh, proposer_unit=self.commune.pk, task="")
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(reverse("awards:proposal", args=[by_commune.pk])).status_code, 404)
        self.review(by_commune)
        self.decide(by_commune)
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(reverse("awards:proposal", args=[by_commune.pk])).status_code, 200)
        register = self.client.get(reverse("awards:register"))
        self.assertEqual([p.pk for p in register.context["page"].object_list], [by_commune.pk])
        self.login(self.other_cdcs)
        self.assertEqual(list(self.client.get(reverse("awards:register")).context["page"].object_list), [])

    # --- movements and sign-ups ------------------------------------------------------------------------

    def movement(self, deadline: dt.date) -> Movement:
        return Movement.objects.create(
            unit=self.commune,
            title="Xanh – Sạch – Đẹp, Bảo đảm an toàn vệ sinh lao động",
            year=YEAR + 1,
            starts_on=TODAY,
            ends_on=dt.date(YEAR + 1, 11, 30),
            signup_deadline=deadline,
        )

    def test_units_below_sign_up_until_the_deadline(self) -> None:
        movement = self.movement(TODAY + dt.timedelta(days=7))
        titles = [i.title for s in todo_sections(self.cdcs_hoa, on=TODAY) for i in s.items]
        self.assertIn(f"Đăng ký thi đua: {movement.title}", titles)
        self.login(self.cdcs_hoa)
        url = reverse("awards:movement_signup", args=[movement.pk])
        response = self.client.post(url, {"unit": self.school.pk, "pledges": ""})
        self.assertEqual(response.status_code, 400)
        response = self.client.post(url, {"unit": self.factory.pk, "pledges": "Không phải đơn vị mình"})
        self.assertEqual(response.status_code, 400)
        response = self.client.post(url, {"unit": self.school.pk, "pledges": "100% đoàn viên tham gia."})
        self.assertRedirects(response, reverse("awards:movement", args=[movement.pk]))
        self.assertEqual(SignUp.objects.get().pledges, "100% đoàn viên tham gia.")
        titles = [i.title for s in todo_sections(self.cdcs_hoa, on=TODAY) for i in s.items]
        self.assertNotIn(f"Đăng ký thi đua: {movement.title}", titles)
        # The commune sees every sign-up; the other CĐCS does not see the school's.
        self.login(self.officer_minh)
        page = self.client.get(reverse("awards:movement", args=[movement.pk]))
        self.assertContains(page, "100% đoàn viên")
        self.assertContains(
            page, '<p class="small" id="missing">Công đoàn Công ty May Hòa Lạc</p>', html=True
        )
        self.login(self.other_cdcs)
        self.assertNotContains(
            self.client.get(reverse("awards:movement", args=[movement.pk])), "100% đoàn viên"
        )
        closed = self.movement(TODAY - dt.timedelta(days=1))
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("awards:movement_signup", args=[closed.pk]), {"unit": self.school.pk, "pledges": "Muộn"}
        )
        self.assertContains(response, "Đã hết hạn đăng ký thi đua", status_code=400)
        self.assertContains(response, "Muộn", status_code=400)
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("awards:movement", args=[movement.pk])).status_code, 404)

    def test_a_nearing_sign_up_deadline_reminds_the_units_not_signed_once(self) -> None:
        movement = self.movement(TODAY + dt.timedelta(days=7))
        SignUp.objects.create(movement=movement, unit=self.factory, pledges="Đã đăng ký")
        self.assertEqual(run_daily(on=TODAY), 1)
        self.assertEqual(run_daily(on=TODAY), 0)
        note = Notification.objects.get(verb="movement_signup_due")
        self.assertEqual(note.user, self.cdcs_hoa)
        self.assertIn("Còn 7 ngày đến hạn đăng ký thi đua", note.text)
        self.assertEqual(run_daily(on=TODAY + dt.timedelta(days=1)), 0)  # not a reminder day

    def test_movements_are_launched_with_checked_dates(self) -> None:
        self.login(self.officer_minh)
        data = {
            "unit": self.commune.pk,
            "title": "Lao động giỏi, Lao động sáng tạo",
            "year": YEAR,
            "starts_on": "01/3/2026",
            "ends_on": "01/02/2026",
            "signup_deadline": "15/3/2026",
            "description": "Mỗi CĐCS có 01 sáng kiến",
        }
        response = self.client.post(reverse("awards:movement_create"), data)
        self.assertContains(response, "Ngày kết thúc phải từ ngày bắt đầu trở đi.", status_code=400)
        self.assertContains(response, "Mỗi CĐCS có 01 sáng kiến", status_code=400)
        data.update(ends_on="30/11/2026")
        response = self.client.post(reverse("awards:movement_create"), data)
        movement = Movement.objects.get()
        self.assertRedirects(response, reverse("awards:movement", args=[movement.pk]))
        self.login(self.cdcs_hoa)  # a CĐCS has no unit below to launch for
        response = self.client.post(reverse("awards:movement_create"), {**data, "unit": self.school.pk})
        self.assertEqual(response.status_code, 400)

    # --- good models -----------------------------------------------------------------------------------

    def test_good_models_are_proposed_by_units_and_published_by_the_federation(self) -> None:
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("awards:good_model_create"),
            {
                "unit": self.school.pk,
                "year": YEAR,
                "title": "Góc xanh trường học",
                "summary": "Mỗi lớp một bồn cây",
            },
        )
        item = GoodModel.objects.get()
        self.assertRedirects(response, reverse("awards:good_model", args=[item.pk]))
        self.assertEqual(item.federation, self.commune)
        url = reverse("awards:good_model_publish", args=[item.pk])
        self.assertEqual(self.client.post(url).status_code, 404)  # the proposer does not publish
        self.login(self.other_cdcs)
        self.assertEqual(self.client.get(reverse("awards:good_model", args=[item.pk])).status_code, 404)
        self.login(self.officer_minh)
        self.assertRedirects(self.client.post(url), reverse("awards:good_model", args=[item.pk]))
        item.refresh_from_db()
        self.assertEqual((item.status, item.published_by), ("published", self.officer_minh))
        self.login(self.other_cdcs)  # a unit below the federation now sees it in the library
        self.assertContains(self.client.get(reverse("awards:good_models")), "Góc xanh trường học")
        self.login(self.outsider)
        self.assertNotContains(self.client.get(reverse("awards:good_models")), "Góc xanh trường học")


@mock.patch(GRADES, no_grades)
class AwardsQueryCountTests(World):
    """The lists cost the same for 10 or 300 awards (and proposals)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ensure_default_forms()
        cls.form = AwardForm.objects.get(name="Giấy khen của Liên đoàn Lao động")
        cls.decision = OutgoingDocument.objects.create(
            unit=cls.commune, kind="decision", state="issued", number="01/QĐ-CĐX", year=YEAR, issued_on=TODAY
        )

    def add(self, n: int) -> None:
        Proposal.objects.bulk_create(
            Proposal(
                council_unit=self.commune,
                proposer_unit=self.school if i % 2 else self.commune,
                year=YEAR,
                form=self.form,
                recipient="person" if i % 3 else "unit",
                recipient_unit=self.school if i % 2 else self.factory,
                person_name=f"Người thứ {i}",
                achievements="Thành tích",
                status="reviewed",
                decision=self.decision if i % 4 else None,
            )
            for i in range(n)
        )

    def count(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_lists_do_not_grow_with_the_number_of_awards(self) -> None:
        self.login(self.officer_minh)
        urls = [reverse(f"awards:{n}") for n in ("index", "proposals", "register", "decision_create")]
        self.add(10)
        few = [self.count(url) for url in urls]
        self.add(290)
        many = [self.count(url) for url in urls]
        self.assertEqual(few, many)
        Movement.objects.create(
            unit=self.province,
            title="Lao động giỏi, Lao động sáng tạo",
            year=YEAR,
            starts_on=TODAY,
            ends_on=TODAY,
            signup_deadline=TODAY,
        )
        with self.assertNumQueries(4):  # proposals to review; own units; open movements; their sign-ups
            sections = todo_sections(self.officer_minh, on=TODAY)
        self.assertEqual([len(s.items) for s in sections], [1])  # the 300 are reviewed already
