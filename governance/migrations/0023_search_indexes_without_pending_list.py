from django.db import migrations

from cxgov.search import SearchIndexWithoutPendingList


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0022_search_vectors"),
    ]

    # Each write updates the search indexes itself, so a search never reads through a list of
    # pending entries (PostgreSQL only; the list left so far is merged now).
    operations = [
        SearchIndexWithoutPendingList(name)
        for name in (
            "search_body",
            "search_charter_version",
            "search_success_statement",
            "search_agenda_item",
            "search_decision",
            "search_action_item",
            "search_standard",
        )
    ]
