"""The dimensions a response is cut by: touchpoint, channel, segment (business unit is
governance's)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cxgov.validators import plain_line, plain_text

from .base import VocQuerySet


class JourneyStage(models.TextChoices):
    AWARENESS = "awareness", "Awareness"
    CONSIDERATION = "consideration", "Consideration"
    PURCHASE = "purchase", "Purchase"
    ONBOARDING = "onboarding", "Onboarding"
    USAGE = "usage", "Usage"
    SUPPORT = "support", "Support"
    RENEWAL = "renewal", "Renewal and loyalty"


class Dimension(models.Model):
    code = models.SlugField(max_length=40, unique=True, help_text="Used in import files.")
    name = models.CharField(max_length=120, unique=True, validators=plain_line("The name"))
    description = models.TextField(blank=True, validators=plain_text("The description"))
    is_active = models.BooleanField(default=True)

    objects = VocQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Touchpoint(Dimension):
    journey_stage = models.CharField(max_length=16, choices=JourneyStage.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_touchpoints",
        help_text="Who follows up this touchpoint's detractors.",
    )
    business_unit = models.ForeignKey(
        "governance.BusinessUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="touchpoints",
    )

    class Meta(Dimension.Meta):
        pass


class Channel(Dimension):
    class Meta(Dimension.Meta):
        pass


class Segment(Dimension):
    class Meta(Dimension.Meta):
        pass
