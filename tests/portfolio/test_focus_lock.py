"""Focus limits under concurrency, on PostgreSQL: two approvals at once for the same owner,
working group or business unit, one under the limit only if the other is not counted. The
first holds its transaction open after its check; the second must wait on the lock the check
took (PostgreSQL shows it waiting), then count the first and ask for a reason. Without the lock
the second would count the load without the first and both would pass."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from portfolio import services
from portfolio.errors import PortfolioError
from portfolio.models import Initiative

pytestmark = [
    pytest.mark.postgres,
    # Each thread has its own connection, so the rows must be committed; the migrations' rows
    # (the approve-initiative activity) are put back after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAITING_ON_A_LOCK = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'
"""


def in_own_connection(work):
    """Run `work` in a thread (its own database connection), keeping what it raised."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as error:  # the test reads what it was
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def until_waiting_on_a_lock(thread: threading.Thread) -> bool:
    """Poll until PostgreSQL shows a session waiting on a lock (True) or `thread` ends without
    ever waiting (False): the order of events, not a timing."""
    with connection.cursor() as cursor:
        while thread.is_alive():
            cursor.execute(WAITING_ON_A_LOCK)
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.parametrize(
    ("kind", "subject"),
    [("owner", "member"), ("working_group", "onboarding"), ("business_unit", "retail")],
)
def test_two_approvals_at_once_cannot_both_pass_a_limit(program, make_initiative, kind, subject):
    # One active already and a limit of 2: room for one more, not two.
    make_initiative("approved")
    subject = getattr(program, subject)
    services.focus_limit_set(by=program.core, kind=kind, limit=2, **{kind: subject})
    said = subject.get_full_name() if kind == "owner" else str(subject)
    first, second = make_initiative("proposed"), make_initiative("proposed")
    checked, release = threading.Event(), threading.Event()

    def approve_first_and_hold():
        with transaction.atomic():
            services.initiative_transition(initiative=first, to_status="approved", by=program.chair)
            checked.set()
            release.wait(timeout=60)

    holder, _ = in_own_connection(approve_first_and_hold)
    assert checked.wait(timeout=60)
    waiter, outcome = in_own_connection(
        lambda: services.initiative_transition(
            initiative=second, to_status="approved", by=program.chair
        )
    )
    waited = until_waiting_on_a_lock(waiter)
    release.set()
    holder.join(timeout=60)
    waiter.join(timeout=60)
    assert waited, "the second approval did not wait for the first's check"
    refused = outcome.get("error")
    assert isinstance(refused, PortfolioError) and refused.field == "focus_reason"
    assert refused.message.startswith(
        f"{said} would have 3 active initiatives, over the limit of 2"
    )
    assert dict(
        Initiative.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "status")
    ) == {
        first.pk: "approved",
        second.pk: "proposed",
    }
