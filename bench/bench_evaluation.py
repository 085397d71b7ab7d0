"""Evaluation at province scale: scoring, classification with quotas and ranking of 3,000 CĐCS of one
province (30 commune unions × 100 CĐCS, the 100-point example set of 11 criteria, 33,000 scores), against a
hand-written SQL statement of the same ranking, in the same run.

- ours: `workflow.classification_rows` (one aggregate query: each unit's total and whether a mandatory
  criterion scored 0) + `scoring.classify` (bands, the mandatory-zero cap, the 20 % quota per parent with
  its tie rule, ranks), as `publish_results` runs them;
- SQL: one statement doing the same with window functions (RANK for the rank; a RANGE count of the units
  at or above each total among the parent's top-band units for the quota, which is the same tie rule).

Both answers are compared unit by unit before timing. Prints `BENCH evaluation_rank_vs_sql <ratio> ratio`
(goal ≤ 3) and the two medians. Runs on BENCH_DATABASE_URL or a scratch SQLite file.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
import zlib
from decimal import Decimal

COMMUNES, PER_COMMUNE = 30, 100
START = dt.date(2010, 1, 1)


def _setup() -> None:
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    elif "trienkhai-bench-" not in os.environ.get("DATABASE_URL", ""):
        path = os.path.join(tempfile.mkdtemp(prefix="trienkhai-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _paired_ms(fn_a, fn_b, repeat: int = 7) -> tuple[float, float]:
    """Medians of two functions timed in alternation (a busy neighbour slows both alike)."""
    fn_a(), fn_b()
    a, b = [], []
    for _ in range(repeat):
        for fn, out in ((fn_a, a), (fn_b, b)):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
    return statistics.median(a), statistics.median(b)


def _build():
    from trienkhai.evaluations.demo import make_example_set
    from trienkhai.evaluations.models import CriteriaSet, Criterion, Evaluation, Score
    from trienkhai.orgs.models import Unit, UnitKind, UnitLink

    province = Unit.objects.create(
        code="BENCH-EV", name="LĐLĐ tỉnh Thử", kind=UnitKind.PROVINCIAL, valid_from=START
    )
    communes = Unit.objects.bulk_create(
        [
            Unit(code=f"BENCH-EV-{c}", name=f"Công đoàn xã {c}", kind=UnitKind.COMMUNE, valid_from=START)
            for c in range(COMMUNES)
        ]
    )
    cdcs = Unit.objects.bulk_create(
        [
            Unit(
                code=f"BENCH-EV-{c}-{i}",
                name=f"Công đoàn {c}-{i}",
                kind=UnitKind.GRASSROOTS,
                valid_from=START,
            )
            for c in range(COMMUNES)
            for i in range(PER_COMMUNE)
        ]
    )
    UnitLink.objects.bulk_create(
        [UnitLink(unit=u, parent=province, valid_from=START) for u in communes]
        + [UnitLink(unit=u, parent=communes[n // PER_COMMUNE], valid_from=START) for n, u in enumerate(cdcs)]
    )
    criteria_set = make_example_set(province, 2026)
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(frozen_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    criteria = list(Criterion.objects.filter(group__criteria_set=criteria_set))
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                criteria_set=criteria_set,
                unit=u,
                year=2026,
                parent=communes[n // PER_COMMUNE],
                status="moderated",
            )
            for n, u in enumerate(cdcs)
        ],
        batch_size=1000,
    )
    scores = []
    for ev in Evaluation.objects.filter(criteria_set=criteria_set).only("pk", "unit_id"):
        for c in criteria:
            h = zlib.crc32(f"{ev.unit_id}:{c.pk}".encode())
            share = 0 if c.mandatory and h % 97 == 0 else 55 + h % 46  # a few mandatory zeros
            points = (c.max_points * share / 100).quantize(Decimal("0.5"))
            scores.append(Score(evaluation=ev, criterion=c, self_points=points, final_points=points))
    Score.objects.bulk_create(scores, batch_size=2000)
    return criteria_set


SQL = """
WITH totals AS (
  SELECT e.id, e.parent_id,
         ROUND(SUM(COALESCE(s.final_points, s.self_points)), 2) AS total,
         SUM(CASE WHEN c.mandatory AND COALESCE(s.final_points, s.self_points) = 0 THEN 1 ELSE 0 END) AS zeros
  FROM evaluations_evaluation e
  JOIN evaluations_score s ON s.evaluation_id = e.id
  JOIN evaluations_criterion c ON c.id = s.criterion_id
  WHERE e.criteria_set_id = %s AND e.status IN ('moderated', 'published')
  GROUP BY e.id, e.parent_id
), banded AS (
  SELECT id, parent_id, total,
         CASE WHEN total >= %s AND zeros = 0 THEN 1
              WHEN total >= %s THEN 2 WHEN total >= %s THEN 3 ELSE 4 END AS band,
         COUNT(*) OVER (PARTITION BY parent_id) AS units
  FROM totals
), counted AS (
  SELECT id, parent_id, total, band, units,
         COUNT(*) OVER (PARTITION BY parent_id, band = 1 ORDER BY total DESC
                        RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS at_or_above
  FROM banded
)
SELECT id,
       CASE WHEN band = 1 AND at_or_above * 100 > units * %s THEN 2 ELSE band END AS grade,
       RANK() OVER (PARTITION BY parent_id ORDER BY total DESC) AS rnk
FROM counted
"""


def run() -> None:
    _setup()
    from django.db import connection, transaction

    from trienkhai.evaluations.api import GRADES
    from trienkhai.evaluations.scoring import classify
    from trienkhai.evaluations.workflow import bands_of, classification_rows

    with transaction.atomic():
        criteria_set = _build()
        bands = {b.grade: b for b in criteria_set.bands.all()}
        params = [
            criteria_set.pk,
            float(bands["xuat_sac"].min_score),
            float(bands["tot"].min_score),
            float(bands["hoan_thanh"].min_score),
            float(bands["xuat_sac"].max_share),
        ]
        codes = [code for code, _label in GRADES]

        def ours():
            rows = classification_rows(criteria_set)
            return classify(rows, bands_of(criteria_set), mandatory_zero_cap=criteria_set.mandatory_zero_cap)

        def sql():
            with connection.cursor() as cursor:
                cursor.execute(SQL, params)
                return cursor.fetchall()

        mine = {k: (o.grade, o.rank) for k, o in ours().items()}
        theirs = {row[0]: (codes[int(row[1]) - 1], int(row[2])) for row in sql()}
        assert len(mine) == COMMUNES * PER_COMMUNE, len(mine)
        assert mine == theirs, [(mine[k], theirs.get(k)) for k in mine if mine[k] != theirs.get(k)][:5]
        ours_ms, sql_ms = _paired_ms(ours, sql)
        transaction.set_rollback(True)
    print(
        f"# evaluation: {COMMUNES * PER_COMMUNE:,} CĐCS under {COMMUNES} parents, 11 criteria; "
        f"{connection.vendor} {connection.settings_dict['NAME']}"
    )
    print(
        f"# ours (aggregate query + classify in Python): {ours_ms:.1f} ms; hand-written SQL: {sql_ms:.1f} ms"
    )
    print(f"BENCH evaluation_rank_ms {ours_ms:.1f} ms")
    print(f"BENCH evaluation_rank_vs_sql {ours_ms / sql_ms:.2f} ratio")


if __name__ == "__main__":
    run()
