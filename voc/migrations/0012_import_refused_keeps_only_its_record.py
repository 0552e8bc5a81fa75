"""A refused import keeps only its record: the jobs recorded as "failed" until now were all
refusals (nothing else set that status), so they become "refused" and their stored files go;
"failed" now means a run that ended without a verdict, whose file is kept to run again."""

from django.db import migrations, models


def refusals_keep_only_their_record(apps, schema_editor):
    ImportJob = apps.get_model("voc", "ImportJob")
    for job in ImportJob.objects.filter(status="failed").exclude(file="").iterator():
        job.file.storage.delete(job.file.name)
    ImportJob.objects.filter(status="failed").update(status="refused", file="")


class Migration(migrations.Migration):
    dependencies = [
        ("voc", "0011_loose_values_responses_cases"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importjob",
            name="file",
            field=models.FileField(
                blank=True,
                help_text="Blank once the import refused the file: a refusal keeps only its record.",
                max_length=255,
                upload_to="voc/imports/%Y/%m/",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting to run"),
                    ("running", "Running"),
                    ("succeeded", "Imported"),
                    ("refused", "Refused"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=12,
            ),
        ),
        migrations.RunPython(refusals_keep_only_their_record, migrations.RunPython.noop),
    ]
