"""Deployment checks of our own, run by `trienkhai check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def email_is_delivered(app_configs, **kwargs) -> list[Warning]:
    if settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
        return [
            Warning(
                "EMAIL_BACKEND is the console backend: password-reset letters and notifications are only "
                "printed, never delivered.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST (README).",
                id="trienkhai.W001",
            )
        ]
    return []
