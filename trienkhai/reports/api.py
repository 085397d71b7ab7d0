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
# --- (i25-finance) the tree walk of the roll-up, for figures kept outside the reports -------------------
# `unit_buckets(root, dates, structure)`: {(unit id, date): group id} for every unit under `root` at each
#   date, grouped by the direct child of `root` as the roll-up groups them; one statement; no permission
#   check. `REPORTED`/`CURRENT`/`STRUCTURES`: the two structures and their Vietnamese names;
#   `breadcrumbs(user, unit, on)`: the way back up to the top unit the user may see.
from .results import CURRENT as CURRENT  # noqa: E402
from .results import REPORTED as REPORTED  # noqa: E402
from .results import STRUCTURES as STRUCTURES  # noqa: E402
from .results import breadcrumbs as breadcrumbs  # noqa: E402
from .results.sql import buckets as _buckets  # noqa: E402
from .results.tiers import figures as figures  # noqa: E402
from .results.values import Agg as Agg  # noqa: E402
from .validation import check_upload as check_upload  # noqa: E402
from .workflow import prefill_from_sources as prefill_from_sources  # noqa: E402

unit_buckets = _buckets
