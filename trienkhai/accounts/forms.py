"""Login and password forms with Vietnamese messages regardless of the browser's language."""

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


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
