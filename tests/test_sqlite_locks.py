"""The embedded database: several writers at once on a file-based SQLite database never fail with "database
is locked" (WAL, a busy timeout, and write transactions that take the lock when they begin)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction

WRITERS = 4
ROUNDS = 60
ALIAS = "sqlite_locks"


@pytest.fixture
def shared_sqlite(tmp_path: Path, django_db_blocker) -> Iterator[str]:
    """A file-based SQLite database with the options the settings give SQLite, whatever database the
    suite itself runs on, as a second connection alias."""
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "shared.sqlite3"),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "CONN_MAX_AGE": 0,
    }
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (writer INTEGER, n INTEGER)")
        yield ALIAS
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def write_rounds(writer: int, errors: list[BaseException]) -> None:
    try:
        for _ in range(ROUNDS):
            # Read, then write in one transaction ("count, then insert the next"): a deferred transaction
            # that upgrades to a write after another connection wrote fails at once with "database is
            # locked", busy timeout or not.
            with transaction.atomic(using=ALIAS):
                with connections[ALIAS].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM counter")
                    (count,) = cursor.fetchone()
                    cursor.execute("INSERT INTO counter (writer, n) VALUES (%s, %s)", [writer, count + 1])
    except BaseException as exc:  # handed to the main thread, which fails the test
        errors.append(exc)
    finally:
        connections[ALIAS].close()


def test_concurrent_writers_do_not_hit_database_is_locked(shared_sqlite: str) -> None:
    errors: list[BaseException] = []
    threads = [threading.Thread(target=write_rounds, args=(w, errors)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT n), MAX(n) FROM counter")
        total, distinct, highest = cursor.fetchone()
    # Every write landed, and each one saw the one before it: the transactions ran one after another.
    assert (total, distinct, highest) == (WRITERS * ROUNDS,) * 3


def test_the_database_file_is_in_wal_mode_with_a_busy_timeout(shared_sqlite: str) -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
