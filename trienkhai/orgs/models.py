"""Units, their effective-dated hierarchy, restructuring events and memberships.

Time model: a unit's parent is not a column but a row in `UnitLink`, valid on the half-open range
[valid_from, valid_to). Reading the tree "as of" a date walks only the links valid on that date, with one
recursive CTE, so a subtree costs one query whatever its size and works the same on SQLite and PostgreSQL.
Units themselves exist on [valid_from, valid_to); a unit ended by a merge or dissolution points to its
`successor`, which inherits the right to see its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]  # ships no type information

from trienkhai.lib.vn import fold, vn_sort_key


def today() -> dt.date:
    return timezone.localdate()


class UnitKind(models.TextChoices):
    CONFEDERATION = "confederation", _("Tổng Liên đoàn")
    PROVINCIAL = "provincial", _("LĐLĐ tỉnh/thành phố")
    NATIONAL_SECTOR = "national_sector", _("Công đoàn ngành trung ương")
    SECTOR = "sector", _("Công đoàn ngành địa phương")
    DISTRICT = "district", _("LĐLĐ/công đoàn cấp huyện")
    COMMUNE = "commune", _("Công đoàn xã/phường/đặc khu")
    INDUSTRIAL_ZONE = "industrial_zone", _("Công đoàn khu công nghiệp")
    CORPORATION = "corporation", _("Công đoàn tổng công ty")
    GRASSROOTS = "grassroots", _("Công đoàn cơ sở")
    GUILD = "guild", _("Nghiệp đoàn cơ sở")


class Sector(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Hành chính sự nghiệp")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    NON_STATE = "non_state", _("Doanh nghiệp ngoài nhà nước")
    FDI = "fdi", _("Doanh nghiệp có vốn đầu tư nước ngoài")
    OTHER = "other", _("Khác")


def _date_param(value: dt.date):
    # SQLite stores dates as ISO text and PostgreSQL as date; let the backend adapt raw SQL params.
    return connection.ops.adapt_datefield_value(value)


def _links_on_sql() -> str:
    link = UnitLink._meta.db_table
    return (
        f"SELECT unit_id, parent_id FROM {link} "
        f"WHERE valid_from <= %s AND (valid_to IS NULL OR valid_to > %s)"
    )


def subtree_sql(
    root_sql: str,
    *,
    with_successors: bool = False,
    max_depth: int | None = None,
    select: str = "SELECT id FROM sub",
) -> str:
    """SQL selecting the ids of the subtree below the ids of `root_sql`, as of a date.

    Params, in order: the params of `root_sql`, then the date twice (then those of `select`). With
    `with_successors`, a unit that was merged or dissolved counts as a child of its successor, so that the
    successor's officers keep seeing the history of what they absorbed. `select` replaces the final
    SELECT over `sub(id, depth)`: a probe with LIMIT 1 there stops the walk at the first unit found on
    PostgreSQL, which evaluates a recursive query only as far as its reader fetches.
    """
    unit, link = Unit._meta.db_table, UnitLink._meta.db_table
    depth_limit = f" AND sub.depth < {int(max_depth)}" if max_depth is not None else ""
    active = "l.valid_from <= %s AND (l.valid_to IS NULL OR l.valid_to > %s)"
    if with_successors:
        # One recursive reference only (PostgreSQL's rule): each node is joined once for its children
        # (k = 1, through the parent index) and once for its predecessors (k = 2, through successor_id).
        # A UNION of the two edge sets as a derived table would defeat SQLite's indexes.
        step = (
            f"SELECT COALESCE(l.unit_id, u.id), sub.depth + 1 FROM sub "
            f"CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 AS k) t "
            f"LEFT JOIN {link} l ON t.k = 1 AND l.parent_id = sub.id AND {active} "
            f"LEFT JOIN {unit} u ON t.k = 2 AND u.successor_id = sub.id "
            f"WHERE (l.unit_id IS NOT NULL OR u.id IS NOT NULL) AND sub.depth < 64{depth_limit}"
        )
    else:
        step = (
            f"SELECT l.unit_id, sub.depth + 1 FROM sub JOIN {link} l ON l.parent_id = sub.id "
            f"WHERE {active} AND sub.depth < 64{depth_limit}"
        )
    return (
        f"WITH RECURSIVE roots(id) AS ({root_sql}), sub(id, depth) AS (SELECT id, 0 FROM roots UNION {step}) "
        f"{select}"
    )


class UnitQuerySet(models.QuerySet):
    def active_on(self, on: dt.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on)))

    def subtree_of(self, roots: Iterable[int] | models.QuerySet, *, on: dt.date) -> UnitQuerySet:
        """The roots and every unit below them as of `on`, in one query (recursive CTE)."""
        if isinstance(roots, models.QuerySet):
            root_sql, root_params = roots.values("pk").query.sql_with_params()
        else:
            ids = [int(r) for r in roots] or [0]
            root_sql = f"SELECT id FROM {Unit._meta.db_table} WHERE id IN ({','.join('%s' for _ in ids)})"
            root_params = tuple(ids)
        d = _date_param(on)
        return self.filter(pk__in=RawSQL(subtree_sql(root_sql), (*root_params, d, d)))

    def with_parent_on(self, on: dt.date) -> UnitQuerySet:
        links = UnitLink.objects.valid_on(on).filter(unit=OuterRef("pk"))
        return self.annotate(parent_at=Subquery(links.values("parent_id")[:1]))

    def with_name_on(self, on: dt.date) -> UnitQuerySet:
        """Annotate `name_at`: the name the unit carried on that date (renames are events)."""
        later_renames = UnitEvent.objects.filter(
            unit=OuterRef("pk"), kind=UnitEvent.Kind.RENAME, date__gt=on
        ).order_by("date", "pk")
        return self.annotate(name_at=Coalesce(Subquery(later_renames.values("old_value")[:1]), F("name")))

    def with_child_count_on(self, on: dt.date) -> UnitQuerySet:
        counts = (
            UnitLink.objects.valid_on(on)
            .filter(parent=OuterRef("pk"))
            .order_by()
            .values("parent")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(child_count=Coalesce(Subquery(counts), Value(0)))

    def for_tree(self, on: dt.date) -> UnitQuerySet:
        return self.with_parent_on(on).with_name_on(on).with_child_count_on(on)

    def visible_to(self, user, *, on: dt.date | None = None) -> UnitQuerySet:
        """Units the user may see: below the units of their memberships active today, as of today and,
        when a view looks at another date, as of that date too. Superusers see everything."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(self._scope_q(user, on=on, write=False))

    def choosable_by(self, user) -> UnitQuerySet:
        """The units a form offers the user to act for: writable and still active today, by name."""
        return self.writable_by(user).active_on(today()).order_by("name")

    def writable_by(self, user, *, on: dt.date | None = None) -> UnitQuerySet:
        """Units the user may change: below a membership with a write role."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(self._scope_q(user, on=on, write=True))

    def above_user(self, user) -> UnitQuerySet:
        """The units above the units where the user holds a role today, as of today: what reaches the
        user from higher levels (the plans and documents they send down)."""
        if not user.is_authenticated:
            return self.none()
        now = _date_param(today())
        member, link = Membership._meta.db_table, UnitLink._meta.db_table
        sql = (
            f"WITH RECURSIVE up(id, depth) AS (SELECT unit_id, 0 FROM {member} WHERE user_id = %s "
            f"AND start_date <= %s AND (end_date IS NULL OR end_date >= %s) UNION "
            f"SELECT l.parent_id, up.depth + 1 FROM up JOIN {link} l ON l.unit_id = up.id "
            f"AND l.valid_from <= %s AND (l.valid_to IS NULL OR l.valid_to > %s) WHERE up.depth < 64) "
            f"SELECT id FROM up WHERE depth > 0"
        )
        return self.filter(pk__in=RawSQL(sql, (user.pk, now, now, now, now)))

    def related_to(self, user) -> UnitQuerySet:
        """Units in the user's tree: the ones they may see (their units and below) and the ones above
        their units. A unit's own documents are shared within this tree."""
        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(Q(pk__in=self.visible_to(user).values("pk")) | Q(pk__in=self.above_user(user)))

    def in_scope(self, user, unit_id: int, *, on: dt.date | None = None, write: bool = False) -> bool:
        """Whether `unit_id` is visible (or writable) to the user: the same rule as `visible_to` /
        `writable_by`, answered by walking up from the unit (a handful of rows) instead of expanding the
        user's whole subtree, so checking one unit costs the same at national scale."""
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return self.filter(pk=unit_id).exists()
        unit, link, member = Unit._meta.db_table, UnitLink._meta.db_table, Membership._meta.db_table
        now = _date_param(today())
        dates = [now] if on is None or _date_param(on) == now else [now, _date_param(on)]
        roles = sorted(str(r) for r in WRITE_ROLES) if write else []
        role_sql = f" AND m.role IN ({','.join('%s' for _ in roles)})" if roles else ""
        for d in dates:
            sql = (
                f"WITH RECURSIVE up(id, depth) AS (SELECT CAST(%s AS BIGINT), 0 UNION "
                f"SELECT COALESCE(l.parent_id, u.successor_id), up.depth + 1 FROM up "
                f"CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 AS k) t "
                f"LEFT JOIN {link} l ON t.k = 1 AND l.unit_id = up.id "
                f"AND l.valid_from <= %s AND (l.valid_to IS NULL OR l.valid_to > %s) "
                f"LEFT JOIN {unit} u ON t.k = 2 AND u.id = up.id AND u.successor_id IS NOT NULL "
                f"WHERE (l.parent_id IS NOT NULL OR u.successor_id IS NOT NULL) AND up.depth < 64) "
                f"SELECT 1 FROM up JOIN {member} m ON m.unit_id = up.id WHERE m.user_id = %s "
                f"AND m.start_date <= %s AND (m.end_date IS NULL OR m.end_date >= %s){role_sql}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [unit_id, d, d, user.pk, now, now, *roles])
                if cursor.fetchone():
                    return True
        return False

    def reach_sql(self, user, select: str) -> tuple[str, list]:
        """(SQL, params) of the user's reach today (the subtree `visible_to` gives, as a recursive query)
        ending in `select` over `sub(id, depth)`, for another app's probe that may stop at the first unit
        (`subtree_sql`). Not for superusers, who reach everything."""
        now = _date_param(today())
        roots, params = self._roots_sql(user, write=False)
        return subtree_sql(roots, with_successors=True, select=select), [*params, now, now]

    def _roots_sql(self, user, *, write: bool) -> tuple[str, tuple]:
        """The user's membership units today (with a write role, when `write`): the roots of their reach."""
        now = _date_param(today())
        member = Membership._meta.db_table
        roots = (
            f"SELECT unit_id FROM {member} WHERE user_id = %s AND start_date <= %s "
            f"AND (end_date IS NULL OR end_date >= %s)"
        )
        params: tuple = (user.pk, now, now)
        if write:
            roles = sorted(str(r) for r in WRITE_ROLES)
            roots += f" AND role IN ({','.join('%s' for _ in roles)})"
            params += tuple(roles)
        return roots, params

    def _scope_q(self, user, *, on: dt.date | None, write: bool) -> Q:
        now = _date_param(today())
        roots, params = self._roots_sql(user, write=write)
        sql = subtree_sql(roots, with_successors=True)
        q = Q(pk__in=RawSQL(sql, (*params, now, now)))
        if on is not None and _date_param(on) != now:
            d = _date_param(on)
            q |= Q(pk__in=RawSQL(sql, (*params, d, d)))
        return q

    def search(self, text: str) -> UnitQuerySet:
        """Diacritic-insensitive search on name, short name and code: "phu rieng" finds "Phú Riềng"."""
        q = Q()
        for word in fold(text).split():
            q &= Q(search_text__contains=word)
        return self.filter(q)


class Unit(models.Model):
    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitKind.choices)
    sector = models.CharField(_("khu vực"), max_length=32, choices=Sector.choices, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    valid_from = models.DateField(_("ngày thành lập"), default=dt.date(1950, 1, 1))
    valid_to = models.DateField(_("ngày chấm dứt hoạt động"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )
    # Folded copy of name, short name and code for diacritic-insensitive search on any database.
    search_text = models.TextField(editable=False, default="", db_index=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="unit_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(" ".join([self.name, self.short_name, self.code]))
        super().save(*args, **kwargs)

    def is_active_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to > on)

    @property
    def is_grassroots(self) -> bool:
        return self.kind in (UnitKind.GRASSROOTS, UnitKind.GUILD)

    def parent_on(self, on: dt.date) -> Unit | None:
        link = UnitLink.objects.valid_on(on).filter(unit=self).select_related("parent").first()
        return link.parent if link else None

    def name_on(self, on: dt.date) -> str:
        event = self.events.filter(kind=UnitEvent.Kind.RENAME, date__gt=on).order_by("date", "pk").first()
        return event.old_value if event else self.name

    def ancestors(self, on: dt.date) -> list[Unit]:
        """Ancestors as of `on`, nearest first, in one query (recursive CTE upwards)."""
        d = _date_param(on)
        sql = (
            f"WITH RECURSIVE up(id, depth) AS (SELECT CAST(%s AS BIGINT), 0 UNION "
            f"SELECT e.parent_id, up.depth + 1 FROM ({_links_on_sql()}) e JOIN up ON e.unit_id = up.id "
            f"WHERE up.depth < 64) SELECT id, depth FROM up WHERE depth > 0"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.pk, d, d])
            depth_of = dict(cursor.fetchall())
        if not depth_of:
            return []
        units = Unit.objects.filter(pk__in=depth_of).with_name_on(on)
        return sorted(units, key=lambda u: depth_of[u.pk])

    def children_on(self, on: dt.date) -> UnitQuerySet:
        child_ids = UnitLink.objects.valid_on(on).filter(parent=self).values("unit_id")
        return Unit.objects.filter(pk__in=child_ids).for_tree(on)

    def descendants(self, on: dt.date) -> UnitQuerySet:
        return Unit.objects.subtree_of([self.pk], on=on).exclude(pk=self.pk)


def tree_order(unit: Unit) -> tuple:
    """How a tree lists the units under one parent: the upper-level unions (a commune union, a sector
    union) before the CĐCS, then by name (as of the tree's date when annotated) in Vietnamese order."""
    return (unit.is_grassroots, vn_sort_key(getattr(unit, "name_at", None) or unit.name))


class UnitLinkQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date) -> UnitLinkQuerySet:
        return self.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on)))


