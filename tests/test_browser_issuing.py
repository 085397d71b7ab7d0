"""In real Chromium, on the demo world: a CĐCS chair issues her unit's own plan from its page (preview,
then a registered number); the province's officer issues a result report from the report board and one
reminder dispatch to each of two late units from the cascade board; the register lists them. Screenshots
(desktop 1366 px and phone 390 px) go to build/screenshots/ (git-ignored)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from trienkhai.issuing.models import OutgoingDocument
from trienkhai.orgs.demo import DEMO_PASSWORD
from trienkhai.orgs.models import Unit, today
from trienkhai.plans.models import Action, Plan, PlanAssignment
from trienkhai.plans.workflow import complete_sub_plan, create_sub_plan
from trienkhai.reports.demo import TITLE as YEARLY_FORM
from trienkhai.reports.models import ReportForm

from .browser import DESKTOP, PHONE, browser, login
from .demo_world import load_demo as demo_world
from .layout import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "slow"]}
}


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _school_plan() -> Plan:
    """cdcs_hoa's school makes its own plan of 27/KH-LĐLĐ (the demo leaves it to do)."""
    assignment = PlanAssignment.objects.get(plan__number="27/KH-LĐLĐ", unit__code="PR-THCS-PR")
    tasks = list(assignment.plan.tasks.order_by("position").values_list("pk", flat=True))
    plan = create_sub_plan(assignment=assignment, user=None, task_ids=[tasks[0], tasks[7]])
    for n, task in enumerate(plan.tasks.order_by("position")):
        Action.objects.create(
            plan=plan,
            task=task,
            text=["Tổ chức hội nghị quán triệt Nghị quyết 43-NQ/TW", "Đối thoại định kỳ với nhà trường"][n],
            responsible=["Đỗ Thị Hoa", "Phó Chủ tịch CĐCS"][n],
            due_date=today() + dt.timedelta(days=20 * (n + 1)),
        )
    complete_sub_plan(plan=plan, user=None)
    return plan


def test_issue_a_plan_a_report_and_reminders_from_the_pages(live_server) -> None:
    # The demo world as the other browser tests have it (loaded under other settings, it would be built
    # again: tests/demo_world.py); what this test does runs its tasks at once.
    demo_world()
    with override_settings(TASKS=IMMEDIATE):
        _issue_from_the_pages(live_server)


def _issue_from_the_pages(live_server) -> None:
    school_plan = _school_plan()
    url = live_server.url
    with browser() as b:
        # --- a CĐCS issues its own plan -----------------------------------------------------------------
        hoa = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(hoa, url, "cdcs_hoa", DEMO_PASSWORD)
        hoa.goto(f"{url}/ke-hoach/{school_plan.pk}/")
        hoa.click("#open-plan-document")
        hoa.wait_for_selector("#compose-form")
        assert hoa.input_value("#id_signer_name") == "Đỗ Thị Hoa"
        hoa.click("#preview-draft")
        hoa.wait_for_selector("#pages img", timeout=120_000)
        shot(hoa, "issuing-draft-desktop")
        hoa.click("#issue-document")
        hoa.wait_for_selector("#document-number", timeout=120_000)
        number = hoa.inner_text("#document-number")
        assert number.startswith("01/KH-")
        hoa.wait_for_selector("#pages img", timeout=120_000)
        shot(hoa, "issuing-issued-desktop")
        phone = b.new_page(viewport=PHONE, locale="vi-VN")
        login(phone, url, "cdcs_hoa", DEMO_PASSWORD)
        phone.goto(hoa.url)
        phone.wait_for_selector("#pages img")
        shot(phone, "issuing-issued-phone")
        school_plan.refresh_from_db()
        assert school_plan.number == number

        # --- the province: a result report from the report board -------------------------------------------
        son = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(son, url, "officer_son", DEMO_PASSWORD)
        form = ReportForm.objects.get(title=YEARLY_FORM)
        province = Unit.objects.get(code="DNI")
        son.goto(f"{url}/bao-cao/bieu-mau/{form.pk}/bang/{province.pk}/?nam=2026&ky=1")
        son.click("#open-result-report")
        son.wait_for_selector("#compose-form")
        shot(son, "issuing-report-draft-desktop")
        son_phone = b.new_page(viewport=PHONE, locale="vi-VN")
        login(son_phone, url, "officer_son", DEMO_PASSWORD)
        son_phone.goto(son.url)
        son_phone.wait_for_selector("#compose-form")
        shot(son_phone, "issuing-report-draft-phone")
        son.click("#issue-document")
        son.wait_for_selector("#document-number", timeout=120_000)
        assert son.inner_text("#document-number").endswith("/BC-LĐLĐ")

        # --- one reminder dispatch to each of two late units, from the cascade board ------------------------
        plan = Plan.objects.get(number="27/KH-LĐLĐ", parent_plan__isnull=True)
        son.goto(f"{url}/ke-hoach/{plan.pk}/tien-do/")
        son.click("#open-reminder-dispatch")
        son.wait_for_selector("#reminder-form")
        boxes = son.locator("#late-units input[type=checkbox]")
        for i in range(boxes.count()):
            boxes.nth(i).set_checked(i < 2)
        son.check("#id_one_each")
        shot(son, "issuing-reminder-desktop")
        son.click("#make-reminder")
        son.wait_for_selector("#batch-form")
        shot(son, "issuing-batch-desktop")
        son.click("#issue-batch")
        son.wait_for_selector("#batch-documents a[href$='.pdf']", timeout=180_000)
        shot(son, "issuing-batch-issued-desktop")
        batch_numbers = list(
            OutgoingDocument.objects.filter(batch__isnull=False, state="issued").values_list(
                "number", flat=True
            )
        )
        assert len(batch_numbers) == 2 and all(n.endswith("/LĐLĐ") for n in batch_numbers)

        # --- the register ----------------------------------------------------------------------------------
        son.goto(f"{url}/van-ban-di/?don_vi={province.pk}")
        for n in batch_numbers:
            assert n in son.inner_text("#register-table")
        shot(son, "issuing-register-desktop")
        son_phone.goto(f"{url}/van-ban-di/?don_vi={province.pk}")
        shot(son_phone, "issuing-register-phone")
