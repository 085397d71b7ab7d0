"""Plan flows. Each is one function, keyword-only, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.notify import notify
from trienkhai.documents.api import Registration, is_plan, register_document, review_document
from trienkhai.documents.models import Document, LegalBasis
from trienkhai.lib.docparse.schema import Document as ParsedDocument
from trienkhai.lib.vn import format_date, format_number, iso_date
from trienkhai.orgs.models import Unit, UnitKind, UnitQuerySet, today, writers_of

from .models import Action, BudgetLine, Duty, Plan, PlanAssignment, PlanVersion, Reminder, Task, TaskGroup


def _duty_kind(label: str) -> str:
    # "Đối với công đoàn cơ sở" applies to grassroots units; anything else to the issuing level.
    text = label.lower()
    if "cơ sở" in text or "cđcs" in text:
        return UnitKind.GRASSROOTS
    return ""


def _purposes(parsed: ParsedDocument) -> list[str]:
    """Items of the first section ("MỤC ĐÍCH, YÊU CẦU") when the document has one."""
    for section in parsed["sections"] or []:
        if "MỤC ĐÍCH" in (section["title"] or "").upper():
            return [*(section["items"] or []), *(section["paragraphs"] or [])]
    return []


@transaction.atomic
def save_review_as_plan(
    *, document: Document, parsed: ParsedDocument, user: User | None
) -> tuple[Plan | None, bool]:
    """ "Lưu thành kế hoạch": store the officer's review of a document, then make its draft Plan.
    Returns (None, False) when the reviewed parse is not a plan (the review is stored all the same), and
    (the existing plan, False) when the document already has one. The registry of legal bases is passed
    once, by the review; the new plan takes its bases from that pass."""
    registered = review_document(document=document, parsed=parsed, user=user)
    if not is_plan(parsed):
        return None, False
    return create_plan_from_document(document=document, user=user, registered=registered)


@transaction.atomic
def create_plan_from_document(
    *, document: Document, user: User | None, registered: Registration | None = None
) -> tuple[Plan, bool]:
    """The draft Plan of a reviewed document, registered with its legal bases (`registered`: what the
    registry pass of the review just made of it, so that pass does not run twice); (the existing one,
    False) when the document already has a plan."""
    existing = document.plans.order_by("pk").first()
    if existing is not None:
        return existing, False
    parsed = document.contract()
    basis, implements, cites = registered or register_document(document=document, parsed=parsed)
    plan = create_plan_from_parsed(
        parsed=parsed,
        owner_unit=document.owner_unit,
        user=user,
        document=document,
        basis=basis,
        implements=implements,
        cites=cites,
    )
    return plan, True


@transaction.atomic
def create_plan_from_parsed(
    *,
    parsed: ParsedDocument,
    owner_unit: Unit,
    user: User | None = None,
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
        number=parsed["number"] or "",
        title=parsed["title"] or "(chưa có tên)",
        place=parsed["place"] or "",
        issued_on=iso_date(parsed["date"]),
        purposes=_purposes(parsed),
        signer_name=parsed["signer"]["name"] or "",
        signer_title=parsed["signer"]["title"] or "",
        recipients=parsed["recipients"] or [],
        created_by=user,
    )
    if cites:
        plan.cites.set(cites)
    groups: dict[str, TaskGroup] = {}
    for position, task in enumerate(parsed["tasks"] or []):
        key = task["group"] or ""
        if key not in groups:
            groups[key] = TaskGroup.objects.create(
                plan=plan,
                position=len(groups),
                label=key.rsplit(".", 1)[-1],
                title=task["group_title"] or "",
            )
        Task.objects.create(
            plan=plan,
            group=groups[key],
            position=position,
            code=task["id"] or "",
            text=task["text"] or "",
        )
    position = 0
    for assignment in parsed["assignments"] or []:
        label = assignment["unit"] or ""
        for duty in assignment["duties"] or []:
            Duty.objects.create(
                plan=plan, position=position, unit_label=label, unit_kind=_duty_kind(label), text=duty
            )
            position += 1
    return plan


# --- Editing a draft with optimistic locking ------------------------------------------------------------


def create_plan(*, plan: Plan, owner_unit: Unit, user: User) -> Plan:
    """Store a new draft plan typed by hand (its header from the form) for the unit that writes it."""
    plan.owner_unit = owner_unit
    plan.created_by = user
    plan.save()
    return plan


@transaction.atomic
def save_plan_header(*, plan: Plan, changed: Plan, lock_version: int | None) -> bool:
    """Save the header fields of `changed` (the plan as the form edited it) if nobody saved the plan
    since the user read it at `lock_version`; False, with nothing written, when somebody did."""
    if lock_version is None or not plan.bump_lock(lock_version):
        return False
    changed.lock_version = lock_version + 1
    changed.save()
    return True


@transaction.atomic
def save_plan_rows(*, plan: Plan, rows: list[Any], deleted: list[Any], lock_version: int | None) -> bool:
    """Save a section's rows (tasks, groups, duties or budget lines) and delete the removed ones, under the
    same optimistic lock as the header; False, with nothing written, when the plan changed meanwhile."""
    if lock_version is None or not plan.bump_lock(lock_version):
        return False
    _check_allocations(
        [r for r in rows if isinstance(r, BudgetLine)], [r for r in deleted if isinstance(r, BudgetLine)]
    )
    for row in rows:
        row.plan = plan
        row.save()
    for row in deleted:
        row.delete()
    return True


class AllocationRefused(Exception):
    """A budget change that would let the allocations of a line exceed it; the message says which."""


def _check_allocations(rows: list[BudgetLine], deleted: list[BudgetLine]) -> None:
    """Refuse (AllocationRefused) budget rows that would make some line's allocations add up to more than
    the line: a sub-plan's lines drawn from a parent line, or a parent line cut below what it gave out.

    Every line whose allocations change is locked (SELECT ... FOR UPDATE, in pk order so two savers
    cannot deadlock) before its allocations are summed, so two sub-plans saving at the same moment are
    checked one after the other and cannot overrun the line together."""
    changing = {r.pk for r in [*rows, *deleted] if r.pk}
    parents = {r.parent_line_id for r in rows if r.parent_line_id} | {r.pk for r in rows if r.pk}
    if deleted and BudgetLine.objects.filter(parent_line__in=[r.pk for r in deleted]).exists():
        line = BudgetLine.objects.filter(allocations__isnull=False, pk__in=[r.pk for r in deleted]).first()
        raise AllocationRefused(
            _("Không xóa được dòng kinh phí “%(item)s”: đơn vị cấp dưới đã được phân bổ từ dòng này.")
            % {"item": line.item if line else ""}
        )
    if not parents:
        return
    locked = {
        line.pk: line for line in BudgetLine.objects.select_for_update().filter(pk__in=parents).order_by("pk")
    }
    given: dict[int, Decimal] = {
        row["parent_line"]: row["total"]
        for row in BudgetLine.objects.filter(parent_line__in=locked)
        .exclude(pk__in=changing)
        .order_by()
        .values("parent_line")
        .annotate(total=Sum("amount"))
    }
    for row in rows:
        if row.parent_line_id:
            given[row.parent_line_id] = given.get(row.parent_line_id, Decimal(0)) + Decimal(row.amount)
    amounts = {pk: line.amount for pk, line in locked.items()}
    amounts.update({r.pk: Decimal(r.amount) for r in rows if r.pk})  # a parent line edited in this save
    for pk, total in given.items():
        if pk in amounts and total > amounts[pk]:
            raise AllocationRefused(
                _(
                    "Tổng phân bổ từ dòng kinh phí “%(item)s” là %(total)s đ, vượt dự toán của dòng "
                    "(%(amount)s đ). Hãy giảm số phân bổ hoặc đề nghị cấp trên điều chỉnh dự toán."
                )
                % {
                    "item": locked[pk].item if pk in locked else "",
                    "total": format_number(int(total)),
                    "amount": format_number(int(amounts[pk])),
                }
            )


# --- Publishing, versions and the cascade ---------------------------------------------------------------

GRASSROOTS_KINDS = (UnitKind.GRASSROOTS, UnitKind.GUILD)


def _plan_url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


def recipients_for(*, plan: Plan, units_filter: dict[str, Any] | None, on: dt.date) -> UnitQuerySet:
    """Units a plan goes to as of `on`.

    `units_filter` keys (all optional): `scope` = "grassroots" (default: every CĐCS in the owner's subtree
    as of `on`) or "children" (direct children as of `on`); `kinds` and `sectors` narrow it; `unit_ids`
    restricts it to those units (which must still be inside the scope).
    """
    f = units_filter or {}
    owner = plan.owner_unit
    # An owner ended by the 2025 reform sends through its successor (DNI for PRG), which took its units.
    for _hop in range(8):
        if owner.is_active_on(on) or owner.successor is None:
            break
        owner = owner.successor
    if f.get("scope") == "children":
        units = Unit.objects.filter(pk__in=owner.children_on(on).values("pk"))
    else:
        units = (
            Unit.objects.subtree_of([owner.pk], on=on).exclude(pk=owner.pk).filter(kind__in=GRASSROOTS_KINDS)
        )
    units = units.active_on(on)
    if f.get("kinds"):
        units = units.filter(kind__in=f["kinds"])
    if f.get("sectors"):
        units = units.filter(sector__in=f["sectors"])
    if f.get("unit_ids"):
        units = units.filter(pk__in=f["unit_ids"])
    return units


def new_recipients(*, plan: Plan, units_filter: dict[str, Any] | None, on: dt.date) -> list[int]:
    """Ids of the units that publishing with this filter as of `on` would send the plan to now: the
    recipients minus the units that already have it."""
    existing = set(plan.assignments.values_list("unit_id", flat=True))
    candidates = recipients_for(plan=plan, units_filter=units_filter, on=on).values_list("pk", flat=True)
    return [pk for pk in candidates if pk not in existing]


def no_recipients_reason(*, plan: Plan, units_filter: dict[str, Any] | None, on: dt.date) -> str:
    """Why publishing as of `on` reaches no unit, in words an officer can act on."""
    f = units_filter or {}
    where = "trực thuộc trực tiếp" if f.get("scope") == "children" else "công đoàn cơ sở nào trực thuộc"
    narrowed = " thỏa bộ lọc đã chọn" if f.get("kinds") or f.get("sectors") else ""
    return (
        f"Không có đơn vị nào nhận kế hoạch: vào ngày {format_date(on)}, {plan.owner_unit.name} "
        f"không có {where}{narrowed} đang hoạt động. Hãy chọn ngày ban hành khác (đơn vị nhận được tính "
        f"theo cơ cấu tổ chức vào ngày đó) hoặc bỏ bớt bộ lọc."
    )


def snapshot_plan(plan: Plan) -> dict[str, Any]:
    """The plan as JSON: header, groups with tasks, duties, budget. What a version freezes."""
    tasks_by_group: dict[int, list[dict[str, Any]]] = {}
    for t in plan.tasks.order_by("position", "pk"):
        tasks_by_group.setdefault(t.group_id, []).append(
            {"id": t.pk, "code": t.code, "text": t.text, "source_task": t.source_task_id}
        )
    return {
        "header": {
            "number": plan.number,
            "title": plan.title,
            "place": plan.place,
            "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
            "period_start": plan.period_start.isoformat() if plan.period_start else None,
            "period_end": plan.period_end.isoformat() if plan.period_end else None,
            "signer_name": plan.signer_name,
            "signer_title": plan.signer_title,
            "purposes": list(plan.purposes or []),
        },
        "groups": [
            {"id": g.pk, "label": g.label, "title": g.title, "tasks": tasks_by_group.get(g.pk, [])}
            for g in plan.groups.order_by("position", "pk")
        ],
        "duties": [
            {"unit_label": d.unit_label, "unit_kind": d.unit_kind, "text": d.text}
            for d in plan.duties.order_by("position", "pk")
        ],
        "budget": [
            {"item": b.item, "amount": str(b.amount), "source": b.source, "spent": str(b.spent)}
            for b in plan.budget_lines.order_by("position", "pk")
        ],
    }


@transaction.atomic
def publish_plan(
    *,
    plan: Plan,
    user: User | None,
    units_filter: dict[str, Any] | None,
    deadline: dt.date,
    on: dt.date,
    note: str = "",
    require_recipients: bool = True,
) -> PlanVersion:
    """Ban hành và gửi xuống: freeze the plan as version N+1, mark it published and send it to the units
    chosen as of `on` with a deadline for their own plans; notify their writers.

    On the first publication `units_filter=None` means every CĐCS below the owner as of `on`. On an
    amendment `None` keeps the recipients as they are; a filter adds the units it selects that do not have
    the plan yet (existing assignments are kept untouched). A first publication that would reach no unit
    is refused with the reason, unless `require_recipients` is off (a CĐCS freezing its own plan).
    """
    plan = Plan.objects.select_for_update().select_related("owner_unit").get(pk=plan.pk)
    if not plan.is_editable:
        raise ValidationError("Kế hoạch đã ban hành; hãy mở một lần sửa đổi trước khi ban hành lại.")
    if deadline < on:
        raise ValidationError("Hạn xây dựng kế hoạch không được trước ngày ban hành.")
    if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
        raise ValidationError("Thời gian thực hiện không hợp lệ: ngày kết thúc trước ngày bắt đầu.")
    if not plan.tasks.exists():
        raise ValidationError("Kế hoạch chưa có nhiệm vụ nào; không thể ban hành.")
    first = plan.version == 0
    number = plan.version + 1
    if first and plan.issued_on is None:
        plan.issued_on = on
    note = note or plan.amendment_reason
    new_units: list[int] = []
    if first or units_filter is not None:
        new_units = new_recipients(plan=plan, units_filter=units_filter, on=on)
        if first and not new_units and require_recipients:
            # A first publication that reaches nobody would look like success and need an amendment.
            raise ValidationError(no_recipients_reason(plan=plan, units_filter=units_filter, on=on))
    version = PlanVersion.objects.create(
        plan=plan, number=number, snapshot=snapshot_plan(plan), note=note, published_by=user
    )
    if new_units:
        PlanAssignment.objects.bulk_create(
            [
                PlanAssignment(plan=plan, unit_id=pk, sent_on=on, deadline=deadline, version_added=number)
                for pk in new_units
            ]
        )
    plan.status = Plan.Status.PUBLISHED
    plan.version = number
    plan.amendment_reason = ""
    plan.lock_version += 1
    plan.save()
    # Everyone who holds the plan hears about a new version; new recipients hear that it was sent.
    label = plan.number or plan.title[:60]
    if new_units:
        notify(
            users=writers_of(new_units, on=on),
            verb="plan_published",
            text=f"{plan.owner_unit.name} gửi kế hoạch {label}; hạn xây dựng kế hoạch: {format_date(deadline)}.",
            url=_plan_url(plan),
            key=f"plan-{plan.pk}-v{number}-sent",
        )
    if not first:
        old = plan.assignments.exclude(unit_id__in=new_units).values_list("unit_id", flat=True)
        notify(
            users=writers_of(list(old), on=on),
            verb="plan_amended",
            text=f"Kế hoạch {label} đã được sửa đổi (phiên bản {number}). {note}".strip(),
            url=_plan_url(plan),
            key=f"plan-{plan.pk}-v{number}-amended",
        )
    if plan.is_sub_plan:
        _complete_assignment(plan, on)
    return version


def _complete_assignment(plan: Plan, on: dt.date) -> None:
    assignment = PlanAssignment.objects.filter(sub_plan=plan).first()
    if assignment and assignment.completed_on is None:
        assignment.completed_on = on
        assignment.save(update_fields=["completed_on"])


@transaction.atomic
def start_amendment(*, plan: Plan, user: User | None, reason: str) -> Plan:
    """Sửa đổi: reopen a published plan as the draft of its next version, with the reason recorded."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.PUBLISHED:
        raise ValidationError("Chỉ sửa đổi được kế hoạch đã ban hành.")
    if not reason.strip():
        raise ValidationError("Cần nêu lý do sửa đổi.")
    plan.status = Plan.Status.AMENDING
    plan.amendment_reason = reason.strip()
    plan.lock_version += 1
    # simple-history reads the reason from this attribute and keeps at most 100 characters of it.
    setattr(plan, "_change_reason", reason.strip()[:100])  # noqa: B010
    plan.save()
    return plan


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between two versions: header fields, tasks added/removed/changed, budget total."""
    labels = {
        "number": "Số, ký hiệu",
        "title": "Tên kế hoạch",
        "place": "Địa danh",
        "issued_on": "Ngày ban hành",
        "period_start": "Thực hiện từ ngày",
        "period_end": "Đến ngày",
        "signer_name": "Người ký",
        "signer_title": "Chức vụ người ký",
        "purposes": "Mục đích, yêu cầu",
    }
    oh, nh = old.get("header", {}), new.get("header", {})
    fields = [
        {"field": labels.get(k, k), "old": oh.get(k), "new": nh.get(k)}
        for k in labels
        if oh.get(k) != nh.get(k)
    ]

    def tasks(s: dict[str, Any]) -> dict[str, Any]:
        return {t["id"]: t for g in s.get("groups", []) for t in g.get("tasks", [])}

    ot, nt = tasks(old), tasks(new)
    added = [nt[k] for k in nt if k not in ot]
    removed = [ot[k] for k in ot if k not in nt]
    changed = [{"old": ot[k], "new": nt[k]} for k in nt if k in ot and ot[k]["text"] != nt[k]["text"]]

    def total(s: dict[str, Any]) -> Decimal:
        return sum((Decimal(b["amount"]) for b in s.get("budget", [])), Decimal(0))

    return {
        "fields": fields,
        "added": added,
        "removed": removed,
        "changed": changed,
        "budget_old": total(old),
        "budget_new": total(new),
        "duties_changed": old.get("duties") != new.get("duties"),
        "empty": not (fields or added or removed or changed or old.get("budget") != new.get("budget"))
        and old.get("duties") == new.get("duties"),
    }


# --- The receiving side: open, build the sub-plan, complete it, reminders ----------------------------------


def mark_received(*, assignment: PlanAssignment) -> None:
    """First open by the receiving unit: record when (later opens change nothing)."""
    if assignment.received_at is None:
        PlanAssignment.objects.filter(pk=assignment.pk, received_at__isnull=True).update(
            received_at=timezone.now()
        )
        assignment.refresh_from_db(fields=["received_at"])


@transaction.atomic
def create_sub_plan(
    *, assignment: PlanAssignment, user: User | None, task_ids: Iterable[int | str], on: dt.date | None = None
) -> Plan:
    """Xây dựng kế hoạch của đơn vị: a draft plan owned by the receiving unit, pre-filled with the parent's
    tasks it picked (each keeps `source_task`), under the same groups and within the parent's period."""
    assignment = (
        PlanAssignment.objects.select_for_update().select_related("plan", "unit").get(pk=assignment.pk)
    )
    if assignment.sub_plan is not None:
        return assignment.sub_plan
    parent = assignment.plan
    on = on or today()
    mark_received(assignment=assignment)
    plan = Plan.objects.create(
        owner_unit=assignment.unit,
        parent_plan=parent,
        implements=parent.basis or parent.implements,
        title=f"Kế hoạch tổ chức thực hiện {parent.number or parent.title}".strip(),
        place=parent.place,
        period_start=parent.period_start or on,
        period_end=parent.period_end,
        purposes=[],
        created_by=user,
    )
    assignment.sub_plan = plan
    assignment.save(update_fields=["sub_plan"])
    set_sub_plan_tasks(plan=plan, task_ids=task_ids)
    return plan


