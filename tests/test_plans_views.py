"""Plan pages through HTTP: access per role, editing with validation and optimistic locking, publishing
and amendments, the receiving unit's sub-plan, the board (query count, reminders, Excel)."""

import datetime as dt
import io
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.orgs.models import Unit, UnitKind, UnitLink
from trienkhai.orgs.workflow import create_unit, dissolve_unit
from trienkhai.plans.models import Action, BudgetLine, Plan, PlanAssignment, Reminder, Task
from trienkhai.plans.workflow import create_sub_plan, publish_plan

from .test_plans_workflow import DEADLINE, ON, make_plan
from .world import World


def assert_no_formula(xlsx: bytes, text: str) -> None:
    """`text` is in the workbook as a plain string cell, and the workbook holds no formula at all."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)
    cells = [c for ws in load_workbook(io.BytesIO(xlsx)) for row in ws.iter_rows() for c in row]
    found = [c for c in cells if c.value == text]
    assert found and all(c.data_type == "s" for c in found)


class PlanWorld(World):
    """The commune union (officer_minh) owns a plan; the two CĐCS below receive it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = make_plan(cls.commune, cls.officer_minh)
        cls.plan = make_plan(cls.commune, cls.officer_minh)
        BudgetLine.objects.create(plan=cls.plan, item="Tuyên truyền", amount=1500000, spent=500000)
        publish_plan(plan=cls.plan, user=cls.officer_minh, units_filter=None, deadline=DEADLINE, on=ON)
        cls.school_assignment = PlanAssignment.objects.get(plan=cls.plan, unit=cls.school)

    def url(self, name, *args):
        return reverse(f"plans:{name}", args=args)


