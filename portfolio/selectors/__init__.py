"""Portfolio reads, one module per concept (as governance.selectors), shaped for pages, the API
and the export, each in a fixed number of queries whatever the number of initiatives."""

from .board import (  # noqa: F401
    BOARD_COLUMN_LIMIT,
    Board,
    BoardColumn,
    board,
)
from .focus import (  # noqa: F401
    FocusBoard,
    FocusLoad,
    focus_board,
)
from .initiatives import (  # noqa: F401
    InitiativeDetail,
    editable_ids,
    initiative_detail,
    initiative_filterset,
    initiative_for_page,
    with_stale_flag,
    worst_health_first,
)
from .lists import (  # noqa: F401
    CSV_COLUMNS,
    HEALTH_COLOURS,
    ROADMAP_LIMIT,
    HeatCell,
    Heatmap,
    Roadmap,
    alignment_heatmap,
    initiative_csv,
    my_initiatives,
    needs_help_list,
    roadmap,
    stale_list,
)
from .methods import (  # noqa: F401
    Adoption,
    AdoptionRow,
    initiative_methods,
    method_adoption,
)
from .summaries import (  # noqa: F401
    escalated_risks,
    initiatives_awaiting_decision,
    initiatives_in_progress,
    portfolio_counts,
    status_health_counts,
    troubled_initiatives,
)
from .target_links import (  # noqa: F401
    TargetLinkRow,
    target_link_rows,
)
