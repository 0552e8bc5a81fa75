from django.db import migrations

from cxgov.search import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0011_method_adoption"),
    ]

    # A stored, GIN-indexed search vector (PostgreSQL only) in place of 0009's expression
    # index: the search ranks on it without parsing each row's text again.
    operations = [
        AddSearchVector("initiative", ("title", "description"), "search_initiative"),
    ]
