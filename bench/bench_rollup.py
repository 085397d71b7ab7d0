"""Roll-up at national scale: the tier roll-up against hand-written SQL and a per-unit ORM loop, the two
structures, the province dashboard under concurrent clients, approving, importing 10,000 rows.

Runs in a child process (its peak memory is then its own) on BENCH_DATABASE_URL, or on a scratch SQLite
file. BENCH_SCALE (default 0.06: two provinces, ~7,600 CĐCS, ~1.8 million values) sizes the world; 1 is
the national world (34 provinces, ~130,000 CĐCS, ~30 million values), meant for PostgreSQL:

    BENCH_SCALE=1 BENCH_DATABASE_URL=postgres://app:app@127.0.0.1:5432/trienkhai_bench make bench

Every figure is printed as `BENCH <name> <value> <unit>`; a comment line before them says the scale, the
database and the machine. docs/bench.md holds the results and the profile of the slowest step.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_SCALE = 0.06


def _median_ms(fn, repeat: int = 5) -> float:
    fn()  # warm the caches once: every side is measured warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


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
    from trienkhai.orgs.models import Unit
    from trienkhai.reports.models import ReportForm
    from trienkhai.reports.rollup import CURRENT, REPORTED, period_end, rollup_table

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
    form = ReportForm.objects.get(pk=world.form_id)
    province = Unit.objects.get(pk=world.province_id)
    year, index = 2026, 2
    on = period_end(form, year, index)

    ours_ms = _median_ms(lambda: rollup_table(form, province, year, index))
    raw_ms = _median_ms(lambda: raw_sql_rollup(form.pk, province.pk, year, index, on))
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
    reported_year_ms = _median_ms(lambda: rollup_table(form, province, 2025, 0, structure=REPORTED))
    current_year_ms = _median_ms(lambda: rollup_table(form, province, 2025, 0, structure=CURRENT))
    reported_ms = _median_ms(lambda: rollup_table(form, province, 2025, 3, structure=REPORTED))
    current_ms = _median_ms(lambda: rollup_table(form, province, 2025, 3, structure=CURRENT))

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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"BENCH peak_rss_mb {peak:.0f} MB", flush=True)
    if os.environ.get("BENCH_KEEP") != "1":
        national.wipe()


def run() -> None:
    """Called by `python -m bench`: the roll-up bench runs in its own process."""
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-m", "bench.bench_rollup"], env=env, check=False)
    if result.returncode:
        raise RuntimeError(f"roll-up bench exited with {result.returncode}")


if __name__ == "__main__":
    child()
