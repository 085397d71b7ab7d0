"""In real Chromium: log in as a demo user, search "phu rieng", open a CĐCS, look at 2024 and back."""

import pytest

from trienkhai.orgs.demo import DEMO_PASSWORD

from .browser import DESKTOP, PHONE, browser, check_a11y, login, shot
from .demo_world import load_demo as demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_unit_and_switch_date(live_server):
    demo_world()
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(page, live_server.url, "chairwoman_lan", DEMO_PASSWORD)
        page.fill("input[name=q]", "phu rieng")
        page.press("input[name=q]", "Enter")
        page.wait_for_selector("#search-results")
        results = page.inner_text("#search-results")
        assert "Công đoàn Trường THCS Phú Riềng" in results
        assert "Liên đoàn Lao động huyện Phú Riềng" in results
        shot(page, "search-phu-rieng")
        check_a11y(page, "unit search")

        page.click("text=Công đoàn Trường THCS Phú Riềng")
        page.wait_for_selector("#unit-name")
        assert page.inner_text("#parent-name") == "Công đoàn xã Phú Riềng"

        page.fill("#id_ngay", "01/06/2024")
        page.click("#date-apply")
        page.wait_for_selector("#date-today")
        assert page.inner_text("#parent-name") == "Liên đoàn Lao động huyện Phú Riềng"
        breadcrumb = page.inner_text("#breadcrumb")
        assert "Liên đoàn Lao động tỉnh Bình Phước" in breadcrumb
        shot(page, "unit-as-of-2024")
        check_a11y(page, "unit as of 2024")

        page.click("#date-today")
        page.wait_for_selector("#unit-name")
        assert page.inner_text("#parent-name") == "Công đoàn xã Phú Riềng"
        assert "Liên đoàn Lao động tỉnh Đồng Nai" in page.inner_text("#breadcrumb")
        shot(page, "unit-today")
        check_a11y(page, "unit today")

        page.goto(f"{live_server.url}/don-vi/")
        page.wait_for_selector("#unit-tree")
        shot(page, "tree-desktop")
        check_a11y(page, "unit tree")

        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True)
        login(phone, live_server.url, "officer_minh", DEMO_PASSWORD)
        phone.goto(f"{live_server.url}/don-vi/?ngay=2024-06-01")
        phone.wait_for_selector("#unit-tree")
        shot(phone, "tree-phone-2024")
        check_a11y(phone, "unit tree as of 2024")
