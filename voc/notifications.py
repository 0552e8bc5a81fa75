"""The notification kinds voc sends, registered with the kit at startup."""

from cxgov.notifications import register_kind

CASE_OVERDUE = register_kind("voc.case_overdue", "Overdue closed-loop case")
CASE_ESCALATED = register_kind("voc.case_escalated", "Closed-loop case escalated")
# Posted to the chat channels of the steering committees and the core team (cxgov.chat).
KPI_ALERT = register_kind("voc.kpi_alert", "KPI alert")
# A public CX promise that reality contradicts (outside the noise), to the core team, once per
# promise and period.
PROMISE_CONTRADICTED = register_kind("voc.promise_contradicted", "CX promise contradicted")
