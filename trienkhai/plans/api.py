"""The door of `plans` (issue 18): what other apps may call. Everything else in this app is private to it;
`tests/test_import_order.py` refuses an import from another app that goes around this module.
Each function here is typed and says in its docstring what it promises."""

from __future__ import annotations

# --------------------------------------------------------------------------------------------------
# issuing (i18-issuing): a plan reached through the user's units
# --------------------------------------------------------------------------------------------------
from .access import get_plan_for_user as get_plan_for_user  # noqa: E402
