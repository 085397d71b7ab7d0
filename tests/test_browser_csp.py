"""In real Chromium under the Content-Security-Policy: no page breaks a rule of the policy, the report board
still draws its chart, and "Chọn tất cả" / "Bỏ chọn tất cả" still work without inline script."""

import pytest

from trienkhai.orgs.demo import DEMO_PASSWORD
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Plan, PlanAssignment
from trienkhai.reports import demo as report_demo
from trienkhai.reports.models import ReportForm

from .browser import DESKTOP, browser, login
from .test_browser_reports import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page) -> list[str]:
    """Console errors and script errors of the page, as they happen."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def violations(problems: list[str]) -> list[str]:
    return [p for p in problems if "Content Security Policy" in p or "Refused to" in p]


def test_pages_keep_working_under_the_policy(live_server):
    load_demo()
    plan = Plan.objects.get(number="27/KH-LĐLĐ", parent_plan=None)
    form = ReportForm.objects.get(title=report_demo.TITLE)
    dni = Unit.objects.get(code="DNI")
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        problems = watch(page)
        page.goto(f"{live_server.url}/tai-khoan/quen-mat-khau/")
        page.wait_for_selector("#id_email")
        login(page, live_server.url, "chairwoman_lan", DEMO_PASSWORD)
        for path in [
            "/",
            "/don-vi/",
            "/van-ban/",
            "/can-cu/",
            "/van-ban/tai-len/",
            "/ke-hoach/",
            f"/ke-hoach/{plan.pk}/",
            f"/ke-hoach/{plan.pk}/tien-do/",
            "/thong-bao/",
        ]:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.goto(f"{live_server.url}/bao-cao/bieu-mau/{form.pk}/bang/{dni.pk}/?nam=2026")
        page.wait_for_selector("#totals-chart")
        # The chart script is a static file now; Chart.js registered a chart on the canvas.
        page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('totals-chart'))")
        assert violations(problems) == []


def test_select_all_links_work_without_inline_script(live_server):
    load_demo()
    assignment = (
        PlanAssignment.objects.filter(unit__code="PR-THCS-PR", sub_plan__isnull=True)
        .select_related("plan")
        .first()
    )
    assert assignment is not None, "the demo has a plan waiting for this CĐCS's own plan"
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        problems = watch(page)
        login(page, live_server.url, "cdcs_hoa", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/ke-hoach/nhan/{assignment.pk}/")
        page.wait_for_selector("#pick-tasks")
        boxes = "#pick-tasks input[type=checkbox]"
        page.click("[data-check][data-checked=false]")
        assert page.eval_on_selector_all(boxes, "bs => bs.filter(b => b.checked).length") == 0
        page.click("[data-check][data-checked=true]")
        total = page.eval_on_selector_all(boxes, "bs => bs.length")
        assert total > 0
        assert page.eval_on_selector_all(boxes, "bs => bs.filter(b => b.checked).length") == total
        assert violations(problems) == []
