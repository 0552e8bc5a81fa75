"""`object_permissions_reconcile`: the holders of a guardian object permission become exactly
the wanted set, checked against guardian's own rows and `get_users_with_perms`."""

from __future__ import annotations

import pytest
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, get_users_with_perms

from cxgov.models import Notification
from cxgov.permissions import object_permissions_reconcile
from tests.factories import UserFactory

# Any model with a permission will do; the kit's own keeps this test free of apps.
PERM = "cxgov.change_notification"


def holders_of(obj) -> set[int]:
    return set(
        get_users_with_perms(
            obj, only_with_perms_in=["change_notification"], with_superusers=False
        ).values_list("pk", flat=True)
    )


def rows() -> set[tuple[int, str]]:
    return set(UserObjectPermission.objects.values_list("user_id", "object_pk"))


@pytest.fixture
def world(db):
    olga, ben, ada = UserFactory(), UserFactory(), UserFactory()
    first, second = (
        Notification.objects.create(recipient=olga, kind="k", occasion=str(n), subject="s")
        for n in (1, 2)
    )
    return olga, ben, ada, first, second


def test_missing_holders_are_granted_and_extra_ones_revoked(world):
    olga, ben, ada, first, _ = world
    assign_perm(PERM, ben, first)
    assign_perm(PERM, ada, first)
    result = object_permissions_reconcile(
        perm=PERM, objects=first, holders=[(olga, first), (ada.pk, first.pk)]
    )
    assert result == (1, 1)
    assert holders_of(first) == {olga.pk, ada.pk}
    assert olga.has_perm(PERM, first) and not ben.has_perm(PERM, first)


def test_a_second_run_changes_nothing(world):
    olga, _, _, first, _ = world
    assert object_permissions_reconcile(perm=PERM, objects=first, holders=[(olga, first)]) == (
        1,
        0,
    )
    assert object_permissions_reconcile(perm=PERM, objects=first, holders=[(olga, first)]) == (
        0,
        0,
    )
    assert rows() == {(olga.pk, str(first.pk))}


def test_users_narrow_the_scope_so_others_keep_their_rows(world):
    olga, ben, _, first, _ = world
    assign_perm(PERM, ben, first)
    assign_perm(PERM, olga, first)
    assert object_permissions_reconcile(perm=PERM, objects=first, holders=[], users=[olga]) == (
        0,
        1,
    )
    assert holders_of(first) == {ben.pk}


def test_a_queryset_scope_leaves_objects_outside_it_alone(world):
    olga, ben, _, first, second = world
    assign_perm(PERM, ben, first)
    assign_perm(PERM, ben, second)
    scope = Notification.objects.filter(pk=first.pk)
    assert object_permissions_reconcile(perm=PERM, objects=scope, holders=[(olga, first)]) == (
        1,
        1,
    )
    assert holders_of(first) == {olga.pk}
    assert holders_of(second) == {ben.pk}


def test_a_model_scope_covers_every_row(world):
    olga, ben, _, first, second = world
    assign_perm(PERM, ben, first)
    assign_perm(PERM, ben, second)
    result = object_permissions_reconcile(
        perm=PERM, objects=Notification, holders=[(ben, second), (olga, second)]
    )
    assert result == (1, 1)
    assert rows() == {(ben.pk, str(second.pk)), (olga.pk, str(second.pk))}


def test_holders_outside_the_scope_are_refused(world):
    olga, _, _, first, second = world
    with pytest.raises(ValueError, match="outside the scope"):
        object_permissions_reconcile(perm=PERM, objects=first, holders=[(olga, second)])
    with pytest.raises(ValueError, match="outside the scope"):
        object_permissions_reconcile(perm=PERM, objects=first, holders=[(olga, first)], users=[])
    assert rows() == set()


@pytest.mark.parametrize("size", [3, 30])
def test_the_query_count_does_not_grow_with_the_rows(db, django_assert_num_queries, size):
    people = UserFactory.create_batch(size)
    owner = people[0]
    notes = [
        Notification.objects.create(recipient=owner, kind="k", occasion=str(n), subject="s")
        for n in range(size)
    ]
    for person, note in zip(people, notes, strict=True):
        assign_perm(PERM, person, note)  # every one of these is revoked
    # Each person is wanted on the next one's notification: every row goes, every row comes.
    wanted = list(zip(people, notes[1:] + notes[:1], strict=True))
    # savepoint, permission, held rows, insert, delete, release
    with django_assert_num_queries(6):
        result = object_permissions_reconcile(perm=PERM, objects=Notification, holders=wanted)
    assert result == (size, size)
    assert rows() == {(p.pk, str(n.pk)) for p, n in wanted}
