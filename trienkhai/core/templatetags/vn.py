"""Vietnamese display filters: {{ value|vndate }}, {{ value|vndate_long }}, {{ value|vnnum }}."""

import datetime as dt

from django import template
from django.utils import timezone

from trienkhai.lib.vn import format_date, format_date_long, format_number

register = template.Library()


@register.filter
def vndate(value) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%H:%M} {format_date(value.date())}"
    return format_date(value) if value else ""


@register.filter
def vndate_long(value) -> str:
    return format_date_long(value) if value else ""


@register.filter
def vnnum(value, decimals: int = 0) -> str:
    if value in (None, ""):
        return ""
    return format_number(float(value), int(decimals))


@register.filter
def get_item(mapping, key):
    """Dictionary lookup by a variable key: {{ kids|get_item:node.pk }}."""
    return mapping.get(key) if mapping else None


@register.filter
def vndate_input(value) -> str:
    """A date as it stands in a dd/mm/yyyy date box (08/08/2024); typed text stays as typed."""
    from trienkhai.core.forms import date_text

    return date_text(value)
