"""Dialogues and collective agreements: the register, the grade the terms suggest, and the reminders
before expiry through the shared notification path (idempotent per day)."""

from __future__ import annotations

import datetime as dt

from trienkhai.agreements.models import CollectiveAgreement, Dialogue, suggested_grade
from trienkhai.agreements.workflow import remind_expiring
from trienkhai.core.models import Notification

from .daily_world import DailyWorld


class AgreementTests(DailyWorld):
    def agreement(self, expires: dt.date) -> CollectiveAgreement:
        return CollectiveAgreement.objects.create(
            unit=self.factory,
            title="TƯLĐTT Công ty May",
            employer="Công ty May Hòa Lạc",
            signed_on=dt.date(2023, 6, 1),
            effective_from=dt.date(2023, 6, 1),
            expires_on=expires,
            grade="B",
        )

    def test_reminders_go_out_90_30_7_and_0_days_before_expiry_once_each(self):
        a = self.agreement(dt.date(2026, 6, 30))
        sent = {}
        day = dt.date(2026, 3, 1)
        while day <= dt.date(2026, 7, 5):
            sent[day] = remind_expiring(on=day)
            remind_expiring(on=day)  # a second run the same day sends nothing more
            day += dt.timedelta(days=1)
        days = [(a.expires_on - d).days for d, n in sent.items() if n]
        self.assertEqual(days, [90, 30, 7, 0])
        users = set(
            Notification.objects.filter(verb="agreement_expiring").values_list("user__username", flat=True)
        )
        self.assertEqual(users, {"cdcs_dung", "officer_minh"})  # the signing CĐCS and the union above it
        self.assertEqual(Notification.objects.filter(verb="agreement_expiring").count(), 8)

    def test_grade_from_terms_beyond_the_legal_minimum(self):
        self.assertEqual([suggested_grade(n) for n in range(6)], ["D", "C", "C", "B", "A", "A"])
        self.login(self.cdcs_dung)
        data = {
            "unit": self.factory.pk,
            "scope": "enterprise",
            "title": "TƯLĐTT 2026",
            "employer": "Công ty May",
            "signed_on": "01/02/2026",
            "effective_from": "01/02/2026",
            "expires_on": "31/01/2029",
            "workers": "800",
            "wage_terms": "Cao hơn lương tối thiểu vùng 7%",
            "bonus_terms": "Tháng lương thứ 13",
            "hours_terms": "Làm thêm tối đa 200 giờ/năm",
        }
        response = self.client.post("/thoa-uoc/moi/", data)
        agreement = CollectiveAgreement.objects.get(title="TƯLĐTT 2026")
        self.assertRedirects(response, f"/thoa-uoc/{agreement.pk}/")
        self.assertEqual((agreement.grade, agreement.better_terms), ("B", 3))

    def test_bad_dates_are_refused(self):
        self.login(self.cdcs_dung)
        data = {
            "unit": self.factory.pk,
            "scope": "enterprise",
            "title": "X",
            "employer": "Y",
            "signed_on": "01/02/2026",
            "effective_from": "01/01/2026",
            "expires_on": "01/01/2031",
            "workers": "1",
        }
        response = self.client.post("/thoa-uoc/moi/", data)
        self.assertContains(response, "Thỏa ước có hiệu lực từ ngày ký trở đi", status_code=400)
        self.assertContains(response, "Thời hạn thỏa ước từ 1 đến 3 năm", status_code=400)
        self.assertFalse(CollectiveAgreement.objects.exists())

    def test_expiring_agreements_are_on_the_home_page_of_the_cdcs(self):
        from django.utils import timezone

        self.agreement(timezone.localdate() + dt.timedelta(days=20))
        self.login(self.cdcs_dung)
        self.assertContains(self.client.get("/"), "Thỏa ước sắp hết hạn")
        self.login(self.cdcs_hoa)
        self.assertNotContains(self.client.get("/"), "Thỏa ước sắp hết hạn")

    def test_a_dialogue_with_its_topics(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            "/thoa-uoc/doi-thoai/moi/",
            {
                "unit": self.school.pk,
                "held_on": "10/03/2026",
                "kind": "periodic",
                "topics": ["wages", "safety"],
                "workers": "40",
            },
        )
        dialogue = Dialogue.objects.get()
        self.assertRedirects(response, f"/thoa-uoc/doi-thoai/{dialogue.pk}/")
        self.assertEqual(dialogue.topic_labels(), ["Tiền lương, thưởng", "An toàn, vệ sinh lao động"])
        self.login(self.cdcs_dung)
        self.assertEqual(self.client.get(f"/thoa-uoc/doi-thoai/{dialogue.pk}/").status_code, 404)
        bad = self.client.post(
            "/thoa-uoc/doi-thoai/moi/",
            {"unit": self.school.pk, "held_on": "10/03/2026", "kind": "periodic", "topics": ["wages"]},
        )
        self.assertEqual(bad.status_code, 400)  # not the chair's unit
