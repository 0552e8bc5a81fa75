from django.db import migrations

from cxgov.search import SearchIndexWithoutPendingList


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0013_status_update_latest_per_initiative"),
    ]

    # Each write updates the search index itself, so a search never reads through a list of
    # pending entries (PostgreSQL only; the list left so far is merged now).
    operations = [SearchIndexWithoutPendingList("search_initiative")]
