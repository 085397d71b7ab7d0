"""The second factor (issue 23): a TOTP device (django-otp) per user, recovery codes kept as digests, and
the login step that asks for a code after the password.

The password step does not log the user in when they have a device: it leaves the user's id in the
session as *pending* (`PENDING_KEY`) and the code step logs in. So the login throttle (django-axes) counts
wrong codes as failed logins and is reset only by a complete login, never by a right password alone.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.oath import TOTP  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
from django_otp.util import random_hex  # type: ignore[import-untyped]

from .models import RecoveryCode, SecurityEvent
from .sessions import end_sessions
from .throttle import client_ip

PENDING_KEY = "_2fa_pending"  # {"user": pk, "backend": dotted path, "at": Unix time, "next": url}
ENROL_KEY = "_2fa_enrol_key"  # the secret being enrolled (hex), until its first code confirms it
PENDING_SECONDS = 300
REQUIRED_OK_KEY = "_2fa_ok_until"  # middleware: until when this session need not be checked again  # the code must follow the password within five minutes
RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I/L: codes are read off paper and typed by hand.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(request: HttpRequest, user: User) -> TOTPDevice:
    """The device an enrolment shows as a QR code, not saved: its secret waits in the session until the
    first code confirms it (a GET writes nothing but the session), and stays the same on a reload, so what
    the phone already scanned still works."""
    key = request.session.get(ENROL_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = request.session[ENROL_KEY] = random_hex(20)
    return TOTPDevice(user=user, name="Ứng dụng xác thực", key=key, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed by hand: base32 in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _audit(*, user: User, kind: str, actor: User | None, request: HttpRequest | None) -> None:
    ip = (client_ip(request) or "")[:45] if request is not None else ""
    SecurityEvent.objects.create(user=user, actor=actor, kind=kind, ip=ip)


def new_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; the plain codes are returned once, to show."""
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return codes


def confirm_enrolment(
    *, user: User, device: TOTPDevice, token: str, request: HttpRequest
) -> list[str] | None:
    """Check the first code from the app against the enrolment's secret; when right, the device is saved as
    the user's only one and fresh recovery codes are returned (None when the code is wrong)."""
    cleaned = normalise_code(token)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    if not cleaned.isdigit() or not totp.verify(int(cleaned), tolerance=device.tolerance):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.last_t, device.drift = totp.t(), totp.drift  # the code just typed cannot log in again
        device.save()
        codes = new_recovery_codes(user=user)
        _audit(user=user, kind=SecurityEvent.Kind.ENROLLED, actor=user, request=request)
    request.session.pop(ENROL_KEY, None)
    return codes


def renew_recovery_codes(*, user: User, request: HttpRequest) -> list[str]:
    with transaction.atomic():
        codes = new_recovery_codes(user=user)
        _audit(user=user, kind=SecurityEvent.Kind.CODES_RENEWED, actor=user, request=request)
    return codes


def remove_second_factor(*, user: User, actor: User, request: HttpRequest) -> None:
    """Delete the user's devices and recovery codes. By an administrator (a lost phone) it also ends every
    session of the account: whoever holds the phone may be logged in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        kind = SecurityEvent.Kind.DISABLED if actor.pk == user.pk else SecurityEvent.Kind.RESET
        _audit(user=user, kind=kind, actor=actor, request=request)
        if actor.pk != user.pk:
            end_sessions(user=user)


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    recovery: bool = False  # a recovery code was used (one fewer left)
    recovery_left: int = 0


def check_code(*, user: User, code: str, request: HttpRequest) -> CodeCheck:
    """A six-digit code from the user's app, or one of their unused recovery codes (then spent)."""
    cleaned = normalise_code(code)
    if cleaned.isdigit() and len(cleaned) == 6:
        device = confirmed_device(user)
        return CodeCheck(ok=device is not None and device.verify_token(cleaned))
    if len(cleaned) != 10:
        return CodeCheck(ok=False)
    spent = RecoveryCode.objects.filter(user=user, digest=_digest(cleaned), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not spent:
        return CodeCheck(ok=False)
    _audit(user=user, kind=SecurityEvent.Kind.RECOVERY_USED, actor=user, request=request)
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    return CodeCheck(ok=True, recovery=True, recovery_left=left)


def set_pending(request: HttpRequest, *, user: User, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "at": int(time.time()),
        "next": next_url,
    }


def pending_user(request: HttpRequest) -> tuple[User, dict] | None:
    """The user who gave the right password and still owes a code, with the pending record; None when
    nobody is pending or the five minutes have passed."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user_id = pending.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return (user, pending) if user is not None else None


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
