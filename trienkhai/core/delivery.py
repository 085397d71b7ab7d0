"""Delivering notifications outside the app: which channel, when, and what happens when it fails.

`notify()` creates the in-app notification and calls `deliver(note)`, which picks the first channel of the
user's order for that kind of notification that has a usable address (a verified e-mail or phone number
not flagged as failing, a live push subscription) and queues one `Delivery` on the task worker
(`core.tasks.send_delivery`), held until the end of the user's quiet hours. A user on the daily digest gets
nothing now: `send_digests` (core's daily run) sends one message with everything unread.

The worker's `attempt(delivery_id)` sends through the channel's adapter (`core.channels`):
- sent → `sent` (or `delivered` when the provider confirms at once);
- an outage or a rate limit → tried again after DELIVERY_BACKOFF_SECONDS × 2^(attempts−1) (or the
  provider's Retry-After, if longer), up to DELIVERY_MAX_ATTEMPTS; then failed;
- an address that will never work → failed at once, the address flagged on the user's settings page;
- either way a failed delivery falls back to the next channel of the user's order that has an address.

What applies to a user: their own choices (`NotificationSettings`), else their unit's defaults (the nearest
unit above them that set some, found through the apps' `hooks.notification_defaults`), else
DEFAULT_ORDER: web push, Zalo, e-mail (first usable; SMS costs money per message, so only by choice).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .apps_registry import app_functions
from .channels import ADAPTERS, ChannelError, Message, adapter
from .kinds import kind_of
from .models import ChannelName, Delivery, Notification, NotificationSettings, PushSubscription

log = logging.getLogger(__name__)

DEFAULT_ORDER: tuple[str, ...] = (ChannelName.PUSH, ChannelName.ZNS, ChannelName.EMAIL)
PHONE_CHANNELS = (ChannelName.ZNS, ChannelName.SMS)
VERIFY_EMAIL, VERIFY_PHONE, DIGEST = "verify_email", "verify_phone", "digest"


@dataclass(frozen=True)
class Defaults:
    """A unit's defaults for its subtree, as `orgs.hooks.notification_defaults` hands them over."""

    channels: dict[str, list[str]] = field(default_factory=dict)
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None
    digest: bool = False
    source: str = ""  # the unit's name, shown on the settings page


@dataclass(frozen=True)
class Preferences:
    """What applies to one user: their settings row (if they saved the page) over the unit's defaults."""

    own: NotificationSettings | None
    defaults: Defaults

    def order(self, kind: str) -> list[str]:
        if self.own is not None and kind in self.own.channels:
            return [c for c in self.own.channels[kind] if c in ADAPTERS]
        if kind in self.defaults.channels:
            return [c for c in self.defaults.channels[kind] if c in ADAPTERS]
        return list(DEFAULT_ORDER)

    @property
    def quiet(self) -> tuple[dt.time | None, dt.time | None]:
        if self.own is not None and self.own.chose_schedule:
            return self.own.quiet_start, self.own.quiet_end
        return self.defaults.quiet_start, self.defaults.quiet_end

    @property
    def digest(self) -> bool:
        return self.own.digest if self.own is not None and self.own.chose_schedule else self.defaults.digest


def defaults_for(user: Any) -> Defaults:
    for hook in app_functions("hooks", "notification_defaults"):
        found = hook(user)
        if found is not None:
            return found
    return Defaults()


def preferences(user: Any) -> Preferences:
    return Preferences(NotificationSettings.objects.filter(user=user).first(), defaults_for(user))


def enabled_channels() -> list[str]:
    """The channels this installation has configured (e-mail always)."""
    return [name for name, a in ADAPTERS.items() if a.configured()]


# --- where a channel reaches a user ----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    recipient: str
    push: PushSubscription | None = None


def email_address(user: Any, own: NotificationSettings | None) -> str:
    """The user's verified e-mail address; the one an administrator entered on the account counts as
    verified (that is how e-mail reached users before); "" when flagged as failing."""
    if own is not None and own.email_failing:
        return ""
    if own is not None and own.email and own.email_verified_at:
        return own.email
    return str(getattr(user, "email", "") or "")


def route(user: Any, own: NotificationSettings | None, channel: str) -> Route | None:
    if channel == ChannelName.EMAIL:
        address = email_address(user, own)
        return Route(address) if address else None
    if channel in PHONE_CHANNELS:
        if own is None or not own.phone_ok or (channel == ChannelName.ZNS and own.zns_failing):
            return None
        return Route(own.phone)
    if channel == ChannelName.PUSH:
        sub = PushSubscription.objects.filter(user=user, gone_at__isnull=True).first()
        return (
            Route(sub.endpoint.split("/")[2] if "//" in sub.endpoint else sub.endpoint, sub) if sub else None
        )
    return None


def chain(user: Any, prefs: Preferences, kind: str) -> list[tuple[str, Route]]:
    """The user's channels for `kind` in their order, those enabled here and with an address."""
    enabled = set(enabled_channels())
    out = []
    for channel in prefs.order(kind):
        found = route(user, prefs.own, channel) if channel in enabled else None
        if found is not None:
            out.append((channel, found))
    return out


