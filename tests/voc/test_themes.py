"""Comment themes and sentiment: hand-built comments, the mentions each theme's words give, the
monthly rollups counted by hand, and the three doors (import, a theme's job, the backfill)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from cxgov.models import OutboxMessage
from voc import services
from voc.models import CommentRollup, Response, Theme, ThemeMention, ThemeRollup

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


def respond(score: int, comment: str, *, code: str = "nps", when=MARCH, touchpoint=None):
    return Response.objects.create(
        metric=metric(code), score=score, responded_at=when, comment=comment,
        touchpoint=touchpoint, external_id=f"{code}-{Response.objects.count() + 1}",
    )  # fmt: skip


def theme(name: str, *keywords: str) -> Theme:
    return Theme.objects.create(name=name, keywords=list(keywords), languages=["en"])


@pytest.fixture
def app():
    return TouchpointFactory(code="app", name="Mobile app")


@pytest.fixture
def comments(app):
    """Eight NPS responses in March 2026; detractors score 0-6."""
    return {
        "cannot": respond(2, "Could not log in to the app for two days.", touchpoint=app),
        "failed": respond(3, "LOGIN failed again; the password reset never came"),
        "easy": respond(9, "Easy login and quick transfers.", touchpoint=app),
        "blogin": respond(10, "Blogin is not a word, and the backlog in my inbox is mine."),
        "queues": respond(5, "The queues at the branch were endless."),
        "blank": respond(8, ""),
        "friendly": respond(6, "Staff were friendly."),
        "queued": respond(1, "Queued for forty minutes"),
    }


def mentioned(t: Theme) -> set[int]:
    return set(ThemeMention.objects.filter(theme=t).values_list("response_id", flat=True))


def test_keywords_match_whole_words_any_case_and_star_endings(comments):
    login = theme("App login", "log in", "login", "password")
    queues = theme("Branch queues", "queue*")
    services.comments_backfill()
    # "Blogin" and "backlog in" contain the words but not as whole words.
    assert mentioned(login) == {comments[k].pk for k in ("cannot", "failed", "easy")}
    assert mentioned(queues) == {comments[k].pk for k in ("queues", "queued")}


def test_monthly_rollups_count_comments_detractors_and_mentions(comments, app):
    login = theme("App login", "log in", "login", "password")
    services.comments_backfill()
    nps = metric("nps")
    march = dt.date(2026, 3, 1)
    overall = CommentRollup.objects.get(metric=nps, period_start=march, dimension_kind="overall")
    # Seven responses have a comment (not "blank"); of them, scores 2, 3, 5, 6, 1 detract.
    assert (overall.comments, overall.detractor_comments) == (7, 5)
    on_app = CommentRollup.objects.get(metric=nps, dimension_kind="touchpoint", dimension_id=app.pk)
    assert (on_app.comments, on_app.detractor_comments) == (2, 1)
    row = ThemeRollup.objects.get(theme=login, metric=nps, dimension_kind="overall")
    # cannot (2), failed (3) and easy (9): three mentions, two from detractors.
    assert (row.period_start, row.mentions, row.detractor_mentions) == (march, 3, 2)
    row = ThemeRollup.objects.get(theme=login, dimension_kind="touchpoint", dimension_id=app.pk)
    assert (row.mentions, row.detractor_mentions) == (2, 1)


def test_months_are_the_metrics_own_and_detractors_follow_each_metric(db):
    # 23:30 UTC on 31 March is 1 April in Paris; CSAT's dissatisfied are outside 4-5 and
    # CES's high effort is below the middle of 1-7 (7 is easiest).
    csat = metric("csat")
    csat.reporting_time_zone = "Europe/Paris"
    csat.save()
    late = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)
    respond(3, "Rude on the phone", code="csat", when=late)
    respond(4, "Phone fine", code="csat", when=late)
    respond(3, "Phone menu was long", code="ces")
    respond(4, "Phone ok", code="ces")
    phone = theme("Phone", "phone")
    services.comments_backfill()
    row = ThemeRollup.objects.get(theme=phone, metric=csat, dimension_kind="overall")
    assert (row.period_start, row.mentions, row.detractor_mentions) == (dt.date(2026, 4, 1), 2, 1)
    row = ThemeRollup.objects.get(theme=phone, metric=metric("ces"), dimension_kind="overall")
    assert (row.period_start, row.mentions, row.detractor_mentions) == (dt.date(2026, 3, 1), 2, 1)


def test_an_import_counts_each_metrics_month_and_detractors_as_a_rebuild_does(
    core_team_user, settings, tmp_path
):
    """The import's own counts, with metrics in three reporting zones: each row in its
    metric's month (23:30 UTC on 31 March is April in Paris, still March in New York) and
    detractors by each metric's rule; the same rows a rebuild from every response gives."""
    settings.MEDIA_ROOT = tmp_path
    for code, zone in (("csat", "Europe/Paris"), ("nps", "America/New_York")):
        m = metric(code)
        m.reporting_time_zone = zone
        m.save()
    phone = theme("Phone", "phone")
    file = (
        b"metric,score,responded_at,external_id,comment\n"
        b"csat,3,2026-03-31T23:30:00Z,c1,Rude on the phone\n"
        b"csat,4,2026-03-31T23:30:00Z,c2,Phone fine\n"
        b"ces,3,2026-03-31T23:30:00Z,e1,Phone menu was long\n"
        b"nps,6,2026-04-01T03:30:00Z,n1,The phone line\n"
        b"nps,9,2026-04-01T05:30:00Z,n2,Phone was quick\n"
    )
    job = services.import_job_create(
        by=core_team_user, file=io.BytesIO(file), original_name="s.csv", background=False
    )
    assert job.inserted_rows == 5

    def counts():
        return (
            sorted(CommentRollup.objects.values_list(
                "metric__code", "period_start", "dimension_kind", "comments",
                "detractor_comments", "negative", "neutral", "positive")),
            sorted(ThemeRollup.objects.filter(theme=phone).values_list(
                "metric__code", "period_start", "mentions", "detractor_mentions")),
        )  # fmt: skip

    imported = counts()
    assert imported[1] == [
        ("ces", dt.date(2026, 3, 1), 1, 1),
        ("csat", dt.date(2026, 4, 1), 2, 1),
        ("nps", dt.date(2026, 3, 1), 1, 1),  # 23:30 on 31 March in New York
        ("nps", dt.date(2026, 4, 1), 1, 0),
    ]
    services.comments_backfill()
    assert counts() == imported


