"""The one door from `awards` to the evaluation results: the contract `trienkhai.evaluations.api` (the
four grade codes, best first, and the published grades of a year). Eligibility and the proposal page read
grades only through here; tests may patch `published_grades`."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from trienkhai.evaluations import api

# Codes are stored data (eligibility rules keep them): never rename them.
GRADE_ORDER = [code for code, _label in api.GRADES]
GRADE_LABELS = {code: gettext_lazy(label) for code, label in api.GRADES}  # noqa: INT001 - marked in api.py


def published_grades(unit_ids: Iterable[int], year: int) -> dict[int, str]:
    """{unit id: grade code} of the units whose evaluation result for `year` is published."""
    return api.published_grades(unit_ids, year)


def result_url(unit_id: int, year: int) -> str | None:
    """The page of the unit's published result of the year, or None."""
    return api.result_url(unit_id, year)


def grade_label(code: str) -> str:
    return str(GRADE_LABELS.get(code, code))


def worse_than(code: str, minimum: str) -> bool:
    """Whether grade `code` is below `minimum` (an unknown code counts as the lowest)."""
    rank = {c: i for i, c in enumerate(GRADE_ORDER)}
    return rank.get(code, len(GRADE_ORDER)) > rank.get(minimum, len(GRADE_ORDER))
