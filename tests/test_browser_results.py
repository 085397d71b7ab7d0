"""In real Chromium, on the demo: the commune officer reads the dashboard of Q3/2026, approves a report that
was waiting, and the dashboard shows it at the next load; the province chair drills down the roll-up as
reported (2024, before the reform) and as it is today; pages at desktop and phone width."""

import pytest

from trienkhai.orgs.demo import DEMO_PASSWORD
from trienkhai.orgs.models import Unit
from trienkhai.reports.demo_quarterly import TITLE
from trienkhai.reports.models import ReportForm, Submission

from .browser import DESKTOP, PHONE, browser, login, shot
from .test_browser_reports import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def approved_count(page) -> int:
    # "Đã duyệt (N)" under the approved-share figure.
    text = page.inner_text("#kpi-approved").strip()
    assert text.endswith("%")
    label = page.inner_text("#kpis").split("Đã duyệt (")[1]
    return int(label.split(")")[0])


def test_an_approval_is_seen_in_the_dashboard_at_the_next_load(live_server):
    load_demo()
    form = ReportForm.objects.get(title=TITLE)
    x_pr = Unit.objects.get(code="X-PR")
    waiting = (
        Submission.objects.filter(
            form=form,
            year=2026,
            index=3,
            status__in=["submitted", "resubmitted"],
            unit__in=x_pr.descendants(x_pr.valid_from),
        )
        .order_by("unit__code")
        .first()
    )
    assert waiting is not None, (
        "the demo has reports of Q3/2026 waiting for review under Công đoàn xã Phú Riềng"
    )
    members = int(waiting.values.get(key="total_members").number)
    dashboard = f"{live_server.url}/bao-cao/bieu-mau/{form.pk}/so-lieu/{x_pr.pk}/?nam=2026&ky=3&chi-tieu=total_members"
    with browser() as b:
        minh = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(minh, live_server.url, "officer_minh", DEMO_PASSWORD)
        minh.goto(dashboard)
        minh.wait_for_selector("#chart-trend")
        before_count = approved_count(minh)
        before_total = _total(minh, "total_members")
        shot(minh, "results-dashboard-desktop")

        minh.goto(f"{live_server.url}/bao-cao/{waiting.pk}/")
        minh.click("#btn-approve")
        minh.wait_for_selector("#report-status")
        assert minh.inner_text("#report-status") == "Đã duyệt"

        minh.goto(dashboard)
        minh.wait_for_selector("#chart-trend")
        assert approved_count(minh) == before_count + 1
        assert _total(minh, "total_members") == before_total + members

        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True)
        login(phone, live_server.url, "officer_minh", DEMO_PASSWORD)
        phone.goto(dashboard)
        phone.wait_for_selector("#chart-ranking")
        phone.wait_for_timeout(300)
        shot(phone, "results-dashboard-phone")


def _total(page, code: str) -> int:
    cell = page.inner_text(f'#table-totals tr[data-code="{code}"] td')
    return int(cell.replace(".", "")) if cell.strip() not in ("—", "") else 0


def test_the_province_drills_down_2024_as_reported_and_today(live_server):
    load_demo()
    form = ReportForm.objects.get(title=TITLE)
    dni = Unit.objects.get(code="DNI")
    with browser() as b:
        lan = b.new_page(viewport=DESKTOP, locale="vi-VN")
        login(lan, live_server.url, "chairwoman_lan", DEMO_PASSWORD)
        lan.goto(f"{live_server.url}/bao-cao/bieu-mau/{form.pk}/tong-hop/{dni.pk}/?nam=2024&ky=4")
        lan.wait_for_selector("#rollup")
        # As reported, 2024 belongs to Bình Phước, merged into Đồng Nai in 2025, and under it Phú Riềng.
        assert "Liên đoàn Lao động tỉnh Bình Phước" in lan.inner_text("#rollup")
        lan.click("#rollup >> text=Liên đoàn Lao động tỉnh Bình Phước")
        lan.click("#rollup >> text=Liên đoàn Lao động huyện Phú Riềng")
        lan.wait_for_selector("#rollup >> text=Công đoàn Trường THCS Phú Riềng")
        crumbs = lan.inner_text("#crumbs")
        assert "Liên đoàn Lao động tỉnh Đồng Nai" in crumbs and "Liên đoàn Lao động tỉnh Bình Phước" in crumbs
        assert lan.locator("#rollup tbody tr").count() > 150
        shot(lan, "results-rollup-2024-as-reported")
        lan.select_option("#f-co-cau", "hien-tai")
        lan.click("#f-apply")
        lan.wait_for_selector("#rollup")
        lan.goto(
            f"{live_server.url}/bao-cao/bieu-mau/{form.pk}/tong-hop/{dni.pk}/?nam=2024&ky=4&co-cau=hien-tai"
        )
        today_rows = lan.inner_text("#rollup")
        assert "Công đoàn xã Phú Riềng" in today_rows and "Bình Phước" not in today_rows
        shot(lan, "results-rollup-desktop")
        phone = b.new_page(viewport=PHONE, locale="vi-VN", is_mobile=True)
        login(phone, live_server.url, "chairwoman_lan", DEMO_PASSWORD)
        phone.goto(f"{live_server.url}/bao-cao/bieu-mau/{form.pk}/tong-hop/{dni.pk}/?nam=2026&ky=3")
        phone.wait_for_selector("#rollup")
        shot(phone, "results-rollup-phone")
