"""In real Chromium: pressing "Nộp báo cáo" while the page's own autosave is still on its way is not a
conflict with oneself. The autosave reaches the server (which bumps the lock version) but its answer is
held back until after the click, the moment at which the old page showed "Người khác vừa lưu"."""

import pytest

from trienkhai.orgs.demo import DEMO_PASSWORD
from trienkhai.reports import demo as report_demo
from trienkhai.reports.models import Submission

from .browser import DESKTOP, browser, login
from .test_browser_reports import load_demo, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_submit_while_own_autosave_is_in_flight(live_server):
    load_demo()
    sub = Submission.objects.get(unit__code="PR-THCS-PR", year=2026, form__title=report_demo.TITLE)
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(page, live_server.url, "cdcs_hoa", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/bao-cao/{sub.pk}/")
        page.wait_for_selector("#report-form")
        for field in page.query_selector_all("#report-form input[name^=v_]"):
            if not field.input_value():
                field.fill("2")
        for area in page.query_selector_all("#report-form textarea"):
            if not area.input_value():
                area.fill("Đã tổ chức quán triệt Nghị quyết 43 tới 100% đoàn viên.")
        settle(page)

        held = []
        page.route("**/tu-dong-luu/", lambda route: held.append((route, route.fetch())))
        page.fill("#v_good_models", "7")  # a figure typed by the unit (not from a register)
        for _ in range(100):  # the autosave fires 2 s after the last keystroke
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the autosave never left the page"
        sub.refresh_from_db()
        assert sub.values.get(key="good_models").raw == "7"  # the server has it and a new lock version

        page.click("#btn-submit", no_wait_after=True)
        route, response = held.pop()
        route.fulfill(response=response)
        page.wait_for_selector("#report-status.text-bg-primary", timeout=15000)
        assert page.inner_text("#report-status") == "Đã nộp"
        assert "Người khác vừa lưu" not in page.content()
        sub.refresh_from_db()
        assert sub.status == Submission.Status.SUBMITTED
