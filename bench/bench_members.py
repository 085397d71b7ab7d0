"""The member register at scale: the Excel import against a bare bulk_create, and a province's member count
as of a date at national scale.

Figures (one run, side by side):
  - member_import_100k_s: 100,000 members from an .xlsx file for a commune union (codes of 50 CĐCS), read
    by lib.xlsx_read, every row validated, card numbers checked against the file and against a register of
    20,000 members already in the subtree, then written in one transaction;
  - member_import_vs_bulk_create: that time divided by a bare bulk_create of the same rows (members and
    their affiliations, already parsed) into the same tables;
  - member_count_as_of_ms: the member count of one province as of a date (`members.models.member_count`,
    one recursive CTE for the tree as of the date + one indexed count), median of 7, with the national
    tree of ~129,200 CĐCS under 34 provinces and 85 × BENCH_SCALE members per CĐCS.

BENCH_SCALE (default 0.1, about 1.1 million members) sets the register's size for the count; BENCH_SCALE=1
is national scale (about 11 million members: give it PostgreSQL and ~6 GB of disk, e.g.
`BENCH_SCALE=1 BENCH_DATABASE_URL=postgres://app:app@127.0.0.1:5432/trienkhai_bench make bench`).
The import figures do not depend on BENCH_SCALE.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import tempfile
import time

N_PROVINCES, N_COMMUNES, N_GRASSROOTS = 34, 20, 190
PER_CDCS = 85  # ≈ 11 million members / 129,200 CĐCS
IMPORT_ROWS = 100_000
IMPORT_CDCS = 50
EXISTING = 20_000
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


def _scale() -> float:
    try:
        return max(0.001, float(os.environ.get("BENCH_SCALE", "0.1")))
    except ValueError:
        return 0.1


def _database() -> str:
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def _wipe() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("members_dataaccess", "members_affiliation", "members_member", "orgs_unitlink"):
            cursor.execute(f"DELETE FROM {table}")
    from trienkhai.orgs.models import Unit

    Unit.objects.all()._raw_delete(Unit.objects.db)


# --- the import -----------------------------------------------------------------------------------------


def _import_world():
    from trienkhai.members.models import Affiliation, Member
    from trienkhai.orgs.models import Unit, UnitKind, UnitLink

    province = Unit.objects.create(
        code="BI-P", name="LĐLĐ tỉnh thử", kind=UnitKind.PROVINCIAL, valid_from=START
    )
    commune = Unit.objects.create(
        code="BI-C", name="Công đoàn xã thử", kind=UnitKind.COMMUNE, valid_from=START
    )
    UnitLink.objects.create(unit=commune, parent=province, valid_from=START)
    cdcs = Unit.objects.bulk_create(
        Unit(code=f"BI-G{i:03d}", name=f"CĐCS thử {i}", kind=UnitKind.GRASSROOTS, valid_from=START)
        for i in range(IMPORT_CDCS)
    )
    UnitLink.objects.bulk_create(UnitLink(unit=u, parent=commune, valid_from=START) for u in cdcs)
    existing = Member.objects.bulk_create(
        Member(
            unit=cdcs[i % IMPORT_CDCS],
            full_name=f"Đoàn viên Có Sẵn {i}",
            birth_year=1980 + i % 20,
            sex="male",
            card_number=f"70{i:08d}",
            joined_on=START,
            search_text=f"doan vien co san {i}",
        )
        for i in range(EXISTING)
    )
    Affiliation.objects.bulk_create(Affiliation(member=m, unit=m.unit, valid_from=START) for m in existing)
    return commune, cdcs


def _import_file(cdcs) -> bytes:
    from openpyxl import Workbook

    from trienkhai.members.importer import COLUMNS

    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
    given = ["Văn Hùng", "Thị Lan", "Minh Tuấn", "Thị Hoa", "Quốc Bảo", "Thị Mai", "Đức Anh", "Ngọc Hân"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đoàn viên")
    ws.append([f"{label}{' *' if required else ''}" for _, label, required in COLUMNS])
    for i in range(IMPORT_ROWS):
        ws.append(
            [
                f"{families[i % 8]} {given[(i // 8) % 8]}",
                1960 + i % 30,
                "Nữ" if i % 2 else "Nam",
                f"81{i:08d}",
                dt.date(2015, 1, 1) + dt.timedelta(days=i % 3000),
                f"09{i % 100_000_000:08d}",
                cdcs[i % IMPORT_CDCS].code,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bare_bulk_create(rows) -> None:
    from django.db import transaction

    from trienkhai.members.models import Affiliation, Member

    with transaction.atomic():
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            made = Member.objects.bulk_create(
                Member(
                    unit_id=r.unit_id,
                    full_name=r.full_name,
                    birth_year=r.birth_year,
                    sex=r.sex,
                    card_number=r.card_number,
                    joined_on=r.joined_on,
                    phone=r.phone,
                    search_text=r.full_name,
                )
                for r in chunk
            )
            Affiliation.objects.bulk_create(
                Affiliation(member_id=m.pk, unit_id=r.unit_id, valid_from=r.joined_on)
                for m, r in zip(made, chunk, strict=True)
            )


def bench_import() -> tuple[float, float]:
    from trienkhai.members.importer import check_rows
    from trienkhai.members.models import Affiliation, Member
    from trienkhai.members.workflow import import_members

    commune, cdcs = _import_world()
    data = _import_file(cdcs)
    t = time.perf_counter()
    checked = import_members(data=data, unit=commune)
    import_s = time.perf_counter() - t
    assert checked.ok and len(checked.rows) == IMPORT_ROWS, (checked.refused, checked.errors[:3])
    assert Member.objects.filter(unit__in=cdcs).count() == EXISTING + IMPORT_ROWS
    # The same file again: every card is now a duplicate in the subtree, and nothing is written.
    again = check_rows(data, unit=commune)
    assert not again.ok and again.error_count > 0 and not again.rows[:1] or again.refused

    rows = checked.rows
    imported = Member.objects.filter(card_number__startswith="81")
    Affiliation.objects.filter(member__in=imported).delete()
    imported.delete()
    t = time.perf_counter()
    _bare_bulk_create(rows)
    bulk_s = time.perf_counter() - t
    return import_s, bulk_s


# --- the national count ---------------------------------------------------------------------------------


def _national_tree():
    from trienkhai.orgs.models import Unit, UnitKind, UnitLink

    root = Unit.objects.create(
        code="TLD", name="Tổng Liên đoàn", kind=UnitKind.CONFEDERATION, valid_from=START
    )
    provinces = Unit.objects.bulk_create(
        Unit(code=f"P{p}", name=f"LĐLĐ tỉnh {p}", kind=UnitKind.PROVINCIAL, valid_from=START)
        for p in range(N_PROVINCES)
    )
    UnitLink.objects.bulk_create(UnitLink(unit=p, parent=root, valid_from=START) for p in provinces)
    communes = Unit.objects.bulk_create(
        Unit(code=f"P{p}C{c}", name=f"Công đoàn xã {p}-{c}", kind=UnitKind.COMMUNE, valid_from=START)
        for p in range(N_PROVINCES)
        for c in range(N_COMMUNES)
    )
    UnitLink.objects.bulk_create(
        UnitLink(unit=c, parent=provinces[i // N_COMMUNES], valid_from=START) for i, c in enumerate(communes)
    )
    for commune in communes:
        made = Unit.objects.bulk_create(
            Unit(
                code=f"{commune.code}G{g}",
                name=f"CĐCS {commune.code}-{g}",
                kind=UnitKind.GRASSROOTS,
                valid_from=START,
            )
            for g in range(N_GRASSROOTS)
        )
        UnitLink.objects.bulk_create(UnitLink(unit=u, parent=commune, valid_from=START) for u in made)
    return provinces


def _national_register(per_cdcs: int) -> int:
    """Members and affiliations generated inside the database (one INSERT … SELECT each): member i belongs
    to CĐCS number i mod n from a date spread over 2010–2023; one in ten left after 400 days."""
    from django.db import connection

    from trienkhai.orgs.models import Unit

    ids = Unit.objects.filter(kind="grassroots").order_by("pk").values_list("pk", flat=True)
    first, last, n = ids.first(), ids.last(), ids.count()
    assert last - first + 1 == n, "CĐCS ids are not contiguous"
    total = n * per_cdcs
    if connection.vendor == "postgresql":
        numbers = f"SELECT g AS i FROM generate_series(0, {total - 1}) AS g"
        day = "DATE '2010-01-01' + (i % 5000)::int"
        later = f"{day} + 400"
        now = "now()"
    else:
        numbers = f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {total - 1}) SELECT i FROM n"
        day = "date('2010-01-01', '+' || (i % 5000) || ' days')"
        later = "date('2010-01-01', '+' || (i % 5000 + 400) || ' days')"
        now = "datetime('now')"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM members_member")
        base = cursor.fetchone()[0] + 1
        cursor.execute(
            "INSERT INTO members_member (id, full_name, birth_year, sex, card_number, joined_on, phone, status, "
            "unit_id, left_reason, search_text, created_at) "
            f"SELECT {base} + i, 'Đoàn viên', 1970 + i % 35, CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END, '', "
            f"{day}, '', 'active', {first} + i % {n}, '', 'doan vien', {now} FROM ({numbers}) AS s"
        )
        cursor.execute(
            'INSERT INTO members_affiliation (member_id, unit_id, valid_from, valid_to, start, "end") '
            f"SELECT {base} + i, {first} + i % {n}, {day}, CASE WHEN i % 10 = 7 THEN {later} END, 'joined', "
            f"CASE WHEN i % 10 = 7 THEN 'left' ELSE '' END FROM ({numbers}) AS s"
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('members_member', 'id'), (SELECT MAX(id) FROM members_member))"
            )
            cursor.execute("VACUUM ANALYZE members_affiliation")
            cursor.execute("VACUUM ANALYZE orgs_unitlink")
        else:
            cursor.execute("ANALYZE")
    return total


def _median_ms(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bench_count(scale: float) -> tuple[float, int, int]:
    from trienkhai.members.models import Affiliation, member_count
    from trienkhai.orgs.models import Unit

    provinces = _national_tree()
    total = _national_register(max(1, round(PER_CDCS * scale)))
    province = provinces[0]
    on = dt.date(2024, 6, 1)
    count = member_count(province, on=on)
    below = list(Unit.objects.subtree_of([province.pk], on=on).values_list("pk", flat=True))
    check = Affiliation.objects.filter(unit_id__in=below).active_on(on).count()
    assert count == check > 0, (count, check)
    return _median_ms(lambda: member_count(province, on=on)), count, total


def run() -> None:
    _setup()
    scale = _scale()
    database = _database()
    try:
        _wipe()
        import_s, bulk_s = bench_import()
        print(
            f"# member import: {IMPORT_ROWS:,} rows for {IMPORT_CDCS} CĐCS, {EXISTING:,} already registered; {database}"
        )
        print(f"BENCH member_import_100k_s {import_s:.1f} s")
        print(f"# bare bulk_create of the same rows: {bulk_s:.1f} s")
        print(f"BENCH member_import_vs_bulk_create {import_s / bulk_s:.2f} ratio")
        _wipe()
        count_ms, count, total = bench_count(scale)
        print(
            f"# member count: one province ({count:,} members on 01/6/2024) of {total:,} members in "
            f"{N_PROVINCES * N_COMMUNES * N_GRASSROOTS:,} CĐCS; BENCH_SCALE={scale}; {database}"
        )
        print(f"BENCH member_count_as_of_ms {count_ms:.1f} ms")
    finally:
        _wipe()


if __name__ == "__main__":
    run()
