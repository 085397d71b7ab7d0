"""The door of `reports` (issue 18): what other apps may call. Everything else in this app is private to it;
`tests/test_import_order.py` refuses an import from another app that goes around this module.
Each function here is typed and says in its docstring what it promises."""

from __future__ import annotations

# --------------------------------------------------------------------------------------------------
# issuing (i18-issuing): the board of a period, the rolled-up figures, the access checks of forms, and
# the attachment check inspections applies to evidence
# --------------------------------------------------------------------------------------------------
from .access import get_form_for_user as get_form_for_user  # noqa: E402
from .access import get_unit_role_for_user as get_unit_role_for_user  # noqa: E402
from .board import Row as _BoardRow  # noqa: E402
from .board import board_rows as board_rows  # noqa: E402
from .results import rollup_table as rollup_table  # noqa: E402

BoardRow = _BoardRow  # one row of the board of a period: a unit, its assignment and submission

# --- (i18-reports) the roll-up's figures, report prefill, the evidence upload check --------------------
# `figures(form, unit, periods, ...)`: the parts (`Agg`) of each indicator's figure over `unit`'s subtree,
#   grouped by direct child, period or year; approved reports only unless asked; one query (two with
#   merged units); reads only, and never checks permission (pass a unit the user may see).
# `prefill_from_sources(submission=...)`: sets a draft's sourced values to the registers' figures; call it
#   inside a transaction; returns how many values it filled.
# `check_upload(upload)`: the Vietnamese reason an evidence file is refused (extension, size, content), or
#   None; reads the file and rewinds it, stores nothing.
from .results.tiers import figures as figures  # noqa: E402
from .results.values import Agg as Agg  # noqa: E402
from .validation import check_upload as check_upload  # noqa: E402
from .workflow import prefill_from_sources as prefill_from_sources  # noqa: E402
