"""The user's notification settings page (under the account menu), the browser's push subscription, and
the delivery log administrators read for the users of their subtree."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from trienkhai.lib.vn import parse_date

from . import preferences as flows
from .apps_registry import app_functions
from .delivery import Preferences, enabled_channels, preferences
from .http import AuthedRequest
from .kinds import CHOOSABLE
from .models import ChannelName, Delivery, NotificationSettings, PushSubscription
from .notify_forms import ChannelTableForm, CodeForm, EmailForm, PhoneForm


def _page(request: AuthedRequest, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    prefs = preferences(user)
    own = prefs.own or NotificationSettings(user=user)
    enabled = enabled_channels()
    follow = _("Mặc định")
    quiet_start, quiet_end = prefs.quiet
    table = forms.get("table") or ChannelTableForm(
        enabled=enabled,
        follow_label=follow,
        initial=ChannelTableForm.initial_for(
            prefs.own.channels if prefs.own else {}, quiet_start, quiet_end, prefs.digest
        ),
    )
    context = {
        "own": own,
        "prefs": prefs,
        "effective": [(kind, _labels(prefs, kind.code)) for kind in CHOOSABLE],
        "email_form": forms.get("email_form") or EmailForm(initial={"email": own.email or user.email}),
        "phone_form": forms.get("phone_form") or PhoneForm(initial={"phone": own.phone}),
        "code_form": forms.get("code_form") or CodeForm(),
        "table": table,
        "enabled": [(c, ChannelName(c).label) for c in enabled],
        "account_email": user.email,
        "subscriptions": PushSubscription.objects.filter(user=user),
        "vapid_key": settings.VAPID_PUBLIC_KEY if ChannelName.PUSH in enabled else "",
        "phone_channels": [c for c in (ChannelName.ZNS, ChannelName.SMS) if c in enabled],
        "can_read_log": log_users(user) is not None,
        "recent": Delivery.objects.filter(user=user).order_by("-created_at", "-pk")[:10],
    }
    return render(request, "core/notify_settings.html", context, status=status)


def _labels(prefs: Preferences, kind: str) -> str:
    order = prefs.order(kind)
    return ", ".join(str(ChannelName(c).label) for c in order) if order else _("chỉ trong ứng dụng")


@login_required
@require_safe
def notify_settings(request: AuthedRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def notify_email(request: AuthedRequest) -> HttpResponse:
    form = EmailForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, email_form=form)
    email = form.cleaned_data["email"]
    flows.set_email(user=request.user, email=email)
    if email:
        messages.success(
            request, _("Đã gửi thư xác nhận đến %(email)s; hãy mở liên kết trong thư.") % {"email": email}
        )
    else:
        messages.info(request, _("Đã xóa địa chỉ thư điện tử nhận thông báo."))
    return redirect("core:notify_settings")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notify_email_confirm(request: AuthedRequest, token: str) -> HttpResponse:
    """The link in the verification letter: a page with one button (a GET changes nothing: mail scanners
    open links), the button verifies."""
    if request.method != "POST":
        return render(request, "core/notify_email_confirm.html", {"token": token})
    try:
        email = flows.confirm_email(user=request.user, token=token)
    except flows.BadToken as exc:
        messages.error(request, str(exc))
        return redirect("core:notify_settings")
    messages.success(request, _("Đã xác nhận địa chỉ %(email)s.") % {"email": email})
    return redirect("core:notify_settings")


@login_required
@require_POST
def notify_phone(request: AuthedRequest) -> HttpResponse:
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, phone_form=form)
    result = flows.set_phone(user=request.user, phone=form.cleaned_data["phone"])
    if not result.phone:
        messages.info(request, _("Đã xóa số điện thoại nhận thông báo."))
    elif result.delivery is None:
        messages.warning(
            request, _("Đã lưu số điện thoại, nhưng hệ thống chưa cấu hình Zalo hay SMS để gửi mã xác nhận.")
        )
    else:
        messages.success(
            request, _("Đã gửi mã xác nhận đến %(phone)s; nhập mã bên dưới.") % {"phone": result.phone}
        )
    return redirect("core:notify_settings")


@login_required
@require_POST
def notify_phone_code(request: AuthedRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, code_form=form)
    refused = flows.confirm_phone(user=request.user, code=form.cleaned_data["code"])
    if refused:
        form.add_error("code", refused)
        return _page(request, 400, code_form=form)
    messages.success(request, _("Đã xác nhận số điện thoại."))
    return redirect("core:notify_settings")


@login_required
@require_POST
def notify_channels(request: AuthedRequest) -> HttpResponse:
    form = ChannelTableForm(request.POST, enabled=enabled_channels())
    if not form.is_valid():
        return _page(request, 400, table=form)
    flows.save_choices(
        user=request.user,
        channels=form.channels(),
        quiet_start=form.cleaned_data["quiet_start"],
        quiet_end=form.cleaned_data["quiet_end"],
        digest=form.cleaned_data["digest"],
    )
    messages.success(request, _("Đã lưu cách nhận thông báo."))
    return redirect("core:notify_settings")


@login_required
@require_POST
def push_subscribe(request: AuthedRequest) -> HttpResponse:
    """POST the JSON of `PushSubscription.toJSON()` (static/js/push-subscribe.js does); 201 when stored."""
    if request.content_type != "application/json":
        return JsonResponse({"ok": False, "error": _("Dữ liệu gửi lên không phải JSON.")}, status=400)
    try:
        data = json.loads(request.body or b"null")
        flows.subscribe(user=request.user, data=data, user_agent=request.headers.get("User-Agent", ""))
    except (ValueError, flows.BadSubscription) as exc:
        message = (
            str(exc) if isinstance(exc, flows.BadSubscription) else _("Dữ liệu gửi lên không phải JSON.")
        )
        return JsonResponse({"ok": False, "error": message}, status=400)
    return JsonResponse({"ok": True}, status=201)


@login_required
@require_POST
def push_unsubscribe(request: AuthedRequest) -> HttpResponse:
    endpoint = request.POST.get("endpoint", "")
    if not endpoint and request.content_type == "application/json":
        try:
            endpoint = str((json.loads(request.body or b"{}") or {}).get("endpoint", ""))
        except (ValueError, AttributeError):
            endpoint = ""
    removed = flows.unsubscribe(user=request.user, endpoint=endpoint)
    if (
        request.headers.get("Accept", "").startswith("application/json")
        or request.content_type == "application/json"
    ):
        return JsonResponse({"ok": True, "removed": removed})
    messages.info(
        request, _("Đã tắt thông báo trên thiết bị này.") if removed else _("Không tìm thấy thiết bị.")
    )
    return redirect("core:notify_settings")


# --- the delivery log ------------------------------------------------------------------------------------


def log_users(user: Any) -> QuerySet[Any] | None:
    """Whose deliveries `user` may read (the apps' `hooks.delivery_log_users`); None: not an administrator."""
    for hook in app_functions("hooks", "delivery_log_users"):
        found: QuerySet[Any] | None = hook(user)
        if found is not None:
            return found
    return None


@login_required
@require_safe
def deliveries(request: AuthedRequest) -> HttpResponse:
    users = log_users(request.user)
    if users is None:
        raise Http404("Không tìm thấy trang.")
    rows = Delivery.objects.filter(user__in=users.values("pk"))
    chosen = {
        "kenh": request.GET.get("kenh", ""),
        "trang-thai": request.GET.get("trang-thai", ""),
        "loai": request.GET.get("loai", ""),
        "q": request.GET.get("q", "").strip()[:100],
        "tu": request.GET.get("tu", ""),
        "den": request.GET.get("den", ""),
    }
    if chosen["kenh"] in ChannelName.values:
        rows = rows.filter(channel=chosen["kenh"])
    if chosen["trang-thai"] in Delivery.State.values:
        rows = rows.filter(state=chosen["trang-thai"])
    if chosen["loai"]:
        rows = rows.filter(kind=chosen["loai"])
    if chosen["q"]:
        q = chosen["q"]
        rows = rows.filter(
            Q(recipient__icontains=q)
            | Q(user__username__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(user__first_name__icontains=q)
        )
    start, end = (
        parse_date(chosen["tu"]) if chosen["tu"] else None,
        parse_date(chosen["den"]) if chosen["den"] else None,
    )
    if start:
        rows = rows.filter(created_at__date__gte=start)
    if end:
        rows = rows.filter(created_at__date__lte=end)
    summary = {
        (row["channel"], row["state"]): row["n"]
        for row in rows.order_by().values("channel", "state").annotate(n=Count("pk"))
    }
    page = Paginator(rows.select_related("user").order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("trang")
    )
    kinds = [(k.code, k.label) for k in CHOOSABLE] + [
        ("verify_email", _("Xác nhận thư điện tử")),
        ("verify_phone", _("Xác nhận số điện thoại")),
    ]
    context = {
        "page": page,
        "chosen": chosen,
        "channels": ChannelName.choices,
        "states": Delivery.State.choices,
        "kinds": kinds,
        "kind_labels": dict(kinds),
        "summary": [
            (
                label,
                [
                    (state_label, summary.get((code, state), 0), state)
                    for state, state_label in Delivery.State.choices
                ],
            )
            for code, label in ChannelName.choices
        ],
        "bad_dates": bool((chosen["tu"] and not start) or (chosen["den"] and not end)),
        "query": urlencode({k: v for k, v in chosen.items() if v}),
    }
    return render(request, "core/deliveries.html", context)
