"""The test world with every notification channel pointed at its local fake provider (trienkhai/core/
fakes: SMTP, Zalo's OAuth and ZNS, an SMS gateway, a Web Push service), started once per class, and the
task worker run for real: `run_worker()` takes the queued `send_delivery` tasks as `db_worker` does and
runs each through the worker's own `run_task`, letting time pass over each back-off."""

from __future__ import annotations

import base64

from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from py_vapid import Vapid

from trienkhai.core.fakes.push import FakePushService
from trienkhai.core.fakes.sms import FakeSmsGateway
from trienkhai.core.fakes.smtp import FakeSmtp
from trienkhai.core.fakes.zalo import FakeZalo
from trienkhai.core.models import Delivery, NotificationSettings

from .world import World

SEND = "trienkhai.core.tasks.send_delivery"
ZNS_TEMPLATES = "deadline=1001,returned=1002,verify_phone=1009,default=1003"


def vapid_pair() -> tuple[str, str]:
    key = Vapid()
    key.generate_keys()
    private = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    from cryptography.hazmat.primitives import serialization

    public = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    b64 = lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")  # noqa: E731
    return b64(public), b64(private)


def run_worker(*, limit: int = 60, travel: bool = True) -> int:
    """Run queued delivery tasks like `trienkhai db_worker` until none is ready; with `travel`, a task
    waiting for its back-off is made due (time passes). How many tasks ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        waiting = DBTaskResult.objects.filter(task_path=SEND, status="READY")
        if travel:
            now = timezone.now()
            waiting.update(run_after=now)
            Delivery.objects.filter(state="queued", next_attempt_at__gt=now).update(next_attempt_at=now)
            Delivery.objects.filter(state="queued", not_before__gt=now).update(not_before=now)
        task = (
            DBTaskResult.objects.ready().filter(task_path=SEND).order_by("run_after", "enqueued_at").first()
        )
        if task is None:
            return ran
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran


class ChannelWorld(World):
    @classmethod
    def setUpClass(cls) -> None:
        cls.smtp = FakeSmtp().start()
        cls.zalo = FakeZalo().start()
        cls.sms = FakeSmsGateway().start()
        cls.push = FakePushService().start()
        public, private = vapid_pair()
        cls.channel_settings = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=cls.smtp.port,
            EMAIL_TIMEOUT=5,
            ZALO_APP_ID="demo-app",
            ZALO_SECRET_KEY="demo-secret",
            ZALO_REFRESH_TOKEN="rt-0",
            ZALO_ZNS_TEMPLATES=ZNS_TEMPLATES,
            ZALO_OAUTH_URL=cls.zalo.oauth_url,
            ZALO_ZNS_URL=cls.zalo.zns_url,
            SMS_GATEWAY_URL=cls.sms.send_url,
            SMS_GATEWAY_HEADERS=[("X-Api-Key", "demo-key")],
            SMS_SENDER="CONGDOAN",
            VAPID_PUBLIC_KEY=public,
            VAPID_PRIVATE_KEY=private,
            VAPID_SUBJECT="mailto:test@trienkhai.local",
            WEBPUSH_INSECURE_HOSTS=[cls.push.url.split("//")[1]],
            DELIVERY_TIMEOUT=5,
            SITE_URL="https://trienkhai.example.vn",
        )
        cls.channel_settings.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls.channel_settings.disable()
        for fake in (cls.smtp, cls.zalo, cls.sms, cls.push):
            fake.stop()

    def setUp(self) -> None:
        super().setUp()
        self.smtp.messages.clear()
        self.smtp.script.clear()
        self.smtp.reject.clear()
        self.smtp.down = False
        for fake in (self.zalo, self.sms, self.push):
            fake.script.clear()
            fake.received.clear()
            fake.down = False
        self.zalo.sent.clear()
        self.zalo.no_zalo.clear()
        self.zalo.refresh_tokens, self.zalo.access_tokens, self.zalo.refreshes = {"rt-0"}, set(), 0
        self.sms.sent.clear()
        self.sms.invalid.clear()
        self.push.delivered.clear()
        self.push.gone.clear()

    def reach(self, user, *, email: str = "", phone: str = "", channels: dict | None = None, **extra):
        """Give `user` verified addresses and channel choices, as the settings page would."""
        now = timezone.now()
        own, _ = NotificationSettings.objects.get_or_create(user=user)
        own.email, own.email_verified_at = email, now if email else None
        own.phone, own.phone_verified_at = phone, now if phone else None
        own.channels = channels or {}
        for key, value in extra.items():
            setattr(own, key, value)
        own.save()
        return own
