"""voc writes, one module per concept: response imports (the importer itself and the jobs that run
it), the rollup (and operational figures), KPI targets and alerts, closed-loop cases. Callers
import the package: `from voc import services; services.import_job_create(...)`."""

from .alerts import (  # noqa: F401
    alerts_raise,
)
from .cases import (  # noqa: F401
    CASE_ESCALATED,
    CASE_OVERDUE,
    business_unit_leads,
    case_escalations_record,
    case_escalations_send,
    case_reassign,
    case_reminders_send,
    case_transition,
    case_update,
    cases_open,
    response_watermark,
)
from .imports import (  # noqa: F401
    IMPORT_DRY_RUN,
    IMPORT_JOB_RUN,
    IMPORT_TIME_LIMIT,
    import_cases_from,
    import_dry_run,
    import_dry_run_count,
    import_dry_run_queue,
    import_job_create,
    import_job_create_signed,
    import_job_queued_later,
    import_job_run,
    import_job_run_again,
    import_job_stage,
    import_job_start,
    import_jobs_abandoned_fail,
    import_uploads_expire,
)
from .promises import (  # noqa: F401
    PROMISE_FIELDS,
    promise_create,
    promise_update,
    promises_check,
)
from .responses import (  # noqa: F401
    DELIMITERS,
    RECORDS,
    ROWS,
    ImportResult,
    Names,
    Numbering,
    auto_mapping,
    import_responses,
    inspect_file,
    json_records,
    preview,
    read_head,
    records_to_csv,
    resolve_mapping,
    row_error,
)
from .rollups import (  # noqa: F401
    operational_refresh,
    operational_value_correct,
    operational_value_record,
    rollup_rebuild,
    rollup_refresh,
    rollup_refresh_touched,
)
from .suggestions import (  # noqa: F401
    THEMES_SUGGEST,
    suggestion_accept,
    suggestion_dismiss,
    suggestion_rename,
    themes_suggest,
    themes_suggest_queue,
    unmatched_comments,
)
from .targets import (  # noqa: F401
    TARGET_FIELDS,
    target_create,
    target_delete,
    target_update,
)
from .themes import (  # noqa: F401
    COMMENTS_SENTIMENT,
    SENTIMENT_INLINE_MAX,
    THEME_APPLY,
    THEME_FIELDS,
    comment_sentiment,
    comments_analyse,
    comments_backfill,
    comments_sentiment,
    sentiment_analyse,
    theme_apply,
    theme_create,
    theme_rollup_refresh,
    theme_update,
)
from .webhooks import (  # noqa: F401
    PLATFORMS,
    Outcome,
    Submission,
    webhook_delivery_replay,
    webhook_receive,
    webhook_records,
    webhook_source_create,
    webhook_source_update,
)
