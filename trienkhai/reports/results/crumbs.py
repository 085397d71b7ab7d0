"""Breadcrumbs of the roll-up: the way back up the tree from a unit, as far as the user may go."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from trienkhai.orgs.models import Unit


def breadcrumbs(user: User, unit: Unit, on: dt.date) -> list[Unit]:
    """The units above `unit` as of `on` that the user may open, top first, ending with `unit`'s parent.
    Where the walk up leaves the user's reach at a unit merged away (Bình Phước in 2024), the unit that
    carries it on today (Đồng Nai) is put on top, so the trail leads back to where the user started.
    Three queries."""
    ancestors = unit.ancestors(on)
    chain = [unit, *ancestors]
    successor_ids = [u.successor_id for u in chain if u.successor_id]
    ids = [a.pk for a in ancestors] + successor_ids
    visible = set(Unit.objects.visible_to(user, on=on).filter(pk__in=ids).values_list("pk", flat=True))
    trail = []
    top = unit
    for a in ancestors:  # nearest first
        if a.pk not in visible:
            break
        trail.append(a)
        top = a
    if top.successor_id and top.successor_id in visible and top.successor_id not in {u.pk for u in trail}:
        trail.append(Unit.objects.get(pk=top.successor_id))
    return list(reversed(trail))
