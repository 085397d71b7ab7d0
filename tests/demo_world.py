"""The demo world for tests that need it: built by the real `demo` command once per test process and
starting state, then put back from a copy of the rows and files it wrote.

Why: the demo builds a year of reports, evaluations and registers through the apps' own workflows. That
took about 30 s on SQLite and 56 s on PostgreSQL, and about twenty browser and link tests each built it
again, since a browser test's database is emptied after it: a third of the PostgreSQL suite's time.

The copy is only used where it gives the same world as the command would:
- it is keyed by a digest of every table's rows before the demo and of the settings, so a test that
  starts from another state (the rows of the data migrations present or flushed, a test's own rows, an
  overridden setting) runs the real command;
- content types and permissions are re-created with new ids after each flush on PostgreSQL, so the
  columns that point at them travel by natural key and are mapped to today's ids;
- rows go back by plain INSERT with their ids (no model code, no signals: the history rows and
  notifications are part of the copy), then the sequences are moved past them;
- files the demo stored under MEDIA_ROOT are written back when missing;
- caches are cleared, because the restored ids are those of an earlier test's world.

`tests/test_demo.py` keeps calling the command itself; its tests are the command's tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.functional import Promise

_SKIPPED = {ContentType._meta.db_table, Permission._meta.db_table}


@dataclass
class _Table:
    model: type
    name: str
    columns: list[str]
    content_type_columns: list[int]
    permission_columns: list[int]


@dataclass
class _Copy:
    rows: dict[str, list[tuple]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


_COPIES: dict[str, _Copy] = {}


def load_demo(only: str = "") -> None:
    """The demo world in the default database, as `trienkhai demo [--only ...]` makes it."""
    tables = _tables()
    before = _read(tables)
    key = f"{only}:{_digest(before)}:{_settings_digest()}"
    copy = _COPIES.get(key)
    if copy is None:
        files_before = _media_files()
        call_command("demo", only=only, verbosity=0, stdout=io.StringIO())
        after = _read(tables)
        copy = _Copy(rows={name: rows for name, rows in after.items() if rows != before.get(name)})
        for path, stamp in _media_files().items():
            if files_before.get(path) != stamp:
                copy.files[path] = (Path(settings.MEDIA_ROOT) / path).read_bytes()
        _COPIES[key] = copy
    else:
        _put_back(tables, copy)
    _analyze()


def _analyze() -> None:
    """Fresh planner statistics on PostgreSQL. Autovacuum keeps them in production; in a test database
    they are those of whatever an earlier test committed and emptied (or none, inside a TestCase's
    transaction), and with them the crawl of every link as a CĐCS chair took 41 s instead of 5 s.
    ANALYZE counts the rows of its own transaction, so it works inside a TestCase too."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _tables() -> list[_Table]:
    found: dict[str, _Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in _SKIPPED or meta.db_table in found:
            continue
        fields = meta.concrete_fields
        found[meta.db_table] = _Table(
            model=model,
            name=meta.db_table,
            columns=[f.column for f in fields],
            content_type_columns=[
                i for i, f in enumerate(fields) if f.is_relation and f.related_model is ContentType
            ],
            permission_columns=[
                i for i, f in enumerate(fields) if f.is_relation and f.related_model is Permission
            ],
        )
    return list(found.values())


def _natural_keys() -> tuple[dict[int, tuple], dict[int, tuple]]:
    content_types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    permissions = {
        pk: (content_types.get(ct), codename)
        for pk, ct, codename in Permission.objects.values_list("pk", "content_type_id", "codename")
    }
    return content_types, permissions


def _read(tables: list[_Table]) -> dict[str, list[tuple]]:
    """Every table's rows in id order, the content type and permission columns as natural keys."""
    content_types, permissions = _natural_keys()
    out: dict[str, list[tuple]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            pk = table.model._meta.pk.column
            cursor.execute(
                f"SELECT {', '.join(quote(c) for c in table.columns)} FROM {quote(table.name)} ORDER BY {quote(pk)}"
            )
            rows = cursor.fetchall()
            if table.content_type_columns or table.permission_columns:
                rows = [_translate(row, table, content_types, permissions) for row in rows]
            out[table.name] = [tuple(row) for row in rows]
    return out


def _translate(row, table: _Table, content_types: dict, permissions: dict) -> tuple:
    row = list(row)
    for i in table.content_type_columns:
        if row[i] is not None:
            row[i] = content_types[row[i]]
    for i in table.permission_columns:
        if row[i] is not None:
            row[i] = permissions[row[i]]
    return tuple(row)


def _digest(rows: dict[str, list[tuple]]) -> str:
    digest = hashlib.sha256()
    for name in sorted(rows):
        digest.update(name.encode())
        digest.update(repr(rows[name]).encode())
    return digest.hexdigest()


def _settings_digest() -> str:
    """The settings the demo may read (a test may override one around it); MEDIA_ROOT aside, as the files
    are written back wherever it points."""
    names = sorted(n for n in dir(settings) if n.isupper() and n not in {"MEDIA_ROOT", "SETTINGS_MODULE"})
    values = [(n, getattr(settings, n)) for n in names]
    # A lazy text (django-axes's defaults) would show a new proxy's address at each call.
    values = [(n, str(v) if isinstance(v, Promise) else v) for n, v in values]
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _put_back(tables: list[_Table], copy: _Copy) -> None:
    by_name = {table.name: table for table in tables}
    by_id = _natural_keys()
    content_types = {key: pk for pk, key in by_id[0].items()}
    permissions = {key: pk for pk, key in by_id[1].items()}
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for name, rows in copy.rows.items():
            table = by_name[name]
            cursor.execute(f"DELETE FROM {quote(name)}")
            if not rows:
                continue
            if table.content_type_columns or table.permission_columns:
                rows = [_translate(row, table, content_types, permissions) for row in rows]
            # SQLite reads a TIME column back as datetime.time but has no adapter to write one.
            rows = [tuple(_adapt(value) for value in row) for row in rows]
            columns = ", ".join(quote(c) for c in table.columns)
            if connection.vendor == "postgresql":
                # COPY: a statement per row (or rows quoted into one statement) cost most of the time.
                with cursor.cursor.copy(f"COPY {quote(name)} ({columns}) FROM STDIN") as copy_in:
                    for row in rows:
                        copy_in.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(f"INSERT INTO {quote(name)} ({columns}) VALUES ({marks})", rows)
        models = [by_name[name].model for name in copy.rows]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    root = Path(settings.MEDIA_ROOT)
    for path, content in copy.files.items():
        target = root / path
        if not target.exists() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()


def _adapt(value):
    if isinstance(value, dt.time):
        return connection.ops.adapt_timefield_value(value)
    return value


def _media_files() -> dict[str, tuple[int, int]]:
    root = Path(settings.MEDIA_ROOT)
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            stat = path.stat()
            found[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return found
