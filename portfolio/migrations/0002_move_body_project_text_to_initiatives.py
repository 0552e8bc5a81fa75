"""Carry each project-based working group's `project` text over to an initiative.

The text names the initiative the group was formed for. An initiative with that title (any
case) in the same group, or anywhere if there is exactly one, is linked; otherwise a proposed
initiative is created for it, run by that group, owned by its lead (or first member) for the
business unit they represent, dated from the group's formation to its planned disband date.
Governance then drops the text field (governance 0003 depends on this migration).
"""

from django.db import migrations


def move_projects(apps, schema_editor):
    GovernanceBody = apps.get_model("governance", "GovernanceBody")
    Membership = apps.get_model("governance", "Membership")
    Initiative = apps.get_model("portfolio", "Initiative")
    for body in GovernanceBody.objects.exclude(project="").order_by("pk"):
        title = body.project.strip()
        if not title or Initiative.objects.filter(formed_group=body).exists():
            continue
        matches = Initiative.objects.filter(title__iexact=title, formed_group__isnull=True)
        initiative = matches.filter(working_group=body).first()
        if initiative is None and matches.count() == 1:
            initiative = matches.get()
        if initiative is None:
            seats = Membership.objects.filter(body=body, end_date__isnull=True).order_by("pk")
            seat = seats.filter(role__in=["lead", "chair"]).first() or seats.first()
            initiative = Initiative(
                title=title[:200],
                description=f"Carried over from the working group {body.name}.",
                working_group=body,
                owner_id=seat.person_id if seat else None,
                business_unit_id=seat.business_unit_id if seat else None,
                start_date=body.formed_on,
                target_date=max(body.planned_disband_on or body.formed_on, body.formed_on),
                status="proposed",
                status_changed_on=body.formed_on,
            )
        initiative.formed_group = body
        initiative.save()


def restore_projects(apps, schema_editor):
    Initiative = apps.get_model("portfolio", "Initiative")
    for initiative in Initiative.objects.filter(formed_group__isnull=False).select_related(
        "formed_group"
    ):
        body = initiative.formed_group
        body.project = initiative.title[:200]
        body.save(update_fields=["project"])


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0001_initiatives_milestones_updates_risks"),
        ("governance", "0002_seed_activities"),
    ]

    operations = [migrations.RunPython(move_projects, restore_projects)]
