"""Admin for the kit's own tables: the sent-notification log, read-only (it is the record of
what went out; deleting a row would let the same notice be sent again), and the chat
channels bodies post to."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChatChannel, Notification, RoleChange, SsoGroupMapping, SsoIdentity


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "subject", "recipient", "channel", "kind", "created_at", "emailed_at", "posted_at",
        "read_at",
    ]  # fmt: skip
    list_filter = ["kind"]
    search_fields = ["subject", "occasion", "recipient__username"]
    list_select_related = ["recipient", "channel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChatChannel)
class ChatChannelAdmin(admin.ModelAdmin):
    """A Slack or Teams channel's incoming webhook; a body chooses it on its edit page. The
    address is a secret: the list shows the name and platform only."""

    list_display = ["name", "platform", "is_active"]
    list_filter = ["platform", "is_active"]
    search_fields = ["name"]


@admin.register(SsoGroupMapping)
class SsoGroupMappingAdmin(SimpleHistoryAdmin):
    """The provider's groups and the roles they give, applied at each single sign-on (a role
    no group maps to any more is removed at the person's next sign-in); history kept."""

    list_display = ["group", "role"]
    list_filter = ["role"]
    search_fields = ["group"]


@admin.register(RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):
    """Each role a sign-in granted or removed, with the groups the person had then."""

    list_display = ["user", "role", "granted", "at"]
    list_filter = ["role", "granted"]
    search_fields = ["user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "issuer", "subject", "created_at"]
    search_fields = ["user__username", "subject"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