def quiet_until(prefs: Preferences, now: dt.datetime) -> dt.datetime | None:
    """The end of the user's quiet hours when `now` falls inside them (they may span midnight)."""
    start, end = prefs.quiet
    if start is None or end is None or start == end:
        return None
    local = timezone.localtime(now)
    t = local.time()
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() + dt.timedelta(days=1) if start > end and t >= start else local.date()
    return timezone.make_aware(dt.datetime.combine(day, end), local.tzinfo)


# --- queueing --------------------------------------------------------------------------------------------


def deliver(note: Notification) -> Delivery | None:
    """Queue the delivery of a new in-app notification on the user's first usable channel (none on the
    digest, or without any usable channel)."""
    prefs = preferences(note.user)
    if prefs.digest:
        return None
    kind = kind_of(note.verb)
    routes = chain(note.user, prefs, kind)
    if not routes:
        return None
    channel, found = routes[0]
    return create(
        user=note.user,
        channel=channel,
        route_=found,
        kind=kind,
        text=note.text,
        url=note.url,
        notification=note,
        not_before=quiet_until(prefs, timezone.now()),
    )


def create(
    *,
    user: Any,
    channel: str,
    route_: Route,
    kind: str,
    text: str,
    url: str,
    notification: Notification | None = None,
    not_before: dt.datetime | None = None,
    fallback_of: Delivery | None = None,
) -> Delivery:
    delivery = Delivery.objects.create(
        user=user,
        notification=notification,
        channel=channel,
        recipient=route_.recipient[:300],
        push=route_.push,
        kind=kind,
        subject=text[:120],
        text=text,
        url=url[:500],
        not_before=not_before,
        fallback_of=fallback_of,
    )
    queue(delivery)
    return delivery


def queue(delivery: Delivery) -> None:
    """Put the delivery's next attempt on the task worker, at its time. A backend that cannot defer (the
    immediate one of some tests) runs a due attempt now and leaves a later one to `requeue_due`."""
    from django_tasks import default_task_backend

    from .tasks import send_delivery

    now = timezone.now()
    at = max([t for t in (delivery.not_before, delivery.next_attempt_at) if t is not None], default=now)
    if at > now:
        if default_task_backend.supports_defer:
            send_delivery.using(run_after=at).enqueue(delivery.pk)
        return
    send_delivery.enqueue(delivery.pk)


def requeue_due(now: dt.datetime | None = None) -> int:
    """Queue again every delivery still waiting whose time has come (after a worker was down or the
    backend could not defer); how many."""
    now = now or timezone.now()
    due = Delivery.objects.due().filter(next_attempt_at__lte=now) | Delivery.objects.due().filter(
        next_attempt_at__isnull=True, created_at__lte=now - dt.timedelta(minutes=10)
    )
    count = 0
    for delivery in due.distinct():
        queue(delivery)
        count += 1
    return count


# --- the worker's attempt --------------------------------------------------------------------------------


def message_for(delivery: Delivery) -> Message:
    from .names import display_name

    address = delivery.recipient
    if delivery.channel == ChannelName.PUSH:
        import json

        address = json.dumps(delivery.push.info()) if delivery.push else "{}"
    return Message(
        address=address,
        subject=delivery.subject or delivery.text[:120],
        text=delivery.text,
        link=absolute(delivery.url),
        kind=delivery.kind,
        name=display_name(delivery.user),
        tracking_id=f"tk-{delivery.pk}",
    )


def attempt(delivery_id: int) -> str:
    """One attempt at a queued delivery (the task worker's job); the state it ends in. Never raises for
    the provider's trouble: that is recorded on the row."""
    delivery = Delivery.objects.select_related("user", "push").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != Delivery.State.QUEUED:
        return delivery.state if delivery else "missing"
    now = timezone.now()
    if (delivery.not_before and delivery.not_before > now) or (
        delivery.next_attempt_at and delivery.next_attempt_at > now + dt.timedelta(seconds=1)
    ):
        return delivery.state  # woke too early (a duplicate task): its own task comes later
    # Claim this attempt: a second worker holding the same task finds the count moved and stops.
    claimed = Delivery.objects.filter(
        pk=delivery.pk, state=Delivery.State.QUEUED, attempts=delivery.attempts
    ).update(attempts=delivery.attempts + 1)
    if not claimed:
        return "claimed"
    delivery.attempts += 1
    try:
        sent = adapter(delivery.channel).send(message_for(delivery))
    except ChannelError as exc:
        failed(delivery, exc)
    except Exception as exc:  # noqa: BLE001 — an adapter's bug must not lose the message: retried, logged
        log.exception("delivery %s crashed", delivery.pk)
        failed(delivery, ChannelError(f"Lỗi hệ thống khi gửi: {exc.__class__.__name__}", temporary=True))
    else:
        delivery.state = Delivery.State.DELIVERED if sent.delivered else Delivery.State.SENT
        delivery.sent_at = timezone.now()
        delivery.delivered_at = delivery.sent_at if sent.delivered else None
        delivery.provider_id = sent.provider_id[:300]
        delivery.template = sent.template or delivery.template
        delivery.text = _masked(delivery)
        delivery.save()
        if delivery.channel == ChannelName.EMAIL and delivery.notification_id:
            Notification.objects.filter(pk=delivery.notification_id).update(emailed=True)
    return delivery.state


