"""The door of `accounts` (issue 18): what other apps may call. Everything else in this app is private to it;
`tests/test_import_order.py` refuses an import from another app that goes around this module.
Each function here is typed and says in its docstring what it promises."""

from __future__ import annotations

# --- i18-daily: the client address failed logins are counted against (concerns counts posts by it) ---
from .throttle import client_ip as client_ip

__all__ = ["client_ip"]
