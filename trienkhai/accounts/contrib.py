"""The contribution point of `accounts`: who must use a second factor is decided by the apps that know the
roles (orgs: a write role above the grassroots). Each app's `hooks.requires_second_factor(user)` is asked;
nothing here imports them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from trienkhai.core.apps_registry import app_functions


def second_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when some app says this account must log in with a second factor."""
    if not user.is_authenticated:
        return False
    return any(hook(user) for hook in app_functions("hooks", "requires_second_factor"))
