"""Admin for the kit's own tables: the sent-notification log, read-only (it is the record of
what went out; deleting a row would let the same notice be sent again)."""

from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "emailed_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "occasion", "recipient__username"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
