"""In real Chromium on a phone (issue 24, point 5): a notification's link opened while signed out leads,
after login, to the exact page, its query and its place in the page (#…) included."""

from __future__ import annotations

import pytest

from .browser import PHONE, browser
from .reports_world import ReportWorld
from .world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _World(ReportWorld):
    """The reports world, built once in the live server's database."""


def test_a_link_opened_signed_out_lands_on_the_exact_place_after_login(live_server):
    _World.setUpTestData()
    w = _World
    link = f"{live_server.url}/bao-cao/bieu-mau/{w.form.pk}/bang/{w.commune.pk}/?nam={w.year}#bang-tong-hop"
    with browser() as b:
        page = b.new_page(viewport=PHONE, locale="vi-VN")
        page.goto(link)
        page.wait_for_selector("#id_username")
        page.fill("#id_username", "officer_minh")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(link)
        assert page.url == link
