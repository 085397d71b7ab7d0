"""Roll-up at national scale: the tier roll-up against hand-written SQL and a per-unit ORM loop, the two
structures, the province dashboard under concurrent clients, approving, importing 10,000 rows.

Runs in a child process (its peak memory is then its own) on BENCH_DATABASE_URL, or on a scratch SQLite
file. BENCH_SCALE (default 0.1: three provinces, ~11,600 CĐCS, ~2.6 million values) sizes the world; 1 is
the national world (34 provinces, ~130,000 CĐCS, ~30 million values), meant for PostgreSQL:

    BENCH_SCALE=1 BENCH_DATABASE_URL=postgres://app:app@127.0.0.1:5432/trienkhai_bench make bench

Every figure is printed as `BENCH <name> <value> <unit>`; a comment line before them says the scale, the
database and the machine. docs/bench.md holds the results and the profile of the slowest step.
"""

from __future__ import annotations

import io
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass

DEFAULT_SCALE = 0.1
CLIENTS = 20


def _median_ms(fn, repeat: int = 5) -> float:
    fn()  # warm the caches once: every side is measured warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _paired_ms(fn_a, fn_b, repeat: int = 7) -> tuple[float, float]:
    """Medians of two functions timed in alternation, so that a busy neighbour on a shared machine
    slows both sides alike."""
    fn_a(), fn_b()
    a, b = [], []
    for _ in range(repeat):
        for fn, out in ((fn_a, a), (fn_b, b)):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
    return statistics.median(a), statistics.median(b)


