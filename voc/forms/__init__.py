"""voc page forms, one module per concept: they parse and present input; the services decide."""

from .cases import (  # noqa: F401
    CaseReassignForm,
    CaseTransitionForm,
)
from .correlation import CorrelationForm  # noqa: F401
from .drivers import (  # noqa: F401
    MONTHS_CHOICES,
    DriverFilterForm,
)
from .imports import (  # noqa: F401
    MappingForm,
    UploadForm,
)
from .kpis import (  # noqa: F401
    BreakdownForm,
    KpiFilterForm,
    PointForm,
)
from .operational import (  # noqa: F401
    OperationalValueForm,
)
from .promises import (  # noqa: F401
    PromiseForm,
)
from .targets import (  # noqa: F401
    TargetForm,
)
from .themes import (  # noqa: F401
    ThemeForm,
)
from .webhooks import (  # noqa: F401
    WebhookSourceForm,
)
