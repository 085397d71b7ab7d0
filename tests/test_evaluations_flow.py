"""The evaluation year through HTTP and the workflows: self-assessment with evidence, moderation with
reasons, classification with quotas, publication; frozen sets; versioning; access; reminders; exports."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.core.models import Notification
from trienkhai.evaluations import api, workflow
from trienkhai.evaluations.home import todo_sections
from trienkhai.evaluations.models import (
    CriteriaSet,
    Criterion,
    Evaluation,
    FrozenSetError,
    GradeBand,
)
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit

from .evaluations_world import DUE, OPENED, EvaluationWorld, make_set
from .media import TempMediaMixin
from .upload_corpus import blank_pdf
from .world import START

D = Decimal


def lock_of(evaluation: Evaluation) -> int:
    """The evaluation's lock version as a page opened now would post it."""
    return Evaluation.objects.values_list("lock_version", flat=True).get(pk=evaluation.pk)


class SelfAssessmentTests(TempMediaMixin, EvaluationWorld):
    def url(self, ev=None) -> str:
        return reverse("evaluations:evaluation", args=[(ev or self.school_ev).pk])

    def post_scores(self, action: str, **extra):
        crit = self.criteria()
        data = {
            f"points_{crit['1.1'].pk}": "35",
            f"points_{crit['1.2'].pk}": "27,5",
            f"points_{crit['2.1'].pk}": "20",
            f"points_{crit['2.2'].pk}": "8",
            f"evidence_{crit['1.2'].pk}": "Biên bản hội nghị số 3",
            "self_note": "Năm nay làm tốt",
            "action": action,
            "lock_version": lock_of(self.school_ev),
        }
        data.update(extra)
        return self.client.post(self.url(), data)

    def test_opening_freezes_the_set_and_gives_each_cdcs_an_evaluation(self) -> None:
        self.criteria_set.refresh_from_db()
        self.assertTrue(self.criteria_set.is_frozen)
        self.assertEqual(
            set(
                Evaluation.objects.filter(criteria_set=self.criteria_set).values_list("unit_id", "parent_id")
            ),
            {(self.school.pk, self.commune.pk), (self.factory.pk, self.commune.pk)},
        )
        self.assertEqual(self.school_ev.scores.count(), 4)

    def test_cdcs_saves_and_submits_its_self_assessment(self) -> None:
        self.login(self.cdcs_hoa)
        self.assertEqual(self.post_scores("save").status_code, 302)
        ev = Evaluation.objects.get(pk=self.school_ev.pk)
        self.assertEqual((ev.status, ev.self_total, ev.self_note), ("draft", D("90.5"), "Năm nay làm tốt"))
        self.assertEqual(self.post_scores("submit").status_code, 302)
        ev.refresh_from_db()
        self.assertEqual(ev.status, "submitted")
        self.assertTrue(
            Notification.objects.filter(user=self.officer_minh, verb="evaluation_submitted").exists()
        )

    def test_points_above_the_maximum_are_refused_and_what_was_typed_stays(self) -> None:
        self.login(self.cdcs_hoa)
        crit = self.criteria()
        response = self.post_scores("save", **{f"points_{crit['1.1'].pk}": "45"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Tiêu chí 1.1: điểm phải từ 0 đến 40", status_code=400)
        self.assertContains(response, 'value="45"', status_code=400)
        self.assertContains(response, "Biên bản hội nghị số 3", status_code=400)
        self.assertEqual(Evaluation.objects.get(pk=self.school_ev.pk).self_total, 0)

    def test_text_for_points_gets_a_vietnamese_message(self) -> None:
        self.login(self.cdcs_hoa)
        crit = self.criteria()
        response = self.post_scores("save", **{f"points_{crit['2.2'].pk}": "tám"})
        self.assertContains(response, "Điểm phải là một số", status_code=400)
        self.assertContains(response, 'value="tám"', status_code=400)

    def test_submitting_without_required_evidence_is_refused_but_scores_are_kept(self) -> None:
        self.login(self.cdcs_hoa)
        crit = self.criteria()
        response = self.post_scores("submit", **{f"evidence_{crit['1.2'].pk}": ""})
        self.assertContains(response, "phải có minh chứng", status_code=400)
        ev = Evaluation.objects.get(pk=self.school_ev.pk)
        self.assertEqual((ev.status, ev.self_total), ("draft", D("90.5")))

    def test_evidence_file_is_stored_and_bounded(self) -> None:
        self.login(self.cdcs_hoa)
        crit = self.criteria()
        pdf = SimpleUploadedFile("bien-ban.pdf", blank_pdf(), content_type="application/pdf")
        self.post_scores("save", **{f"file_{crit['1.2'].pk}": pdf})
        score = self.school_ev.scores.get(criterion=crit["1.2"])
        self.assertTrue(score.evidence_file.name.endswith(".pdf"))
        download = self.client.get(reverse("evaluations:evidence", args=[self.school_ev.pk, score.pk]))
        self.assertEqual(download.status_code, 200)
        exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
        response = self.post_scores("save", **{f"file_{crit['1.1'].pk}": exe})
        self.assertContains(response, "chương trình chạy được", status_code=400)
        page = SimpleUploadedFile(
            "bien-ban.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
        )
        response = self.post_scores("save", **{f"file_{crit['1.1'].pk}": page})
        self.assertContains(response, "Tệp không phải là PDF", status_code=400)
        self.assertFalse(self.school_ev.scores.get(criterion=crit["1.1"]).evidence_file)

    def test_evidence_whose_stored_file_is_gone_gets_404_not_500(self) -> None:
        self.login(self.cdcs_hoa)
        crit = self.criteria()
        pdf = SimpleUploadedFile("bien-ban.pdf", blank_pdf(), content_type="application/pdf")
        self.post_scores("save", **{f"file_{crit['1.2'].pk}": pdf})
        score = self.school_ev.scores.get(criterion=crit["1.2"])
        score.evidence_file.storage.delete(score.evidence_file.name)
        download = self.client.get(reverse("evaluations:evidence", args=[self.school_ev.pk, score.pk]))
        self.assertEqual(download.status_code, 404)

    def test_another_cdcs_cannot_see_or_change_the_draft(self) -> None:
        self.login(self.cdcs_dung)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.post_scores("save").status_code, 404)
        self.assertEqual(
            self.client.get(reverse("evaluations:moderate", args=[self.school_ev.pk])).status_code, 404
        )

    def test_the_cdcs_cannot_moderate_itself(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.login(self.cdcs_hoa)
        url = reverse("evaluations:moderate", args=[self.school_ev.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {}).status_code, 404)

    def test_a_submitted_assessment_cannot_be_changed_by_the_cdcs(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.login(self.cdcs_hoa)
        response = self.post_scores("save")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Evaluation.objects.get(pk=self.school_ev.pk).self_total, 100)


class LostUpdateTests(TempMediaMixin, EvaluationWorld):
    """Two people save the same sheet from pages opened earlier: the second is told, not obeyed blindly."""

    def self_data(self, lock: int, points_11: str, evidence: str) -> dict:
        crit = self.criteria()
        return {
            f"points_{crit['1.1'].pk}": points_11,
            f"points_{crit['1.2'].pk}": "20",
            f"evidence_{crit['1.2'].pk}": evidence,
            "self_note": "",
            "action": "save",
            "lock_version": lock,
        }

    def test_a_self_assessment_saved_from_a_stale_page_is_refused_and_keeps_what_was_typed(self) -> None:
        url = reverse("evaluations:evaluation", args=[self.school_ev.pk])
        opened = lock_of(self.school_ev)  # both open the page now
        self.login(self.cdcs_hoa)
        self.assertEqual(
            self.client.post(url, self.self_data(opened, "35", "Biên bản số 1")).status_code, 302
        )
        self.login(self.officer_minh)
        response = self.client.post(url, self.self_data(opened, "12", "Sổ ghi chép"))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "đã lưu phiếu này lúc", status_code=409)
        self.assertContains(response, 'value="12"', status_code=409)  # what the second person typed
        self.assertContains(response, "Sổ ghi chép", status_code=409)
        self.assertContains(response, '<td class="theirs">35</td>', status_code=409)  # what changed
        score = self.school_ev.scores.get(criterion__code="1.1")
        self.assertEqual(score.self_points, D(35))  # the first save stands
        ev = Evaluation.objects.get(pk=self.school_ev.pk)
        self.assertContains(response, f'name="lock_version" value="{ev.lock_version}"', status_code=409)

    def test_a_self_assessment_saved_again_after_the_conflict_is_stored(self) -> None:
        url = reverse("evaluations:evaluation", args=[self.school_ev.pk])
        opened = lock_of(self.school_ev)
        self.login(self.cdcs_hoa)
        self.client.post(url, self.self_data(opened, "35", "Biên bản số 1"))
        self.login(self.officer_minh)
        self.client.post(url, self.self_data(opened, "12", "Sổ ghi chép"))
        again = self.client.post(url, self.self_data(lock_of(self.school_ev), "12", "Sổ ghi chép"))
        self.assertEqual(again.status_code, 302)
        self.assertEqual(self.school_ev.scores.get(criterion__code="1.1").self_points, D(12))

    def test_a_refused_submit_leaves_the_page_at_its_own_saved_version(self) -> None:
        url = reverse("evaluations:evaluation", args=[self.school_ev.pk])
        self.login(self.cdcs_hoa)
        crit = self.criteria()
        data = self.self_data(lock_of(self.school_ev), "35", "")  # 1.2 needs evidence: submit refused
        data.update({f"points_{crit['2.1'].pk}": "20", f"points_{crit['2.2'].pk}": "8", "action": "submit"})
        refused = self.client.post(url, data)
        self.assertContains(refused, "phải có minh chứng", status_code=400)
        page_lock = re.search(r'name="lock_version" value="(\d+)"', refused.content.decode()).group(1)
        data.update({f"evidence_{crit['1.2'].pk}": "Biên bản số 2", "lock_version": page_lock})
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Evaluation.objects.get(pk=self.school_ev.pk).status, "submitted")

    def test_a_self_assessment_posted_without_its_lock_version_overwrites_nothing(self) -> None:
        url = reverse("evaluations:evaluation", args=[self.school_ev.pk])
        self.login(self.cdcs_hoa)
        data = self.self_data(0, "35", "x")
        del data["lock_version"]
        self.assertEqual(self.client.post(url, data).status_code, 409)
        self.assertIsNone(self.school_ev.scores.get(criterion__code="1.1").self_points)

    def test_a_moderation_saved_from_a_stale_page_is_refused_and_keeps_what_was_typed(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        url = reverse("evaluations:moderate", args=[self.school_ev.pk])
        crit = self.criteria()
        opened = lock_of(self.school_ev)
        base = {f"points_{c.pk}": str(c.max_points) for c in crit.values()} | {"lock_version": opened}
        first = base | {f"points_{crit['1.2'].pk}": "25", f"reason_{crit['1.2'].pk}": "Thiếu biên bản"}
        second = base | {f"points_{crit['1.2'].pk}": "20", f"reason_{crit['1.2'].pk}": "Không có minh chứng"}
        self.login(self.officer_minh)
        self.assertEqual(self.client.post(url, first).status_code, 302)
        self.login(self.chairwoman_lan)
        response = self.client.post(url, second)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "đã lưu phiếu này lúc", status_code=409)
        self.assertContains(response, "Không có minh chứng", status_code=409)
        self.assertContains(response, '<td class="theirs">Thiếu biên bản</td>', status_code=409)
        score = self.school_ev.scores.get(criterion=crit["1.2"])
        self.assertEqual((score.final_points, score.reason), (D(25), "Thiếu biên bản"))

    def test_returning_from_a_stale_moderation_page_is_refused(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        url = reverse("evaluations:moderate", args=[self.school_ev.pk])
        opened = lock_of(self.school_ev)
        crit = self.criteria()
        self.login(self.officer_minh)
        data = {f"points_{c.pk}": str(c.max_points) for c in crit.values()} | {"lock_version": opened}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.login(self.chairwoman_lan)
        back = {"action": "return", "moderation_note": "Bổ sung", "lock_version": opened}
        self.assertContains(self.client.post(url, back), "đã lưu phiếu này lúc", status_code=409)
        self.assertEqual(Evaluation.objects.get(pk=self.school_ev.pk).status, "moderated")


class ModerationTests(TempMediaMixin, EvaluationWorld):
    def setUp(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.url = reverse("evaluations:moderate", args=[self.school_ev.pk])

    def data(self, **changes) -> dict:
        crit = self.criteria()
        data = {f"points_{c.pk}": str(c.max_points) for c in crit.values()}
        data["lock_version"] = lock_of(self.school_ev)
        data.update(changes)
        return data

    def test_a_changed_score_needs_a_reason(self) -> None:
        self.login(self.officer_minh)
        crit = self.criteria()
        response = self.client.post(self.url, self.data(**{f"points_{crit['1.2'].pk}": "25"}))
        self.assertContains(response, "cần ghi lý do điều chỉnh", status_code=400)
        self.assertContains(response, 'value="25"', status_code=400)
        self.assertEqual(Evaluation.objects.get(pk=self.school_ev.pk).status, "submitted")

    def test_the_parent_adjusts_and_the_cdcs_sees_the_reason(self) -> None:
        self.login(self.officer_minh)
        crit = self.criteria()
        data = self.data(
            **{f"points_{crit['1.2'].pk}": "25", f"reason_{crit['1.2'].pk}": "Thiếu biên bản quý IV"}
        )
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        ev = Evaluation.objects.get(pk=self.school_ev.pk)
        self.assertEqual((ev.status, ev.final_total), ("moderated", D(95)))
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("evaluations:evaluation", args=[ev.pk]))
        self.assertContains(page, "Thiếu biên bản quý IV")
        self.assertNotContains(page, "Hoàn thành xuất sắc nhiệm vụ")  # no grade before publication

    def test_the_parent_returns_an_assessment_with_a_note_and_the_cdcs_completes_it(self) -> None:
        self.login(self.officer_minh)
        lock = lock_of(self.school_ev)
        refused = self.client.post(
            self.url, {"action": "return", "moderation_note": " ", "lock_version": lock}
        )
        self.assertContains(refused, "Hãy ghi nội dung CĐCS cần bổ sung", status_code=400)
        note = "Bổ sung biên bản hội nghị người lao động"
        response = self.client.post(
            self.url, {"action": "return", "moderation_note": note, "lock_version": lock}
        )
        self.assertEqual(response.status_code, 302)
        ev = Evaluation.objects.get(pk=self.school_ev.pk)
        self.assertEqual((ev.status, ev.self_total), ("draft", D(100)))
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("evaluations:evaluation", args=[ev.pk]))
        self.assertContains(page, note)
        self.assertContains(page, 'id="self-assessment"')
        self.assertTrue(Notification.objects.filter(user=self.cdcs_hoa, verb="evaluation_returned").exists())

    def test_province_officer_above_the_parent_may_moderate_too(self) -> None:
        self.login(self.chairwoman_lan)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_outsider_gets_404(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 404)


