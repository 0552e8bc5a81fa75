"""Portfolio factories. An initiative made here grants its working group's members the right
to edit it, as the propose service does."""

from __future__ import annotations

import datetime as dt

import factory

from portfolio import services
from portfolio.models import (
    Initiative,
    Milestone,
    Risk,
    Status,
    StatusUpdate,
    StrategicPriority,
)
from tests.factories import BodyFactory, BusinessUnitFactory, UserFactory


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicPriority

    title = factory.Sequence(lambda n: f"Priority {n}")
    period = "2026"


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Initiative {n}")
    owner = factory.SubFactory(UserFactory)
    working_group = factory.SubFactory(BodyFactory)
    business_unit = factory.SubFactory(BusinessUnitFactory)
    start_date = dt.date(2026, 1, 1)
    target_date = dt.date(2026, 12, 31)
    status = Status.PROPOSED
    status_changed_on = dt.date(2026, 1, 1)

    @factory.post_generation
    def priorities(self, create, extracted, **kwargs):
        if create and extracted:
            self.priorities.set(extracted)

    @factory.post_generation
    def editors(self, create, extracted, **kwargs):
        if create:
            services.initiative_editors_sync(initiative=self)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = dt.date(2026, 6, 1)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory)
    reported_on = dt.date(2026, 3, 1)
    health = "green"
    progress = 20
    summary = "On track."


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 3
    owner = factory.SubFactory(UserFactory)
