"""The pages of the second factor: the code step of the login, the user's own page (enrol, renew the
recovery codes, turn off when not required) and the administrators' page (reset a user's second factor)."""

from __future__ import annotations

import django_otp  # type: ignore[import-untyped]  # ships no type information
import segno
from axes.handlers.proxy import AxesProxyHandler  # type: ignore[import-untyped]  # ships no type information
from axes.helpers import get_lockout_response  # type: ignore[import-untyped]
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from trienkhai.core.http import AuthedRequest
from trienkhai.core.names import display_name

from . import twofactor
from .contrib import second_factor_required
from .forms import CodeForm, LoginForm, PasswordConfirmForm
from .models import SecurityEvent


class LoginView(auth_views.LoginView):
    """Django's login; a user with a second factor is sent on to the code step instead of logged in."""

    authentication_form = LoginForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not twofactor.has_second_factor(user):
            return super().form_valid(form)
        twofactor.set_pending(self.request, user=user, next_url=self.get_redirect_url())
        return redirect("login_code")


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return "/"


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    found = twofactor.pending_user(request)
    if found is None:
        twofactor.clear_pending(request)
        messages.info(request, _("Phiên đăng nhập đã hết hạn, hãy nhập lại mật khẩu."))
        return redirect("login")
    user, pending = found
    credentials = {"username": user.get_username()}
    # The throttle of the password step holds here too: a locked username+address gets no more tries.
    if not AxesProxyHandler.is_allowed(request, credentials):
        twofactor.clear_pending(request)
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = twofactor.check_code(user=user, code=form.cleaned_data["code"], request=request)
        if check.ok:
            twofactor.clear_pending(request)
            user.backend = pending["backend"]  # type: ignore[attr-defined]  # what login() reads
            auth_login(request, user)  # resets the failed attempts (AXES_RESET_ON_SUCCESS)
            device = twofactor.confirmed_device(user)
            if device is not None:
                django_otp.login(request, device)
            if check.recovery:
                messages.warning(
                    request,
                    _("Bạn đã đăng nhập bằng mã khôi phục; còn %(n)d mã chưa dùng.")
                    % {"n": check.recovery_left},
                )
            return HttpResponseRedirect(_safe_next(request, pending.get("next", "")))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            twofactor.clear_pending(request)  # AxesMiddleware turns this response into the lockout page
        form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trong ứng dụng."))
    status = 400 if form.errors else 200
    return render(request, "accounts/login_code.html", {"form": form, "pending_user": user}, status=status)


# --- the user's own page ----------------------------------------------------------------------------------


def _codes_page(request: HttpRequest, codes: list[str], *, title: str) -> HttpResponse:
    """The recovery codes, shown this once (never cached, never stored in plain text)."""
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "title": title})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_safe
def second_factor(request: AuthedRequest) -> HttpResponse:
    device = twofactor.confirmed_device(request.user)
    left = request.user.recovery_codes.filter(used_at__isnull=True).count() if device else 0
    return render(
        request,
        "accounts/second_factor.html",
        {
            "device": device,
            "required": second_factor_required(request.user),
            "recovery_left": left,
            "events": request.user.security_events.select_related("actor")[:10],
            "form": PasswordConfirmForm(),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: AuthedRequest) -> HttpResponse:
    device = twofactor.enrolment_device(request, request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(
            user=request.user, device=device, token=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            django_otp.login(request, device)
            request.session.pop(twofactor.REQUIRED_OK_KEY, None)
            return _codes_page(request, codes, title=_("Đã bật xác thực hai bước"))
        form.add_error("code", _("Mã không đúng. Hãy nhập mã sáu chữ số đang hiện trong ứng dụng."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "qr": qr,
            "secret": twofactor.secret_text(device),
            "required": second_factor_required(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def second_factor_codes(request: AuthedRequest) -> HttpResponse:
    if not twofactor.has_second_factor(request.user):
        return redirect("second_factor")
    codes = twofactor.renew_recovery_codes(user=request.user, request=request)
    return _codes_page(request, codes, title=_("Mã khôi phục mới"))


@login_required
@require_POST
def second_factor_disable(request: AuthedRequest) -> HttpResponse:
    if second_factor_required(request.user):
        messages.error(request, _("Tài khoản của bạn bắt buộc dùng xác thực hai bước, không tắt được."))
        return redirect("second_factor")
    form = PasswordConfirmForm(request.POST)
    if not form.is_valid() or not request.user.check_password(form.cleaned_data["password"]):
        messages.error(request, _("Mật khẩu không đúng: xác thực hai bước vẫn đang bật."))
        return redirect("second_factor")
    twofactor.remove_second_factor(user=request.user, actor=request.user, request=request)
    messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("second_factor")


# --- administrators ---------------------------------------------------------------------------------------


def _superuser(request: AuthedRequest) -> None:
    if not request.user.is_superuser:
        raise Http404


@login_required
@require_safe
def second_factor_admin(request: AuthedRequest) -> HttpResponse:
    _superuser(request)
    query = request.GET.get("q", "").strip()[:100]
    users = User.objects.filter(totpdevice__confirmed=True).distinct().order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    return render(
        request,
        "accounts/second_factor_admin.html",
        {
            "users": users[:200],
            "query": query,
            "events": SecurityEvent.objects.select_related("user", "actor")[:30],
        },
    )


@login_required
@require_POST
def second_factor_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    _superuser(request)
    user = get_object_or_404(User, pk=pk)
    if user.pk == request.user.pk:
        raise PermissionDenied  # one's own second factor is turned off on one's own page, with the password
    twofactor.remove_second_factor(user=user, actor=request.user, request=request)
    messages.success(
        request,
        _("Đã đặt lại xác thực hai bước của %(name)s; tài khoản đã bị đăng xuất khỏi mọi phiên.")
        % {"name": display_name(user)},
    )
    return redirect("second_factor_admin")
