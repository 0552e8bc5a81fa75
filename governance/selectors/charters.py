"""Reads for charters, the CX mission, acknowledgements and success statements.

Each page's read runs a fixed number of queries whatever the number of versions, members or
acknowledgements (tests pin them at two sizes). Who is asked to acknowledge is read live: the
people serving in a body (for its charter) or in any body (for the mission) today.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from cxgov.history import HistoryEntry, history_entries

from .. import permissions as rules
from ..models import (
    CHARTER_COMPONENTS,
    OPEN_STATUSES,
    Acknowledgement,
    Activity,
    Charter,
    CharterStatus,
    CharterVersion,
    DepartmentObjective,
    GovernanceBody,
    Membership,
    MissionStatement,
    MissionStatus,
    RaciAssignment,
    SuccessStatement,
)

User = get_user_model()

VERSION_PEOPLE = ("author", "submitted_by", "first_approval_by", "approved_by", "rejected_by")


# Acknowledgement shares: one shape for the mission and for charters


@dataclass
class Share:
    """Who of those asked have agreed to one document, and who have not yet."""

    agreed: list[Any] = field(default_factory=list)
    waiting: list[Any] = field(default_factory=list)

    @property
    def asked(self) -> int:
        return len(self.agreed) + len(self.waiting)

    @property
    def percent(self) -> int:
        return round(100 * len(self.agreed) / self.asked) if self.asked else 0


def _share(people: list[Any], agreed_ids: set[int]) -> Share:
    share = Share()
    for person in sorted(people, key=lambda p: (p.last_name, p.first_name, p.username)):
        (share.agreed if person.pk in agreed_ids else share.waiting).append(person)
    return share


def _serving(body_ids: set[int] | None = None) -> QuerySet[Membership]:
    """Memberships serving today in bodies not disbanded (optionally some bodies only)."""
    memberships = Membership.objects.active().filter(body__in=GovernanceBody.objects.active())
    if body_ids is not None:
        memberships = memberships.filter(body_id__in=body_ids)
    return memberships.select_related("person", "body")


def _people(memberships: list[Membership]) -> list[Any]:
    return list({m.person_id: m.person for m in memberships}.values())


def charter_share(*, version: CharterVersion | None, members: list[Membership]) -> Share:
    """The share of a body's serving members who acknowledged its approved version. One query."""
    if version is None:
        return Share()
    agreed = set(
        Acknowledgement.objects.filter(charter_version=version).values_list("person_id", flat=True)
    )
    return _share(_people(members), agreed)


# Charters


@dataclass
class CharterRow:
    body: GovernanceBody
    charter: Charter | None
    approved: CharterVersion | None
    open: CharterVersion | None

    @property
    def review_due(self) -> bool:
        return self.approved is not None and self.approved.review_due()


def charters_overview(*, user: Any) -> list[CharterRow]:
    """Every active body with its charter: the approved version, the one being worked on, and
    whether a review is due. Three queries."""
    current = Prefetch(
        "charter__versions",
        queryset=CharterVersion.objects.filter(
            status__in=[CharterStatus.APPROVED, *OPEN_STATUSES]
        ).select_related("author", "approved_by"),
        to_attr="current_versions",
    )
    bodies = (
        GovernanceBody.objects.for_user(user)
        .active()
        .select_related("charter")
        .prefetch_related(current)
        .order_by("name")
    )
    rows = []
    for body in bodies:
        charter = getattr(body, "charter", None)
        versions = charter.current_versions if charter else []
        rows.append(
            CharterRow(
                body=body,
                charter=charter,
                approved=next((v for v in versions if v.status == CharterStatus.APPROVED), None),
                open=next((v for v in versions if v.status in OPEN_STATUSES), None),
            )
        )
    return rows


def _versions(charter: Charter) -> list[CharterVersion]:
    """All of a charter's versions, newest first, with their people and success statements."""
    return list(
        charter.versions.select_related(*VERSION_PEOPLE).prefetch_related(
            Prefetch(
                "success_statements",
                queryset=SuccessStatement.objects.select_related("business_unit"),
            )
        )
    )


