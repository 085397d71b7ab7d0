"""What `orgs` contributes to the lower apps' contribution points: the second-factor rule
(accounts.contrib), and to core's notification delivery (found by name through
`core.apps_registry.app_functions("hooks", …)`) the defaults a unit sets for its subtree and whose
deliveries an administrator may read in the delivery log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from trienkhai.core.delivery import Defaults

from .models import Membership, NotificationDefaults, Role, Unit, UnitKind, today

GRASSROOTS_KINDS = [str(UnitKind.GRASSROOTS), str(UnitKind.GUILD)]


def requires_second_factor(user: Any) -> bool:
    """A write role today in a unit above the grassroots (the district level of old; since the 2025 reform
    the commune, industrial-zone and corporation unions, and every level above): such an account changes
    the data of many units, so it logs in with a second factor (issue 23). Superusers too."""
    if user.is_superuser:
        return True
    mine = Membership.objects.active_on(today()).writing().filter(user=user)
    return mine.exclude(unit__kind__in=GRASSROOTS_KINDS).exists()


# Who reads the delivery log of a subtree: the union's officers, not a CĐCS chair or a viewer.
LOG_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.OFFICER)


def notification_defaults(user: Any) -> Defaults | None:
    """The defaults of the nearest unit, at or above one of the user's own units, that set some."""
    on = today()
    depth: dict[int, int] = {}
    for membership in Membership.objects.active_on(on).filter(user_id=user.pk).select_related("unit"):
        for level, unit in enumerate([membership.unit, *membership.unit.ancestors(on)]):
            depth[unit.pk] = min(level, depth.get(unit.pk, level))
    if not depth:
        return None
    rows = list(NotificationDefaults.objects.filter(unit_id__in=depth).select_related("unit"))
    if not rows:
        return None
    nearest = min(rows, key=lambda row: depth[row.unit_id])
    return Defaults(
        channels={k: list(v) for k, v in nearest.channels.items()},
        quiet_start=nearest.quiet_start,
        quiet_end=nearest.quiet_end,
        digest=nearest.digest,
        source=nearest.unit.name,
    )


def delivery_log_users(user: Any) -> QuerySet[Any] | None:
    """The users whose deliveries `user` may read: everyone for a superuser; for a union officer, those
    holding a role in their subtree (and themselves); None for anyone else (the log is 404 to them)."""
    users = get_user_model().objects.all()
    if user.is_superuser:
        return users
    on = today()
    roots = Membership.objects.active_on(on).filter(user_id=user.pk, role__in=[str(r) for r in LOG_ROLES])
    root_ids = list(roots.values_list("unit_id", flat=True))
    if not root_ids:
        return None
    subtree = Unit.objects.subtree_of(root_ids, on=on).values("pk")
    members = Membership.objects.active_on(on).filter(unit_id__in=subtree).values("user_id")
    return users.filter(pk__in=members) | users.filter(pk=user.pk)
