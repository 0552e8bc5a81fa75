"""The notification kinds governance sends, registered with the kit at startup."""

from cxgov.notifications import register_kind

MEETING_REMINDER = register_kind("meeting_reminder", "Meeting reminder")
ACTION_ITEM_ASSIGNED = register_kind("action_item_assigned", "New action item")
ACTION_ITEM_DUE = register_kind("action_item_due", "Action item due soon")
ACTION_ITEM_OVERDUE = register_kind("action_item_overdue", "Overdue action item")
# Posted to a body's chat channel once a week (cxgov.chat).
BODY_DIGEST = register_kind("governance.body_digest", "A body's weekly digest")
# To a member's manager, once, when the member agrees to a working-group commitment.
COMMITMENT_AGREED = register_kind("commitment_agreed", "A working-group commitment agreed")
# The owner of a standards-library item past its review date, once per item and date.
STANDARD_REVIEW_DUE = register_kind("governance.standard_review_due", "Standard due for review")
