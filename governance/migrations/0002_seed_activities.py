"""Ship the core team's five jobs, the eight work categories and the approval decisions.

The rows are written out here, not imported: a migration must keep doing what it did when it
was written, whatever later code says.
"""

from django.db import migrations

# (code, name, kind, description), in the order they are shown.
ROWS = [
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


def seed(apps, schema_editor):
    Activity = apps.get_model("governance", "Activity")
    for position, (code, name, kind, description) in enumerate(ROWS, start=1):
        Activity.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "description": description,
                "position": position * 10,
            },
        )


def unseed(apps, schema_editor):
    codes = [code for code, *_ in ROWS]
    apps.get_model("governance", "Activity").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_bodies_memberships_raci_maturity")]
    operations = [migrations.RunPython(seed, unseed)]
