"""Shortcuts for charter tests: a version taken through the workflow by the right people."""

from governance import services

COMPONENTS = {
    "purpose_vision": "Redesign account opening end to end.",
    "goals_scope": "Open an account in ten minutes.\nScope: onboarding only.",
    "roles_responsibilities": "The lead runs the group.",
    "decision_authority": "Decides on the onboarding backlog; escalates to the committee.",
    "meeting_cadence": "Every two weeks.",
    "success_measures": "Onboarding CSAT.",
}


def draft(world, *, body="onboarding", by=None, **changes):
    return services.charter_version_draft(
        by=by or world["core"], body=world[body], **{**COMPONENTS, **changes}
    )


def in_review(world, *, body="onboarding", by=None, **changes):
    version = draft(world, body=body, by=by, **changes)
    return services.charter_version_submit(version=version, by=by or world["core"])


def approved(world, *, body="onboarding", by=None, **changes):
    version = in_review(world, body=body, by=by, **changes)
    return services.charter_version_approve(version=version, by=world["sponsor_person"])
