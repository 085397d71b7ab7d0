"""The public form's limits under concurrent requests: 20 posts from one address at the same moment, each
in its own thread with its own database connection, store exactly the per-sender limit; 20 simultaneous
code lookups answer exactly the lookup limit.

On PostgreSQL the requests really run at once (they meet at a barrier, then race for the counter row; the
check and the count are one conditional UPDATE). SQLite takes one writer at a time, so there the requests
run one after another; the test still checks the limits.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.core import signing
from django.db import connection, connections
from django.test import Client

from trienkhai.concerns import guard
from trienkhai.concerns.models import Concern, ConcernBox, ConcernCategory, ensure_default_categories
from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit

REQUESTS = 20
LIMIT = 5


def _at_once(call: Callable[[int], int]) -> list[int]:
    """Run `call(i)` for i in 0..REQUESTS-1 in threads, at once on PostgreSQL; their status codes."""
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(REQUESTS) if parallel else None
    one_at_a_time = threading.Lock()
    codes: list[int] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            if barrier is not None:
                barrier.wait(timeout=60)
                codes.append(call(i))
            else:
                with one_at_a_time:
                    codes.append(call(i))
        except BaseException as exc:  # handed to the main thread, which fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return codes


def _box() -> ConcernBox:
    unit = create_unit(
        parent=None,
        on=dt.date(2010, 1, 1),
        code="CTY",
        name="Công đoàn Công ty May An Bình",
        kind=UnitKind.GRASSROOTS,
    )
    ensure_default_categories()
    return ConcernBox.objects.create(unit=unit)


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_posts_from_one_sender_store_only_the_limit(settings) -> None:
    settings.CONCERN_LIMIT_PER_SENDER_HOUR = LIMIT
    box = _box()
    category = ConcernCategory.objects.first()
    token = signing.dumps(int(time.time()) - 60, salt=guard.TOKEN_SALT)

    def post(i: int) -> int:
        data = {
            "category": category.pk,
            "text": f"Ý kiến số {i} về tiền lương tháng này",
            "anonymous": "on",
            "token": token,
        }
        return Client().post(f"/gop-y/{box.key}/", data, REMOTE_ADDR="10.1.1.1").status_code

    codes = _at_once(post)
    assert sorted(codes) == [302] * LIMIT + [429] * (REQUESTS - LIMIT)
    assert Concern.objects.count() == LIMIT


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_lookups_answer_only_the_limit(settings) -> None:
    settings.CONCERN_LOOKUPS_PER_SENDER_HOUR = LIMIT

    def lookup(i: int) -> int:
        return Client().post("/gop-y/tra-cuu/", {"code": "TT-AAAA-BBBB"}, REMOTE_ADDR="10.1.1.2").status_code

    codes = _at_once(lookup)
    assert sorted(codes) == [400] * LIMIT + [429] * (REQUESTS - LIMIT)


@pytest.mark.django_db(transaction=True)
def test_the_counter_never_passes_the_limit_when_taken_at_once() -> None:
    def take(i: int) -> int:
        return 1 if guard.take("file:same", per_hour=LIMIT) else 0

    assert sum(_at_once(take)) == LIMIT