class UnitLink(models.Model):
    """`unit` sits under `parent` on [valid_from, valid_to)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("đơn vị")
    )
    parent = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="child_links", verbose_name=_("đơn vị cấp trên")
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UnitLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("quan hệ cấp trên")
        verbose_name_plural = _("quan hệ cấp trên")
        indexes = [
            models.Index(fields=["parent", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="link_dates_ordered",
            ),
            models.CheckConstraint(condition=~Q(unit=F("parent")), name="link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.parent_id} [{self.valid_from}, {self.valid_to})"


class UnitEvent(models.Model):
    """A restructuring step, kept for the unit's history page and for names as of a date."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Thành lập")
        MOVE = "move", _("Chuyển cấp trên")
        RENAME = "rename", _("Đổi tên")
        MERGE = "merge", _("Hợp nhất/sáp nhập")
        SPLIT = "split", _("Chia tách")
        DISSOLVE = "dissolve", _("Giải thể/chấm dứt")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events", verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại sự kiện"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    related = models.ManyToManyField(
        Unit, blank=True, related_name="related_events", verbose_name=_("đơn vị liên quan")
    )
    old_value = models.CharField(_("giá trị cũ"), max_length=255, blank=True)
    new_value = models.CharField(_("giá trị mới"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú / căn cứ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("người ghi"),
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện của đơn vị")
        verbose_name_plural = _("sự kiện của đơn vị")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["unit", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit} {self.date}"


def names_on(pairs: Iterable[tuple[Unit, dt.date]]) -> dict[tuple[int, dt.date], str]:
    """The name each unit carried on each date, keyed (unit id, date), in one query whatever the number
    of pairs (a list of reports from many periods must not ask once per row). Same rule as
    `Unit.name_on`: the first rename after the date holds the old name, else today's name."""
    pairs = list(pairs)
    renames: dict[int, list[tuple[dt.date, str]]] = {}
    events = UnitEvent.objects.filter(
        unit_id__in={u.pk for u, _on in pairs}, kind=UnitEvent.Kind.RENAME
    ).order_by("date", "pk")
    for unit_id, date, old in events.values_list("unit_id", "date", "old_value"):
        renames.setdefault(unit_id, []).append((date, old))
    names = {}
    for unit, on in pairs:
        later = [old for date, old in renames.get(unit.pk, []) if date > on]
        names[(unit.pk, on)] = later[0] if later else unit.name
    return names


class Role(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    OFFICER = "officer", _("Cán bộ")
    VIEWER = "viewer", _("Chỉ xem")
    CDCS_CHAIR = "cdcs_chair", _("Chủ tịch CĐCS")


WRITE_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.OFFICER, Role.CDCS_CHAIR})


class MembershipQuerySet(models.QuerySet):
    def active_on(self, on: dt.date) -> MembershipQuerySet:
        """Memberships covering `on`; `end_date` is the last day of the role, inclusive."""
        return self.filter(Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on)))

    def writing(self) -> MembershipQuerySet:
        """Memberships whose role may change the unit's data (everything but viewers)."""
        return self.filter(role__in=[str(r) for r in WRITE_ROLES])

    def own_unit_ids(self, user, *, on: dt.date | None = None) -> models.QuerySet:
        """Ids of the units where `user` holds a write role on `on` (today): "my units", the ones the
        user acts for (not the whole subtree below them). A values queryset, usable as a subquery."""
        return self.active_on(on or today()).writing().filter(user=user).values_list("unit_id", flat=True)


