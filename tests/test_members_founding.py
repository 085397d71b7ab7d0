"""Founding a new CĐCS: from a target enterprise through canvassing to the founding decision, which adds
the unit to the tree under the union that ran the case, with its founding members in the register."""

from __future__ import annotations

import datetime as dt

from trienkhai.members.models import FoundingCase, Member, member_count
from trienkhai.orgs.models import Unit

from .daily_world import DailyWorld

FOUNDERS = "\n".join(
    [
        "Nguyễn Văn Một; 1990; Nam",
        "Trần Thị Hai; 1992; Nữ; 7955555555",
        "Lê Văn Ba; 1988; nam",
        "Phạm Thị Bốn; 1995; nu",
        "Hồ Văn Năm; 1999; Nam",
    ]
)


class FoundingTests(DailyWorld):
    def test_from_target_to_a_new_cdcs_with_its_founding_members(self):
        self.login(self.officer_minh)
        response = self.client.post(
            "/doan-vien/thanh-lap-cdcs/moi/",
            {
                "owner_unit": self.commune.pk,
                "enterprise": "Công ty TNHH Gỗ Hòa Lạc",
                "sector": "non_state",
                "workers": "120",
                "tax_code": "3801234567",
            },
        )
        case = FoundingCase.objects.get()
        self.assertRedirects(response, f"/doan-vien/thanh-lap-cdcs/{case.pk}/")
        self.client.post(
            f"/doan-vien/thanh-lap-cdcs/{case.pk}/buoc/",
            {"on": "10/01/2026", "stage": "canvassing", "note": "Gặp công nhân giờ nghỉ trưa."},
        )
        self.client.post(
            f"/doan-vien/thanh-lap-cdcs/{case.pk}/buoc/",
            {"on": "20/02/2026", "stage": "board", "note": "Lập ban vận động 5 người."},
        )
        data = {
            "decision_number": "12/QĐ-CĐX",
            "decision_on": "01/03/2026",
            "code": "ab-hl-go",
            "name": "Công đoàn Công ty TNHH Gỗ Hòa Lạc",
            "members": FOUNDERS,
        }
        response = self.client.post(f"/doan-vien/thanh-lap-cdcs/{case.pk}/quyet-dinh/", data)
        unit = Unit.objects.get(code="AB-HL-GO")
        self.assertRedirects(response, f"/doan-vien/don-vi/{unit.pk}/")
        case.refresh_from_db()
        self.assertEqual((case.stage, case.new_unit, case.founding_members), ("founded", unit, 5))
        self.assertEqual(unit.parent_on(dt.date(2026, 3, 1)), self.commune)
        self.assertIsNone(unit.parent_on(dt.date(2026, 2, 28)))
        self.assertEqual(member_count(unit, on=dt.date(2026, 3, 1)), 5)
        self.assertEqual(member_count(self.commune, on=dt.date(2026, 3, 1)), 8)
        self.assertEqual(set(unit.member_affiliations.values_list("start", flat=True)), {"founding"})
        self.assertEqual(case.steps.count(), 3)
        self.assertEqual(Member.objects.get(card_number="7955555555").full_name, "Trần Thị Hai")

    def test_a_decision_with_too_few_or_bad_founders_changes_nothing(self):
        case = FoundingCase.objects.create(owner_unit=self.commune, enterprise="Công ty Nhỏ")
        self.login(self.officer_minh)
        base = {
            "decision_number": "1/QĐ",
            "decision_on": "01/03/2026",
            "code": "AB-HL-NHO",
            "name": "Công đoàn Công ty Nhỏ",
        }
        for members, message in [
            ("An Văn Một; 1990; Nam\nBình Thị Hai; 1991; Nữ", "Cần ít nhất 5 đoàn viên sáng lập"),
            (FOUNDERS.replace("1988", "năm tám tám"), "Dòng 3: họ tên hoặc năm sinh không hợp lệ."),
            (
                FOUNDERS.replace("7955555555", "7900000001"),
                "Dòng 2: số thẻ không hợp lệ hoặc đã có trong sổ.",
            ),
        ]:
            response = self.client.post(
                f"/doan-vien/thanh-lap-cdcs/{case.pk}/quyet-dinh/", {**base, "members": members}
            )
            self.assertContains(response, message, status_code=400)
        self.assertFalse(Unit.objects.filter(code="AB-HL-NHO").exists())
        self.assertEqual(Member.objects.count(), 3)

    def test_a_cdcs_chair_does_not_run_founding_cases_of_the_commune(self):
        case = FoundingCase.objects.create(owner_unit=self.commune, enterprise="Công ty Nhỏ")
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(f"/doan-vien/thanh-lap-cdcs/{case.pk}/").status_code, 404)
        response = self.client.post(
            "/doan-vien/thanh-lap-cdcs/moi/",
            {"owner_unit": self.school.pk, "enterprise": "X", "sector": "fdi", "workers": "5"},
        )
        self.assertEqual(response.status_code, 400)