@transaction.atomic
def set_sub_plan_tasks(*, plan: Plan, task_ids: Iterable[int | str]) -> None:
    """Make the sub-plan carry exactly the picked parent tasks: add the new ones, drop the unpicked ones."""
    wanted = set(int(t) for t in task_ids)
    parent_tasks = {
        t.pk: t for t in Task.objects.filter(plan=plan.parent_plan, pk__in=wanted).select_related("group")
    }
    have = {t.source_task_id: t for t in plan.tasks.all()}
    plan.tasks.exclude(source_task_id__in=list(parent_tasks)).delete()
    groups = {g.label + "|" + g.title: g for g in plan.groups.all()}
    for pk, src in sorted(parent_tasks.items(), key=lambda kv: (kv[1].group.position, kv[1].position)):
        if pk in have:
            continue
        key = src.group.label + "|" + src.group.title
        if key not in groups:
            groups[key] = TaskGroup.objects.create(
                plan=plan, position=src.group.position, label=src.group.label, title=src.group.title
            )
        Task.objects.create(
            plan=plan, group=groups[key], position=src.position, code=src.code, text=src.text, source_task=src
        )
    plan.groups.filter(tasks__isnull=True).delete()


def validate_action(*, plan: Plan, text: str, responsible: str, due_date: dt.date | None) -> dict[str, Any]:
    """Vietnamese error messages per field for an action (empty dict = valid)."""
    errors = {}
    if not (text or "").strip():
        errors["text"] = "Nhập nội dung hoạt động cụ thể."
    if not (responsible or "").strip():
        errors["responsible"] = "Nhập người phụ trách."
    if due_date is None:
        errors["due_date"] = "Nhập thời hạn (ví dụ 30/9/2024)."
    elif plan.period_start and due_date < plan.period_start:
        errors["due_date"] = f"Thời hạn phải từ ngày {format_date(plan.period_start)} (bắt đầu kế hoạch)."
    elif plan.period_end and due_date > plan.period_end:
        errors["due_date"] = f"Thời hạn phải trước ngày {format_date(plan.period_end)} (kết thúc kế hoạch)."
    return errors


