"""A project-based working group's project is now a key on the initiative's side
(portfolio.Initiative.formed_group); portfolio 0002 has carried the text over first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_charters_missions_acknowledgements"),
        ("portfolio", "0002_move_body_project_text_to_initiatives"),
    ]

    operations = [
        migrations.RemoveField(model_name="governancebody", name="project"),
        migrations.RemoveField(model_name="historicalgovernancebody", name="project"),
    ]