@dataclass
class CharterPage:
    charter: Charter
    body: GovernanceBody
    versions: list[CharterVersion]
    shown: CharterVersion | None  # the approved version, else the newest
    approved: CharterVersion | None
    open: CharterVersion | None
    members: list[Membership]  # serving today, chairs and leads first
    raci: list[RaciAssignment]  # the body's letters in the RACI matrix
    decides: list[Activity]  # activities the body decides on
    escalations: list[Activity]  # activities that escalate to it
    cadences: list  # the body's active meeting cadences, read live
    share: Share
    history: list[HistoryEntry]
    may_draft: bool = False
    may_decide: bool = False
    may_acknowledge: bool = False
    acknowledged: bool = False

    @property
    def review_due(self) -> bool:
        return self.approved is not None and self.approved.review_due()

    @property
    def superseded(self) -> list[CharterVersion]:
        return [v for v in self.versions if v.status == CharterStatus.SUPERSEDED]


def charter_page(*, charter: Charter, user: Any) -> CharterPage:
    """The charter page: the approved (or newest) version's six components, each beside what
    the rest of governance says live (RACI letters and members, decision rights, success
    statements), every version, the acknowledgement share and the history. A fixed number of
    queries whatever the number of versions, members and acknowledgements."""
    body = charter.body
    versions = _versions(charter)
    approved = next((v for v in versions if v.status == CharterStatus.APPROVED), None)
    open_version = next((v for v in versions if v.status in OPEN_STATUSES), None)
    members = list(
        Membership.objects.active()
        .filter(body=body)
        .select_related("person", "business_unit")
        .in_role_order()
    )
    rights = list(
        Activity.objects.filter(Q(decided_by=body) | Q(escalates_to=body)).order_by(
            "position", "name"
        )
    )
    share = charter_share(version=approved, members=members)
    serving = any(m.person_id == user.pk for m in members)
    acknowledged = any(p.pk == user.pk for p in share.agreed)
    in_review = open_version is not None and open_version.status == CharterStatus.IN_REVIEW
    cadences = list(body.cadences.filter(is_active=True).order_by("starts_on", "pk"))
    return CharterPage(
        charter=charter,
        body=body,
        versions=versions,
        shown=approved or (versions[0] if versions else None),
        approved=approved,
        open=open_version,
        members=members,
        raci=list(
            RaciAssignment.objects.filter(body=body)
            .select_related("activity")
            .order_by("activity__position", "activity__name")
        ),
        decides=[a for a in rights if a.decided_by_id == body.pk],
        cadences=cadences,
        escalations=[a for a in rights if a.escalates_to_id == body.pk],
        share=share,
        history=charter_history(charter=charter, versions=[approved, open_version]),
        may_draft=rules.can_draft_charter(user, charter),
        may_decide=in_review and rules.can_approve_charter_version(user, open_version),
        may_acknowledge=approved is not None and serving and not acknowledged,
        acknowledged=acknowledged,
    )


def charter_history(
    *, charter: Charter, versions: list[CharterVersion | None], limit: int = 20
) -> list[HistoryEntry]:
    """The charter's changes and those of the given versions (its approved and open ones),
    newest first, each saying which version it touched. One query per version given."""
    entries = history_entries(obj=charter, limit=limit)
    for version in filter(None, versions):
        entries += [
            HistoryEntry(
                when=entry.when,
                who=entry.who,
                action=f"v{version.number}: {entry.action.lower()}",
                changes=entry.changes,
            )
            for entry in charter_version_history(version=version, limit=limit)
        ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]


def charter_version_history(*, version: CharterVersion, limit: int = 20) -> list[HistoryEntry]:
    """A version's changes, newest first (its transitions and edits). One query."""
    return history_entries(obj=version, limit=limit, related=VERSION_PEOPLE)


def charter_version(*, charter: Charter, number: int) -> CharterVersion:
    """One version with its people and success statements, or DoesNotExist."""
    return (
        charter.versions.select_related(*VERSION_PEOPLE)
        .prefetch_related(
            Prefetch(
                "success_statements",
                queryset=SuccessStatement.objects.select_related("business_unit"),
            )
        )
        .get(number=number)
    )


# Side-by-side diff, per component


@dataclass
class Segment:
    text: str
    changed: bool


@dataclass
class DiffRow:
    tag: str  # equal, replace, delete, insert
    left: list[Segment]
    right: list[Segment]


