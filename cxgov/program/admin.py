from django.contrib import admin

from .models import KpiPack


@admin.register(KpiPack)
class KpiPackAdmin(admin.ModelAdmin):
    """Packs are built and frozen by the meeting's opening and closing: read-only here."""

    list_display = ["meeting", "built_at", "frozen_at"]
    list_select_related = ["meeting__body"]
    readonly_fields = ["meeting", "built_at", "frozen_at", "data"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