class AccessTests(PlanWorld):
    def test_owner_member_outsider_on_read_views(self):
        views = [
            ("detail", self.plan.pk),
            ("detail", self.draft.pk),
            ("board", self.plan.pk),
            ("board_xlsx", self.plan.pk),
            ("version", self.plan.pk, 1),
        ]
        for name, *args in views:
            self.login(self.officer_minh)
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)
            self.login(self.outsider)
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404, name)
        self.login(self.cdcs_hoa)  # the recipient reads the plan it received, not the draft or the board
        self.assertEqual(self.client.get(self.url("detail", self.plan.pk)).status_code, 200)
        self.assertEqual(self.client.get(self.url("detail", self.draft.pk)).status_code, 404)
        self.assertEqual(self.client.get(self.url("board", self.plan.pk)).status_code, 404)

    def test_owner_member_outsider_on_edit_views(self):
        for name, *args in [
            ("edit", self.draft.pk),
            ("rows", self.draft.pk, "kinh-phi"),
            ("publish", self.draft.pk),
        ]:
            self.login(self.officer_minh)
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)
            for user in (self.cdcs_hoa, self.outsider):
                self.login(user)
                self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404, (name, user))
        self.login(self.officer_minh)
        response = self.client.get(self.url("edit", self.plan.pk), follow=True)  # published: via amendment
        self.assertRedirects(response, self.url("detail", self.plan.pk))
        self.assertContains(response, "hãy dùng “Sửa đổi”")
        self.assertEqual(self.client.get(self.url("amend", self.plan.pk)).status_code, 200)
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(self.url("amend", self.plan.pk)).status_code, 404)

    def test_list_shows_visible_plans_only(self):
        self.login(self.outsider)
        self.assertNotContains(self.client.get(self.url("list")), "27/KH-LĐLĐ")
        self.login(self.cdcs_hoa)
        response = self.client.get(self.url("list"))
        self.assertContains(response, f'href="{self.url("assignment", self.school_assignment.pk)}"')
        self.login(self.officer_minh)
        response = self.client.get(self.url("list"), {"status": "draft"})
        self.assertEqual([p.pk for p in response.context["plans"]], [self.draft.pk])

    def test_outsider_cannot_open_assignment_or_remind(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url("assignment", self.school_assignment.pk)).status_code, 404)
        self.assertEqual(self.client.post(self.url("remind", self.school_assignment.pk)).status_code, 404)
        self.assertEqual(self.client.post(self.url("remind_all", self.plan.pk)).status_code, 404)
        self.assertFalse(Reminder.objects.exists())

    def test_cdcs_cannot_remind_or_edit_another_units_sub_plan(self):
        sub = create_sub_plan(
            assignment=PlanAssignment.objects.get(plan=self.plan, unit=self.factory),
            user=None,
            task_ids=[self.plan.tasks.first().pk],
            on=ON,
        )
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.post(self.url("remind", self.school_assignment.pk)).status_code, 404)
        self.assertEqual(self.client.get(self.url("detail", sub.pk)).status_code, 404)
        post = {"task": sub.tasks.first().pk, "text": "x", "responsible": "y", "due_date": "2024-09-01"}
        self.assertEqual(self.client.post(self.url("action_add", sub.pk), post).status_code, 404)
        for parent_officer in (self.officer_minh, self.chairwoman_lan):  # the levels above read it only
            self.login(parent_officer)
            self.assertEqual(self.client.get(self.url("detail", sub.pk)).status_code, 200)
            self.assertEqual(self.client.post(self.url("action_add", sub.pk), post).status_code, 404)
            self.assertEqual(self.client.get(self.url("edit", sub.pk)).status_code, 404)
        self.assertFalse(Action.objects.filter(plan=sub).exists())

    def test_province_chair_reads_but_does_not_edit_the_commune_plan(self):
        self.login(self.chairwoman_lan)
        self.assertEqual(self.client.get(self.url("detail", self.draft.pk)).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", self.draft.pk)).status_code, 404)
        self.assertEqual(self.client.get(self.url("board", self.plan.pk)).status_code, 200)
        self.assertEqual(self.client.post(self.url("remind_all", self.plan.pk)).status_code, 404)


class SuccessorTests(World):
    def test_successor_of_an_ended_owner_manages_its_cascade(self):
        old = create_unit(
            parent=self.federation,
            on=dt.date(2015, 7, 1),
            code="OLD",
            name="LĐLĐ huyện Cũ",
            kind=UnitKind.DISTRICT,
        )
        cdcs = create_unit(
            parent=old, on=dt.date(2015, 7, 1), code="OLD-1", name="CĐCS Một", kind=UnitKind.GRASSROOTS
        )
        plan = make_plan(old)
        publish_plan(plan=plan, user=None, units_filter=None, deadline=DEADLINE, on=ON)
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(reverse("plans:board", args=[plan.pk])).status_code, 404)
        dissolve_unit(unit=old, on=dt.date(2025, 7, 1), successor=self.commune, note="Sắp xếp 2025")
        self.assertTrue(Unit.objects.writable_by(self.officer_minh).filter(pk=old.pk).exists())
        self.assertEqual(self.client.get(reverse("plans:board", args=[plan.pk])).status_code, 200)
        assignment = PlanAssignment.objects.get(plan=plan, unit=cdcs)
        self.assertEqual(self.client.post(reverse("plans:remind", args=[assignment.pk])).status_code, 302)
        self.assertEqual(Reminder.objects.get().sent_by, self.officer_minh)
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("plans:board", args=[plan.pk])).status_code, 404)


