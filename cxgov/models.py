"""The shared kit's own tables: the sent-notification log, which is also each person's in-app
list and each chat channel's record of what it was told; the chat channels; and single
sign-on's identities, group mapping and role changes. No app is imported here; apps reach
them through cxgov.notifications, cxgov.chat and cxgov.sso."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .querysets import ScopedQuerySet
from .roles import Role
from .validators import plain_line


class NotificationQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A person sees only the notifications sent to them, whatever their role."""
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


def occasion_key(occasion: str) -> str:
    """The fixed-width key of an occasion of any length (its SHA-256, in hex)."""
    return hashlib.sha256(occasion.encode()).hexdigest()


class ChatPlatform(models.TextChoices):
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"


class ChatChannel(models.Model):
    """A team's chat channel, reached by its incoming webhook (Slack, or a Microsoft Teams
    Workflows webhook). Apps say which channel hears what (a body's channel)."""

    name = models.CharField(max_length=120, validators=plain_line("The name"))
    platform = models.CharField(max_length=8, choices=ChatPlatform.choices)
    webhook_url = models.URLField(
        max_length=500, help_text="The channel's incoming webhook address (keep it secret)."
    )
    is_active = models.BooleanField(default=True, help_text="An inactive channel hears nothing.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_platform_display()})"


class Notification(models.Model):
    """One notification to one person, or to one chat channel, about one occasion, written in
    the transaction that decides to send it. The unique (recipient or channel, kind, occasion
    key) is what makes a reminder go out once however often beat fires, however many workers
    run, and however often a killed task is retried: the second insert conflicts and sends
    nothing. The key is a hash of the whole occasion, so two long occasions that share a
    beginning stay two occasions."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    channel = models.ForeignKey(
        ChatChannel,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text="A chat channel's notice (no recipient): posted once, marked posted_at.",
    )
    kind = models.CharField(max_length=60, help_text="What sort of notice: a meeting reminder…")
    occasion = models.TextField(
        help_text="What it is about, as the sending app keys it (e.g. the meeting and its time).",
    )
    occasion_key = models.CharField(max_length=64, editable=False)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    html_body = models.TextField(
        blank=True, help_text="The e-mail's HTML part, beside the plain-text body (a digest)."
    )
    link = models.CharField(max_length=500, blank=True, help_text="Where the person acts on it.")
    # [filename, base64 content, mimetype] for the e-mail task, which sends after the commit.
    attachments = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "occasion_key"],
                name="notification_once_per_recipient_kind_occasion",
            ),
            models.UniqueConstraint(
                fields=["channel", "kind", "occasion_key"],
                name="notification_once_per_channel_kind_occasion",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=True) ^ Q(channel__isnull=True),
                name="notification_to_a_person_or_a_channel",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient or self.channel}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The key is derived, never typed: every way a row is written keys it the same.
        self.occasion_key = occasion_key(self.occasion)
        super().save(*args, **kwargs)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class OutboxMessage(models.Model):
    """A Celery task waiting to reach the broker, written in the transaction of the action that
    queues it (cxgov.outbox): the action and its job commit together, so a broker that is down
    when the action commits delays the job instead of losing it. The row goes once the broker
    has the message."""

    task = models.CharField(max_length=100, help_text="The registered Celery task's name.")
    args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Tries to hand it to the broker.")
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["task", "created_at"], name="outbox_task_created")]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class SsoIdentity(models.Model):
    """The account a person signs in to through the provider: by issuer and subject, never by
    a name or an e-mail the person could change at the provider."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identity"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"


class SsoGroupMapping(models.Model):
    """A group of the provider's group claim and the role it gives (e.g. cx-core -> core
    team). Applied at each sign-in; edited by the admin, with history."""

    group = models.CharField(max_length=200, validators=plain_line("The group"))
    role = models.CharField(max_length=40, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(fields=["group", "role"], name="sso_group_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class RoleChange(models.Model):
    """A role granted or removed at a sign-in because of the person's groups: the history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_changes"
    )
    role = models.CharField(max_length=40, choices=Role.choices)
    granted = models.BooleanField(help_text="Granted; else removed.")
    groups = models.JSONField(default=list, help_text="The person's groups at that sign-in.")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        verb = "granted" if self.granted else "removed"
        return f"{self.get_role_display()} {verb} for {self.user} at sign-in"


class HealthWeight(models.Model):
    """An admin's weight for one governance-health signal (named by its key), in place of the
    weight the app registered it with; 0 leaves the signal out of the score. The weights as a
    set must sum to a positive number, else no score exists: cxgov.health.weights_refusal is
    that rule, asked by the admin's form and by cxgov.health.health_weights_set."""

    signal = models.CharField(
        max_length=40,
        unique=True,
        validators=plain_line("The signal"),
        help_text="The signal's key, as its app registered it.",
    )
    weight = models.FloatField(help_text="0 or more; the score is the weighted mean.")

    class Meta:
        ordering = ["signal"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0),
                name="health_weight_not_negative",
                violation_error_message="A weight is 0 or more.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signal}: {self.weight:g}"


class DigestFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    WEEKLY = "weekly", "Weekly"
    OFF = "off", "Off"


class DigestPreference(models.Model):
    """How often a person wants their digest (cxgov.digest). No row is the default: monthly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(
        max_length=8,
        choices=DigestFrequency.choices,
        default=DigestFrequency.MONTHLY,
        help_text="Monthly (on the month's first day), weekly (on Mondays), or off.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=DigestFrequency.values),
                name="digest_frequency_known",
                violation_error_message="The frequency is monthly, weekly or off.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()} digest"
