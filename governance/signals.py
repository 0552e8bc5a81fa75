"""Signals governance sends, so apps built on it can follow its changes without governance
importing them.

`membership_changed(sender=Membership, person, body)` is sent from the membership services
(inside their transaction) whenever a person's seat on a body is created, changed or ended:
a receiver re-decides what that person may do because of that body (portfolio grants a
working group's members the right to edit its initiatives) and writes in the same
transaction, so a refusal rolls the membership change back too.
"""

from django.dispatch import Signal

membership_changed = Signal()
