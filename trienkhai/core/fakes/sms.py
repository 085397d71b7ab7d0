"""A fake brand-name SMS gateway: POST JSON (or a form) with the phone, the text and the brand name,
checked against an API key header. It refuses a text that would not fit one GSM-7 segment or that
carries characters outside GSM-7 (as gateways configured for plain text do), answers 422 for numbers in
`invalid`, and `script` forces statuses (503 outage, 429 rate limit)."""

from __future__ import annotations

import json
import secrets
import urllib.parse
from typing import Any

from . import FakeHttp

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)


class FakeSmsGateway(FakeHttp):
    name = "fake-sms"

    def __init__(self, *, api_key: str = "demo-key", port: int = 0) -> None:
        super().__init__(port)
        self.api_key = api_key
        self.invalid: set[str] = set()
        self.sent: list[dict[str, Any]] = []

    @property
    def send_url(self) -> str:
        return f"{self.url}/api/send"

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        self.received.append({"path": path, "headers": headers, "body": body})
        forced = self.scripted()
        if forced is not None:
            return (
                forced,
                {"status": "error", "message": "fake: forced"},
                ({"Retry-After": "3"} if forced == 429 else {}),
            )
        if headers.get("x-api-key") != self.api_key:
            return 401, {"status": "error", "message": "bad api key"}, {}
        if "json" in headers.get("content-type", ""):
            fields = json.loads(body or b"{}")
        else:
            fields = dict(urllib.parse.parse_qsl(body.decode()))
        phone, text = str(fields.get("phone", "")), str(fields.get("message", ""))
        if not phone.isdigit():
            return 400, {"status": "error", "message": "phone missing"}, {}
        if phone in self.invalid:
            return 422, {"status": "error", "message": "invalid number"}, {}
        if len(text) > 160 or not set(text) <= GSM7:
            return 400, {"status": "error", "message": "text is not one GSM-7 segment"}, {}
        msg_id = secrets.token_hex(6)
        self.sent.append({**fields, "id": msg_id})
        return 200, {"status": "queued", "id": msg_id}, {}
