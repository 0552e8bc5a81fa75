"""Governance writes for what the program agreed: charter versions and their review, the CX
mission and its publication, acknowledgements of both, success statements and objectives.

A version's status moves only along CHARTER_TRANSITIONS (MISSION_TRANSITIONS for the mission),
through the workflow functions here; approved, superseded and published documents are read-only.
Who may approve a charter is whoever `governance.models.who_may_decide` names for the
approve-charter activity (the rule in governance.permissions), so changing that activity's
deciding body or its named deciders changes it; a decider who drafted, submitted or sits on the
body of the version approves only with a second decider.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cxgov.concurrency import claim
from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..errors import GovernanceError
from ..models import (
    CHARTER_COMPONENTS,
    MISSION_TRANSITIONS,
    Acknowledgement,
    BusinessUnit,
    Charter,
    CharterStatus,
    CharterVersion,
    DepartmentObjective,
    GovernanceBody,
    MissionStatement,
    MissionStatus,
    SuccessStatement,
)
from .structure import User

CHARTER_VERSION_FIELDS = (*(name for name, _label in CHARTER_COMPONENTS), "success_statements")
MISSION_FIELDS = ("statement", "customers", "experience", "feeling", "difference")
OBJECTIVE_FIELDS = ("business_unit", "text", "owner")
SUCCESS_STATEMENT_FIELDS = ("title", "text", "business_unit", "objectives")


def _by(instance: Any, by: User) -> Any:
    """Record `by` as the author of the history row this save writes (pages, API and tasks)."""
    instance._history_user = by
    return instance


def _update(*, instance: Any, by: User, fields: Iterable[str], data: Mapping[str, Any], m2m: str):
    """model_update for the plain fields, then the many-to-many field `m2m` if given."""
    data = dict(data)
    related = data.pop(m2m, None)
    allowed = [name for name in fields if name != m2m]
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise ValidationError(dict.fromkeys(refused, "This field cannot be changed here."))
    _by(instance, by)
    instance, changed = model_update(instance=instance, fields=allowed, data=data)
    if related is not None:
        getattr(instance, m2m).set(related)
    return instance


# Charters


def _check_move(version: CharterVersion, to: str) -> None:
    """Check a move against the transitions declared on the model, naming both states."""
    if not version.may_move_to(to):
        label = CharterStatus(to).label.lower()
        raise GovernanceError(
            f"{version} is {version.get_status_display().lower()}; it cannot become {label}.",
            field="status",
        )


def _locked(version: CharterVersion, version_read: int | None = None) -> CharterVersion:
    """Claim the version for this write (cxgov.concurrency: its row locked, its `version`
    bumped; with `version_read`, refused if changed since) and re-read it, so two reviewers
    cannot both decide it."""
    claim(version, version=version_read)
    version.refresh_from_db()
    return version


@transaction.atomic
def charter_create(*, by: User, body: GovernanceBody) -> Charter:
    rules.can_draft_charter.enforce(by, body)
    if Charter.objects.filter(body=body).exists():
        raise GovernanceError(f"{body} already has a charter.", field="body")
    return validated_save(_by(Charter(body=body), by))


@transaction.atomic
def charter_version_draft(
    *,
    by: User,
    body: GovernanceBody,
    purpose_vision: str = "",
    goals_scope: str = "",
    roles_responsibilities: str = "",
    decision_authority: str = "",
    meeting_cadence: str = "",
    success_measures: str = "",
    success_statements: Iterable[SuccessStatement] = (),
) -> CharterVersion:
    """Start the next version of `body`'s charter (creating the charter with its first)."""
    rules.can_draft_charter.enforce(by, body)
    charter, _created = Charter.objects.get_or_create(body=body)
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    current = charter.versions.open().first()
    if current is not None:
        raise GovernanceError(
            f"{current} is {current.get_status_display().lower()}; finish or reject it before "
            "starting another version.",
        )
    number = (charter.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = validated_save(
        _by(
            CharterVersion(
                charter=charter,
                number=number,
                purpose_vision=purpose_vision,
                goals_scope=goals_scope,
                roles_responsibilities=roles_responsibilities,
                decision_authority=decision_authority,
                meeting_cadence=meeting_cadence,
                success_measures=success_measures,
                author=by,
            ),
            by,
        )
    )
    version.success_statements.set(success_statements)
    return version


def _refuse_unless_draft(version: CharterVersion) -> None:
    if version.status == CharterStatus.DRAFT:
        return
    if version.is_read_only:
        raise GovernanceError(
            f"{version} is {version.get_status_display().lower()}: approved and superseded "
            "versions are read-only. Draft a new version to change the charter."
        )
    raise GovernanceError(
        f"{version} is in review; it can be changed once it is rejected back to draft."
    )


@transaction.atomic
def charter_version_update(
    *,
    version: CharterVersion,
    by: User,
    data: Mapping[str, Any],
    version_read: int | None = None,
) -> CharterVersion:
    """Change a draft's components and success statements. With `version_read` (the one the
    person read), a change made since is an EditConflict and nothing is saved."""
    rules.can_draft_charter.enforce(by, version)
    _refuse_unless_draft(_locked(version, version_read))
    return _update(
        instance=version, by=by, fields=CHARTER_VERSION_FIELDS, data=data, m2m="success_statements"
    )


@transaction.atomic
def charter_version_submit(*, version: CharterVersion, by: User) -> CharterVersion:
    """Send a draft for review by the people who decide on charters."""
    rules.can_draft_charter.enforce(by, version)
    _locked(version)
    _check_move(version, CharterStatus.IN_REVIEW)
    empty = {name: f"{label} is empty." for name, label, text in version.components() if not text}
    if empty:
        raise ValidationError(
            {**empty, "__all__": f"Write all six components before submitting {version}."}
        )
    version.status = CharterStatus.IN_REVIEW
    version.submitted_by = by
    version.submitted_at = timezone.now()
    return validated_save(_by(version, by))


def _refuse_unless_in_review(version: CharterVersion, verb: str) -> None:
    if version.status == CharterStatus.DRAFT:
        raise GovernanceError(
            f"{version} is a draft that was never submitted; it must be submitted for review "
            f"before it can be {verb}.",
            field="status",
        )
    if version.status != CharterStatus.IN_REVIEW:
        raise GovernanceError(
            f"{version} is {version.get_status_display().lower()}; only a version in review "
            f"can be {verb}.",
            field="status",
        )


@transaction.atomic
def charter_version_approve(*, version: CharterVersion, by: User) -> CharterVersion:
    """Approve a version in review; the charter's approved version, if any, is superseded in
    the same transaction, and the body's members are asked to acknowledge the new one.

    A decider who drafted or submitted the version, or serves on its body, signs first: the
    version stays in review until a second decider named in the decision rights approves it
    too (the rule refuses them when nobody else is named)."""
    _locked(version)
    rules.can_approve_charter_version.enforce(by, version)
    _refuse_unless_in_review(version, "approved")
    now = timezone.now()
    first = rules.first_signature(version, rules.charter_deciders())
    if first is None and rules.charter_approval_conflict(by, version):
        version.first_approval_by = by
        version.first_approval_at = now
        return validated_save(_by(version, by))
    for previous in CharterVersion.objects.select_for_update().filter(
        charter_id=version.charter_id, status=CharterStatus.APPROVED
    ):
        _check_move(previous, CharterStatus.SUPERSEDED)
        claim(previous)
        previous.status = CharterStatus.SUPERSEDED
        previous.superseded_at = now
        validated_save(_by(previous, by))
    _check_move(version, CharterStatus.APPROVED)
    version.status = CharterStatus.APPROVED
    version.approved_by = by
    version.approved_at = now
    return validated_save(_by(version, by))


@transaction.atomic
def charter_version_reject(*, version: CharterVersion, by: User, comment: str) -> CharterVersion:
    """Send a version in review back to draft, saying why."""
    _locked(version)
    rules.can_approve_charter_version.enforce(by, version)
    _refuse_unless_in_review(version, "rejected")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say why the version is rejected, so it can be fixed."})
    _check_move(version, CharterStatus.DRAFT)
    version.status = CharterStatus.DRAFT
    version.rejected_by = by
    version.rejected_at = timezone.now()
    version.review_comment = comment
    version.first_approval_by = None  # a rejected version is approved afresh after its redraft
    version.first_approval_at = None
    return validated_save(_by(version, by))


# The CX mission


@transaction.atomic
def mission_draft(
    *,
    by: User,
    statement: str,
    customers: str,
    experience: str,
    feeling: str,
    difference: str,
) -> MissionStatement:
    rules.can_change_mission.enforce(by)
    if MissionStatement.objects.filter(status=MissionStatus.DRAFT).exists():
        raise GovernanceError(
            "A draft of the mission exists already; edit or publish it first.", field="statement"
        )
    number = (MissionStatement.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return validated_save(
        _by(
            MissionStatement(
                number=number,
                statement=statement,
                customers=customers,
                experience=experience,
                feeling=feeling,
                difference=difference,
                author=by,
            ),
            by,
        )
    )


@transaction.atomic
def mission_update(
    *, mission: MissionStatement, by: User, data: Mapping[str, Any]
) -> MissionStatement:
    rules.can_change_mission.enforce(by)
    mission = MissionStatement.objects.select_for_update().get(pk=mission.pk)
    if mission.is_read_only:
        raise GovernanceError(
            f"{mission} is {mission.get_status_display().lower()} and read-only; draft a new "
            "version to change the mission."
        )
    return model_update(instance=_by(mission, by), fields=MISSION_FIELDS, data=data)[0]


@transaction.atomic
def mission_publish(*, mission: MissionStatement, by: User) -> MissionStatement:
    """Publish a draft: the published version is superseded, and everyone serving in a body
    is asked to agree to the new one (their acknowledgement of the old one stays with it)."""
    rules.can_change_mission.enforce(by)
    mission = MissionStatement.objects.select_for_update().get(pk=mission.pk)
    if MissionStatus.PUBLISHED not in MISSION_TRANSITIONS[mission.status]:
        raise GovernanceError(
            f"{mission} is {mission.get_status_display().lower()}; only a draft can be published.",
            field="status",
        )
    now = timezone.now()
    for previous in MissionStatement.objects.select_for_update().filter(
        status=MissionStatus.PUBLISHED
    ):
        previous.status = MissionStatus.SUPERSEDED
        previous.superseded_at = now
        validated_save(_by(previous, by))
    mission.status = MissionStatus.PUBLISHED
    mission.published_by = by
    mission.published_at = now
    return validated_save(_by(mission, by))


# Acknowledgements: one mechanism for the mission and for charters


@transaction.atomic
def acknowledge(*, by: User, document: MissionStatement | CharterVersion) -> Acknowledgement:
    """`by` agrees to the current mission or to their body's approved charter, once."""
    document.refresh_from_db(fields=["status"])  # the stored state decides, not a stale copy
    if isinstance(document, MissionStatement):
        current = document.status == MissionStatus.PUBLISHED
        target = {"mission": document}
        what = "the mission that is published now"
    else:
        current = document.status == CharterStatus.APPROVED
        target = {"charter_version": document}
        what = "the charter's approved version"
    rules.can_acknowledge.enforce(by, document)
    if not current:
        raise GovernanceError(
            f"{document} is {document.get_status_display().lower()}, not the current version: "
            f"only {what} can be acknowledged.",
            field="document",
        )
    if Acknowledgement.objects.filter(person=by, **target).exists():
        raise GovernanceError(f"You have already acknowledged {document}.", field="document")
    return validated_save(Acknowledgement(person=by, **target))


# Success statements and department objectives


@transaction.atomic
def objective_create(
    *, by: User, business_unit: BusinessUnit, text: str, owner: Any
) -> DepartmentObjective:
    rules.can_change_success_statements.enforce(by)
    return validated_save(
        _by(DepartmentObjective(business_unit=business_unit, text=text, owner=owner), by)
    )


@transaction.atomic
def objective_update(
    *, objective: DepartmentObjective, by: User, data: Mapping[str, Any]
) -> DepartmentObjective:
    rules.can_change_success_statements.enforce(by)
    return model_update(instance=_by(objective, by), fields=OBJECTIVE_FIELDS, data=data)[0]


@transaction.atomic
def success_statement_create(
    *,
    by: User,
    title: str,
    text: str,
    business_unit: BusinessUnit | None = None,
    objectives: Iterable[DepartmentObjective] = (),
) -> SuccessStatement:
    rules.can_change_success_statements.enforce(by)
    statement = validated_save(
        _by(SuccessStatement(title=title, text=text, business_unit=business_unit), by)
    )
    statement.objectives.set(objectives)
    return statement


@transaction.atomic
def success_statement_update(
    *, success_statement: SuccessStatement, by: User, data: Mapping[str, Any]
) -> SuccessStatement:
    rules.can_change_success_statements.enforce(by)
    return _update(
        instance=success_statement,
        by=by,
        fields=SUCCESS_STATEMENT_FIELDS,
        data=data,
        m2m="objectives",
    )
