"""The phone app (issue 24, point 4): the site installs to the home screen (manifest, icons, a service
worker at the site root) and says which pages the service worker may keep for offline use."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.test import SimpleTestCase
from django.urls import reverse
from PIL import Image

from trienkhai.core.pwa import SHELL
from trienkhai.evaluations.models import Evaluation

from .evaluations_world import EvaluationWorld
from .reports_world import ReportWorld


class InstallTests(SimpleTestCase):
    def test_manifest_names_the_app_in_vietnamese_with_its_icons(self):
        r = self.client.get("/manifest.webmanifest")
        assert r.status_code == 200
        assert r["Content-Type"].startswith("application/manifest+json")
        data = json.loads(r.content)
        assert (data["name"], data["lang"], data["display"], data["start_url"]) == (
            "Triển khai",
            "vi",
            "standalone",
            "/",
        )
        sizes = {(i["sizes"], i["purpose"]) for i in data["icons"]}
        assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}

    def test_every_icon_is_a_png_of_its_declared_size(self):
        for icon in json.loads(self.client.get("/manifest.webmanifest").content)["icons"]:
            path = finders.find(icon["src"].removeprefix("/static/"))
            assert path, icon["src"]
            with Image.open(path) as img:
                assert img.format == "PNG"
                assert f"{img.width}x{img.height}" == icon["sizes"]

    def test_maskable_icon_fills_its_square(self):
        # A launcher cuts its own shape out of a maskable icon: a transparent corner would show.
        with Image.open(finders.find("pwa/icon-maskable-512.png")) as img:
            assert img.convert("RGBA").getpixel((0, 0))[3] == 255

    def test_service_worker_is_served_from_the_root_uncached_as_javascript(self):
        r = self.client.get("/sw.js")
        assert r.status_code == 200
        assert r["Content-Type"].startswith("text/javascript")
        assert "no-cache" in r["Cache-Control"] and "max-age=0" in r["Cache-Control"]
        assert r["Service-Worker-Allowed"] == "/"

    def test_service_worker_keeps_a_shell_that_exists(self):
        body = self.client.get("/sw.js").content.decode()
        config = json.loads(re.search(r"var CONFIG = (\{.*?\});\n", body).group(1))
        assert len(config["shell"]) == len(SHELL)
        for name in SHELL:
            assert finders.find(name), name
        assert config["offline"] == "/ngoai-tuyen/"

    def test_service_worker_shows_push_messages_and_opens_their_link(self):
        body = self.client.get("/sw.js").content.decode()
        assert 'addEventListener("push"' in body and "showNotification" in body
        assert 'addEventListener("notificationclick"' in body and "openWindow" in body

    def test_offline_page_says_in_vietnamese_what_still_works(self):
        r = self.client.get("/ngoai-tuyen/")
        self.assertContains(r, "Không có mạng")
        self.assertContains(r, "lưu trên máy")

    def test_policy_allows_the_worker_and_the_manifest_from_this_site_only(self):
        policy = self.client.get("/tai-khoan/dang-nhap/")["Content-Security-Policy"]
        assert "worker-src 'self'" in policy
        assert "manifest-src 'self'" in policy

    def test_every_page_links_the_manifest_and_the_registration_script(self):
        r = self.client.get("/tai-khoan/dang-nhap/")
        self.assertContains(r, '<link rel="manifest" href="/manifest.webmanifest">')
        self.assertContains(r, 'data-sw="/sw.js"')
        self.assertContains(r, "js/pwa")


class OfflinePagesTests(ReportWorld):
    def test_report_form_may_be_kept_for_offline_use(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.client.get(f"/bao-cao/{sub.pk}/")
        assert r["X-Offline-Ready"] == "1"
        self.assertContains(r, f'data-offline-key="report-{sub.pk}-{self.cdcs_hoa.pk}"')
        self.assertContains(r, "Đã lưu trên máy, chưa gửi")

    def test_a_posted_report_answer_is_never_kept(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.post(sub, v_sessions="4")
        assert "X-Offline-Ready" not in r

    def test_the_login_redirect_is_never_kept(self):
        sub = self.school_submission()
        r = self.client.get(f"/bao-cao/{sub.pk}/")
        assert r.status_code == 302
        assert "X-Offline-Ready" not in r

    def test_autosave_answer_says_its_state_for_the_offline_script(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        r = self.client.post(
            f"/bao-cao/{sub.pk}/tu-dong-luu/", {"lock_version": sub.lock_version, "v_sessions": "3"}
        )
        self.assertContains(r, 'data-state="saved"')
        r = self.client.post(f"/bao-cao/{sub.pk}/tu-dong-luu/", {"lock_version": 0, "v_sessions": "5"})
        self.assertContains(r, 'data-state="conflict"')


class SelfAssessmentAutosaveTests(EvaluationWorld):
    """The self-assessment saves as typed (and from a phone whose connection returns) through one autosave
    address with the lock version of "Lưu nháp"."""

    def url(self) -> str:
        return reverse("evaluations:self_autosave", args=[self.school_ev.pk])

    def typed(self, lock: int, points_11: str = "35") -> dict:
        crit = self.criteria()
        return {
            f"points_{crit['1.1'].pk}": points_11,
            f"evidence_{crit['1.2'].pk}": "Biên bản",
            "lock_version": lock,
        }

    def lock(self) -> int:
        return Evaluation.objects.values_list("lock_version", flat=True).get(pk=self.school_ev.pk)

    def test_autosave_stores_the_scores_and_answers_the_new_lock_version(self):
        self.login(self.cdcs_hoa)
        opened = self.lock()
        r = self.client.post(self.url(), self.typed(opened))
        self.assertContains(r, 'data-state="saved"')
        self.assertContains(r, "Đã gửi lên máy chủ lúc")
        self.assertContains(r, f'name="lock_version" id="lock_version" value="{opened + 1}"')
        assert self.school_ev.scores.get(criterion__code="1.1").self_points == Decimal(35)

    def test_autosave_from_a_stale_page_is_a_conflict_and_saves_nothing(self):
        self.login(self.cdcs_hoa)
        opened = self.lock()
        self.client.post(self.url(), self.typed(opened, "35"))
        r = self.client.post(self.url(), self.typed(opened, "12"))
        self.assertContains(r, 'data-state="conflict"')
        assert self.school_ev.scores.get(criterion__code="1.1").self_points == Decimal(35)

    def test_autosave_refuses_points_above_the_maximum_in_vietnamese(self):
        self.login(self.cdcs_hoa)
        r = self.client.post(self.url(), self.typed(self.lock(), "99"))
        self.assertContains(r, 'data-state="invalid"')
        self.assertContains(r, "Chưa lưu lên máy chủ")
        assert self.school_ev.scores.get(criterion__code="1.1").self_points is None

    def test_another_cdcs_gets_404(self):
        self.login(self.outsider)
        assert self.client.post(self.url(), self.typed(self.lock())).status_code == 404

    def test_the_self_assessment_page_may_be_kept_for_offline_use(self):
        self.login(self.cdcs_hoa)
        r = self.client.get(reverse("evaluations:evaluation", args=[self.school_ev.pk]))
        assert r["X-Offline-Ready"] == "1"
        self.assertContains(r, f'data-offline-key="evaluation-{self.school_ev.pk}-{self.cdcs_hoa.pk}"')
