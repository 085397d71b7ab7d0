"""Evaluation flows, each one transaction: make and copy criteria sets, open a year (which freezes the
set), self-assess and submit, moderate, classify and publish, the summary report, the reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, DecimalField, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.notify import notify
from trienkhai.core.uploads import check_uploaded, policy
from trienkhai.issuing.api import create_draft
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.uploads import UploadRefused
from trienkhai.lib.vn import format_date, format_decimal
from trienkhai.members.models import Affiliation, member_count
from trienkhai.orgs.models import Unit, UnitKind, UnitLink, writers_of

from . import compose
from .compute import computed_scores
from .models import (
    GRADE_LABELS_VI,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Evaluation,
    GradeBand,
    Score,
)
from .scoring import Band, Conditions, Quota, Row, classify

S = Evaluation.Status
ZERO = Decimal(0)
CENT = Decimal("0.01")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_KINDS = ("pdf", "jpeg", "png", "docx", "xlsx")
REMIND_DAYS = (7, 1)


class EvaluationError(Exception):
    """A flow refused, with the Vietnamese reasons to show."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class EvaluationConflict(EvaluationError):
    """Somebody saved the evaluation after this user opened the page; nothing was written. `evaluation`
    is the current one (who saved it, when, and its new lock version)."""

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__(["Phiếu vừa được người khác lưu sau khi bạn mở trang."])
        self.evaluation = evaluation


def _take_lock(evaluation_id: int, lock_version: int | None, *related: str) -> Evaluation:
    """The evaluation, locked for this transaction; EvaluationConflict when a page's `lock_version` is
    stale. None is for flows run outside a page (demo, imports), which have nothing to be stale against;
    the pages always post a number."""
    evaluation: Evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("saved_by", *related)
        .get(pk=evaluation_id)
    )
    if lock_version is not None and lock_version != evaluation.lock_version:
        raise EvaluationConflict(evaluation)
    return evaluation


def _mark_saved(evaluation: Evaluation, user: User | None) -> None:
    evaluation.lock_version += 1
    evaluation.saved_at, evaluation.saved_by = timezone.now(), user


@dataclass
class SelfEntry:
    """What the CĐCS typed for one criterion (points already parsed; None: not scored yet)."""

    points: Decimal | None
    evidence: str = ""
    note: str = ""
    file: UploadedFile | None = None


@dataclass
class ModerationEntry:
    points: Decimal
    reason: str = ""


def _tell_cdcs(evaluation: Evaluation, *, on: dt.date, verb: str, text: str, key: str) -> int:
    """Notify the writers of the evaluation's CĐCS (on `on`), linking to its evaluation page."""
    return notify(
        users=writers_of([evaluation.unit_id], on=on),
        verb=verb,
        text=text,
        url=reverse("evaluations:evaluation", args=[evaluation.pk]),
        key=key,
    )


def _points_problem(criterion: Criterion, points: Decimal) -> str | None:
    """Why `points` cannot be the criterion's score (None: they are within 0 and its maximum)."""
    if ZERO <= points <= criterion.max_points:
        return None
    return f"Tiêu chí {criterion.code}: điểm phải từ 0 đến {format_decimal(criterion.max_points)}."


# --- criteria sets ------------------------------------------------------------------------------------


@transaction.atomic
def create_set(*, criteria_set: CriteriaSet, user: User) -> CriteriaSet:
    """Store a new criteria set (built by the form, not yet saved), made by `user`."""
    criteria_set.created_by = user
    criteria_set.save()
    return criteria_set


# The rules a copy carries over, beside the groups, criteria and bands.
RULE_FIELDS = (
    "mandatory_zero_cap",
    "applies_to",
    "min_members",
    "max_members",
    "evaluate_founded_in_year",
    "bonus_max",
    "group_min_share",
    "group_shortfall_cap",
    "discipline_cap",
    "quota_base",
    "quota_rounding",
    "quota_scope",
)


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1] if n <= 10 else str(n)


