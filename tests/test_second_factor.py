"""The second factor (issue 23): who must enrol, enrolment with a first code, the code step of the login
(codes from the app, recovery codes used once, stored as digests), the login throttle on the code step, and
an administrator's reset with its audit entry. The browser walk is in tests/test_browser_second_factor.py."""

from __future__ import annotations

import hashlib

from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from trienkhai.accounts.models import RecoveryCode, SecurityEvent

from .world import PASSWORD, World


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's phone shows now (or a later step's, for a second login within 30 s)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrol(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


class EnrolmentRequiredTests(World):
    @override_settings(SECOND_FACTOR_REQUIRED=True)
    def test_commune_officer_without_device_is_sent_to_enrolment(self):
        self.login(self.officer_minh)
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, reverse("second_factor_enrol"))

    @override_settings(SECOND_FACTOR_REQUIRED=True)
    def test_grassroots_chair_is_offered_but_not_forced(self):
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.assertContains(self.client.get(reverse("second_factor")), "Bật xác thực hai bước")

    @override_settings(SECOND_FACTOR_REQUIRED=True)
    def test_officer_with_device_reaches_home(self):
        enrol(self.officer_minh)
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(self):
        self.login(self.officer_minh)
        page = self.client.get(reverse("second_factor_enrol"))
        self.assertContains(page, "<svg")
        self.assertFalse(TOTPDevice.objects.exists())  # a GET writes nothing but the session
        device = TOTPDevice(key=self.client.session["_2fa_enrol_key"])
        response = self.client.post(reverse("second_factor_enrol"), {"code": code_for(device)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["codes"]), 10)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertTrue(TOTPDevice.objects.get(user=self.officer_minh).confirmed)
        self.assertTrue(SecurityEvent.objects.filter(user=self.officer_minh, kind="enrolled").exists())

    def test_recovery_codes_are_stored_as_digests_only(self):
        self.login(self.officer_minh)
        self.client.get(reverse("second_factor_enrol"))
        device = TOTPDevice(key=self.client.session["_2fa_enrol_key"])
        codes = self.client.post(reverse("second_factor_enrol"), {"code": code_for(device)}).context["codes"]
        stored = set(RecoveryCode.objects.filter(user=self.officer_minh).values_list("digest", flat=True))
        self.assertFalse(stored & set(codes))
        plain = codes[0].replace("-", "")
        self.assertIn(hashlib.sha256(plain.encode()).hexdigest(), stored)

    def test_wrong_enrolment_code_keeps_the_device_unconfirmed_with_a_message(self):
        self.login(self.officer_minh)
        self.client.get(reverse("second_factor_enrol"))
        response = self.client.post(reverse("second_factor_enrol"), {"code": "000000"})
        self.assertContains(response, "Mã không đúng", status_code=400)
        self.assertFalse(TOTPDevice.objects.filter(user=self.officer_minh, confirmed=True).exists())


class LoginCodeTests(World):
    def setUp(self) -> None:
        self.device = enrol(self.officer_minh)
        self.client = Client()

    def password_step(self, client: Client | None = None):
        client = client or self.client
        return client.post(reverse("login"), {"username": "officer_minh", "password": PASSWORD})

    def test_password_alone_does_not_log_in_a_user_with_a_device(self):
        response = self.password_step()
        self.assertRedirects(response, reverse("login_code"))
        self.assertRedirects(self.client.get(reverse("home")), reverse("login") + "?next=/")

    def test_right_code_logs_in(self):
        self.password_step()
        response = self.client.post(reverse("login_code"), {"code": code_for(self.device)})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_wrong_code_is_refused_with_a_vietnamese_message(self):
        self.password_step()
        response = self.client.post(reverse("login_code"), {"code": "123456"})
        self.assertContains(response, "Mã xác thực không đúng", status_code=400)
        self.assertRedirects(self.client.get(reverse("home")), reverse("login") + "?next=/")

    def test_code_step_without_password_goes_back_to_login(self):
        self.assertRedirects(self.client.get(reverse("login_code")), reverse("login"))

    def test_recovery_code_works_once(self):
        from trienkhai.accounts.twofactor import new_recovery_codes

        code = new_recovery_codes(user=self.officer_minh)[0]
        self.password_step()
        response = self.client.post(reverse("login_code"), {"code": code.upper()})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertTrue(SecurityEvent.objects.filter(user=self.officer_minh, kind="recovery_used").exists())
        other = Client()
        self.password_step(other)
        again = other.post(reverse("login_code"), {"code": code})
        self.assertEqual(again.status_code, 400)

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_wrong_codes_lock_the_login_even_with_the_right_password_again(self):
        for _i in range(2):
            self.password_step()
            self.client.post(reverse("login_code"), {"code": "000000"})
        self.password_step()
        locked = self.client.post(reverse("login_code"), {"code": "000000"})
        self.assertEqual(locked.status_code, 429)
        # Wrong codes locked it: the page does not blame the password alone.
        self.assertContains(locked, "sai mật khẩu hoặc mã xác thực 3 lần", status_code=429)
        # The right password no longer opens the code step while locked.
        response = self.password_step()
        self.assertEqual(response.status_code, 429)

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_right_password_does_not_reset_the_code_failures(self):
        for _i in range(3):
            self.password_step()
            response = self.client.post(reverse("login_code"), {"code": "000000"})
        self.assertEqual(response.status_code, 429)


class ResetTests(World):
    def setUp(self) -> None:
        self.device = enrol(self.officer_minh)
        self.admin = self.make_superuser()

    @classmethod
    def make_superuser(cls):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("admin_an", password=PASSWORD)

    def test_superuser_resets_a_users_second_factor_with_an_audit_entry(self):
        victim = Client()
        victim.force_login(self.officer_minh)
        self.login(self.admin)
        response = self.client.post(reverse("second_factor_reset", args=[self.officer_minh.pk]))
        self.assertRedirects(response, reverse("second_factor_admin"))
        self.assertFalse(TOTPDevice.objects.filter(user=self.officer_minh).exists())
        event = SecurityEvent.objects.get(user=self.officer_minh, kind="reset")
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(victim.get(reverse("home")).status_code, 302)  # logged out everywhere
        self.assertContains(self.client.get(reverse("second_factor_admin")), "Quản trị viên đặt lại")

    def test_officer_cannot_reset_anyone(self):
        self.login(self.chairwoman_lan)
        response = self.client.post(reverse("second_factor_reset", args=[self.officer_minh.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(TOTPDevice.objects.filter(user=self.officer_minh).exists())

    def test_user_not_required_turns_it_off_with_password(self):
        enrol(self.cdcs_hoa)
        self.login(self.cdcs_hoa)
        self.client.post(reverse("second_factor_disable"), {"password": PASSWORD})
        self.assertFalse(TOTPDevice.objects.filter(user=self.cdcs_hoa).exists())

    def test_required_user_cannot_turn_it_off(self):
        self.login(self.officer_minh)
        self.client.post(reverse("second_factor_disable"), {"password": PASSWORD})
        self.assertTrue(TOTPDevice.objects.filter(user=self.officer_minh).exists())
