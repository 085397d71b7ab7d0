"""The one door from `awards` to the evaluation results (the contract in YEAR_END.md): the grade codes,
best first, and the published grades of a year. `trienkhai.evaluations.api` is imported inside the
functions so that awards works (with no results) where evaluations is not installed; tests patch
`published_grades`."""

from __future__ import annotations

from collections.abc import Iterable

# Codes are stored data (eligibility rules keep them): never rename them.
GRADE_ORDER = ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]
GRADE_LABELS = {
    "xuat_sac": "Hoàn thành xuất sắc nhiệm vụ",
    "tot": "Hoàn thành tốt nhiệm vụ",
    "hoan_thanh": "Hoàn thành nhiệm vụ",
    "khong_hoan_thanh": "Không hoàn thành nhiệm vụ",
}


def published_grades(unit_ids: Iterable[int], year: int) -> dict[int, str]:
    """{unit id: grade code} of the units whose evaluation result for `year` is published."""
    try:
        from trienkhai.evaluations import api
    except ImportError:  # evaluations not installed: no unit has a result yet
        return {}
    return api.published_grades(unit_ids, year)


def result_url(unit_id: int, year: int) -> str | None:
    """The page of the unit's published result of the year, or None."""
    try:
        from trienkhai.evaluations import api
    except ImportError:
        return None
    return api.result_url(unit_id, year)


def grade_label(code: str) -> str:
    return GRADE_LABELS.get(code, code)


def worse_than(code: str, minimum: str) -> bool:
    """Whether grade `code` is below `minimum` (an unknown code counts as the lowest)."""
    rank = {c: i for i, c in enumerate(GRADE_ORDER)}
    return rank.get(code, len(GRADE_ORDER)) > rank.get(minimum, len(GRADE_ORDER))
