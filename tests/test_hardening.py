"""Hostile item 8: login throttling, password reset by e-mail, CSP, HTTPS settings, the secret key, and the
Vietnamese 400/403/CSRF pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from .world import PASSWORD, World

TRIENKHAI = Path(sys.executable).parent / "trienkhai"
TEMPLATES = Path(__file__).resolve().parent.parent / "trienkhai" / "templates"

# The production settings documented in README.md (Deploying).
PRODUCTION_ENV = {
    "SECRET_KEY": "k7Qm2vXr9pLw4sTz8yBn3cHf6jGd1aEu5oKi0qRt-UxVbNy_ZsWe",
    "ALLOWED_HOSTS": "trienkhai.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://trienkhai.example.vn",
    "SITE_URL": "https://trienkhai.example.vn",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def run_trienkhai(*args: str, env: dict[str, str], drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    # Without the test run's own switches: DJANGO_ALLOW_ASYNC_UNSAFE is itself a deployment error.
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", *drop}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [str(TRIENKHAI), *args], env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def login_post(client: Client, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


class LoginThrottlingTests(World):
    def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(self):
        for _ in range(30):
            login_post(self.client, "cdcs_hoa", "sai-mat-khau")
        response = login_post(self.client, "cdcs_hoa", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)

    def test_lockout_page_is_vietnamese_and_offers_password_reset(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login_post(self.client, "cdcs_hoa", "sai-mat-khau")
        response = login_post(self.client, "cdcs_hoa", PASSWORD)
        self.assertContains(response, "Đăng nhập tạm bị khóa", status_code=429)
        self.assertContains(response, "Vui lòng thử lại sau 15 phút", status_code=429)
        self.assertContains(response, reverse("password_reset"), status_code=429)

    def test_four_wrong_passwords_still_let_the_right_one_in(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            login_post(self.client, "cdcs_hoa", "sai-mat-khau")
        response = login_post(self.client, "cdcs_hoa", PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.cdcs_hoa.pk)

    def test_lockout_does_not_reveal_whether_the_username_exists(self):
        pages = {}
        for username in ("cdcs_hoa", "khong_co_ai"):
            client = Client()
            for _ in range(settings.AXES_FAILURE_LIMIT):
                login_post(client, username, "sai-mat-khau")
            response = login_post(client, username, "sai-mat-khau")
            self.assertEqual(response.status_code, 429)
            text = response.content.decode()
            text = re.sub(r'value="[^"]*"', 'value=""', text)  # the typed username and the CSRF token
            text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
            pages[username] = re.sub(r'nonce="[^"]*"', "", text)
        self.assertEqual(pages["cdcs_hoa"], pages["khong_co_ai"])

    def test_lockout_is_per_username_and_address(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login_post(self.client, "cdcs_hoa", "sai-mat-khau", ip="10.0.0.7")
        self.assertEqual(login_post(Client(), "cdcs_hoa", PASSWORD, ip="10.0.0.8").status_code, 302)
        self.assertEqual(login_post(Client(), "officer_minh", PASSWORD, ip="10.0.0.7").status_code, 302)

    @override_settings(BEHIND_TLS_PROXY=True)
    def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(self):
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(
                reverse("login"),
                {"username": "cdcs_hoa", "password": "sai"},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5",
            )
        response = self.client.post(
            reverse("login"),
            {"username": "cdcs_hoa", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.5",
        )
        self.assertEqual(response.status_code, 429)


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", SITE_URL="https://trienkhai.example.vn"
)
class PasswordResetTests(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cdcs_hoa.email = "hoa@example.vn"
        cls.cdcs_hoa.save(update_fields=["email"])

    def request_reset(self, email: str):
        return self.client.post(reverse("password_reset"), {"email": email})

    def reset_link(self) -> str:
        match = re.search(r"https://trienkhai\.example\.vn(/\S+/)", mail.outbox[-1].body)
        assert match, mail.outbox[-1].body
        return match.group(1)

    def test_login_page_links_to_password_reset(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Quên mật khẩu?")
        self.assertContains(response, f'href="{reverse("password_reset")}"')

    def test_reset_form_is_vietnamese(self):
        response = self.client.get(reverse("password_reset"))
        self.assertContains(response, "Quên mật khẩu")
        self.assertContains(response, "Thư điện tử của tài khoản")

    def test_reset_by_email_end_to_end(self):
        response = self.request_reset("HOA@example.vn")
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        letter = mail.outbox[0]
        self.assertEqual(letter.to, ["hoa@example.vn"])
        self.assertEqual(letter.subject, "Đặt lại mật khẩu tài khoản Triển khai")
        self.assertIn("Chào Đỗ Thị Hoa", letter.body)
        self.assertIn("Tên đăng nhập của bạn: cdcs_hoa", letter.body)
        self.assertIn("hết hạn sau 24 giờ", letter.body)

        response = self.client.get(self.reset_link(), follow=True)
        self.assertContains(response, "Đặt mật khẩu mới")
        form_url = response.redirect_chain[-1][0]
        response = self.client.post(
            form_url, {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"}
        )
        self.assertRedirects(response, reverse("password_reset_complete"))
        self.assertContains(self.client.get(reverse("password_reset_complete")), "Đã đặt mật khẩu mới")
        self.cdcs_hoa.refresh_from_db()
        self.assertTrue(self.cdcs_hoa.check_password("Mat-khau-moi-2025"))

    def test_the_done_page_is_the_same_for_an_unknown_address_and_no_mail_goes_out(self):
        known = self.client.get(self.request_reset("hoa@example.vn").url)
        unknown_response = self.request_reset("ai-do@example.vn")
        self.assertRedirects(unknown_response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertContains(known, "Hãy kiểm tra hộp thư")

    def test_mismatched_new_passwords_get_a_vietnamese_message(self):
        self.request_reset("hoa@example.vn")
        form_url = self.client.get(self.reset_link(), follow=True).redirect_chain[-1][0]
        response = self.client.post(form_url, {"new_password1": "Mat-khau-moi-2025", "new_password2": "khac"})
        self.assertContains(response, "Hai mật khẩu mới không khớp nhau.")

    def test_a_used_or_forged_link_says_so_in_vietnamese(self):
        response = self.client.get("/tai-khoan/dat-lai-mat-khau/MQ/sai-ma-xac-nhan/")
        self.assertContains(response, "Đường dẫn đặt lại mật khẩu không còn dùng được")

    def test_a_new_password_lifts_the_login_lockout(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login_post(self.client, "cdcs_hoa", "sai-mat-khau")
        self.assertEqual(login_post(self.client, "cdcs_hoa", PASSWORD).status_code, 429)
        self.request_reset("hoa@example.vn")
        form_url = self.client.get(self.reset_link(), follow=True).redirect_chain[-1][0]
        self.client.post(
            form_url, {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"}
        )
        response = login_post(self.client, "cdcs_hoa", "Mat-khau-moi-2025")
        self.assertEqual(response.status_code, 302)


class ContentSecurityPolicyTests(World):
    def policy(self, response) -> dict[str, list[str]]:
        header = response["Content-Security-Policy"]
        return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part}

    def test_every_page_carries_the_policy(self):
        self.login(self.chairwoman_lan)
        for url in (reverse("home"), reverse("plans:list"), reverse("orgs:tree")):
            policy = self.policy(self.client.get(url))
            self.assertEqual(policy["default-src"], ["'self'"])
            self.assertEqual(policy["object-src"], ["'none'"])
            self.assertEqual(policy["frame-ancestors"], ["'none'"])
            self.assertNotIn("'unsafe-inline'", policy["script-src"])
            self.assertNotIn("'unsafe-eval'", policy["script-src"])

    def test_anonymous_login_page_carries_the_policy(self):
        policy = self.policy(self.client.get(reverse("login")))
        self.assertEqual(policy["script-src"][0], "'self'")

    def test_rendered_inline_scripts_carry_the_nonce_of_the_header(self):
        self.login(self.chairwoman_lan)
        response = self.client.get(reverse("home"))
        nonces = [v for v in self.policy(response)["script-src"] if v.startswith("'nonce-")]
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            if "src=" in tag or 'type="application/json"' in tag:
                continue
            self.assertTrue(nonces and f'nonce="{nonces[0][7:-1]}"' in tag, tag)

    def test_no_template_has_inline_script_or_event_handler_attributes(self):
        inline_script = re.compile(
            r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=\"\{\{ request\.csp_nonce \}\}\")[^>]*>"
        )
        handler = re.compile(r"""\s(on[a-z]+|hx-on[:\w-]*)\s*=\s*["']""", re.IGNORECASE)
        offenders = []
        for path in TEMPLATES.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.name}: {m.group(0)}" for m in inline_script.finditer(text)]
            offenders += [f"{path.name}: {m.group(0)}" for m in handler.finditer(text)]
        self.assertEqual(offenders, [])


