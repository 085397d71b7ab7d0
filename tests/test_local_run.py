"""`make run` serves the demo as the product runs: DEBUG off with the app's own Vietnamese pages, and links
(QR codes, e-mails, notifications) built from the address it actually serves on (issue 26, points 4-5)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalRunTests(SimpleTestCase):
    def setUp(self) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="trienkhai-test-run-"))
        self.addCleanup(shutil.rmtree, self.scratch, True)
        self.env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SITE_URL"}}
        self.env.update(
            PATH=f"{BIN}:{os.environ.get('PATH', '')}",
            LOCAL_SECRET_KEY_FILE=str(self.scratch / "key"),
            DATABASE_URL=f"sqlite:///{self.scratch / 'empty.sqlite3'}",
            DJANGO_SETTINGS_MODULE="trienkhai.settings",
        )

    def in_local_env(self, command: str, host: str, port: int) -> str:
        """Run `command` in sh after sourcing scripts/local-env.sh as `make run` does."""
        script = f"HOST={host}; PORT={port}; . scripts/local-env.sh; {command}"
        done = subprocess.run(
            ["sh", "-c", script], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=60
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_site_url_follows_the_port_make_run_serves_on(self):
        out = self.in_local_env(
            f"{sys.executable} -c 'import django; django.setup(); from django.conf import settings as s; "
            'print(s.SITE_URL, s.DEBUG, bool(s.SECRET_KEY), "127.0.0.1" in s.ALLOWED_HOSTS)\'',
            "127.0.0.1",
            8123,
        )
        self.assertEqual(out.split(), ["http://127.0.0.1:8123", "False", "True", "True"])

    def test_the_local_key_is_made_once_and_kept_out_of_the_repository(self):
        first = self.in_local_env('printf %s "$SECRET_KEY"', "127.0.0.1", 8000)
        second = self.in_local_env('printf %s "$SECRET_KEY"', "127.0.0.1", 8000)
        self.assertGreater(len(first), 40)
        self.assertEqual(first, second)
        self.assertEqual((self.scratch / "key").read_text().strip(), first)

    def test_a_developer_can_still_turn_debug_on(self):
        self.env["DEBUG"] = "true"
        self.assertEqual(self.in_local_env('printf %s "$DEBUG"', "127.0.0.1", 8000), "true")

    def test_make_run_sources_the_local_environment_and_no_longer_forces_debug(self):
        make = shutil.which("make")
        self.assertIsNotNone(make, "make is needed for `make run`")
        done = subprocess.run(
            [make, "-n", "run", "HOST=127.0.0.1", "PORT=8123"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertIn(". scripts/local-env.sh", done.stdout)
        self.assertIn("runserver --noreload 127.0.0.1:8123", done.stdout)
        self.assertNotIn("DEBUG:-true", done.stdout)

    def test_the_demo_server_answers_a_missing_page_with_the_apps_own_vietnamese_404(self):
        port = free_port()
        server = subprocess.Popen(
            [
                "sh",
                "-c",
                f"HOST=127.0.0.1; PORT={port}; . scripts/local-env.sh; "
                f"exec {BIN / 'trienkhai'} runserver --noreload 127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.addCleanup(server.wait, 10)
        self.addCleanup(server.terminate)
        body, status = "", 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/khong-co-trang-nay/", timeout=5)
            except urllib.error.HTTPError as exc:
                status, body = exc.code, exc.read().decode()
                break
            except OSError:
                time.sleep(0.3)
        self.assertEqual(status, 404)
        self.assertIn("Không tìm thấy", body)
        self.assertNotIn("Django", body)
        self.assertNotIn("URLconf", body)
