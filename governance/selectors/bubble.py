"""The "CX bubble" check: a body that hears only from the front line, or a steering committee
without the functions that fund, staff and build the experience.

- A working group or the core CX team whose serving members all represent customer-facing
  business units: nobody from the units behind the experience is at the table.
- A steering committee without a member representing finance, HR or IT: it names which are
  missing.

A body with no serving member representing a business unit has no data (no warning: it is
not known where its people come from). One query for any number of bodies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..models import GovernanceBody, Membership, Tier, UnitFunction

# The tiers the check reads, and the functions a steering committee needs.
FRONT_LINE_TIERS = (Tier.WORKING_GROUP, Tier.CORE_TEAM)
STEERING_FUNCTIONS = (UnitFunction.FINANCE, UnitFunction.HR, UnitFunction.IT)


@dataclass(frozen=True)
class BubbleCheck:
    body_id: int
    tier: str
    units: tuple[str, ...]  # the business units its serving members represent, by name
    missing: tuple[str, ...]  # what it lacks: function labels, or a non-customer-facing unit

    @property
    def in_bubble(self) -> bool:
        return bool(self.missing)

    @property
    def warning(self) -> str:
        if not self.missing:
            return ""
        if self.tier == Tier.STEERING_COMMITTEE:
            names = _joined(self.missing)
            return (
                f"CX bubble: no member represents {names}. A steering committee needs "
                "finance, HR and IT at the table to fund, staff and build what it decides."
            )
        return (
            "CX bubble: every member represents a customer-facing unit "
            f"({_joined(self.units, 'and')}); "
            "missing: a member from a unit behind the experience (such as operations, finance, "
            "HR or IT), who sees the causes the front line does not."
        )


def _joined(names: tuple[str, ...], conjunction: str = "or") -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def bubble_checks(*, bodies: list[GovernanceBody] | None = None) -> dict[int, BubbleCheck]:
    """The check for each active working group, core team and steering committee (or each of
    `bodies` of those tiers), by body id; a body without a represented unit is left out."""
    memberships = Membership.objects.active().filter(
        body__tier__in=(*FRONT_LINE_TIERS, Tier.STEERING_COMMITTEE),
        body__in=GovernanceBody.objects.active(),
        business_unit__isnull=False,
    )
    if bodies is not None:
        memberships = memberships.filter(body_id__in=[b.pk for b in bodies])
    units: dict[int, dict[int, tuple[str, bool, str]]] = defaultdict(dict)
    tiers: dict[int, str] = {}
    for row in memberships.values_list(
        "body_id",
        "body__tier",
        "business_unit_id",
        "business_unit__name",
        "business_unit__is_customer_facing",
        "business_unit__function",
    ):
        body_id, tier, unit_id, name, facing, function = row
        tiers[body_id] = tier
        units[body_id][unit_id] = (name, facing, function)
    checks = {}
    for body_id, seen in units.items():
        names = tuple(sorted(name for name, _, _ in seen.values()))
        if tiers[body_id] == Tier.STEERING_COMMITTEE:
            present = {function for _, _, function in seen.values()}
            missing = tuple(f.label for f in STEERING_FUNCTIONS if f.value not in present)
        elif all(facing for _, facing, _ in seen.values()):
            missing = ("a unit that does not face customers",)
        else:
            missing = ()
        checks[body_id] = BubbleCheck(body_id, tiers[body_id], names, missing)
    return checks
