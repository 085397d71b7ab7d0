from django.contrib import admin

from .models import CaseClock, ConcernCategory


@admin.register(ConcernCategory)
class ConcernCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sla_days", "position", "active")
    list_editable = ("sla_days", "position", "active")


@admin.register(CaseClock)
class CaseClockAdmin(admin.ModelAdmin):
    """The law's clocks: a federation may change a value; the article stays beside it."""

    list_display = ("key", "value", "unit", "article")
    list_editable = ("value",)
    readonly_fields = ("key",)
