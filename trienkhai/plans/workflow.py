"""Plan flows. Each is one function, keyword-only, in one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from trienkhai.documents.models import Document, LegalBasis
from trienkhai.orgs.models import Unit, UnitKind

from .models import Duty, Plan, Task, TaskGroup


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _duty_kind(label: str) -> str:
    # "Đối với công đoàn cơ sở" applies to grassroots units; anything else to the issuing level.
    text = label.lower()
    if "cơ sở" in text or "cđcs" in text:
        return UnitKind.GRASSROOTS
    return ""


def _purposes(parsed: dict) -> list[str]:
    """Items of the first section ("MỤC ĐÍCH, YÊU CẦU") when the document has one."""
    for section in parsed.get("sections") or []:
        if "MỤC ĐÍCH" in (section.get("title") or "").upper():
            return [*(section.get("items") or []), *(section.get("paragraphs") or [])]
    return []


@transaction.atomic
def create_plan_from_parsed(
    *,
    parsed: dict,
    owner_unit: Unit,
    user=None,
    document: Document | None = None,
    basis: LegalBasis | None = None,
    implements: LegalBasis | None = None,
    cites: list[LegalBasis] | None = None,
) -> Plan:
    """Create a draft Plan with its task groups, tasks and duties from a parse-json contract dict
    (as reviewed by the officer). Group order follows the task ids ("II.1", "II.2" ...)."""
    plan = Plan.objects.create(
        owner_unit=owner_unit,
        document=document,
        basis=basis,
        implements=implements,
        number=parsed.get("number") or "",
        title=parsed.get("title") or "(chưa có tên)",
        place=parsed.get("place") or "",
        issued_on=_date(parsed.get("date")),
        purposes=_purposes(parsed),
        signer_name=(parsed.get("signer") or {}).get("name") or "",
        signer_title=(parsed.get("signer") or {}).get("title") or "",
        recipients=parsed.get("recipients") or [],
        created_by=user,
    )
    if cites:
        plan.cites.set(cites)
    groups: dict[str, TaskGroup] = {}
    for position, task in enumerate(parsed.get("tasks") or []):
        key = task.get("group") or ""
        if key not in groups:
            groups[key] = TaskGroup.objects.create(
                plan=plan,
                position=len(groups),
                label=key.rsplit(".", 1)[-1],
                title=task.get("group_title") or "",
            )
        Task.objects.create(
            plan=plan,
            group=groups[key],
            position=position,
            code=task.get("id") or "",
            text=task.get("text") or "",
        )
    position = 0
    for assignment in parsed.get("assignments") or []:
        label = assignment.get("unit") or ""
        for duty in assignment.get("duties") or []:
            Duty.objects.create(
                plan=plan, position=position, unit_label=label, unit_kind=_duty_kind(label), text=duty
            )
            position += 1
    return plan
