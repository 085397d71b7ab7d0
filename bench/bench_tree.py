"""National-scale unit tree: one recursive CTE against a level-by-level walk, side by side.

Builds ≈130k CĐCS under 34 provinces and ~700 commune-level unions in a scratch database
(BENCH_DATABASE_URL, default a temporary SQLite file), then times, in one run:
  - subtree of one province as of a date: the CTE (`Unit.objects.subtree_of`) vs a Python walk that
    queries one level of children at a time;
  - the scope check a view does (`Unit.objects.visible_to(user).filter(pk=...)`) for a province officer.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time

N_PROVINCES = 34
N_COMMUNES = 20  # per province
N_GRASSROOTS = 190  # per commune: 34 * 20 * 190 = 129,200 CĐCS


def _setup() -> None:
    if "BENCH_DATABASE_URL" in os.environ:
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    elif "trienkhai-bench-" not in os.environ.get("DATABASE_URL", ""):
        # Run alone (not through `python -m bench`): still a scratch database, never the working one.
        path = os.path.join(tempfile.mkdtemp(prefix="trienkhai-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build():
    from django.contrib.auth import get_user_model

    from trienkhai.orgs.models import Membership, Role, Unit, UnitKind, UnitLink

    start = dt.date(2010, 1, 1)
    Unit.objects.all().delete()
    root = Unit.objects.create(
        code="TLD", name="Tổng Liên đoàn", kind=UnitKind.CONFEDERATION, valid_from=start
    )
    provinces = Unit.objects.bulk_create(
        Unit(code=f"P{p}", name=f"LĐLĐ tỉnh {p}", kind=UnitKind.PROVINCIAL, valid_from=start)
        for p in range(N_PROVINCES)
    )
    UnitLink.objects.bulk_create(UnitLink(unit=p, parent=root, valid_from=start) for p in provinces)
    communes = Unit.objects.bulk_create(
        Unit(code=f"P{p}C{c}", name=f"Công đoàn xã {p}-{c}", kind=UnitKind.COMMUNE, valid_from=start)
        for p in range(N_PROVINCES)
        for c in range(N_COMMUNES)
    )
    UnitLink.objects.bulk_create(
        UnitLink(unit=c, parent=provinces[i // N_COMMUNES], valid_from=start) for i, c in enumerate(communes)
    )
    batch = 20_000
    pending = []
    for i, commune in enumerate(communes):
        pending.extend(
            Unit(
                code=f"{commune.code}G{g}",
                name=f"Công đoàn cơ sở {commune.code}-{g}",
                kind=UnitKind.GRASSROOTS,
                valid_from=start,
            )
            for g in range(N_GRASSROOTS)
        )
        if len(pending) >= batch or i == len(communes) - 1:
            made = Unit.objects.bulk_create(pending)
            UnitLink.objects.bulk_create(
                UnitLink(unit=u, parent_id=communes_by_code[u.code.rsplit("G", 1)[0]], valid_from=start)
                for u in made
            ) if (communes_by_code := {c.code: c.pk for c in communes}) else None
            pending = []
    user = get_user_model().objects.create_user("bench_officer", password="x")
    Membership.objects.create(user=user, unit=provinces[0], role=Role.OFFICER, start_date=start)
    return provinces[0], user


def _walk(province_id: int, on: dt.date) -> set[int]:
    from trienkhai.orgs.models import UnitLink

    found, frontier = {province_id}, [province_id]
    while frontier:
        frontier = list(
            UnitLink.objects.valid_on(on).filter(parent_id__in=frontier).values_list("unit_id", flat=True)
        )
        found.update(frontier)
    return found


def _median_ms(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run() -> None:
    _setup()
    from trienkhai.orgs.models import Unit

    province, user = _build()
    on = dt.date(2024, 6, 1)
    total = Unit.objects.count()
    cte_ids = set(Unit.objects.subtree_of([province.pk], on=on).values_list("pk", flat=True))
    assert cte_ids == _walk(province.pk, on), "CTE and walk disagree"
    target = max(cte_ids)

    def cte():
        return list(Unit.objects.subtree_of([province.pk], on=on).values_list("pk", flat=True))

    def walk():
        return _walk(province.pk, on)

    def scope_by_subtree():
        return Unit.objects.visible_to(user).filter(pk=target).exists()

    def scope_by_ancestors():
        return Unit.objects.in_scope(user, target)

    assert scope_by_subtree() and scope_by_ancestors()
    cte_ms, walk_ms = _median_ms(cte), _median_ms(walk)
    subtree_ms, up_ms = _median_ms(scope_by_subtree), _median_ms(scope_by_ancestors)
    print(f"BENCH tree_units_total {total} units")
    print(f"BENCH subtree_province_cte_ms {cte_ms:.1f} ms")
    print(f"BENCH subtree_province_walk_ms {walk_ms:.1f} ms")
    print(f"BENCH subtree_province_cte_vs_walk {cte_ms / walk_ms:.2f} ratio")
    print(f"BENCH scope_check_up_walk_ms {up_ms:.2f} ms")
    print(f"BENCH scope_check_up_walk_vs_subtree {up_ms / subtree_ms:.3f} ratio")


if __name__ == "__main__":
    run()