def backoff(attempts: int, retry_after: float | None) -> dt.timedelta:
    wait = settings.DELIVERY_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=max(wait, retry_after or 0))


def failed(delivery: Delivery, exc: ChannelError) -> None:
    now = timezone.now()
    delivery.last_error = str(exc)[:1000]
    delivery.template = exc.template or delivery.template
    if exc.temporary and delivery.attempts < settings.DELIVERY_MAX_ATTEMPTS:
        delivery.next_attempt_at = now + backoff(delivery.attempts, exc.retry_after)
        delivery.save()
        queue(delivery)
        return
    text = delivery.text  # the next channel carries the message whole (a code included)
    delivery.state = Delivery.State.FAILED
    delivery.failed_at = now
    delivery.text = _masked(delivery)
    delivery.save()
    if exc.bad_address:
        flag(delivery, str(exc))
    fall_back(delivery, text=text)


def flag(delivery: Delivery, reason: str) -> None:
    """Mark the address that will never work, so the next notifications skip it and the user sees why."""
    note = f"{timezone.localtime():%d/%m/%Y}: {reason}"[:300]
    if delivery.channel == ChannelName.PUSH:
        if delivery.push_id:
            PushSubscription.objects.filter(pk=delivery.push_id).update(gone_at=timezone.now())
        return
    if delivery.kind in (VERIFY_EMAIL, VERIFY_PHONE):
        return  # an address not yet verified is simply not confirmed
    own, _ = NotificationSettings.objects.get_or_create(user=delivery.user)
    column = {
        ChannelName.EMAIL: "email_failing",
        ChannelName.ZNS: "zns_failing",
        ChannelName.SMS: "phone_failing",
    }
    setattr(own, column[ChannelName(delivery.channel)], note)
    own.save()


def lineage(delivery: Delivery) -> set[str]:
    """The channels already tried for this message (this delivery and those it fell back from)."""
    tried, current, seen = set[str](), delivery, 0
    while current is not None and seen < 10:
        tried.add(current.channel)
        current, seen = current.fallback_of, seen + 1  # type: ignore[assignment]  # None ends the walk
    return tried


def fall_back(delivery: Delivery, *, text: str) -> Delivery | None:
    """The next channel of the user's order that has not been tried for this message, if any."""
    tried = lineage(delivery)
    options: list[tuple[str, Route]]
    if delivery.kind == VERIFY_PHONE:
        options = [(c, Route(delivery.recipient)) for c in PHONE_CHANNELS if c in enabled_channels()]
    elif delivery.kind == VERIFY_EMAIL:
        options = []
    else:
        options = chain(delivery.user, preferences(delivery.user), delivery.kind)
    for channel, found in options:
        if channel not in tried:
            return create(
                user=delivery.user,
                channel=channel,
                route_=found,
                kind=delivery.kind,
                text=text,
                url=delivery.url,
                notification=delivery.notification,
                fallback_of=delivery,
            )
    return None


def _masked(delivery: Delivery) -> str:
    """A verification code is not kept once its message is done (administrators read the log)."""
    if delivery.kind != VERIFY_PHONE:
        return delivery.text
    return "".join("•" if ch.isdigit() else ch for ch in delivery.text)


def absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


# --- the daily digest ------------------------------------------------------------------------------------


def send_digests(now: dt.datetime | None = None) -> int:
    """One message per user on the digest with what they have not read since their last digest (at most
    a day back); how many were queued."""
    from django.urls import reverse

    now = now or timezone.now()
    since = now - dt.timedelta(days=1)
    unread = Notification.objects.unread().filter(created_at__gt=since, created_at__lte=now)
    count = 0
    for user_id in sorted(set(unread.values_list("user_id", flat=True))):
        notes = list(unread.filter(user_id=user_id).select_related("user").order_by("created_at"))
        user = notes[0].user
        prefs = preferences(user)
        if not prefs.digest or not getattr(user, "is_active", True):
            continue
        last = prefs.own.digest_sent_at if prefs.own else None
        notes = [n for n in notes if last is None or n.created_at > last]
        routes = chain(user, prefs, DIGEST)
        if not notes or not routes:
            continue
        lines = "; ".join(f"{i}) {n.text}" for i, n in enumerate(notes[:10], 1))
        more = f" (và {len(notes) - 10} thông báo khác)" if len(notes) > 10 else ""
        text = f"Bản tin Triển khai: {len(notes)} thông báo mới. {lines}{more}"
        with transaction.atomic():
            channel, found = routes[0]
            create(
                user=user,
                channel=channel,
                route_=found,
                kind=DIGEST,
                text=text,
                url=reverse("core:notifications"),
            )
            if prefs.own is not None:
                NotificationSettings.objects.filter(pk=prefs.own.pk).update(digest_sent_at=now)
        count += 1
    return count