def writers_of(unit_ids, *, on: dt.date):
    """Active users holding a write role in these units on `on`: those who must act for the unit."""
    from django.contrib.auth import get_user_model

    members = Membership.objects.active_on(on).writing().filter(unit_id__in=unit_ids)
    return get_user_model().objects.filter(pk__in=members.values("user_id"), is_active=True)


class Membership(models.Model):
    """`user` holds `role` in `unit` from start_date to end_date (both inclusive; open end = still)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("tài khoản"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        ordering = ["unit__name", "user__last_name", "user__username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    @property
    def can_write(self) -> bool:
        return self.role in WRITE_ROLES

    def overlapping(self) -> MembershipQuerySet:
        """Other memberships of the same user in the same unit whose date ranges meet this one."""
        far = dt.date.max
        qs = Membership.objects.filter(user_id=self.user_id, unit_id=self.unit_id).exclude(pk=self.pk)
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        return qs.filter(start_date__lte=self.end_date or far)


class NotificationDefaults(models.Model):
    """What a unit (a federation, a province) sets for the notifications of everyone in its subtree who has
    not chosen for themselves: channels per kind in order (as `core.NotificationSettings.channels`), quiet
    hours and the digest. The nearest unit above a user's own unit that has a row decides
    (`orgs.hooks.notification_defaults`)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="notification_defaults")
    channels = models.JSONField(default=dict, blank=True)
    quiet_start = models.TimeField(_("không làm phiền từ"), null=True, blank=True)
    quiet_end = models.TimeField(_("đến"), null=True, blank=True)
    digest = models.BooleanField(_("gộp thành bản tin mỗi ngày"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mặc định thông báo của đơn vị")
        verbose_name_plural = _("mặc định thông báo của đơn vị")

    def __str__(self) -> str:
        return str(self.unit)
