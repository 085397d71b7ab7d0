from django.contrib import admin

from .models import ConcernCategory


@admin.register(ConcernCategory)
class ConcernCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sla_days", "position", "active")
    list_editable = ("sla_days", "position", "active")
