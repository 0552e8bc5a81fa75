"""The digest: an e-mail to each person, monthly or weekly as they chose, with what matters to
their roles. Each app registers its own sections; the kit gathers them, renders the e-mail
(plain text and HTML) and sends it once per person and period through the notification log.

An app registers a section from a `digest.py` module its `AppConfig.ready` imports:

    register_digest_section(DigestSection(key="governance.overdue-actions",
                                          title="Your overdue action items",
                                          roles=frozenset(Role), items=overdue_action_items))

`items(users=..., since=...)` answers for many people at once, `{person's pk: [DigestItem]}`,
each list already within what that person may open, in a fixed number of queries however many
people are asked: the monthly run reads for everyone together, so its query count does not grow
with the organization. `digest(user=, since=)` is one person's sections, as the preview shows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import outbox
from .dates import today
from .models import DigestFrequency, DigestPreference, Notification, occasion_key
from .notifications import EMAIL_BATCH_TASK, absolute, notifications_log, register_kind
from .permissions import Rule, prime_roles, user_roles
from .registry import Registry
from .roles import ROLE_PRIORITY, Role

logger = logging.getLogger(__name__)

DIGEST = register_kind("cxgov.digest", "Your digest")

# People read, rendered and logged per transaction: the run's query count grows by a fixed
# number per this many people, never per person.
DIGEST_BATCH = 200


@dataclass(frozen=True)
class DigestItem:
    """One line of a section: what it says, the page where the person acts on it, and a short
    note beside it ("new since your last digest", "12 days late")."""

    text: str
    link: str = ""
    note: str = ""


@dataclass(frozen=True)
class DigestSection:
    """One section of the digest: its key, its title, the roles it is for, and the function
    that returns its items for many people since a moment."""

    key: str
    title: str
    roles: frozenset[Role]
    items: Callable[..., Mapping[int, list[DigestItem]]]


digest_sections: Registry[DigestSection] = Registry("digest sections")

Digest = list[tuple[DigestSection, list[DigestItem]]]


def register_digest_section(section: DigestSection) -> DigestSection:
    """Add a section to the digest (from an app's `digest.py`, imported in its `ready`)."""
    if not section.roles:
        raise ValueError(f"digest section {section.key!r} is for no role, so nobody would read it")
    return digest_sections.register(section.key, section)


def sections_for(user: Any) -> list[DigestSection]:
    """The registered sections meant for any role the person holds, in registration order."""
    held = user_roles(user)
    return [section for section in digest_sections if section.roles & held]


def digests(*, users: Sequence[Any], since: dt.datetime) -> dict[int, Digest]:
    """Each person's sections with their items since `since`, empty sections left out: each
    section is asked once, for the people whose roles it is for."""
    found: dict[int, Digest] = {user.pk: [] for user in users}
    for section in digest_sections:
        readers = [user for user in users if section.roles & user_roles(user)]
        if not readers:
            continue
        items = section.items(users=readers, since=since)
        for user in readers:
            if listed := list(items.get(user.pk, ())):
                found[user.pk].append((section, listed))
    return found


def digest(*, user: Any, since: dt.datetime) -> Digest:
    """One person's sections with their items since `since`; empty sections left out."""
    return digests(users=[user], since=since)[user.pk]


def by_person(rows: Any, person: Callable[[Any], int]) -> dict[int, list[Any]]:
    """Rows grouped by the person each is for, in the rows' order (a section's usual shape)."""
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(person(row), []).append(row)
    return grouped


# A section names the first few of its items; a last line says how many more, and where.
SHOWN = 20


def first_few(
    rows: Sequence[Any], item: Callable[[Any], DigestItem], *, more_link: str = ""
) -> list[DigestItem]:
    """The first `SHOWN` rows as items, and "and N more" (linking to where they are all
    listed) when there are more."""
    items = [item(row) for row in rows[:SHOWN]]
    if len(rows) > SHOWN:
        items.append(DigestItem(text=f"and {len(rows) - SHOWN} more", link=more_link))
    return items


def days(span: dt.timedelta) -> str:
    """A span in whole days, as a note says it: "1 day", "12 days"."""
    return f"{span.days} day{'' if span.days == 1 else 's'}"


# -- Periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestPeriod:
    """The period a digest is for: its key in the occasion ("2026-12", "2026-W49"), its label
    for people, and since when it reports (the start of the period before it)."""

    frequency: str
    key: str
    label: str
    since: dt.datetime


def digest_period(frequency: str, on: dt.date | None = None) -> DigestPeriod:
    """The monthly or weekly period `on` falls in (today by default)."""
    on = on or today()
    if frequency == DigestFrequency.WEEKLY:
        monday = on - dt.timedelta(days=on.weekday())
        year, week, _ = monday.isocalendar()
        start = monday - dt.timedelta(days=7)
        return DigestPeriod(
            frequency,
            f"{year}-W{week:02d}",
            f"the week of {monday.day} {monday:%B %Y}",
            _midnight(start),
        )
    first = on.replace(day=1)
    start = (first - dt.timedelta(days=1)).replace(day=1)
    return DigestPeriod(frequency, f"{first:%Y-%m}", f"{first:%B %Y}", _midnight(start))


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def digest_occasion(*, user: Any, period: DigestPeriod) -> str:
    return f"digest:{period.frequency}:{period.key}:user {user.pk}"


def digest_frequency(user: Any) -> str:
    """What the person chose; monthly for whoever has not chosen."""
    try:
        return user.digest_preference.frequency
    except DigestPreference.DoesNotExist:
        return DigestFrequency.MONTHLY


# -- Rendering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedDigest:
    subject: str
    text: str
    html: str


def digest_subject(period: DigestPeriod) -> str:
    return f"Your cxgov digest for {period.label}"


def digest_render(*, user: Any, period: DigestPeriod, sections: Digest) -> RenderedDigest:
    """The e-mail for one person: plain text and HTML from the same context. The header says
    why they get it, the footer links to where they change it."""
    held = user_roles(user)
    context = {
        "person": user,
        "period": period,
        "sections": sections,
        "roles": [role.label for role in ROLE_PRIORITY if role in held],
        "base_url": absolute(""),
        "preferences_url": absolute(reverse("digest")),
    }
    return RenderedDigest(
        subject=digest_subject(period),
        text=render_to_string("cxgov/digest/email.txt", context).strip() + "\n",
        html=render_to_string("cxgov/digest/email.html", context),
    )


# -- Sending -----------------------------------------------------------------------------------


def digest_recipients() -> Any:
    """Every active account, with what `digests_send` reads of each in the same queries: the
    roles (prefetched groups) and the chosen frequency."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("digest_preference")
        .prefetch_related("groups")
        .order_by("pk")
    )


def digests_send(*, on: dt.date | None = None) -> dict[str, int]:
    """The daily run: each person whose digest for this period (their frequency's month or
    week) has not gone out gets it now, once: the occasion names the person and the period,
    and the log's unique row keeps a second run, a second worker or a retried task from
    sending it again. A person who turned it off, who holds no role, or whose digest has
    nothing to say is passed over (the last is asked again on the next run, in case something
    comes up in the period); a person with no e-mail address is skipped with a line in the
    log. Returns the counts of each."""
    on = on or today()
    periods = {frequency: digest_period(frequency, on) for frequency in DigestFrequency.values}
    counts = dict.fromkeys(("sent", "already_sent", "quiet", "off", "no_role", "no_email"), 0)
    people = list(digest_recipients())
    for start in range(0, len(people), DIGEST_BATCH):
        _digests_send_batch(people[start : start + DIGEST_BATCH], periods, counts)
    return counts


def _digests_send_batch(
    people: list[Any], periods: dict[str, DigestPeriod], counts: dict[str, int]
) -> None:
    prime_roles(people)
    due: dict[str, list[Any]] = {}
    for person in people:
        frequency = digest_frequency(person)
        if frequency == DigestFrequency.OFF:
            counts["off"] += 1
        elif not user_roles(person):
            counts["no_role"] += 1
        elif not person.email:
            counts["no_email"] += 1
            logger.info(
                "digest: %s (user %s) has no e-mail address; skipped", person.username, person.pk
            )
        else:
            due.setdefault(frequency, []).append(person)
    with transaction.atomic():
        # The batch's people locked (their rows, nothing else), so a second run at the same
        # moment waits here and then finds the digests logged, instead of counting them too.
        ids = [person.pk for frequency in due for person in due[frequency]]
        list(get_user_model().objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        keys = {
            person.pk: occasion_key(digest_occasion(user=person, period=periods[frequency]))
            for frequency in due
            for person in due[frequency]
        }
        logged = set(
            Notification.objects.filter(
                kind=DIGEST, recipient__in=ids, occasion_key__in=keys.values()
            ).values_list("recipient_id", "occasion_key")
        )
        notices = []
        for frequency, group in due.items():
            period = periods[frequency]
            waiting = [p for p in group if (p.pk, keys[p.pk]) not in logged]
            counts["already_sent"] += len(group) - len(waiting)
            found = digests(users=waiting, since=period.since)
            for person in waiting:
                if not found[person.pk]:
                    counts["quiet"] += 1
                    continue
                rendered = digest_render(user=person, period=period, sections=found[person.pk])
                notices.append(
                    Notification(
                        recipient=person,
                        kind=DIGEST,
                        occasion=digest_occasion(user=person, period=period),
                        subject=rendered.subject,
                        body=rendered.text,
                        html_body=rendered.html,
                        link=reverse("digest"),
                    )
                )
        sent = notifications_log(notices)
        counts["sent"] += len(sent)
        if sent:
            outbox.enqueue(EMAIL_BATCH_TASK, sent)


# -- The person's choice -----------------------------------------------------------------------


@transaction.atomic
def digest_preference_set(*, user: Any, frequency: str) -> DigestPreference:
    """Set how often `user` gets their digest: monthly, weekly or off. Anything else is refused
    on the `frequency` field, and nothing is written."""
    if frequency not in DigestFrequency.values:
        choices = ", ".join(DigestFrequency.values)
        raise ValidationError(
            {"frequency": f"The frequency must be one of {choices}, not {frequency!r}."}
        )
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    return preference


# Each person with a role sets their own (the page never names another); without a role
# there is no digest to set.
can_set_digest_preference = Rule(
    "Your account has no cxgov role yet, so there is no digest for you; ask an administrator.",
    lambda user, obj: True,
    name="cxgov.set_digest_preference",
)
