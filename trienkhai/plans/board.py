"""The cascade board of one plan: every receiving unit with its state, filtered and sorted as asked.

All rows come in one query (`PlanAssignment.objects.board`); counts, filter choices, filters and sort are
done in Python, which is cheap for hundreds of units and keeps the query count constant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from trienkhai.core.converters import parse_id

from .models import Plan, PlanAssignment

SORTS = {
    "ten": lambda r: r.unit.name.lower(),
    "han": lambda r: (r.deadline, r.unit.name.lower()),
    "nhan": lambda r: (r.received_at is None, r.received_at or dt.datetime.min.replace(tzinfo=dt.UTC)),
    "xong": lambda r: (r.completed_on is None, r.completed_on or dt.date.min),
    "tre": lambda r: (-r.late_days, r.unit.name.lower()),
    "trang-thai": lambda r: (list(PlanAssignment.STATE_LABELS).index(r.state), r.unit.name.lower()),
}


def cascade_board(plan: Plan, *, params: Mapping[str, str], on: dt.date) -> dict:
    """Rows (filtered by `trang_thai`, `loai`, `khu_vuc`, `cap_tren`; sorted by `sap_xep`), counts per
    state over all rows, and the parents and kinds to offer as filters."""
    rows = list(PlanAssignment.objects.board(plan, on=on))
    counts = {key: 0 for key in PlanAssignment.STATE_LABELS}
    parents = {}
    for r in rows:
        counts[r.state] += 1
        r.late_days = r.days_late(on)
        r.state_label = PlanAssignment.STATE_LABELS[r.state]
        if r.parent_now_id:
            parents[r.parent_now_id] = r.parent_now_name
    shown = rows
    state = params.get("trang_thai")
    if state in counts:
        shown = [r for r in shown if r.state == state]
    if state == "chua_lam":
        shown = [r for r in rows if not r.completed_on]
    if params.get("loai"):
        shown = [r for r in shown if r.unit.kind == params["loai"]]
    if params.get("khu_vuc"):
        shown = [r for r in shown if r.unit.sector == params["khu_vuc"]]
    parent = parse_id(params.get("cap_tren"))
    if parent:
        shown = [r for r in shown if r.parent_now_id == parent]
    sort = params.get("sap_xep") or ""
    if sort not in SORTS:
        sort = "ten"
    done = counts["on_time"] + counts["late"]
    return {
        "rows": sorted(shown, key=SORTS[sort]),
        "total": len(rows),
        "counts": counts,
        "done": done,
        "pending_count": len(rows) - done,
        "parents": sorted(parents.items(), key=lambda kv: (kv[1] or "").lower()),
        "kinds": sorted({r.unit.kind for r in rows}),
        "sort": sort,
        "on": on,
    }
