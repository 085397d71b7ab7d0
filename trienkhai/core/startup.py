"""What the app checks before it serves a single request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "Chưa đặt SECRET_KEY: với DEBUG tắt, Triển khai không chạy bằng khóa mặc định. "
    "Đặt biến môi trường SECRET_KEY (một chuỗi ngẫu nhiên dài, ví dụ "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
    "hoặc chạy thử trên máy cá nhân bằng `make run` (DEBUG=true). "
    "(SECRET_KEY is not set: with DEBUG off the app refuses to run on a built-in key.)"
)


def require_secret_key() -> None:
    """Refuse to start the web app without a real key (the WSGI entry point calls this)."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses an empty key itself; say what to do instead
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
