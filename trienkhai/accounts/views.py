"""Password reset by e-mail: Django's views with Vietnamese forms, links built from SITE_URL."""

from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib.auth import views as auth_views

from .forms import VietnamesePasswordResetForm, VietnameseSetPasswordForm


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
        return super().form_valid(form)
