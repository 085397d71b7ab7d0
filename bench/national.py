"""The benchmark's own national world: 34 provinces, ~3,300 commune-level unions, ~130,000 CĐCS, a
quarterly form with 20 indicators (every aggregation rule) and 12 quarters (2024–2026) of reports:
~1.5 million submissions and ~30 million values at BENCH_SCALE=1.

Units and links are created with bulk_create; submissions and values are generated inside the database
with `INSERT … SELECT` and integer hashing, the same SQL on PostgreSQL and SQLite, so that 30 million rows
never pass through Python. On 01/7/2025 one CĐCS in ten moves to the next commune union of its province
(the 2025 reform), so the as-reported and current structures differ.

BENCH_SCALE shrinks the world: the number of provinces first (each keeps ~97 commune unions of ~39 CĐCS,
the size of a real province), then the number of commune unions of the one province left.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

NATIONAL_PROVINCES = 34
COMMUNES_PER_PROVINCE = 97  # 34 × 97 = 3,298 commune-level unions
CDCS_PER_COMMUNE = 39  # 3,298 × 39 = 128,622 CĐCS
YEARS = (2024, 2025, 2026)
MOVE_ON = dt.date(2025, 7, 1)
START = dt.date(2015, 1, 1)
FORM_TITLE = "Báo cáo nhanh hằng quý"

# code, label, kind, rule, weight, lowest value, number of values
INDICATORS = [
    ("members", "Tổng số đoàn viên", "integer", "latest", "", 15, 1500),
    ("female_members", "Đoàn viên nữ", "integer", "latest", "", 5, 700),
    ("new_members", "Đoàn viên kết nạp mới", "integer", "sum", "", 0, 40),
    ("left_members", "Đoàn viên giảm", "integer", "sum", "", 0, 20),
    ("sessions", "Số buổi tuyên truyền", "integer", "sum", "", 0, 12),
    ("attendees", "Lượt người tham dự", "integer", "sum", "", 0, 900),
    ("dialogues", "Cuộc đối thoại", "integer", "sum", "", 0, 5),
    ("cba_signed", "TƯLĐTT ký mới", "integer", "sum", "", 0, 2),
    ("legal_cases", "Vụ việc hỗ trợ pháp lý", "integer", "sum", "", 0, 10),
    ("trained", "Người lao động được đào tạo", "integer", "sum", "", 0, 80),
    ("contests", "Hội thi tay nghề", "integer", "sum", "", 0, 3),
    ("good_models", "Mô hình hay", "integer", "sum", "", 0, 3),
    ("party_referrals", "Đoàn viên ưu tú giới thiệu cho Đảng", "integer", "sum", "", 0, 4),
    ("visits", "Lượt thăm hỏi đoàn viên", "integer", "sum", "", 0, 60),
    ("spent", "Kinh phí đã chi (nghìn đồng)", "decimal", "sum", "", 1000, 90000),
    ("fee_rate", "Tỷ lệ đóng đoàn phí", "percent", "wavg", "members", 40, 61),
    ("score", "Điểm tự đánh giá", "decimal", "avg", "", 50, 51),
    ("wage_low", "Lương thấp nhất (nghìn đồng)", "decimal", "min", "", 4000, 3000),
    ("wage_high", "Lương cao nhất (nghìn đồng)", "decimal", "max", "", 8000, 30000),
    ("has_cba", "Có thỏa ước lao động tập thể", "yesno", "count_yes", "", 0, 2),
]


@dataclass
class World:
    form_id: int
    plan_id: int
    province_id: int  # the first province: the one every figure is measured on
    officer_id: int  # an officer of that province
    provinces: int
    communes: int
    cdcs: int
    submissions: int
    values: int
    phases: dict | None = None  # seconds per generation step, for the profile in docs/bench.md


def shape(scale: float) -> tuple[int, int, int]:
    """(provinces, commune unions per province, CĐCS per commune union) for a BENCH_SCALE."""
    scale = max(min(scale, 1.0), 0.0005)
    provinces = max(1, round(NATIONAL_PROVINCES * scale))
    if provinces > 1:
        return provinces, COMMUNES_PER_PROVINCE, CDCS_PER_COMMUNE
    communes = max(
        2, min(COMMUNES_PER_PROVINCE, math.ceil(COMMUNES_PER_PROVINCE * NATIONAL_PROVINCES * scale))
    )
    return 1, communes, CDCS_PER_COMMUNE


def existing() -> World | None:
    """The world a previous run kept (BENCH_KEEP=1), to measure again without generating it."""
    from trienkhai.orgs.models import Membership, UnitKind
    from trienkhai.reports.models import ReportForm

    form = ReportForm.objects.filter(title=FORM_TITLE).select_related("plan").first()
    member = Membership.objects.filter(user__username="bench_officer").first()
    if form is None or member is None:
        return None
    from trienkhai.orgs.models import Unit

    return World(
        form_id=form.pk,
        plan_id=form.plan_id,
        province_id=member.unit_id,
        officer_id=member.user_id,
        provinces=Unit.objects.filter(kind=UnitKind.PROVINCIAL).count(),
        communes=Unit.objects.filter(kind=UnitKind.COMMUNE).count(),
        cdcs=Unit.objects.filter(kind=UnitKind.GRASSROOTS).count(),
        submissions=_count("reports_submission"),
        values=_count("reports_submissionvalue"),
    )


def wipe() -> None:
    """Remove everything the generator made (and anything else: this is a scratch database)."""
    from django.db import connection

    tables = [
        "finance_statement",  # a spending statement the finance app opens when a report moves (its hooks)
        "reports_subtreetotal",  # the stored subtree totals the bench rebuilds (issue 21)
        "reports_historicalsubmissionvalue",
        "reports_submissionvalue",
        "reports_submissionevent",
        "reports_historicaltarget",
        "reports_target",
        "reports_importjob",
        "reports_submission",
        "reports_rule",
        "reports_indicator",
        "reports_narrative",
        "reports_reportform",
        "plans_historicalplanassignment",
        "plans_planassignment",
        "plans_plan",
        "orgs_historicalmembership",
        "orgs_membership",
        "orgs_historicalunitlink",
        "orgs_unitlink",
        "orgs_unitevent_related",
        "orgs_unitevent",
        "orgs_historicalunit",
        "orgs_unit",
        "django_session",
        "accounts_sessionrecord",  # the benches log the officer in (accounts.sessions.record_login)
        "otp_totp_totpdevice",  # and give them the second factor their role requires
        "core_notification",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
        "auth_user",
    ]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            present = [t for t in tables if t in existing]
            cursor.execute(f"TRUNCATE {', '.join(present)} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                if table in existing:
                    cursor.execute(f"DELETE FROM {table}")


def generate(scale: float) -> World:
    import time

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from trienkhai.lib.periods import deadline_for, period_for
    from trienkhai.orgs.models import Membership, Role, Unit, UnitKind, UnitLink
    from trienkhai.plans.models import Plan, PlanAssignment
    from trienkhai.reports.models import Indicator, ReportForm

    n_prov, n_comm, n_cdcs = shape(scale)
    phases: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        phases[name] = round(now - clock[0], 1)
        clock[0] = now

    wipe()
    lap("wipe")
    with transaction.atomic():
        root = Unit.objects.create(
            code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", kind=UnitKind.CONFEDERATION, valid_from=START
        )
        provinces = Unit.objects.bulk_create(
            Unit(
                code=f"P{p:02d}",
                name=f"Liên đoàn Lao động tỉnh số {p:02d}",
                kind=UnitKind.PROVINCIAL,
                valid_from=START,
                search_text=f"p{p:02d}",
            )
            for p in range(1, n_prov + 1)
        )
        UnitLink.objects.bulk_create(UnitLink(unit=p, parent=root, valid_from=START) for p in provinces)
        communes = Unit.objects.bulk_create(
            Unit(
                code=f"{p.code}-X{c:03d}",
                name=f"Công đoàn xã {p.code}-{c:03d}",
                kind=UnitKind.COMMUNE,
                valid_from=START,
                search_text=f"{p.code}-x{c:03d}".lower(),
            )
            for p in provinces
            for c in range(1, n_comm + 1)
        )
        UnitLink.objects.bulk_create(
            UnitLink(unit=c, parent=provinces[i // n_comm], valid_from=START) for i, c in enumerate(communes)
        )
        sectors = ["administrative", "state_enterprise", "non_state", "fdi"]
        position = {c.code: i for i, c in enumerate(communes)}
        batch: list = []
        for ci, commune in enumerate(communes):
            for g in range(1, n_cdcs + 1):
                batch.append(
                    Unit(
                        code=f"{commune.code}-G{g:02d}",
                        name=f"Công đoàn cơ sở {commune.code}-{g:02d}",
                        kind=UnitKind.GRASSROOTS,
                        sector=sectors[g % 4],
                        valid_from=START,
                        search_text=f"{commune.code}-g{g:02d}".lower(),
                    )
                )
            if len(batch) >= 20_000 or ci == len(communes) - 1:
                made = Unit.objects.bulk_create(batch, batch_size=5_000)
                links = []
                for u in made:
                    home = position[u.code.rsplit("-", 1)[0]]
                    if int(u.code.rsplit("G", 1)[1]) % 10 == 3:
                        # One in ten moves to the next commune union of its province on 01/7/2025.
                        first = (home // n_comm) * n_comm
                        nxt = communes[first + (home - first + 1) % n_comm]
                        links.append(
                            UnitLink(unit=u, parent=communes[home], valid_from=START, valid_to=MOVE_ON)
                        )
                        links.append(UnitLink(unit=u, parent=nxt, valid_from=MOVE_ON))
                    else:
                        links.append(UnitLink(unit=u, parent=communes[home], valid_from=START))
                UnitLink.objects.bulk_create(links, batch_size=10_000)
                batch = []
        User = get_user_model()
        officer = User.objects.create_user("bench_officer", password="bench-mat-khau", first_name="Bench")
        Membership.objects.create(user=officer, unit=provinces[0], role=Role.OFFICER, start_date=START)
        plan = Plan.objects.create(
            owner_unit=root, number="01/KH-TLĐ", title="Kế hoạch đo hiệu năng", status="published"
        )
        form = ReportForm.objects.create(plan=plan, title=FORM_TITLE, period_kind="quarter", deadline_days=10)
        Indicator.objects.bulk_create(
            Indicator(
                form=form,
                code=code,
                label=label,
                kind=kind,
                aggregation=rule,
                weight_code=weight,
                position=i,
                required=False,
            )
            for i, (code, label, kind, rule, weight, _lo, _span) in enumerate(INDICATORS)
        )
    lap("units_and_links")
    with transaction.atomic(), connection.cursor() as cursor:
        assignment, unit = PlanAssignment._meta.db_table, Unit._meta.db_table
        cursor.execute(
            f"INSERT INTO {assignment} (plan_id, unit_id, sent_on, deadline, received_at, version_added) "
            f"SELECT %s, id, %s, %s, %s, 1 FROM {unit} WHERE kind = %s",
            [
                plan.pk,
                _d(dt.date(2024, 1, 2)),
                _d(dt.date(2024, 2, 1)),
                _ts(dt.date(2024, 1, 5)),
                "grassroots",
            ],
        )
    periods = []
    k = 0
    for year in YEARS:
        for index in range(1, 5):
            k += 1
            start, end = period_for("quarter", year, index)
            deadline = deadline_for("quarter", year, index, days_after=10)
            periods.append((year, index, k, _d(start), _d(end), _d(deadline), _ts(deadline)))
    lap("assignments")
    _insert_submissions(form.pk, plan.pk, periods)
    lap("submissions")
    _insert_values(form.pk)
    lap("values")
    _analyze()
    lap("analyze")
    return World(
        phases=phases,
        form_id=form.pk,
        plan_id=plan.pk,
        province_id=provinces[0].pk,
        officer_id=officer.pk,
        provinces=n_prov,
        communes=n_prov * n_comm,
        cdcs=n_prov * n_comm * n_cdcs,
        submissions=_count("reports_submission"),
        values=_count("reports_submissionvalue"),
    )


def _d(day: dt.date):
    from django.db import connection

    return connection.ops.adapt_datefield_value(day)


def _ts(day: dt.date):
    from django.db import connection
    from django.utils import timezone

    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    return connection.ops.adapt_datetimefield_value(moment)


def _insert_submissions(form_id: int, plan_id: int, periods: list) -> None:
    """One report per CĐCS and quarter, 2% missing; of the rest 5% draft, 3% returned, 6% waiting for
    review and the others approved; one in ten late."""
    from django.db import connection, transaction

    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(periods))
    params = [x for p in periods for x in p]
    h = "((a.unit_id * 2654435761 + p.k * 40503) %% 1000003)"
    status = (
        f"CASE WHEN {h} %% 100 < 5 THEN 'draft' WHEN {h} %% 100 < 8 THEN 'returned' "
        f"WHEN {h} %% 100 < 14 THEN 'submitted' ELSE 'approved' END"
    )
    idx = connection.ops.quote_name("index")
    empty = "CAST('{}' AS jsonb)" if connection.vendor == "postgresql" else "'{}'"
    false, true = ("false", "true") if connection.vendor == "postgresql" else ("0", "1")
    sql = (
        f"INSERT INTO reports_submission (form_id, unit_id, year, {idx}, period_start, period_end, deadline, "
        f"status, lock_version, last_client, client_base, first_submitted_at, submitted_at, is_late, "
        f"entered_on_behalf, review_comment, field_comments, approved_at, created_at, updated_at) "
        f"WITH p(year, idx, k, pstart, pend, deadline, due) AS (VALUES {values}) "
        f"SELECT %s, a.unit_id, p.year, p.idx, p.pstart, p.pend, p.deadline, {status}, 1, '', 0, "
        f"CASE WHEN {h} %% 100 < 5 THEN NULL ELSE p.due END, CASE WHEN {h} %% 100 < 5 THEN NULL ELSE p.due END, "
        f"CASE WHEN {h} %% 100 < 5 THEN NULL WHEN {h} %% 10 = 7 THEN {true} ELSE {false} END, {false}, '', {empty}, "
        f"CASE WHEN {h} %% 100 >= 14 THEN p.due ELSE NULL END, p.due, p.due "
        f"FROM plans_planassignment a CROSS JOIN p WHERE a.plan_id = %s AND {h} %% 50 <> 11"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [*params, form_id, plan_id])


def _insert_values(form_id: int) -> None:
    from django.db import connection, transaction

    keys = ", ".join(["(%s, %s, %s, %s)"] * len(INDICATORS))
    params = [x for i, ind in enumerate(INDICATORS, start=1) for x in (i, ind[0], ind[5], ind[6])]
    h = "((s.id * 2654435761 + k.n * 97531) %% 1000003)"
    number = f"(k.lo + {h} %% k.span)"
    # Drafts hold part of their values, like a report being typed.
    sql = (
        f"INSERT INTO reports_submissionvalue (submission_id, key, raw, number, source_value, override_reason) "
        f"WITH k(n, key, lo, span) AS (VALUES {keys}) "
        f"SELECT s.id, k.key, CAST({number} AS TEXT), {number}, '', '' FROM reports_submission s CROSS JOIN k "
        f"WHERE s.form_id = %s AND (s.status <> 'draft' OR k.n <= 8)"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [*params, form_id])


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