class EditTests(PlanWorld):
    def header(self, plan, **changes):
        data = {
            "lock_version": plan.lock_version,
            "number": plan.number,
            "title": plan.title,
            "place": "Hòa Lạc",
            "issued_on": "",
            "period_start": "08/8/2024",
            "period_end": "31/12/2028",
            "signer_name": "",
            "signer_title": "",
            "purposes_text": "Nâng cao nhận thức\nTriển khai đồng bộ",
        }
        data.update(changes)
        return data

    def test_draft_header_saved_with_purposes_and_lock_bumped(self):
        self.login(self.officer_minh)
        response = self.client.post(self.url("edit", self.draft.pk), self.header(self.draft))
        self.assertRedirects(response, self.url("detail", self.draft.pk))
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.purposes, ["Nâng cao nhận thức", "Triển khai đồng bộ"])
        self.assertEqual(self.draft.period_start, dt.date(2024, 8, 8))
        self.assertEqual(self.draft.lock_version, 1)

    def test_end_before_start_is_refused_in_vietnamese_and_input_kept(self):
        self.login(self.officer_minh)
        data = self.header(self.draft, period_end="01/01/2024", title="Tên mới đã gõ")
        response = self.client.post(self.url("edit", self.draft.pk), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
        self.assertContains(response, "Tên mới đã gõ")
        self.draft.refresh_from_db()
        self.assertNotEqual(self.draft.title, "Tên mới đã gõ")

    def test_bad_date_and_empty_title_get_messages(self):
        self.login(self.officer_minh)
        response = self.client.post(
            self.url("edit", self.draft.pk), self.header(self.draft, period_start="31/02/2024", title=" ")
        )
        self.assertContains(response, "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy")
        self.assertContains(response, "Nhập tên kế hoạch.")

    def test_lost_update_second_client_gets_conflict_and_first_change_is_kept(self):
        first, second = self.client_class(), self.client_class()
        colleague = self.make_user("officer_lam", "Lâm", self.commune, "officer")
        first.force_login(self.officer_minh)
        second.force_login(colleague)
        lock = self.draft.lock_version
        r1 = first.post(
            self.url("edit", self.draft.pk), self.header(self.draft, title="Bản của Minh", lock_version=lock)
        )
        self.assertEqual(r1.status_code, 302)
        r2 = second.post(
            self.url("edit", self.draft.pk), self.header(self.draft, title="Bản của Lan", lock_version=lock)
        )
        self.assertEqual(r2.status_code, 409)
        self.assertContains(r2, "Kế hoạch vừa được người khác sửa", status_code=409)
        self.assertContains(r2, "Bản của Minh", status_code=409)
        self.assertContains(r2, "Bản của Lan", status_code=409)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.title, "Bản của Minh")
        # Re-applying with the lock shown on the conflict screen saves the second user's version.
        self.assertEqual(r2.context["form"]["lock_version"].value(), str(self.draft.lock_version))
        r3 = second.post(self.url("edit", self.draft.pk), self.header(self.draft, title="Bản của Lan"))
        self.assertEqual(r3.status_code, 302)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.title, "Bản của Lan")

    def budget_data(self, lock, amount, **extra):
        data = {
            "lock_version": lock,
            "kinh_phi-TOTAL_FORMS": "1",
            "kinh_phi-INITIAL_FORMS": "0",
            "kinh_phi-0-position": "1",
            "kinh_phi-0-item": "Tập huấn cán bộ CĐCS",
            "kinh_phi-0-amount": amount,
            "kinh_phi-0-source": "union_fund",
            "kinh_phi-0-spent": "",
        }
        data.update(extra)
        return data

    def test_budget_accepts_vietnamese_thousands_and_rejects_negative(self):
        self.login(self.officer_minh)
        response = self.client.post(
            self.url("rows", self.draft.pk, "kinh-phi"), self.budget_data(0, "1.500.000")
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(BudgetLine.objects.get(plan=self.draft).amount, 1500000)
        self.draft.refresh_from_db()
        response = self.client.post(
            self.url("rows", self.draft.pk, "kinh-phi"),
            self.budget_data(self.draft.lock_version, "-5.000", **{"kinh_phi-0-item": "Khen thưởng"}),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Số tiền không được âm.")
        self.assertContains(response, 'value="Khen thưởng"')
        response = self.client.post(
            self.url("rows", self.draft.pk, "kinh-phi"), self.budget_data(self.draft.lock_version, "12,5")
        )
        self.assertContains(response, "Số tiền tính bằng đồng, không có phần lẻ.")
        self.assertEqual(BudgetLine.objects.filter(plan=self.draft).count(), 1)

    def test_rows_with_stale_lock_show_conflict_and_do_not_save(self):
        self.login(self.officer_minh)
        Plan.objects.filter(pk=self.draft.pk).update(lock_version=5)
        response = self.client.post(
            self.url("rows", self.draft.pk, "kinh-phi"), self.budget_data(0, "2.000.000")
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "2.000.000", status_code=409)
        self.assertFalse(BudgetLine.objects.filter(plan=self.draft).exists())

    def test_tasks_added_moved_and_removed(self):
        self.login(self.officer_minh)
        tasks = list(self.draft.tasks.order_by("position"))
        group = self.draft.groups.get()
        data = {"lock_version": 0, "nhiem_vu-TOTAL_FORMS": "4", "nhiem_vu-INITIAL_FORMS": "3"}
        for i, t in enumerate(tasks):
            data.update(
                {
                    f"nhiem_vu-{i}-id": t.pk,
                    f"nhiem_vu-{i}-group": group.pk,
                    f"nhiem_vu-{i}-position": 10 - i,
                    f"nhiem_vu-{i}-code": t.code,
                    f"nhiem_vu-{i}-text": t.text,
                }
            )
        data["nhiem_vu-1-DELETE"] = "on"
        data.update(
            {
                "nhiem_vu-3-group": group.pk,
                "nhiem_vu-3-position": "0",
                "nhiem_vu-3-code": "II.1.9",
                "nhiem_vu-3-text": "Nhiệm vụ mới",
            }
        )
        response = self.client.post(self.url("rows", self.draft.pk, "nhiem-vu"), data)
        self.assertEqual(response.status_code, 302)
        codes = list(Task.objects.filter(plan=self.draft).order_by("position").values_list("code", flat=True))
        self.assertEqual(codes, ["II.1.9", "II.1.3", "II.1.1"])

    def test_only_the_filled_row_of_a_new_plans_tasks_is_saved(self):
        # As a real browser posts it: the blank second row still sends its group select's first value.
        self.login(self.officer_minh)
        plan = Plan.objects.create(
            owner_unit=self.commune, title="Kế hoạch mới", created_by=self.officer_minh
        )
        group = plan.groups.create(position=0, label="1", title="Tuyên truyền")
        data = {"lock_version": 0, "nhiem_vu-TOTAL_FORMS": "2", "nhiem_vu-INITIAL_FORMS": "0"}
        data.update({"nhiem_vu-0-group": group.pk, "nhiem_vu-0-position": "0", "nhiem_vu-0-code": ""})
        data["nhiem_vu-0-text"] = "Tổ chức hội nghị quán triệt"
        data.update({"nhiem_vu-1-group": group.pk, "nhiem_vu-1-position": "0", "nhiem_vu-1-code": ""})
        data["nhiem_vu-1-text"] = ""
        response = self.client.post(self.url("rows", plan.pk, "nhiem-vu"), data)
        self.assertRedirects(response, self.url("detail", plan.pk))
        self.assertEqual(list(plan.tasks.values_list("text", flat=True)), ["Tổ chức hội nghị quán triệt"])

    def test_create_plan_by_hand(self):
        self.login(self.officer_minh)
        data = self.header(
            self.draft, title="Kế hoạch tháng công nhân 2025", number="05/KH-CĐX", owner_unit=self.commune.pk
        )
        response = self.client.post(self.url("create"), data)
        plan = Plan.objects.get(number="05/KH-CĐX")
        self.assertRedirects(response, self.url("detail", plan.pk))
        self.assertEqual((plan.owner_unit, plan.status), (self.commune, "draft"))
        self.login(self.cdcs_hoa)  # may only create for its own unit
        data["owner_unit"] = self.commune.pk
        response = self.client.post(self.url("create"), data)
        self.assertContains(response, "Chọn đơn vị ban hành.")


class PublishHttpTests(PlanWorld):
    def test_publish_through_the_dialog(self):
        self.login(self.officer_minh)
        data = {
            "lock_version": self.draft.lock_version,
            "on": "2024-08-08",
            "deadline": "2024-08-30",
            "scope": "grassroots",
            "sectors": ["fdi"],
        }
        response = self.client.post(self.url("publish", self.draft.pk), data)
        self.assertRedirects(response, self.url("detail", self.draft.pk))
        self.assertEqual(list(self.draft.assignments.values_list("unit__code", flat=True)), ["AB-HL-MAY"])
        self.assertEqual(self.draft.versions.get().number, 1)

    def test_dialog_defaults_to_today_and_a_future_deadline_and_shows_the_count(self):
        from trienkhai.orgs.models import today

        self.login(self.officer_minh)
        response = self.client.get(self.url("publish", self.draft.pk))
        self.assertContains(response, f'value="{today():%d/%m/%Y}"')
        self.assertContains(response, f'value="{today() + dt.timedelta(days=21):%d/%m/%Y}"')
        self.assertContains(response, "Sẽ gửi đến <strong>2</strong> đơn vị")
        preview = self.client.get(
            self.url("publish_preview", self.draft.pk),
            {"on": f"{today():%d/%m/%Y}", "scope": "grassroots", "sectors": ["fdi"]},
        )
        self.assertContains(preview, "Sẽ gửi đến <strong>1</strong> đơn vị")
        self.assertContains(preview, "Công đoàn Công ty May Hòa Lạc")

    def test_publishing_that_reaches_no_unit_is_refused_with_the_reason(self):
        self.login(self.officer_minh)
        # The CĐCS were founded in 2010: as of 2005 the commune union had no unit below it.
        data = {"lock_version": 0, "on": "01/01/2005", "deadline": "30/01/2005", "scope": "grassroots"}
        preview = self.client.get(self.url("publish_preview", self.draft.pk), data)
        self.assertContains(preview, "Không có đơn vị nào nhận kế hoạch: vào ngày 01/01/2005")
        response = self.client.post(self.url("publish", self.draft.pk), data)
        self.assertContains(response, "Không có đơn vị nào nhận kế hoạch", status_code=400)
        self.assertContains(response, 'value="30/01/2005"', status_code=400)  # what was typed stays
        self.draft.refresh_from_db()
        self.assertEqual((self.draft.status, self.draft.version), ("draft", 0))
        self.assertFalse(self.draft.assignments.exists())

    def test_deadline_before_publishing_date_is_refused(self):
        self.login(self.officer_minh)
        data = {"lock_version": 0, "on": "2024-08-08", "deadline": "2024-08-01", "scope": "grassroots"}
        response = self.client.post(self.url("publish", self.draft.pk), data)
        self.assertContains(response, "Hạn phải sau hoặc bằng ngày ban hành.", status_code=400)
        self.assertFalse(self.draft.assignments.exists())

    def test_amendment_then_version_two_with_diff_page(self):
        self.login(self.officer_minh)
        self.plan.refresh_from_db()
        self.client.post(
            self.url("amend", self.plan.pk),
            {"lock_version": self.plan.lock_version, "reason": "Bổ sung nhiệm vụ"},
        )
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "amending")
        Task.objects.create(
            plan=self.plan, group=self.plan.groups.get(), position=5, code="II.1.5", text="Chuyển đổi số"
        )
        data = {
            "lock_version": self.plan.lock_version,
            "on": "2024-09-01",
            "deadline": "2024-09-30",
            "scope": "grassroots",
        }
        self.assertEqual(self.client.post(self.url("publish", self.plan.pk), data).status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.version, self.plan.status), (2, "published"))
        self.assertEqual(self.plan.assignments.count(), 2)
        response = self.client.get(self.url("version", self.plan.pk, 2))
        self.assertContains(response, "Chuyển đổi số")
        self.assertContains(response, "Thay đổi so với phiên bản 1")


