"""Login and password forms with Vietnamese messages regardless of the browser's language."""

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa và chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }


class VietnamesePasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng.",
        "password_mismatch": "Hai mật khẩu mới không khớp nhau.",
    }


class VietnamesePasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Thư điện tử của tài khoản"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "invalid": _("Địa chỉ thư điện tử không hợp lệ."),
            "required": _("Hãy nhập thư điện tử."),
        },
    )


class VietnameseSetPasswordForm(SetPasswordForm):
    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "Hai mật khẩu mới không khớp nhau.",
    }


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code (at login)."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": _("Hãy nhập mã xác thực.")},
    )


class PasswordConfirmForm(forms.Form):
    """Turning the second factor off asks for the password again."""

    password = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Hãy nhập mật khẩu.")},
    )
