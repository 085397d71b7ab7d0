"""Views of units: home, tree as of a date, search, unit page, restructuring, members, Excel import."""

from __future__ import annotations

import datetime as dt
from itertools import chain

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trienkhai.core.delivery import enabled_channels
from trienkhai.core.history import attach_changes
from trienkhai.core.http import AuthedRequest
from trienkhai.core.names import display_name
from trienkhai.core.notify_forms import ChannelTableForm

from . import workflow
from .access import can_restructure, can_write, get_unit_for_user, view_date
from .forms import (
    ChildUnitForm,
    DissolveForm,
    ImportForm,
    MembershipForm,
    MergeForm,
    MergeNewForm,
    MoveForm,
    RenameForm,
    SplitForm,
)
from .importer import import_units, template_workbook
from .models import Membership, NotificationDefaults, Unit, UnitEvent, UnitLink, today, tree_order
from .workflow import (
    create_unit,
    dissolve_unit,
    grant_role,
    merge_units,
    move_unit,
    rename_unit,
    split_unit,
)

# Changes of a unit's place or existence, decided by a unit above it (docs/access.md).
RESTRUCTURING = frozenset({"move", "rename", "merge", "merge_new", "split", "dissolve"})

# The tree page renders this many levels at once; deeper levels load on demand (HTMX), so a national
# tree of 130k units never goes into one page.
TREE_DEPTH = 3


def _with_parent_name(qs, on: dt.date):
    parent_links = UnitLink.objects.valid_on(on).filter(unit=OuterRef("pk"))
    return qs.annotate(parent_name=Subquery(parent_links.values("parent__name")[:1]))


def _date_qs(on: dt.date) -> str:
    return "" if on == today() else f"?ngay={on.isoformat()}"


def _tree_levels(request: HttpRequest, on: dt.date) -> tuple[list[Unit], dict[int, list[Unit]]]:
    """Roots of the user's visible tree as of `on`, and children per unit down to TREE_DEPTH levels."""
    pairs = list(
        Unit.objects.visible_to(request.user, on=on)
        .active_on(on)
        .with_parent_on(on)
        .values_list("pk", "parent_at")
    )
    visible = {pk for pk, _ in pairs}
    children: dict[int, list[int]] = {}
    roots = []
    for pk, parent in pairs:
        if parent in visible:
            children.setdefault(parent, []).append(pk)
        else:
            roots.append(pk)
    shown, frontier = set(roots), roots
    for _ in range(TREE_DEPTH - 1):
        frontier = [c for pk in frontier for c in children.get(pk, [])]
        shown.update(frontier)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=shown).for_tree(on)}
    kids = {
        pk: sorted((units[c] for c in cs if c in units), key=tree_order)
        for pk, cs in children.items()
        if pk in units
    }
    return sorted((units[r] for r in roots), key=tree_order), kids


@login_required
def unit_tree(request: AuthedRequest) -> HttpResponse:
    on = view_date(request)
    query = request.GET.get("q", "").strip()
    context = {"on": on, "is_today": on == today(), "query": query}
    if query:
        results = _with_parent_name(
            Unit.objects.visible_to(request.user, on=on).search(query).with_name_on(on), on
        ).order_by("name")[:200]
        context["results"] = list(results)
    else:
        roots, kids = _tree_levels(request, on)
        context.update(roots=roots, kids=kids)
    return render(request, "orgs/tree.html", context)


