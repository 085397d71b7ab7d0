"""Who may do what: the unit's writers edit, reviewers above review, viewers read, outsiders get 404."""

import datetime as dt

from trienkhai.orgs.models import Role, Unit
from trienkhai.orgs.workflow import add_membership
from trienkhai.reports.access import REVIEWER, VIEWER, WRITER, role_for
from trienkhai.reports.models import Indicator, Submission

from .reports_world import ReportWorld
from .world import START


class AccessTests(ReportWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer = cls.make_user("viewer_thu", "Thu", cls.province, Role.VIEWER)

    def setUp(self) -> None:
        self.sub = self.school_submission()

    def urls(self):
        s, f = self.sub, self.form
        return {
            "read": [
                f"/bao-cao/{s.pk}/",
                f"/bao-cao/{s.pk}/lich-su/",
                f"/bao-cao/bieu-mau/{f.pk}/",
                f"/bao-cao/bieu-mau/{f.pk}/bang/{self.school.pk}/",
                f"/bao-cao/bieu-mau/{f.pk}/bang/{self.school.pk}/excel/",
            ],
            "edit_post": [f"/bao-cao/{s.pk}/tu-dong-luu/", f"/bao-cao/{s.pk}/minh-chung/"],
            "review_post": [f"/bao-cao/{s.pk}/duyet/", f"/bao-cao/{s.pk}/mo-lai/"],
        }

    def test_roles(self):
        assert role_for(self.cdcs_hoa, self.school) == WRITER
        assert role_for(self.officer_minh, self.school) == REVIEWER
        assert role_for(self.chairwoman_lan, self.school) == REVIEWER
        assert role_for(self.viewer, self.school) == VIEWER
        assert role_for(self.outsider, self.school) is None
        assert role_for(self.cdcs_hoa, self.factory) is None

    def test_outsider_gets_404_everywhere(self):
        self.login(self.outsider)
        u = self.urls()
        for url in u["read"]:
            assert self.client.get(url).status_code == 404, url
        for url in u["edit_post"] + u["review_post"] + [f"/bao-cao/{self.sub.pk}/"]:
            assert self.client.post(url, {"action": "approve", "reason": "x"}).status_code == 404, url
        open_url = f"/bao-cao/bieu-mau/{self.form.pk}/don-vi/{self.school.pk}/{self.year}/1/"
        assert self.client.get(open_url).status_code == 404
        assert self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu/moi/").status_code == 404

    def test_owner_unit_writer_reads_and_edits_but_does_not_review(self):
        self.login(self.cdcs_hoa)
        u = self.urls()
        for url in u["read"][:2]:
            assert self.client.get(url).status_code == 200, url
        assert self.client.post(u["edit_post"][0], {"lock_version": self.sub.lock_version}).status_code == 200
        for url in u["review_post"]:
            assert self.client.post(url, {"action": "approve", "reason": "x"}).status_code == 404, url
        # Not the plan's owner: cannot change the form; another unit's report is out of scope.
        assert self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu/moi/").status_code == 404
        other = f"/bao-cao/bieu-mau/{self.form.pk}/don-vi/{self.factory.pk}/{self.year}/1/"
        assert self.client.get(other).status_code == 404

    def test_board_of_another_provinces_form_is_404_even_with_ones_own_unit(self):
        from trienkhai.plans.models import Plan
        from trienkhai.reports.models import ReportForm

        other_plan = Plan.objects.create(owner_unit=self.other_province, title="Kế hoạch Bắc Sơn")
        other_form = ReportForm.objects.create(plan=other_plan, title="Biểu mẫu riêng của Bắc Sơn")
        self.login(self.officer_minh)
        for suffix in ("", "excel/"):
            r = self.client.get(f"/bao-cao/bieu-mau/{other_form.pk}/bang/{self.commune.pk}/{suffix}")
            assert r.status_code == 404
            assert "Bắc Sơn" not in r.content.decode()
            missing = self.client.get(
                f"/bao-cao/bieu-mau/{other_form.pk + 1000}/bang/{self.commune.pk}/{suffix}"
            )
            assert missing.status_code == 404  # the same answer: form ids cannot be counted

    def test_board_excel_writes_formulas_as_text(self):
        from .test_plans_views import assert_no_formula

        evil = "=1+2"
        Unit.objects.filter(pk=self.school.pk).update(name=evil)
        self.login(self.officer_minh)
        r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/bang/{self.commune.pk}/excel/")
        assert_no_formula(r.content, evil)

    def test_reviewer_reads_the_board_and_excel(self):
        self.login(self.officer_minh)
        r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/bang/{self.commune.pk}/")
        self.assertContains(r, "Công đoàn Trường Tiểu học Hòa Lạc")
        r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/bang/{self.commune.pk}/excel/")
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")

    def test_viewer_reads_but_cannot_edit_or_review(self):
        self.login(self.viewer)
        page = self.client.get(f"/bao-cao/{self.sub.pk}/")
        assert page.status_code == 200
        self.assertNotContains(page, 'name="v_sessions"')
        assert self.client.post(f"/bao-cao/{self.sub.pk}/", {"action": "save"}).status_code == 404
        assert self.client.post(self.urls()["edit_post"][0], {}).status_code == 404
        assert self.client.post(self.urls()["review_post"][0], {"action": "approve"}).status_code == 404

    def test_plan_owner_edits_form_until_first_submission(self):
        self.login(self.chairwoman_lan)
        r = self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu/moi/",
            {
                "code": "dialogues",
                "label": "Cuộc đối thoại",
                "kind": "integer",
                "required": "on",
                "position": 9,
            },
        )
        assert r.status_code == 302
        assert Indicator.objects.filter(form=self.form, code="dialogues").exists()
        r = self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/quy-tac/moi/", {"expression": "ghost > 1", "message": "x"}
        )
        self.assertContains(r, "Không có chỉ tiêu mã: ghost", status_code=400)
        Submission.objects.filter(pk=self.sub.pk).update(status="submitted")
        self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu/moi/",
            {"code": "late_add", "label": "Thêm muộn", "kind": "integer", "position": 10},
        )
        assert not Indicator.objects.filter(form=self.form, code="late_add").exists()

    def test_membership_in_the_past_gives_no_access(self):
        old = self.make_user("old_officer", "Cũ", self.other_province, Role.OFFICER)
        add_membership(
            user=old, unit=self.commune, role=Role.OFFICER, start_date=START, end_date=dt.date(2011, 1, 1)
        )
        self.login(old)
        assert self.client.get(f"/bao-cao/{self.sub.pk}/").status_code == 404

    def test_home_shows_todo(self):
        self.login(self.cdcs_hoa)
        r = self.client.get("/")
        self.assertContains(r, "Việc cần làm")
        self.assertContains(r, "Báo cáo năm")
        self.assertContains(r, "Đơn vị của tôi")
        self.login(self.outsider)
        self.assertNotContains(self.client.get("/"), "Báo cáo năm")

    def test_todo_names_the_issuer_beside_each_plan_number(self):
        # Two federations each issue a 27/KH-LĐLĐ: the number alone does not say whose plan it is.
        self.login(self.cdcs_hoa)
        r = self.client.get("/")
        self.assertContains(
            r, '<span class="small text-muted todo-issuer">— Liên đoàn Lao động tỉnh An Bình</span>'
        )

    def test_opening_a_report_by_get_creates_nothing_and_the_page_starts_it_by_post(self):
        self.login(self.cdcs_hoa)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/don-vi/{self.factory.pk}/{self.year}/1/"
        assert self.client.get(url).status_code == 404  # another unit's report
        url = f"/bao-cao/bieu-mau/{self.form.pk}/don-vi/{self.school.pk}/{self.year + 1}/1/"
        page = self.client.get(url)
        self.assertContains(page, 'id="open-report"')
        assert not Submission.objects.filter(unit=self.school, year=self.year + 1).exists()
        r = self.client.post(url, HTTP_HX_REQUEST="true")
        created = Submission.objects.get(unit=self.school, year=self.year + 1)
        assert r["HX-Redirect"] == f"/bao-cao/{created.pk}/"
        self.assertRedirects(self.client.get(url), f"/bao-cao/{created.pk}/")
