"""voc pages, one module per concept; voc/urls.py routes to them."""

from .cases import (  # noqa: F401
    CaseReassign,
    CaseTransition,
    case_detail,
    case_list,
)
from .correlation import correlation  # noqa: F401
from .drivers import (  # noqa: F401
    driver_list,
)
from .imports import (  # noqa: F401
    import_job,
    import_map,
    import_run_again,
    import_upload,
)
from .kpis import (  # noqa: F401
    dashboard,
    metric_detail,
    trend,
)
from .operational import (  # noqa: F401
    OperationalValueCreate,
    OperationalValueEdit,
    operational_list,
)
from .promises import (  # noqa: F401
    PromiseCreate,
    PromiseEdit,
    promise_list,
)
from .responses import (  # noqa: F401
    point_responses,
    point_responses_export,
)
from .targets import (  # noqa: F401
    TargetCreate,
    TargetDelete,
    TargetEdit,
    target_detail,
)
from .themes import (  # noqa: F401
    ThemeCreate,
    ThemeEdit,
    suggestion_accept,
    suggestion_dismiss,
    suggestion_rename,
    suggestions_find,
    theme_detail,
    theme_list,
)
from .webhooks import (  # noqa: F401
    WebhookSourceCreate,
    WebhookSourceEdit,
    webhook_list,
    webhook_replay,
    webhook_source,
)
