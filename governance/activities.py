"""The activities cxgov ships: the core CX team's five jobs, the eight categories of its work,
and the decisions later workflows ask about (see governance.selectors.who_may_decide)."""

# (code, name, kind, description)
SEED_ACTIVITIES: list[tuple[str, str, str, str]] = [
    (
        "strategy-governance",
        "Enterprise CX strategy & governance",
        "job",
        "Set the CX strategy and priorities, and run the governance that keeps them.",
    ),
    (
        "insights-metrics",
        "Insights, metrics & reporting",
        "job",
        "Measure the experience, turn customer insight into findings, report against targets.",
    ),
    (
        "methods-tools",
        "Standard methodologies & tools",
        "job",
        "Journey maps, personas, closed-loop follow-up: one way of working, shared by every team.",
    ),
    (
        "storyline",
        "The central CX storyline",
        "job",
        "One consistent story for employees about what the experience should be and why.",
    ),
    (
        "portfolio-management",
        "Portfolio management",
        "job",
        "Track every CX effort across the business, keep it aligned, step in where asked.",
    ),
    (
        "customer-insight",
        "Customer insight management",
        "category",
        "Collect and connect what customers say and do.",
    ),
    ("cx-measurement", "CX measurement", "category", "NPS, CSAT, CES and operational measures."),
    (
        "employee-communications",
        "Employee communications",
        "category",
        "Tell employees what CX means for their work.",
    ),
    (
        "process-improvement",
        "Process improvement",
        "category",
        "Fix the processes behind poor experiences.",
    ),
    (
        "customer-advocacy",
        "Customer advocacy",
        "category",
        "Bring the customer's view into decisions.",
    ),
    (
        "culture-training",
        "Culture & training",
        "category",
        "Build customer-centric skills and habits.",
    ),
    (
        "issue-resolution",
        "Issue-resolution management",
        "category",
        "Close the loop on detractors and systemic issues.",
    ),
    (
        "cross-org-coordination",
        "Cross-organizational coordination",
        "category",
        "Align efforts that cross business units.",
    ),
    (
        "approve-charter",
        "Approve charters",
        "decision",
        "Approve a governing body's charter or a new version of it.",
    ),
    (
        "approve-initiative",
        "Approve initiatives",
        "decision",
        "Approve a proposed CX initiative into the portfolio.",
    ),
]
