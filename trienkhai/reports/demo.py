"""Demo step of `reports`: the yearly report form of the seed plan 27/KH and submissions for 2024, 2025
and 2026 in every state. Runs after the plans step; idempotent (does nothing when the form exists)."""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.models import Notification
from trienkhai.lib.periods import period_for
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Plan

from .models import (
    Indicator,
    Narrative,
    ReportForm,
    Rule,
    Submission,
    SubmissionEvent,
    SubmissionValue,
)

TITLE = "Báo cáo kết quả thực hiện Nghị quyết 43-NQ/TW (hằng năm)"
K = Indicator.Kind
# (code, label, unit, kind, index of the seed's task group it reports on; None: not one group's)
INDICATORS = [
    ("sessions", "Số buổi tuyên truyền", "buổi", K.INTEGER, 0),
    ("attendees", "Lượt người tham dự", "lượt", K.INTEGER, 0),
    ("new_members", "Đoàn viên kết nạp mới", "người", K.INTEGER, 3),
    ("total_members", "Tổng số đoàn viên", "người", K.INTEGER, 3),
    ("new_cdcs", "CĐCS thành lập mới", "CĐCS", K.INTEGER, 3),
    ("new_cba", "TƯLĐTT ký mới", "bản", K.INTEGER, 1),
    ("dialogues", "Cuộc đối thoại", "cuộc", K.INTEGER, 1),
    ("legal_cases", "Vụ việc tư vấn/hỗ trợ pháp lý", "vụ việc", K.INTEGER, 1),
    ("trained", "Người lao động được đào tạo", "người", K.INTEGER, 2),
    ("contests", "Hội thi tay nghề", "hội thi", K.INTEGER, 2),
    ("good_models", "Mô hình hay được đề xuất", "mô hình", K.INTEGER, 5),
    ("party_referrals", "Đoàn viên ưu tú giới thiệu cho Đảng", "người", K.INTEGER, 4),
    ("spent", "Kinh phí đã chi", "đồng", K.DECIMAL, None),
]


def _seed_plan() -> Plan | None:
    return Plan.objects.filter(number__startswith="27/KH", parent_plan__isnull=True).order_by("pk").first()


def _build_form(plan: Plan) -> ReportForm:
    form = ReportForm.objects.create(
        plan=plan,
        title=TITLE,
        period_kind="year",
        # Five days after the closing day (14/12): a deadline may not fall before the period ends.
        deadline_days=5,
    )
    groups = list(plan.groups.order_by("position"))
    for pos, (code, label, uom, kind, group_index) in enumerate(INDICATORS):
        group = groups[group_index] if group_index is not None and group_index < len(groups) else None
        Indicator.objects.create(
            form=form, code=code, label=label, unit_of_measure=uom, kind=kind, position=pos, group=group
        )
    # Picked from the list and named by label, as a federation writes it (no formula typed by hand).
    Rule.objects.create(
        form=form,
        kind=Rule.Kind.NOT_ABOVE,
        subject="new_members",
        other="total_members",
        expression=Rule.build_expression(Rule.Kind.NOT_ABOVE, "new_members", "total_members", None),
        message=Rule.default_message(Rule.Kind.NOT_ABOVE, "Đoàn viên kết nạp mới", "Tổng số đoàn viên", None),
    )
    for i, group in enumerate(groups):
        Narrative.objects.create(form=form, group=group, required=i < 2)
    return form


