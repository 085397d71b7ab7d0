"""My notification settings (issue 24): verifying an e-mail address by a signed link and a phone number
by a code (Zalo first, SMS when the number has no Zalo), the channel table, quiet hours, the daily digest,
a unit's defaults for its subtree, and the delivery log scoped to an administrator's subtree."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trienkhai.core.delivery import DEFAULT_ORDER, preferences, send_digests
from trienkhai.core.models import Delivery, NotificationSettings
from trienkhai.core.notify import notify
from trienkhai.orgs.models import NotificationDefaults

from .channels_world import ChannelWorld, run_worker

SETTINGS = "/thong-bao/cai-dat/"


class EmailVerificationTests(ChannelWorld):
    def link_in_letter(self) -> str:
        run_worker()
        match = re.search(
            r"https://trienkhai\.example\.vn(/thong-bao/cai-dat/thu/xac-nhan/\S+/)",
            self.smtp.messages[-1]["body"],
        )
        assert match, self.smtp.messages
        return match.group(1)

    def test_the_signed_link_verifies_the_address_on_a_post(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(SETTINGS + "thu/", {"email": "hoa@truong.vn"})
        self.assertRedirects(response, SETTINGS)
        assert Delivery.objects.get(user=self.cdcs_hoa).kind == "verify_email"
        link = self.link_in_letter()
        assert self.smtp.messages[-1]["to"] == ["hoa@truong.vn"]
        self.assertContains(self.client.get(link), "Xác nhận địa chỉ này")
        assert (
            NotificationSettings.objects.get(user=self.cdcs_hoa).email_verified_at is None
        )  # a GET changes nothing
        self.client.post(link)
        assert NotificationSettings.objects.get(user=self.cdcs_hoa).email_verified_at is not None
        self.assertContains(self.client.get(SETTINGS), "hoa@truong.vn đã xác nhận")

    def test_a_link_opened_by_another_account_verifies_nothing(self):
        self.login(self.cdcs_hoa)
        self.client.post(SETTINGS + "thu/", {"email": "hoa@truong.vn"})
        link = self.link_in_letter()
        self.login(self.officer_minh)
        response = self.client.post(link, follow=True)
        self.assertContains(response, "không dành cho địa chỉ thư hiện tại")
        assert NotificationSettings.objects.get(user=self.cdcs_hoa).email_verified_at is None

    def test_a_mistyped_address_gets_a_vietnamese_message_and_stays_in_the_box(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(SETTINGS + "thu/", {"email": "hoa@truong"})
        self.assertContains(response, "Địa chỉ thư điện tử không hợp lệ", status_code=400)
        self.assertContains(response, 'value="hoa@truong"', status_code=400)
        assert not Delivery.objects.exists()


class PhoneVerificationTests(ChannelWorld):
    def code_sent(self) -> str:
        run_worker()
        texts = [s["template_data"]["noi_dung"] for s in self.zalo.sent] + [
            s["message"] for s in self.sms.sent
        ]
        return re.search(r"\b(\d{6})\b", texts[-1]).group(1)

    def test_the_code_goes_by_zalo_and_verifies_the_number(self):
        self.login(self.cdcs_hoa)
        self.client.post(SETTINGS + "dien-thoai/", {"phone": "0912 345 678"})
        code = self.code_sent()
        assert self.zalo.sent[-1]["template_id"] == "1009" and self.zalo.sent[-1]["phone"] == "84912345678"
        delivery = Delivery.objects.get(user=self.cdcs_hoa)
        assert code not in delivery.text  # the log does not keep the code
        response = self.client.post(SETTINGS + "dien-thoai/ma/", {"code": code})
        self.assertRedirects(response, SETTINGS)
        own = NotificationSettings.objects.get(user=self.cdcs_hoa)
        assert own.phone == "0912345678" and own.phone_verified_at is not None

    def test_a_number_without_zalo_gets_its_code_by_sms(self):
        self.zalo.no_zalo = {"84912345678"}
        self.login(self.cdcs_hoa)
        self.client.post(SETTINGS + "dien-thoai/", {"phone": "0912345678"})
        code = self.code_sent()
        assert [d.channel for d in Delivery.objects.filter(user=self.cdcs_hoa).order_by("pk")] == [
            "zns",
            "sms",
        ]
        self.client.post(SETTINGS + "dien-thoai/ma/", {"code": code})
        assert NotificationSettings.objects.get(user=self.cdcs_hoa).phone_verified_at is not None

    def test_wrong_codes_are_counted_and_refused_after_the_limit(self):
        self.login(self.cdcs_hoa)
        self.client.post(SETTINGS + "dien-thoai/", {"phone": "0912345678"})
        code = self.code_sent()
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        response = self.client.post(SETTINGS + "dien-thoai/ma/", {"code": wrong})
        self.assertContains(response, "Mã không đúng; còn 4 lần thử.", status_code=400)
        for _ in range(4):
            self.client.post(SETTINGS + "dien-thoai/ma/", {"code": wrong})
        response = self.client.post(SETTINGS + "dien-thoai/ma/", {"code": code})
        self.assertContains(response, "Đã nhập sai quá số lần cho phép", status_code=400)
        assert NotificationSettings.objects.get(user=self.cdcs_hoa).phone_verified_at is None

    def test_an_impossible_number_is_refused_with_a_vietnamese_message(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(SETTINGS + "dien-thoai/", {"phone": "12345"})
        self.assertContains(response, "Số điện thoại không hợp lệ", status_code=400)


class ChoicesTests(ChannelWorld):
    def test_the_channel_table_saves_each_kind_in_the_users_order(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            SETTINGS + "kenh/",
            {
                "deadline_1": "zns",
                "deadline_2": "email",
                "deadline_3": "zns",
                "returned_1": "none",
                "approved_1": "",
            },
        )
        self.assertRedirects(response, SETTINGS)
        own = NotificationSettings.objects.get(user=self.cdcs_hoa)
        assert own.channels == {"deadline": ["zns", "email"], "returned": []}

    def test_half_of_the_quiet_hours_is_refused(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(SETTINGS + "kenh/", {"quiet_start": "22:00", "deadline_1": "sms"})
        self.assertContains(response, "Nhập cả giờ bắt đầu và giờ kết thúc", status_code=400)
        self.assertContains(response, 'value="22:00"', status_code=400)
        assert not NotificationSettings.objects.filter(user=self.cdcs_hoa).exists()

    def test_quiet_hours_hold_the_delivery_until_they_end(self):
        now = timezone.localtime()
        start, end = (now - dt.timedelta(hours=1)).time(), (now + dt.timedelta(hours=1)).time()
        self.reach(
            self.cdcs_hoa, email="hoa@truong.vn", quiet_start=start, quiet_end=end, chose_schedule=True
        )
        notify(users=[self.cdcs_hoa], verb="reminder", text="Nhắc hạn.", url="/", key="q1")
        delivery = Delivery.objects.get(user=self.cdcs_hoa)
        held = (timezone.localtime(delivery.not_before) - now).total_seconds()
        assert 3500 < held < 3700
        assert run_worker(travel=False) == 0 and self.smtp.messages == []
        run_worker()  # the night passes
        assert len(self.smtp.messages) == 1

    def test_the_digest_gathers_the_days_notifications_into_one_message(self):
        self.reach(self.cdcs_hoa, email="hoa@truong.vn", digest=True, chose_schedule=True)
        for i in range(3):
            notify(users=[self.cdcs_hoa], verb="reminder", text=f"Nhắc hạn số {i + 1}.", url="/", key=f"d{i}")
        assert not Delivery.objects.exists()
        assert send_digests() == 1
        run_worker()
        [letter] = self.smtp.messages
        assert "3 thông báo mới" in letter["body"] and "Nhắc hạn số 3." in letter["body"]
        assert send_digests() == 0  # nothing new since


class UnitDefaultsTests(ChannelWorld):
    def test_the_nearest_unit_above_decides_for_those_who_did_not_choose(self):
        NotificationDefaults.objects.create(unit=self.province, channels={"deadline": ["sms"]}, digest=True)
        NotificationDefaults.objects.create(unit=self.commune, channels={"deadline": ["zns", "email"]})
        assert preferences(self.cdcs_hoa).order("deadline") == ["zns", "email"]
        assert preferences(self.officer_minh).order("deadline") == ["zns", "email"]
        assert preferences(self.chairwoman_lan).order("deadline") == ["sms"]
        assert preferences(self.chairwoman_lan).digest
        assert preferences(self.outsider).order("deadline") == list(DEFAULT_ORDER)

    def test_the_users_own_choice_beats_the_units(self):
        NotificationDefaults.objects.create(
            unit=self.commune, channels={"deadline": ["zns"], "returned": ["sms"]}
        )
        self.reach(self.cdcs_hoa, channels={"deadline": ["email"]})
        prefs = preferences(self.cdcs_hoa)
        assert prefs.order("deadline") == ["email"] and prefs.order("returned") == ["sms"]

    def test_saving_only_an_address_keeps_the_units_quiet_hours_and_digest(self):
        NotificationDefaults.objects.create(
            unit=self.commune, quiet_start=dt.time(21, 0), quiet_end=dt.time(6, 0), digest=True
        )
        self.login(self.cdcs_hoa)
        self.client.post(SETTINGS + "thu/", {"email": "hoa@truong.vn"})
        prefs = preferences(self.cdcs_hoa)
        assert prefs.own is not None and prefs.quiet == (dt.time(21, 0), dt.time(6, 0)) and prefs.digest
        self.client.post(SETTINGS + "kenh/", {"quiet_start": "", "quiet_end": ""})
        prefs = preferences(self.cdcs_hoa)
        assert prefs.quiet == (None, None) and not prefs.digest

    def test_a_writer_of_the_unit_sets_the_defaults_through_its_page(self):
        self.login(self.officer_minh)
        url = f"/don-vi/{self.commune.pk}/mac-dinh-thong-bao/"
        self.assertContains(self.client.get(url), "Mặc định thông báo")
        response = self.client.post(
            url, {"deadline_1": "zns", "deadline_2": "sms", "quiet_start": "21:30", "quiet_end": "6:00"}
        )
        self.assertRedirects(response, url)
        row = NotificationDefaults.objects.get(unit=self.commune)
        assert row.channels == {"deadline": ["zns", "sms"]}
        assert (row.quiet_start, row.quiet_end, row.updated_by) == (
            dt.time(21, 30),
            dt.time(6, 0),
            self.officer_minh,
        )
        self.assertContains(self.client.get(SETTINGS), "Công đoàn xã Hòa Lạc")


class DeliveryLogTests(ChannelWorld):
    def deliveries(self, user, n: int) -> None:
        for i in range(n):
            Delivery.objects.create(
                user=user, channel="sms", recipient=f"09{i:08d}", kind="deadline", state="sent"
            )

    def test_an_officer_reads_the_deliveries_of_their_subtree_only(self):
        self.deliveries(self.cdcs_hoa, 1)
        self.deliveries(self.outsider, 1)
        Delivery.objects.create(
            user=self.cdcs_hoa,
            channel="zns",
            recipient="0912345678",
            kind="returned",
            state="failed",
            last_error="Zalo ZNS -118",
        )
        self.login(self.officer_minh)
        page = self.client.get("/thong-bao/nhat-ky-gui/")
        self.assertContains(page, '<tr id="delivery-', count=2)  # a row each (and a card each, for phones)
        self.assertContains(page, "Đỗ Thị Hoa")
        self.assertNotContains(page, "Ngô Văn Khách")
        failed = self.client.get("/thong-bao/nhat-ky-gui/?kenh=zns&trang-thai=failed")
        self.assertContains(failed, "Zalo ZNS -118")
        self.assertContains(failed, '<tr id="delivery-', count=1)

    def test_a_cdcs_chair_has_no_delivery_log(self):
        self.login(self.cdcs_hoa)
        assert self.client.get("/thong-bao/nhat-ky-gui/").status_code == 404
        self.assertNotContains(self.client.get(SETTINGS), 'id="delivery-log-link"')

    def test_the_log_costs_the_same_queries_for_3_and_60_rows(self):
        self.login(self.officer_minh)
        self.deliveries(self.cdcs_hoa, 3)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/thong-bao/nhat-ky-gui/")
        self.deliveries(self.cdcs_hoa, 57)
        with CaptureQueriesContext(connection) as many:
            self.client.get("/thong-bao/nhat-ky-gui/")
        assert len(few) == len(many)
