"""voc pages, one module per concept; voc/urls.py routes to them."""

from .cases import (  # noqa: F401
    case_detail,
    case_list,
    case_reassign,
    case_transition,
)
from .imports import (  # noqa: F401
    import_job,
    import_map,
    import_upload,
)
from .kpis import (  # noqa: F401
    dashboard,
    metric_detail,
    trend,
)
from .responses import (  # noqa: F401
    point_responses,
    point_responses_export,
)
from .targets import (  # noqa: F401
    target_create,
    target_delete,
    target_detail,
    target_edit,
)
