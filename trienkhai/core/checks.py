"""Deployment checks of our own, run by `trienkhai check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Error, Warning, register


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


@register()
def holidays_are_dates(app_configs, **kwargs) -> list[Error]:
    """A holiday the settings misspell would silently shorten every working-day clock across it."""
    from .holidays import misspelt

    bad = [*misspelt(settings.PUBLIC_HOLIDAYS), *misspelt(settings.PUBLIC_HOLIDAYS_REMOVED)]
    if not bad:
        return []
    return [
        Error(
            f"PUBLIC_HOLIDAYS / PUBLIC_HOLIDAYS_REMOVED: not a date (YYYY-MM-DD): {', '.join(bad)}.",
            hint="Write each day as 2027-02-05, separated by commas (deploy/trienkhai.env).",
            id="trienkhai.E010",
        )
    ]
