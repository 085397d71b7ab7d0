"""What `orgs` shows on the home page: the units the user holds a role in."""

from __future__ import annotations

import datetime as dt

from trienkhai.core.todo import Panel

from .models import Membership


def panels(user, *, on: dt.date) -> list[Panel]:
    memberships = (
        Membership.objects.filter(user=user).active_on(on).select_related("unit").order_by("unit__name")
    )
    return [Panel(template="orgs/_my_units.html", context={"memberships": memberships}, order=100)]
