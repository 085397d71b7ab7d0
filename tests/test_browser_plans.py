"""In real Chromium: a provincial officer publishes a plan to the CĐCS below; a CĐCS chair opens it,
builds its own plan with one action and completes it; the officer sees it done on the board."""

import datetime as dt

import pytest

from trienkhai.orgs.demo import DEMO_PASSWORD
from trienkhai.orgs.models import Unit, today
from trienkhai.plans.models import BudgetLine, Plan, PlanAssignment, Task, TaskGroup

from .browser import DESKTOP, PHONE, SCREENSHOTS, browser, check_a11y, login, shot
from .demo_world import load_demo as demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _draft_plan(number: str = "45/KH-LĐLĐ") -> Plan:
    on = today()
    plan = Plan.objects.create(
        owner_unit=Unit.objects.get(code="DNI"),
        number=number,
        title="Kế hoạch tổ chức Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động",
        place="Đồng Nai",
        period_start=on,
        period_end=on + dt.timedelta(days=365),
        purposes=[
            "Chăm lo thiết thực cho đoàn viên, người lao động",
            "Tuyên truyền pháp luật về an toàn lao động",
        ],
    )
    g1 = TaskGroup.objects.create(plan=plan, position=0, label="1", title="Tuyên truyền, vận động")
    g2 = TaskGroup.objects.create(plan=plan, position=1, label="2", title="Chăm lo đời sống đoàn viên")
    Task.objects.create(
        plan=plan,
        group=g1,
        position=0,
        code="II.1.1",
        text="Treo băng rôn, khẩu hiệu hưởng ứng Tháng Công nhân",
    )
    Task.objects.create(
        plan=plan, group=g1, position=1, code="II.1.2", text="Tổ chức tọa đàm về an toàn, vệ sinh lao động"
    )
    Task.objects.create(
        plan=plan,
        group=g2,
        position=2,
        code="II.2.1",
        text="Thăm hỏi, tặng quà đoàn viên có hoàn cảnh khó khăn",
    )
    BudgetLine.objects.create(
        plan=plan, position=0, item="Băng rôn, tài liệu tuyên truyền", amount=25_000_000
    )
    BudgetLine.objects.create(
        plan=plan,
        position=1,
        item="Quà cho đoàn viên khó khăn",
        amount=150_000_000,
        spent=40_000_000,
        source="social",
    )
    return plan