def add_action(*, plan: Plan, task: Task, action: Action) -> Action:
    """Store a concrete action (checked by `ActionForm`) under a task of the sub-plan, after the task's
    other actions."""
    action.plan = plan
    action.position = task.actions.count()
    action.save()
    return action


def delete_action(*, action: Action) -> None:
    """Remove a concrete action of a sub-plan (its history keeps it)."""
    action.delete()


def must_send_on(*, plan: Plan, on: dt.date) -> bool:
    """A unit's own plan that its grassroots units below must receive (a commune union's plan): it has
    CĐCS below it as of `on` and none of them holds it yet. Finishing such a plan sends it on; finishing
    it alone would freeze it with nobody below holding it."""
    if not plan.is_sub_plan or plan.assignments.exists():
        return False
    return bool(new_recipients(plan=plan, units_filter=None, on=on))


@transaction.atomic
def complete_sub_plan(
    *,
    plan: Plan,
    user: User | None,
    on: dt.date | None = None,
    units_filter: dict[str, Any] | None = None,
    deadline: dt.date | None = None,
    note: str = "",
) -> PlanVersion:
    """Hoàn thành kế hoạch: every task has at least one action; freeze it (version 1) and mark the
    assignment done on `on` — on time or late against its deadline.

    A plan that must be sent on (`must_send_on`) is finished by sending it: `units_filter` and `deadline`
    choose the units below and their deadline as in `publish_plan`; without them it is refused."""
    on = on or today()
    if not plan.is_sub_plan:
        raise ValidationError("Đây không phải kế hoạch của đơn vị nhận.")
    if not plan.tasks.exists():
        raise ValidationError("Chọn ít nhất một nhiệm vụ của kế hoạch cấp trên.")
    missing = plan.tasks.filter(actions__isnull=True)
    if missing.exists():
        codes = ", ".join(t.code or t.text[:30] for t in missing[:5])
        raise ValidationError(f"Mỗi nhiệm vụ cần ít nhất một hoạt động cụ thể (còn thiếu: {codes}).")
    sending = units_filter is not None
    if not sending and must_send_on(plan=plan, on=on):
        raise ValidationError(
            "Kế hoạch này cần gửi xuống các công đoàn cơ sở trực thuộc: "
            "bấm “Hoàn thành và gửi xuống” để chọn đơn vị nhận và hạn."
        )
    plan.issued_on = plan.issued_on or on
    plan.save(update_fields=["issued_on"])
    assignment = PlanAssignment.objects.get(sub_plan=plan)
    version = publish_plan(
        plan=plan,
        user=user,
        # Nobody below: the plan is frozen and reported up only.
        units_filter=units_filter if sending else {"unit_ids": [0]},
        deadline=deadline or max(on, assignment.deadline),
        on=on,
        note=note,
        require_recipients=sending,
    )
    return version