def test_sentiment_is_stored_beside_the_score_never_instead(db):
    happy = respond(2, "I love this bank, the staff are great and so helpful!")
    angry = respond(9, "Terrible service, rude staff and an awful wait.")
    flat = respond(5, "I opened an account on Tuesday.")
    assert services.sentiment_analyse() == 3
    for response in (happy, angry, flat):
        response.refresh_from_db()
    # Read by a person: the words lean the way the labels say, whatever the score.
    assert happy.sentiment == "positive" and happy.sentiment_score >= 0.05 and happy.score == 2
    assert angry.sentiment == "negative" and angry.sentiment_score <= -0.05 and angry.score == 9
    assert flat.sentiment == "neutral" and abs(flat.sentiment_score) < 0.05
    assert services.sentiment_analyse() == 0  # scored once


def test_sentiment_counts_reach_the_comment_rollup(db):
    respond(2, "Terrible service, rude staff and an awful wait.")
    respond(9, "I love this bank, the staff are great and so helpful!")
    respond(7, "I opened an account on Tuesday.")
    services.comments_backfill()
    row = CommentRollup.objects.get(metric=metric("nps"), dimension_kind="overall")
    assert (row.negative, row.neutral, row.positive) == (1, 1, 1)


def test_an_import_tags_and_scores_what_it_adds(core_team_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login = theme("App login", "login", "log in")
    old = respond(2, "Old login trouble")  # before the import: the backfill's, not the import's
    file = (
        b"metric,score,responded_at,external_id,comment\n"
        b"nps,1,2026-11-02T10:00:00Z,a,The login keeps failing and it is awful\n"
        b"nps,10,2026-11-02T11:00:00Z,b,Great app\n"
        b"nps,9,2026-11-03T11:00:00Z,c,\n"
    )
    job = services.import_job_create(
        by=core_team_user, file=io.BytesIO(file), original_name="s.csv", background=False
    )
    assert job.status == "succeeded" and job.inserted_rows == 3
    a = Response.objects.get(external_id="a")
    assert mentioned(login) == {a.pk}
    assert a.sentiment == "negative"
    assert Response.objects.get(external_id="b").sentiment == "positive"
    old.refresh_from_db()
    assert old.sentiment == "" and old.sentiment_score is None
    row = ThemeRollup.objects.get(theme=login, dimension_kind="overall")
    assert (row.period_start, row.mentions, row.detractor_mentions) == (dt.date(2026, 11, 1), 1, 1)
    november = CommentRollup.objects.get(dimension_kind="overall", period_start="2026-11-01")
    assert (november.comments, november.detractor_comments) == (2, 1)


def test_an_import_adds_to_the_months_it_shares_with_stored_comments(
    comments, app, core_team_user, settings, tmp_path
):
    """An import adds its own comments and mentions to the month rows already there (it
    reads only the rows it added), and the sums are those a rebuild from every response
    gives."""
    settings.MEDIA_ROOT = tmp_path
    login = theme("App login", "log in", "login", "password")
    services.comments_backfill()  # March: 7 comments, 5 detractors'; login 3, 2 detractors'
    file = (
        b"metric,score,responded_at,external_id,touchpoint,comment\n"
        b"nps,4,2026-03-20T10:00:00Z,m1,app,Login failed at the branch too\n"
        b"nps,10,2026-03-21T10:00:00Z,m2,app,Fine\n"
        b"nps,0,2026-03-22T10:00:00Z,m3,,   \n"
        b"nps,9,2026-04-01T10:00:00Z,m4,,Log  in was quick\n"
    )
    job = services.import_job_create(
        by=core_team_user, file=io.BytesIO(file), original_name="s.csv", background=False
    )
    assert job.inserted_rows == 4
    nps, march, april = metric("nps"), dt.date(2026, 3, 1), dt.date(2026, 4, 1)

    def counts():
        comment_rows = {
            (r.period_start, r.dimension_kind, r.dimension_id): (r.comments, r.detractor_comments)
            for r in CommentRollup.objects.filter(metric=nps)
        }
        theme_rows = {
            (r.period_start, r.dimension_kind, r.dimension_id): (r.mentions, r.detractor_mentions)
            for r in ThemeRollup.objects.filter(theme=login)
        }
        return comment_rows, theme_rows

    comment_rows, theme_rows = counts()
    # March gains m1 (4: a detractor) and m2; m3's comment is blank. April is m4's alone.
    assert comment_rows[march, "overall", 0] == (7 + 2, 5 + 1)
    assert comment_rows[march, "touchpoint", app.pk] == (2 + 2, 1 + 1)
    assert comment_rows[april, "overall", 0] == (1, 0)
    assert theme_rows[march, "overall", 0] == (3 + 1, 2 + 1)
    assert theme_rows[march, "touchpoint", app.pk] == (2 + 1, 1 + 1)
    assert theme_rows[april, "overall", 0] == (1, 0)
    services.comments_backfill()  # rebuilt from every response: the same rows
    assert counts() == (comment_rows, theme_rows)


def test_an_import_that_skips_ids_tags_and_counts_only_what_it_added(
    core_team_user, settings, tmp_path
):
    """A file repeating a stored row: the insert skips it but spends its id, so the new ids
    have a gap and are not provably the import's alone; the analysis then reads every
    response after the watermark (ON CONFLICT for mentions already there). Either way the
    mentions and rollups are those a rebuild from every response gives."""
    settings.MEDIA_ROOT = tmp_path
    login = theme("App login", "login", "log in")
    header = b"metric,score,responded_at,external_id,comment\n"
    first = (
        header + b"nps,1,2026-11-02T10:00:00Z,a,Login failed\nnps,9,2026-11-02T11:00:00Z,b,Fine\n"
    )
    again = header + (
        b"nps,1,2026-11-02T10:00:00Z,a,Login failed\n"  # stored: skipped
        b"nps,2,2026-11-04T10:00:00Z,c,Could not log in\n"
        b"nps,10,2026-12-01T10:00:00Z,d,Easy login\n"
    )
    for file in (first, again):
        job = services.import_job_create(
            by=core_team_user, file=io.BytesIO(file), original_name="s.csv", background=False
        )
        assert job.status == "succeeded"
    assert job.inserted_rows == 2 and job.skipped_rows == 1
    ids = {r.external_id: r.pk for r in Response.objects.all()}
    if connection.vendor == "postgresql":  # the skipped row spent an id (COPY's INSERT)
        assert ids["c"] == ids["b"] + 2
    assert mentioned(login) == {ids["a"], ids["c"], ids["d"]}

    def counts():
        return (
            sorted(CommentRollup.objects.values_list(
                "period_start", "dimension_kind", "comments", "detractor_comments")),
            sorted(ThemeRollup.objects.values_list(
                "period_start", "dimension_kind", "mentions", "detractor_mentions")),
        )  # fmt: skip

    imported = counts()
    assert imported[1] == [
        (dt.date(2026, 11, 1), "overall", 2, 2),
        (dt.date(2026, 12, 1), "overall", 1, 0),
    ]
    services.comments_backfill()
    assert counts() == imported


def test_the_analysis_of_rows_not_the_imports_own_alone_adds_no_mention_twice(db):
    """Responses after the watermark that another import added and tagged (it committed in
    between): the count does not match what this import added, so the analysis keeps ON
    CONFLICT and adds only the missing mentions."""
    login = theme("App login", "login")
    other = respond(2, "Login failed")
    services.comments_backfill()  # the other import's own analysis
    own = respond(3, "Login again")
    outcome = services.comments_analyse(
        after_id=other.pk - 1, touched={other.metric_id: set()}, added=1
    )
    assert outcome["mentions"] == 1
    assert mentioned(login) == {other.pk, own.pk}


def test_keywords_beyond_ascii_match_any_case_as_whole_words(db):
    disappointed = theme("Disappointed", "déçu", "enttäuscht")
    hit = respond(2, "Très DÉÇU du service")
    also = respond(3, "Ich bin Enttäuscht.")
    respond(4, "Les clients déçus")  # not the whole word
    services.comments_backfill()
    assert mentioned(disappointed) == {hit.pk, also.pk}


def test_a_large_import_leaves_sentiment_to_its_task_which_scores_once(
    core_team_user, settings, tmp_path, monkeypatch, client
):
    """Above SENTIMENT_INLINE_MAX responses (lowered to 2 here) the import tags its comments
    but leaves their sentiment empty, "pending" on the pages; the job it queued through the
    outbox scores each exactly once, however often it runs, and the rollups then count it."""
    from cxgov.celery import app
    from voc.services import themes as theme_services

    monkeypatch.setattr(theme_services, "SENTIMENT_INLINE_MAX", 2)
    settings.MEDIA_ROOT = tmp_path
    login = theme("App login", "login", "log in")
    file = (
        b"metric,score,responded_at,external_id,comment\n"
        b"nps,1,2026-11-02T10:00:00Z,a,The login keeps failing and it is awful\n"
        b"nps,10,2026-11-02T11:00:00Z,b,Great app\n"
        b"nps,9,2026-11-03T11:00:00Z,c,\n"
    )
    job = services.import_job_create(
        by=core_team_user, file=io.BytesIO(file), original_name="s.csv", background=False
    )
    assert job.status == "succeeded" and job.inserted_rows == 3
    a, b = Response.objects.get(external_id="a"), Response.objects.get(external_id="b")
    assert mentioned(login) == {a.pk}  # themes: tagged inside the import, as ever
    assert Response.objects.filter(sentiment_score__isnull=False).count() == 0
    november = CommentRollup.objects.get(dimension_kind="overall", period_start="2026-11-01")
    assert (november.comments, november.negative, november.neutral, november.positive) == (
        2, 0, 0, 0,
    )  # fmt: skip
    [message] = OutboxMessage.objects.filter(task=services.COMMENTS_SENTIMENT)
    # The ids after the import's watermark: exactly the three it added.
    assert Response.objects.filter(pk__gt=message.args[0]).count() == 3
    client.force_login(core_team_user)
    page = client.get(login.get_absolute_url()).content.decode()
    assert "Sentiment pending" in page

    task = app.tasks[services.COMMENTS_SENTIMENT]
    assert task(*message.args) == {"scored": 2, "rollup_rows": 2}  # overall rows: comments, login
    a.refresh_from_db()
    b.refresh_from_db()
    first = (a.sentiment, a.sentiment_score, b.sentiment, b.sentiment_score)
    assert first[0] == "negative" and first[2] == "positive"
    assert task(*message.args) == {"scored": 0, "rollup_rows": 0}  # run twice: nothing more
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.sentiment, a.sentiment_score, b.sentiment, b.sentiment_score) == first
    november = CommentRollup.objects.get(dimension_kind="overall", period_start="2026-11-01")
    assert (november.negative, november.neutral, november.positive) == (1, 0, 1)
    assert "Sentiment pending" not in client.get(login.get_absolute_url()).content.decode()