class HttpsSettingsTests(World):
    def test_check_deploy_is_clean_with_the_documented_production_settings(self):
        result = run_trienkhai("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues (0 silenced).", result.stdout)

    def test_check_deploy_warns_with_local_defaults(self):
        result = run_trienkhai("check", "--deploy", env={})
        for code in ("W004", "W008", "W009", "W012", "W016", "trienkhai.W001"):
            self.assertIn(code, result.stdout + result.stderr)

    @override_settings(
        SECURE_SSL_REDIRECT=True,
        SECURE_HSTS_SECONDS=31536000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    )
    def test_behind_the_proxy_http_redirects_and_https_gets_hsts(self):
        response = self.client.get(reverse("login"))
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://"))
        response = self.client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")

    def test_the_proxy_header_is_trusted_only_when_the_env_says_so(self):
        code = "from django.conf import settings; print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
        local = run_trienkhai(
            "shell", "-v", "0", "-c", code, env={"DEBUG": "true"}, drop=("BEHIND_TLS_PROXY",)
        )
        proxied = run_trienkhai(
            "shell", "-v", "0", "-c", code, env={"DEBUG": "true", "BEHIND_TLS_PROXY": "true"}
        )
        self.assertEqual(local.stdout.strip(), "None", local.stderr)
        self.assertEqual(proxied.stdout.strip(), "('HTTP_X_FORWARDED_PROTO', 'https')", proxied.stderr)


