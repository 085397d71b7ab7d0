"""Eligibility rules, evaluated against the evaluation grades of the year (through `grades`): each
broken rule is a warning quoting the rule; a rule marked blocking refuses the proposal. A unit without a
published result yet gets a warning, never a refusal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import grades
from .models import AwardForm, EligibilityRule


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the word the page shows
    text: str
    blocking: bool = False


def warnings_for(
    *, form: AwardForm, recipient: str, unit_id: int, unit_name: str, year: int
) -> list[Warning]:
    """What the rules of `form` say about giving it to `unit_id` (or to a person of that unit) for `year`."""
    return warnings_for_many([(form, recipient, unit_id, unit_name)], year=year)[0]


def warnings_for_many(rows: Iterable[tuple[AwardForm, str, int, str]], *, year: int) -> list[list[Warning]]:
    """Warnings per (form, recipient kind, unit id, unit name), with one look-up of the grades and one
    of the rules for all of them."""
    rows = list(rows)
    form_ids = {form.pk for form, *_ in rows}
    rules: dict[int, list[EligibilityRule]] = {}
    for rule in EligibilityRule.objects.filter(form_id__in=form_ids, active=True).order_by("pk"):
        rules.setdefault(rule.form_id, []).append(rule)
    needed = {unit_id for form, _r, unit_id, _n in rows if rules.get(form.pk)}
    graded = grades.published_grades(sorted(needed), year) if needed else {}
    out = []
    for form, recipient, unit_id, unit_name in rows:
        found: list[Warning] = []
        applicable = [r for r in rules.get(form.pk, []) if not r.applies_to or r.applies_to == recipient]
        if applicable:
            grade = graded.get(unit_id)
            if grade is None:
                found.append(
                    Warning(
                        f"Chưa có kết quả đánh giá năm {year} của {unit_name}: chưa kiểm tra được điều kiện «{applicable[0].text.rstrip('.')}»."
                    )
                )
            else:
                for rule in applicable:
                    if grades.worse_than(grade, rule.min_grade):
                        found.append(
                            Warning(
                                f"{unit_name} xếp loại «{grades.grade_label(grade)}» năm {year}. Quy định: {rule.text}",
                                blocking=rule.blocking,
                            )
                        )
        out.append(found)
    return out