@transaction.atomic
def save_rules(
    *,
    criteria_set: CriteriaSet,
    bands: Sequence[tuple[str, Decimal, Decimal | None]],
    new_group: str = "",
) -> CriteriaSet:
    """Store the set as edited (title, basis, condition already on `criteria_set`), its grade bands
    (grade, lowest score, largest share), and a new group at the end when `new_group` is not blank.
    Raises FrozenSetError, writing nothing, when scoring started on the set meanwhile."""
    criteria_set.save()
    for code, low, share in bands:
        GradeBand.objects.update_or_create(
            criteria_set=criteria_set, grade=code, defaults={"min_score": low, "max_share": share}
        )
    title = new_group.strip()
    if title:
        n = criteria_set.groups.count()
        CriteriaGroup.objects.create(criteria_set=criteria_set, position=n, label=_roman(n + 1), title=title)
    return criteria_set


@transaction.atomic
def save_criterion(*, criterion: Criterion) -> Criterion:
    """Store a criterion as edited (new or changed by the form); raises FrozenSetError when scoring
    started on its set."""
    criterion.save()
    return criterion


@transaction.atomic
def delete_criterion(*, criterion: Criterion) -> None:
    """Remove a criterion from its set; raises FrozenSetError when scoring started on the set."""
    criterion.delete()


@transaction.atomic
def copy_set(*, source: CriteriaSet, year: int, user: User | None, title: str | None = None) -> CriteriaSet:
    """A new, editable set for `year` with the same groups, criteria and rules (the way to change a frozen
    set: last year's results keep the set they were graded by); `title` by default the source's with the
    year changed."""
    title = title or source.title.replace(str(source.year), str(year))
    if (
        year == source.year
        or CriteriaSet.objects.filter(owner_id=source.owner_id, year=year, title=title).exists()
    ):
        raise EvaluationError([f"Đơn vị đã có bộ tiêu chí “{title}” năm {year}."])
    copy = CriteriaSet.objects.create(
        owner_id=source.owner_id,
        year=year,
        title=title,
        basis=source.basis,
        is_example=source.is_example,
        copied_from=source,
        created_by=user,
        **{field: getattr(source, field) for field in RULE_FIELDS},
    )
    for group in source.groups.prefetch_related("criteria"):
        new_group = CriteriaGroup.objects.create(
            criteria_set=copy, position=group.position, label=group.label, title=group.title
        )
        for c in group.criteria.all():
            Criterion.objects.create(
                group=new_group,
                position=c.position,
                code=c.code,
                text=c.text,
                max_points=c.max_points,
                method=c.method,
                form_id=c.form_id,
                indicator_code=c.indicator_code,
                evidence_required=c.evidence_required,
                mandatory=c.mandatory,
            )
    for band in source.bands.all():
        GradeBand.objects.create(
            criteria_set=copy, grade=band.grade, min_score=band.min_score, max_share=band.max_share
        )
    return copy


def check_set(criteria_set: CriteriaSet) -> list[str]:
    """Why the set cannot be used yet (empty: it can)."""
    problems = []
    criteria = list(Criterion.objects.filter(group__criteria_set=criteria_set))
    if not criteria:
        problems.append("Bộ tiêu chí chưa có tiêu chí nào.")
    for c in criteria:
        if c.is_computed and not (c.form_id and c.indicator_code):
            problems.append(f"Tiêu chí {c.code} tính từ báo cáo nhưng chưa chọn biểu mẫu và mã chỉ tiêu.")
    if not criteria_set.bands.exists():
        problems.append("Chưa có ngưỡng điểm xếp loại.")
    return problems


