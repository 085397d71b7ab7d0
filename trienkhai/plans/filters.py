"""List filters (django-filter): status, year issued, owner unit, text."""

from __future__ import annotations

import django_filters  # type: ignore[import-untyped]  # the package ships no type information
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit

from .models import Plan


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Plan.Status.choices, empty_label=_("Tất cả")
    )
    year = django_filters.NumberFilter(label=_("Năm ban hành"), field_name="issued_on", lookup_expr="year")
    owner_unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị ban hành"), queryset=Unit.objects.none(), empty_label=_("Tất cả")
    )
    q = django_filters.CharFilter(label=_("Tìm số hiệu, tên"), method="search")

    class Meta:
        model = Plan
        fields = ["status", "year", "owner_unit", "q"]

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.filters["owner_unit"].queryset = owners

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= Q(number__icontains=word) | Q(title__icontains=word)
        return queryset.filter(q)
