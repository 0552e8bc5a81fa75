"""Admin for the kit's own tables: the sent-notification log, read-only (it is the record of
what went out; deleting a row would let the same notice be sent again), and the chat
channels bodies post to. And `VersionedAdmin`, the admin's door onto cxgov.concurrency."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import EditConflict, changes_since, claim, conflict_message
from .forms import VersionField
from .health import current_weights, health_signals, weights_refusal
from .models import (
    ChatChannel,
    DigestPreference,
    HealthWeight,
    Notification,
    RoleChange,
    SsoGroupMapping,
    SsoIdentity,
)


class VersionedAdminForm(forms.ModelForm):
    """The admin's change form with the version it was drawn at, sent back hidden (as
    `version_read`: a model form cannot name the model's own non-editable `version`)."""

    version_read = VersionField(required=False, label="Version")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new record has no version to check yet (the admin lists the field on every form).
        if self.instance.pk is not None:
            self.fields["version_read"].required = True
            self.fields["version_read"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        read = cleaned.get("version_read")
        if read is not None and self.instance.pk is not None:
            current = type(self.instance)._base_manager.get(pk=self.instance.pk)
            if current.version != read:
                # Said on the form, input kept; the form now holds the stored version, so a
                # second save, after reading what changed, replaces it knowingly.
                self.data = self.data.copy()
                self.data[self.add_prefix("version_read")] = str(current.version)
                raise forms.ValidationError(
                    conflict_message(current, read, changes_since(current, read))
                )
        return cleaned


class _ConflictSaid:
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            # Someone saved between this form's check and its save: nothing of this save was
            # kept (the admin's transaction rolled back); say so and show the record as it is.
            messages.error(request, conflict.message)
            return HttpResponseRedirect(request.get_full_path())


class VersionedAdmin(_ConflictSaid, admin.ModelAdmin):
    """For the admin of a `Versioned` model (mix in first): an edit made from a stale page is
    refused with what changed and by whom, and every save bumps the version through
    `claim` (the conditional UPDATE), also one that changes only many-to-many fields."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change):
        if change:
            claim(obj, version=form.cleaned_data.get("version_read"))
        super().save_model(request, obj, form, change)


class VersionedInlinesAdmin(_ConflictSaid):
    """For an admin whose inlines edit `Versioned` rows (mix in first; each such inline's form
    a VersionedAdminForm, with "version_read" among its fields): a row changed from a stale
    page is refused as VersionedAdmin refuses the record, and every changed row is bumped."""

    def save_formset(self, request, form, formset, change):
        for row in formset.initial_forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            if "version_read" in row.cleaned_data:
                claim(row.instance, version=row.cleaned_data["version_read"])
        super().save_formset(request, form, formset, change)


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


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    """How often each person gets their digest; a person with no row gets it monthly. People
    set their own on their digest page; an admin may set it for them here (the model's check
    refuses a frequency other than monthly, weekly or off)."""

    list_display = ["user", "frequency", "updated_at"]
    list_filter = ["frequency"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


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


class HealthWeightForm(forms.ModelForm):
    """The signal chosen among those the apps registered, by title."""

    signal = forms.ChoiceField(choices=())

    class Meta:
        model = HealthWeight
        fields = ["signal", "weight"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signal"].choices = [(s.key, s.title) for s in health_signals]

    def clean(self):
        data = super().clean()
        if "signal" in data and "weight" in data:
            weights = current_weights()
            if self.instance.pk and self.instance.signal != data["signal"]:
                # Renamed: the old signal's row goes back to its registered weight.
                old = health_signals.get(self.instance.signal)
                if old is not None:
                    weights[old.key] = old.weight
            weights[data["signal"]] = data["weight"]
            for field, message in weights_refusal(weights, changed=data["signal"]).items():
                self.add_error(field if field in ("signal", "weight") else None, message)
        return data


@admin.register(HealthWeight)
class HealthWeightAdmin(admin.ModelAdmin):
    """The weight of each governance-health signal in the score (the app's own weight when no
    row names it). A change that would leave every signal at 0 is refused by name."""

    form = HealthWeightForm
    list_display = ["signal", "weight"]