class PublicationTests(TempMediaMixin, EvaluationWorld):
    def test_publication_waits_for_every_moderation(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.accept(self.school_ev)
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("evaluations:set_publish", args=[self.criteria_set.pk]), follow=True
        )
        self.assertContains(response, "Còn 1 phiếu chưa được thẩm định")
        self.assertIsNone(CriteriaSet.objects.get(pk=self.criteria_set.pk).published_at)

    def test_quota_and_mandatory_zero_decide_the_published_grades(self) -> None:
        # Two CĐCS under the commune, 50 %: one may be "xuất sắc". School 100; factory self-scored 95 but
        # its mandatory criterion 1.1 is moderated from 35 to 0 → 60: "hoàn thành".
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.assess(self.factory_ev, {"1.1": 35, "1.2": 30, "2.1": 20, "2.2": 10}, user=self.cdcs_dung)
        self.accept(self.school_ev)
        self.accept(self.factory_ev, {"1.1": ("0", "Không tổ chức hội nghị người lao động")})
        self.login(self.chairwoman_lan)
        response = self.client.post(reverse("evaluations:set_publish", args=[self.criteria_set.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            api.published_grades([self.school.pk, self.factory.pk, self.other_cdcs.pk], 2026),
            {self.school.pk: "xuat_sac", self.factory.pk: "hoan_thanh"},
        )
        factory = Evaluation.objects.get(pk=self.factory_ev.pk)
        self.assertEqual((factory.final_total, factory.rank), (D(60), 2))
        self.assertEqual(
            api.result_url(self.school.pk, 2026), reverse("evaluations:evaluation", args=[self.school_ev.pk])
        )
        self.assertIsNone(api.result_url(self.school.pk, 2025))
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("evaluations:evaluation", args=[self.school_ev.pk]))
        self.assertContains(page, "Hoàn thành xuất sắc nhiệm vụ")

    def test_mandatory_zero_below_the_cap_keeps_its_band(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.assess(self.factory_ev, {"1.1": 0, "1.2": 30, "2.1": 20, "2.2": 10}, user=self.cdcs_dung)
        self.accept(self.school_ev)
        self.accept(self.factory_ev)
        workflow.publish_results(criteria_set=self.criteria_set, user=None, on=dt.date(2026, 12, 28))
        factory = Evaluation.objects.get(pk=self.factory_ev.pk)
        self.assertEqual((factory.final_total, factory.grade), (D(60), "hoan_thanh"))

    def test_mandatory_zero_at_ninety_points_gets_only_tot(self) -> None:
        # A set of another year, no quota, where the mandatory 1.1 weighs 5 of 100 points: 0 + 45 + 30 + 20
        # = 95 reaches the top band, and the condition caps it at "tốt".
        cs = make_set(self.province, 2030, share=None)
        for code, points in (("1.1", 5), ("1.2", 45), ("2.1", 30), ("2.2", 20)):
            c = Criterion.objects.get(group__criteria_set=cs, code=code)
            c.max_points = D(points)
            c.save()
        workflow.open_evaluations(criteria_set=cs, due_on=DUE, user=None, on=OPENED)
        ev = Evaluation.objects.get(criteria_set=cs, unit=self.school)
        self.assess(ev, {"1.1": 0, "1.2": 45, "2.1": 30, "2.2": 20})
        self.accept(ev)
        other = Evaluation.objects.get(criteria_set=cs, unit=self.factory)
        self.assess(other, {"1.1": 5, "1.2": 10, "2.1": 10, "2.2": 10}, user=self.cdcs_dung)
        self.accept(other)
        workflow.publish_results(criteria_set=cs, user=None, on=dt.date(2030, 12, 28))
        ev.refresh_from_db()
        self.assertEqual(
            (ev.final_total, ev.grade, ev.grade_note), (D(95), "tot", "Có tiêu chí bắt buộc bị 0 điểm")
        )

    def test_summary_report_is_a_report_draft_of_the_owner(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.assess(self.factory_ev, {"1.1": 30, "1.2": 20, "2.1": 20, "2.2": 10}, user=self.cdcs_dung)
        self.accept(self.school_ev)
        self.accept(self.factory_ev)
        workflow.publish_results(criteria_set=self.criteria_set, user=None, on=dt.date(2026, 12, 28))
        self.login(self.chairwoman_lan)
        response = self.client.post(reverse("evaluations:set_report", args=[self.criteria_set.pk]))
        doc = OutgoingDocument.objects.get(
            pk=CriteriaSet.objects.get(pk=self.criteria_set.pk).summary_document_id
        )
        self.assertRedirects(
            response, reverse("issuing:document", args=[doc.pk]), fetch_redirect_response=False
        )
        self.assertEqual((doc.kind, doc.unit_id), ("report", self.province.pk))
        rows = doc.content["sections"][1]["table"]["rows"]
        self.assertEqual([r[1] for r in rows], [self.school.name, self.factory.name])
        self.assertEqual(doc.content["sections"][0]["table"]["rows"][0][2], "1")
        page = self.client.get(reverse("issuing:document", args=[doc.pk]))
        self.assertContains(page, "KẾT QUẢ CHUNG")
        self.assertContains(page, self.factory.name)
        again = self.client.post(reverse("evaluations:set_report", args=[self.criteria_set.pk]))
        self.assertRedirects(again, reverse("issuing:document", args=[doc.pk]), fetch_redirect_response=False)


class FrozenAndVersionTests(TempMediaMixin, EvaluationWorld):
    def test_a_frozen_set_refuses_every_change(self) -> None:
        criterion = Criterion.objects.filter(group__criteria_set=self.criteria_set).first()
        criterion.max_points = D(50)
        with self.assertRaises(FrozenSetError):
            criterion.save()
        with self.assertRaises(FrozenSetError):
            GradeBand.objects.filter(criteria_set=self.criteria_set).first().delete()
        self.login(self.chairwoman_lan)
        url = reverse("evaluations:criterion_edit", args=[self.criteria_set.pk, criterion.pk])
        response = self.client.post(url, {"code": "1.1", "text": "x", "max_points": "50", "method": "manual"})
        self.assertContains(response, "Bộ tiêu chí đã khóa", status_code=409)
        edit = self.client.post(
            reverse("evaluations:set_edit", args=[self.criteria_set.pk]), {"title": "Khác"}
        )
        self.assertEqual(edit.status_code, 409)
        self.assertEqual(CriteriaSet.objects.get(pk=self.criteria_set.pk).title, "Bộ tiêu chí năm 2026")

    def test_rules_saved_as_the_set_freezes_keep_nothing_of_the_edit(self) -> None:
        # The page passed its frozen check, then scoring started before the save (the race the 409 page is
        # for): the bands refuse, and the title typed with them is not stored on its own either.
        self.login(self.chairwoman_lan)
        data = {"title": "Khác", "min_xuat_sac": "95", "min_tot": "80", "min_hoan_thanh": "60"}
        with mock.patch("trienkhai.evaluations.views._refuse_frozen", return_value=None):
            response = self.client.post(reverse("evaluations:set_edit", args=[self.criteria_set.pk]), data)
        self.assertContains(response, "Bộ tiêu chí đã khóa", status_code=409)
        self.assertEqual(CriteriaSet.objects.get(pk=self.criteria_set.pk).title, "Bộ tiêu chí năm 2026")

    def test_last_years_results_stay_when_this_years_set_changes(self) -> None:
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.assess(self.factory_ev, {"1.1": 30, "1.2": 20, "2.1": 20, "2.2": 5}, user=self.cdcs_dung)
        self.accept(self.school_ev)
        self.accept(self.factory_ev)
        workflow.publish_results(criteria_set=self.criteria_set, user=None, on=dt.date(2026, 12, 28))
        before = list(
            Evaluation.objects.filter(year=2026).order_by("pk").values_list("final_total", "grade", "rank")
        )
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("evaluations:set_copy", args=[self.criteria_set.pk]), {"year": "2027"}
        )
        new = CriteriaSet.objects.get(owner=self.province, year=2027)
        self.assertRedirects(
            response, reverse("evaluations:set", args=[new.pk]), fetch_redirect_response=False
        )
        self.assertEqual(new.copied_from_id, self.criteria_set.pk)
        crit = Criterion.objects.get(group__criteria_set=new, code="1.1")
        data = {
            "group": crit.group_id,
            "code": "1.1",
            "text": "Đối thoại mới",
            "max_points": "20",
            "method": "manual",
        }
        response = self.client.post(reverse("evaluations:criterion_edit", args=[new.pk, crit.pk]), data)
        self.assertEqual(response.status_code, 302)
        bands = {
            "title": new.title,
            "mandatory_zero_cap": "",
            "min_xuat_sac": "95",
            "min_tot": "80",
            "min_hoan_thanh": "60",
        }
        self.assertEqual(
            self.client.post(reverse("evaluations:set_edit", args=[new.pk]), bands).status_code, 302
        )
        self.assertEqual(Criterion.objects.get(pk=crit.pk).max_points, 20)
        self.assertEqual(
            Criterion.objects.get(group__criteria_set=self.criteria_set, code="1.1").max_points, 40
        )
        self.assertEqual(
            GradeBand.objects.get(criteria_set=self.criteria_set, grade="xuat_sac").min_score, 90
        )
        after = list(
            Evaluation.objects.filter(year=2026).order_by("pk").values_list("final_total", "grade", "rank")
        )
        self.assertEqual(before, after)
        self.assertEqual(api.published_grades([self.school.pk], 2026), {self.school.pk: "xuat_sac"})

    def test_bands_must_decrease(self) -> None:
        cs = make_set(self.province, 2028)
        self.login(self.chairwoman_lan)
        data = {"title": cs.title, "min_xuat_sac": "60", "min_tot": "70", "min_hoan_thanh": "50"}
        response = self.client.post(reverse("evaluations:set_edit", args=[cs.pk]), data)
        self.assertContains(response, "Ngưỡng điểm phải giảm dần", status_code=400)
        self.assertContains(response, 'value="60"', status_code=400)


class RankingExportTests(TempMediaMixin, EvaluationWorld):
    def test_export_writes_a_formula_like_name_as_text(self) -> None:
        self.factory.name = '=HYPERLINK("http://x","bấm")'
        self.factory.save()
        self.assess(self.factory_ev, {"1.1": 30, "1.2": 20, "2.1": 20, "2.2": 5}, user=self.cdcs_dung)
        self.accept(self.factory_ev)
        self.login(self.chairwoman_lan)
        response = self.client.get(reverse("evaluations:ranking_export", args=[self.criteria_set.pk]))
        self.assertEqual(response.status_code, 200)
        ws = load_workbook(io.BytesIO(response.content)).active
        cells = [c for row in ws.iter_rows() for c in row if c.value == self.factory.name]
        self.assertEqual(len(cells), 1)
        self.assertEqual(cells[0].data_type, "s")

    def test_ranking_by_sector_groups_by_unit_sector(self) -> None:
        self.login(self.chairwoman_lan)
        page = self.client.get(reverse("evaluations:ranking", args=[self.criteria_set.pk]) + "?theo=khu-vuc")
        self.assertContains(page, "Hành chính sự nghiệp")
        self.assertContains(page, "Doanh nghiệp có vốn đầu tư nước ngoài")

    def test_the_commune_sees_the_ranking_of_its_units_but_a_cdcs_does_not(self) -> None:
        url = reverse("evaluations:ranking", args=[self.criteria_set.pk])
        self.login(self.officer_minh)
        self.assertContains(self.client.get(url), self.school.name)
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(url).status_code, 404)


class HomeAndReminderTests(TempMediaMixin, EvaluationWorld):
    def test_the_cdcs_has_a_self_assessment_to_do_and_the_parent_one_to_moderate(self) -> None:
        sections = todo_sections(self.cdcs_hoa, on=OPENED)
        self.assertEqual([i.unit_name for s in sections for i in s.items], [self.school.name])
        self.assertEqual(todo_sections(self.officer_minh, on=OPENED), [])
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        titles = [s.title for s in todo_sections(self.officer_minh, on=OPENED)]
        self.assertEqual(titles, ["Phiếu tự đánh giá chờ thẩm định"])
        self.assertEqual(todo_sections(self.outsider, on=OPENED), [])

    def test_reminders_before_the_deadline_and_when_overdue_are_sent_once(self) -> None:
        week_before = DUE - dt.timedelta(days=7)
        self.assertEqual(workflow.remind_due(on=week_before), 2)  # cdcs_hoa and cdcs_dung
        self.assertEqual(workflow.remind_due(on=week_before), 0)
        self.assertEqual(workflow.remind_due(on=DUE - dt.timedelta(days=3)), 0)
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        overdue = DUE + dt.timedelta(days=1)
        self.assertEqual(workflow.remind_due(on=overdue), 1)  # only the factory is still a draft
        self.assertEqual(workflow.remind_due(on=overdue), 0)
        text = Notification.objects.filter(user=self.cdcs_dung, key__contains="overdue").get().text
        self.assertIn("đã quá hạn", text)

    def test_a_cdcs_founded_after_opening_gets_its_evaluation_on_the_next_opening(self) -> None:
        new = create_unit(
            parent=self.commune,
            on=START,
            code="AB-HL-MOI",
            name="Công đoàn Công ty Mới",
            kind=UnitKind.GRASSROOTS,
        )
        self.assertEqual(
            workflow.open_evaluations(criteria_set=self.criteria_set, due_on=DUE, user=None, on=OPENED), 1
        )
        self.assertTrue(Evaluation.objects.filter(unit=new, year=2026).exists())


class SetEditingTests(TempMediaMixin, EvaluationWorld):
    def test_a_federation_creates_a_set_and_a_cdcs_cannot(self) -> None:
        self.login(self.chairwoman_lan)
        data = {
            "owner": self.province.pk,
            "year": "2027",
            "title": "Bộ tiêu chí 2027",
            "mandatory_zero_cap": "tot",
        }
        response = self.client.post(reverse("evaluations:set_create"), data)
        cs = CriteriaSet.objects.get(owner=self.province, year=2027)
        self.assertRedirects(
            response, reverse("evaluations:set", args=[cs.pk]), fetch_redirect_response=False
        )
        again = self.client.post(reverse("evaluations:set_create"), data)
        self.assertContains(again, "Đơn vị đã có bộ tiêu chí năm này", status_code=400)
        self.login(self.cdcs_hoa)
        data["owner"], data["year"] = self.school.pk, "2028"
        self.assertEqual(self.client.post(reverse("evaluations:set_create"), data).status_code, 400)
        self.assertFalse(CriteriaSet.objects.filter(year=2028).exists())

    def test_a_computed_criterion_needs_a_form_and_an_indicator(self) -> None:
        cs = make_set(self.province, 2027)
        group = cs.groups.first()
        self.login(self.chairwoman_lan)
        data = {
            "group": group.pk,
            "code": "1.9",
            "text": "Phát triển đoàn viên",
            "max_points": "7,5",
            "method": "ratio",
        }
        response = self.client.post(reverse("evaluations:criterion_create", args=[cs.pk]), data)
        self.assertContains(response, "cần chọn biểu mẫu báo cáo", status_code=400)
        self.assertContains(response, "Phát triển đoàn viên", status_code=400)
        data["method"] = "manual"
        self.assertEqual(
            self.client.post(reverse("evaluations:criterion_create", args=[cs.pk]), data).status_code, 302
        )
        self.assertEqual(Criterion.objects.get(group=group, code="1.9").max_points, D("7.5"))

    def test_opening_without_bands_or_criteria_is_refused(self) -> None:
        empty = CriteriaSet.objects.create(owner=self.province, year=2029, title="Trống")
        self.login(self.chairwoman_lan)
        response = self.client.post(
            reverse("evaluations:set_open", args=[empty.pk]), {"due_on": "20/12/2029"}, follow=True
        )
        self.assertContains(response, "Bộ tiêu chí chưa có tiêu chí nào.")
        self.assertContains(response, "Chưa có ngưỡng điểm xếp loại.")
        self.assertIsNone(CriteriaSet.objects.get(pk=empty.pk).frozen_at)
        bad = self.client.post(
            reverse("evaluations:set_open", args=[empty.pk]), {"due_on": "31/02/2029"}, follow=True
        )
        self.assertContains(bad, "Hãy nhập hạn gửi phiếu dạng ngày/tháng/năm")

    def test_a_criterion_is_deleted_from_an_editable_set_only(self) -> None:
        cs = make_set(self.province, 2027)
        draft = Criterion.objects.get(group__criteria_set=cs, code="2.2")
        frozen = Criterion.objects.get(group__criteria_set=self.criteria_set, code="2.2")
        self.login(self.chairwoman_lan)
        response = self.client.post(reverse("evaluations:criterion_delete", args=[cs.pk, draft.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Criterion.objects.filter(pk=draft.pk).exists())
        response = self.client.post(
            reverse("evaluations:criterion_delete", args=[self.criteria_set.pk, frozen.pk])
        )
        self.assertContains(response, "Bộ tiêu chí đã khóa", status_code=409)
        self.assertTrue(Criterion.objects.filter(pk=frozen.pk).exists())
        self.assertEqual(
            self.client.get(reverse("evaluations:criterion_delete", args=[cs.pk, frozen.pk])).status_code, 405
        )


class IndexTests(TempMediaMixin, EvaluationWorld):
    def test_each_user_sees_what_concerns_them(self) -> None:
        url = reverse("evaluations:index")
        self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 10})
        self.login(self.chairwoman_lan)
        page = self.client.get(url)
        self.assertContains(page, "Bộ tiêu chí năm 2026")
        self.assertContains(page, "Phiếu chờ thẩm định (1)")
        self.login(self.cdcs_dung)
        page = self.client.get(url)
        self.assertContains(page, self.factory.name)
        self.assertNotContains(page, self.school.name)
        self.assertNotContains(page, "Bộ tiêu chí năm 2026")
        self.login(self.outsider)
        page = self.client.get(url)
        self.assertContains(page, "Chưa có bộ tiêu chí hay phiếu đánh giá nào")
