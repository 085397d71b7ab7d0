"""Restructuring flows: each changes links, units and events together, in one transaction.

Every function takes the effective date `on`: the first day of the new structure. Reading the tree as of
any earlier day still shows the old structure. Errors are `ValidationError`s with Vietnamese messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.crypto import get_random_string

from trienkhai.core.names import display_name, split_full_name
from trienkhai.lib.vn import format_date

from . import contrib
from .models import Membership, NotificationDefaults, Unit, UnitEvent, UnitLink, today


def _require_active(unit: Unit, on: dt.date) -> None:
    if not unit.is_active_on(on):
        raise ValidationError(f"Đơn vị “{unit.name}” không hoạt động vào ngày {format_date(on)}.")


def _require_no_later_links(unit: Unit, on: dt.date) -> None:
    # A change dated before an already recorded later change would rewrite history out of order.
    later = UnitLink.objects.filter(unit=unit, valid_from__gt=on).order_by("valid_from").first()
    if later:
        raise ValidationError(
            f"Đơn vị “{unit.name}” đã có thay đổi cấp trên từ ngày {format_date(later.valid_from)}; "
            f"không thể ghi thay đổi với ngày hiệu lực sớm hơn."
        )


def _record(
    unit: Unit,
    kind: str,
    on: dt.date,
    *,
    user: User | None = None,
    note: str = "",
    old: str = "",
    new: str = "",
    related: Sequence[Unit | None] = (),
) -> UnitEvent:
    """One line of the unit's history; `related` may hold None for an absent parent or successor."""
    event = UnitEvent.objects.create(
        unit=unit, kind=kind, date=on, old_value=old[:255], new_value=new[:255], note=note, created_by=user
    )
    linked = [u for u in related if u is not None]
    if linked:
        event.related.set(linked)
    return event


def _attach(unit: Unit, parent: Unit, on: dt.date) -> None:
    UnitLink.objects.create(unit=unit, parent=parent, valid_from=on)


def _detach(unit: Unit, on: dt.date) -> Unit | None:
    """Close the link valid on `on`; return the parent it pointed to."""
    link: UnitLink | None = UnitLink.objects.valid_on(on).filter(unit=unit).select_related("parent").first()
    if link is None:
        return None
    parent: Unit = link.parent
    if link.valid_from == on:
        # Same-day correction: the old link never took effect, so it goes rather than becoming empty.
        link.delete()
        return parent
    link.valid_to = on
    link.save(update_fields=["valid_to"])
    return parent


@transaction.atomic
def create_unit(
    *, parent: Unit | None, on: dt.date, user: User | None = None, note: str = "", **fields: Any
) -> Unit:
    """Found a unit under `parent` on `on` and return it. `fields` are Unit fields (code, name, kind, ...).

    Checks that the code is not taken (case-insensitively) and that `parent` is active on `on`; raises a
    `ValidationError` with a Vietnamese message otherwise and then writes nothing. Records a CREATE event."""
    code = fields.get("code", "").strip()
    if Unit.objects.filter(code__iexact=code).exists():
        raise ValidationError(f"Mã đơn vị “{code}” đã tồn tại.")
    if parent is not None:
        _require_active(parent, on)
    unit = Unit.objects.create(valid_from=on, **fields)
    if parent is not None:
        _attach(unit, parent, on)
    _record(
        unit,
        UnitEvent.Kind.CREATE,
        on,
        user=user,
        note=note,
        new=parent.name if parent else "",
        related=[parent],
    )
    return unit


@transaction.atomic
def move_unit(*, unit: Unit, new_parent: Unit, on: dt.date, user: User | None = None, note: str = "") -> None:
    """Place `unit` (with its whole subtree) under `new_parent` from `on`; the tree read for earlier days
    is unchanged. Records a MOVE event and returns nothing.

    Raises a `ValidationError` (Vietnamese message, nothing written) when either unit is inactive on `on`,
    the move would make a cycle, `unit` already sits under `new_parent`, or a later parent change exists."""
    _require_active(unit, on)
    _require_active(new_parent, on)
    if new_parent.pk == unit.pk:
        raise ValidationError("Không thể đặt một đơn vị làm cấp trên của chính nó.")
    if unit.descendants(on).filter(pk=new_parent.pk).exists():
        raise ValidationError(
            f"Không thể chuyển “{unit.name}” vào “{new_parent.name}” vì “{new_parent.name}” "
            f"đang là đơn vị cấp dưới của nó (sẽ tạo vòng lặp)."
        )
    _require_no_later_links(unit, on)
    current = unit.parent_on(on)
    if current is not None and current.pk == new_parent.pk:
        raise ValidationError(f"“{unit.name}” đã trực thuộc “{new_parent.name}” vào ngày {format_date(on)}.")
    changed = contrib.tree_changing([unit], on)
    old_parent = _detach(unit, on)
    _attach(unit, new_parent, on)
    changed()
    _record(
        unit,
        UnitEvent.Kind.MOVE,
        on,
        user=user,
        note=note,
        old=old_parent.name if old_parent else "",
        new=new_parent.name,
        related=[old_parent, new_parent],
    )


