"""Suggested themes: topics found (TF-IDF and NMF) in the comments no theme matches, each with
its top terms and example comments; accepted (a theme), renamed or dismissed by the core team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from voc import services
from voc.errors import VocError
from voc.models import Response, SuggestedTheme, Theme, ThemeMention
from voc.services import suggestions

from .factories import metric

pytestmark = pytest.mark.django_db

TOPICS = {
    "fees": ["Charged an overdraft fee without warning", "The overdraft fee is far too high",
             "Another overdraft fee this month", "Unfair overdraft fee again",
             "Why an overdraft fee for one day", "Overdraft fee charged twice"],
    "card": ["My replacement card never arrived", "Replacement card took three weeks to arrive",
             "Still waiting for the replacement card", "The replacement card arrived damaged",
             "Replacement card was sent to my old address", "No replacement card after a month"],
    "valuation": ["The mortgage valuation was delayed again", "Mortgage valuation took weeks",
                  "Nobody booked the mortgage valuation", "Mortgage valuation came in low",
                  "The mortgage valuation surveyor never came", "Chasing the mortgage valuation"],
}  # fmt: skip


def respond(score: int, comment: str) -> Response:
    return Response.objects.create(
        metric=metric("nps"), score=score, comment=comment,
        responded_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        external_id=f"s-{Response.objects.count() + 1}",
    )  # fmt: skip


@pytest.fixture
def comments():
    made = {topic: [respond(i % 6, text) for i, text in enumerate(texts)]
            for topic, texts in TOPICS.items()}  # fmt: skip
    made["login"] = [respond(2, f"Cannot login to the app, attempt {i}") for i in range(6)]
    Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    services.comments_backfill()
    return made


def topic_of(suggestion: SuggestedTheme, comments) -> str:
    """The hand-written topic every example comment belongs to (one, or the test fails)."""
    owners = {t for t, rows in comments.items() for r in rows if r.pk in suggestion.examples}
    assert len(owners) == 1, (suggestion.terms, owners)
    return owners.pop()


def test_each_topic_of_the_unmatched_comments_is_suggested_with_its_words(comments):
    assert services.themes_suggest(topics=3) == 3
    found = {topic_of(s, comments): s for s in SuggestedTheme.objects.all()}
    assert set(found) == {"fees", "card", "valuation"}  # never the login comments: matched
    assert {"overdraft", "fee"} <= set(" ".join(found["fees"].terms).split())
    assert "replacement card" in found["card"].terms
    assert {"mortgage", "valuation"} <= set(" ".join(found["valuation"].terms).split())
    assert all(s.comment_count == 6 and len(s.examples) == 3 for s in found.values())


def test_a_second_run_gives_the_same_suggestions(comments):
    services.themes_suggest(topics=3)
    first = sorted((s.label, tuple(s.terms)) for s in SuggestedTheme.objects.all())
    services.themes_suggest(topics=3)
    assert sorted((s.label, tuple(s.terms)) for s in SuggestedTheme.objects.all()) == first


def test_too_few_unmatched_comments_suggest_nothing(db):
    for _ in range(11):
        respond(1, "Overdraft fee again")
    assert services.themes_suggest(topics=3) == 0


def test_accepting_makes_a_theme_of_the_top_terms_that_tags_its_comments(comments, core_team_user):
    services.themes_suggest(topics=3)
    fees = next(s for s in SuggestedTheme.objects.all() if topic_of(s, comments) == "fees")
    theme = services.suggestion_accept(suggestion=fees, by=core_team_user, name="Overdraft fees")
    assert theme.name == "Overdraft fees" and theme.keywords == fees.terms[:5]
    fees.refresh_from_db()
    assert fees.status == "accepted" and fees.theme == theme
    services.theme_apply(theme_id=theme.pk)
    tagged = set(ThemeMention.objects.filter(theme=theme).values_list("response_id", flat=True))
    assert {r.pk for r in comments["fees"]} <= tagged
    with pytest.raises(VocError, match="already accepted"):
        services.suggestion_accept(suggestion=fees, by=core_team_user)
    # Its comments match a theme now: the next run does not find the topic again.
    services.themes_suggest(topics=2)
    assert all(
        topic_of(s, comments) != "fees" for s in SuggestedTheme.objects.filter(status="open")
    )


def test_a_dismissed_topic_is_not_suggested_again(comments, core_team_user):
    services.themes_suggest(topics=3)
    card = next(s for s in SuggestedTheme.objects.all() if topic_of(s, comments) == "card")
    services.suggestion_dismiss(suggestion=card, by=core_team_user)
    services.themes_suggest(topics=3)
    open_topics = {topic_of(s, comments) for s in SuggestedTheme.objects.filter(status="open")}
    assert (
        "card" not in open_topics and SuggestedTheme.objects.filter(status="dismissed").count() == 1
    )


def test_renaming_checks_the_name_and_accepting_a_taken_name_is_refused(comments, core_team_user):
    services.themes_suggest(topics=3)
    suggestion = SuggestedTheme.objects.first()
    with pytest.raises(VocError) as refusal:
        services.suggestion_rename(suggestion=suggestion, by=core_team_user, label="  ")
    assert refusal.value.field == "label"
    services.suggestion_rename(suggestion=suggestion, by=core_team_user, label="Card delays")
    suggestion.refresh_from_db()
    assert suggestion.label == "Card delays"
    with pytest.raises(Exception) as taken:
        services.suggestion_accept(suggestion=suggestion, by=core_team_user, name="App login")
    assert "name" in taken.value.message_dict
    suggestion.refresh_from_db()
    assert suggestion.status == "open" and Theme.objects.count() == 1


@pytest.mark.parametrize("who", ["viewer_user", "wg_member_user"])
def test_only_the_core_team_decides(request, comments, who):
    services.themes_suggest(topics=3)
    suggestion = SuggestedTheme.objects.first()
    with pytest.raises(PermissionDenied):
        services.suggestion_accept(suggestion=suggestion, by=request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        services.suggestion_dismiss(suggestion=suggestion, by=request.getfixturevalue(who))
    assert Theme.objects.count() == 1 and SuggestedTheme.objects.filter(status="open").count() == 3


def test_a_suggestions_name_leaves_out_the_words_of_a_phrase_before_them():
    # Hand-ranked, best first, as NMF gives them for "The agent listened and fixed it straight
    # away": a word of a phrase already named reads twice ("away"), and so does a phrase of
    # words already named ("listened fixed").
    ranked = ["straight away", "straight", "away", "listened", "fixed", "listened fixed",
              "agent", "agent listened", "fixed straight", "quick"]  # fmt: skip
    assert suggestions._label(ranked) == "Straight away, listened, fixed"
    assert suggestions._distinct_terms(ranked, 99) == [
        "straight away",
        "listened",
        "fixed",
        "agent",
        "quick",
    ]  # fmt: skip  ("fixed straight": "fixed" and "straight away" hold both its words)
    assert suggestions._label(["minutes", "service", "great", "great service"]) == (
        "Minutes, service, great"
    )


def test_a_suggestions_examples_are_different_comments(db):
    # One short comment written by many customers, and a few variations: the three examples
    # show three different texts, not the same one three times.
    for _ in range(8):
        respond(3, "Great service, in and out in five minutes.")
    respond(4, "  great SERVICE, in and out in five minutes.  ")
    respond(5, "Great service at the branch, five minutes in and out")
    respond(6, "In and out in five minutes, great service from the cashier")
    for topic in TOPICS.values():
        for text in topic:
            respond(5, text)
    services.themes_suggest(topics=4)
    service = next(s for s in SuggestedTheme.objects.all() if "service" in " ".join(s.terms))
    texts = list(Response.objects.filter(pk__in=service.examples).values_list("comment", flat=True))
    assert len(service.examples) == 3
    assert len({" ".join(t.lower().split()) for t in texts}) == 3, texts
