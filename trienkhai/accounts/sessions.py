"""Bookkeeping of a user's sessions: the record made at login, its refresh at most once a minute, and
ending sessions (one, every other, all after a password reset)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import SessionRecord
from .throttle import client_ip

SEEN_KEY = "_seen_at"  # in the session: when its record was last refreshed (a Unix time)
TOUCH_EVERY = dt.timedelta(minutes=1)


def _client(request: HttpRequest) -> dict[str, str]:
    return {
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        "ip": (client_ip(request) or "")[:45],
    }


def record_login(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    """user_logged_in: a record for the new session, and the records of sessions gone since are dropped."""
    if request is None or not hasattr(request, "session") or not request.session.session_key:
        return
    now = timezone.now()
    SessionRecord.objects.filter(user=user).exclude(
        session_key__in=Session.objects.filter(expire_date__gt=now).values("session_key")
    ).delete()
    SessionRecord.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "created_at": now, "last_seen": now, **_client(request)},
    )
    request.session[SEEN_KEY] = int(now.timestamp())


def touch(request: HttpRequest) -> None:
    """Refresh the current session's record, at most once a minute, and only when the request already
    read the session (a page that never looks at the session, such as /healthz, costs no query)."""
    session = getattr(request, "session", None)
    if session is None or not session.accessed or SESSION_KEY not in session or not session.session_key:
        return
    now = timezone.now()
    seen = session.get(SEEN_KEY)
    if isinstance(seen, int) and now.timestamp() - seen < TOUCH_EVERY.total_seconds():
        return
    updated = SessionRecord.objects.filter(session_key=session.session_key).update(
        last_seen=now, **_client(request)
    )
    if not updated:  # a session from before records were kept
        SessionRecord.objects.get_or_create(
            session_key=session.session_key,
            defaults={
                "user_id": session[SESSION_KEY],
                "created_at": now,
                "last_seen": now,
                **_client(request),
            },
        )
    session[SEEN_KEY] = int(now.timestamp())


def live_records(user: User) -> list[SessionRecord]:
    """The user's sessions that still log them in: not expired, and signed with the current password. A
    password set elsewhere (by an administrator, `changepassword`) makes Django refuse the older sessions at
    their next request; until then their rows exist, and they must not be listed as active."""
    records = list(SessionRecord.objects.active().filter(user=user))
    sessions = Session.objects.filter(session_key__in=[r.session_key for r in records])
    current_hash = user.get_session_auth_hash()
    valid = {s.session_key for s in sessions if s.get_decoded().get(HASH_SESSION_KEY) == current_hash}
    return [r for r in records if r.session_key in valid]


def end_sessions(*, user: User, keep: str | None = None, only: SessionRecord | None = None) -> int:
    """Delete the user's sessions (so those browsers are logged out at their next request) and their
    records: `only` one, or all but the session `keep`. Returns how many were ended."""
    records = SessionRecord.objects.filter(user=user)
    if only is not None:
        records = records.filter(pk=only.pk)
    if keep:
        records = records.exclude(session_key=keep)
    with transaction.atomic():
        keys = list(records.values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        ended = records.filter(session_key__in=keys).delete()[0]
    return ended


def keep_current_after_password_change(*, request: HttpRequest, old_key: str | None) -> int:
    """After a password change: Django gave this session a new key (update_session_auth_hash); move its
    record to it and end every other session of the user, which the new password must log out."""
    new_key = request.session.session_key
    if old_key and new_key and old_key != new_key:
        SessionRecord.objects.filter(session_key=old_key).update(session_key=new_key)
    assert isinstance(request.user, User)  # the password change view is for logged-in users only
    return end_sessions(user=request.user, keep=new_key)
