"""Packs are frozen when the meeting opens, and read live before: a pack stored for a meeting
not yet opened (built ahead, then standing still) is removed, so its meeting reads live again;
one of a meeting already opened is frozen as it was built. Then every stored pack is frozen."""

from django.db import migrations, models


def freeze_or_drop(apps, schema_editor):
    KpiPack = apps.get_model("program", "KpiPack")
    KpiPack.objects.filter(frozen_at__isnull=True, meeting__status="scheduled").delete()
    for pack in KpiPack.objects.filter(frozen_at__isnull=True).select_related("meeting"):
        pack.frozen_at = pack.meeting.closed_at or pack.built_at
        pack.save(update_fields=["frozen_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("program", "0001_kpi_pack"),
    ]

    operations = [
        migrations.RunPython(freeze_or_drop, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="kpipack",
            name="built_at",
            field=models.DateTimeField(
                help_text="The moment the data was read as of: the meeting's opening (or its "
                "start, for a pack stored late)."
            ),
        ),
        migrations.AlterField(
            model_name="kpipack",
            name="frozen_at",
            field=models.DateTimeField(
                help_text="When the pack was stored; from then it never changes."
            ),
        ),
    ]
