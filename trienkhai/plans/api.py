"""The door of `plans` (issue 18): what other apps may call. Everything else in this app is private to it;
`tests/test_import_order.py` refuses an import from another app that goes around this module.
Each function here is typed and says in its docstring what it promises."""

from __future__ import annotations

# --- reports and issuing ------------------------------------------------------------------------------
# What `reports` needs of plans: a plan within the user's reach (404 outside), the plans sent to the
# user's units (its home page), and a reminder to a unit that has not made its own plan yet. Each name is
# re-exported from where plans keeps it; its promise is in its own docstring there.
from .access import get_plan_for_user as get_plan_for_user  # noqa: E402
from .home import received_assignments as received_assignments  # noqa: E402
from .workflow import send_reminder as send_reminder  # noqa: E402

__all__ = ["get_plan_for_user", "received_assignments", "send_reminder"]
