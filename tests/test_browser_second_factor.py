"""In real Chromium (issue 23): a commune officer, who must use a second factor, logs in, is sent to the
enrolment, reads the secret off the page, confirms with a code computed here from it, keeps the recovery
codes; then logs in again with a code, and once with a recovery code. Screenshots at 1366 px and 390 px
(axe-core on the enrolment page and the code step); the administrators' page too."""

import base64
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from trienkhai.core.models import BackupRun
from trienkhai.orgs.models import Role, UnitKind
from trienkhai.orgs.workflow import add_membership, create_unit

from .browser import DESKTOP, PHONE, browser, check_a11y, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem"
START = dt.date(2024, 1, 1)


def code_from_secret(secret_text: str, *, steps_ahead: int = 0) -> str:
    """What the phone shows for the secret the page printed (base32 in groups of four)."""
    raw = secret_text.replace(" ", "")
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.time = totp.time + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_step(page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def both_widths(page, name: str) -> None:
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_officer_enrols_then_logs_in_with_a_code_and_with_a_recovery_code(live_server, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    # django-otp refuses any code for a second after a wrong one; the test types faster than a person.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    base = live_server.url
    province = create_unit(
        parent=None, on=START, code="AB", name="LĐLĐ tỉnh An Bình", kind=UnitKind.PROVINCIAL
    )
    commune = create_unit(
        parent=province, on=START, code="HL", name="Công đoàn xã Hòa Lạc", kind=UnitKind.COMMUNE
    )
    minh = get_user_model().objects.create_user(
        "officer_minh", password=PASSWORD, first_name="Minh", last_name="Lê Quang"
    )
    add_membership(user=minh, unit=commune, role=Role.OFFICER, start_date=START, end_date=None)
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        password_step(page, base, "officer_minh")
        page.wait_for_url(f"{base}/tai-khoan/xac-thuc-hai-buoc/dang-ky/")
        assert page.locator("#enrol-required").is_visible()
        assert page.locator("#qr svg").count() == 1
        # Every other page sends back to the enrolment until it is done.
        page.goto(f"{base}/ke-hoach/")
        assert page.url == f"{base}/tai-khoan/xac-thuc-hai-buoc/dang-ky/"
        both_widths(page, "accounts-second-factor-enrol")
        check_a11y(page, "accounts-second-factor-enrol")
        secret = page.inner_text("#totp-secret")
        page.fill("#id_code", code_from_secret(secret))
        page.click("#enrol-submit")
        page.wait_for_selector("#recovery-codes")
        codes = [c.strip() for c in page.locator("#recovery-codes li").all_inner_texts()]
        assert len(codes) == 10
        both_widths(page, "accounts-recovery-codes")
        page.click("text=Tôi đã cất các mã, tiếp tục")
        page.wait_for_url(f"{base}/")

        # Log out, log in again: the password leads to the code step, the next code opens the site.
        page.context.clear_cookies()
        password_step(page, base, "officer_minh")
        page.wait_for_url(f"{base}/tai-khoan/dang-nhap/ma-xac-thuc/")
        both_widths(page, "accounts-login-code")
        check_a11y(page, "accounts-login-code", languages=False)
        page.fill("#id_code", "000000")
        page.click("#code-submit")
        assert "Mã xác thực không đúng" in page.inner_text("main")
        page.fill("#id_code", code_from_secret(secret, steps_ahead=1))
        page.click("#code-submit")
        page.wait_for_url(f"{base}/")

        # And once with a recovery code: it works, a warning says how many remain.
        page.context.clear_cookies()
        password_step(page, base, "officer_minh")
        page.wait_for_url(f"{base}/tai-khoan/dang-nhap/ma-xac-thuc/")
        page.fill("#id_code", codes[0])
        page.click("#code-submit")
        page.wait_for_url(f"{base}/")
        assert "còn 9 mã chưa dùng" in page.inner_text("body")
        page.goto(f"{base}/tai-khoan/xac-thuc-hai-buoc/")
        assert page.locator("#second-factor-on").is_visible()
        both_widths(page, "accounts-second-factor")


def test_administrators_page_lists_users_with_a_second_factor(live_server, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    base = live_server.url
    users = get_user_model().objects
    admin = users.create_superuser("admin_an", password=PASSWORD, first_name="An", last_name="Phạm Văn")
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    other = users.create_user("officer_minh", password=PASSWORD, first_name="Minh", last_name="Lê Quang")
    TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    # The administrator's home page also shows the backups (core/home.py): an old good one, a failed one.
    at = timezone.now() - dt.timedelta(hours=40)
    BackupRun.objects.create(started_at=at, finished_at=at, ok=True, size=52_428_800, rows=1200, files=30)
    BackupRun.objects.create(
        started_at=timezone.now() - dt.timedelta(hours=16), ok=False, message="Không ghi được vào BACKUP_DIR."
    )
    BackupRun.objects.create(
        kind=BackupRun.Kind.DRILL, started_at=at, ok=True, message="Khớp 95 bảng, 1200 dòng và 30 tệp."
    )
    with browser() as b:
        page = b.new_page(viewport=DESKTOP, locale="vi-VN")
        password_step(page, base, "admin_an")
        page.wait_for_url(f"{base}/tai-khoan/dang-nhap/ma-xac-thuc/")
        page.fill("#id_code", f"{TOTP(device.bin_key).token():06d}")
        page.click("#code-submit")
        page.wait_for_url(f"{base}/")
        assert "Quá 36 giờ chưa có bản sao lưu mới" in page.inner_text("#backup-status")
        both_widths(page, "core-home-backup-panel")
        page.goto(f"{base}/tai-khoan/quan-tri/xac-thuc-hai-buoc/")
        page.click("#otp-users button:has-text('Đặt lại')")
        page.wait_for_selector(".alert-success")
        assert "Quản trị viên đặt lại" in page.inner_text("#otp-audit")
        both_widths(page, "accounts-second-factor-admin")
        check_a11y(page, "accounts-second-factor-admin")