def _values(unit: Unit, year: int, form: ReportForm) -> dict[str, str]:
    """Plausible figures for one CĐCS, fixed per unit and year, satisfying the rules."""
    h = zlib.crc32(f"{unit.code}:{year}".encode())

    def pick(lo: int, hi: int, salt: int) -> int:
        return lo + (h >> salt) % (hi - lo + 1)

    enterprise = unit.sector not in ("administrative", "")
    total = pick(60, 900, 0) if enterprise else pick(12, 95, 0)
    sessions = pick(2, 10, 3)
    v = {
        "sessions": sessions,
        "attendees": sessions * max(8, total * pick(55, 90, 5) // 100),
        "new_members": min(total, pick(3, 60, 7) if enterprise else pick(0, 6, 7)),
        "total_members": total,
        "new_cdcs": 0,
        "new_cba": pick(0, 1, 9) if enterprise else 0,
        "dialogues": pick(1, 4, 11),
        "legal_cases": pick(0, 9, 13) if enterprise else pick(0, 2, 13),
        "trained": pick(5, 80, 15) if enterprise else pick(0, 10, 15),
        "contests": pick(0, 2, 17) if enterprise else 0,
        "good_models": pick(0, 2, 19),
        "party_referrals": pick(0, 3, 21),
        "spent": pick(8, 120, 23) * 500_000,
    }
    out = {k: f"{n:,}".replace(",", ".") for k, n in v.items()}
    for nar in form.narratives.select_related("group"):
        out[nar.key] = (
            f"Năm {year}, {unit.name} đã triển khai nội dung «{nar.group.title.rstrip('.')}» "
            f"đến toàn thể đoàn viên; tổ chức {v['sessions']} buổi sinh hoạt chuyên đề."
        )
    return out


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _fill(form, unit, year, state, *, writer, reviewer, late=False, comment="", on_behalf=False) -> None:
    start, end = period_for("year", year, 1)
    if end < unit.valid_from:
        return  # no report for a year that ended before the unit was founded
    deadline = form.deadline(year, 1)
    sub = Submission.objects.create(
        form=form, unit=unit, year=year, index=1, period_start=start, period_end=end, deadline=deadline
    )
    values = _values(unit, year, form)
    if state == "draft":
        values = {k: v for i, (k, v) in enumerate(values.items()) if i < 6}
    for key, raw in values.items():
        number = None if key.startswith("nar-") else Decimal(raw.replace(".", ""))
        SubmissionValue.objects.create(submission=sub, key=key, raw=raw, number=number)
    sub.entered_on_behalf = on_behalf
    sub.updated_by = writer
    if state == "draft":
        sub.save()
        return
    latest = timezone.localdate() - dt.timedelta(days=3)
    if deadline >= latest:  # the running period is not due yet: nobody is late, a few sent it early
        late = False
    submitted = deadline + dt.timedelta(days=3) if late else min(deadline - dt.timedelta(days=2), latest)
    steps = [("", "submitted", submitted, writer, "")]
    if state in ("returned", "resubmitted"):
        steps.append(("submitted", "returned", submitted + dt.timedelta(days=1), reviewer, comment))
    if state == "resubmitted":
        steps.append(("returned", "resubmitted", submitted + dt.timedelta(days=2), writer, ""))
    if state == "approved":
        steps.append(("submitted", "approved", submitted + dt.timedelta(days=2), reviewer, ""))
    sub.status = state
    sub.first_submitted_at = _at(submitted)
    sub.submitted_at = _at(steps[-1][2]) if state != "approved" else _at(submitted)
    sub.is_late = late
    if state == "returned":
        sub.review_comment = comment
        sub.field_comments = {"dialogues": "Số cuộc đối thoại chưa khớp với biên bản gửi kèm."}
    if state == "approved":
        sub.approved_at, sub.approved_by = _at(steps[-1][2]), reviewer
    sub.lock_version = len(steps) + 1
    sub.save()
    for old, new, day, actor, text in steps:
        event = SubmissionEvent.objects.create(
            submission=sub, actor=actor, from_status=old, to_status=new, comment=text
        )
        SubmissionEvent.objects.filter(pk=event.pk).update(at=_at(day, 10))


def build(world: dict, stdout) -> None:
    units: dict[str, Unit] = world["units"]
    plan = _seed_plan()
    if plan is None or not plan.assignments.exists():
        stdout.write("Báo cáo mẫu: chưa có kế hoạch 27/KH được gửi xuống đơn vị nào — bỏ qua.")
        return
    if ReportForm.objects.filter(plan=plan, title=TITLE).exists():
        stdout.write("Báo cáo mẫu đã có sẵn.")
        return
    from .demo_quarterly import build_quarterly, grow_district, send_plan

    send_plan(plan, grow_district(units))  # the district at its real size before any report is made
    form = _build_form(plan)
    users = get_user_model().objects.in_bulk(
        ["officer_son", "officer_minh", "chairwoman_lan", "cdcs_hoa", "cdcs_dung"], field_name="username"
    )
    son, minh, lan = users.get("officer_son"), users.get("officer_minh"), users.get("chairwoman_lan")
    writer_of = {"PR-THCS-PR": users.get("cdcs_hoa"), "PR-CS-PR": users.get("cdcs_dung")}
    recipients = sorted((a.unit for a in plan.assignments.select_related("unit")), key=lambda u: u.code)
    x_pr = units.get("X-PR")
    under_x_pr = (
        set(Unit.objects.filter(pk__in=x_pr.descendants(timezone.localdate()).values("pk")))
        if x_pr
        else set()
    )
    cycle_2025 = ["approved", "approved", "approved", "returned", "resubmitted", "submitted", "draft", None]
    cycle_2026 = ["approved", "submitted", "resubmitted", "returned", "draft", None, "approved", "draft"]
    made = 0
    for i, unit in enumerate(recipients):
        writer = writer_of.get(unit.code)
        on_behalf = writer is None
        reviewer_now = minh if unit in under_x_pr else (son or lan)
        # 2024: PRG (chair: officer_son) reviewed; most approved, every fifth late, two never reported.
        if i % 17 != 5:
            _fill(
                form,
                unit,
                2024,
                "approved",
                writer=writer or son,
                reviewer=son,
                late=i % 5 == 2,
                on_behalf=on_behalf,
            )
            made += 1
        state = cycle_2025[i % len(cycle_2025)]
        if state:
            _fill(
                form,
                unit,
                2025,
                state,
                writer=writer or reviewer_now,
                reviewer=reviewer_now,
                late=i % 4 == 1,
                comment="Đề nghị bổ sung số liệu kinh phí và biên bản đối thoại.",
                on_behalf=on_behalf,
            )
            made += 1
        state = {"PR-THCS-PR": "draft", "PR-CS-PR": "returned"}.get(
            unit.code, cycle_2026[i % len(cycle_2026)]
        )
        if state:
            _fill(
                form,
                unit,
                2026,
                state,
                writer=writer or reviewer_now,
                reviewer=reviewer_now,
                late=i % 6 == 3,
                comment="Số cuộc đối thoại chưa khớp biên bản; đề nghị kiểm tra lại.",
                on_behalf=on_behalf,
            )
            made += 1
    stdout.write(f"Đã tạo biểu mẫu báo cáo năm của kế hoạch 27/KH và {made} báo cáo mẫu (2024–2026).")
    _adhoc_with_a_refused_deadline(plan, son, stdout)
    build_quarterly(world, stdout, plan)


def _adhoc_with_a_refused_deadline(plan: Plan, user, stdout) -> None:
    """An ad-hoc report asked for at short notice: the officer first typed a deadline before the closing day,
    the builder refused it (Decree 09/2019 Art. 12) and told him so; he then set it after the closing day."""
    from trienkhai.core.notify import notify
    from trienkhai.lib.vn import format_date

    from .forms import ReportFormForm

    on = timezone.localdate()
    closes = on + dt.timedelta(days=7)
    data = {
        "title": f"Báo cáo đột xuất tình hình việc làm, tiền lương, thưởng Tết {closes.year + 1}",
        "period_kind": "adhoc",
        "deadline_days": "0",
        "opens_on": format_date(on - dt.timedelta(days=30)),
        "closes_on": format_date(closes),
        "due_on": format_date(closes - dt.timedelta(days=3)),
    }
    refused = ReportFormForm(data)
    if refused.is_valid():  # the rule is gone: say so rather than pretend
        stdout.write(
            "Báo cáo đột xuất mẫu: hạn nộp trước ngày chốt số liệu lại được nhận — kiểm tra quy tắc."
        )
        return
    message = " ".join(str(e) for e in [*refused.errors.get("due_on", []), *refused.non_field_errors()])
    accepted = ReportFormForm({**data, "due_on": format_date(closes + dt.timedelta(days=3))})
    if not accepted.is_valid():
        stdout.write(f"Báo cáo đột xuất mẫu: không lập được ({accepted.errors.as_text()}).")
        return
    form = accepted.save(commit=False)
    form.plan, form.created_by = plan, user
    form.save()
    for pos, (code, label, uom) in enumerate(
        [("jobs_lost", "Người lao động mất việc", "người"), ("tet_bonus", "Thưởng Tết bình quân", "đồng")]
    ):
        Indicator.objects.create(
            form=form, code=code, label=label, unit_of_measure=uom, kind=Indicator.Kind.INTEGER, position=pos
        )
    if user is not None:
        notify(
            users=[user],
            verb="deadline_refused",
            text=f"Hạn nộp bị từ chối khi lập «{form.title}»: {message} Đã đặt lại hạn nộp "
            f"{format_date(form.due_on)}.",
            url=reverse("reports:form", args=[form.pk]),
            key=f"demo:deadline-refused:{form.pk}",
        )
    stdout.write(f"Báo cáo đột xuất mẫu: hạn nộp trước ngày chốt số liệu bị từ chối — {message}")


def wipe() -> None:
    plan = _seed_plan()
    Notification.objects.filter(key__startswith="reminder:").delete()
    Notification.objects.filter(key__startswith="demo:deadline-refused:").delete()
    if plan is not None:
        ReportForm.objects.filter(plan=plan).delete()


def finish(world: dict, stdout) -> None:
    """After every step (some approve reports of their own): the stored subtree totals of every approved
    report, as `trienkhai rebuild_totals` would compute them, so the daily check finds no drift."""
    from .results import stored

    rows = stored.rebuild()
    stdout.write(f"Tổng số liệu lưu sẵn theo cây đơn vị: {rows} dòng.")
