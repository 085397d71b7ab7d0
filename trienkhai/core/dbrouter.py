"""Read replicas (issue 21): the results pages read from the "replica" database when one is configured
(`DATABASE_REPLICA_URL`); every other read, and every write, stays on the primary ("default").

Only pages marked with `replica_reads` are routed: a replica lags behind its primary by a moment, and a page
that reads what the same user has just written (a report saved, then shown) must read the primary. The
results pages (roll-up, dashboard, their exports) show figures that are seconds old anyway, and they are
the reads that grow with the country. The flag is a context variable, so it holds for one request in one
thread (or task) and never leaks into the next request of the same worker.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"

_reading = ContextVar("replica_reads", default=False)
P = ParamSpec("P")


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block the ORM's reads go to the replica, when the replica is on."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """A view whose GET (or HEAD) reads from the replica; any other method keeps the primary."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        if not isinstance(request, HttpRequest) or request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


def replica_on() -> bool:
    """Whether reads may go to the replica at all: the setting is on and the alias exists."""
    return bool(getattr(settings, "READ_REPLICA", False)) and REPLICA in settings.DATABASES


def read_alias() -> str:
    """The alias a raw SQL read should use, as the router sends the ORM's: the replica inside
    `replica_reads` when it is on, else the primary. (A cursor does not go through the router.)"""
    return REPLICA if _reading.get() and replica_on() else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Reads inside `replica_reads` go to the replica; everything else to the primary. The two hold the
    same rows, so relations between objects read from either are allowed; migrations run on the primary
    only (the replica copies them)."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        alias = read_alias()
        return alias if alias == REPLICA else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
