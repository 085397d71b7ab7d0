"""The door of `orgs` (issue 18): what other apps may call. Everything else in this app is private to it;
`tests/test_import_order.py` refuses an import from another app that goes around this module.
Each function here is typed and says in its docstring what it promises."""

from __future__ import annotations

# --- i18-daily: restructuring flows other apps call (members founds units, the demo builds the tree) ---
from .workflow import create_unit as create_unit
from .workflow import move_unit as move_unit

__all__ = ["create_unit", "move_unit"]
