"""factory-boy factories for realistic objects. Roles are passed as `roles=[Role.CORE_TEAM]`."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from governance.models import (
    Activity,
    BodyKind,
    BusinessUnit,
    GovernanceBody,
    MemberRole,
    Membership,
    RaciAssignment,
    Tier,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[str(r) for r in extracted]))


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Business unit {n}")
    code = factory.Sequence(lambda n: f"bu-{n}")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    name = factory.Sequence(lambda n: f"Body {n}")
    tier = Tier.WORKING_GROUP
    kind = BodyKind.STANDING
    formed_on = dt.date(2026, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    role = MemberRole.MEMBER
    business_unit = factory.SubFactory(BusinessUnitFactory)
    start_date = dt.date(2026, 1, 1)
    hours_per_month = 4


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    code = factory.Sequence(lambda n: f"activity-{n}")
    name = factory.Sequence(lambda n: f"Activity {n}")
    position = factory.Sequence(lambda n: 1000 + n)


class RaciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaciAssignment

    activity = factory.SubFactory(ActivityFactory)
    body = factory.SubFactory(BodyFactory)
    letter = "R"


class MaturityAssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment scored the way the service scores it: pass `answers`, get the rest."""

    class Meta:
        model = "governance.MaturityAssessment"

    assessed_on = dt.date(2026, 3, 1)
    answers = factory.LazyFunction(
        lambda: {
            "strategy": 3,
            "sponsorship": 3,
            "measurement": 3,
            "insight_use": 3,
            "methods": 3,
            "storyline": 3,
            "portfolio": 3,
            "ownership": 3,
        }
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from governance.models import maturity

        scoring = maturity.score(kwargs["answers"])
        kwargs.setdefault("score", scoring.score)
        kwargs.setdefault("level", scoring.level)
        kwargs.setdefault("recommendation", scoring.recommendation)
        kwargs.setdefault("stress_jobs", scoring.stress_jobs)
        return super()._create(model_class, *args, **kwargs)
