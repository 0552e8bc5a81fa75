"""The dimensions a response is cut by: touchpoint, channel, segment (business unit is
governance's); the model behind each dimension kind, and the one way a scope is named."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, plain_text
from governance.models.structure import RemembersLoadedValues


class DimensionKind(models.TextChoices):
    OVERALL = "overall", "Overall"
    TOUCHPOINT = "touchpoint", "Touchpoint"
    CHANNEL = "channel", "Channel"
    SEGMENT = "segment", "Segment"
    BUSINESS_UNIT = "business_unit", "Business unit"


# The model behind each dimension kind, as "app.Model" (governance's business unit too): the
# one place that says it; importer, targets, filters and scope names all ask dimension_model.
DIMENSION_MODELS: dict[str, str] = {
    DimensionKind.TOUCHPOINT: "voc.Touchpoint",
    DimensionKind.CHANNEL: "voc.Channel",
    DimensionKind.SEGMENT: "voc.Segment",
    DimensionKind.BUSINESS_UNIT: "governance.BusinessUnit",
}


def dimension_model(kind: str) -> type[models.Model]:
    """The model whose rows are the values of a dimension kind (not overall)."""
    return apps.get_model(DIMENSION_MODELS[kind])


def scope_label(kind: str, name: object) -> str:
    """How every page names a scope: "overall", or the kind and the value's name
    ("Touchpoint: Checkout"). `name` is the value's name (or any text standing for it)."""
    if kind == DimensionKind.OVERALL:
        return "overall"
    return f"{DimensionKind(kind).label}: {name}"


def scope_key(kind: str, pk: int) -> str:
    """How a form or a URL carries a scope: "overall", or "kind:id" ("touchpoint:4")."""
    return DimensionKind.OVERALL.value if kind == DimensionKind.OVERALL else f"{kind}:{pk}"


def scope_from_key(key: str) -> tuple[str, int]:
    """The (kind, id) a scope_key stands for; ValueError when it is not one."""
    if key == DimensionKind.OVERALL:
        return DimensionKind.OVERALL.value, 0
    kind, _, pk = key.partition(":")
    if kind not in DIMENSION_MODELS:
        raise ValueError(f"Not a scope: {key!r}")
    return kind, int(pk)


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

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Touchpoint(RemembersLoadedValues, Dimension):
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

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from ..permissions import can_own_touchpoint

        if self.links_anew("owner_id"):
            refused = can_own_touchpoint.refusal(self.owner, self)
            if refused:
                raise ValidationError({"owner": refused})


class Channel(Dimension):
    class Meta(Dimension.Meta):
        pass


class Segment(Dimension):
    class Meta(Dimension.Meta):
        pass
