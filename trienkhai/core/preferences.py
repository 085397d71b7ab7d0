"""The flows of a user's notification settings page: verifying an e-mail address (a signed link) and a
phone number (a code sent by Zalo, or SMS when Zalo cannot), choosing channels, storing a browser's push
subscription. Each is one transaction; the messages themselves go through the delivery log like any
other."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .channels.base import vn_phone
from .channels.webpush import endpoint_allowed
from .delivery import PHONE_CHANNELS, VERIFY_EMAIL, VERIFY_PHONE, Route, create, enabled_channels
from .models import ChannelName, Delivery, NotificationSettings, PushSubscription

EMAIL_SALT = "trienkhai.notify.email"


def settings_of(user: Any) -> NotificationSettings:
    own, _ = NotificationSettings.objects.get_or_create(user=user)
    return own


# --- e-mail ---------------------------------------------------------------------------------------------


def email_token(user: Any, email: str) -> str:
    return signing.dumps({"u": user.pk, "e": email.lower()}, salt=EMAIL_SALT)


@transaction.atomic
def set_email(*, user: Any, email: str) -> Delivery | None:
    """Keep the new address unverified and send it a link to confirm it (an empty address clears it)."""
    own = settings_of(user)
    own.email, own.email_verified_at, own.email_failing = email, None, ""
    own.save()
    if not email:
        return None
    link = reverse("core:notify_email_confirm", args=[email_token(user, email)])
    text = (
        "Xác nhận địa chỉ thư điện tử nhận thông báo của Triển khai: mở liên kết dưới đây "
        f"(hiệu lực {settings.EMAIL_VERIFY_DAYS} ngày). Nếu bạn không yêu cầu, hãy bỏ qua thư này."
    )
    return create(
        user=user, channel=ChannelName.EMAIL, route_=Route(email), kind=VERIFY_EMAIL, text=text, url=link
    )


class BadToken(Exception):
    pass


@transaction.atomic
def confirm_email(*, user: Any, token: str) -> str:
    """Mark the address of a valid link as verified; the address, or BadToken with why not."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=dt.timedelta(days=settings.EMAIL_VERIFY_DAYS))
    except signing.SignatureExpired as exc:
        raise BadToken("Liên kết xác nhận đã hết hạn; hãy gửi lại từ trang cài đặt thông báo.") from exc
    except signing.BadSignature as exc:
        raise BadToken("Liên kết xác nhận không hợp lệ.") from exc
    own = settings_of(user)
    if data.get("u") != user.pk or data.get("e") != own.email.lower():
        raise BadToken("Liên kết này không dành cho địa chỉ thư hiện tại của tài khoản.")
    own.email_verified_at, own.email_failing = timezone.now(), ""
    own.save()
    return own.email


# --- phone -----------------------------------------------------------------------------------------------


def _code_hash(user: Any, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"phone-code:{user.pk}:{code}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class PhoneResult:
    phone: str
    delivery: Delivery | None


@transaction.atomic
def set_phone(*, user: Any, phone: str) -> PhoneResult:
    """Keep the number (as 0xxxxxxxxx) unverified and send it a 6-digit code, by Zalo first and SMS when
    Zalo cannot (the delivery falls back by itself). No phone channel configured: no code goes."""
    own = settings_of(user)
    own.phone = vn_phone(phone, prefix="0") if phone else ""
    own.phone_verified_at, own.phone_failing, own.zns_failing = None, "", ""
    own.phone_code_hash, own.phone_code_sent_at, own.phone_code_tries = "", None, 0
    channels = [c for c in PHONE_CHANNELS if c in enabled_channels()]
    if not own.phone or not channels:
        own.save()
        return PhoneResult(own.phone, None)
    code = f"{secrets.randbelow(1_000_000):06d}"
    own.phone_code_hash, own.phone_code_sent_at = _code_hash(user, code), timezone.now()
    own.save()
    text = f"Mã xác nhận số điện thoại trên Triển khai: {code} (hiệu lực {settings.PHONE_CODE_MINUTES} phút)."
    delivery = create(
        user=user, channel=channels[0], route_=Route(own.phone), kind=VERIFY_PHONE, text=text, url=""
    )
    return PhoneResult(own.phone, delivery)


@transaction.atomic
def confirm_phone(*, user: Any, code: str) -> str:
    """Verify the number with the code sent to it; "" when verified, else why not (wrong, expired, too
    many tries). A wrong try is counted (and kept: the function returns instead of raising)."""
    own = NotificationSettings.objects.select_for_update().filter(user=user).first()
    if own is None or not own.phone or not own.phone_code_hash or own.phone_code_sent_at is None:
        return "Chưa có mã nào được gửi; hãy nhập số điện thoại và bấm «Lưu và gửi mã»."
    if timezone.now() - own.phone_code_sent_at > dt.timedelta(minutes=settings.PHONE_CODE_MINUTES):
        return "Mã đã hết hạn; hãy gửi mã mới."
    if own.phone_code_tries >= settings.PHONE_CODE_TRIES:
        return "Đã nhập sai quá số lần cho phép; hãy gửi mã mới."
    if not hmac.compare_digest(own.phone_code_hash, _code_hash(user, code.strip())):
        own.phone_code_tries += 1
        own.save(update_fields=["phone_code_tries"])
        return f"Mã không đúng; còn {settings.PHONE_CODE_TRIES - own.phone_code_tries} lần thử."
    own.phone_verified_at, own.phone_code_hash = timezone.now(), ""
    own.save()
    return ""


# --- channels, quiet hours, digest ------------------------------------------------------------------------


@transaction.atomic
def save_choices(
    *,
    user: Any,
    channels: dict[str, list[str]],
    quiet_start: dt.time | None,
    quiet_end: dt.time | None,
    digest: bool,
) -> NotificationSettings:
    own = settings_of(user)
    own.channels, own.quiet_start, own.quiet_end, own.digest = channels, quiet_start, quiet_end, digest
    own.chose_schedule = True
    own.save()
    return own


# --- web push ----------------------------------------------------------------------------------------------


class BadSubscription(Exception):
    pass


@transaction.atomic
def subscribe(*, user: Any, data: Any, user_agent: str = "") -> PushSubscription:
    """Store the subscription a browser's PushManager returned (PushSubscription.toJSON()): one row per
    endpoint, moved to this user if another account had it on the same browser."""
    if not isinstance(data, dict):
        raise BadSubscription("Dữ liệu đăng ký không hợp lệ.")
    endpoint = str(data.get("endpoint") or "")
    keys = data["keys"] if isinstance(data.get("keys"), dict) else {}
    p256dh, auth = str(keys.get("p256dh") or ""), str(keys.get("auth") or "")
    if not endpoint or len(endpoint) > 1000 or not endpoint_allowed(endpoint):
        raise BadSubscription("Địa chỉ dịch vụ đẩy không hợp lệ (phải là https).")
    if not (40 <= len(p256dh) <= 200 and 10 <= len(auth) <= 100):
        raise BadSubscription("Khóa mã hóa của trình duyệt không hợp lệ.")
    sub, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": user_agent[:300],
            "gone_at": None,
        },
    )
    return sub


@transaction.atomic
def unsubscribe(*, user: Any, endpoint: str) -> int:
    return PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()[0]