class SecretKeyTests(World):
    def test_without_secret_key_and_debug_off_the_app_refuses_to_start(self):
        result = subprocess.run(
            [sys.executable, "-c", "import trienkhai.wsgi"],
            env={k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}},
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("Chưa đặt SECRET_KEY", result.stderr)

    def test_with_debug_on_the_app_starts_on_the_local_key(self):
        result = subprocess.run(
            [sys.executable, "-c", "import trienkhai.wsgi; print('started')"],
            env={**{k: v for k, v in os.environ.items() if k != "SECRET_KEY"}, "DEBUG": "true"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("started", result.stdout)

    def test_commands_that_sign_nothing_still_run_without_a_key(self):
        result = run_trienkhai("check", env={})
        self.assertEqual(result.returncode, 0, result.stderr)


@override_settings(ROOT_URLCONF="tests.urls_errors")
class ErrorPageTests(World):
    def test_a_six_megabyte_form_post_gets_the_vietnamese_400_page(self):
        # As a browser posts: the CSRF check reads the form, and the form is over DATA_UPLOAD_MAX_MEMORY_SIZE.
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.cdcs_hoa)
        client.get(reverse("plans:list"))  # the page that holds the form sets the CSRF cookie
        body = "q=" + "a" * (6 * 1024 * 1024)
        response = client.post(reverse("plans:list"), body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Dữ liệu gửi lên quá lớn (tối đa 5 MB", status_code=400)
        self.assertContains(response, 'lang="vi"', status_code=400)
        self.assertNotContains(response, "Bad Request", status_code=400)

    def test_a_six_megabyte_post_to_the_login_page_too(self):
        body = "username=" + "a" * (6 * 1024 * 1024)
        response = self.client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
        self.assertContains(response, "Dữ liệu gửi lên quá lớn", status_code=400)

    def test_other_bad_requests_get_the_vietnamese_400_page(self):
        response = self.client.get("/thu/nghi-ngo/")
        self.assertContains(response, "Yêu cầu không hợp lệ", status_code=400)
        self.assertContains(response, "Chưa có gì được lưu", status_code=400)

    def test_permission_denied_gets_the_vietnamese_403_page(self):
        self.login(self.cdcs_hoa)
        response = self.client.get("/thu/cam/")
        self.assertContains(response, "Bạn không có quyền làm việc này", status_code=403)
        self.assertNotContains(response, "Forbidden", status_code=403)

    def test_a_post_without_csrf_token_gets_the_vietnamese_csrf_page(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.cdcs_hoa)
        response = client.post(reverse("logout"))
        self.assertContains(response, "Không gửi được biểu mẫu", status_code=403)
        self.assertNotContains(response, "CSRF verification failed", status_code=403)
        self.assertEqual(int(client.session["_auth_user_id"]), self.cdcs_hoa.pk)
