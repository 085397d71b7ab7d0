"""A user's own sessions: the list (device, address, login and last activity, "phiên này"), ending one or
every other, and a password change or reset ending the others. Two or three browsers of the same user."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client, SimpleTestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from trienkhai.accounts.devices import describe_device
from trienkhai.accounts.models import SessionRecord

from .world import PASSWORD, World

CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
COCCOC_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/140.0 Chrome/134.0 Mobile Safari/537.36"
)
EDGE_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36 Edg/131.0"
)
NEW_PASSWORD = "Mat-khau-moi-2026"


class SessionsTests(World):
    def browser(self, user_agent: str, username: str = "cdcs_hoa", password: str = PASSWORD) -> Client:
        client = Client(HTTP_USER_AGENT=user_agent)
        response = client.post(reverse("login"), {"username": username, "password": password})
        self.assertEqual(response.status_code, 302)
        return client

    def logged_in(self, client: Client) -> bool:
        return client.get(reverse("home")).status_code == 200

    def record_of(self, client: Client) -> SessionRecord:
        return SessionRecord.objects.get(session_key=client.session.session_key)

    def test_page_lists_each_device_of_mine_and_marks_this_one(self):
        laptop, phone = self.browser(CHROME_WINDOWS), self.browser(SAFARI_IPHONE)
        self.browser(CHROME_WINDOWS, username="officer_minh")
        response = laptop.get(reverse("sessions"))
        self.assertContains(response, "Chrome trên Windows")
        self.assertContains(response, "Safari trên iPhone")
        self.assertContains(response, "phiên này", count=1)
        self.assertContains(response, "127.0.0.1", count=2)
        self.assertContains(response, f'id="session-{self.record_of(phone).pk}"')
        self.assertEqual(len(response.context["rows"]), 2)  # not officer_minh's session
        self.assertTrue(response.context["rows"][0]["current"])

    def test_ending_another_session_logs_that_browser_out(self):
        laptop, phone = self.browser(CHROME_WINDOWS), self.browser(SAFARI_IPHONE)
        record = self.record_of(phone)
        response = laptop.post(reverse("session_end", args=[record.pk]), follow=True)
        self.assertContains(response, "Đã kết thúc phiên: Safari trên iPhone.")
        self.assertFalse(self.logged_in(phone))
        self.assertTrue(self.logged_in(laptop))
        self.assertFalse(SessionRecord.objects.filter(pk=record.pk).exists())

    def test_ending_all_other_sessions_keeps_only_this_one(self):
        laptop, phone, tablet = (self.browser(ua) for ua in (CHROME_WINDOWS, SAFARI_IPHONE, COCCOC_ANDROID))
        other_user = self.browser(CHROME_WINDOWS, username="officer_minh")
        response = laptop.post(reverse("sessions_end_others"), follow=True)
        self.assertContains(response, "Đã kết thúc 2 phiên khác")
        self.assertEqual([self.logged_in(c) for c in (laptop, phone, tablet)], [True, False, False])
        self.assertTrue(self.logged_in(other_user))
        self.assertContains(response, "Không có phiên nào khác")

    def test_another_users_session_is_404_and_stays_alive(self):
        mine = self.browser(CHROME_WINDOWS)
        theirs = self.browser(SAFARI_IPHONE, username="officer_minh")
        response = mine.post(reverse("session_end", args=[self.record_of(theirs).pk]))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.logged_in(theirs))

    def test_ending_a_session_only_by_post(self):
        laptop, phone = self.browser(CHROME_WINDOWS), self.browser(SAFARI_IPHONE)
        self.assertEqual(laptop.get(reverse("session_end", args=[self.record_of(phone).pk])).status_code, 405)
        self.assertEqual(laptop.get(reverse("sessions_end_others")).status_code, 405)
        self.assertTrue(self.logged_in(phone))

    def test_this_session_is_not_ended_from_the_list(self):
        laptop = self.browser(CHROME_WINDOWS)
        response = laptop.post(reverse("session_end", args=[self.record_of(laptop).pk]), follow=True)
        self.assertContains(response, "hãy đăng xuất")
        self.assertTrue(self.logged_in(laptop))

    def test_password_change_ends_the_other_sessions_and_keeps_this_one(self):
        laptop, phone = self.browser(CHROME_WINDOWS), self.browser(SAFARI_IPHONE)
        phone_key = phone.session.session_key
        response = laptop.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Session.objects.filter(session_key=phone_key).exists())
        self.assertFalse(self.logged_in(phone))
        self.assertTrue(self.logged_in(laptop))
        page = laptop.get(reverse("sessions"))
        self.assertEqual([row["current"] for row in page.context["rows"]], [True])
        self.assertContains(page, "Chrome trên Windows")

    def test_sessions_of_a_password_set_elsewhere_are_not_listed(self):
        """An administrator (or `changepassword`) sets the password: the old browsers no longer log in, and
        the sessions page, opened after logging in again, does not show them as active."""
        laptop, phone = self.browser(CHROME_WINDOWS), self.browser(SAFARI_IPHONE)
        self.cdcs_hoa.set_password(NEW_PASSWORD)
        self.cdcs_hoa.save()
        fresh = self.browser(EDGE_MAC, password=NEW_PASSWORD)
        page = fresh.get(reverse("sessions"))
        self.assertEqual([row["device"] for row in page.context["rows"]], ["Edge trên macOS"])
        self.assertFalse(self.logged_in(phone))
        self.assertFalse(self.logged_in(laptop))

    def test_password_reset_ends_every_session_of_the_account(self):
        laptop, phone = self.browser(CHROME_WINDOWS), self.browser(SAFARI_IPHONE)
        uid = urlsafe_base64_encode(force_bytes(self.cdcs_hoa.pk))
        self.cdcs_hoa.refresh_from_db()  # the token covers last_login, which the logins just changed
        token = default_token_generator.make_token(self.cdcs_hoa)
        stranger = Client()
        form = stranger.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
        set_url = form.redirect_chain[-1][0]
        response = stranger.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.logged_in(laptop))
        self.assertFalse(self.logged_in(phone))
        self.assertFalse(SessionRecord.objects.filter(user=self.cdcs_hoa).exists())

    def test_last_activity_is_written_at_most_once_a_minute(self):
        laptop = self.browser(CHROME_WINDOWS)
        login_at = self.record_of(laptop).last_seen
        for seconds, expected_changed in ((30, False), (61, True)):
            later = login_at + dt.timedelta(seconds=seconds)
            with mock.patch("trienkhai.accounts.sessions.timezone.now", return_value=later):
                laptop.get(reverse("home"))
            self.assertEqual(self.record_of(laptop).last_seen == later, expected_changed, seconds)

    def test_a_session_from_before_the_records_gets_one_on_its_next_page(self):
        laptop = self.browser(CHROME_WINDOWS)
        SessionRecord.objects.all().delete()
        with mock.patch(
            "trienkhai.accounts.sessions.timezone.now", return_value=timezone.now() + dt.timedelta(minutes=2)
        ):
            laptop.get(reverse("home"))
        self.assertEqual(self.record_of(laptop).user, self.cdcs_hoa)


class DeviceNameTests(SimpleTestCase):
    def test_devices_are_named_in_short_vietnamese_words(self):
        self.assertEqual(describe_device(CHROME_WINDOWS), "Chrome trên Windows")
        self.assertEqual(describe_device(SAFARI_IPHONE), "Safari trên iPhone")
        self.assertEqual(describe_device(COCCOC_ANDROID), "Cốc Cốc trên Android")
        self.assertEqual(describe_device(EDGE_MAC), "Edge trên macOS")
        self.assertEqual(describe_device("curl/8.5.0"), "Thiết bị không rõ")