def _setup() -> None:
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    elif "trienkhai-bench-" not in os.environ.get("DATABASE_URL", ""):
        path = os.path.join(tempfile.mkdtemp(prefix="trienkhai-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def raw_sql_rollup(form_id: int, province_id: int, year: int, index: int, on) -> list:
    """The hand-written baseline: one recursive CTE down from the province as of the period's end, each
    unit tagged with the direct child it falls under, and one GROUP BY per child and indicator over approved
    reports (sums, counts, min and max; no weights, no completeness, no names)."""
    from django.db import connection

    d = connection.ops.adapt_datefield_value(on)
    idx = connection.ops.quote_name("index")
    sql = (
        "WITH RECURSIVE sub(id, grp, depth) AS (SELECT CAST(%s AS BIGINT), CAST(0 AS BIGINT), 0 UNION ALL "
        "SELECT l.unit_id, CASE WHEN sub.depth = 0 THEN l.unit_id ELSE sub.grp END, sub.depth + 1 FROM sub "
        "JOIN orgs_unitlink l ON l.parent_id = sub.id AND l.valid_from <= %s "
        "AND (l.valid_to IS NULL OR l.valid_to > %s) WHERE sub.depth < 64) "
        "SELECT sub.grp, v.key, COUNT(v.number), SUM(v.number), MIN(v.number), MAX(v.number) FROM sub "
        f"JOIN reports_submission s ON s.unit_id = sub.id AND s.form_id = %s AND s.year = %s AND s.{idx} = %s "
        "AND s.status = 'approved' JOIN reports_submissionvalue v ON v.submission_id = s.id "
        "GROUP BY sub.grp, v.key"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [province_id, d, d, form_id, year, index])
        return cursor.fetchall()


def naive_orm_rollup(form, province, year: int, index: int, on) -> dict:
    """What one writes without thinking about queries: for each child, for each unit of its subtree, the
    unit's report and its values, added up in Python."""
    from collections import defaultdict
    from decimal import Decimal

    from trienkhai.reports.models import Submission

    out = {}
    for child in province.children_on(on):
        totals: dict = defaultdict(Decimal)
        for unit in [child, *child.descendants(on)]:
            sub = Submission.objects.filter(
                form=form, unit=unit, year=year, index=index, status="approved"
            ).first()
            if sub is None:
                continue
            for value in sub.values.all():
                if value.number is not None:
                    totals[value.key] += value.number
        out[child.pk] = dict(totals)
    return out


def child() -> None:
    scale = float(os.environ.get("BENCH_SCALE", DEFAULT_SCALE))
    _setup()
    from django.db import connection

    from bench import national
    from trienkhai.lib.periods import period_end
    from trienkhai.orgs.models import Unit
    from trienkhai.reports.models import ReportForm
    from trienkhai.reports.results import CURRENT, REPORTED, rollup_table

    db = connection.vendor
    t = time.perf_counter()
    world = national.existing() if os.environ.get("BENCH_REUSE") == "1" else None
    world = world or national.generate(scale)
    generate_s = time.perf_counter() - t
    print(
        f"# roll-up bench: BENCH_SCALE={scale} on {db}; {world.provinces} provinces, {world.communes} commune "
        f"unions, {world.cdcs} CĐCS, {world.submissions} reports, {world.values} values; "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    if world.phases:
        print("# generation, seconds per step: " + ", ".join(f"{k} {v}" for k, v in world.phases.items()))
    form = ReportForm.objects.get(pk=world.form_id)
    province = Unit.objects.get(pk=world.province_id)
    year, index = 2026, 2
    on = period_end(form.period_kind, year, index)

    ours_ms, raw_ms = _paired_ms(
        lambda: rollup_table(form, province, year, index),
        lambda: raw_sql_rollup(form.pk, province.pk, year, index, on),
    )
    ours = rollup_table(form, province, year, index)
    raw = raw_sql_rollup(form.pk, province.pk, year, index, on)
    raw_sums = {}
    for grp, key, _n, total, _lo, _hi in raw:
        raw_sums[(grp, key)] = total
    for row in ours.children:
        assert float(row.cell("new_members").agg.total) == float(
            raw_sums.get((row.unit.pk, "new_members"), 0) or 0
        )
    naive_repeat = 1 if world.cdcs > 20_000 else 3
    naive_ms = _median_ms(lambda: naive_orm_rollup(form, province, year, index, on), repeat=naive_repeat)
    reported_year_ms, current_year_ms = _paired_ms(
        lambda: rollup_table(form, province, 2025, 0, structure=REPORTED),
        lambda: rollup_table(form, province, 2025, 0, structure=CURRENT),
        repeat=5,
    )
    reported_ms, current_ms = _paired_ms(
        lambda: rollup_table(form, province, 2025, 3, structure=REPORTED),
        lambda: rollup_table(form, province, 2025, 3, structure=CURRENT),
    )

    print(f"BENCH generate_world_s {generate_s:.1f} s", flush=True)
    print(f"BENCH rollup_province_ms {ours_ms:.1f} ms")
    print(f"BENCH raw_sql_province_ms {raw_ms:.1f} ms")
    print(f"BENCH rollup_province_vs_raw_sql {ours_ms / raw_ms:.2f} ratio")
    print(f"BENCH naive_orm_province_ms {naive_ms:.0f} ms")
    print(f"BENCH naive_orm_vs_rollup {naive_ms / ours_ms:.1f} ratio")
    print(f"BENCH as_reported_quarter_ms {reported_ms:.1f} ms")
    print(f"BENCH current_quarter_ms {current_ms:.1f} ms")
    print(f"BENCH as_reported_year_ms {reported_year_ms:.1f} ms")
    print(f"BENCH current_year_ms {current_year_ms:.1f} ms")
    print(
        f"BENCH as_reported_vs_current {max(reported_ms / current_ms, reported_year_ms / current_year_ms):.2f} ratio"
    )
    rebuild_s, stored_ms, engine_ms, table_stored_ms = stored_totals(form, province, year, index)
    print(f"BENCH rebuild_totals_national_s {rebuild_s:.1f} s (BENCH_SCALE={scale})")
    print(f"BENCH rollup_stored_ms {stored_ms:.2f} ms")
    print(f"BENCH rollup_engine_ms {engine_ms:.2f} ms")
    print(f"BENCH rollup_stored_vs_engine {stored_ms / engine_ms:.3f} ratio")
    print(f"BENCH rollup_province_stored_ms {table_stored_ms:.1f} ms", flush=True)
    check_ms, exists_ms = plan_check(world)
    print(f"BENCH plan_check_ms {check_ms:.2f} ms")
    print(f"BENCH plan_check_exists_ms {exists_ms:.2f} ms")
    print(f"BENCH plan_check_vs_exists {check_ms / exists_ms:.3f} ratio", flush=True)
    approve_ms, refresh_ms = approve_refresh(form, province)
    print(f"BENCH approve_ms {approve_ms:.1f} ms")
    print(f"BENCH approve_refresh_ms {approve_ms + refresh_ms:.1f} ms", flush=True)
    import_s, rows = xlsx_import(form, rows=int(os.environ.get("BENCH_IMPORT_ROWS", 10_000)))
    print(f"BENCH xlsx_import_rows {rows} rows")
    print(f"BENCH xlsx_import_10k_rows_s {import_s * 10_000 / max(rows, 1):.1f} s", flush=True)
    db_ms, total_ms, engine_db_ms, engine_total_ms = dashboard_db(world)
    print(f"BENCH dashboard_inprocess_ms {total_ms:.1f} ms")
    print(f"BENCH dashboard_db_ms {db_ms:.1f} ms")
    print(f"BENCH dashboard_inprocess_engine_ms {engine_total_ms:.1f} ms")
    print(f"BENCH dashboard_db_engine_ms {engine_db_ms:.1f} ms")
    print(f"BENCH dashboard_stored_vs_engine {total_ms / engine_total_ms:.2f} ratio", flush=True)
    load = dashboard_load(world)
    print(f"BENCH dashboard_single_ms {load.single_ms:.1f} ms")
    print(f"BENCH dashboard_clients {CLIENTS} clients")
    print(f"BENCH dashboard_gunicorn_workers {load.workers} workers")
    print(f"BENCH dashboard_cores {os.cpu_count()} cores")
    print(f"BENCH dashboard_requests {load.saturated_requests} requests")
    print(f"BENCH dashboard_run_s {load.saturated_s:.0f} s")
    print(f"BENCH dashboard_rps {load.saturated_requests / load.saturated_s:.1f} rps")
    print(f"BENCH dashboard_saturated_p95_ms {load.saturated_p95_ms:.0f} ms")
    print(f"BENCH dashboard_paced_requests {load.paced_requests} requests")
    print(f"BENCH dashboard_p50_ms {load.paced_p50_ms:.0f} ms")
    print(f"BENCH dashboard_p95_ms {load.paced_p95_ms:.0f} ms", flush=True)
    worker_mb = load.worker_mb
    moved = move_subtree(world)
    if moved is None:
        print("# move_subtree_ms: one province only at this scale, nowhere to move a commune union to")
    else:
        print(f"BENCH move_subtree_cdcs {moved[1]} units")
        print(f"BENCH move_subtree_ms {moved[0]:.0f} ms", flush=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"BENCH peak_rss_mb {own:.0f} MB")
    print(f"BENCH peak_rss_gunicorn_worker_mb {worker_mb:.0f} MB", flush=True)
    if os.environ.get("BENCH_KEEP") != "1":
        national.wipe()


def stored_totals(form, province, year: int, index: int) -> tuple[float, float, float, float]:
    """Fill the stored subtree totals (`trienkhai rebuild_totals`: the world is generated in bulk, not
    approved report by report), then read the province's figures per direct child from them and from the
    engine, on the same cells: (rebuild s, stored ms, engine ms, whole tier table with the stored read ms)."""
    from django.test import override_settings

    from trienkhai.orgs.models import today
    from trienkhai.reports.results import rollup_table, stored
    from trienkhai.reports.results.sql import run, shape
    from trienkhai.reports.results.values import FINAL_STATES, REPORTED

    t = time.perf_counter()
    stored.rebuild(form=form)
    rebuild_s = time.perf_counter() - t
    indicators = stored.rolling(form)
    periods = [(year, index)]

    def engine():
        tree = shape(form, province, periods, REPORTED, today())
        return run(form, tree, indicators, 1, statuses=FINAL_STATES, by="bucket", stats=False)[0]

    def read():
        return stored.figures(form, province, periods, by="bucket", indicators=indicators)

    stored_ms, engine_ms = _paired_ms(read, engine, repeat=21)
    a, b = read(), engine()
    codes = {i.code for i in indicators}
    for cell in set(a) | {k for k in b if k[1] in codes}:
        assert stored.same(a.get(cell, stored.Agg()), b.get(cell, stored.Agg())), cell
    with override_settings(RESULTS_STORED_TOTALS=True):
        table_ms = _median_ms(lambda: rollup_table(form, province, year, index), repeat=7)
    return rebuild_s, stored_ms, engine_ms, table_ms


def approve_refresh(form, province) -> tuple[float, float]:
    """Approve one report waiting for review in the province, then compute the province's roll-up as the
    next page load would: (approve ms, roll-up ms). Nothing else is refreshed: there is nothing else."""
    from django.urls import reverse

    from trienkhai.orgs.models import Unit, today
    from trienkhai.reports.models import Submission
    from trienkhai.reports.results import rollup_table
    from trienkhai.reports.workflow import approve_submission

    reverse("reports:submission", args=[1])  # the URLconf loads once per process, not per approval
    subtree = Unit.objects.subtree_of([province.pk], on=today())
    waiting = Submission.objects.filter(form=form, unit__in=subtree, status="submitted", year=2026, index=2)
    user = _bench_user()
    approvals, refreshes = [], []
    for sub in list(waiting.order_by("pk")[:3]):
        before = rollup_table(form, province, 2026, 2).total.cell("new_members").agg.total
        t = time.perf_counter()
        approve_submission(submission=sub, user=user)
        approvals.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        after = rollup_table(form, province, 2026, 2).total.cell("new_members").agg.total
        refreshes.append((time.perf_counter() - t) * 1000)
        added = sub.values.get(key="new_members").number
        assert after == before + added, (before, added, after)
    return statistics.median(approvals), statistics.median(refreshes)


def plan_check(world) -> tuple[float, float]:
    """The check every results page makes (`plans.access.get_plan_for_user`) for the province officer and
    the world's plan, which the confederation sent straight to every CĐCS, against the rule as one EXISTS
    over the officer's whole reach (`Plan.objects.visible_to`, the check before issue 21): medians of 21,
    in alternation."""
    from types import SimpleNamespace

    from trienkhai.plans.access import get_plan_for_user
    from trienkhai.plans.models import Plan

    request = SimpleNamespace(user=_bench_user())
    assert get_plan_for_user(request, world.plan_id).pk == world.plan_id
    return _paired_ms(
        lambda: get_plan_for_user(request, world.plan_id),
        lambda: Plan.objects.visible_to(request.user).filter(pk=world.plan_id).exists(),
        repeat=21,
    )


def _bench_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="bench_officer")


def xlsx_import(form, *, rows: int) -> tuple[float, int]:
    """Seconds to check and import a file of `rows` CĐCS (every row changed), as the task worker runs it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from openpyxl import load_workbook

    from trienkhai.orgs.models import Membership, Role, Unit, UnitKind
    from trienkhai.reports.excel import FIRST_ROW, columns, template_bytes
    from trienkhai.reports.models import ImportJob, Submission
    from trienkhai.reports.workflow import check_import_job, commit_import_job

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="trienkhai-bench-media-")
    Submission.objects.filter(form=form, year=2027).delete()  # a kept world (BENCH_KEEP) imported before
    root = Unit.objects.get(code="TLD")
    admin, _created = get_user_model().objects.get_or_create(username="bench_national")
    Membership.objects.get_or_create(
        user=admin, unit=root, role=Role.OFFICER, defaults={"start_date": root.valid_from}
    )
    units = list(Unit.objects.filter(kind=UnitKind.GRASSROOTS).order_by("code")[:rows])
    # A period nobody has reported yet (Q1/2027): every row opens a report and fills every indicator.
    data = template_bytes(form, 2027, 1, units, {})
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Số liệu"]
    cols = columns(form)
    for n in range(FIRST_ROW, FIRST_ROW + len(units)):
        for i, column in enumerate(cols, start=3):
            if column.kind == "yesno":
                value = "Có" if n % 3 else "Không"
            elif column.kind == "percent":
                value = 60 + n % 40
            else:
                value = 10 + (n * (i + 7)) % 90
            ws.cell(row=n, column=i).value = value
    out = io.BytesIO()
    wb.save(out)
    job = ImportJob(form=form, unit=root, user=admin, original_name="bench.xlsx")
    job.file.save("bench.xlsx", ContentFile(out.getvalue()), save=False)
    job.save()
    t = time.perf_counter()
    check_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "ready", job.errors[:3]
    ImportJob.objects.filter(pk=job.pk).update(state="importing")
    commit_import_job(job_id=job.pk)
    seconds = time.perf_counter() - t
    job.refresh_from_db()
    assert job.state == "done" and job.summary["written"] == len(units), (job.state, job.errors[:3])
    return seconds, len(units)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DashboardLoad:
    single_ms: float  # one client, warm, median of 20 requests in a row
    saturated_requests: int  # CLIENTS clients back to back: the server's throughput
    saturated_s: float
    saturated_p95_ms: float
    paced_requests: int  # CLIENTS clients each pausing 1 s between requests: what officers feel
    paced_p50_ms: float
    paced_p95_ms: float
    workers: int
    worker_mb: float  # the largest gunicorn worker peak memory


def _bench_session_cookie() -> str:
    """A logged-in session of the bench officer. The officer has a confirmed second factor, as every
    officer above the grassroots must (SECOND_FACTOR_REQUIRED), so the pages answer instead of sending
    them to enrolment; the code step itself is not what is measured."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

    user = _bench_user()
    # The server keeps SECOND_FACTOR_REQUIRED on, as in production, so the province officer is enrolled
    # (a confirmed TOTP device); without one every request would be sent to the enrolment page.
    TOTPDevice.objects.get_or_create(user=user, defaults={"name": "bench", "confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def dashboard_path(world) -> str:
    return f"/bao-cao/bieu-mau/{world.form_id}/so-lieu/{world.province_id}/?nam=2026&ky=2"


def dashboard_db(world) -> tuple[float, float, float, float]:
    """The province dashboard in this process (Django's test client, no HTTP): the median, over 20 warm
    requests each way in alternation, of the time spent in the database (every SQL statement timed by an
    execute wrapper) and of the whole request, reading the stored totals and computing from the reports:
    (db ms, request ms, engine db ms, engine request ms)."""
    from django.db import connection
    from django.test import Client, override_settings

    client = Client()
    client.force_login(_bench_user())
    _bench_session_cookie()  # the confirmed second factor
    path = dashboard_path(world)
    spent: list[float] = []

    def timed(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - t)

    client.get(path)  # warm: URLconf, templates, the first query plans
    db: dict[bool, list[float]] = {True: [], False: []}
    whole: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(20):
        for read_stored in (True, False):
            spent.clear()
            with override_settings(RESULTS_STORED_TOTALS=read_stored):
                t = time.perf_counter()
                with connection.execute_wrapper(timed):
                    response = client.get(path)
                whole[read_stored].append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200 and b'id="dashboard-title"' in response.content, (
                response.status_code
            )
            db[read_stored].append(sum(spent) * 1000)
    m = statistics.median
    return m(db[True]), m(whole[True]), m(db[False]), m(whole[False])


def dashboard_load(world) -> DashboardLoad:
    """The province dashboard on gunicorn (every core: 2 × cores + 1 workers): one client alone, then
    CLIENTS clients back to back (no pause: the server's throughput), then CLIENTS clients each pausing
    1 s between requests, each phase for BENCH_DASHBOARD_S seconds."""
    from django.conf import settings

    cookie = _bench_session_cookie()
    port = _free_port()
    workers = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "trienkhai.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--timeout", "300", "--log-level", "warning"],
        env=env,
    )
    url = f"http://127.0.0.1:{port}{dashboard_path(world)}"

    def fetch() -> float:
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        t = time.perf_counter()
        with urllib.request.urlopen(request, timeout=600) as response:
            body = response.read()
        assert b'id="dashboard-title"' in body
        return (time.perf_counter() - t) * 1000

    def clients(duration: float, pause: float) -> tuple[list[float], float]:
        stop = time.perf_counter() + duration
        times: list[float] = []
        lock = threading.Lock()

        def client() -> None:
            while time.perf_counter() < stop:
                ms = fetch()
                with lock:
                    times.append(ms)
                if pause:
                    time.sleep(pause)

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        return sorted(times), time.perf_counter() - started

    def p95(times: list[float]) -> float:
        return times[min(len(times) - 1, int(0.95 * len(times)))]

    try:
        for _ in range(300):
            try:
                fetch()  # also warms every worker's first request a little
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(2 * workers):
            fetch()
        single = statistics.median(fetch() for _ in range(20))
        duration = float(os.environ.get("BENCH_DASHBOARD_S", 30))
        saturated, saturated_s = clients(duration, pause=0)
        paced, _paced_s = clients(duration, pause=1.0)
        worker_mb = _workers_peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return DashboardLoad(
        single_ms=single,
        saturated_requests=len(saturated),
        saturated_s=saturated_s,
        saturated_p95_ms=p95(saturated),
        paced_requests=len(paced),
        paced_p50_ms=statistics.median(paced),
        paced_p95_ms=p95(paced),
        workers=workers,
        worker_mb=worker_mb,
    )


def move_subtree(world) -> tuple[float, int] | None:
    """Move one commune union of the measured province (its CĐCS and their years of reports) to the next
    province, effective today, as `orgs.api.move_unit` does for a user: (ms, units moved), or None when
    the world has one province only."""
    from trienkhai.orgs.api import move_unit
    from trienkhai.orgs.models import Unit, UnitKind, today

    on = today()
    province = Unit.objects.get(pk=world.province_id)
    other = Unit.objects.filter(kind=UnitKind.PROVINCIAL).exclude(pk=province.pk).order_by("pk").first()
    if other is None:
        return None
    commune = province.children_on(on).order_by("pk").first()
    units = commune.descendants(on).count()
    t = time.perf_counter()
    move_unit(unit=commune, new_parent=other, on=on, user=_bench_user(), note="bench")
    return (time.perf_counter() - t) * 1000, units


def _workers_peak_rss_mb(master: int) -> float:
    """The largest peak resident size (VmHWM) among the gunicorn master's worker processes."""
    peak = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            if ppid != master:
                continue
            with open(f"/proc/{entry}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except (OSError, ValueError, IndexError):
            continue
    return peak


def run() -> None:
    """Called by `python -m bench`: the roll-up bench runs in its own process."""
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-m", "bench.bench_rollup"], env=env, check=False)
    if result.returncode:
        raise RuntimeError(f"roll-up bench exited with {result.returncode}")


if __name__ == "__main__":
    child()
