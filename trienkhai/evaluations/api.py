"""What other apps may read of `evaluations` (the contract with `awards`, YEAR_END.md): the four grades
and the published results. Nothing else of this app is imported from outside it."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_noop

# Best first; codes are stored data, never rename them. The labels are Vietnamese (issued documents use
# them as they are); pages translate them through the catalog (`gettext_noop` only marks them for it).
GRADES: list[tuple[str, str]] = [
    ("xuat_sac", gettext_noop("Hoàn thành xuất sắc nhiệm vụ")),
    ("tot", gettext_noop("Hoàn thành tốt nhiệm vụ")),
    ("hoan_thanh", gettext_noop("Hoàn thành nhiệm vụ")),
    ("khong_hoan_thanh", gettext_noop("Không hoàn thành nhiệm vụ")),
]


def published_grades(unit_ids: Iterable[int], year: int) -> dict[int, str]:
    """{unit id: grade code} of the units whose result for `year` is published; one query."""
    from .models import Evaluation

    rows = Evaluation.objects.filter(
        unit_id__in=list(unit_ids), year=year, status=Evaluation.Status.PUBLISHED
    ).values_list("unit_id", "grade")
    return {unit_id: grade for unit_id, grade in rows if grade}


def result_url(unit_id: int, year: int) -> str | None:
    """The page of the unit's published result of the year (for a link), or None."""
    from .models import Evaluation

    pk = (
        Evaluation.objects.filter(unit_id=unit_id, year=year, status=Evaluation.Status.PUBLISHED)
        .values_list("pk", flat=True)
        .first()
    )
    return reverse("evaluations:evaluation", args=[pk]) if pk else None