class SubPlanHttpTests(PlanWorld):
    def test_open_pick_tasks_add_action_and_complete(self):
        self.login(self.cdcs_hoa)
        response = self.client.get(self.url("assignment", self.school_assignment.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.url("assignment_received", self.school_assignment.pk))
        self.school_assignment.refresh_from_db()
        self.assertIsNone(self.school_assignment.received_at)  # a GET changes nothing
        response = self.client.post(
            self.url("assignment_received", self.school_assignment.pk), HTTP_HX_REQUEST="true"
        )
        self.assertEqual(response.status_code, 204)
        self.school_assignment.refresh_from_db()
        self.assertIsNotNone(self.school_assignment.received_at)
        picked = list(self.plan.tasks.order_by("position")[:2])
        response = self.client.post(
            self.url("assignment", self.school_assignment.pk), {"tasks": [t.pk for t in picked]}
        )
        sub = Plan.objects.get(parent_plan=self.plan, owner_unit=self.school)
        self.assertRedirects(response, self.url("detail", sub.pk))
        self.assertEqual(set(sub.tasks.values_list("source_task_id", flat=True)), {t.pk for t in picked})
        page = self.client.get(self.url("detail", sub.pk))
        self.assertContains(page, "Thực hiện KH 27/KH-LĐLĐ")
        for task in sub.tasks.all():
            bad = self.client.post(
                self.url("action_add", sub.pk),
                {"task": task.pk, "text": "Tuyên truyền", "responsible": "", "due_date": "2030-01-01"},
                HTTP_HX_REQUEST="true",
            )
            self.assertContains(bad, "Nhập người phụ trách.")
            self.assertContains(bad, "Thời hạn phải trước ngày 31/12/2028")
            self.assertContains(bad, 'value="Tuyên truyền"')
            ok = self.client.post(
                self.url("action_add", sub.pk),
                {
                    "task": task.pk,
                    "text": "Tuyên truyền tại cuộc họp",
                    "responsible": "Đỗ Thị Hoa",
                    "due_date": "30/9/2024",
                },
                HTTP_HX_REQUEST="true",
            )
            self.assertContains(ok, "Tuyên truyền tại cuộc họp")
        self.assertEqual(Action.objects.filter(plan=sub).count(), 2)
        response = self.client.post(self.url("complete", sub.pk))
        self.assertRedirects(response, self.url("detail", sub.pk), fetch_redirect_response=False)
        self.school_assignment.refresh_from_db()
        self.assertIsNotNone(self.school_assignment.completed_on)
        sub.refresh_from_db()
        self.assertEqual(sub.status, "published")

    def test_opening_the_plan_by_get_never_marks_it_received(self):
        # A link prefetch, a crawler or a cross-site <img> only ever sends GET.
        self.login(self.cdcs_hoa)
        url = self.url("assignment", self.school_assignment.pk)
        self.client.get(url)
        self.client.get(self.url("assignment_received", self.school_assignment.pk))
        self.school_assignment.refresh_from_db()
        self.assertIsNone(self.school_assignment.received_at)
        self.assertEqual(
            self.client.get(self.url("assignment_received", self.school_assignment.pk)).status_code, 405
        )
        self.login(self.outsider)
        response = self.client.post(self.url("assignment_received", self.school_assignment.pk))
        self.assertEqual(response.status_code, 404)
        self.school_assignment.refresh_from_db()
        self.assertIsNone(self.school_assignment.received_at)

    def test_complete_without_actions_is_refused(self):
        sub = create_sub_plan(
            assignment=self.school_assignment,
            user=self.cdcs_hoa,
            task_ids=[self.plan.tasks.first().pk],
            on=ON,
        )
        self.login(self.cdcs_hoa)
        response = self.client.post(self.url("complete", sub.pk), follow=True)
        self.assertContains(response, "Mỗi nhiệm vụ cần ít nhất một hoạt động cụ thể")
        self.school_assignment.refresh_from_db()
        self.assertIsNone(self.school_assignment.completed_on)


class BoardTests(PlanWorld):
    def test_remind_once_a_day_through_htmx(self):
        self.login(self.officer_minh)
        url = self.url("remind", self.school_assignment.pk)
        response = self.client.post(url, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Đã nhắc")
        self.client.post(url, HTTP_HX_REQUEST="true")
        self.assertEqual(Reminder.objects.filter(assignment=self.school_assignment).count(), 1)
        response = self.client.post(self.url("remind_all", self.plan.pk), HTTP_HX_REQUEST="true")
        self.assertEqual(response.context["reminded_now"], 1)
        self.assertEqual(Reminder.objects.count(), 2)

    def test_excel_export_has_vietnamese_headers_rows_and_dates(self):
        self.login(self.officer_minh)
        response = self.client.get(self.url("board_xlsx", self.plan.pk))
        ws = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual((ws["B3"].value, ws["C3"].value), ("Mã đơn vị", "Đơn vị"))
        names = [ws.cell(row=r, column=3).value for r in range(4, ws.max_row + 1)]
        self.assertEqual(sorted(names), sorted([self.school.name, self.factory.name]))
        self.assertEqual(ws["H4"].value.date(), DEADLINE)
        self.assertEqual(ws["H4"].number_format, "DD/MM/YYYY")

    def test_excel_export_writes_a_formula_typed_as_a_unit_name_as_text(self):
        evil = '=HYPERLINK("http://x.example/steal","Bấm vào đây")'
        Unit.objects.filter(pk=self.school.pk).update(name=evil)
        self.login(self.officer_minh)
        response = self.client.get(self.url("board_xlsx", self.plan.pk))
        assert_no_formula(response.content, evil)

    def test_board_filters_by_state(self):
        sub = create_sub_plan(
            assignment=self.school_assignment, user=None, task_ids=[self.plan.tasks.first().pk], on=ON
        )
        PlanAssignment.objects.filter(pk=self.school_assignment.pk).update(completed_on=dt.date(2024, 8, 20))
        self.login(self.officer_minh)
        response = self.client.get(self.url("board", self.plan.pk), {"trang_thai": "on_time"})
        self.assertEqual([r.unit for r in response.context["rows"]], [self.school])
        self.assertEqual(response.context["counts"]["on_time"], 1)
        self.assertEqual(response.context["counts"]["overdue"], 1)
        self.assertContains(response, f'href="{self.url("detail", sub.pk)}"')

    def _board_queries(self, n: int) -> int:
        owner = create_unit(
            parent=self.province,
            on=dt.date(2015, 1, 1),
            code=f"Q{n}",
            name=f"Huyện {n}",
            kind=UnitKind.DISTRICT,
        )
        units = Unit.objects.bulk_create(
            [
                Unit(
                    code=f"Q{n}-{i}",
                    name=f"CĐCS {n}-{i}",
                    kind=UnitKind.GRASSROOTS,
                    valid_from=dt.date(2015, 1, 1),
                )
                for i in range(n)
            ]
        )
        UnitLink.objects.bulk_create(
            [UnitLink(unit=u, parent=owner, valid_from=dt.date(2015, 1, 1)) for u in units]
        )
        plan = make_plan(owner)
        publish_plan(plan=plan, user=None, units_filter=None, deadline=DEADLINE, on=ON)
        self.assertEqual(plan.assignments.count(), n)
        for a in plan.assignments.all()[: n // 2]:
            create_sub_plan(assignment=a, user=None, task_ids=[plan.tasks.first().pk], on=ON)
        self.login(self.chairwoman_lan)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(self.url("board", plan.pk))
        self.assertEqual(len(response.context["rows"]), n)
        return len(ctx.captured_queries)

    def test_board_query_count_does_not_grow_with_units(self):
        small = self._board_queries(10)
        large = self._board_queries(300)
        self.assertEqual(small, large)
        print(f"board queries: 10 units={small}, 300 units={large}")


class ListQueryTests(PlanWorld):
    def _list_queries(self) -> int:
        self.login(self.officer_minh)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(reverse("plans:list"))
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_list_query_count_does_not_grow_with_plans(self):
        few = self._list_queries()
        for _ in range(20):
            make_plan(self.commune, tasks=1)
        self.assertEqual(self._list_queries(), few)


class SubPlanTraceTests(PlanWorld):
    def test_sub_plan_page_walks_the_legal_chain_once(self):
        # The trace line ("thực hiện 79/KH-LĐLĐ, thực hiện 43-NQ/TW") reuses the chain the page already
        # read for its legal bases, instead of walking the plans and bases a second time.
        sub = create_sub_plan(
            assignment=self.school_assignment, user=None, task_ids=[self.plan.tasks.first().pk], on=ON
        )
        self.login(self.cdcs_hoa)
        with mock.patch.object(Plan, "legal_chain", autospec=True, side_effect=Plan.legal_chain) as walked:
            response = self.client.get(self.url("detail", sub.pk))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["trace"])
        self.assertEqual(walked.call_count, 1)
