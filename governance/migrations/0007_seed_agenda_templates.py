"""Ship the standard agenda of each tier: every body meets to review KPIs and customer
insight, hear initiative updates, clear obstacles and escalations, take the decisions needed,
share success stories and agree next steps. Rows written out here (see 0002)."""

from django.db import migrations

STANDARD = [
    ("Review KPIs and customer insight", "KPIs against targets, and what customers are saying."),
    ("Initiative updates", "Health, progress and blockers of the initiatives in flight."),
    ("Obstacles and escalations", "What is stuck, and what needs to go up a tier."),
    ("Decisions needed", "The decisions this meeting must take, with their papers."),
    ("Success stories", "Wins worth telling the organization about."),
    ("Next steps", "Action items, owners and due dates; what goes on the next agenda."),
]

# tier -> time box per standard item, in minutes (0: not on this tier's agenda)
TIME_BOXES = {
    "executive_sponsor": [15, 0, 15, 15, 5, 5],
    "steering_committee": [20, 20, 15, 20, 10, 5],
    "core_team": [15, 20, 10, 10, 5, 5],
    "working_group": [10, 20, 15, 10, 5, 5],
}


def seed(apps, schema_editor):
    Item = apps.get_model("governance", "AgendaTemplateItem")
    for tier, boxes in TIME_BOXES.items():
        position = 0
        for (title, description), minutes in zip(STANDARD, boxes, strict=True):
            if not minutes:
                continue
            position += 1
            Item.objects.get_or_create(
                tier=tier,
                title=title,
                defaults={
                    "position": position,
                    "description": description,
                    "time_box_minutes": minutes,
                },
            )


def unseed(apps, schema_editor):
    titles = [title for title, _ in STANDARD]
    apps.get_model("governance", "AgendaTemplateItem").objects.filter(title__in=titles).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_meetings_cadences_decisions_action_items")]
    operations = [migrations.RunPython(seed, unseed)]
