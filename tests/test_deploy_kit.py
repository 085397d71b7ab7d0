"""The deploy kit (deploy/) agrees with the settings: every variable the settings read is in the env
template, the proxy's body limit lets UPLOAD_MAX_BYTES through, the proxy never serves uploads."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "trienkhai" / "settings.py"
ENV = ROOT / "deploy" / "trienkhai.env"
NGINX = ROOT / "deploy" / "nginx" / "trienkhai.conf"


def variables_read_by_settings() -> set[str]:
    text = SETTINGS.read_text()
    return set(re.findall(r'(?:os\.environ\.get|env_bool)\(\s*"([A-Z][A-Z0-9_]+)"', text))


def variables_in_template() -> set[str]:
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", ENV.read_text(), re.M))


class EnvTemplateTests(SimpleTestCase):
    def test_every_variable_the_settings_read_is_in_the_env_template(self):
        read = variables_read_by_settings()
        self.assertGreater(len(read), 50)  # the pattern still finds them
        self.assertEqual(sorted(read - variables_in_template()), [])

    def test_every_variable_of_the_template_is_commented(self):
        # A variable, or a group of them on consecutive lines, comes right after a comment saying what
        # it is; a blank line before it means nobody said.
        variable = re.compile(r"^#?[A-Z][A-Z0-9_]+=")
        lines = ENV.read_text().splitlines()
        for i, line in enumerate(lines):
            if variable.match(line):
                j = i - 1
                while j >= 0 and variable.match(lines[j]):
                    j -= 1
                self.assertTrue(
                    j >= 0 and lines[j].startswith("# "),
                    f"{line.split('=')[0]}: no comment above it in {ENV.name}",
                )


class ProxyTests(SimpleTestCase):
    def test_the_proxy_body_limit_lets_the_largest_upload_and_its_form_through(self):
        limit = re.search(r"client_max_body_size (\d+)m;", NGINX.read_text())
        self.assertIsNotNone(limit)
        self.assertGreater(int(limit[1]) * 1024 * 1024, settings.UPLOAD_MAX_BYTES)

    def test_the_proxy_never_serves_uploaded_files_itself(self):
        text = NGINX.read_text()
        media = re.search(r"location /media/ \{([^}]*)\}", text)
        self.assertIsNotNone(media)
        self.assertEqual(media[1].strip(), "return 404;")
        self.assertNotIn("/var/lib/trienkhai/media", text)  # MEDIA_ROOT of the env template


class DeployCheckTotpTests(SimpleTestCase):
    """deploy/check_stack.py enrols the demo chair with a code it computes itself (standard library only,
    it runs outside the app); the code must be the one django-otp accepts."""

    def test_the_check_computes_the_code_django_otp_expects(self):
        import base64
        import importlib.util

        from django_otp.oath import TOTP

        spec = importlib.util.spec_from_file_location("check_stack", ROOT / "deploy" / "check_stack.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        key = bytes(range(20))
        shown = base64.b32encode(key).decode().rstrip("=")
        grouped = " ".join(shown[i : i + 4] for i in range(0, len(shown), 4))
        for at in (0, 59, 1_800_000_000):
            reference = TOTP(key)
            reference.time = at
            self.assertEqual(module.totp_now(grouped, at=at), f"{reference.token():06d}")
