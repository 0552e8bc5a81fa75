"""Signals governance sends, so apps built on it can follow its changes without governance
importing them.

`membership_changed(sender=Membership, person, body)` is sent from the membership services
(inside their transaction) whenever a person's seat on a body is created, changed or ended:
a receiver re-decides what that person may do because of that body (portfolio grants a
working group's members the right to edit its initiatives) and writes in the same
transaction, so a refusal rolls the membership change back too.

`meeting_opened(sender=Meeting, meeting, by)` and `meeting_closed(sender=Meeting, meeting, by)`
are sent from `meeting_open` / `meeting_close`, inside their transaction, after the status is
saved: the program package builds the steering committee's KPI pack when a meeting opens and
freezes it when it closes. A receiver that fails rolls the opening or closing back.
"""

from django.dispatch import Signal

membership_changed = Signal()
meeting_opened = Signal()
meeting_closed = Signal()
