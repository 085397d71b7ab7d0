"""The one door from `awards` to the evaluation results: the contract `trienkhai.evaluations.api` (the
four grade codes, best first, and the published grades of a year). Eligibility and the proposal page read
grades only through here; tests may patch `published_grades`."""

from __future__ import annotations

from collections.abc import Iterable

from trienkhai.evaluations import api

# Codes are stored data (eligibility rules keep them): never rename them. Order, labels and comparison
# are evaluations' own (one source), read through its door.
GRADE_ORDER = api.GRADE_ORDER
GRADE_LABELS = api.GRADE_LABELS
worse_than = api.worse_than


def published_grades(unit_ids: Iterable[int], year: int) -> dict[int, str]:
    """{unit id: grade code} of the units whose evaluation result for `year` is published."""
    return api.published_grades(unit_ids, year)


def result_url(unit_id: int, year: int) -> str | None:
    """The page of the unit's published result of the year, or None."""
    return api.result_url(unit_id, year)


def grade_label(code: str) -> str:
    return str(GRADE_LABELS.get(code, code))
