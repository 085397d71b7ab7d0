"""Points as Vietnamese numbers: 7,5 and 10 (not 7,50 or 10,00)."""

from __future__ import annotations

from django import template

from trienkhai.evaluations.scoring import format_points

register = template.Library()


@register.filter
def points(value) -> str:
    return format_points(None if value in (None, "") else value)
