"""The daily jobs of the apps (escalating overdue concerns, reminding of expiring agreements ...).

An app with a daily job adds a module `daily.py` with `run_daily(*, on) -> int` (how many things it did or
sent); `run_all` runs them in INSTALLED_APPS order. The task worker's daily run and the
`trienkhai daily_work` command call it, so nothing below has to import the apps above it.
"""

from __future__ import annotations

import datetime as dt

from .apps_registry import app_modules


def run_all(*, on: dt.date) -> dict[str, int]:
    """{app module: count} of every app's daily job, run for `on`."""
    done = {}
    for module in app_modules("daily"):
        done[module.__name__] = module.run_daily(on=on)
    return done
