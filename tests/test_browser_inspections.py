"""In real Chromium, on the demo world: the inspecting officer's pages (list, plan, visit record) and the
CĐCS chair's (home with her open recommendation, the visit, the answer form) at 1366 px and 390 px; axe
finds no serious violation and no table is wider than a phone. The officer reopens an answer with a
reason through the page's own form."""

from __future__ import annotations

import pytest

from trienkhai.inspections import workflow
from trienkhai.inspections.models import InspectionPlan, Recommendation
from trienkhai.orgs.demo import DEMO_PASSWORD

from .browser import DESKTOP, PHONE, browser, check_a11y, login, settle, shot, tables_wider_than_screen
from .demo_world import load_demo as demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _both(page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    settle(page)
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    settle(page)
    assert tables_wider_than_screen(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    shot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_inspection_pages_on_desktop_and_phone(live_server):
    demo_world()
    base = live_server.url
    plan = InspectionPlan.objects.get()
    visit = plan.visits.get(unit__code="PR-THCS-PR")
    open_rec = Recommendation.objects.get(visit=visit, status="open")
    with browser() as b:
        minh = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(minh, base, "officer_minh", DEMO_PASSWORD)
        for path, name in (
            ("/kiem-tra/", "inspections-index"),
            (f"/kiem-tra/{plan.pk}/", "inspections-plan"),
            (f"/kiem-tra/don-vi/{visit.pk}/", "inspections-visit"),
            (f"/kiem-tra/{plan.pk}/sua/", "inspections-plan-form"),
            (f"/kiem-tra/uy-ban/{plan.committee_id}/", "inspections-committee"),
        ):
            minh.goto(base + path)
            check_a11y(minh, name)
            _both(minh, name)

        hoa = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(hoa, base, "cdcs_hoa", DEMO_PASSWORD)
        assert open_rec.text[:40] in hoa.inner_text("#todo")
        _both(hoa, "inspections-home-cdcs")
        hoa.goto(f"{base}/kiem-tra/don-vi/{visit.pk}/")
        assert hoa.locator(".btn-accept").count() == 0  # the CĐCS does not close its own recommendation
        assert hoa.locator(".btn-reopen").count() == 0
        _both(hoa, "inspections-visit-cdcs")
        hoa.goto(f"{base}/kiem-tra/kien-nghi/{open_rec.pk}/tra-loi/")
        check_a11y(hoa, "inspections-answer")
        _both(hoa, "inspections-answer")

        # The CĐCS answers; the officer reopens it with a reason through the page's form.
        workflow.answer_recommendation(
            recommendation=open_rec, action_taken="Đã dự thảo quy chế sửa đổi.", files=[], user=None
        )
        minh.goto(f"{base}/kiem-tra/don-vi/{visit.pk}/#kien-nghi-{open_rec.pk}")
        card = minh.locator(f"#kien-nghi-{open_rec.pk}")
        card.locator("details.reopen summary").click()
        card.locator("textarea").fill("Quy chế chưa có mục chi hỗ trợ đoàn viên khó khăn.")
        card.locator(".btn-reopen").click()
        minh.wait_for_load_state("networkidle")
        open_rec.refresh_from_db()
        assert open_rec.status == "open"
        assert "Quy chế chưa có mục chi hỗ trợ" in minh.inner_text(f"#kien-nghi-{open_rec.pk}")
        minh.goto(f"{base}/kiem-tra/don-vi/{visit.pk}/")
        minh.locator("details.history-toggle, details").first.click()
        _both(minh, "inspections-visit-history")
