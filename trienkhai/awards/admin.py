from django.contrib import admin

from .models import AwardForm, BaseSalary, EligibilityRule


class RuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "level",
        "decided_by",
        "recipients",
        "unit_multiple",
        "person_multiple",
        "position",
        "active",
    ]
    list_filter = ["kind", "level", "active"]
    inlines = [RuleInline]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    """The base salary the money column multiplies: a new decree is a new row from its date."""

    list_display = ["valid_from", "amount", "decree"]
