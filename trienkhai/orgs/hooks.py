"""What `orgs` contributes to the lower apps' contribution points (accounts.contrib)."""

from __future__ import annotations

from typing import Any

from .models import Membership, UnitKind, today

GRASSROOTS_KINDS = [str(UnitKind.GRASSROOTS), str(UnitKind.GUILD)]


def requires_second_factor(user: Any) -> bool:
    """A write role today in a unit above the grassroots (the district level of old; since the 2025 reform
    the commune, industrial-zone and corporation unions, and every level above): such an account changes
    the data of many units, so it logs in with a second factor (issue 23). Superusers too."""
    if user.is_superuser:
        return True
    mine = Membership.objects.active_on(today()).writing().filter(user=user)
    return mine.exclude(unit__kind__in=GRASSROOTS_KINDS).exists()
