"""Suggested themes: topics in the comments that no theme matches, found by TF-IDF and NMF
(scikit-learn), each with its top terms and the comments that show it best. The core team
accepts one (it becomes a theme, its words the top terms unless changed), renames it or
dismisses it. A run replaces the open suggestions; a topic like one already dismissed is not
suggested again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from cxgov import outbox

from ..errors import VocError
from ..models import Response, SuggestedTheme, SuggestionStatus, Theme
from ..permissions import can_manage_themes
from .themes import theme_create

SUGGEST_TOPICS = 6
SUGGEST_SAMPLE = 20_000  # the most recent unmatched comments read per run
SUGGEST_MIN_COMMENTS = 12
TOP_TERMS = 8
EXAMPLES = 3
KEYWORDS_FROM_TERMS = 5
# Share of top terms two topics have in common for one to count as the other.
SAME_TOPIC = 0.6
THEMES_SUGGEST = "voc.themes_suggest"


def unmatched_comments(*, limit: int = SUGGEST_SAMPLE) -> list[tuple[int, str]]:
    """The latest comments that no active theme matches: (response id, comment)."""
    return list(
        Response.objects.exclude(comment="")
        .exclude(theme_mentions__theme__is_active=True)
        .order_by("-pk")
        .values_list("pk", "comment")[:limit]
    )


def _overlap(a: list[str], b: list[str]) -> float:
    top_a, top_b = set(a[:5]), set(b[:5])
    return len(top_a & top_b) / max(1, min(len(top_a), len(top_b)))


def themes_suggest(*, topics: int = SUGGEST_TOPICS, sample: int = SUGGEST_SAMPLE) -> int:
    """Find topics among the unmatched comments and replace the open suggestions with them.
    Deterministic (a fixed seed): the same comments give the same suggestions. Returns how
    many are open now."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    comments = unmatched_comments(limit=sample)
    found: list[dict[str, Any]] = []
    if len(comments) >= SUGGEST_MIN_COMMENTS:
        ids = [pk for pk, _ in comments]
        vectorizer = TfidfVectorizer(
            stop_words="english", ngram_range=(1, 2), min_df=2, max_df=0.5, sublinear_tf=True,
            token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b",
        )  # fmt: skip
        try:
            matrix = vectorizer.fit_transform(text for _, text in comments)
        except ValueError:  # no term left after the stop words and min_df
            matrix = None
        if matrix is not None and matrix.shape[1] >= topics:
            model = NMF(n_components=topics, init="nndsvd", random_state=0, max_iter=400)
            weights = model.fit_transform(matrix)
            vocabulary = vectorizer.get_feature_names_out()
            best = weights.argmax(axis=1)
            for k, component in enumerate(model.components_):
                if component.max() <= 0:
                    continue
                terms = [str(vocabulary[i]) for i in component.argsort()[::-1][:TOP_TERMS]]
                members = [i for i in range(len(ids)) if best[i] == k and weights[i, k] > 0]
                if len(members) < 2:
                    continue
                members.sort(key=lambda i: -weights[i, k])
                examples = _distinct_examples(members, comments, EXAMPLES)
                found.append({"terms": terms, "examples": examples, "comment_count": len(members)})
    with transaction.atomic():
        SuggestedTheme.objects.filter(status=SuggestionStatus.OPEN).delete()
        decided = list(
            SuggestedTheme.objects.exclude(status=SuggestionStatus.OPEN).values_list(
                "terms", flat=True
            )
        )
        fresh = [
            SuggestedTheme(label=_label(topic["terms"]), **topic)
            for topic in found
            if not any(_overlap(topic["terms"], terms) >= SAME_TOPIC for terms in decided)
        ]
        SuggestedTheme.objects.bulk_create(fresh)
    return len(fresh)


def _distinct_terms(ranked: list[str], count: int) -> list[str]:
    """The first `count` of a topic's terms, best first, without the ones that repeat a
    term before them to a reader: a word of a phrase already taken ("away" after "straight
    away"), or a phrase made of words already taken ("great service" after "great" and
    "service"). For its name only: as keywords the words keep what the phrase would miss."""
    terms: list[str] = []
    words: set[str] = set()
    for term in ranked:
        parts = term.split()
        if all(part in words for part in parts):
            continue
        terms.append(term)
        words.update(parts)
        if len(terms) == count:
            break
    return terms


def _distinct_examples(
    members: list[int], comments: list[tuple[int, str]], count: int
) -> list[int]:
    """The ids of the first `count` members (best first) whose comments differ once trimmed
    and lower-cased: three copies of one short comment show the topic once."""
    seen: set[str] = set()
    examples: list[int] = []
    for i in members:
        pk, text = comments[i]
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            examples.append(pk)
            if len(examples) == count:
                break
    return examples


def themes_suggest_queue() -> None:
    """Queue a run (the core team's "find suggestions"): it reads many comments, so a worker
    does it once this commits."""
    outbox.enqueue(THEMES_SUGGEST)


def _label(terms: list[str]) -> str:
    """A first name for the topic: its three best terms that do not repeat each other."""
    return ", ".join(_distinct_terms(terms, 3)).capitalize()[:80]


def _open(suggestion: SuggestedTheme) -> SuggestedTheme:
    current = SuggestedTheme.objects.select_for_update().get(pk=suggestion.pk)
    if current.status != SuggestionStatus.OPEN:
        raise VocError(
            f"This suggestion was already {current.get_status_display().lower()}.",
            field="status",
        )
    return current


@transaction.atomic
def suggestion_accept(
    *, suggestion: SuggestedTheme, by: Any, name: str = "", keywords: list[str] | None = None
) -> Theme:
    """Make the suggestion a theme: named `name` (else its label), with `keywords` (else its
    top terms); the theme's own rules apply, and its job tags every comment."""
    can_manage_themes.enforce(by)
    current = _open(suggestion)
    theme = theme_create(
        by=by,
        data={
            "name": (name or current.label).strip(),
            "keywords": keywords or current.terms[:KEYWORDS_FROM_TERMS],
            "languages": ["en"],
        },
    )
    current.status, current.theme = SuggestionStatus.ACCEPTED, theme
    current.decided_by, current.decided_at = by, timezone.now()
    current.save(update_fields=["status", "theme", "decided_by", "decided_at"])
    return theme


@transaction.atomic
def suggestion_rename(*, suggestion: SuggestedTheme, by: Any, label: str) -> SuggestedTheme:
    """Give an open suggestion a clearer name before deciding."""
    can_manage_themes.enforce(by)
    current = _open(suggestion)
    label = (label or "").strip()
    if not label:
        raise VocError("Give the suggestion a name.", field="label")
    current.label = label
    current.full_clean(validate_unique=False, validate_constraints=False)
    current.save(update_fields=["label"])
    return current


@transaction.atomic
def suggestion_dismiss(*, suggestion: SuggestedTheme, by: Any) -> SuggestedTheme:
    """Not a theme: kept as dismissed, so the same topic is not suggested again."""
    can_manage_themes.enforce(by)
    current = _open(suggestion)
    current.status = SuggestionStatus.DISMISSED
    current.decided_by, current.decided_at = by, timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    return current
