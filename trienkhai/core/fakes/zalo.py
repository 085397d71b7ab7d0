"""A fake Zalo: the OA OAuth v4 token endpoint and the ZNS template message endpoint, as Zalo documents
them (see core/channels/zns.py). Refresh tokens work once and are rotated; an access token works until
`expire_tokens()`; templates are the ones registered; numbers in `no_zalo` have no Zalo account (-118).
`script` entries: an HTTP status (503 outage, 429 rate limit) or ("error", code) for a Zalo error body."""

from __future__ import annotations

import json
import secrets
import urllib.parse
from typing import Any

from . import FakeHttp

TEMPLATE_PARAMS = {"ten", "noi_dung", "lien_ket"}


class FakeZalo(FakeHttp):
    name = "fake-zalo"

    def __init__(
        self,
        *,
        app_id: str = "demo-app",
        secret_key: str = "demo-secret",
        refresh_token: str = "rt-0",
        templates: tuple[str, ...] = ("1001", "1002", "1003", "1009"),
        port: int = 0,
    ) -> None:
        super().__init__(port)
        self.app_id, self.secret_key = app_id, secret_key
        self.refresh_tokens = {refresh_token}
        self.access_tokens: set[str] = set()
        self.templates = set(templates)
        self.no_zalo: set[str] = set()
        self.sent: list[dict[str, Any]] = []
        self.refreshes = 0

    @property
    def oauth_url(self) -> str:
        return f"{self.url}/v4/oa/access_token"

    @property
    def zns_url(self) -> str:
        return f"{self.url}/message/template"

    def expire_tokens(self) -> None:
        self.access_tokens.clear()

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        self.received.append({"path": path, "headers": headers, "body": body})
        forced = self.scripted()
        if isinstance(forced, int):
            extra = {"Retry-After": "2"} if forced == 429 else {}
            return forced, {"error": -32, "message": "fake: forced"}, extra
        if path.startswith("/v4/oa/access_token") and method == "POST":
            return self.token(headers, body)
        if path.startswith("/message/template") and method == "POST":
            if isinstance(forced, tuple):
                return 200, {"error": forced[1], "message": "fake: forced error"}, {}
            return self.template(headers, body)
        return 404, {"error": 404, "message": "not found"}, {}

    def token(self, headers: dict[str, str], body: bytes) -> tuple[int, Any, dict[str, str]]:
        form = dict(urllib.parse.parse_qsl(body.decode()))
        if headers.get("secret_key") != self.secret_key or form.get("app_id") != self.app_id:
            return (
                200,
                {"error": -14002, "error_name": "Invalid app", "error_description": "app_id/secret_key"},
                {},
            )
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") not in self.refresh_tokens:
            return (
                200,
                {
                    "error": -14014,
                    "error_name": "Invalid refresh token",
                    "error_description": "refresh token invalid or used",
                },
                {},
            )
        self.refresh_tokens.discard(form["refresh_token"])  # single use
        access, refresh = f"at-{secrets.token_hex(8)}", f"rt-{secrets.token_hex(8)}"
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        self.refreshes += 1
        return 200, {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}, {}

    def template(self, headers: dict[str, str], body: bytes) -> tuple[int, Any, dict[str, str]]:
        if headers.get("access_token") not in self.access_tokens:
            return 200, {"error": -124, "message": "Access token invalid"}, {}
        try:
            data = json.loads(body)
        except ValueError:
            return 200, {"error": -100, "message": "Body invalid"}, {}
        phone = str(data.get("phone", ""))
        if not (phone.startswith("84") and phone.isdigit() and len(phone) in (11, 12)):
            return 200, {"error": -108, "message": "Phone number invalid"}, {}
        if str(data.get("template_id")) not in self.templates:
            return 200, {"error": -109, "message": "Template ID invalid"}, {}
        params = data.get("template_data")
        if not isinstance(params, dict) or set(params) != TEMPLATE_PARAMS:
            return 200, {"error": -112, "message": "Template data invalid"}, {}
        if phone in self.no_zalo:
            return 200, {"error": -118, "message": "Zalo account not existed"}, {}
        msg_id = secrets.token_hex(10)
        self.sent.append({**data, "msg_id": msg_id})
        quota = {"dailyQuota": "500", "remainingQuota": str(500 - len(self.sent))}
        return (
            200,
            {"error": 0, "message": "Success", "data": {"msg_id": msg_id, "sent_time": "0", "quota": quota}},
            {},
        )
