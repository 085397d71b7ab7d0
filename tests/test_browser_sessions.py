"""In real Chromium: the sessions page with two browsers of one user, at 1366 px and 390 px (axe-core, both
languages), and ending the other browser's session from it."""

import pytest
from django.contrib.auth import get_user_model

from .browser import DESKTOP, PHONE, browser, check_a11y, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/140.0 Chrome/134.0 Mobile Safari/537.36"
)
PASSWORD = "mat-khau-thu-nghiem"


def test_sessions_page_lists_both_browsers_and_ends_the_other(live_server):
    base = live_server.url
    get_user_model().objects.create_user(
        "cdcs_hoa", password=PASSWORD, first_name="Hòa", last_name="Nguyễn Thị"
    )
    with browser() as b:
        phone = b.new_page(viewport=PHONE, locale="vi-VN", user_agent=PHONE_UA)
        login(phone, base, "cdcs_hoa", PASSWORD)
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(page, base, "cdcs_hoa", PASSWORD)
        page.goto(f"{base}/tai-khoan/phien-dang-nhap/")
        assert page.locator("#session-list li").count() == 2
        assert "Cốc Cốc trên Android" in page.inner_text("#session-list")
        assert page.locator("#session-list .badge").inner_text() == "phiên này"
        shot(page, "accounts-sessions-desktop")
        check_a11y(page, "accounts-sessions", restore=False)
        page.set_viewport_size(PHONE)
        page.goto(f"{base}/tai-khoan/phien-dang-nhap/")
        shot(page, "accounts-sessions-phone")
        page.set_viewport_size(DESKTOP)
        page.click("#session-list button:has-text('Kết thúc phiên')")
        page.wait_for_selector(".alert-success")
        assert page.locator("#session-list li").count() == 1
        shot(page, "accounts-sessions-ended-desktop")
        response = phone.goto(f"{base}/")
        assert "/tai-khoan/dang-nhap/" in phone.url, response.status
