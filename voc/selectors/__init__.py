"""voc reads, one module per concept (see voc.services for the layout). They read rollups, never
raw responses, in a number of queries that does not grow with the data; only the drill-down
reads one page of responses."""

from .alerts import (  # noqa: F401
    alerts_for_meeting,
    alerts_not_yet_seen,
    open_alerts,
    steering_next_meeting,
)
from .cases import (  # noqa: F401
    case_counts_by_business_unit,
    case_counts_by_touchpoint,
    case_counts_by_working_group,
    case_for_page,
    case_summary,
    cases_escalated_to_steering,
    cases_for_list,
    my_cases,
)
from .correlation import (  # noqa: F401
    ExperienceBeside,
    PairedPeriod,
    experience_beside_operational,
)
from .dimensions import (  # noqa: F401
    dimension_values,
    scope_name,
    scope_names,
)
from .drivers import (  # noqa: F401
    Driver,
    DriverTable,
    key_drivers,
    latest_comment_month,
    months_back,
)
from .kpis import (  # noqa: F401
    MAX_PERIODS,
    KpiSeries,
    Reading,
    Scope,
    default_range,
    kpi_breakdown,
    kpi_point,
    kpi_series,
    period_label,
    period_starts,
    point_responses,
)
from .operational import (  # noqa: F401
    Figure,
    operational_figures,
)
from .promises import (  # noqa: F401
    PromiseReading,
    last_complete_period,
    promise_board,
    promise_readings,
)
from .realism import (  # noqa: F401
    TargetRealism,
    target_realism,
    targets_realism,
)
from .rollups import (  # noqa: F401
    Series,
    change_between,
    latest_two,
    rollup_series,
    rollups_at,
)
from .targets import (  # noqa: F401
    TargetOutlook,
    TargetReading,
    target_outlook,
    target_readings,
    target_series,
    target_status,
    target_windows,
    targets_as_of,
    targets_with_status,
)
from .themes import (  # noqa: F401
    ThemeMonth,
    ThemeMonthCounts,
    last_comment_month,
    open_suggestions,
    readable_comments,
    theme_comments,
    theme_month_counts,
    theme_months,
    themes_monthly_mentions,
    themes_with_mentions,
)
