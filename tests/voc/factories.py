"""Factories for voc: dimensions and responses on the seeded metrics."""

from __future__ import annotations

import datetime as dt

import factory

from voc.models import Channel, JourneyStage, Metric, Response, Segment, Touchpoint


def metric(code: str) -> Metric:
    """One of the metrics the migration seeds: nps, csat, ces, churn, handle-time..."""
    return Metric.objects.get(code=code)


class TouchpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Touchpoint
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"touchpoint-{n}")
    name = factory.Sequence(lambda n: f"Touchpoint {n}")
    journey_stage = JourneyStage.SUPPORT


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"channel-{n}")
    name = factory.Sequence(lambda n: f"Channel {n}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"segment-{n}")
    name = factory.Sequence(lambda n: f"Segment {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    metric = factory.LazyFunction(lambda: metric("nps"))
    score = 9
    responded_at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    external_id = factory.Sequence(lambda n: f"r-{n}")
