from django.db import migrations

from cxgov.search import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [
        ("voc", "0021_operational_values_per_touchpoint"),
    ]

    # A stored, GIN-indexed search vector (PostgreSQL only) in place of 0019's expression
    # index: the search ranks on it without parsing each row's text again.
    operations = [
        AddSearchVector("closedloopcase", ("closing_note",), "search_closed_loop_case"),
    ]
