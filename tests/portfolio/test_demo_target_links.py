"""The demo links most initiatives to the demo KPI targets, and leaves the two gaps the line
of sight flags: an initiative in progress linked to no target, and an off-track target no
active initiative claims."""

import pytest

from cxgov.demo import seed_users
from governance.demo.structure import seed as seed_governance
from portfolio import demo
from portfolio.models import Initiative, Status, TargetLink
from voc.demo import seed as seed_voc
from voc.models import KpiTarget
from voc.models.targets import TargetStatus
from voc.selectors import targets_with_status

pytestmark = pytest.mark.django_db
ACTIVE = (Status.APPROVED, Status.IN_PROGRESS)


def test_the_demo_links_most_initiatives_and_leaves_one_gap_of_each_kind():
    people = seed_users()
    seed_governance(people=people)
    seed_voc(people=people)
    assert demo.seed(people=people) is True
    linked = Initiative.objects.filter(target_links__isnull=False).distinct().count()
    assert linked >= 30
    assert Initiative.objects.filter(status=Status.IN_PROGRESS, target_links__isnull=True).exists()
    off_track = [
        r.target for r in targets_with_status(KpiTarget.objects.all())
        if r.status == TargetStatus.OFF_TRACK
    ]  # fmt: skip
    assert off_track
    assert not TargetLink.objects.filter(
        target=off_track[0], initiative__status__in=ACTIVE
    ).exists()
    assert TargetLink.objects.filter(target=off_track[0]).exists()  # claimed, but not actively
