from django.db import migrations

from cxgov.search import SearchIndexWithoutPendingList


class Migration(migrations.Migration):
    dependencies = [
        ("voc", "0024_rollups_without_database_foreign_keys"),
    ]

    # Each write updates the search index itself, so a search never reads through a list of
    # pending entries (PostgreSQL only; the list left so far is merged now).
    operations = [SearchIndexWithoutPendingList("search_closed_loop_case")]
