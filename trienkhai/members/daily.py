"""The daily job of `members`: erase the personal data of members who left longer ago than the
retention period (settings.MEMBER_RETENTION_YEARS)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from .workflow import anonymise_departed


def run_daily(*, on: dt.date) -> int:
    """How many departed members were anonymised today."""
    return anonymise_departed(on=on, years=int(getattr(settings, "MEMBER_RETENTION_YEARS", 5)))
