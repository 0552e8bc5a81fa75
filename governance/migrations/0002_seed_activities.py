"""Ship the core team's five jobs, the eight work categories and the approval decisions."""

from django.db import migrations

from governance.activities import SEED_ACTIVITIES


def seed(apps, schema_editor):
    Activity = apps.get_model("governance", "Activity")
    for position, (code, name, kind, description) in enumerate(SEED_ACTIVITIES, start=1):
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
    codes = [code for code, *_ in SEED_ACTIVITIES]
    apps.get_model("governance", "Activity").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_bodies_memberships_raci_maturity")]
    operations = [migrations.RunPython(seed, unseed)]
