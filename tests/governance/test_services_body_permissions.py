"""Leads manage their body exactly while their seat lasts, also when only the calendar moves."""

import datetime as dt

from django.contrib.auth import get_user_model
from django_celery_beat.models import PeriodicTask

from cxgov.celery import app as celery_app
from cxgov.dates import today
from governance import services
from governance.models import MemberRole, Membership
from governance.services import MANAGE_BODY
from governance.tasks import body_permissions_sync
from tests.factories import UserFactory

TODAY = today()


def can_manage(user, body) -> bool:
    return get_user_model().objects.get(pk=user.pk).has_perm(MANAGE_BODY, body)


def test_a_seat_that_ended_yesterday_loses_the_right(structure, wg_lead):
    group = structure["onboarding"]
    assert can_manage(wg_lead, group)
    # Ending a seat as of a date is a write; the calendar passing that date is not.
    Membership.objects.filter(person=wg_lead).update(end_date=TODAY - dt.timedelta(days=1))
    assert can_manage(wg_lead, group)
    assert services.body_permissions_sync() == (0, 1)
    assert not can_manage(wg_lead, group)


def test_a_seat_starting_later_gains_the_right_on_its_first_day(structure, retail, admin_user):
    group = structure["complaints"]
    lead = UserFactory(roles=["Working-group member"])
    starts = TODAY + dt.timedelta(days=3)
    services.membership_create(
        by=admin_user,
        body=group,
        person=lead,
        role=MemberRole.LEAD,
        business_unit=retail,
        start_date=starts,
    )
    assert not can_manage(lead, group)
    assert services.body_permissions_sync(on=starts) == (1, 0)
    assert can_manage(lead, group)


def test_sync_is_idempotent(structure, wg_lead):
    assert services.body_permissions_sync() == (0, 0)
    assert services.body_permissions_sync() == (0, 0)
    assert can_manage(wg_lead, structure["onboarding"])


def test_the_nightly_job_is_declared_once_and_runs_the_sync(structure, wg_lead):
    job = PeriodicTask.objects.get(task="governance.body_permissions_sync")
    assert (job.crontab.hour, job.crontab.minute, job.enabled) == ("0", "5", True)
    assert "governance.body_permissions_sync" in celery_app.tasks
    Membership.objects.filter(person=wg_lead).update(end_date=TODAY - dt.timedelta(days=1))
    assert body_permissions_sync.apply().get() == {"granted": 0, "revoked": 1}