@login_required
def unit_children(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """HTMX partial: the children of one unit as of the date, for expanding a deep tree node."""
    on = view_date(request)
    unit = get_unit_for_user(request, unit_id, on=on)
    nodes = sorted(unit.children_on(on), key=tree_order)
    context = {"nodes": nodes, "kids": {}, "on": on, "is_today": on == today(), "level": 1}
    return render(request, "orgs/_tree_nodes.html", context)


def _merge_peers(request: HttpRequest, unit: Unit):
    """Units that may be merged with this one: writable, active today, of the same kind."""
    return (
        Unit.objects.writable_by(request.user).active_on(today()).filter(kind=unit.kind).exclude(pk=unit.pk)
    )


def _restructure_targets(request: HttpRequest, unit: Unit, on: dt.date):
    return (
        Unit.objects.writable_by(request.user)
        .active_on(on)
        .exclude(pk=unit.pk)
        .exclude(kind__in=["grassroots", "guild"])
    )


def with_changes(records) -> list:
    """History records, oldest first, each with `changes` — [(field label, old, new)] against the previous
    record of the same object — from one query (core.history)."""
    records = attach_changes(records, skip=("search_text",))
    for record in records:
        record.changes = [(field.verbose_name, old, new) for field, old, new in record.changes]
    return records


def _detail_context(request: HttpRequest, unit: Unit, on: dt.date) -> dict:
    writable = can_write(request, unit)
    ancestors = unit.ancestors(on)
    visible_ids = set(
        Unit.objects.visible_to(request.user, on=on)
        .filter(pk__in=[a.pk for a in ancestors])
        .values_list("pk", flat=True)
    )
    events = (
        UnitEvent.objects.filter(unit=unit)
        .select_related("created_by")
        .prefetch_related("related")
        .order_by("-date", "-pk")
    )
    members = (
        Membership.objects.filter(unit=unit)
        .active_on(on)
        .select_related("user")
        .order_by("role", "user__username")
    )
    audit = sorted(
        chain(
            with_changes(unit.history.select_related("history_user").order_by("history_date", "history_id")),
            with_changes(
                Membership.history.filter(unit_id=unit.pk)
                .select_related("history_user", "user")
                .order_by("history_date", "history_id")
            ),
        ),
        key=lambda h: h.history_date,
        reverse=True,
    )[:50]
    context = {
        "unit": unit,
        "on": on,
        "is_today": on == today(),
        "date_qs": _date_qs(on),
        "name_on": unit.name_on(on),
        "active": unit.is_active_on(on),
        "breadcrumb": [(a, a.pk in visible_ids) for a in reversed(ancestors)],
        "parent": ancestors[0] if ancestors else None,
        "children": sorted(unit.children_on(on), key=tree_order),
        "members": members,
        "events": events,
        "audit": audit,
        "writable": writable,
        "predecessors": unit.predecessors.all(),
    }
    restructure = writable and can_restructure(request, unit)
    if writable and unit.is_active_on(today()):
        context["member_form"] = MembershipForm(initial={"start_date": today()})
        if not unit.is_grassroots:
            context["child_form"] = ChildUnitForm(initial={"on": today()})
    if restructure and unit.is_active_on(today()):
        targets = _restructure_targets(request, unit, today())
        context.update(
            move_form=MoveForm(
                parents=targets.exclude(pk__in=unit.descendants(today())), initial={"on": today()}
            ),
            rename_form=RenameForm(initial={"on": today(), "name": unit.name, "short_name": unit.short_name}),
            merge_form=MergeForm(targets=targets, initial={"on": today()}),
            merge_new_form=MergeNewForm(
                peers=_merge_peers(request, unit), parents=targets, initial={"on": today(), "kind": unit.kind}
            ),
            split_form=SplitForm(
                children=unit.children_on(today()), initial={"on": today(), "kind": unit.kind}
            ),
            dissolve_form=DissolveForm(targets=targets, initial={"on": today()}),
        )
    return context


@login_required
def unit_detail(request: AuthedRequest, unit_id: int) -> HttpResponse:
    on = view_date(request)
    unit = get_unit_for_user(request, unit_id, on=on)
    return render(request, "orgs/detail.html", _detail_context(request, unit, on))


@login_required
@require_POST
def unit_action(request: AuthedRequest, unit_id: int, action: str) -> HttpResponse:
    """One endpoint for the restructuring forms on the unit page; each calls one workflow function."""
    unit = get_unit_for_user(request, unit_id, write=True)
    targets = _restructure_targets(request, unit, today())
    forms = {
        "child": lambda: ChildUnitForm(request.POST),
        "move": lambda: MoveForm(request.POST, parents=targets.exclude(pk__in=unit.descendants(today()))),
        "rename": lambda: RenameForm(request.POST),
        "merge": lambda: MergeForm(request.POST, targets=targets),
        "merge_new": lambda: MergeNewForm(request.POST, peers=_merge_peers(request, unit), parents=targets),
        "split": lambda: SplitForm(request.POST, children=unit.children_on(today())),
        "dissolve": lambda: DissolveForm(request.POST, targets=targets),
        "member": lambda: MembershipForm(request.POST),
    }
    if action not in forms:
        messages.error(request, gettext("Thao tác không hợp lệ."))
        return redirect("orgs:detail", unit_id=unit.pk)
    if action in RESTRUCTURING and not can_restructure(request, unit):
        raise Http404("Không tìm thấy đơn vị.")
    if action == "child" and unit.is_grassroots:
        raise Http404("Không tìm thấy đơn vị.")
    form = forms[action]()
    if form.is_valid():
        try:
            message = _apply(request, unit, action, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, message)
            return redirect(reverse("orgs:detail", args=[unit.pk]))
    # Show the page again with the failing form bound and open, so nothing typed is lost.
    context = _detail_context(request, unit, today())
    context.update({f"{action}_form": form, "open_panel": action})
    return render(request, "orgs/detail.html", context)


def _apply(request: AuthedRequest, unit: Unit, action: str, data: dict) -> str:
    user = request.user
    if action == "child":
        child = create_unit(
            parent=unit,
            on=data["on"],
            user=user,
            code=data["code"],
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            sector=data["sector"],
            address=data["address"],
        )
        return gettext("Đã thêm đơn vị “%(name)s”.") % {"name": child.name}
    if action == "move":
        move_unit(unit=unit, new_parent=data["new_parent"], on=data["on"], user=user, note=data["note"])
        return gettext("Đã chuyển “%(unit)s” về trực thuộc “%(parent)s”.") % {
            "unit": unit.name,
            "parent": data["new_parent"].name,
        }
    if action == "rename":
        rename_unit(
            unit=unit,
            name=data["name"],
            short_name=data["short_name"],
            on=data["on"],
            user=user,
            note=data["note"],
        )
        return gettext("Đã đổi tên thành “%(name)s”.") % {"name": unit.name}
    if action == "merge":
        target = merge_units(sources=[unit], into=data["into"], on=data["on"], user=user, note=data["note"])
        return gettext("Đã sáp nhập “%(unit)s” vào “%(target)s”.") % {
            "unit": unit.name,
            "target": target.name,
        }
    if action == "merge_new":
        target = merge_units(
            sources=[unit, *data["others"]],
            on=data["on"],
            new_parent=data["new_parent"],
            user=user,
            note=data["note"],
            new_unit={"code": data["code"], "name": data["name"], "kind": data["kind"]},
        )
        return gettext("Đã hợp nhất thành “%(name)s”.") % {"name": target.name}
    if action == "split":
        children = unit.children_on(data["on"])
        parts = [{**part, "kind": data["kind"]} for part in data["parts"]]
        assignment = {c.pk: data.get(f"child_{c.pk}", 1) - 1 for c in children}
        new_units = split_unit(
            unit=unit, parts=parts, assignment=assignment, on=data["on"], user=user, note=data["note"]
        )
        return gettext("Đã chia tách thành %(count)d đơn vị: %(names)s.") % {
            "count": len(new_units),
            "names": ", ".join(u.name for u in new_units),
        }
    if action == "dissolve":
        dissolve_unit(unit=unit, on=data["on"], successor=data["successor"], user=user, note=data["note"])
        return gettext("Đã ghi nhận “%(name)s” chấm dứt hoạt động.") % {"name": unit.name}
    # member
    membership, password = grant_role(
        granter=user,
        unit=unit,
        username=data["username"],
        full_name=data["full_name"],
        role=data["role"],
        start_date=data["start_date"],
        end_date=data["end_date"],
    )
    member_user = membership.user
    text = gettext("Đã giao vai trò cho %(name)s.") % {"name": display_name(member_user)}
    if password:
        text += " " + gettext(
            "Tài khoản mới “%(username)s”, mật khẩu ban đầu: %(password)s (hãy đổi sau khi đăng nhập)."
        ) % {"username": member_user.username, "password": password}
    return text


@login_required
def import_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi.xlsx"'
    return response


@login_required
def unit_import(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request, unit_id, write=True)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
        allowed = Unit.objects.writable_by(request.user).filter(
            pk__in=Unit.objects.subtree_of([unit.pk], on=today())
        )
        result = import_units(data, user=request.user, allowed_parents=allowed)
        if result.ok:
            messages.success(request, gettext("Đã nhập %(count)d đơn vị.") % {"count": len(result.created)})
            return redirect("orgs:detail", unit_id=unit.pk)
    return render(request, "orgs/import.html", {"unit": unit, "form": form, "result": result})


@login_required
def notify_defaults(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The unit's defaults for the notifications of its subtree: per kind the channels in order, quiet
    hours, digest. Those with a write role in the unit (or above) set them."""
    unit = get_unit_for_user(request, unit_id, write=True)
    row = NotificationDefaults.objects.filter(unit=unit).first()
    if request.method == "POST":
        form = ChannelTableForm(
            request.POST, enabled=enabled_channels(), follow_label=gettext("Theo cấp trên")
        )
        if form.is_valid():
            workflow.set_notification_defaults(
                unit=unit,
                channels=form.channels(),
                quiet_start=form.cleaned_data["quiet_start"],
                quiet_end=form.cleaned_data["quiet_end"],
                digest=form.cleaned_data["digest"],
                user=request.user,
            )
            messages.success(request, gettext("Đã lưu mặc định thông báo cho các đơn vị trực thuộc."))
            return redirect("orgs:notify_defaults", unit_id=unit.pk)
        status = 400
    else:
        initial = (
            ChannelTableForm.initial_for(row.channels, row.quiet_start, row.quiet_end, row.digest)
            if row
            else {}
        )
        form = ChannelTableForm(
            initial=initial, enabled=enabled_channels(), follow_label=gettext("Theo cấp trên")
        )
        status = 200
    ancestors = unit.ancestors(today())
    with_defaults = set(
        NotificationDefaults.objects.filter(unit__in=ancestors).values_list("unit_id", flat=True)
    )
    above = next((u for u in ancestors if u.pk in with_defaults), None)
    context = {"unit": unit, "table": form, "row": row, "above": above}
    return render(request, "orgs/notify_defaults.html", context, status=status)
