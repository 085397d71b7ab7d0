"""What changed between consecutive history records (django-simple-history), computed in Python from
the rows of one query: asking each record for its previous one costs a query per row, so a page would
grow with its history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def attach_changes(records: Iterable[Any], *, skip: Iterable[str] = ()) -> list[Any]:
    """Give each record `changes`: [(model field, old value, new value)] against the previous record of
    the same object among `records`, which come oldest first. Created and deleted records, and a first
    record whose previous one is not among `records`, get no changes."""
    skipped = {"id", *skip}
    previous: dict[Any, Any] = {}
    result = []
    for record in records:
        before = previous.get(record.id)
        record.changes = []
        if before is not None and record.history_type == "~":
            for field in record.instance_type._meta.concrete_fields:
                if field.name in skipped:
                    continue
                old, new = getattr(before, field.attname), getattr(record, field.attname)
                if old != new:
                    record.changes.append((field, old, new))
        previous[record.id] = record
        result.append(record)
    return result
