"""Period names as pages show them, through the catalog: "Quý 3/2026" reads "Quarter 3/2026" in English.
Stored texts and official documents keep lib.periods.label, which is always Vietnamese."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from trienkhai.lib.periods import PER_YEAR


def period_name(kind: str, year: int, index: int) -> str:
    """ "Năm 2026", "6 tháng đầu năm 2026", "Quý 3/2026", "Tháng 7/2026"; "Cả năm 2026" for index 0 of a
    form reported more often than yearly (the whole year rolled up)."""
    if kind == "year":
        return _("Năm %(year)s") % {"year": year}
    if kind == "nine":
        return _("9 tháng năm %(year)s") % {"year": year}
    if kind == "thematic":
        return _("Chuyên đề năm %(year)s") % {"year": year}
    if kind == "adhoc":
        return _("Đột xuất năm %(year)s") % {"year": year}
    if index == 0:
        return _("Cả năm %(year)s") % {"year": year}
    if kind == "half":
        if index == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if kind == "quarter":
        return _("Quý %(index)s/%(year)s") % {"index": index, "year": year}
    return _("Tháng %(index)s/%(year)s") % {"index": index, "year": year}


def period_columns(kind: str) -> list[str]:
    """The periods of one year as column heads of a trend table or chart: "Quý 1" … "Quý 4"."""
    if kind == "quarter":
        return [pgettext("period column", "Quý %(index)s") % {"index": i} for i in range(1, 5)]
    if kind == "month":
        return [pgettext("period column", "Tháng %(index)s") % {"index": i} for i in range(1, 13)]
    if kind == "half":
        return [pgettext("period column", "6 tháng đầu"), pgettext("period column", "6 tháng cuối")]
    return [] if PER_YEAR.get(kind, 1) == 1 else [str(i) for i in range(1, PER_YEAR[kind] + 1)]


def period_picker(kind: str, year: int, index: int, *, this_year: int) -> dict[str, Any]:
    """The context of a page's period picker: the chosen year and period with its name, the periods of a
    year of `kind`, and the years offered (the last three and `this_year`)."""
    return {
        "year": year,
        "index": index,
        "period_label": period_name(kind, year, index),
        "periods": range(1, PER_YEAR[kind] + 1),
        "years": range(this_year - 3, this_year + 1),
    }
