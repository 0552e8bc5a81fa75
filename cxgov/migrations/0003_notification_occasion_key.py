"""Key the notification log on a hash of the whole occasion, not its first 200 characters."""

import hashlib

from django.conf import settings
from django.db import migrations, models


def key_existing(apps, schema_editor):
    Notification = apps.get_model("cxgov", "Notification")
    rows = list(Notification.objects.only("pk", "occasion"))
    for row in rows:
        row.occasion_key = hashlib.sha256(row.occasion.encode()).hexdigest()
    Notification.objects.bulk_update(rows, ["occasion_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("cxgov", "0002_notification_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="notification",
            name="notification_once_per_recipient_kind_occasion",
        ),
        migrations.AlterField(
            model_name="notification",
            name="occasion",
            field=models.TextField(
                help_text=(
                    "What it is about, as the sending app keys it (e.g. the meeting and its time)."
                )
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="occasion_key",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(key_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                fields=("recipient", "kind", "occasion_key"),
                name="notification_once_per_recipient_kind_occasion",
            ),
        ),
    ]
