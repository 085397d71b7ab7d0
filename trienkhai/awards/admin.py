from django.contrib import admin

from .models import AwardForm, EligibilityRule


class RuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "decided_by", "recipients", "position", "active"]
    inlines = [RuleInline]
