"""Issue 26: what a plan page offers next. The plan's writers ask for reports from the plan page and from
the confirmation after publishing; a commune union finishes its own plan by sending it on to the CĐCS
below, and every finishing button says beforehand who will receive the plan."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse

from trienkhai.orgs.models import today
from trienkhai.plans.models import Action, Plan, PlanAssignment
from trienkhai.plans.workflow import complete_sub_plan, create_sub_plan, publish_plan
from trienkhai.reports.models import ReportForm

from .test_plans_views import PlanWorld
from .test_plans_workflow import DEADLINE, ON, make_plan
from .world import World


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


class AskForReportsTests(PlanWorld):
    def test_published_plan_page_offers_its_writer_to_ask_for_reports(self):
        self.login(self.officer_minh)
        page = self.client.get(url("detail", self.plan.pk))
        self.assertContains(page, f'href="{reverse("reports:form_create", args=[self.plan.pk])}"')
        self.assertContains(page, "Giao báo cáo cho kế hoạch này")

    def test_readers_and_recipients_are_not_offered_to_ask_for_reports(self):
        create = reverse("reports:form_create", args=[self.plan.pk])
        for user in (self.chairwoman_lan, self.cdcs_hoa):  # the level above reads; the CĐCS received it
            self.login(user)
            page = self.client.get(url("detail", self.plan.pk))
            self.assertEqual(page.status_code, 200)
            self.assertNotContains(page, create)

    def test_publish_confirmation_offers_to_ask_for_reports_once(self):
        self.login(self.officer_minh)
        data = {"lock_version": 0, "on": f"{today():%d/%m/%Y}", "deadline": "", "scope": "grassroots"}
        data["deadline"] = f"{today() + dt.timedelta(days=14):%d/%m/%Y}"
        page = self.client.post(url("publish", self.draft.pk), data, follow=True)
        self.assertContains(page, 'id="just-published"')
        self.assertContains(page, "Đã ban hành phiên bản 1; gửi mới đến 2 đơn vị.")
        create = reverse("reports:form_create", args=[self.draft.pk])
        self.assertContains(page, f'href="{create}" id="ask-reports-next"')
        self.assertNotContains(self.client.get(url("detail", self.draft.pk)), 'id="just-published"')

    def test_report_forms_made_for_the_plan_are_listed_on_its_page(self):
        form = ReportForm.objects.create(plan=self.plan, title="Báo cáo kết quả năm")
        self.login(self.cdcs_hoa)
        page = self.client.get(url("detail", self.plan.pk))
        self.assertContains(page, f'href="{reverse("reports:form", args=[form.pk])}"')


class CommuneSubPlanWorld(World):
    """The province sends its plan to the commune union directly; the commune builds its own plan."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.province_plan = make_plan(cls.province, cls.chairwoman_lan, tasks=2)
        publish_plan(
            plan=cls.province_plan,
            user=cls.chairwoman_lan,
            units_filter={"scope": "children"},
            deadline=DEADLINE,
            on=ON,
        )
        cls.commune_assignment = PlanAssignment.objects.get(plan=cls.province_plan, unit=cls.commune)
        cls.sub = create_sub_plan(
            assignment=cls.commune_assignment,
            user=cls.officer_minh,
            task_ids=list(cls.province_plan.tasks.values_list("pk", flat=True)),
            on=ON,
        )
        for task in cls.sub.tasks.all():
            Action.objects.create(
                plan=cls.sub, task=task, text="Tuyên truyền", responsible="Minh", due_date=dt.date(2025, 1, 1)
            )

    def finish(self, **extra):
        data = {
            "lock_version": Plan.objects.get(pk=self.sub.pk).lock_version,
            "on": f"{today():%d/%m/%Y}",
            "deadline": f"{today() + dt.timedelta(days=14):%d/%m/%Y}",
            "scope": "grassroots",
            **extra,
        }
        return self.client.post(url("publish", self.sub.pk), data)


class CommuneFinishesBySendingOnTests(CommuneSubPlanWorld):
    def test_commune_sub_plan_page_says_who_will_receive_it_before_finishing(self):
        self.login(self.officer_minh)
        page = self.client.get(url("detail", self.sub.pk))
        self.assertContains(page, 'id="complete-and-send"')
        self.assertContains(
            page, "báo lên Liên đoàn Lao động tỉnh An Bình và gửi đến <strong>2</strong> đơn vị"
        )
        self.assertContains(page, "Công đoàn Công ty May Hòa Lạc, Công đoàn Trường Tiểu học Hòa Lạc")
        self.assertNotContains(page, 'id="complete-plan"')
        self.assertNotContains(page, "rồi bấm “Hoàn thành kế hoạch”")

    def test_finishing_the_commune_sub_plan_sends_it_to_the_cdcs_below(self):
        self.login(self.officer_minh)
        response = self.finish()
        self.assertRedirects(response, url("detail", self.sub.pk), fetch_redirect_response=False)
        sub = Plan.objects.get(pk=self.sub.pk)
        self.assertEqual((sub.status, sub.version), ("published", 1))
        self.assertEqual(
            set(sub.assignments.values_list("unit", flat=True)), {self.school.pk, self.factory.pk}
        )
        self.commune_assignment.refresh_from_db()
        self.assertEqual(self.commune_assignment.completed_on, today())

    def test_the_finishing_dialog_is_named_for_finishing_and_counts_the_recipients(self):
        self.login(self.officer_minh)
        page = self.client.get(url("publish", self.sub.pk))
        self.assertContains(page, 'id="finishing"')
        self.assertContains(page, "Sẽ gửi đến <strong>2</strong> đơn vị")

    def test_finishing_alone_leads_to_sending_and_freezes_nothing(self):
        self.login(self.officer_minh)
        response = self.client.post(url("complete", self.sub.pk))
        self.assertRedirects(response, url("publish", self.sub.pk), fetch_redirect_response=False)
        sub = Plan.objects.get(pk=self.sub.pk)
        self.assertEqual((sub.status, sub.version), ("draft", 0))

    def test_finishing_alone_is_refused_by_the_workflow(self):
        with self.assertRaisesMessage(ValidationError, "Hoàn thành và gửi xuống"):
            complete_sub_plan(plan=self.sub, user=self.officer_minh)
        self.assertFalse(Plan.objects.get(pk=self.sub.pk).versions.exists())

    def test_sending_on_still_needs_an_action_per_task(self):
        Action.objects.filter(plan=self.sub, task=self.sub.tasks.first()).delete()
        self.login(self.officer_minh)
        response = self.finish()
        self.assertContains(response, "Mỗi nhiệm vụ cần ít nhất một hoạt động cụ thể", status_code=400)
        self.assertFalse(Plan.objects.get(pk=self.sub.pk).assignments.exists())


class CdcsFinishesAloneTests(PlanWorld):
    def test_cdcs_sub_plan_page_says_the_plan_is_reported_up_to_the_commune(self):
        sub = create_sub_plan(
            assignment=self.school_assignment,
            user=self.cdcs_hoa,
            task_ids=[self.plan.tasks.first().pk],
            on=ON,
        )
        self.login(self.cdcs_hoa)
        page = self.client.get(url("detail", sub.pk))
        self.assertContains(page, 'id="complete-plan"')
        self.assertContains(page, "Kế hoạch sẽ được ban hành và báo lên Công đoàn xã Hòa Lạc.")
        self.assertNotContains(page, 'id="complete-and-send"')
