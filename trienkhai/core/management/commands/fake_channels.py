"""`trienkhai fake_channels [--host 127.0.0.1] [--port 9105] [--env-file PATH]`: serve the local fake
providers (SMTP, Zalo OAuth + ZNS, an SMS gateway, a Web Push service; trienkhai/core/fakes) on four ports
from --port, and print (or write) the environment that points the app at them, so a demo run shows
deliveries on every channel without any real provider:

    trienkhai fake_channels --env-file build/fake-channels.env &
    set -a; . build/fake-channels.env; set +a; make run
"""

from __future__ import annotations

import base64
import signal
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand

from trienkhai.core.fakes.push import FakePushService
from trienkhai.core.fakes.sms import FakeSmsGateway
from trienkhai.core.fakes.smtp import FakeSmtp
from trienkhai.core.fakes.zalo import FakeZalo


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def vapid_keys() -> tuple[str, str]:
    """A fresh VAPID key pair as the settings take it (base64url public point, raw private scalar)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64(public), _b64(private.private_numbers().private_value.to_bytes(32, "big"))


class Command(BaseCommand):
    help = "Chạy các nhà cung cấp giả (SMTP, Zalo, SMS, web push) để thử gửi thông báo trên máy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=9105, help="Cổng đầu; dùng 4 cổng liên tiếp.")
        parser.add_argument("--env-file", default="", help="Ghi các biến môi trường vào tệp này.")

    def handle(self, *args, host: str, port: int, env_file: str, **options) -> None:
        smtp = FakeSmtp(port, host).start()
        zalo = FakeZalo(port=port + 1).start()
        sms = FakeSmsGateway(port=port + 2).start()
        push = FakePushService(port=port + 3).start()
        public, private = vapid_keys()
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": host,
            "EMAIL_PORT": str(port),
            "ZALO_APP_ID": zalo.app_id,
            "ZALO_SECRET_KEY": zalo.secret_key,
            "ZALO_REFRESH_TOKEN": "rt-0",
            "ZALO_ZNS_TEMPLATES": "deadline=1001,returned=1002,verify_phone=1009,default=1003",
            "ZALO_OAUTH_URL": zalo.oauth_url,
            "ZALO_ZNS_URL": zalo.zns_url,
            "SMS_GATEWAY_URL": sms.send_url,
            "SMS_GATEWAY_HEADERS": f"X-Api-Key: {sms.api_key}",
            "SMS_SENDER": "CONGDOAN",
            "VAPID_PUBLIC_KEY": public,
            "VAPID_PRIVATE_KEY": private,
            "WEBPUSH_INSECURE_HOSTS": f"{host}:{port + 3}",
        }
        lines = "".join(f"{key}='{value}'\n" for key, value in env.items())
        if env_file:
            Path(env_file).parent.mkdir(parents=True, exist_ok=True)
            Path(env_file).write_text(lines, encoding="utf-8")
            self.stdout.write(f"Đã ghi biến môi trường vào {env_file}")
        else:
            self.stdout.write(lines)
        self.stdout.write(
            f"SMTP giả: {host}:{port} · Zalo giả: {zalo.url} · SMS giả: {sms.url} · Web push giả: {push.url}"
        )
        self.stdout.write("Ctrl+C để dừng.")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        for fake in (smtp, zalo, sms, push):
            fake.stop()
