"""Notification channels end to end (issue 24): `notify()` queues a delivery, the task worker sends it to
the local fake provider (SMTP, Zalo, an SMS gateway, a Web Push service), and the delivery's states,
retries with back-off, fallback to the next channel and the flagging of a dead address are checked on
the rows and on what each fake received."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from trienkhai.core.channels.base import vn_phone
from trienkhai.core.channels.sms import one_segment, without_diacritics
from trienkhai.core.models import Delivery, Notification, NotificationSettings, PushSubscription, ZaloToken
from trienkhai.core.notify import notify

from .channels_world import ChannelWorld, run_worker

REMINDER = "Nhắc nộp báo cáo Công đoàn cơ sở quý IV — Công đoàn Trường Tiểu học Hòa Lạc (hạn 15/12/2026)."


class EmailChannelTests(ChannelWorld):
    def tell_hoa(self, key: str = "k1", verb: str = "reminder") -> Notification:
        notify(users=[self.cdcs_hoa], verb=verb, text=REMINDER, url="/bao-cao/", key=key)
        return Notification.objects.get(user=self.cdcs_hoa, key=key)

    def test_notify_only_queues_and_the_worker_sends_through_smtp(self):
        self.reach(self.cdcs_hoa, email="hoa@truong.vn", channels={"deadline": ["email"]})
        note = self.tell_hoa()
        delivery = Delivery.objects.get(notification=note)
        assert delivery.state == Delivery.State.QUEUED and self.smtp.messages == []
        assert run_worker() == 1
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.SENT and delivery.attempts == 1 and delivery.sent_at
        [letter] = self.smtp.messages
        assert letter["to"] == ["hoa@truong.vn"]
        assert "https://trienkhai.example.vn/bao-cao/" in letter["body"]
        note.refresh_from_db()
        assert note.emailed

    def test_smtp_4xx_is_retried_with_growing_back_off_then_sent(self):
        self.reach(self.cdcs_hoa, email="hoa@truong.vn", channels={"deadline": ["email"]})
        self.smtp.script = [451, 451]
        delivery = Delivery.objects.get(notification=self.tell_hoa())
        waits = []
        for _ in range(2):
            before = timezone.now()
            run_worker(limit=1, travel=True)
            delivery.refresh_from_db()
            assert delivery.state == Delivery.State.QUEUED and "451" in delivery.last_error
            waits.append(round((delivery.next_attempt_at - before).total_seconds()))
        assert waits == [60, 120]
        run_worker()
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.SENT and delivery.attempts == 3
        assert len(self.smtp.messages) == 1

    def test_smtp_server_down_for_good_fails_after_its_attempts_and_falls_back_to_sms(self):
        self.reach(
            self.cdcs_hoa, email="hoa@truong.vn", phone="0912345678", channels={"deadline": ["email", "sms"]}
        )
        self.smtp.down = True
        note = self.tell_hoa()
        run_worker()
        email, sms = Delivery.objects.filter(notification=note).order_by("pk")
        assert (email.channel, email.state, email.attempts) == ("email", "failed", 4)
        assert "421" in email.last_error
        assert (sms.channel, sms.state, sms.fallback_of_id) == ("sms", "sent", email.pk)
        assert self.sms.sent[0]["phone"] == "84912345678"
        own = NotificationSettings.objects.get(user=self.cdcs_hoa)
        assert own.email_failing == ""  # an outage is not the address's fault

    def test_a_mailbox_that_does_not_exist_is_flagged_on_the_settings_page_and_skipped_next_time(self):
        self.reach(
            self.cdcs_hoa,
            email="khong-co@truong.vn",
            phone="0912345678",
            channels={"deadline": ["email", "sms"]},
        )
        self.smtp.reject = {"khong-co@truong.vn"}
        note = self.tell_hoa()
        run_worker()
        email = Delivery.objects.get(notification=note, channel="email")
        assert (email.state, email.attempts) == ("failed", 1) and "550" in email.last_error
        assert Delivery.objects.get(notification=note, channel="sms").state == "sent"
        self.login(self.cdcs_hoa)
        page = self.client.get("/thong-bao/cai-dat/")
        self.assertContains(page, 'id="email-failing"')
        self.assertContains(page, "550")
        second = self.tell_hoa(key="k2")
        assert [d.channel for d in Delivery.objects.filter(notification=second)] == ["sms"]

    def test_an_address_entered_by_the_administrator_still_gets_mail_without_settings(self):
        self.cdcs_hoa.email = "hoa@example.vn"
        self.cdcs_hoa.save()
        self.tell_hoa()
        run_worker()
        assert self.smtp.messages[0]["to"] == ["hoa@example.vn"]


class ZaloChannelTests(ChannelWorld):
    def tell(self, key: str = "z1", verb: str = "reminder") -> Notification:
        notify(users=[self.cdcs_hoa], verb=verb, text=REMINDER, url="/bao-cao/1/", key=key)
        return Notification.objects.get(user=self.cdcs_hoa, key=key)

    def test_first_send_refreshes_the_token_and_posts_the_registered_template(self):
        self.reach(self.cdcs_hoa, phone="0912 345 678", channels={"deadline": ["zns"]})
        note = self.tell()
        run_worker()
        delivery = Delivery.objects.get(notification=note)
        assert (delivery.state, delivery.template) == ("sent", "1001")
        [sent] = self.zalo.sent
        assert sent["phone"] == "84912345678" and sent["template_id"] == "1001"
        assert sent["template_data"]["noi_dung"] == REMINDER
        assert sent["template_data"]["lien_ket"] == "https://trienkhai.example.vn/bao-cao/1/"
        assert sent["template_data"]["ten"] == "Đỗ Thị Hoa"
        assert sent["tracking_id"] == f"tk-{delivery.pk}" and delivery.provider_id == sent["msg_id"]
        token_call = self.zalo.received[0]
        assert (
            token_call["path"] == "/v4/oa/access_token"
            and token_call["headers"]["secret_key"] == "demo-secret"
        )
        stored = ZaloToken.objects.get()
        assert stored.refresh_token != "rt-0" and stored.refresh_token in self.zalo.refresh_tokens

    def test_a_token_zalo_no_longer_accepts_is_renewed_once_and_the_message_sent(self):
        self.reach(self.cdcs_hoa, phone="0912345678", channels={"deadline": ["zns"]})
        self.tell("z1")
        run_worker()
        self.zalo.expire_tokens()  # revoked before its expires_in
        note = self.tell("z2")
        run_worker()
        assert Delivery.objects.get(notification=note).state == "sent"
        assert self.zalo.refreshes == 2 and len(self.zalo.sent) == 2

    def test_a_token_about_to_expire_is_renewed_before_sending(self):
        self.reach(self.cdcs_hoa, phone="0912345678", channels={"deadline": ["zns"]})
        self.tell("z1")
        run_worker()
        ZaloToken.objects.update(expires_at=timezone.now() + dt.timedelta(minutes=2))
        self.tell("z2")
        run_worker()
        assert self.zalo.refreshes == 2
        assert not any('"error": -124' in r["body"].decode(errors="ignore") for r in self.zalo.received)

    def test_rate_limit_waits_at_least_what_zalo_asks(self):
        self.reach(self.cdcs_hoa, phone="0912345678", channels={"deadline": ["zns"]})
        with self.settings(DELIVERY_BACKOFF_SECONDS=1):
            note = self.tell()
            self.zalo.script = [None, 429]  # the token call passes, the send is rate-limited
            before = timezone.now()
            run_worker(limit=1)
            delivery = Delivery.objects.get(notification=note)
            assert delivery.state == "queued" and "429" in delivery.last_error
            assert (delivery.next_attempt_at - before).total_seconds() >= 2  # Retry-After: 2 beats 1 s
            run_worker()
        delivery.refresh_from_db()
        assert delivery.state == "sent" and delivery.attempts == 2

    def test_template_error_is_not_retried_and_falls_back_to_email(self):
        self.reach(
            self.cdcs_hoa, email="hoa@truong.vn", phone="0912345678", channels={"returned": ["zns", "email"]}
        )
        self.zalo.templates.discard("1002")
        try:
            note = self.tell(verb="returned")
            run_worker()
        finally:
            self.zalo.templates.add("1002")
        zns, email = Delivery.objects.filter(notification=note).order_by("pk")
        assert (zns.state, zns.attempts, zns.template) == ("failed", 1, "1002")
        assert "-109" in zns.last_error
        assert (email.channel, email.state) == ("email", "sent")
        assert NotificationSettings.objects.get(user=self.cdcs_hoa).zns_failing == ""

    def test_a_number_without_zalo_is_flagged_and_sms_takes_over(self):
        self.reach(self.cdcs_hoa, phone="0912345678", channels={"deadline": ["zns", "sms"]})
        self.zalo.no_zalo = {"84912345678"}
        note = self.tell()
        run_worker()
        zns, sms = Delivery.objects.filter(notification=note).order_by("pk")
        assert (zns.state, sms.channel, sms.state) == ("failed", "sms", "sent")
        own = NotificationSettings.objects.get(user=self.cdcs_hoa)
        assert "-118" in own.zns_failing and own.phone_failing == ""
        later = self.tell("z2")
        assert [d.channel for d in Delivery.objects.filter(notification=later)] == ["sms"]

    def test_zalo_outage_exhausts_the_retries_then_email_takes_over(self):
        self.reach(
            self.cdcs_hoa, email="hoa@truong.vn", phone="0912345678", channels={"deadline": ["zns", "email"]}
        )
        self.zalo.down = True
        note = self.tell()
        run_worker()
        zns, email = Delivery.objects.filter(notification=note).order_by("pk")
        assert (zns.state, zns.attempts) == ("failed", 4) and "503" in zns.last_error
        assert (email.state, self.smtp.messages[0]["to"]) == ("sent", ["hoa@truong.vn"])


class SmsChannelTests(ChannelWorld):
    def test_the_text_goes_without_diacritics_in_one_segment_and_keeps_the_link(self):
        self.reach(self.cdcs_hoa, phone="0912345678", channels={"deadline": ["sms"]})
        long_text = (
            REMINDER + " Đề nghị đồng chí hoàn thành và gửi lên Công đoàn xã Hòa Lạc đúng hạn để tổng hợp."
        )
        notify(users=[self.cdcs_hoa], verb="reminder", text=long_text, url="/bao-cao/7/", key="s1")
        run_worker()
        [sent] = self.sms.sent
        text = sent["message"]
        assert len(text) <= 160 and text.isascii()
        assert text.startswith("Nhac nop bao cao Cong doan co so quy IV")
        assert text.endswith("... https://trienkhai.example.vn/bao-cao/7/")
        assert sent["brandname"] == "CONGDOAN" and sent["phone"] == "84912345678"

    def test_gateway_outage_is_retried_and_then_sent(self):
        self.reach(self.cdcs_hoa, phone="0912345678", channels={"deadline": ["sms"]})
        self.sms.script = [503, 429]
        notify(users=[self.cdcs_hoa], verb="reminder", text="Nhắc hạn.", url="/", key="s2")
        run_worker()
        delivery = Delivery.objects.get(user=self.cdcs_hoa)
        assert (delivery.state, delivery.attempts) == ("sent", 3)
        assert "429" in delivery.last_error  # the last error stays on the row for the log

    def test_a_number_the_gateway_refuses_is_flagged(self):
        self.reach(self.cdcs_hoa, phone="0912345678", channels={"deadline": ["sms"]})
        self.sms.invalid = {"84912345678"}
        notify(users=[self.cdcs_hoa], verb="reminder", text="Nhắc hạn.", url="/", key="s3")
        run_worker()
        delivery = Delivery.objects.get(user=self.cdcs_hoa)
        assert (delivery.state, delivery.attempts) == ("failed", 1)
        assert "422" in NotificationSettings.objects.get(user=self.cdcs_hoa).phone_failing


class WebPushChannelTests(ChannelWorld):
    def subscribe(self, user):
        subscription = self.push.subscription()
        self.login(user)
        response = self.client.post(
            "/thong-bao/day/dang-ky/", json.dumps(subscription), content_type="application/json"
        )
        assert response.status_code == 201, response.content
        return subscription

    def test_the_browser_subscription_is_stored_for_the_user(self):
        subscription = self.subscribe(self.cdcs_hoa)
        stored = PushSubscription.objects.get(user=self.cdcs_hoa)
        assert stored.endpoint == subscription["endpoint"] and stored.p256dh == subscription["keys"]["p256dh"]

    def test_an_endpoint_inside_the_network_or_over_plain_http_is_refused(self):
        self.login(self.cdcs_hoa)
        keys = {"p256dh": "x" * 87, "auth": "y" * 22}
        for endpoint in (
            "http://10.0.0.5/push/1",
            "https://127.0.0.1/push/1",
            "https://localhost/x",
            "https://db.internal/x",
        ):
            data = json.dumps({"endpoint": endpoint, "keys": keys})
            response = self.client.post("/thong-bao/day/dang-ky/", data, content_type="application/json")
            assert response.status_code == 400 and "https" in response.json()["error"], endpoint
        assert not PushSubscription.objects.exists()

    def test_the_message_is_encrypted_signed_and_read_by_the_phone(self):
        self.subscribe(self.cdcs_hoa)
        notify(
            users=[self.cdcs_hoa],
            verb="returned",
            text="Báo cáo quý IV bị trả lại.",
            url="/bao-cao/3/",
            key="p1",
        )
        run_worker()
        delivery = Delivery.objects.get(user=self.cdcs_hoa)
        assert (delivery.channel, delivery.state) == ("push", "sent")  # push is the default's first choice
        [got] = self.push.delivered
        assert got["payload"]["body"] == "Báo cáo quý IV bị trả lại."
        assert got["payload"]["url"] == "https://trienkhai.example.vn/bao-cao/3/"
        raw = self.push.received[-1]
        assert raw["headers"]["content-encoding"] == "aes128gcm"
        assert "Báo cáo".encode() not in raw["body"]

    def test_an_expired_subscription_410_is_flagged_and_email_takes_over(self):
        self.reach(self.cdcs_hoa, email="hoa@truong.vn")
        subscription = self.subscribe(self.cdcs_hoa)
        self.push.gone.add(subscription["endpoint"].rsplit("/", 1)[1])
        notify(users=[self.cdcs_hoa], verb="returned", text="Trả lại.", url="/", key="p2")
        run_worker()
        push, email = Delivery.objects.filter(user=self.cdcs_hoa).order_by("pk")
        assert (push.state, push.attempts, email.channel, email.state) == ("failed", 1, "email", "sent")
        assert PushSubscription.objects.get().gone_at is not None
        page = self.client.get("/thong-bao/cai-dat/")
        self.assertContains(page, "đã hết hạn")

    def test_push_service_rate_limit_is_retried(self):
        self.subscribe(self.cdcs_hoa)
        self.push.script = [429]
        notify(users=[self.cdcs_hoa], verb="returned", text="Trả lại.", url="/", key="p3")
        run_worker()
        delivery = Delivery.objects.get(user=self.cdcs_hoa)
        assert (delivery.state, delivery.attempts) == ("sent", 2)


def test_vietnamese_numbers_are_normalised_to_84():
    assert vn_phone("0912 345 678") == "84912345678"
    assert vn_phone("+84 912.345.678") == "84912345678"
    assert vn_phone("0912345678", prefix="0") == "0912345678"
    assert vn_phone("12345") == ""


def test_without_diacritics_handles_d_with_stroke():
    assert without_diacritics("Đoàn viên đã nộp «báo cáo»") == 'Doan vien da nop "bao cao"'


def test_one_segment_keeps_the_link_whole():
    link = "https://trienkhai.example.vn/bao-cao/123/"
    out = one_segment("a " * 200, link)
    assert len(out) <= 160 and out.endswith(link)