def test_a_small_import_scores_inline_and_queues_nothing(core_team_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    file = b"metric,score,responded_at,external_id,comment\nnps,10,2026-11-02T11:00:00Z,b,Great\n"
    services.import_job_create(
        by=core_team_user, file=io.BytesIO(file), original_name="s.csv", background=False
    )
    assert Response.objects.get().sentiment == "positive"
    assert not OutboxMessage.objects.filter(task=services.COMMENTS_SENTIMENT).exists()


def test_changing_a_themes_words_retags_every_comment(comments, core_team_user):
    login = services.theme_create(
        by=core_team_user, data={"name": "App login", "keywords": ["login", "log in"],
                                 "languages": ["en"]},
    )  # fmt: skip
    assert OutboxMessage.objects.filter(task=services.THEME_APPLY, args=[login.pk]).exists()
    services.theme_apply(theme_id=login.pk)
    assert mentioned(login) == {comments[k].pk for k in ("cannot", "failed", "easy")}
    login = services.theme_update(theme=login, by=core_team_user, data={"keywords": ["password"]})
    outcome = services.theme_apply(theme_id=login.pk)
    assert mentioned(login) == {comments["failed"].pk}
    assert (outcome["removed"], outcome["mentions"]) == (2, 0)
    row = ThemeRollup.objects.get(theme=login, dimension_kind="overall")
    assert (row.mentions, row.detractor_mentions) == (1, 1)
    services.theme_update(theme=login, by=core_team_user, data={"is_active": False})
    services.theme_apply(theme_id=login.pk)
    assert not ThemeMention.objects.exists() and not ThemeRollup.objects.exists()


def test_the_backfill_twice_changes_nothing_the_second_time(comments):
    login = theme("App login", "log in", "login")
    first = services.comments_backfill()
    assert first["mentions"] == 3 and first["scored"] == 7
    rows = (
        ThemeMention.objects.count(),
        ThemeRollup.objects.count(),
        CommentRollup.objects.count(),
    )
    second = services.comments_backfill()
    assert (second["mentions"], second["removed"], second["scored"]) == (0, 0, 0)
    assert rows == (ThemeMention.objects.count(), ThemeRollup.objects.count(),
                    CommentRollup.objects.count())  # fmt: skip
    assert mentioned(login)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Login", "keywords": ["(login"], "languages": ["en"]}, "keywords"),
        ({"name": "Login", "keywords": [], "languages": ["en"]}, "keywords"),
        ({"name": "Login", "keywords": ["login*x"], "languages": ["en"]}, "keywords"),
        ({"name": "Login", "keywords": ["login"], "languages": ["xx"]}, "languages"),
        ({"name": "", "keywords": ["login"], "languages": ["en"]}, "name"),
    ],
)
def test_a_bad_theme_is_refused_naming_the_field_and_nothing_is_written(
    core_team_user, data, field
):
    with pytest.raises(ValidationError) as refusal:
        services.theme_create(by=core_team_user, data=data)
    assert field in refusal.value.message_dict
    assert not Theme.objects.exists() and not OutboxMessage.objects.exists()


def test_a_second_theme_of_the_same_name_is_refused(core_team_user):
    data = {"name": "Login", "keywords": ["login"], "languages": ["en"]}
    services.theme_create(by=core_team_user, data=data)
    with pytest.raises(ValidationError) as refusal:
        services.theme_create(by=core_team_user, data=data)
    assert "name" in refusal.value.message_dict and Theme.objects.count() == 1


def test_keywords_are_kept_lower_case_once_each(core_team_user):
    saved = services.theme_create(
        by=core_team_user,
        data={"name": "Login", "keywords": ["Log  In", "log in", "LOGIN"], "languages": ["en"]},
    )
    assert saved.keywords == ["log in", "login"]


@pytest.mark.parametrize("who", ["viewer_user", "wg_member_user", "steering_user"])
def test_only_the_core_team_and_admins_curate_themes(request, who):
    with pytest.raises(PermissionDenied):
        services.theme_create(
            by=request.getfixturevalue(who),
            data={"name": "Login", "keywords": ["login"], "languages": ["en"]},
        )
    assert not Theme.objects.exists()