@transaction.atomic
def rename_unit(
    *,
    unit: Unit,
    name: str,
    short_name: str | None = None,
    on: dt.date,
    user: User | None = None,
    note: str = "",
) -> None:
    """Give `unit` a new name from `on`; the old name stays readable for earlier dates."""
    name = name.strip()
    if not name:
        raise ValidationError("Tên mới không được để trống.")
    if name == unit.name:
        raise ValidationError("Tên mới trùng với tên hiện tại.")
    _require_active(unit, on)
    if on <= unit.valid_from:
        raise ValidationError("Ngày đổi tên phải sau ngày thành lập đơn vị.")
    later = unit.events.filter(kind=UnitEvent.Kind.RENAME, date__gte=on).first()
    if later:
        raise ValidationError(f"Đơn vị đã đổi tên vào ngày {format_date(later.date)}; hãy chọn ngày sau đó.")
    old = unit.name
    unit.name = name
    if short_name is not None:
        unit.short_name = short_name.strip()
    unit.save()
    _record(unit, UnitEvent.Kind.RENAME, on, user=user, note=note, old=old, new=name)


def _end_unit(unit: Unit, on: dt.date, successor: Unit | None) -> None:
    _require_no_later_links(unit, on)
    changed = contrib.tree_changing([unit], on)
    _detach(unit, on)
    changed()
    unit.valid_to = on
    unit.successor = successor
    unit.save()
    # Roles in an ended unit end the day before; the people keep their accounts.
    last_day = on - dt.timedelta(days=1)
    for membership in Membership.objects.filter(unit=unit).active_on(on):
        if membership.start_date > last_day:
            membership.delete()
        else:
            membership.end_date = last_day
            membership.save()


def _move_children(unit: Unit, target: Unit, on: dt.date, *, user: User | None = None, note: str = "") -> int:
    children = list(unit.children_on(on))
    for child in children:
        move_unit(unit=child, new_parent=target, on=on, user=user, note=note)
    return len(children)


@transaction.atomic
def dissolve_unit(
    *, unit: Unit, on: dt.date, successor: Unit | None = None, user: User | None = None, note: str = ""
) -> None:
    """End `unit` on `on`. Its children go to `successor`; without one, it must have none left."""
    _require_active(unit, on)
    if successor is not None:
        _require_active(successor, on)
        if successor.pk == unit.pk or unit.descendants(on).filter(pk=successor.pk).exists():
            raise ValidationError("Đơn vị kế thừa không được là chính đơn vị hoặc đơn vị cấp dưới của nó.")
        _move_children(unit, successor, on, user=user, note=note)
    elif unit.children_on(on).exists():
        count = unit.children_on(on).count()
        raise ValidationError(
            f"“{unit.name}” còn {count} đơn vị trực thuộc vào ngày {format_date(on)}; "
            f"hãy chọn đơn vị kế thừa hoặc chuyển các đơn vị này trước."
        )
    _end_unit(unit, on, successor)
    _record(
        unit,
        UnitEvent.Kind.DISSOLVE,
        on,
        user=user,
        note=note,
        new=successor.name if successor else "",
        related=[successor],
    )


@transaction.atomic
def merge_units(
    *,
    sources: Sequence[Unit],
    on: dt.date,
    into: Unit | None = None,
    new_parent: Unit | None = None,
    new_unit: dict[str, Any] | None = None,
    user: User | None = None,
    note: str = "",
) -> Unit:
    """Merge `sources` on `on`: into an existing unit `into` (B absorbs A), or into a new unit created
    from `new_unit` fields under `new_parent` (A + B -> C). Children of the sources move to the target."""
    if into is None and not new_unit:
        raise ValidationError("Hãy chọn đơn vị nhận sáp nhập hoặc nhập thông tin đơn vị mới.")
    sources = [s for s in sources if into is None or s.pk != into.pk]
    if len(sources) < (1 if into else 2):
        raise ValidationError(
            "Cần ít nhất hai đơn vị để hợp nhất (hoặc một đơn vị sáp nhập vào đơn vị khác)."
        )
    for source in sources:
        _require_active(source, on)
    if into is None:
        assert new_unit  # checked above
        into = create_unit(parent=new_parent, on=on, user=user, note=note, **new_unit)
    else:
        _require_active(into, on)
        for source in sources:
            if source.descendants(on).filter(pk=into.pk).exists():
                raise ValidationError(
                    f"“{into.name}” đang trực thuộc “{source.name}”; không thể sáp nhập ngược."
                )
    for source in sources:
        _move_children(source, into, on, user=user, note=note)
        _end_unit(source, on, into)
        _record(
            source,
            UnitEvent.Kind.MERGE,
            on,
            user=user,
            note=note,
            old=source.name,
            new=into.name,
            related=[into],
        )
    _record(
        into,
        UnitEvent.Kind.MERGE,
        on,
        user=user,
        note=note,
        old=", ".join(s.name for s in sources),
        new=into.name,
        related=list(sources),
    )
    return into


