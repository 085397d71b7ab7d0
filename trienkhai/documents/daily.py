"""The daily job of `documents`: readings whose worker died (older than the task's time limit plus a
margin) are recorded as failed, with the message their pages already show."""

from __future__ import annotations

import datetime as dt

from .models import Document


def run_daily(*, on: dt.date) -> int:
    """How many stale readings were marked failed."""
    return Document.objects.fail_stale_readings()