@transaction.atomic
def send_reminder(
    *, assignment: PlanAssignment, user: User | None, on: dt.date | None = None, when: str = ""
) -> Reminder | None:
    """Nhắc đơn vị: record the reminder and notify the unit's writers. The one path for every plan
    reminder, by an officer (`user`) or by the daily job (no user, `when` = "còn 3 ngày đến hạn"): at most
    one per unit per day, so a unit never gets both on the same day. Returns the reminder, with
    `notified` = how many users were told, or None when the unit was reminded today or is done."""
    on = on or today()
    if assignment.completed_on:
        return None
    reminder, created = Reminder.objects.get_or_create(
        assignment=assignment, sent_on=on, defaults={"sent_by": user}
    )
    if not created:
        return None
    plan = assignment.plan
    detail = f": {when}" if when else ""
    reminder.notified = notify(
        users=writers_of([assignment.unit_id], on=on),
        verb="plan_reminder",
        text=(
            f"Nhắc xây dựng kế hoạch thực hiện {plan.number or plan.title[:60]}{detail}"
            f" (hạn {format_date(assignment.deadline)})."
        ),
        url=reverse("plans:assignment", args=[assignment.pk]),
        key=f"reminder:plan:{assignment.pk}:{on.isoformat()}",
    )
    return reminder


def remind_all_pending(*, plan: Plan, user: User | None, on: dt.date | None = None) -> int:
    """ "Nhắc tất cả đơn vị chưa làm": one reminder per unit without a completed plan; returns how many
    were sent now (units already reminded today are skipped)."""
    on = on or today()
    sent = 0
    pending = plan.assignments.filter(completed_on__isnull=True).exclude(reminders__sent_on=on)
    for assignment in pending.select_related("plan"):
        sent += send_reminder(assignment=assignment, user=user, on=on) is not None
    return sent