@transaction.atomic
def split_unit(
    *,
    unit: Unit,
    parts: Sequence[dict[str, Any]],
    assignment: dict[int, int],
    on: dt.date,
    user: User | None = None,
    note: str = "",
) -> list[Unit]:
    """Split `unit` into new units (`parts`, Unit fields each) under its parent as of `on`.

    `assignment` maps every child id of `unit` to the index of the part that takes it. The old unit ends
    and the first part is recorded as its successor.
    """
    if len(parts) < 2:
        raise ValidationError("Chia tách cần ít nhất hai đơn vị mới.")
    _require_active(unit, on)
    children = list(unit.children_on(on))
    missing = [c.name for c in children if c.pk not in assignment]
    if missing:
        raise ValidationError("Chưa chọn đơn vị mới cho: " + ", ".join(missing) + ".")
    if any(not 0 <= i < len(parts) for i in assignment.values()):
        raise ValidationError("Phân chia đơn vị trực thuộc không hợp lệ.")
    parent = unit.parent_on(on)
    new_units = [create_unit(parent=parent, on=on, user=user, note=note, **fields) for fields in parts]
    for child in children:
        move_unit(unit=child, new_parent=new_units[assignment[child.pk]], on=on, user=user, note=note)
    _end_unit(unit, on, new_units[0])
    _record(
        unit,
        UnitEvent.Kind.SPLIT,
        on,
        user=user,
        note=note,
        old=unit.name,
        new=", ".join(u.name for u in new_units),
        related=new_units,
    )
    for new in new_units:
        _record(
            new, UnitEvent.Kind.SPLIT, on, user=user, note=note, old=unit.name, new=new.name, related=[unit]
        )
    return new_units


@transaction.atomic
def add_membership(
    *, user: User, unit: Unit, role: str, start_date: dt.date, end_date: dt.date | None
) -> Membership:
    """Give `user` a role in `unit`; refuses inverted or overlapping date ranges."""
    if end_date is not None and end_date < start_date:
        raise ValidationError("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    membership = Membership(user=user, unit=unit, role=role, start_date=start_date, end_date=end_date)
    clash = membership.overlapping().first()
    if clash:
        raise ValidationError(
            f"{display_name(user)} đã có vai trò “{clash.get_role_display()}” "
            f"tại đơn vị này "
            f"từ {format_date(clash.start_date)}"
            + (f" đến {format_date(clash.end_date)}" if clash.end_date else "")
            + "; khoảng thời gian bị trùng."
        )
    membership.save()
    return membership


@transaction.atomic
def grant_role(
    *,
    granter: User,
    unit: Unit,
    username: str,
    full_name: str,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None,
) -> tuple[Membership, str | None]:
    """Give the account `username` a role in `unit`, creating the account when it does not exist.

    Returns the membership and, for a new account, its initial password. An existing account that holds
    a current role in a unit the granter does not cover with a write role is refused: giving it a role
    here goes through an officer who covers both parts of the tree (docs/access.md).
    """
    User = get_user_model()
    username = username.strip()
    member_user = User.objects.filter(username=username).first()
    password = None
    if member_user is None:
        password = get_random_string(10)
        family, given = split_full_name(full_name)
        member_user = User.objects.create_user(
            username=username, password=password, first_name=given, last_name=family
        )
    else:
        current = Membership.objects.filter(user=member_user).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today())
        )
        for unit_id in set(current.values_list("unit_id", flat=True)):
            if not Unit.objects.in_scope(granter, unit_id, write=True):
                raise ValidationError(
                    f"Tài khoản “{username}” đang có vai trò ở đơn vị ngoài phạm vi bạn quản lý. "
                    f"Việc giao thêm vai trò cho tài khoản này cần do cán bộ cấp trên phụ trách cả hai "
                    f"đơn vị thực hiện."
                )
    membership = add_membership(
        user=member_user, unit=unit, role=role, start_date=start_date, end_date=end_date
    )
    return membership, password


@transaction.atomic
def set_notification_defaults(
    *,
    unit: Unit,
    channels: dict[str, list[str]],
    quiet_start: dt.time | None,
    quiet_end: dt.time | None,
    digest: bool,
    user: User,
) -> NotificationDefaults:
    """What the unit sets for the notifications of everyone below it who has not chosen for themselves
    (core.delivery reads it through orgs.hooks.notification_defaults)."""
    row, _ = NotificationDefaults.objects.update_or_create(
        unit=unit,
        defaults={
            "channels": channels,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
            "digest": digest,
            "updated_by": user,
        },
    )
    return row
