"""The member register: counts as of a date across a transfer and a leaving, access per role, the
Decree 13/2023 rules (access log, exports only for write roles of the unit and above, no personal data in
any URL)."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import unquote

from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from trienkhai.core.models import Notification
from trienkhai.lib.vn import fold
from trienkhai.members.models import Affiliation, DataAccess, Member, member_count
from trienkhai.members.workflow import anonymise_departed, leave_member, transfer_member

from .daily_world import DailyWorld

BEFORE, MOVE, AFTER = dt.date(2024, 12, 31), dt.date(2025, 3, 1), dt.date(2025, 6, 30)


class CountAsOfDateTests(DailyWorld):
    def test_counts_as_of_a_date_across_a_transfer(self):
        transfer_member(member=self.an, to_unit=self.factory, on=MOVE, user=self.officer_minh)
        self.assertEqual(member_count(self.school, on=BEFORE), 2)
        self.assertEqual(member_count(self.factory, on=BEFORE), 1)
        self.assertEqual(member_count(self.school, on=MOVE - dt.timedelta(days=1)), 2)
        self.assertEqual(
            member_count(self.school, on=MOVE), 1
        )  # the day of the transfer counts at the new CĐCS
        self.assertEqual(member_count(self.factory, on=MOVE), 2)
        self.assertEqual(
            member_count(self.commune, on=BEFORE), 3
        )  # a move inside the commune changes no total
        self.assertEqual(member_count(self.commune, on=AFTER), 3)
        self.assertEqual(member_count(self.province, on=AFTER), 3)
        self.assertEqual(member_count(self.other_province, on=AFTER), 0)
        self.an.refresh_from_db()
        self.assertEqual(self.an.unit, self.factory)
        self.assertEqual(
            list(self.an.affiliations.values_list("unit_id", "valid_from", "valid_to", "end")),
            [(self.school.pk, dt.date(2015, 3, 1), MOVE, "transfer"), (self.factory.pk, MOVE, None, "")],
        )

    def test_a_member_counts_only_from_the_day_they_joined_and_until_they_left(self):
        self.assertEqual(member_count(self.school, on=dt.date(2020, 9, 4)), 1)
        self.assertEqual(member_count(self.school, on=dt.date(2020, 9, 5)), 2)
        leave_member(member=self.binh, on=AFTER, reason="job_ended")
        self.assertEqual(member_count(self.school, on=AFTER - dt.timedelta(days=1)), 2)
        self.assertEqual(member_count(self.school, on=AFTER), 1)
        self.binh.refresh_from_db()
        self.assertEqual(self.binh.status, "left")

    def test_counts_follow_the_tree_as_of_the_date(self):
        # The factory moves to the other province on 01/7/2025: before that it counted in An Bình.
        from trienkhai.orgs.workflow import move_unit

        move_unit(unit=self.factory, new_parent=self.other_province, on=dt.date(2025, 7, 1))
        self.assertEqual(member_count(self.province, on=AFTER), 3)
        self.assertEqual(member_count(self.province, on=dt.date(2025, 7, 1)), 2)
        self.assertEqual(member_count(self.other_province, on=dt.date(2025, 7, 1)), 1)

    def test_a_transfer_dated_before_the_current_stint_is_refused(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            transfer_member(member=self.binh, to_unit=self.factory, on=dt.date(2019, 1, 1))
        self.assertEqual(Affiliation.objects.filter(member=self.binh).count(), 1)


class RegisterPageTests(DailyWorld):
    def test_cdcs_chair_sees_own_register_as_of_a_date_and_it_is_logged(self):
        self.login(self.cdcs_hoa)
        response = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/?ngay=01/01/2019")
        self.assertContains(response, "Nguyễn Văn An")
        self.assertNotContains(response, "Trần Thị Bình")  # joined in 2020
        entry = DataAccess.objects.get(action="list")
        self.assertEqual((entry.user, entry.unit, entry.records), (self.cdcs_hoa, self.school, 1))

    def test_name_search_is_posted_never_in_the_address(self):
        self.login(self.officer_minh)
        url = f"/doan-vien/don-vi/{self.commune.pk}/"
        response = self.client.post(url, {"q": "cuong"})
        self.assertContains(response, "Lê Văn Cường")
        self.assertNotContains(response, "Nguyễn Văn An")
        for page_url in (
            url,
            f"/doan-vien/{self.an.pk}/",
            f"/doan-vien/don-vi/{self.commune.pk}/?tu=01/01/2015&den=31/12/2025&loai=moi",
        ):
            page = self.client.get(page_url).content.decode()
            links = [unquote(u) for u in re.findall(r'(?:href|action|hx-post|hx-get|src)="([^"]*)"', page)]
            self.assertTrue(links)
            for member in Member.objects.all():
                for secret in filter(None, [member.full_name, member.card_number, member.phone]):
                    for link in links:
                        self.assertNotIn(fold(secret), fold(link), page_url)

    def test_member_page_is_404_outside_the_tree(self):
        for user in (self.cdcs_dung, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/").status_code, 404)
            self.assertEqual(self.client.get(f"/doan-vien/don-vi/{self.school.pk}/").status_code, 404)
        for user in (self.cdcs_hoa, self.officer_minh, self.chairwoman_lan, self.viewer):
            self.login(user)
            self.assertContains(self.client.get(f"/doan-vien/{self.an.pk}/"), "Nguyễn Văn An")

    def test_after_a_transfer_the_old_cdcs_no_longer_sees_the_member(self):
        self.login(self.officer_minh)
        response = self.client.post(
            f"/doan-vien/{self.an.pk}/chuyen-sinh-hoat/", {"to_unit": self.factory.pk, "on": "01/03/2025"}
        )
        self.assertEqual(response.status_code, 302)
        self.login(self.cdcs_hoa)
        self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/").status_code, 404)
        self.login(self.cdcs_dung)
        self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/").status_code, 200)

    def test_bad_transfer_and_leave_input_gets_a_message_and_changes_nothing(self):
        self.login(self.cdcs_hoa)
        bad = [
            ("chuyen-sinh-hoat", {"to_unit": "KHONG-CO", "on": "01/03/2025"}, "không có trong danh sách"),
            ("chuyen-sinh-hoat", {"to_unit": "", "on": "01/03/2025"}, "Hãy chọn CĐCS nơi chuyển đến"),
            (
                "chuyen-sinh-hoat",
                {"to_unit": self.commune.pk, "on": "01/03/2025"},
                "không có trong danh sách",
            ),
            ("chuyen-sinh-hoat", {"to_unit": self.factory.pk, "on": "31/02/2025"}, "Ngày không hợp lệ"),
            ("ra-khoi-to-chuc", {"on": "01/01/2000", "reason": "retired"}, "phải sau ngày bắt đầu"),
            ("ra-khoi-to-chuc", {"on": "01/01/2025", "reason": "bay-ba"}, "Hãy chọn"),
        ]
        for action, data, message in bad:
            response = self.client.post(f"/doan-vien/{self.an.pk}/{action}/", data)
            self.assertContains(response, message, status_code=400)
        self.assertEqual(self.an.affiliations.count(), 1)

    def test_adding_a_member_from_the_commune_picks_the_cdcs(self):
        self.login(self.officer_minh)
        data = {
            "entry": "record",
            "unit": self.factory.pk,
            "full_name": "Võ Thị Dung",
            "birth_year": "1999",
            "sex": "female",
            "card_number": "7900000001",  # An's card
            "joined_on": "02/01/2026",
        }
        response = self.client.post(f"/doan-vien/don-vi/{self.commune.pk}/them/", data)
        self.assertContains(response, "đã có trong sổ", status_code=400)
        data["card_number"] = "7900000009"
        response = self.client.post(f"/doan-vien/don-vi/{self.commune.pk}/them/", data)
        member = Member.objects.get(card_number="7900000009")
        self.assertRedirects(response, f"/doan-vien/{member.pk}/")
        self.assertEqual(member.unit, self.factory)
        # The other province's CĐCS is not offered, whatever is posted.
        data.update(unit=self.other_cdcs.pk, card_number="7900000010")
        self.assertEqual(
            self.client.post(f"/doan-vien/don-vi/{self.commune.pk}/them/", data).status_code, 400
        )


class PersonalDataGuardTests(DailyWorld):
    """Issue 26 (8): a read-only viewer cannot harvest the register."""

    def test_a_viewer_sees_no_card_or_phone_numbers(self):
        self.login(self.viewer)
        register = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/")
        self.assertContains(register, "Nguyễn Văn An")
        self.assertNotContains(register, "7900000001")
        record = self.client.get(f"/doan-vien/{self.an.pk}/")
        self.assertNotContains(record, "7900000001")
        self.assertNotContains(record, "0912345678")
        self.assertContains(record, "chỉ hiện với cán bộ được giao")

    def test_write_roles_still_see_card_and_phone(self):
        self.login(self.cdcs_hoa)
        self.assertContains(self.client.get(f"/doan-vien/don-vi/{self.school.pk}/"), "7900000001")
        self.assertContains(self.client.get(f"/doan-vien/{self.an.pk}/"), "0912345678")

    def test_a_viewer_cannot_find_a_member_by_card_number(self):
        self.login(self.viewer)
        response = self.client.post(f"/doan-vien/don-vi/{self.commune.pk}/", {"q": "7900000003"})
        self.assertNotContains(response, "Lê Văn Cường")
        self.login(self.officer_minh)
        response = self.client.post(f"/doan-vien/don-vi/{self.commune.pk}/", {"q": "7900000003"})
        self.assertContains(response, "Lê Văn Cường")

    @override_settings(MEMBER_PAGES_PER_MINUTE=3)
    def test_paging_faster_than_the_limit_gets_a_vietnamese_429_page(self):
        self.login(self.viewer)
        url = f"/doan-vien/don-vi/{self.province.pk}/"
        for _ in range(2):
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/").status_code, 200)
        response = self.client.get(url)
        self.assertContains(response, "Bạn đang mở dữ liệu đoàn viên quá nhanh", status_code=429)
        self.assertNotContains(response, "Nguyễn Văn An", status_code=429)
        self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/").status_code, 429)
        self.assertEqual(DataAccess.objects.filter(user=self.viewer).count(), 3)  # refused pages show nothing
        self.login(self.cdcs_hoa)  # another user is not slowed down
        self.assertEqual(self.client.get(f"/doan-vien/{self.an.pk}/").status_code, 200)

    @override_settings(MEMBER_BULK_READ_RECORDS=4)
    def test_a_bulk_read_is_reported_to_the_units_chair_once(self):
        self.login(self.viewer)
        for _ in range(4):  # 3 members a page: the 3rd page passes 4 records
            self.client.get(f"/doan-vien/don-vi/{self.province.pk}/")
        told = Notification.objects.filter(verb="member_bulk_read")
        self.assertEqual(list(told.values_list("user__username", flat=True)), ["chairwoman_lan"])
        self.assertIn("Thu", told.get().text)

    def test_members_who_left_beyond_the_retention_period_are_anonymised(self):
        leave_member(member=self.an, on=dt.date(2019, 6, 1), reason="retired")
        leave_member(member=self.binh, on=dt.date(2024, 6, 1), reason="job_ended")
        before = member_count(self.school, on=dt.date(2019, 1, 1))
        self.assertEqual(anonymise_departed(on=dt.date(2025, 1, 1), years=5), 1)
        self.an.refresh_from_db()
        self.assertEqual(self.an.full_name, f"Đoàn viên đã rời #{self.an.pk}")
        self.assertEqual((self.an.card_number, self.an.phone), ("", ""))
        self.assertEqual(
            (self.an.unit, self.an.status, self.an.left_on), (self.school, "left", dt.date(2019, 6, 1))
        )
        self.assertEqual(member_count(self.school, on=dt.date(2019, 1, 1)), before)  # the past still counts
        self.binh.refresh_from_db()
        self.assertEqual(self.binh.full_name, "Trần Thị Bình")  # left 7 months ago: kept
        self.assertEqual(anonymise_departed(on=dt.date(2025, 1, 1), years=5), 0)  # once

    @override_settings(MEMBER_RETENTION_YEARS=5)
    def test_the_daily_job_anonymises(self):
        leave_member(member=self.an, on=dt.date(2019, 6, 1), reason="retired")
        out = io.StringIO()
        call_command("daily_work", "--date", "2026-01-01", stdout=out)
        self.assertIn("trienkhai.members.daily: 1", out.getvalue())
        self.assertFalse(Member.objects.filter(full_name="Nguyễn Văn An").exists())


class TransferPickerTests(DailyWorld):
    """Issue 26 (9): the destination is picked by name, among the CĐCS within reach."""

    def test_the_picker_finds_a_cdcs_by_name_without_accents(self):
        self.login(self.cdcs_hoa)
        response = self.client.get(f"/doan-vien/{self.an.pk}/chuyen-sinh-hoat/don-vi/", {"q": "cong ty may"})
        self.assertContains(response, f'value="{self.factory.pk}"')
        self.assertContains(response, "Công đoàn Công ty May Hòa Lạc")
        self.assertNotContains(response, self.school.name)  # not to where the member already is

    def test_the_picker_offers_no_cdcs_outside_the_users_reach(self):
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/doan-vien/{self.an.pk}/")
        self.assertContains(page, f'<option value="{self.factory.pk}"')  # a neighbour under the same union
        self.assertNotContains(page, "Bệnh viện Bắc Sơn")
        found = self.client.get(f"/doan-vien/{self.an.pk}/chuyen-sinh-hoat/don-vi/", {"q": "bac son"})
        self.assertNotContains(found, "Bệnh viện Bắc Sơn")
        refused = self.client.post(
            f"/doan-vien/{self.an.pk}/chuyen-sinh-hoat/", {"to_unit": self.other_cdcs.pk, "on": "01/03/2025"}
        )
        self.assertContains(refused, "không có trong danh sách", status_code=400)
        self.assertEqual(self.an.affiliations.count(), 1)

    def test_a_transfer_picked_by_name_moves_the_member(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/doan-vien/{self.an.pk}/chuyen-sinh-hoat/", {"to_unit": self.factory.pk, "on": "01/03/2025"}
        )
        self.assertEqual(response.status_code, 302)
        self.an.refresh_from_db()
        self.assertEqual(self.an.unit, self.factory)


class ExportRuleTests(DailyWorld):
    def export(self, unit):
        return self.client.post(
            f"/doan-vien/don-vi/{unit.pk}/xuat-excel/", {"purpose": "report", "note": "Đối chiếu"}
        )

    def test_write_roles_of_the_unit_and_above_export_with_a_stated_purpose(self):
        for user in (self.cdcs_hoa, self.officer_minh, self.chairwoman_lan):
            self.login(user)
            response = self.export(self.school)
            self.assertEqual(response.status_code, 200, user)
            ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
            rows = [[c for c in r] for r in ws.iter_rows(min_row=2, values_only=True)]
            self.assertEqual(sorted(r[0] for r in rows), ["Nguyễn Văn An", "Trần Thị Bình"])
        logged = DataAccess.objects.filter(action="export")
        self.assertEqual(logged.count(), 3)
        self.assertTrue(all("Đối chiếu" in e.purpose and e.records == 2 for e in logged))

    def test_viewers_below_and_outside_cannot_export(self):
        for user in (self.viewer, self.cdcs_dung, self.outsider):
            self.login(user)
            self.assertEqual(self.export(self.school).status_code, 404, user)
        # The CĐCS chair cannot export the commune's register (a unit above their own).
        self.login(self.cdcs_hoa)
        self.assertEqual(self.export(self.commune).status_code, 404)
        self.assertFalse(DataAccess.objects.filter(action="export").exists())

    def test_an_export_without_a_purpose_is_refused(self):
        self.login(self.officer_minh)
        response = self.client.post(f"/doan-vien/don-vi/{self.school.pk}/xuat-excel/", {"purpose": "tò mò"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response["Content-Type"])
        self.assertFalse(DataAccess.objects.filter(action="export").exists())

    def test_the_access_log_is_for_write_roles(self):
        self.login(self.cdcs_hoa)
        self.client.get(f"/doan-vien/{self.an.pk}/")
        self.assertContains(self.client.get(f"/doan-vien/don-vi/{self.school.pk}/nhat-ky/"), "Xem hồ sơ")
        self.login(self.viewer)
        self.assertEqual(self.client.get(f"/doan-vien/don-vi/{self.school.pk}/nhat-ky/").status_code, 404)
