"""Password change and reset (Django's views with Vietnamese forms, links built from SITE_URL; both end the
user's other sessions) and the page of the user's own sessions."""

from axes.utils import reset as reset_login_failures  # type: ignore[import-untyped]  # ships no type information
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from trienkhai.core.http import AuthedRequest

from .devices import describe_device, is_phone
from .forms import VietnamesePasswordChangeForm, VietnamesePasswordResetForm, VietnameseSetPasswordForm
from .models import SessionRecord
from .sessions import end_sessions, keep_current_after_password_change, live_records


class PasswordResetView(auth_views.PasswordResetView):
    form_class = VietnamesePasswordResetForm
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        # The link's address comes from the configured site, never from the request's Host header.
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = VietnameseSetPasswordForm

    def form_valid(self, form):
        # A new password is the way out of a login lockout: forget the failed attempts of this account.
        reset_login_failures(username=form.user.get_username())
        response = super().form_valid(form)
        # Whoever reset the password may be shutting someone out: every session of the account ends.
        end_sessions(user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = VietnamesePasswordChangeForm

    def form_valid(self, form: VietnamesePasswordChangeForm) -> HttpResponse:
        old_key = self.request.session.session_key
        response = super().form_valid(form)  # keeps this session (update_session_auth_hash)
        # Django only stops honouring the other sessions at their next request; delete them outright.
        keep_current_after_password_change(request=self.request, old_key=old_key)
        return response


# --- the user's own sessions ------------------------------------------------------------------------------


@login_required
@require_safe
def sessions(request: AuthedRequest) -> HttpResponse:
    current = request.session.session_key
    records = live_records(request.user)
    rows = [
        {
            "record": r,
            "device": describe_device(r.user_agent),
            "phone": is_phone(r.user_agent),
            "current": r.session_key == current,
        }
        for r in records
    ]
    rows.sort(key=lambda row: not row["current"])  # this session first
    return render(
        request,
        "accounts/sessions.html",
        {"rows": rows, "others": sum(1 for row in rows if not row["current"])},
    )


@login_required
@require_POST
def end_session(request: AuthedRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SessionRecord.objects.active().filter(user=request.user), pk=pk)
    if record.session_key == request.session.session_key:
        messages.info(request, _("Đây là phiên đang dùng; để kết thúc phiên này hãy đăng xuất."))
    else:
        end_sessions(user=request.user, only=record)
        messages.success(
            request, _("Đã kết thúc phiên: %(device)s.") % {"device": describe_device(record.user_agent)}
        )
    return redirect("sessions")


@login_required
@require_POST
def end_other_sessions(request: AuthedRequest) -> HttpResponse:
    ended = end_sessions(user=request.user, keep=request.session.session_key)
    messages.success(request, _("Đã kết thúc %(count)d phiên khác.") % {"count": ended})
    return redirect("sessions")
