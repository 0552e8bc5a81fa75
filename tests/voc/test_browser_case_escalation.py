"""In a real browser: a case long past its service level waits on its page; the daily job
escalates it, and the page (and its history) says to whom and when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cxgov.dates import today
from cxgov.roles import Role
from governance.models import MemberRole, Tier
from tests.factories import (
    PASSWORD,
    BodyFactory,
    BusinessUnitFactory,
    MembershipFactory,
    UserFactory,
)
from voc.models import ClosedLoopCase, Response
from voc.tasks import case_escalations_send_task

from .factories import TouchpointFactory, metric


@pytest.fixture
def waiting_case(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    UserFactory(username="carol", first_name="Carol", last_name="Core", roles=[Role.CORE_TEAM])
    unit = BusinessUnitFactory(name="Retail banking")
    MembershipFactory(
        body=BodyFactory(name="Branch experience", tier=Tier.WORKING_GROUP),
        role=MemberRole.LEAD,
        business_unit=unit,
        person=UserFactory(username="leo", first_name="Leo", last_name="Lead"),
    )
    owner = UserFactory(username="otto", first_name="Otto", last_name="Owner")
    touchpoint = TouchpointFactory(code="branch", name="Branch visit", owner=owner)
    opened = today() - dt.timedelta(days=40)  # past twice any service level of 5 working days
    response = Response.objects.create(
        metric=metric("nps"), score=2, comment="Queued forty minutes.", touchpoint=touchpoint,
        external_id="browser-escalation", business_unit=unit,
        responded_at=dt.datetime.combine(opened, dt.time(9), tzinfo=dt.UTC),
    )  # fmt: skip
    return ClosedLoopCase.objects.create(
        response=response, metric=response.metric, touchpoint=touchpoint, business_unit=unit,
        owner=owner, opened_on=opened, due_on=opened + dt.timedelta(days=7),
    )  # fmt: skip


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_job_escalates_a_case_and_its_page_shows_it(live_server, browser_page, waiting_case):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next={waiting_case.get_absolute_url()}")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    ladder = page.get_by_role("list", name="Escalation")
    expect(ladder).to_contain_text("it goes to the business unit's lead")
    expect(ladder).to_contain_text("it goes to the steering committee's next pack")

    assert case_escalations_send_task.apply().get() == {"lead": 1, "steering": 1, "sent": 1}

    page.reload()
    on = f"{today():%-d %b %Y}"
    expect(ladder).to_contain_text(
        f"{on}: one service level overdue, escalated to Leo Lead, the lead of Retail banking."
    )
    expect(ladder).to_contain_text(f"{on}: twice its service level, escalated to the steering")
    expect(ladder).not_to_contain_text("If still open")
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("escalated to Leo Lead, the business unit's lead")
    expect(history).to_contain_text("Escalated to the steering committee on")
