"""What apps above `orgs` keep in step with the tree, without `orgs` knowing them.

An app contributes through functions in its module `hooks.py` (found by `core.apps_registry`):
- `tree_changing(units, on) -> callable`: called inside a restructuring transaction before the parent links
  of `units` change from `on` (a move, and the end of a unit, to which merging, splitting and dissolving
  come down); the callable it returns is called after the change, in the same transaction, so what the
  app derived from the tree (the reports app: the stored subtree totals) is right when the change commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from trienkhai.core.apps_registry import app_functions

from .models import Unit


def tree_changing(units: Sequence[Unit], on: dt.date) -> Callable[[], None]:
    """Tell the apps that the links of `units` are about to change from `on`; call the result after."""
    afters = [hook(list(units), on) for hook in app_functions("hooks", "tree_changing")]

    def changed() -> None:
        for after in afters:
            after()

    return changed
