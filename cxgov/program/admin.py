from django.contrib import admin

from .models import HealthSnapshot, KpiPack, SuccessStory


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


@admin.register(HealthSnapshot)
class HealthSnapshotAdmin(admin.ModelAdmin):
    """Taken by the monthly job, once per month and body: read-only, the trend's record."""

    list_display = ["month", "body", "score", "taken_at"]
    list_filter = ["month"]
    list_select_related = ["body"]
    readonly_fields = ["body", "month", "score", "readings", "taken_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SuccessStory)
class SuccessStoryAdmin(admin.ModelAdmin):
    """Success stories, read here and removed if need be; told and changed on the storyline's
    pages and through the API, where the comments rule is asked of the author. The quoted
    response is shown by its number only: its customer key never appears."""

    list_display = ["title", "initiative", "told_by", "created_at"]
    list_select_related = ["initiative", "told_by"]
    search_fields = ["title", "narrative", "initiative__title"]
    fields = ["title", "initiative", "link", "narrative", "response", "quote", "told_by"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