@dataclass
class ComponentDiff:
    name: str
    label: str
    changed: bool
    rows: list[DiffRow]


@dataclass
class CharterDiff:
    left: CharterVersion
    right: CharterVersion
    components: list[ComponentDiff]
    statements_removed: list[SuccessStatement]
    statements_added: list[SuccessStatement]

    @property
    def changed_count(self) -> int:
        changed = sum(1 for c in self.components if c.changed)
        return changed + bool(self.statements_removed or self.statements_added)


_WORDS = re.compile(r"\s+|[^\s]+")


def _word_segments(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The words of two changed lines, with what differs marked on each side."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append(Segment("".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            right.append(Segment("".join(b[j1:j2]), tag != "equal"))
    return left, right


def text_diff(old: str, new: str) -> list[DiffRow]:
    """Lines side by side: equal lines once on each side, changed lines paired with their
    changed words marked, removed lines on the left only, added ones on the right only."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [DiffRow("equal", [Segment(x, False)], [Segment(x, False)]) for x in a[i1:i2]]
            continue
        left, right = a[i1:i2], b[j1:j2]
        for k in range(max(len(left), len(right))):
            if k < len(left) and k < len(right):
                rows.append(DiffRow("replace", *_word_segments(left[k], right[k])))
            elif k < len(left):
                rows.append(DiffRow("delete", [Segment(left[k], True)], []))
            else:
                rows.append(DiffRow("insert", [], [Segment(right[k], True)]))
    return rows


def charter_diff(*, charter: Charter, left: int, right: int) -> CharterDiff:
    """Two versions of a charter compared component by component. Two queries."""
    versions = {
        v.number: v
        for v in charter.versions.filter(number__in=[left, right]).prefetch_related(
            "success_statements"
        )
    }
    a, b = versions[left], versions[right]
    components = []
    for name, label in CHARTER_COMPONENTS:
        old, new = getattr(a, name), getattr(b, name)
        components.append(
            ComponentDiff(name=name, label=label, changed=old != new, rows=text_diff(old, new))
        )
    old_links = {s.pk: s for s in a.success_statements.all()}
    new_links = {s.pk: s for s in b.success_statements.all()}
    return CharterDiff(
        left=a,
        right=b,
        components=components,
        statements_removed=[s for pk, s in old_links.items() if pk not in new_links],
        statements_added=[s for pk, s in new_links.items() if pk not in old_links],
    )


def charters_awaiting_decision(*, user: Any) -> list[CharterVersion]:
    """Versions in review that `user` may approve or reject now (the rule
    governance.approve_charter_version, asked of each on what is read once). At most four
    queries."""
    deciders = rules.charter_deciders()
    if user.pk not in deciders:
        return []
    serves_on = rules.serving_body_ids(user)
    versions = (
        CharterVersion.objects.filter(status=CharterStatus.IN_REVIEW)
        .select_related("charter__body", "submitted_by", "first_approval_by")
        .order_by("submitted_at")
    )
    return [
        version
        for version in versions
        if rules.may_sign_charter(user, version, deciders=deciders, serves_on=serves_on)
    ]


# The CX mission


@dataclass
class BodyShare:
    body: GovernanceBody
    share: Share


@dataclass
class MissionPage:
    current: MissionStatement | None  # the published version
    draft: MissionStatement | None
    versions: list[MissionStatement]
    share: Share  # everyone serving in a body
    by_body: list[BodyShare]
    history: list[HistoryEntry]
    acknowledged: bool = False
    may_acknowledge: bool = False


def mission_page(*, user: Any) -> MissionPage:
    """The mission: the published version with its four answers, who agreed and who has not
    (overall and per body), every version and the history. Five queries, whatever the number
    of versions, people and bodies."""
    versions = list(MissionStatement.objects.select_related("author", "published_by"))
    current = next((m for m in versions if m.status == MissionStatus.PUBLISHED), None)
    draft = next((m for m in versions if m.status == MissionStatus.DRAFT), None)
    memberships = list(_serving().order_by("body__name"))
    agreed: set[int] = set()
    if current is not None:
        agreed = set(
            Acknowledgement.objects.filter(mission=current).values_list("person_id", flat=True)
        )
    members_by_body: dict[int, list[Membership]] = defaultdict(list)
    bodies: dict[int, GovernanceBody] = {}
    for membership in memberships:
        members_by_body[membership.body_id].append(membership)
        bodies[membership.body_id] = membership.body
    share = _share(_people(memberships), agreed)
    serving = any(m.person_id == user.pk for m in memberships)
    return MissionPage(
        current=current,
        draft=draft,
        versions=versions,
        share=share if current else Share(),
        by_body=[
            BodyShare(body=body, share=_share(_people(members_by_body[pk]), agreed))
            for pk, body in bodies.items()
        ]
        if current
        else [],
        history=history_entries(obj=current, related=("author", "published_by")) if current else [],
        acknowledged=user.pk in agreed,
        may_acknowledge=current is not None and serving and user.pk not in agreed,
    )


# What a person is asked to acknowledge: the home page's banner


@dataclass
class Pending:
    mission: MissionStatement | None
    charters: list[CharterVersion]

    def __bool__(self) -> bool:
        return self.mission is not None or bool(self.charters)


def pending_acknowledgements(*, user: Any) -> Pending:
    """The current mission and the approved charters of `user`'s bodies that they have not
    acknowledged yet. Four queries."""
    if not user.is_authenticated:
        return Pending(mission=None, charters=[])
    body_ids = set(_serving().filter(person_id=user.pk).values_list("body_id", flat=True))
    if not body_ids:
        return Pending(mission=None, charters=[])
    done = Acknowledgement.objects.filter(person_id=user.pk)
    mission = (
        MissionStatement.objects.filter(status=MissionStatus.PUBLISHED)
        .exclude(pk__in=done.filter(mission__isnull=False).values("mission_id"))
        .first()
    )
    charters = list(
        CharterVersion.objects.filter(status=CharterStatus.APPROVED, charter__body_id__in=body_ids)
        .exclude(pk__in=done.filter(charter_version__isnull=False).values("charter_version_id"))
        .select_related("charter__body")
        .order_by("charter__body__name")
    )
    return Pending(mission=mission, charters=charters)


def body_charter_summary(*, body: GovernanceBody) -> dict[str, Any]:
    """What the body page shows of its charter: the approved version and the share of its
    serving members who acknowledged it. Three queries."""
    approved = (
        CharterVersion.objects.filter(charter__body=body, status=CharterStatus.APPROVED)
        .select_related("charter")
        .first()
    )
    if approved is None:
        charter = Charter.objects.filter(body=body).first()
        return {"charter": charter, "approved": None, "share": Share()}
    members = list(_serving({body.pk}))
    return {
        "charter": approved.charter,
        "approved": approved,
        "share": charter_share(version=approved, members=members),
    }


# Success statements and department objectives


def success_statements_for_list(*, user: Any) -> QuerySet[SuccessStatement]:
    """Statements with their business unit, objectives (with owners) and the charters that
    link them. Three queries whatever their number."""
    objectives = DepartmentObjective.objects.select_related("business_unit", "owner")
    return (
        SuccessStatement.objects.for_user(user)
        .select_related("business_unit")
        .prefetch_related(Prefetch("objectives", queryset=objectives))
        .order_by("business_unit__name", "title")
    )


@dataclass
class SuccessStatementPage:
    statement: SuccessStatement
    objectives: list[DepartmentObjective]
    charters: list[CharterVersion]  # current charter versions that link it
    history: list[HistoryEntry]


def success_statement_page(*, statement: SuccessStatement) -> SuccessStatementPage:
    return SuccessStatementPage(
        statement=statement,
        objectives=list(statement.objectives.select_related("business_unit", "owner")),
        charters=list(
            statement.charter_versions.filter(
                status__in=[CharterStatus.APPROVED, *OPEN_STATUSES]
            ).select_related("charter__body")
        ),
        history=history_entries(obj=statement, related=("business_unit",)),
    )


def objectives_for_list(*, user: Any) -> QuerySet[DepartmentObjective]:
    return (
        DepartmentObjective.objects.for_user(user)
        .select_related("business_unit", "owner")
        .prefetch_related("success_statements")
        .order_by("business_unit__name", "id")
    )