def test_publish_build_sub_plan_and_see_it_on_the_board(live_server):
    demo_world()
    plan = _draft_plan()
    on, deadline = today(), today() + dt.timedelta(days=14)
    with browser() as b:
        officer = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(officer, live_server.url, "vice_tuan", DEMO_PASSWORD)
        officer.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
        officer.wait_for_selector("#plan-title")
        assert "200.000.000" in officer.inner_text("#budget-total") or "175.000.000" in officer.inner_text(
            "#budget-total"
        )
        shot(officer, "plan-draft-desktop")
        check_a11y(officer, "draft plan")
        officer.click("#open-publish")
        officer.wait_for_selector("#publish-form")
        check_a11y(officer, "publish")
        officer.fill("#id_on", on.strftime("%d/%m/%Y"))
        officer.fill("#id_deadline", deadline.strftime("%d/%m/%Y"))
        officer.check("#scope-grassroots")
        shot(officer, "plan-publish-desktop")
        officer.click("#do-publish")
        officer.wait_for_selector("#publish-confirm[open]")
        check_a11y(officer, "publish: the confirmation dialog", languages=False)
        shot(officer, "plan-publish-confirm-desktop")
        officer.click("#confirm-publish")
        officer.wait_for_selector("#open-board")
        assert "phiên bản 1" in officer.inner_text("#plan-status")
        assignment = PlanAssignment.objects.get(plan=plan, unit__code="PR-THCS-PR")

        chair = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(chair, live_server.url, "cdcs_hoa", DEMO_PASSWORD)
        chair.goto(f"{live_server.url}/ke-hoach/")
        chair.wait_for_selector("#received")
        check_a11y(chair, "plans received")
        chair.click(f"#received a[href='/ke-hoach/nhan/{assignment.pk}/']")
        chair.wait_for_selector("#pick-tasks")
        check_a11y(chair, "assignment: pick tasks")
        for box in chair.query_selector_all("#pick-tasks input[type=checkbox]"):
            box.uncheck()
        chair.check("#pick-tasks input[type=checkbox] >> nth=0")
        chair.click("#create-sub-plan")
        chair.wait_for_selector("#sub-plan-state")
        assert "Thực hiện KH 45/KH-LĐLĐ" in chair.inner_text("#trace")
        check_a11y(chair, "new sub-plan")
        chair.fill(".action-form input[name=text]", "Treo 02 băng rôn tại cổng trường và phòng họp hội đồng")
        chair.fill(".action-form input[name=responsible]", "Đỗ Thị Hoa, Chủ tịch CĐCS")
        chair.fill(".action-form input[name=due_date]", (on + dt.timedelta(days=7)).strftime("%d/%m/%Y"))
        chair.click(".action-form .add-action")
        chair.wait_for_selector(".action-row")
        assert "Treo 02 băng rôn" in chair.inner_text(".action-row")
        shot(chair, "sub-plan-editor-desktop")
        check_a11y(chair, "sub-plan with an action")
        chair.click("#complete-plan")
        chair.wait_for_selector(".alert-success")
        assert "Đã hoàn thành kế hoạch, đúng hạn" in chair.inner_text("main")
        shot(chair, "sub-plan-done-desktop")
        check_a11y(chair, "sub-plan done")

        officer.goto(f"{live_server.url}/ke-hoach/{plan.pk}/tien-do/")
        officer.wait_for_selector("#board-table")
        row = officer.inner_text(f"#row-{assignment.pk}")
        assert "Đúng hạn" in row
        assert officer.inner_text("#count-on_time") == "1"
        officer.click("button.remind >> nth=0")
        officer.wait_for_selector(".remind-done")
        shot(officer, "plan-board-desktop")
        check_a11y(officer, "plan board after a reminder")

        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True)
        login(phone, live_server.url, "officer_son", DEMO_PASSWORD)
        for path, name in [
            (f"/ke-hoach/{plan.pk}/tien-do/", "plan-board-phone"),
            (
                f"/ke-hoach/{assignment.sub_plan_id or PlanAssignment.objects.get(pk=assignment.pk).sub_plan_id}/",
                "sub-plan-phone",
            ),
            (f"/ke-hoach/{Plan.objects.get(number='27/KH-LĐLĐ', parent_plan=None).pk}/", "plan-27-phone"),
        ]:
            phone.goto(live_server.url + path)
            phone.wait_for_selector("main")
            shot(phone, name)
            phone.screenshot(path=str(SCREENSHOTS / f"{name}-top.png"))
            check_a11y(phone, name)
        second = _draft_plan("46/KH-LĐLĐ")
        phone.goto(f"{live_server.url}/ke-hoach/{second.pk}/ban-hanh/")
        phone.wait_for_selector("#publish-form")
        shot(phone, "plan-publish-phone")
        check_a11y(phone, "publish on a phone")
        seed = Plan.objects.get(number="27/KH-LĐLĐ", parent_plan=None)
        officer.goto(f"{live_server.url}/ke-hoach/{seed.pk}/")
        officer.wait_for_selector("#versions")
        shot(officer, "plan-27-desktop")
        check_a11y(officer, "plan 27")
        officer.goto(f"{live_server.url}/ke-hoach/{seed.pk}/tien-do/")
        officer.wait_for_selector("#board-table")
        shot(officer, "plan-27-board-desktop")
        check_a11y(officer, "plan 27 board")
