"""Points as Vietnamese numbers: 7,5 and 10 (not 7,50 or 10,00)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from trienkhai.lib.vn import format_number

register = template.Library()


@register.filter
def points(value) -> str:
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    return format_number(
        float(value), 0 if value == value.to_integral_value() else 2 if value * 10 % 1 else 1
    )
