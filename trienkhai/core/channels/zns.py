"""Zalo ZNS (Zalo Notification Service): a template message to a phone number through the federation's
Zalo Official Account, built to Zalo's public API:

- send: POST {ZALO_ZNS_URL} (https://business.openapi.zalo.me/message/template), header `access_token`,
  JSON {"phone": "84…", "template_id", "template_data": {…}, "tracking_id"}; the answer is HTTP 200 with
  {"error": 0, "message": "Success", "data": {"msg_id", "sent_time", "quota": {…}}} or a negative
  `error` with its `message` (https://developers.zalo.me/docs/zalo-notification-service/gui-tin-zns/gui-zns,
  as the @warriorteam/redai-zalo-sdk endpoints list repeats it);
- the OA access token lives about 25 hours; it is renewed with the refresh token, which is single-use and
  valid 3 months: POST {ZALO_OAUTH_URL} (https://oauth.zaloapp.com/v4/oa/access_token), header
  `secret_key`, form fields `refresh_token`, `app_id`, `grant_type=refresh_token`, answered with
  {"access_token", "refresh_token", "expires_in"} (seconds, as a string)
  (https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new; the
  step by step in https://www.hexasync.vn/zalo-oa-api-huong-dan-cach-lay-access-token-tu-refresh-token/).

Templates are registered with Zalo per kind of notification (ZALO_ZNS_TEMPLATES, "deadline=123,
returned=456,default=789"); each takes the same parameters: `ten` (the person), `noi_dung` (the sentence),
`lien_ket` (the link). The error codes below are Zalo's table (ZNS "Bảng mã lỗi"); an unknown one is
treated as an outage and retried.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .base import ChannelError, Message, Sent, http, status_error, vn_phone

TOKEN_INVALID = {-124, -216}  # access token invalid / expired: renew once and send again
BAD_PHONE = {-108, -118, -119, -139}  # invalid number, no Zalo account, cannot receive ZNS, refused ZNS
TEMPLATE = {-109, -111, -112, -113, -114, -1123, -1124}  # template id, data empty/invalid, params, no access
QUOTA = {-133, -144}  # outside the allowed sending hours / daily quota used up: later
RENEW_BEFORE = dt.timedelta(minutes=5)


def templates() -> dict[str, str]:
    out = {}
    for pair in settings.ZALO_ZNS_TEMPLATES.split(","):
        kind, _, template_id = pair.partition("=")
        if kind.strip() and template_id.strip():
            out[kind.strip()] = template_id.strip()
    return out


def access_token(*, force: bool = False) -> str:
    """A valid OA access token, renewed (and the new refresh token kept) when it expires within
    RENEW_BEFORE or when `force`. The row is locked while renewing: the refresh token works only once, so
    two workers must not both spend it."""
    from ..models import ZaloToken

    with transaction.atomic():
        token, _ = ZaloToken.objects.select_for_update().get_or_create(
            pk=1, defaults={"refresh_token": settings.ZALO_REFRESH_TOKEN}
        )
        now = timezone.now()
        if not force and token.access_token and token.expires_at and token.expires_at - RENEW_BEFORE > now:
            return token.access_token
        if not token.refresh_token:
            raise ChannelError("Zalo: chưa có refresh token (ZALO_REFRESH_TOKEN).")
        answer = http(
            "POST",
            settings.ZALO_OAUTH_URL,
            data=urllib.parse.urlencode(
                {
                    "refresh_token": token.refresh_token,
                    "app_id": settings.ZALO_APP_ID,
                    "grant_type": "refresh_token",
                }
            ).encode(),
            headers={
                "secret_key": settings.ZALO_SECRET_KEY,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            timeout=settings.DELIVERY_TIMEOUT,
        )
        if answer.status == 429 or answer.status >= 500:
            raise status_error(answer, "Zalo OAuth")
        body = answer.json() or {}
        if not isinstance(body, dict) or not body.get("access_token"):
            detail = (
                body.get("error_description") or body.get("error_name") or body
                if isinstance(body, dict)
                else body
            )
            raise ChannelError(f"Zalo: không làm mới được access token ({detail})")
        token.access_token = body["access_token"]
        token.refresh_token = body.get("refresh_token") or token.refresh_token
        token.expires_at = now + dt.timedelta(seconds=int(body.get("expires_in") or 3600))
        token.refreshed_at = now
        token.save()
        return token.access_token


class ZnsChannel:
    name = "zns"

    def configured(self) -> bool:
        return bool(settings.ZALO_APP_ID and settings.ZALO_SECRET_KEY and templates())

    def payload(self, message: Message, template_id: str) -> dict[str, object]:
        return {
            "phone": vn_phone(message.address, prefix="84"),
            "template_id": template_id,
            "template_data": {
                "ten": message.name[:30],
                "noi_dung": message.text[:400],
                "lien_ket": message.link,
            },
            "tracking_id": message.tracking_id,
        }

    def send(self, message: Message) -> Sent:
        if not self.configured():
            raise ChannelError("Chưa cấu hình Zalo ZNS (ZALO_APP_ID, ZALO_SECRET_KEY, ZALO_ZNS_TEMPLATES).")
        known = templates()
        template_id = known.get(message.kind) or known.get("default", "")
        if not template_id:
            raise ChannelError(f"Zalo ZNS: chưa đăng ký mẫu tin cho loại «{message.kind}».")
        if not vn_phone(message.address):
            raise ChannelError("Số điện thoại không hợp lệ.", bad_address=True, template=template_id)
        data = json.dumps(self.payload(message, template_id), ensure_ascii=False).encode()
        for attempt in (1, 2):
            token = access_token(force=attempt == 2)
            answer = http(
                "POST",
                settings.ZALO_ZNS_URL,
                data=data,
                headers={"access_token": token, "Content-Type": "application/json"},
                timeout=settings.DELIVERY_TIMEOUT,
            )
            if answer.status != 200:
                error = status_error(answer, "Zalo ZNS")
                error.template = template_id
                raise error
            body = answer.json() or {}
            code = int(body.get("error", -1)) if isinstance(body, dict) else -1
            if code == 0:
                msg_id = str((body.get("data") or {}).get("msg_id", ""))
                return Sent(provider_id=msg_id, template=template_id)
            if code in TOKEN_INVALID and attempt == 1:
                continue
            reason = f"Zalo ZNS {code}: {body.get('message', '') if isinstance(body, dict) else ''}".strip()
            if code in BAD_PHONE:
                raise ChannelError(reason, bad_address=True, template=template_id)
            if code in TEMPLATE or code in TOKEN_INVALID:
                raise ChannelError(reason, template=template_id)
            raise ChannelError(reason, temporary=True, template=template_id)
        raise AssertionError("unreachable")
