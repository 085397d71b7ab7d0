"""SMS through an HTTP gateway. Vietnamese brand-name SMS providers each differ, so the adapter is
configured rather than written per provider: the URL, the method (POST or GET), JSON or form fields, the
names of the phone, text and sender fields, extra headers (an API key), and the phone format (84… or 0…).

The text goes without diacritics when SMS_ASCII is on (most brand-name gateways bill a Unicode message as
several segments, and some refuse it) and is kept to one GSM-7 segment, 160 characters, shortening the
sentence and never the link. 2xx is accepted; 429 and 5xx are an outage; SMS_INVALID_NUMBER_STATUS (422 by
default) means the number is wrong (flag it); another 4xx refuses this message."""

from __future__ import annotations

import json
import unicodedata
import urllib.parse

from django.conf import settings

from .base import ChannelError, Message, Sent, http, status_error, vn_phone

SEGMENT = 160


def without_diacritics(text: str) -> str:
    """Vietnamese in plain letters, as a GSM-7 phone shows it: "Đã nộp báo cáo" → "Da nop bao cao"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("«", '"').replace("»", '"').replace("–", "-").replace("—", "-").replace("…", "...")
    return "".join(ch if ch.isascii() else "?" for ch in plain)


def one_segment(text: str, link: str, *, limit: int = SEGMENT) -> str:
    """`text` and `link` in at most `limit` characters: the link whole, the sentence cut at a word with
    "..." when they do not fit together."""
    whole = f"{text} {link}".strip()
    if len(whole) <= limit:
        return whole
    room = limit - len(link) - 4 if link else limit - 3  # " " before the link and "..."
    if room < 10:
        return link[:limit] if link else text[: limit - 3] + "..."
    cut = text[:room]
    if " " in cut[room // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return f"{cut.rstrip(' ,.;:')}... {link}".strip()


class SmsChannel:
    name = "sms"

    def configured(self) -> bool:
        return bool(settings.SMS_GATEWAY_URL)

    def render(self, message: Message) -> str:
        text = without_diacritics(message.text) if settings.SMS_ASCII else message.text
        return one_segment(text, message.link, limit=SEGMENT if settings.SMS_ASCII else 70)

    def send(self, message: Message) -> Sent:
        if not self.configured():
            raise ChannelError("Chưa cấu hình cổng SMS (SMS_GATEWAY_URL).")
        phone = vn_phone(message.address, prefix=settings.SMS_PHONE_PREFIX)
        if not phone:
            raise ChannelError("Số điện thoại không hợp lệ.", bad_address=True)
        fields = {settings.SMS_FIELD_PHONE: phone, settings.SMS_FIELD_TEXT: self.render(message)}
        if settings.SMS_FIELD_SENDER and settings.SMS_SENDER:
            fields[settings.SMS_FIELD_SENDER] = settings.SMS_SENDER
        headers = dict(settings.SMS_GATEWAY_HEADERS)
        url, data = settings.SMS_GATEWAY_URL, None
        if settings.SMS_GATEWAY_METHOD == "GET":
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(fields)
        elif settings.SMS_GATEWAY_FORMAT == "form":
            data = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(fields, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
        answer = http(
            settings.SMS_GATEWAY_METHOD, url, data=data, headers=headers, timeout=settings.DELIVERY_TIMEOUT
        )
        if answer.status in settings.SMS_INVALID_NUMBER_STATUS:
            raise ChannelError(f"Cổng SMS: số điện thoại bị từ chối ({answer.status})", bad_address=True)
        if not 200 <= answer.status < 300:
            raise status_error(answer, "Cổng SMS")
        body = answer.json()
        provider_id = str(body.get(settings.SMS_FIELD_ID, "")) if isinstance(body, dict) else ""
        return Sent(provider_id=provider_id)
