"""What other apps may read of `evaluations` (the contract with `awards`, YEAR_END.md): the four grades
(codes best first, their order and page labels, written once in `grades.py`) and the published results.
Nothing else of this app is imported from outside it."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from .grades import GRADE_LABELS, GRADE_ORDER, GRADES, worse_than
from .models import Evaluation

__all__ = ["GRADES", "GRADE_LABELS", "GRADE_ORDER", "published_grades", "result_url", "worse_than"]


def published_grades(unit_ids: Iterable[int], year: int) -> dict[int, str]:
    """{unit id: grade code} of the units whose result for `year` is published; one query."""
    rows = Evaluation.objects.filter(
        unit_id__in=list(unit_ids), year=year, status=Evaluation.Status.PUBLISHED
    ).values_list("unit_id", "grade")
    return {unit_id: grade for unit_id, grade in rows if grade}


def result_url(unit_id: int, year: int) -> str | None:
    """The page of the unit's published result of the year (for a link), or None."""
    pk = (
        Evaluation.objects.filter(unit_id=unit_id, year=year, status=Evaluation.Status.PUBLISHED)
        .values_list("pk", flat=True)
        .first()
    )
    return reverse("evaluations:evaluation", args=[pk]) if pk else None
