"""The door of `inspections` (issue 18/19): what other apps may call. Typed; each docstring says what it
promises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Q

from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.vn import format_date

from . import rules
from .models import UNIT_TARGETS, DisciplineCase, Visit


def pending_for(*, unit_ids: Collection[int], member_ids: Collection[int], on: dt.date) -> list[str]:
    """Contract shared with awards: the reasons, in Vietnamese, why an award to these units or members
    must wait on `on` (Nghị định 152/2025/NĐ-CP Điều 4, rules.AWARD_WAIT_ARTICLE); an empty list when
    nothing stands in the way.

    A reason is given, once per case, for
    - an inspection (any of the seven processes of 684/QĐ-TLĐ) of one of the units, or of one of the
      members, that has started on or before `on` and has no thông báo kết luận issued on or before `on`;
    - a discipline case about one of the units or members in progress on `on` (opened, not yet decided
      or dropped);
    - a discipline decided against one of them whose effect still runs on `on`.
    Units are matched exactly (a unit's inspection does not hold its parent or its children); members
    are ids of `members.Member`. The order is stable: inspections, cases in progress, disciplines in
    effect, each by date. Read-only, a fixed number of queries."""
    units, members = list(unit_ids), list(member_ids)
    if not units and not members:
        return []
    reasons: list[str] = []
    about = Q(target__in=UNIT_TARGETS, unit_id__in=units) | Q(member_id__in=members)
    issued_before = Q(
        plan__conclusion__state=OutgoingDocument.State.ISSUED, plan__conclusion__issued_on__lte=on
    )
    visits = (
        Visit.objects.filter(about, plan__starts_on__lte=on)
        .exclude(issued_before)
        .select_related("plan", "unit")
        .order_by("plan__starts_on", "pk")
    )
    for v in visits:
        rule = v.plan.rule
        reasons.append(
            f"{v.target_name}: đang trong cuộc {rule.verb} «{v.plan.title}» ({rule.name}, từ ngày "
            f"{format_date(v.plan.starts_on)}), chưa có {rule.conclusion_title.lower()} "
            f"({rules.AWARD_WAIT_ARTICLE})."
        )
    cases = DisciplineCase.objects.filter(
        Q(target__in=UNIT_TARGETS, unit_id__in=units) | Q(member_id__in=members)
    ).select_related("unit")
    for c in cases.in_progress(on=on).order_by("opened_on", "pk"):
        reasons.append(
            f"{c.target_name}: đang xem xét kỷ luật từ ngày {format_date(c.opened_on)} "
            f"({rules.AWARD_WAIT_ARTICLE})."
        )
    for c in cases.in_effect(on=on).order_by("effective_from", "pk"):
        until = f"đến ngày {format_date(c.effective_until)}" if c.effective_until else "không thời hạn"
        ref = f" (Quyết định {c.decision_ref})" if c.decision_ref else ""
        reasons.append(
            f"{c.target_name}: đang chịu hình thức kỷ luật {c.get_form_display().lower()}{ref}, hiệu lực "
            f"{until} ({rules.AWARD_WAIT_ARTICLE})."
        )
    return reasons
