"""Plausibility rules a federation writes without code: picked from a list, the figures named by their
labels, checked as the user types (autosave) and again on submit."""

from decimal import Decimal

from trienkhai.reports.models import Indicator, Rule, Submission, SubmissionValue

from .reports_world import ReportWorld


class RuleBuilderTests(ReportWorld):
    def add_rule(self, **data):
        self.login(self.chairwoman_lan)
        return self.client.post(f"/bao-cao/bieu-mau/{self.form.pk}/quy-tac/moi/", data)

    def add_score(self) -> None:
        Indicator.objects.create(
            form=self.form, code="score", label="Điểm tự chấm", kind=Indicator.Kind.DECIMAL, required=False,
            position=9,
        )  # fmt: skip

    def test_builder_offers_figures_by_label_and_the_kinds_by_name(self):
        self.login(self.chairwoman_lan)
        page = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/")
        self.assertContains(page, '<option value="total_members">Tổng số đoàn viên</option>', html=True)
        self.assertContains(page, "Điểm chấm trên thang N điểm")
        self.assertContains(page, "Không lớn hơn một chỉ tiêu khác")

    def test_a_score_out_of_100_rule_is_worded_by_label(self):
        self.add_score()
        r = self.add_rule(kind="score_out_of", subject="score", bound="100")
        assert r.status_code == 302
        rule = Rule.objects.get(kind="score_out_of")
        assert rule.expression == "score <= 100"
        assert rule.message == "«Điểm tự chấm» là điểm chấm trên thang 100 điểm: tối đa 100."
        page = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/")
        self.assertContains(page, "«Điểm tự chấm» là điểm chấm trên thang 100 điểm")

    def test_not_above_another_figure_and_at_least_rules(self):
        assert self.add_rule(kind="not_above", subject="sessions", other="total_members").status_code == 302
        assert self.add_rule(kind="at_least", subject="rate", bound="10,5").status_code == 302
        rules = {r.kind: r for r in Rule.objects.exclude(kind="expression")}
        assert rules["not_above"].expression == "sessions <= total_members"
        assert rules["not_above"].message == "«Số buổi tuyên truyền» không được lớn hơn «Tổng số đoàn viên»."
        assert rules["at_least"].bound == Decimal("10.5")
        assert rules["at_least"].expression == "rate >= 10.5"

    def test_a_rule_missing_what_it_needs_is_refused_with_a_message(self):
        r = self.add_rule(kind="not_above", subject="sessions")
        self.assertContains(r, "Hãy chọn chỉ tiêu để so sánh.", status_code=400)
        r = self.add_rule(kind="at_most", subject="sessions")
        self.assertContains(r, "Hãy nhập số giới hạn.", status_code=400)
        assert not Rule.objects.exclude(kind="expression").exists()

    def test_150_points_on_a_100_point_scale_is_flagged_as_typed_and_refused_on_submit(self):
        self.add_score()
        self.add_rule(kind="score_out_of", subject="score", bound="100")
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/",
            {"lock_version": sub.lock_version, "v_score": "150"},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, "là điểm chấm trên thang 100 điểm")
        assert SubmissionValue.objects.get(submission=sub, key="score").raw == "150"  # kept as typed
        sub.refresh_from_db()
        r = self.post(sub, "submit", **{**self.good_values(), "v_score": "150"})
        self.assertContains(r, "là điểm chấm trên thang 100 điểm", status_code=400)
        sub.refresh_from_db()
        assert sub.status == Submission.Status.DRAFT

    def test_a_cross_figure_rule_is_flagged_as_typed(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/",
            {"lock_version": sub.lock_version, "v_new_members": "120", "v_total_members": "85"},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, "không được lớn hơn tổng số đoàn viên")
