"""Worker concerns: the anonymous concern followed by its code, bad input and floods on the public form
(never a 500, never junk stored), the SLA escalation with a fixed clock, and the QR code."""

from __future__ import annotations

import datetime as dt
import time
from unittest import mock

from django.core import signing
from django.test import override_settings
from django.utils import timezone

from trienkhai.concerns import guard
from trienkhai.concerns.models import Concern, ConcernBox, ConcernCategory, ensure_default_categories
from trienkhai.concerns.workflow import escalate_overdue, file_concern
from trienkhai.core.models import Notification

from .daily_world import DailyWorld


def old_token(seconds: int = 60) -> str:
    return signing.dumps(int(time.time()) - seconds, salt=guard.TOKEN_SALT)


class ConcernWorld(DailyWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.box = ConcernBox.objects.create(unit=cls.school)
        ensure_default_categories()
        cls.safety = ConcernCategory.objects.get(name="An toàn, vệ sinh lao động")  # 3 days

    def form_url(self) -> str:
        return f"/gop-y/{self.box.key}/"

    def send(self, remote: str = "127.0.0.1", **data):
        payload = {
            "category": self.safety.pk,
            "text": "Quạt hút bụi hỏng cả tháng nay, anh em bị ho.",
            "anonymous": "on",
            "token": old_token(),
        }
        payload.update(data)
        return self.client.post(self.form_url(), payload, REMOTE_ADDR=remote)


class PublicFormTests(ConcernWorld):
    def test_an_anonymous_concern_is_followed_by_its_code(self):
        self.client.logout()
        form = self.client.get(self.form_url())
        self.assertContains(form, "Công đoàn Trường Tiểu học Hòa Lạc")
        response = self.send(name="Tên Không Được Lưu", contact="0900000000")
        self.assertRedirects(response, f"/gop-y/{self.box.key}/da-gui/", fetch_redirect_response=False)
        concern = Concern.objects.get()
        self.assertEqual((concern.anonymous, concern.name, concern.contact), (True, "", ""))
        self.assertNotIn(concern.code, response["Location"])
        thanks = self.client.get(response["Location"])
        self.assertContains(thanks, concern.code)
        self.assertNotContains(self.client.get(response["Location"]), concern.code)  # shown once

        status = self.client.post("/gop-y/tra-cuu/", {"code": concern.code.lower().replace("-", " ")})
        self.assertContains(status, "Đã tiếp nhận")
        self.assertContains(status, "Quạt hút bụi")
        self.assertEqual(Notification.objects.filter(user=self.cdcs_hoa, verb="concern_filed").count(), 1)

        self.login(self.cdcs_hoa)
        self.client.post(f"/tam-tu/{concern.pk}/tra-loi/", {"answer": "Công ty thay quạt mới vào thứ Hai."})
        self.client.post(
            f"/tam-tu/{concern.pk}/theo-doi/",
            {"note": "Giám đốc hứa, nhưng phải kiểm tra lại.", "status": ""},
        )
        self.client.logout()
        status = self.client.post("/gop-y/tra-cuu/", {"code": concern.code})
        self.assertContains(status, "Đã trả lời")
        self.assertContains(status, "Công ty thay quạt mới vào thứ Hai.")
        self.assertNotContains(status, "phải kiểm tra lại")  # an internal note

    def test_a_named_concern_keeps_the_name_for_the_union_only(self):
        self.send(anonymous="", name="Nguyễn Thị Thu", contact="0911222333")
        concern = Concern.objects.get()
        self.login(self.officer_minh)
        self.assertContains(self.client.get(f"/tam-tu/{concern.pk}/"), "Nguyễn Thị Thu")
        self.client.logout()
        self.assertNotContains(self.client.post("/gop-y/tra-cuu/", {"code": concern.code}), "0911222333")

    @override_settings(CONCERN_LIMIT_PER_SENDER_HOUR=100)
    def test_bad_input_is_a_clear_message_and_stores_nothing(self):
        cases = [
            ({"category": ""}, "Hãy chọn một mục."),
            ({"category": "999999"}, "Hãy chọn một mục trong danh sách."),
            ({"category": "abc"}, "Hãy chọn một mục trong danh sách."),
            ({"text": ""}, "Hãy viết nội dung."),
            ({"text": "ngắn"}, "Nội dung quá ngắn"),
            ({"text": "x" * 3001}, "Nội dung dài quá 3000 ký tự"),
            ({"text": "aaaa aaaa aaaa aaaa"}, "Nội dung chưa đọc được"),
            ({"anonymous": "", "name": ""}, "Hãy ghi họ tên"),
            (
                {"text": "Nội dung có ký tự NUL\x00 ở giữa câu", "category": "x\x00"},
                "Hãy chọn một mục trong danh sách.",
            ),
        ]
        for data, message in cases:
            response = self.send(**data)
            self.assertContains(response, message, status_code=400)
            self.assertContains(response, 'name="token"', status_code=400)  # the form comes back filled in
        self.assertFalse(Concern.objects.exists())

    def test_unknown_or_closed_boxes_and_bad_codes_are_404_or_messages(self):
        self.assertEqual(self.client.get("/gop-y/khong-co-hop-thu/").status_code, 404)
        ConcernBox.objects.filter(pk=self.box.pk).update(active=False)
        self.assertEqual(self.client.get(self.form_url()).status_code, 404)
        for code in ("", "TT-", "DROP TABLE", "TT-AAAA-AAA0", "x" * 500):
            response = self.client.post("/gop-y/tra-cuu/", {"code": code})
            self.assertEqual(response.status_code, 400, code)
        self.assertContains(
            self.client.post("/gop-y/tra-cuu/", {"code": "TT-AAAA-BBBB"}), "Không tìm thấy", status_code=400
        )

    def test_an_instant_post_is_held_for_review_and_the_sender_is_told(self):
        response = self.send(token=signing.dumps(int(time.time()), salt=guard.TOKEN_SALT))
        self.assertRedirects(response, f"/gop-y/{self.box.key}/da-gui/", fetch_redirect_response=False)
        concern = Concern.objects.get()  # kept, never dropped: a fast typist is a person too
        self.assertEqual((concern.status, concern.held_reason), ("held", "too_fast"))
        thanks = self.client.get(response["Location"])
        self.assertContains(thanks, concern.code)
        self.assertContains(thanks, "đang chờ cán bộ công đoàn xem xét")

    def test_a_filled_honeypot_is_held_for_review_not_dropped(self):
        self.send(website="http://spam.example")
        self.assertEqual(Concern.objects.get().held_reason, "honeypot")

    def test_a_held_concern_is_not_a_case_until_released(self):
        self.send(token=signing.dumps(int(time.time()), salt=guard.TOKEN_SALT))
        concern = Concern.objects.get()
        self.assertEqual(Notification.objects.filter(verb="concern_filed").count(), 0)
        self.assertTrue(Notification.objects.filter(user=self.cdcs_hoa, verb="concern_held").exists())
        self.assertEqual(escalate_overdue(on=concern.due_on + dt.timedelta(days=30)), 0)
        self.login(self.cdcs_hoa)
        self.assertNotContains(self.client.get("/tam-tu/"), f"/tam-tu/{concern.pk}/")
        self.assertNotContains(self.client.get("/tam-tu/?loc=tat-ca"), f"/tam-tu/{concern.pk}/")
        self.assertContains(self.client.get("/tam-tu/?loc=cho-xem-xet"), f"/tam-tu/{concern.pk}/")
        self.assertNotContains(self.client.get("/"), f"/tam-tu/{concern.pk}/")
        refused = self.client.post(f"/tam-tu/{concern.pk}/tra-loi/", {"answer": "Trả lời trước khi xem xét"})
        self.assertEqual(refused.status_code, 302)
        self.assertEqual(Concern.objects.get().answer, "")

    def test_an_officer_releases_a_held_concern_and_its_deadline_starts(self):
        self.send(token=signing.dumps(int(time.time()), salt=guard.TOKEN_SALT))
        concern = Concern.objects.get()
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/tam-tu/{concern.pk}/")
        self.assertContains(page, "Xem xét trước khi tiếp nhận")
        self.client.post(f"/tam-tu/{concern.pk}/xem-xet/", {"decision": "release"})
        concern.refresh_from_db()
        self.assertEqual(concern.status, "new")
        self.assertEqual(concern.due_on, timezone.localdate() + dt.timedelta(days=3))
        self.assertTrue(Notification.objects.filter(user=self.cdcs_hoa, verb="concern_filed").exists())
        self.assertContains(self.client.get("/tam-tu/"), f"/tam-tu/{concern.pk}/")

    def test_a_discarded_concern_tells_the_sender_why(self):
        self.send(website="http://spam.example", text="Mua thuốc giá rẻ tại đây ngay hôm nay")
        concern = Concern.objects.get()
        self.login(self.viewer)
        self.assertEqual(
            self.client.post(f"/tam-tu/{concern.pk}/xem-xet/", {"decision": "release"}).status_code, 404
        )
        self.login(self.cdcs_hoa)
        no_reason = self.client.post(f"/tam-tu/{concern.pk}/xem-xet/", {"decision": "discard", "note": ""})
        self.assertContains(no_reason, "Hãy ghi lý do không tiếp nhận", status_code=400)
        self.client.post(f"/tam-tu/{concern.pk}/xem-xet/", {"decision": "discard", "note": "Quảng cáo"})
        self.client.logout()
        status = self.client.post("/gop-y/tra-cuu/", {"code": concern.code})
        self.assertContains(status, "Không tiếp nhận")
        self.assertContains(status, "Quảng cáo")

    def test_a_forged_or_stale_token_asks_to_send_again(self):
        response = self.send(token="giả-mạo")
        self.assertContains(response, "Trang đã mở quá lâu", status_code=400)
        self.assertContains(response, "Quạt hút bụi", status_code=400)
        self.assertFalse(Concern.objects.exists())

    @override_settings(CONCERN_LIMIT_PER_SENDER_HOUR=3)
    def test_a_flood_from_one_sender_is_cut_without_storing_junk(self):
        codes = [self.send(text=f"Ý kiến số {i} về an toàn lao động").status_code for i in range(6)]
        self.assertEqual(codes, [302, 302, 302, 429, 429, 429])
        self.assertEqual(Concern.objects.count(), 3)
        response = self.send(text="Một ý kiến nữa về an toàn lao động")
        self.assertContains(response, "đã gửi nhiều lần", status_code=429)
        self.assertContains(response, "Một ý kiến nữa", status_code=429)  # what was typed is not lost

    @override_settings(CONCERN_LIMIT_PER_UNIT_HOUR=4, CONCERN_LIMIT_PER_SENDER_HOUR=100)
    def test_past_the_cdcs_cap_concerns_are_held_for_review_not_refused(self):
        for i in range(8):
            response = self.client.post(
                self.form_url(),
                {
                    "category": self.safety.pk,
                    "text": f"Ý kiến số {i} về an toàn lao động",
                    "anonymous": "on",
                    "token": old_token(),
                },
                REMOTE_ADDR=f"10.0.0.{i}",
            )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(Concern.objects.received().count(), 4)
        self.assertEqual(Concern.objects.held().filter(held_reason="unit_limit").count(), 4)
        # A real worker after the flood: received and told, not turned away.
        response = self.send(text="Chị em ca đêm không có chỗ nghỉ", remote="10.9.9.9")
        thanks = self.client.get(response["Location"])
        self.assertContains(thanks, "đang chờ cán bộ công đoàn xem xét")
        self.assertTrue(Concern.objects.held().filter(text__startswith="Chị em ca đêm").exists())
        # Officers are told once an hour, not once per held concern.
        self.assertEqual(Notification.objects.filter(user=self.cdcs_hoa, verb="concern_held").count(), 1)

    @override_settings(CONCERN_LOOKUPS_PER_SENDER_HOUR=5)
    def test_code_guessing_is_rate_limited(self):
        statuses = [
            self.client.post("/gop-y/tra-cuu/", {"code": f"TT-AAAA-BBB{c}"}).status_code for c in "CDEFGHJ"
        ]
        self.assertEqual(statuses, [400] * 5 + [429] * 2)


class EscalationTests(ConcernWorld):
    def test_an_unanswered_concern_climbs_the_tree_with_a_fixed_clock(self):
        filed = dt.date(2026, 3, 2)  # a Monday; the safety category answers within 3 days
        concern = file_concern(
            box=self.box, category=self.safety, text="Quạt hút bụi hỏng.", anonymous=True, on=filed
        )
        self.assertEqual(concern.due_on, dt.date(2026, 3, 5))
        self.assertEqual(escalate_overdue(on=dt.date(2026, 3, 5)), 0)  # due today: not late yet
        self.assertEqual(escalate_overdue(on=dt.date(2026, 3, 6)), 1)
        concern.refresh_from_db()
        self.assertEqual(
            (concern.handler, concern.level, concern.due_on), (self.commune, 1, dt.date(2026, 3, 9))
        )
        told = set(
            Notification.objects.filter(verb="concern_escalated").values_list("user__username", flat=True)
        )
        self.assertEqual(told, {"officer_minh", "cdcs_hoa"})
        self.assertEqual(escalate_overdue(on=dt.date(2026, 3, 6)), 0)  # same day again: nothing
        self.assertEqual(escalate_overdue(on=dt.date(2026, 3, 10)), 1)
        concern.refresh_from_db()
        self.assertEqual(concern.handler, self.province)
        escalate_overdue(on=dt.date(2026, 3, 14))
        escalate_overdue(on=dt.date(2026, 3, 30))
        concern.refresh_from_db()
        self.assertEqual((concern.handler, concern.level), (self.federation, 3))  # the top: it stays there
        self.assertEqual(escalate_overdue(on=dt.date(2026, 5, 1)), 0)

    def test_an_answered_concern_does_not_escalate(self):
        concern = file_concern(
            box=self.box,
            category=self.safety,
            text="Thiếu nước uống.",
            anonymous=True,
            on=dt.date(2026, 3, 2),
        )
        self.login(self.cdcs_hoa)
        self.client.post(f"/tam-tu/{concern.pk}/tra-loi/", {"answer": "Đã lắp thêm bình nước."})
        self.assertEqual(escalate_overdue(on=dt.date(2026, 4, 1)), 0)

    def test_the_escalated_concern_is_on_the_commune_officers_home_and_answerable_there(self):
        concern = file_concern(
            box=self.box,
            category=self.safety,
            text="Thiếu nước uống.",
            anonymous=True,
            on=dt.date(2026, 3, 2),
        )
        escalate_overdue(on=dt.date(2026, 3, 6))
        self.login(self.officer_minh)
        with mock.patch("trienkhai.core.views.timezone.localdate", return_value=dt.date(2026, 3, 7)):
            home = self.client.get("/")
        self.assertContains(home, "Ý kiến người lao động chờ trả lời")
        self.assertContains(home, f"/tam-tu/{concern.pk}/")
        self.client.post(
            f"/tam-tu/{concern.pk}/tra-loi/", {"answer": "Công đoàn xã đã làm việc với nhà trường."}
        )
        concern.refresh_from_db()
        self.assertEqual(concern.status, "answered")
        self.assertEqual(concern.events.last().unit, self.commune)

    def test_the_daily_command_escalates(self):
        from io import StringIO

        from django.core.management import call_command

        file_concern(
            box=self.box,
            category=self.safety,
            text="Thiếu nước uống.",
            anonymous=True,
            on=dt.date(2026, 3, 2),
        )
        out = StringIO()
        call_command("daily_work", "--date", "2026-03-06", stdout=out)
        self.assertIn("trienkhai.concerns.daily: 1", out.getvalue())


class QrTests(ConcernWorld):
    def test_the_qr_code_points_at_the_form_as_svg_and_png(self):
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/tam-tu/don-vi/{self.school.pk}/ma-qr/")
        self.assertContains(page, f"/gop-y/{self.box.key}/")
        self.assertContains(page, "<svg")
        svg = self.client.get(f"/tam-tu/don-vi/{self.school.pk}/ma-qr.svg")
        self.assertEqual(svg["Content-Type"], "image/svg+xml")
        png = self.client.get(f"/tam-tu/don-vi/{self.school.pk}/ma-qr.png")
        self.assertTrue(png.content.startswith(b"\x89PNG"))
        self.assertEqual(self.client.get(f"/tam-tu/don-vi/{self.school.pk}/ma-qr.gif").status_code, 404)

    def test_replacing_the_key_retires_the_old_form(self):
        old = self.box.key
        self.login(self.cdcs_hoa)
        self.client.post(f"/tam-tu/don-vi/{self.school.pk}/ma-qr/")
        self.client.logout()
        self.assertEqual(self.client.get(f"/gop-y/{old}/").status_code, 404)
        self.assertEqual(self.client.get(f"/gop-y/{ConcernBox.objects.get().key}/").status_code, 200)

    def test_a_box_is_created_by_post_only_and_by_write_roles(self):
        self.login(self.officer_minh)
        self.assertEqual(self.client.get(f"/tam-tu/don-vi/{self.factory.pk}/ma-qr/").status_code, 200)
        self.assertFalse(ConcernBox.objects.filter(unit=self.factory).exists())
        self.login(self.viewer)
        self.assertEqual(self.client.post(f"/tam-tu/don-vi/{self.factory.pk}/ma-qr/").status_code, 404)
        self.login(self.cdcs_dung)
        self.client.post(f"/tam-tu/don-vi/{self.factory.pk}/ma-qr/")
        self.assertTrue(ConcernBox.objects.filter(unit=self.factory).exists())
