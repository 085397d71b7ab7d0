"""Project-level pages: home (the to-do list every app contributes to), notifications, and the error
pages in Vietnamese, never Django's English technical page or a stack trace."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .http import AuthedRequest
from .models import Notification
from .todo import collect


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    sections, panels = collect(request.user, on=timezone.localdate())
    return render(request, "core/home.html", {"todo_sections": sections, "panels": panels})


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    items = Notification.objects.filter(user=request.user)[:200]
    return render(request, "core/notifications.html", {"items": items})


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return redirect(note.url or "core:notifications")


@login_required
@require_POST
def notifications_read_all(request: AuthedRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user).unread().update(read_at=timezone.now())
    return redirect("core:notifications")


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    too_big = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return render(request, "400.html", {"too_big": too_big, "limit_mb": limit_mb}, status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


# --- health: for the proxy and for monitoring -----------------------------------------------------------


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Alive: the process answers. No database, no session, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready: each check of core.health and its state; 503 when one fails."""
    from .health import readiness

    checks = readiness()
    ok = all(check.ok for check in checks.values())
    body = {"status": "ok" if ok else "fail", "checks": {name: c.as_dict() for name, c in checks.items()}}
    return JsonResponse(body, status=200 if ok else 503)
