"""Portfolio pages, one module per concept; portfolio/urls.py routes to them. Thin doors onto
portfolio.services and portfolio.selectors.

Every page needs a cxgov role and reads through `Initiative.objects.for_user` (a proposal
outside the user's scope is a 404, like one that does not exist). A change asks the rule in
portfolio.permissions (403 with its message where the initiative is visible) and then one
service; a refusal is shown next to the field at fault and nothing is saved.
"""

from .board import (  # noqa: F401
    board,
    initiative_transition,
)
from .focus import (  # noqa: F401
    FocusLimitCreate,
    FocusLimitDelete,
    FocusLimitEdit,
    focus,
)
from .initiatives import (  # noqa: F401
    InitiativeCreate,
    InitiativeEdit,
    InitiativeMethods,
    StatusUpdateCreate,
    initiative_detail,
)
from .lists import (  # noqa: F401
    alignment,
    initiative_export,
    initiative_list,
    my_initiatives,
    needs_help,
    roadmap,
    stale,
)
from .milestones import (  # noqa: F401
    MilestoneCreate,
    milestone_mark,
)
from .priorities import (  # noqa: F401
    PriorityCreate,
    PriorityEdit,
    priority_list,
)
from .risks import (  # noqa: F401
    RiskCreate,
    RiskEdit,
    RiskEscalate,
)
from .target_links import (  # noqa: F401
    TargetLinkCreate,
    TargetLinkDelete,
    TargetLinkEdit,
)
