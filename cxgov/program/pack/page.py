"""The KPI pack as the pages show it: live before the meeting, frozen from its opening (or a
late read of a meeting that had none), each KPI with its trend chart drawn at view time from
the series in the pack, never from other data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from cxgov.charts import TrendPoint, trend_chart
from cxgov.program.models import KpiPack
from governance.models import Meeting
from voc.projection import min_periods

from .document import pack_data
from .sections import SECTIONS


@dataclass
class PackPage:
    meeting: Meeting
    data: dict
    stored: KpiPack | None
    kpis: list[tuple[dict, SafeString | None]]  # each KPI with its trend chart
    state: str  # document.LIVE, FROZEN or LATE

    @property
    def as_of(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.data["as_of"])

    @property
    def data_age(self) -> dict[str, dt.datetime | None]:
        """When the newest import and status update behind the pack were recorded."""
        age = self.data.get("data_age") or {}
        return {k: dt.datetime.fromisoformat(v) if v else None for k, v in age.items()}

    @property
    def late(self) -> dict | None:
        return self.data.get("late")

    @property
    def minimum_periods(self) -> int:
        return min_periods()

    @property
    def sections(self) -> list[tuple[str, dict]]:
        # A pack stored before a section existed shows the sections it has.
        stored = self.data["sections"]
        return [(name, stored[name]) for name in SECTIONS if name in stored]


def kpi_chart(item: dict) -> SafeString:
    """The KPI's trend from the pack's own numbers, as the kit's KPI trend chart. A pack
    stored before points kept their sample size or the KPI its range draws them without."""
    points = [
        TrendPoint(
            label=dt.date.fromisoformat(p["period"]).strftime("%b %y"),
            value=p["value"],
            low=p["low"],
            high=p["high"],
            marked=p.get("small_sample", False),
            expected=p["expected"],
        )
        for p in item["series"]
    ]
    floor, ceiling = item.get("value_range", (None, None))
    unit = f" {item['unit']}" if item.get("unit") else ""
    target_date = dt.date.fromisoformat(item["target_date"])
    return trend_chart(
        points,
        floor=floor,
        ceiling=ceiling,
        title=f"{item['metric']} ({item['scope']}): trend against the target",
        target_label=f"Target {item['target_value']:g}{unit} by {target_date:%b %Y}",
        value_format="{:.1f}" + unit,
        width=360,
        height=160,
        label_width=48,
    )


def pack_page(*, meeting: Meeting, user: Any) -> PackPage:
    """The pack to show, with each KPI's chart drawn from the pack's own series."""
    data, stored, state = pack_data(meeting=meeting, user=user)
    kpis = [
        (item, kpi_chart(item) if item["series"] else None)
        for item in data["sections"]["kpis"].get("items", [])
    ]
    return PackPage(meeting=meeting, data=data, stored=stored, kpis=kpis, state=state)
