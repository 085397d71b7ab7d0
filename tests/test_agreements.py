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
                # Art. 39(4) Decree 145/2020: the quorum of a periodic dialogue.
                "legal_rep_present": "on",
                "representatives": "5",
                "representatives_present": "4",
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


class AgreementLawTests(DailyWorld):
    """The rules of Bộ luật Lao động 2019 on collective agreements, with their bounds as settings."""

    def post(self, **changes):
        self.login(self.cdcs_dung)
        data = {
            "unit": self.factory.pk,
            "scope": "enterprise",
            "title": "TƯLĐTT 2026",
            "employer": "Công ty May",
            "signed_on": "01/02/2026",
            "effective_from": "01/02/2026",
            "expires_on": "31/01/2028",
            "workers": "800",
        }
        return self.client.post("/thoa-uoc/moi/", {**data, **changes})

    def test_blld_art78_term_under_one_year_refused(self):
        response = self.post(expires_on="31/12/2026")
        self.assertContains(response, "Thời hạn thỏa ước từ 1 đến 3 năm", status_code=400)
        self.assertContains(response, "ngày hết hạn sớm nhất là 31/01/2027", status_code=400)
        self.assertContains(response, 'value="TƯLĐTT 2026"', status_code=400)  # what was typed stays
        self.assertFalse(CollectiveAgreement.objects.exists())

    def test_blld_art78_term_over_three_years_refused(self):
        response = self.post(expires_on="01/02/2029")
        self.assertContains(response, "Thời hạn thỏa ước từ 1 đến 3 năm", status_code=400)
        self.assertContains(response, "ngày hết hạn muộn nhất là 31/01/2029", status_code=400)
        self.assertFalse(CollectiveAgreement.objects.exists())

    def test_term_of_exactly_one_and_three_years_is_accepted_art_78(self):
        self.assertEqual(self.post(expires_on="31/01/2027").status_code, 302)
        self.assertEqual(self.post(title="Ba năm", expires_on="31/01/2029").status_code, 302)
        self.assertContains(
            self.post(expires_on="01/02/2029"), "ngày hết hạn muộn nhất là 31/01/2029", status_code=400
        )

    def test_term_bounds_are_data_art_78(self):
        with self.settings(AGREEMENT_MIN_TERM_MONTHS=6, AGREEMENT_MAX_TERM_MONTHS=24):
            self.assertEqual(self.post(expires_on="31/07/2026").status_code, 302)
            self.assertContains(self.post(expires_on="31/01/2029"), "từ 6 đến 24 tháng", status_code=400)

    def test_adoption_needs_more_than_half_in_favour_art_76(self):
        response = self.post(voters="800", votes_for="400")
        self.assertContains(response, "trên 50% người được lấy ý kiến", status_code=400)
        self.assertContains(response, "400/800", status_code=400)
        self.assertFalse(CollectiveAgreement.objects.exists())
        self.assertEqual(self.post(voters="800", votes_for="401").status_code, 302)
        self.assertEqual(CollectiveAgreement.objects.get().votes_for, 401)

    def test_votes_for_cannot_exceed_those_consulted_art_76(self):
        response = self.post(voters="100", votes_for="120")
        self.assertContains(response, "không được lớn hơn số người được lấy ý kiến", status_code=400)

    def test_filing_clock_and_overdue_warning_on_the_agreement_page_art_77(self):
        from trienkhai.orgs.models import today

        on = today()
        fresh = CollectiveAgreement.objects.create(
            unit=self.factory, title="Mới ký", employer="Y", grade="C",
            signed_on=on - dt.timedelta(days=3), effective_from=on, expires_on=on + dt.timedelta(days=400),
        )  # fmt: skip
        late = CollectiveAgreement.objects.create(
            unit=self.factory, title="Chưa gửi", employer="Y", grade="C",
            signed_on=on - dt.timedelta(days=15), effective_from=on, expires_on=on + dt.timedelta(days=400),
        )  # fmt: skip
        self.login(self.cdcs_dung)
        page = self.client.get(f"/thoa-uoc/{fresh.pk}/")
        self.assertContains(page, "(còn 7 ngày)")
        self.assertNotContains(page, "Quá hạn gửi thỏa ước")
        page = self.client.get(f"/thoa-uoc/{late.pk}/")
        self.assertContains(page, "Quá hạn gửi thỏa ước 5 ngày")
        self.assertContains(page, "Điều 77 Bộ luật Lao động 2019")
        CollectiveAgreement.objects.filter(pk=late.pk).update(filed_on=on)
        page = self.client.get(f"/thoa-uoc/{late.pk}/")
        self.assertContains(page, "gửi muộn 5 ngày")
        self.assertNotContains(page, "Quá hạn gửi thỏa ước")

    def test_filing_date_before_signing_is_refused_art_77(self):
        response = self.post(filed_on="20/01/2026")
        self.assertContains(response, "Ngày gửi thỏa ước không được trước ngày ký", status_code=400)
