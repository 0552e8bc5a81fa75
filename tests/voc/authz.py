"""voc rows of the authorization table (see tests/authz.py)."""

from __future__ import annotations

import datetime as dt
import io

from governance.models import SuccessStatement
from tests.authz import CONFIGURERS, Check, Route, World, only, statuses
from voc import services
from voc.models import (
    Alert,
    AlertKind,
    ClosedLoopCase,
    ImportJob,
    KpiRollup,
    KpiTarget,
    Metric,
    OperationalValue,
    Promise,
    Response,
    SuggestedTheme,
    Theme,
    WebhookDelivery,
)

from .factories import ChannelFactory, SegmentFactory, TouchpointFactory

EVERY_ROLE = statuses(200, api=True)
PAGE_EVERY_ROLE = statuses(200)
CASE_WORKERS = (*CONFIGURERS, "wg_member")


def build(world: World) -> None:
    o = world.objects
    nps = Metric.objects.get(code="nps")
    o["nps"] = nps
    o["checkout"] = TouchpointFactory(code="checkout", name="Checkout")
    o["web"] = ChannelFactory(code="web", name="Web")
    o["smb"] = SegmentFactory(code="smb", name="Small business")
    o["response"] = Response.objects.create(
        metric=nps, score=3, responded_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
        external_id="authz-1", comment="Too slow.",
    )  # fmt: skip
    o["rollup"] = KpiRollup.objects.create(
        metric=nps, granularity="month", period_start=dt.date(2026, 3, 1), n=1, detractors=1,
        score=-100,
    )  # fmt: skip
    statement = SuccessStatement.objects.create(title="Effortless", text="Every time.")
    o["target"] = KpiTarget.objects.create(
        success_statement=statement, metric=nps, baseline_value=10,
        baseline_period_start=dt.date(2026, 1, 1), target_value=30,
        target_date=dt.date(2027, 1, 1),
    )  # fmt: skip
    o["alert"] = Alert.objects.create(
        metric=nps, granularity="month", period_start=dt.date(2026, 3, 1),
        kind=AlertKind.OFF_TRACK, message="NPS off track.",
    )  # fmt: skip
    # A detractor's case followed up by wg_member (the touchpoint's owner).
    o["case"] = ClosedLoopCase.objects.create(
        response=o["response"], metric=nps, touchpoint=o["checkout"],
        owner=world.users["wg_member"], opened_on=dt.date(2026, 3, 2),
        due_on=dt.date(2026, 3, 9),
    )  # fmt: skip
    o["churn"] = OperationalValue.objects.create(
        metric=Metric.objects.get(code="churn"), granularity="month",
        period_start=dt.date(2026, 3, 1), value=1.4, entered_by=world.users["core"],
    )  # fmt: skip
    o["import_job"] = ImportJob.objects.create(
        created_by=world.users["core"], file="voc/imports/authz.csv", original_name="authz.csv"
    )
    # A run that died on its worker: "Run again" queues it (through the outbox, rolled back
    # with each check, so nothing reaches a broker).
    o["failed_import"] = ImportJob.objects.create(
        created_by=world.users["core"], file="voc/imports/failed.csv", original_name="failed.csv",
        status="failed", attempts=1, message="The import stopped before it finished.",
    )  # fmt: skip
    # A survey platform's source, and a delivery its mapping refused (a question it does not map).
    o["webhook_source"] = services.webhook_source_create(
        by=world.users["core"],
        data={"name": "Typeform", "slug": "authz-typeform", "platform": "typeform",
              "secret": "authz-secret", "questions": {"q-nps": "nps"}},
    )  # fmt: skip
    o["webhook_delivery"] = WebhookDelivery.objects.create(
        source=o["webhook_source"], delivery_id="authz-ev", status="refused",
        body='{"event_id": "authz-ev", "event_type": "form_response", "form_response": '
        '{"token": "t", "submitted_at": "2026-03-02T10:00:00Z", "answers": []}}',
    )  # fmt: skip
    o["promise"] = Promise.objects.create(
        statement="We answer in one day.", touchpoint=o["checkout"], metric=nps
    )
    o["theme"] = Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    o["suggestion"] = SuggestedTheme.objects.create(
        label="Overdraft fee", terms=["overdraft fee", "overdraft", "fee"], comment_count=2
    )
    o["staged_job"] = services.import_job_stage(
        by=world.users["core"],
        file=io.BytesIO(b"metric,score,responded_at,external_id\nnps,9,2026-03-02T10:00:00Z,s\n"),
        original_name="staged.csv",
    )


def detail(name: str, obj: str, expect=EVERY_ROLE) -> Route:
    return Route(name, lambda w, obj=obj: {"pk": w[obj].pk}, [Check("GET", expect)])


