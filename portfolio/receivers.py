"""Portfolio follows governance: a seat on a working group brings the right to edit its
initiatives, and losing the seat takes it away, in the membership's own transaction."""

from django.dispatch import receiver

from governance.signals import membership_changed


@receiver(membership_changed, dispatch_uid="portfolio.member_permissions")
def follow_membership(sender, *, person, body, **kwargs) -> None:
    from .services import member_permissions_sync

    member_permissions_sync(person=person, body=body)