def units_for(criteria_set: CriteriaSet, on: dt.date) -> dict[int, int]:
    """{unit id: id of the union directly above it} for the units under the set's owner that the set
    scores on its date (`applies_on`, else `on`): their kind, sector and members band (members from the
    member register on that date), and, unless the set says otherwise, not founded during the year."""
    owner = criteria_set.owner
    when = criteria_set.applies_on or on
    units = Unit.objects.subtree_of([owner.pk], on=when).active_on(when).exclude(pk=owner.pk)
    if not criteria_set.evaluate_founded_in_year:
        units = units.filter(valid_from__lte=dt.date(criteria_set.year, 1, 1))
    rows = list(units.values_list("pk", "kind", "sector"))
    members: dict[int, int] = {}
    if criteria_set.has_size_band:
        members = _members_of([(pk, kind) for pk, kind, _sector in rows], when)
    wanted = [
        pk
        for pk, kind, sector in rows
        if criteria_set.matches(kind, sector, members.get(pk, 0) if criteria_set.has_size_band else None)
    ]
    links = UnitLink.objects.valid_on(when).filter(unit_id__in=wanted)
    return dict(links.values_list("unit_id", "parent_id"))


def _members_of(units: list[tuple[int, str]], on: dt.date) -> dict[int, int]:
    """Members on `on` of each unit: one query for the CĐCS, one per upper union (its subtree)."""
    grassroots = [pk for pk, kind in units if kind in (UnitKind.GRASSROOTS, UnitKind.GUILD)]
    counts = dict(
        Affiliation.objects.active_on(on)
        .filter(unit_id__in=grassroots)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    for pk, kind in units:
        if kind not in (UnitKind.GRASSROOTS, UnitKind.GUILD):
            counts[pk] = member_count(pk, on=on)
    return counts


@transaction.atomic
def open_evaluations(*, criteria_set: CriteriaSet, due_on: dt.date, user: User | None, on: dt.date) -> int:
    """Freeze the set and give every CĐCS under its owner an evaluation to fill in (computed criteria
    already scored). Units added later get theirs on the next call. Returns how many were opened."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    problems = check_set(criteria_set)
    if problems:
        raise EvaluationError(problems)
    if criteria_set.published_at is not None:
        raise EvaluationError(["Kết quả năm này đã công bố."])
    criteria_set.frozen_at = criteria_set.frozen_at or timezone.now()
    criteria_set.due_on = due_on
    criteria_set.save(update_fields=["frozen_at", "due_on"])
    parents = units_for(criteria_set, on)
    taken = set(
        Evaluation.objects.filter(unit_id__in=parents, year=criteria_set.year).values_list(
            "unit_id", flat=True
        )
    )
    sectors = dict(Unit.objects.filter(pk__in=parents).values_list("pk", "sector"))
    new = [
        Evaluation(
            criteria_set=criteria_set,
            unit_id=unit_id,
            year=criteria_set.year,
            parent_id=parent_id,
            sector=sectors.get(unit_id, ""),
        )
        for unit_id, parent_id in parents.items()
        if unit_id not in taken
    ]
    Evaluation.objects.bulk_create(new, batch_size=500)
    created = list(
        Evaluation.objects.filter(
            criteria_set=criteria_set, unit_id__in=[e.unit_id for e in new]
        ).select_related("parent")
    )
    criteria = list(Criterion.objects.filter(group__criteria_set=criteria_set))
    computed = computed_scores(created, criteria)
    scores = []
    for ev in created:
        for c in criteria:
            points, how = computed.get((ev.pk, c.pk), (None, ""))
            scores.append(Score(evaluation=ev, criterion=c, self_points=points, computed_from=how))
    Score.objects.bulk_create(scores, batch_size=1000)
    _refresh_totals(created)
    for ev in created:
        _tell_cdcs(
            ev,
            on=on,
            verb="evaluation_open",
            text=(
                f"{criteria_set.owner.name} mở tự đánh giá, xếp loại CĐCS năm {criteria_set.year}: "
                f"hạn gửi {format_date(due_on)}."
            ),
            key=f"evaluation:{ev.pk}:open",
        )
    return len(created)


def _refresh_totals(evaluations: list[Evaluation]) -> None:
    ids = [e.pk for e in evaluations]
    sums = (
        Score.objects.filter(evaluation_id__in=ids)
        .values("evaluation_id")
        .annotate(total=Coalesce(Sum("self_points"), ZERO, output_field=DecimalField()))
    )
    for row in sums:
        Evaluation.objects.filter(pk=row["evaluation_id"]).update(self_total=row["total"])


# --- self-assessment ----------------------------------------------------------------------------------


def _check_file(upload: UploadedFile, code: str) -> str | None:
    """Why an evidence file is refused (None: it is what its name says and within the bound): its content
    is read, never trusted from the name (lib.uploads)."""
    if upload.size is None or upload.size > EVIDENCE_MAX_BYTES:
        return f"Tiêu chí {code}: tệp minh chứng lớn hơn 10 MB."
    try:
        check_uploaded(upload, policy(EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES))
    except UploadRefused as exc:
        return f"Tiêu chí {code}: {exc}"
    return None


def apply_computed(evaluation: Evaluation, scores: Sequence[Score]) -> None:
    """Set the computed criteria of `scores` (in memory) to the points and figures they are scored on
    now. The one computation behind both the self-assessment page and what saving and sending store, so
    what a chair sees while filling in is what is sent (issue 19: the page read the figures stored when
    the year opened, the save recomputed them from the reports approved since)."""
    computed = computed_scores([evaluation], [s.criterion for s in scores])
    for score in scores:
        key = (evaluation.pk, score.criterion_id)
        if key in computed:
            score.self_points, score.computed_from = computed[key]


def computed_seen(scores: Sequence[Score]) -> str:
    """The computed points as a page shows them, as one text the page posts back when sending: a send
    whose figures changed since the page was read is refused (see `submit_self_assessment`)."""
    return ";".join(f"{s.criterion_id}={s.self_points}" for s in scores if s.criterion.is_computed)


@transaction.atomic
def save_self_assessment(
    *,
    evaluation: Evaluation,
    entries: dict[int, SelfEntry],
    note: str,
    user: User,
    lock_version: int | None = None,
) -> Evaluation:
    """Store the CĐCS's scores, evidence and notes as a draft (`submit_self_assessment` sends it).
    Computed criteria are recomputed, never typed. Raises EvaluationConflict when `lock_version` is
    stale."""
    evaluation = _take_lock(evaluation.pk, lock_version, "parent", "criteria_set")
    if not evaluation.is_editable:
        raise EvaluationError(["Phiếu đã gửi cấp trên, không sửa được nữa."])
    scores = list(evaluation.scores.select_related("criterion"))
    problems: list[str] = []
    for score in scores:
        c = score.criterion
        entry = entries.get(c.pk)
        if entry is None:
            continue
        if entry.file is not None:
            problem = _check_file(entry.file, c.code)
            if problem:
                problems.append(problem)
                continue
        if not c.is_computed:
            problem = _points_problem(c, entry.points) if entry.points is not None else None
            if problem:
                problems.append(problem)
                continue
            score.self_points = entry.points
        score.evidence, score.note = entry.evidence.strip(), entry.note.strip()
        if entry.file is not None:
            score.evidence_file.save(entry.file.name or "minh-chung", entry.file, save=False)
    if problems:
        raise EvaluationError(problems)
    apply_computed(evaluation, scores)
    for score in scores:
        score.save()
    evaluation.self_note = note.strip()
    evaluation.self_total = sum((s.self_points or ZERO for s in scores), ZERO)
    _mark_saved(evaluation, user)
    evaluation.save()
    return evaluation


@transaction.atomic
def submit_self_assessment(*, evaluation: Evaluation, user: User, seen: str | None = None) -> Evaluation:
    """Send the self-assessment to the parent for moderation: every criterion scored, evidence (a
    description or a file) where the criterion requires it. Computed criteria are scored as the page
    showed them (`apply_computed`); `seen` is what the page showed (`computed_seen`), and a send whose
    figures changed meanwhile (a report approved since) is refused (the page saves the draft first, so
    the new figures are stored for the chair to review)."""
    evaluation = Evaluation.objects.select_for_update().select_related("unit", "parent").get(pk=evaluation.pk)
    if not evaluation.is_editable:
        raise EvaluationError(["Phiếu đã gửi cấp trên, không sửa được nữa."])
    scores = list(evaluation.scores.select_related("criterion"))
    before = {s.pk: s.self_points for s in scores}
    apply_computed(evaluation, scores)
    if seen is not None and seen != computed_seen(scores):
        raise EvaluationError(
            [
                "Số liệu tính từ báo cáo đã thay đổi kể từ khi bạn mở trang (có báo cáo vừa được duyệt); "
                "phiếu chưa gửi. Hãy xem lại điểm mới trên trang rồi gửi lại."
            ]
        )
    problems = []
    missing = [s.criterion.code for s in scores if s.self_points is None]
    no_evidence = [s.criterion.code for s in scores if s.criterion.evidence_required and not s.has_evidence]
    if missing:
        problems.append(f"Chưa chấm điểm các tiêu chí: {', '.join(missing)}.")
    if no_evidence:
        problems.append(f"Các tiêu chí phải có minh chứng (mô tả hoặc tệp): {', '.join(no_evidence)}.")
    if problems:
        raise EvaluationError(problems)
    for score in scores:
        if before[score.pk] != score.self_points:
            score.save(update_fields=["self_points", "computed_from"])
    evaluation.self_total = sum((s.self_points or ZERO for s in scores), ZERO)
    evaluation.status = S.SUBMITTED
    evaluation.submitted_at, evaluation.submitted_by = timezone.now(), user
    _mark_saved(evaluation, user)
    evaluation.save(
        update_fields=[
            "status",
            "self_total",
            "submitted_at",
            "submitted_by",
            "lock_version",
            "saved_at",
            "saved_by",
        ]
    )
    notify(
        users=writers_of([evaluation.parent_id], on=timezone.localdate()),
        verb="evaluation_submitted",
        text=f"{evaluation.unit.name} đã gửi phiếu tự đánh giá năm {evaluation.year}: cần thẩm định.",
        url=reverse("evaluations:moderate", args=[evaluation.pk]),
        key=f"evaluation:{evaluation.pk}:submitted:{evaluation.submitted_at:%Y%m%d%H%M%S}",
    )
    return evaluation


# --- moderation ---------------------------------------------------------------------------------------


@transaction.atomic
def moderate_evaluation(
    *,
    evaluation: Evaluation,
    entries: dict[int, ModerationEntry],
    note: str,
    user: User,
    lock_version: int | None = None,
    disciplined: bool = False,
    discipline_note: str = "",
) -> Evaluation:
    """The parent's points for every criterion; a changed score needs a reason, which the CĐCS sees.
    The parent also records a discipline of the unit in the year (no discipline register exists yet),
    which a set's `discipline_cap` reads. Raises EvaluationConflict when `lock_version` is stale
    (another moderator saved first)."""
    evaluation = _take_lock(evaluation.pk, lock_version, "unit")
    if evaluation.status not in (S.SUBMITTED, S.MODERATED):
        raise EvaluationError(["Chỉ thẩm định được phiếu đã gửi và chưa công bố kết quả."])
    scores = list(evaluation.scores.select_related("criterion"))
    problems = []
    for score in scores:
        c = score.criterion
        entry = entries.get(c.pk)
        if entry is None:
            problems.append(f"Tiêu chí {c.code}: chưa có điểm thẩm định.")
            continue
        problem = _points_problem(c, entry.points)
        if problem:
            problems.append(problem)
            continue
        changed = entry.points != (score.self_points or ZERO)
        if changed and not entry.reason.strip():
            problems.append(f"Tiêu chí {c.code}: điểm khác điểm tự chấm, cần ghi lý do điều chỉnh.")
            continue
        score.final_points = entry.points
        score.reason = entry.reason.strip() if changed else ""
    if disciplined and not discipline_note.strip():
        problems.append("Hãy ghi hình thức và số quyết định kỷ luật.")
    if problems:
        raise EvaluationError(problems)
    for score in scores:
        score.save(update_fields=["final_points", "reason"])
    evaluation.disciplined = disciplined
    evaluation.discipline_note = discipline_note.strip() if disciplined else ""
    evaluation.final_total = sum((s.final_points or ZERO for s in scores), ZERO)
    evaluation.moderation_note = note.strip()
    evaluation.status = S.MODERATED
    evaluation.moderated_at, evaluation.moderated_by = timezone.now(), user
    _mark_saved(evaluation, user)
    evaluation.save()
    _tell_cdcs(
        evaluation,
        on=timezone.localdate(),
        verb="evaluation_moderated",
        text=(
            f"Cấp trên đã thẩm định phiếu tự đánh giá năm {evaluation.year} của {evaluation.unit.name}: "
            f"{format_decimal(evaluation.final_total)} điểm."
        ),
        key=f"evaluation:{evaluation.pk}:moderated:{evaluation.moderated_at:%Y%m%d%H%M%S}",
    )
    return evaluation


@transaction.atomic
def return_evaluation(
    *, evaluation: Evaluation, note: str, user: User, lock_version: int | None = None
) -> Evaluation:
    """Send a submitted self-assessment back to the CĐCS to complete (the note says what is missing);
    its scores and evidence stay."""
    evaluation = _take_lock(evaluation.pk, lock_version, "unit")
    if evaluation.status != S.SUBMITTED:
        raise EvaluationError(["Chỉ trả lại được phiếu đã gửi và chưa thẩm định."])
    if not note.strip():
        raise EvaluationError(["Hãy ghi nội dung CĐCS cần bổ sung khi trả lại phiếu."])
    evaluation.status = S.DRAFT
    evaluation.moderation_note = note.strip()
    _mark_saved(evaluation, user)
    evaluation.save(update_fields=["status", "moderation_note", "lock_version", "saved_at", "saved_by"])
    _tell_cdcs(
        evaluation,
        on=timezone.localdate(),
        verb="evaluation_returned",
        text=f"Cấp trên trả lại phiếu tự đánh giá năm {evaluation.year} của {evaluation.unit.name}: {note.strip()}",
        key=f"evaluation:{evaluation.pk}:returned:{timezone.now():%Y%m%d%H%M%S}",
    )
    return evaluation


# --- the emulation council's bonus ---------------------------------------------------------------------


@transaction.atomic
def score_bonus(
    *, criteria_set: CriteriaSet, entries: dict[int, tuple[Decimal | None, str]], user: User
) -> int:
    """The emulation council's bonus points {evaluation id: (points or None, reason)} on top of the
    moderated points (TKV's guidance: 95 self-assessed + up to 5 "do Hội đồng thi đua khen thưởng chấm").
    Only the set owner's officers (who hold its council) may score it, only on moderated evaluations,
    from 0 to the set's `bonus_max`; a bonus needs a reason. Returns how many were stored."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if not Unit.objects.in_scope(user, criteria_set.owner_id, write=True):
        raise EvaluationError(["Chỉ Hội đồng thi đua của đơn vị đánh giá mới chấm điểm thưởng."])
    if criteria_set.bonus_max <= 0:
        raise EvaluationError(["Bộ tiêu chí này không có điểm thưởng."])
    if criteria_set.published_at is not None:
        raise EvaluationError(["Kết quả đã công bố, không chấm điểm thưởng nữa."])
    evaluations = list(
        criteria_set.evaluations.filter(pk__in=entries, status=S.MODERATED).select_related("unit")
    )
    problems = []
    for ev in evaluations:
        points, reason = entries[ev.pk]
        if points is not None and not ZERO <= points <= criteria_set.bonus_max:
            problems.append(
                f"{ev.unit.name}: điểm thưởng phải từ 0 đến {format_decimal(criteria_set.bonus_max)}."
            )
        elif points and not reason.strip():
            problems.append(f"{ev.unit.name}: cần ghi lý do điểm thưởng.")
    if problems:
        raise EvaluationError(problems)
    now = timezone.now()
    for ev in evaluations:
        points, reason = entries[ev.pk]
        ev.bonus_points, ev.bonus_reason = points, reason.strip() if points else ""
        ev.bonus_by, ev.bonus_at = user, now
    Evaluation.objects.bulk_update(evaluations, ["bonus_points", "bonus_reason", "bonus_by", "bonus_at"])
    return len(evaluations)


# --- classification and publication -------------------------------------------------------------------


def classification_rows(criteria_set: CriteriaSet) -> list[Row]:
    """Each moderated (or published) evaluation of the set with its total (moderated points and the
    council's bonus) and the conditions it meets: a mandatory criterion scored 0, a group below the
    set's minimum share of its points, a discipline in the year. Two queries."""
    evaluations = Evaluation.objects.filter(
        criteria_set=criteria_set, status__in=[S.MODERATED, S.PUBLISHED]
    ).values_list("pk", "parent_id", "bonus_points", "disciplined")
    scores = Score.objects.filter(
        evaluation__criteria_set=criteria_set, evaluation__status__in=[S.MODERATED, S.PUBLISHED]
    ).values_list(
        "evaluation_id",
        "criterion__group_id",
        "criterion__max_points",
        "criterion__mandatory",
        "final_points",
        "self_points",
    )
    totals: dict[int, Decimal] = {}
    zeros: set[int] = set()
    groups: dict[tuple[int, int], list[Decimal]] = {}
    for ev_id, group_id, max_points, mandatory, final, own in scores:
        points = Decimal(final if final is not None else (own if own is not None else 0))
        totals[ev_id] = totals.get(ev_id, ZERO) + points
        if mandatory and points == 0:
            zeros.add(ev_id)
        got = groups.setdefault((ev_id, group_id), [ZERO, ZERO])
        got[0] += points
        got[1] += Decimal(max_points)
    share = criteria_set.group_min_share
    short = {
        ev_id
        for (ev_id, _group), (got, most) in groups.items()
        if share is not None and most > 0 and got * 100 < share * most
    }
    return [
        Row(
            pk,
            parent,
            (totals.get(pk, ZERO) + (bonus or ZERO)).quantize(CENT),
            pk in zeros,
            pk in short,
            disciplined,
        )
        for pk, parent, bonus, disciplined in evaluations
    ]


def conditions_of(criteria_set: CriteriaSet) -> Conditions:
    return Conditions(
        mandatory_zero_cap=criteria_set.mandatory_zero_cap,
        group_shortfall_cap=criteria_set.group_shortfall_cap if criteria_set.group_min_share else "",
        discipline_cap=criteria_set.discipline_cap,
    )


def quota_rule(criteria_set: CriteriaSet) -> Quota:
    return Quota(
        base=criteria_set.quota_base, rounding=criteria_set.quota_rounding, scope=criteria_set.quota_scope
    )


def bands_of(criteria_set: CriteriaSet) -> list[Band]:
    return [Band(b.grade, b.min_score, b.max_share) for b in criteria_set.bands.all()]


@transaction.atomic
def classify_set(*, criteria_set: CriteriaSet) -> int:
    """Grade and rank every moderated evaluation of the set (quotas per parent); not yet published."""
    if criteria_set.published_at is not None:
        raise EvaluationError(["Kết quả đã công bố, không xếp loại lại."])
    rows = classification_rows(criteria_set)
    outcomes = classify(
        rows,
        bands_of(criteria_set),
        conditions=conditions_of(criteria_set),
        quota=quota_rule(criteria_set),
    )
    changed = []
    for ev in Evaluation.objects.filter(pk__in=outcomes).only("pk", "grade", "grade_note", "rank"):
        o = outcomes[ev.pk]
        ev.grade, ev.grade_note, ev.rank = o.grade, o.note, o.rank
        changed.append(ev)
    Evaluation.objects.bulk_update(changed, ["grade", "grade_note", "rank"], batch_size=500)
    return len(changed)


@transaction.atomic
def publish_results(*, criteria_set: CriteriaSet, user: User | None, on: dt.date) -> int:
    """Classify and publish the year's results; refused while an evaluation still awaits moderation."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.published_at is not None:
        raise EvaluationError(["Kết quả năm này đã công bố."])
    waiting = criteria_set.evaluations.filter(status__in=[S.DRAFT, S.SUBMITTED]).count()
    if waiting:
        raise EvaluationError(
            [f"Còn {waiting} phiếu chưa được thẩm định: thẩm định xong mới công bố được kết quả."]
        )
    if not criteria_set.evaluations.exists():
        raise EvaluationError(["Chưa có phiếu đánh giá nào."])
    classify_set(criteria_set=criteria_set)
    now = timezone.now()
    count = criteria_set.evaluations.update(status=S.PUBLISHED, published_at=now)
    criteria_set.published_at = now
    criteria_set.save(update_fields=["published_at"])
    for ev in criteria_set.evaluations.select_related("unit"):
        _tell_cdcs(
            ev,
            on=on,
            verb="evaluation_published",
            text=(
                f"Kết quả xếp loại CĐCS năm {ev.year} của {ev.unit.name}: {GRADE_LABELS_VI.get(ev.grade, '')} "
                f"({format_decimal(ev.grand_total or ZERO)} điểm)."
            ),
            key=f"evaluation:{ev.pk}:published",
        )
    return count


@transaction.atomic
def create_summary_report(*, criteria_set: CriteriaSet, user: User | None, on: dt.date) -> OutgoingDocument:
    """The draft summary report (BC) of the year's results, or the one already made."""
    if criteria_set.published_at is None:
        raise EvaluationError(["Công bố kết quả trước khi lập báo cáo tổng hợp."])
    existing = criteria_set.summary_document
    if existing is not None:
        return existing
    content = compose.summary_content(criteria_set, on=on)
    document = create_draft(
        unit=criteria_set.owner, kind=OutgoingDocument.Kind.REPORT, content=content, user=user
    )
    criteria_set.summary_document = document
    criteria_set.save(update_fields=["summary_document"])
    return document


# --- reminders ----------------------------------------------------------------------------------------


def remind_due(*, on: dt.date) -> int:
    """Tell the CĐCS whose self-assessment is still a draft: 7 days and 1 day before the deadline, and
    once a week once it is overdue. Idempotent per (evaluation, day)."""
    sent = 0
    drafts = Evaluation.objects.filter(
        status=S.DRAFT, criteria_set__due_on__isnull=False, criteria_set__published_at__isnull=True
    ).select_related("unit", "criteria_set")
    for ev in drafts:
        due = ev.criteria_set.due_on
        assert due is not None
        left = (due - on).days
        if left in REMIND_DAYS:
            text = f"Còn {left} ngày đến hạn gửi phiếu tự đánh giá năm {ev.year} ({format_date(due)})."
            key = f"evaluation:{ev.pk}:due:{left}"
        elif left < 0 and (-left) % 7 == 1:
            text = f"Phiếu tự đánh giá năm {ev.year} của {ev.unit.name} đã quá hạn ({format_date(due)})."
            key = f"evaluation:{ev.pk}:overdue:{on.isoformat()}"
        else:
            continue
        sent += _tell_cdcs(
            ev,
            on=on,
            verb="evaluation_due",
            text=text,
            key=key,
        )
    return sent
