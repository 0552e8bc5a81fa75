"""Who may do what in voc: one named rule per action, each with its refusal. Services enforce
these rules; pages and the API ask the same rules to show or hide a control and to answer 403."""

from __future__ import annotations

from cxgov.permissions import configurers_only

# The core team (and admins) import voice-of-the-customer data.
can_import_responses = configurers_only(
    "Only admins and the core CX team can import responses.", name="voc.import_responses"
)

# Verbatim comments can name people and situations: the core team (and admins) read them, as
# they run the closed loop; other roles see scores and counts.
can_read_comments = configurers_only(
    "Only admins and the core CX team can read customers' comments.", name="voc.read_comments"
)

# Operational figures (churn, handle time, repeat contacts) are entered by the core team.
can_enter_operational_values = configurers_only(
    "Only admins and the core CX team can enter operational figures.",
    name="voc.enter_operational_values",
)