ROUTES = [
    *[
        Route(f"{basename}-list", checks=[Check("GET", EVERY_ROLE)])
        for basename in (
            "metric",
            "touchpoint",
            "channel",
            "segment",
            "response",
            "rollup",
            "alert",
        )
    ],
    # KPI targets: every role reads them; voc.manage_targets (core team, admins) writes.
    Route(
        "target-list",
        checks=[
            Check("GET", EVERY_ROLE),
            Check(
                "POST",
                only(400, *CONFIGURERS, api=True),
                data=lambda w: {},
                note="no fields: configurers get the 400 naming them",
            ),
        ],
    ),  # fmt: skip
    detail("metric-detail", "nps"),
    detail("touchpoint-detail", "checkout"),
    detail("channel-detail", "web"),
    detail("segment-detail", "smb"),
    detail("response-detail", "response"),
    detail("rollup-detail", "rollup"),
    Route(
        "target-detail",
        lambda w: {"pk": w["target"].pk},
        [
            Check("GET", EVERY_ROLE),
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"note": "Halfway", "version": w["target"].version},
            ),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {
                    "success_statement": w["target"].success_statement_id,
                    "metric": w["nps"].pk,
                    "baseline_value": 10,
                    "baseline_period_start": "2026-01-01",
                    "target_value": 35,
                    "target_date": "2027-01-01",
                    "version": w["target"].version,
                },
            ),
            Check(
                "DELETE",
                only(400, *CONFIGURERS, api=True),
                note="the portfolio rows link two initiatives to it: refused, naming them",
            ),
        ],
    ),
    detail("alert-detail", "alert"),
    # Import jobs carry file names and row errors: only those who import see them (404 else).
    Route("responseimport-list", checks=[Check("GET", EVERY_ROLE)]),
    detail("responseimport-detail", "import_job", only(200, *CONFIGURERS, api=True, refused=404)),
    Route(
        "response-import",
        checks=[
            Check(
                "POST",
                only(415, *CONFIGURERS, api=True),
                data=lambda w: {},
                note="JSON, not a file: configurers get the 415 (multipart or text/csv only)",
            )
        ],
    ),
    Route(
        "response-bulk",
        checks=[
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {
                    "responses": [
                        {
                            "metric": "nps",
                            "score": 9,
                            "responded_at": "2026-03-02T10:00:00Z",
                            "external_id": "authz-bulk-1",
                        }
                    ]
                },
            )
        ],
    ),
    # Pages: every role reads the KPIs (rollups only); a wrong filter is a 400 naming it.
    Route(
        "voc:index",
        checks=[Check("GET", PAGE_EVERY_ROLE), Check("GET", PAGE_EVERY_ROLE, htmx=True)],
    ),
    Route(
        "voc:metric",
        lambda w: {"code": "nps"},
        [Check("GET", PAGE_EVERY_ROLE), Check("GET", PAGE_EVERY_ROLE, htmx=True)],
    ),
    # The responses behind a point, and their CSV: every role (comments only where
    # voc.read_comments allows; tests/voc/test_views_drilldown.py).
    Route(
        "voc:responses",
        lambda w: {"code": "nps"},
        [
            Check("GET", PAGE_EVERY_ROLE, data=lambda w: {"period": "2026-03-01"}),
            Check("GET", PAGE_EVERY_ROLE, data=lambda w: {"period": "2026-03-01"}, htmx=True),
        ],
    ),
    Route(
        "voc:responses-export",
        lambda w: {"code": "nps"},
        [Check("GET", PAGE_EVERY_ROLE, data=lambda w: {"period": "2026-03-01"})],
    ),
    # The CSV upload: only those who import (voc.import_responses); a form without its
    # file or mapping is a 400 naming the field (tests/voc/test_views_import.py).
    Route(
        "voc:import",
        checks=[
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}, note="no file"),
        ],
    ),
    Route(
        "voc:import-map",
        lambda w: {"pk": w["staged_job"].pk},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {"action": "run"}),
        ],
    ),
    Route(
        "voc:import-job",
        lambda w: {"pk": w["import_job"].pk},
        [Check("GET", only(200, *CONFIGURERS)), Check("GET", only(200, *CONFIGURERS), htmx=True)],
    ),
    # Run a failed import again: voc.import_responses, as the import (queued, back to its page;
    # tests/voc/test_import_run_again.py). Anyone else is refused before anything is queued.
    Route(
        "voc:import-run-again",
        lambda w: {"pk": w["failed_import"].pk},
        [Check("POST", only(302, *CONFIGURERS))],
    ),
    # Survey platforms post without a login: the signature over the body is the credential, so
    # an unsigned post is 401 for everyone, nothing kept (signed ones: tests/voc/test_webhooks.py).
    Route(
        "webhook-receive",
        lambda w: {"source": "authz-typeform"},
        [Check("POST", statuses(401, api=True, no_role=401), data=lambda w: {"event_id": "x"})],
    ),
    # Their sources and deliveries: voc.manage_webhook_sources (core team, admins); a source
    # is out of anyone else's scope (404, it holds a secret); a form posted empty is a 400
    # naming its fields; a replay of a still-refused delivery comes back to the source's page
    # with the reason.
    Route("voc:webhook-list", checks=[Check("GET", only(200, *CONFIGURERS))]),
    Route(
        "voc:webhook-create",
        checks=[
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}),
        ],
    ),
    Route(
        "voc:webhook-source",
        lambda w: {"pk": w["webhook_source"].pk},
        [Check("GET", only(200, *CONFIGURERS, refused=404))],
    ),
    Route(
        "voc:webhook-edit",
        lambda w: {"pk": w["webhook_source"].pk},
        [
            Check("GET", only(200, *CONFIGURERS, refused=404)),
            Check("POST", only(400, *CONFIGURERS, refused=404), data=lambda w: {}),
        ],
    ),
    Route(
        "voc:webhook-replay",
        lambda w: {"pk": w["webhook_delivery"].pk},
        [Check("POST", only(302, *CONFIGURERS))],
    ),
    # Comment themes: read by whoever may read some comments (here the core team and admins:
    # this world's touchpoints have no owner), curated by voc.manage_themes; a form posted
    # empty is a 400 naming its fields. A theme is outside the scope of anyone who reads no
    # comment, so its edit page is a 404 for them.
    Route("voc:theme-list", checks=[Check("GET", only(200, *CONFIGURERS))]),
    Route(
        "voc:theme-create",
        checks=[
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}),
        ],
    ),
    Route(
        "voc:theme",
        lambda w: {"pk": w["theme"].pk},
        [Check("GET", only(200, *CONFIGURERS))],
    ),
    Route(
        "voc:theme-edit",
        lambda w: {"pk": w["theme"].pk},
        [
            Check("GET", only(200, *CONFIGURERS, refused=404)),
            Check("POST", only(400, *CONFIGURERS, refused=404), data=lambda w: {}),
        ],
        note="out of the scope of those who read no comment: 404",
    ),
    # Suggested themes: decided by voc.manage_themes, each decision back to a page (302); a
    # suggestion is outside the scope of anyone who reads no comment (404).
    Route("voc:suggestions-find", checks=[Check("POST", only(302, *CONFIGURERS))]),
    *[
        Route(
            f"voc:suggestion-{verb}",
            lambda w: {"pk": w["suggestion"].pk},
            [
                Check(
                    "POST",
                    only(302, *CONFIGURERS, refused=404),
                    data=lambda w: {"name": "Fees", "label": "Fees"},
                )
            ],
        )  # fmt: skip
        for verb in ("accept", "rename", "dismiss")
    ],
    # CX promises: every role reads them beside the reality (page and API); voc.manage_promises
    # (the core team, admins) records and changes them; a form posted empty is a 400.
    Route("voc:promise-list", checks=[Check("GET", PAGE_EVERY_ROLE)]),
    Route(
        "voc:promise-create",
        checks=[
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {
                    "statement": "Accounts open in ten minutes.",
                    "touchpoint": w["checkout"].pk,
                    "metric": w["nps"].pk,
                },
                note="a promise recorded",
            ),  # fmt: skip
        ],
    ),
    Route(
        "voc:promise-edit",
        lambda w: {"pk": w["promise"].pk},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {
                    "statement": "We answer within a day.",
                    "touchpoint": w["checkout"].pk,
                    "metric": w["nps"].pk,
                    "is_active": "on",
                },
            ),  # fmt: skip
        ],
    ),
    Route(
        "promise-list",
        checks=[
            Check("GET", EVERY_ROLE),
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {
                    "statement": "Accounts open in ten minutes.",
                    "touchpoint": w["checkout"].pk,
                    "metric": w["nps"].pk,
                },
            ),  # fmt: skip
        ],
    ),
    Route(
        "promise-detail",
        lambda w: {"pk": w["promise"].pk},
        [
            Check("GET", EVERY_ROLE),
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"statement": "We answer within a day."},
            ),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {
                    "statement": "We answer within a day.",
                    "touchpoint": w["checkout"].pk,
                    "metric": w["nps"].pk,
                    "note": "",
                    "is_active": True,
                },
            ),  # fmt: skip
        ],
    ),
    # Key drivers: figures, no comment, so every role reads them (page and API).
    Route("voc:driver-list", checks=[Check("GET", PAGE_EVERY_ROLE)]),
    Route("driver-list", checks=[Check("GET", EVERY_ROLE, data=lambda w: {"metric": "nps"})]),
    # Experience beside operations: figures, so every role reads them; the world has no
    # operational figures, so the API names the missing periods (400) to every role.
    Route("voc:correlation", checks=[Check("GET", PAGE_EVERY_ROLE)]),
    Route(
        "correlation",
        checks=[
            Check(
                "GET",
                statuses(400, api=True),
                data=lambda w: {"experience": "csat", "operational": "repeat-contacts"},
            )
        ],
    ),
    # The themes' API: scoped to those who may read some comments (here the core team and
    # admins; anyone else lists none and finds none, 404), written under voc.manage_themes.
    Route(
        "theme-list",
        checks=[
            Check("GET", EVERY_ROLE),
            Check("POST", only(400, *CONFIGURERS, api=True), data=lambda w: {}),
        ],
    ),
    Route(
        "theme-detail",
        lambda w: {"pk": w["theme"].pk},
        [
            Check("GET", only(200, *CONFIGURERS, api=True, refused=404)),
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True, refused=404),
                data=lambda w: {"name": "Login"},
            ),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True, refused=404),
                data=lambda w: {"name": "Login", "keywords": ["login"], "languages": ["en"]},
            ),
        ],
    ),
    # Closed-loop cases: the core team and admins see and work every case, the owner
    # (wg_member) their own; anyone else does not see it (404), and only the core team
    # reassigns.
    Route("case-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "case-detail",
        lambda w: {"pk": w["case"].pk},
        [
            Check("GET", only(200, *CASE_WORKERS, api=True, refused=404)),
            Check(
                "PATCH",
                statuses(404, api=True, core=200, admin=200, wg_member=403),
                data=lambda w: {"owner": w.users["wg_other"].pk, "version": w["case"].version},
            ),
            Check(
                "PUT",
                statuses(404, api=True, core=200, admin=200, wg_member=403),
                data=lambda w: {"owner": w.users["wg_other"].pk, "version": w["case"].version},
            ),
        ],
    ),
    Route(
        "case-transition",
        lambda w: {"pk": w["case"].pk},
        [
            Check(
                "POST",
                only(200, *CASE_WORKERS, api=True, refused=404),
                data=lambda w: {"to_status": "in_progress"},
            )
        ],
    ),
    # Operational figures: everyone with a role reads them; the core team (and admins) enter
    # and correct them (tests/voc/test_views_operational.py). An empty form is a 400.
    Route("voc:operational-list", checks=[Check("GET", PAGE_EVERY_ROLE)]),
    # The same figures through the API: every role reads them, the core team and admins enter
    # (the world has March's churn for the whole company, so April is new) and correct them.
    Route(
        "operationalvalue-list",
        checks=[
            Check("GET", EVERY_ROLE),
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {
                    "metric": "churn",
                    "granularity": "month",
                    "period_start_on": "2026-04-01",
                    "value": 1.3,
                },
            ),  # fmt: skip
        ],
    ),
    Route(
        "operationalvalue-detail",
        lambda w: {"pk": w["churn"].pk},
        [
            Check("GET", EVERY_ROLE),
            Check("PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"value": 1.5}),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"value": 1.5, "note": "Restated"},
            ),
        ],
    ),
    Route(
        "voc:operational-create",
        checks=[
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}, note="no fields"),
        ],
    ),
    Route(
        "voc:operational-edit",
        lambda w: {"pk": w["churn"].pk},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}, note="no fields"),
        ],
    ),
    Route("voc:case-list", checks=[Check("GET", statuses(200))]),
    Route(
        "voc:case-detail",
        lambda w: {"pk": w["case"].pk},
        [Check("GET", only(200, *CASE_WORKERS, refused=404))],
    ),
    Route(
        "voc:case-transition",
        lambda w: {"pk": w["case"].pk},
        [
            Check(
                "POST",
                only(302, *CASE_WORKERS, refused=404),
                data=lambda w: {"to_status": "in_progress"},
            )
        ],
    ),
    Route(
        "voc:case-reassign",
        lambda w: {"pk": w["case"].pk},
        [
            Check(
                "POST",
                statuses(404, core=302, admin=302, wg_member=403),
                data=lambda w: {"owner": w.users["wg_other"].pk},
            )
        ],
    ),
    # KPI target pages: every role reads a target; voc.manage_targets (core team, admins) adds,
    # changes and removes (tests/voc/test_targets_pages.py). An empty form is a 400 naming fields.
    Route(
        "voc:target-create",
        lambda w: {"statement_pk": w["target"].success_statement_id},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}, note="no fields"),
        ],
    ),
    Route("voc:target", lambda w: {"pk": w["target"].pk}, [Check("GET", PAGE_EVERY_ROLE)]),
    Route(
        "voc:target-edit",
        lambda w: {"pk": w["target"].pk},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), data=lambda w: {}, note="no fields"),
        ],
    ),
    Route(
        "voc:target-delete",
        lambda w: {"pk": w["target"].pk},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(400, *CONFIGURERS), note="linked by two initiatives: refused"),
        ],
    ),
]
