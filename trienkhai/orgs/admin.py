from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin  # type: ignore[import-untyped]  # ships no type information

from .models import Membership, Unit, UnitEvent, UnitLink


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "sector", "valid_from", "valid_to"]
    list_filter = ["kind", "sector"]
    search_fields = ["code", "name", "search_text"]


@admin.register(UnitLink)
class UnitLinkAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "parent", "valid_from", "valid_to"]
    raw_id_fields = ["unit", "parent"]


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "date", "old_value", "new_value"]
    raw_id_fields = ["unit", "related"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "unit", "role", "start_date", "end_date"]
    raw_id_fields = ["user", "unit"]
