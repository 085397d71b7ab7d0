"""Vietnamese display filters: {{ value|vndate }}, {{ value|vndate_long }}, {{ value|vnnum }},
{{ day|vntimeuntil:today }}."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import ngettext_lazy

from trienkhai.lib.vn import format_date, format_date_long, format_money, format_number

register = template.Library()

# Django's own "3 years, 2 months" strings have no Vietnamese translation in the Django release we run
# (its vi catalog still has the older "%d year" ids), so a time span would read in English: the app names
# the units itself, through its own catalog.
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d năm", "%(num)d năm", "num"),
    "month": ngettext_lazy("%(num)d tháng", "%(num)d tháng", "num"),
    "week": ngettext_lazy("%(num)d tuần", "%(num)d tuần", "num"),
    "day": ngettext_lazy("%(num)d ngày", "%(num)d ngày", "num"),
    "hour": ngettext_lazy("%(num)d giờ", "%(num)d giờ", "num"),
    "minute": ngettext_lazy("%(num)d phút", "%(num)d phút", "num"),
}


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
def money(value) -> str:
    """Whole đồng, exact (no float on the way): 1.234.567 đ."""
    if value in (None, ""):
        return ""
    return format_money(value)


@register.filter
def get_item(mapping, key):
    """Dictionary lookup by a variable key: {{ kids|get_item:node.pk }}."""
    return mapping.get(key) if mapping else None


@register.filter
def vndate_input(value) -> str:
    """A date as it stands in a dd/mm/yyyy date box (08/08/2024); typed text stays as typed."""
    from trienkhai.core.forms import date_text

    return date_text(value)


@register.filter
def vntimeuntil(value, now=None) -> str:
    """The time left until `value` as "3 năm, 2 tháng" (Django's |timeuntil, with the units named
    through the app's catalog)."""
    if not value:
        return ""
    # Django formats these lazy strings with `%`; the stubs ask for plain str.
    return timeuntil(value, now, time_strings=TIME_STRINGS)  # type: ignore[arg-type]
