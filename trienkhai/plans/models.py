"""Plans (kế hoạch), their task groups, tasks, duties and budget; the cascade to units; sub-plans.

A plan belongs to an owner unit. Publishing freezes it as a `PlanVersion` snapshot and sends it down as
`PlanAssignment`s, one per receiving unit, each with a deadline for that unit's own sub-plan. A sub-plan
is a Plan too (owner = the receiving unit, `parent_plan` = the plan it implements); its tasks point to
the parent's tasks through `source_task`, so every result traces back to the resolution. A middle level
can publish its sub-plan and cascade further.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]  # the package ships no type information

from trienkhai.documents.models import Document, LegalBasis
from trienkhai.orgs.models import Membership, Unit, UnitLink, today


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        """Plans owned by a unit the user may see, plus published plans sent to such a unit.

        "Sent to such a unit" is an EXISTS over the plan's assignments, probed through the (plan, unit)
        index of `plan_assignment_unique` and stopping at the first unit in reach: checking a plan (on every
        results page) does not grow with the number of units it was sent to, as a join of every
        assignment followed by DISTINCT did (issue 21)."""
        units = Unit.objects.visible_to(user)
        sent = PlanAssignment.objects.filter(plan=OuterRef("pk"), unit__in=units)
        return self.filter(Q(owner_unit__in=units) | Exists(sent))

    def writable_by(self, user) -> PlanQuerySet:
        """Plans the user may change: owned by a unit where the user holds a write role today, or by a
        unit that ended into such a unit (its successor, e.g. PRG → DNI). A parent level reads the plans
        of the units below it but does not write them: each unit writes its own plan."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        ids = set(Membership.objects.own_unit_ids(user))
        frontier = set(ids)
        for _hop in range(8):  # predecessors of predecessors (a merge after a merge)
            frontier = set(Unit.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)) - ids
            if not frontier:
                break
            ids |= frontier
        return self.filter(owner_unit_id__in=ids)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")
        # A published plan being amended: its rows are edited as a draft of version N+1, recipients keep
        # the frozen version N until the amendment is published.
        AMENDING = "amending", _("Đang sửa đổi")

    owner_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans")
    parent_plan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_plans",
        verbose_name=_("kế hoạch cấp trên"),
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    basis = models.ForeignKey(
        LegalBasis,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        verbose_name=_("số hiệu trong sổ căn cứ"),
    )
    implements = models.ForeignKey(
        LegalBasis,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementing_plans",
        verbose_name=_("thực hiện văn bản"),
    )
    cites = models.ManyToManyField(LegalBasis, blank=True, related_name="citing_plans")
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    title = models.TextField(_("tên kế hoạch"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    period_start = models.DateField(_("thực hiện từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    purposes = models.JSONField(_("mục đích, yêu cầu"), default=list, blank=True)  # list of strings
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0)  # number of the latest PlanVersion; 0 = never published
    # Optimistic locking: every save through a form must carry the lock_version it was read with.
    lock_version = models.PositiveIntegerField(default=0)
    amendment_reason = models.TextField(_("lý do sửa đổi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.AMENDING)

    @property
    def is_sub_plan(self) -> bool:
        return self.parent_plan_id is not None

    def plan_chain(self, limit: int = 12) -> list[Plan]:
        """This plan and the plans above it through `parent_plan`, nearest first."""
        chain: list[Plan] = []
        seen: set[int] = set()
        node: Plan | None = self
        while node is not None and node.pk not in seen and len(chain) < limit:
            chain.append(node)
            seen.add(node.pk)
            node = (
                Plan.objects.select_related("implements", "owner_unit").filter(pk=node.parent_plan_id).first()
            )
        return chain

    def legal_chain(self) -> list[LegalBasis]:
        """The legal bases the top of this plan's chain implements, upward (79/KH-LĐLĐ → 43-NQ/TW)."""
        top = self.plan_chain()[-1]
        basis = top.implements
        if basis is None:
            return []
        chain = basis.chain_up()
        if top.basis_id and chain and chain[0].pk == top.basis_id:
            chain = chain[1:]
        return chain

    def trace_text(self, task: Task | None = None, legal_chain: list[LegalBasis] | None = None) -> str:
        """ "Thực hiện nhiệm vụ II.1.3 của KH 27/KH-LĐLĐ, thực hiện 79/KH-LĐLĐ, thực hiện 43-NQ/TW".
        A caller that already holds `legal_chain()` passes it, so the chain is not walked twice."""
        parts = []
        if task is not None and task.source_task_id:
            for t in task.trace()[1:]:
                parts.append(
                    f"Thực hiện nhiệm vụ {t.code or t.text[:40]} của KH {t.plan.number or t.plan.title[:40]}"
                )
        else:
            for p in self.plan_chain()[1:]:
                parts.append(f"Thực hiện KH {p.number or p.title[:40]}")
        if legal_chain is None:
            legal_chain = self.legal_chain()
        parts += [f"thực hiện {b.number}" for b in legal_chain]
        return ", ".join(parts)

    def bump_lock(self, expected: int) -> bool:
        """Take the optimistic lock: True (and lock_version + 1) only if nobody saved since `expected`."""
        updated = Plan.objects.filter(pk=self.pk, lock_version=expected).update(
            lock_version=models.F("lock_version") + 1
        )
        if updated:
            self.lock_version = expected + 1
        return bool(updated)


class TaskGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=16, blank=True)  # as printed: "1", "2" ...
    title = models.TextField(_("nhóm nhiệm vụ"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}" if self.label else self.title


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(max_length=32, blank=True)  # "II.1.1" from the parser
    text = models.TextField(_("nội dung nhiệm vụ"))
    source_task = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_tasks",
        verbose_name=_("nhiệm vụ của kế hoạch cấp trên"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "group__position", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}".strip()

    def trace(self, limit: int = 12) -> list[Task]:
        """This task and the tasks it implements upward through `source_task`, stopping on cycles."""
        chain: list[Task] = []
        seen: set[int] = set()
        node: Task | None = self
        while node is not None and node.pk not in seen and len(chain) < limit:
            chain.append(node)
            seen.add(node.pk)
            if node.source_task_id is None:
                break
            node = Task.objects.select_related("plan").filter(pk=node.source_task_id).first()
        return chain


class Duty(models.Model):
    """A duty for one level in "Tổ chức thực hiện" (e.g. the federation; each CĐCS)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="duties")
    position = models.PositiveIntegerField(default=0)
    unit_label = models.CharField(_("đơn vị thực hiện"), max_length=255)  # as printed
    unit_kind = models.CharField(max_length=32, blank=True)  # orgs.UnitKind it applies to, when known
    text = models.TextField(_("nhiệm vụ"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]


class BudgetLine(models.Model):
    class Source(models.TextChoices):
        UNION_FUND = "union_fund", _("Tài chính công đoàn")
        STATE = "state", _("Ngân sách nhà nước")
        SOCIAL = "social", _("Xã hội hóa, tài trợ")
        OTHER = "other", _("Khác")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveIntegerField(default=0)
    item = models.CharField(_("nội dung chi"), max_length=255)
    # What the money is for: a task group of the plan, or one task of it (issue 25).
    group = models.ForeignKey(
        TaskGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
        verbose_name=_("nhóm nhiệm vụ"),
    )
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
        verbose_name=_("nhiệm vụ"),
    )
    # A sub-plan's line drawn from a line of the parent plan (phân bổ); the allocations of one line never
    # add up to more than it (`plans.workflow.save_plan_rows` checks under a row lock on the parent line).
    parent_line = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("phân bổ từ dòng kinh phí cấp trên"),
    )
    amount = models.DecimalField(_("dự toán (đồng)"), max_digits=15, decimal_places=0)
    source = models.CharField(
        _("nguồn kinh phí"), max_length=16, choices=Source.choices, default=Source.UNION_FUND
    )
    # Kept by the finance app from the spending records of this line (never typed since issue 25).
    spent = models.DecimalField(_("đã chi (đồng)"), max_digits=15, decimal_places=0, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(spent__gte=0), name="budget_non_negative"),
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.spent

    @property
    def purpose(self) -> Task | TaskGroup | None:
        """The task, or else the task group, this line pays for."""
        return self.task or self.group


class PlanVersion(models.Model):
    """A published state of a plan, frozen; a published plan is changed only by publishing a new version."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    note = models.TextField(_("lý do/ghi chú"), blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]


class PlanAssignmentQuerySet(models.QuerySet):
    def with_state(self, on: dt.date | None = None) -> PlanAssignmentQuerySet:
        """Annotate `state`: on_time / late (sub-plan completed) / overdue / pending / not_received."""
        on = on or today()
        done = Q(completed_on__isnull=False)
        return self.annotate(
            state=Case(
                When(done & Q(completed_on__lte=F("deadline")), then=Value("on_time")),
                When(done, then=Value("late")),
                When(deadline__lt=on, then=Value("overdue")),
                When(received_at__isnull=True, then=Value("not_received")),
                default=Value("pending"),
                output_field=models.CharField(),
            )
        )

    def board(self, plan: Plan, *, on: dt.date | None = None) -> PlanAssignmentQuerySet:
        """Rows of the cascade board of `plan`, in a constant number of queries: the unit, its parent as
        of `on` (today), the sub-plan, the state and the last reminder."""
        on = on or today()
        parent_links = UnitLink.objects.valid_on(on).filter(unit=OuterRef("unit_id"))
        return (
            self.filter(plan=plan)
            .select_related("unit", "sub_plan")
            .with_state(on)
            .annotate(
                parent_now_id=Subquery(parent_links.values("parent_id")[:1]),
                parent_now_name=Subquery(parent_links.values("parent__name")[:1]),
                last_reminded_on=Subquery(
                    Reminder.objects.filter(assignment=OuterRef("pk"))
                    .order_by("-sent_on")
                    .values("sent_on")[:1]
                ),
                reminder_count=Coalesce(
                    Subquery(
                        Reminder.objects.filter(assignment=OuterRef("pk"))
                        .order_by()
                        .values("assignment")
                        .annotate(n=Count("pk"))
                        .values("n")
                    ),
                    Value(0),
                ),
                action_count=Coalesce(
                    Subquery(
                        Action.objects.filter(plan=OuterRef("sub_plan_id"))
                        .order_by()
                        .values("plan")
                        .annotate(n=Count("pk"))
                        .values("n")
                    ),
                    Value(0),
                ),
            )
            .order_by("unit__name")
        )


class PlanAssignment(models.Model):
    """The plan sent to one unit: its deadline for its own sub-plan, and what has happened since."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plan_assignments")
    sent_on = models.DateField(_("ngày gửi"))
    deadline = models.DateField(_("hạn xây dựng kế hoạch"))
    received_at = models.DateTimeField(_("đã nhận lúc"), null=True, blank=True)
    sub_plan = models.OneToOneField(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignment_from_parent"
    )
    completed_on = models.DateField(_("hoàn thành kế hoạch ngày"), null=True, blank=True)
    version_added = models.PositiveIntegerField(_("gửi từ phiên bản"), default=1)
    history = HistoricalRecords()

    objects = PlanAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="plan_assignment_unique")]

    STATE_LABELS = {
        "on_time": _("Đã làm kế hoạch, đúng hạn"),
        "late": _("Đã làm kế hoạch, trễ hạn"),
        "overdue": _("Quá hạn, chưa làm"),
        "pending": _("Đã nhận, chưa làm"),
        "not_received": _("Chưa mở"),
    }

    def compute_state(self, on: dt.date | None = None) -> str:
        on = on or today()
        if self.completed_on:
            return "on_time" if self.completed_on <= self.deadline else "late"
        if self.deadline < on:
            return "overdue"
        return "pending" if self.received_at else "not_received"

    def days_late(self, on: dt.date | None = None) -> int:
        """Days past the deadline: at completion, or today while not done."""
        end = self.completed_on or (on or today())
        return max(0, (end - self.deadline).days)


class Reminder(models.Model):
    """One reminder to a receiving unit about its sub-plan; at most one per unit per day."""

    # How many users `plans.workflow.send_reminder` told this time (not stored).
    notified: int = 0

    assignment = models.ForeignKey(PlanAssignment, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("ngày nhắc"))
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["assignment", "sent_on"], name="reminder_once_a_day")]


class Action(models.Model):
    """A concrete action of a sub-plan: what, who is responsible, by when (phân công nhiệm vụ cụ thể)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("hoạt động cụ thể"))
    responsible = models.CharField(_("người phụ trách"), max_length=150)
    due_date = models.DateField(_("thời hạn"))
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "due_date", "position"]
