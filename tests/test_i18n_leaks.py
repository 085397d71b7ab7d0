"""English and foreign formats that leaked into Vietnamese pages (issue 26, point 10): time spans in
English ("còn 3 years, 2 months"), numbers with a decimal point in notifications ("75.33 điểm"), the
browser's own "Choose Files / No file chosen", an admin half in English, chart names outside the catalog."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from trienkhai.agreements.models import CollectiveAgreement
from trienkhai.core.models import Notification
from trienkhai.lib.vn import format_decimal
from trienkhai.orgs.models import today

from .daily_world import DailyWorld
from .evaluations_world import EvaluationWorld
from .rollup_world import RollupWorld
from .world import World

ENGLISH_TIME_WORDS = re.compile(r"\b(years?|months?|weeks?|days?|hours?|minutes?)\b")


class VietnameseNumbersTests(SimpleTestCase):
    def test_a_decimal_in_running_text_uses_a_comma_and_no_trailing_zeros(self):
        self.assertEqual(
            [format_decimal(v) for v in (Decimal("75.33"), Decimal("80.00"), 7.5, 1234.5)],
            ["75,33", "80", "7,5", "1.234,5"],
        )


class TimeSpanTests(SimpleTestCase):
    def test_a_time_span_reads_in_vietnamese(self):
        with translation.override("vi"):
            text = Template("{% load vn %}{{ day|vntimeuntil:today }}").render(
                Context({"day": dt.date(2029, 3, 1), "today": dt.date(2025, 12, 1)})
            )
        self.assertEqual(text.replace("\xa0", " "), "3 năm, 3 tháng")  # Django keeps "3 năm" on one line


class AgreementPageTests(DailyWorld):
    def test_the_time_left_on_an_agreement_is_in_vietnamese(self):
        on = today()
        agreement = CollectiveAgreement.objects.create(
            unit=self.factory,
            title="TƯLĐTT Công ty May",
            employer="Công ty May Hòa Lạc",
            signed_on=on - dt.timedelta(days=400),
            effective_from=on - dt.timedelta(days=400),
            expires_on=on + dt.timedelta(days=3 * 365 + 70),
            grade="B",
        )
        self.login(self.cdcs_dung)
        page = self.client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
        page = page.replace("\xa0", " ")
        self.assertIn("còn 3 năm, 2 tháng", page)
        self.assertIsNone(ENGLISH_TIME_WORDS.search(re.sub(r"<[^>]+>", " ", page)))


class ScoreNotificationTests(EvaluationWorld):
    def test_a_moderated_score_is_written_with_a_decimal_comma(self):
        self.assess(self.school_ev, {"1.1": "35.33", "1.2": "30", "2.1": "10", "2.2": "0"})
        self.accept(self.school_ev)
        text = Notification.objects.get(user=self.cdcs_hoa, verb="evaluation_moderated").text
        self.assertIn("75,33 điểm", text)


class FilePickerTests(World):
    def test_a_form_file_field_is_a_vietnamese_picker(self):
        self.login(self.chairwoman_lan)
        page = self.client.get(reverse("orgs:import", args=[self.province.pk]))
        self.assertContains(page, 'class="file-picker-input"')
        self.assertContains(page, "Chọn tệp</label>")
        self.assertContains(page, "Chưa chọn tệp")

    def test_a_refused_file_keeps_the_picker_marked_invalid(self):
        self.login(self.chairwoman_lan)
        empty = SimpleUploadedFile("rong.xlsx", b"", content_type="application/octet-stream")
        page = self.client.post(reverse("orgs:import", args=[self.province.pk]), {"file": empty})
        self.assertContains(page, '<span class="file-picker is-invalid">', status_code=page.status_code)


ADMIN_ENGLISH = [
    "Skip to main content",
    "Model name",
    "Add link",
    "Toggle theme",
    "Orgs",
    "Unit events",
    "Axes",
    "Access attempts",
    "Task Results",
    "Tasks Database Backend",
    "User:",
    "Unit:",
]


class AdminInVietnameseTests(World):
    def test_the_admin_names_its_apps_models_and_fields_in_vietnamese(self):
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x"))
        for url in ("/quan-tri/", "/quan-tri/orgs/membership/add/", "/quan-tri/orgs/unitevent/"):
            with self.subTest(url=url):
                text = re.sub(r"<[^>]+>", " ", self.client.get(url).content.decode())
                self.assertEqual([w for w in ADMIN_ENGLISH if w in text], [])


class VietnameseCatalogTests(SimpleTestCase):
    """locale/vi holds Vietnamese for what Django and the third-party apps leave in English."""

    def test_compiled_mo_matches_the_po(self):
        import gettext

        from django.conf import settings

        from .test_i18n import parse_po

        folder = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
        with (folder / "django.mo").open("rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        for e in parse_po(folder / "django.po"):
            if not e["msgid"]:
                continue
            key = e["msgid"] if e["msgid_plural"] is None else (e["msgid"], 0)
            self.assertEqual(catalog.get(key), e["msgstr"][0], f".mo out of date for {key!r}")


VIETNAMESE_LETTER = re.compile(r"[À-ỹĐđ]")


class ChartWordsTests(SimpleTestCase):
    def test_chart_scripts_write_no_words_of_their_own(self):
        from django.conf import settings

        folder = Path(settings.BASE_DIR) / "static" / "reports"
        for script in sorted(folder.glob("*.js")):
            code = "\n".join(
                line
                for line in script.read_text(encoding="utf-8").splitlines()
                if not line.strip().startswith("//")
            )
            with self.subTest(script=script.name):
                literals = re.findall(r"\"([^\"\n]*)\"|'([^'\n]*)'", code)
                self.assertEqual([a or b for a, b in literals if VIETNAMESE_LETTER.search(a or b)], [])


class DashboardInEnglishTests(RollupWorld):
    def test_chart_legends_follow_the_language(self):
        import json

        self.report(self.school, 2025, 1, members=40, new_members=2, fee_rate=90)
        self.login(self.chairwoman_lan)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        url = f"/bao-cao/bieu-mau/{self.form.pk}/so-lieu/{self.province.pk}/?nam=2025&ky=1&chi-tieu=members"
        html = self.client.get(url).content.decode()
        data = json.loads(html.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
        self.assertEqual(data["completeness"]["legend"]["approved"], "Approved")
        self.assertEqual(data["completeness"]["legend"]["returned"], "Returned")

    def test_the_trend_names_its_periods_through_the_catalog(self):
        import json
        from unittest import mock

        self.report(self.school, 2025, 1, members=40, new_members=2, fee_rate=90)
        self.login(self.chairwoman_lan)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/so-lieu/{self.province.pk}/?nam=2025&ky=1&chi-tieu=members"
        with mock.patch("trienkhai.reports.period_names.pgettext", lambda context, text: f"[{text}]"):
            html = self.client.get(url).content.decode()
        data = json.loads(html.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
        self.assertEqual(data["trend"]["labels"], [f"[Quý {i}]" for i in range(1, 5)])
