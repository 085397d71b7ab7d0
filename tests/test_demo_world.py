"""The tests' copy of the demo world (tests/demo_world.py) gives what the `demo` command gives: every row
of every table equal, the files back, and new rows after it get fresh ids."""

from pathlib import Path

import pytest
from django.conf import settings

from trienkhai.orgs.models import Unit

from . import demo_world
from .demo_world import _Copy, _put_back, _read, _tables, load_demo

pytestmark = pytest.mark.django_db(transaction=True)

# The organisation and the activities (which store files) keep the test short; the copy does not know
# which steps ran.
ONLY = "orgs,documents,activities"


def test_the_copy_gives_the_same_rows_and_files_as_the_command(monkeypatch):
    monkeypatch.setattr(demo_world, "_COPIES", {})
    tables = _tables()
    empty = _read(tables)
    load_demo(ONLY)
    built = _read(tables)
    (copy,) = demo_world._COPIES.values()
    assert copy.rows, "the command wrote nothing"
    assert copy.files, "the activities step stores files"
    assert {name for name, rows in built.items() if rows != empty[name]} == set(copy.rows)

    # Back to the state before the command, and the files gone, as after a browser test.
    _put_back(tables, _Copy(rows={name: empty[name] for name in copy.rows}))
    assert _read(tables) == empty
    for path in copy.files:
        (Path(settings.MEDIA_ROOT) / path).unlink()

    calls = []
    monkeypatch.setattr(demo_world, "call_command", lambda *a, **k: calls.append(a))
    load_demo(ONLY)
    assert calls == [], "the second load must come from the copy"
    assert _read(tables) == built
    for path, content in copy.files.items():
        assert (Path(settings.MEDIA_ROOT) / path).read_bytes() == content

    # The sequences moved past the restored ids.
    top = Unit.objects.order_by("-pk").first()
    new = Unit.objects.create(name="Công đoàn mới sau bản sao", code="NEW-AFTER-COPY", kind=top.kind)
    assert new.pk > top.pk


def test_another_starting_state_runs_the_command(monkeypatch):
    monkeypatch.setattr(demo_world, "_COPIES", {})
    load_demo("orgs")
    assert len(demo_world._COPIES) == 1
    # With the orgs world present, the starting state differs: no copy is taken for it, the command runs.
    calls = []
    real = demo_world.call_command
    monkeypatch.setattr(demo_world, "call_command", lambda *a, **k: (calls.append(a), real(*a, **k)))
    load_demo("orgs")
    assert len(calls) == 1
    assert len(demo_world._COPIES) == 2


def test_an_overridden_setting_runs_the_command(monkeypatch, settings):
    monkeypatch.setattr(demo_world, "_COPIES", {})
    tables = _tables()
    empty = _read(tables)
    load_demo("orgs")
    (copy,) = demo_world._COPIES.values()
    _put_back(tables, _Copy(rows={name: empty[name] for name in copy.rows}))
    calls = []
    real = demo_world.call_command
    monkeypatch.setattr(demo_world, "call_command", lambda *a, **k: (calls.append(a), real(*a, **k)))
    settings.RESULTS_STORED_TOTALS = not settings.RESULTS_STORED_TOTALS
    load_demo("orgs")
    assert len(calls) == 1
