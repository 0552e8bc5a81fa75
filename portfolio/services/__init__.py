"""Portfolio writes, one module per concept (as governance.services): priorities, initiatives
and their workflow, the working-group members' right to edit them, milestones, status updates,
risks, the KPI targets an initiative moves, and stale-update reminders. Callers import the
package: `from portfolio import services; services.initiative_update(...)`.

Each function enforces its rule from portfolio.permissions, takes explicit inputs, validates the
whole change before writing (model `full_clean`) and writes in one transaction. A refusal is a
PortfolioError (portfolio.errors) or a ValidationError naming the field (pages show it next to
the field, the API answers 400); a rule's refusal is PermissionDenied (403).
"""

from .editors import (  # noqa: F401
    initiative_editors_sync,
    initiative_permissions_sync,
    member_permissions_sync,
)
from .focus import (  # noqa: F401
    FOCUS_LIMIT_FIELDS,
    FocusExcess,
    focus_check,
    focus_excesses,
    focus_limit_delete,
    focus_limit_set,
    focus_limit_update,
)
from .initiatives import (  # noqa: F401
    INITIATIVE_FIELDS,
    INITIATIVE_STATE_FIELDS,
    initiative_propose,
    initiative_transition,
    initiative_update,
)
from .methods import initiative_methods_set  # noqa: F401
from .milestones import (  # noqa: F401
    MILESTONE_FIELDS,
    milestone_create,
    milestone_delete,
    milestone_mark,
    milestone_update,
)
from .priorities import (  # noqa: F401
    PRIORITY_FIELDS,
    priority_create,
    priority_update,
)
from .reminders import (  # noqa: F401
    STALE_REMINDER,
    stale_occasion,
    stale_reminders_send,
)
from .risks import (  # noqa: F401
    RISK_FIELDS,
    risk_create,
    risk_escalate,
    risk_update,
)
from .target_links import (  # noqa: F401
    TARGET_LINK_FIELDS,
    target_link_create,
    target_link_delete,
    target_link_update,
)
from .updates import (  # noqa: F401
    status_update_create,
)
