"""Links that work from a phone (issue 24, point 5): every notification link and every QR code is built
from SITE_URL, which `make run` sets to the address it serves on, and a link opened while signed out
leads, after login, to the exact page it named."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import segno
from django.core import mail
from django.test import SimpleTestCase, override_settings

from trienkhai.concerns.models import ConcernBox
from trienkhai.core.notify import notify

from .channels_world import run_worker
from .reports_world import ReportWorld
from .world import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
PHONE_SITE = "http://192.168.1.20:8123"


@override_settings(SITE_URL=PHONE_SITE, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class SiteUrlLinkTests(ReportWorld):
    def box(self) -> ConcernBox:
        return ConcernBox.objects.create(unit=self.school)

    def test_qr_code_on_the_page_encodes_the_site_url_with_its_port(self):
        box = self.box()
        self.login(self.cdcs_hoa)
        r = self.client.get(f"/tam-tu/don-vi/{self.school.pk}/ma-qr/")
        url = f"{PHONE_SITE}/gop-y/{box.key}/"
        self.assertContains(r, url)
        drawn = segno.make(url, error="m").svg_inline(scale=6, border=2, omitsize=True)
        self.assertContains(r, drawn)

    def test_qr_code_download_encodes_the_site_url_with_its_port(self):
        box = self.box()
        self.login(self.cdcs_hoa)
        r = self.client.get(f"/tam-tu/don-vi/{self.school.pk}/ma-qr.png")
        expected = io.BytesIO()
        segno.make(f"{PHONE_SITE}/gop-y/{box.key}/", error="m").save(expected, kind="png", scale=12, border=4)
        assert r.content == expected.getvalue()

    def test_notification_email_links_to_the_site_url_with_its_port(self):
        self.cdcs_hoa.email = "hoa@example.vn"
        self.cdcs_hoa.save()
        sub = self.school_submission()
        notify(
            users=[self.cdcs_hoa],
            verb="returned",
            text="Báo cáo bị trả lại",
            url=f"/bao-cao/{sub.pk}/",
            key="t",
        )
        run_worker()  # e-mail goes out on the task worker (core.delivery), never inside the flow
        assert f"{PHONE_SITE}/bao-cao/{sub.pk}/" in mail.outbox[0].body

    def test_a_link_opened_signed_out_opens_the_exact_page_after_login(self):
        path = f"/bao-cao/bieu-mau/{self.form.pk}/bang/{self.commune.pk}/?nam={self.year}"
        r = self.client.get(path)
        assert r.status_code == 302
        login_page = self.client.get(r["Location"])
        self.assertContains(login_page, 'name="next" value="/bao-cao/bieu-mau/')
        r = self.client.post(
            r["Location"],
            {"username": "officer_minh", "password": PASSWORD, "next": login_page.context["next"]},
        )
        assert r.status_code == 302
        assert r["Location"] == path
        assert self.client.get(r["Location"]).status_code == 200


class MakeRunPortTests(SimpleTestCase):
    def test_qr_codes_follow_the_port_make_run_serves_on(self):
        # As `make run PORT=8123` does: source scripts/local-env.sh, then build a QR code's address.
        env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "SECRET_KEY", "DEBUG"}}
        env.update(LOCAL_SECRET_KEY_FILE=str(ROOT / "build" / "test-phone-links-key"))
        code = (
            "import django; django.setup(); from trienkhai.concerns.models import ConcernBox; "
            "from trienkhai.concerns.views import _form_url; print(_form_url(ConcernBox(key='k')))"
        )
        done = subprocess.run(
            ["sh", "-c", f'HOST=127.0.0.1; PORT=8123; . scripts/local-env.sh; {sys.executable} -c "{code}"'],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "http://127.0.0.1:8123/gop-y/k/"
