from django.db import migrations

from cxgov.search import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0021_standards_library"),
    ]

    # Stored, GIN-indexed search vectors (PostgreSQL only) in place of the expression indexes
    # of 0018 and 0021: the search ranks on them without parsing each row's text again.
    operations = [
        AddSearchVector("governancebody", ("name", "purpose"), "search_body"),
        AddSearchVector(
            "charterversion",
            (
                "purpose_vision",
                "goals_scope",
                "roles_responsibilities",
                "decision_authority",
                "meeting_cadence",
                "success_measures",
            ),
            "search_charter_version",
        ),
        AddSearchVector("successstatement", ("title", "text"), "search_success_statement"),
        AddSearchVector("agendaitem", ("title", "description", "minutes"), "search_agenda_item"),
        AddSearchVector("decision", ("text", "rationale"), "search_decision"),
        AddSearchVector("actionitem", ("title", "notes"), "search_action_item"),
        AddSearchVector("standard", ("title", "text"), "search_standard"),
    ]
