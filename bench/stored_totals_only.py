"""The stored-totals figures of bench/bench_rollup.py alone (no Excel import, no load test), for a quick
measure on a kept world: BENCH_REUSE=1 BENCH_KEEP=1 BENCH_SCALE=0.1 BENCH_DATABASE_URL=… python -m
bench.stored_totals_only (not one of the bench_*.py files `make bench` runs)."""

import os
import time

from bench import bench_rollup as b

scale = float(os.environ.get("BENCH_SCALE", b.DEFAULT_SCALE))
b._setup()
from django.db import connection  # noqa: E402

from bench import national  # noqa: E402
from trienkhai.orgs.models import Unit  # noqa: E402
from trienkhai.reports.models import ReportForm  # noqa: E402
from trienkhai.reports.results import rollup_table  # noqa: E402

t = time.perf_counter()
world = national.existing() if os.environ.get("BENCH_REUSE") == "1" else None
world = world or national.generate(scale)
print(
    f"# BENCH_SCALE={scale} on {connection.vendor}: {world.cdcs} CĐCS, {world.values} values; "
    f"generated in {time.perf_counter() - t:.1f} s",
    flush=True,
)
form = ReportForm.objects.get(pk=world.form_id)
province = Unit.objects.get(pk=world.province_id)
from trienkhai.reports.results import CURRENT  # noqa: E402

engine_table_ms = b._median_ms(lambda: rollup_table(form, province, 2026, 2), repeat=7)
current_ms = b._median_ms(lambda: rollup_table(form, province, 2026, 2, structure=CURRENT), repeat=7)
print(f"BENCH current_quarter_ms {current_ms:.1f} ms", flush=True)
rebuild_s, stored_ms, engine_ms, table_stored_ms = b.stored_totals(form, province, 2026, 2)
print(f"BENCH rebuild_totals_national_s {rebuild_s:.1f} s (BENCH_SCALE={scale})")
print(f"BENCH rollup_stored_ms {stored_ms:.2f} ms")
print(f"BENCH rollup_engine_ms {engine_ms:.2f} ms")
print(f"BENCH rollup_stored_vs_engine {stored_ms / engine_ms:.3f} ratio")
print(f"BENCH rollup_province_ms {engine_table_ms:.1f} ms")
print(f"BENCH rollup_province_stored_ms {table_stored_ms:.1f} ms", flush=True)
approve_ms, refresh_ms = b.approve_refresh(form, province)
print(f"BENCH approve_ms {approve_ms:.1f} ms")
print(f"BENCH approve_refresh_ms {approve_ms + refresh_ms:.1f} ms", flush=True)
from trienkhai.reports.results import stored  # noqa: E402

t = time.perf_counter()
drifts = stored.check(form=form)
print(f"BENCH check_totals_s {time.perf_counter() - t:.1f} s ({len(drifts)} cells differ)", flush=True)
if os.environ.get("BENCH_KEEP") != "1":
    national.wipe()
