"""The KPI pack as the pages show it: the stored pack (or a preview), each KPI with its trend
chart drawn at view time from the series stored in the pack, never from live data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from cxgov.charts import Band, Guide, line_chart
from cxgov.program.models import KpiPack
from cxgov.program.projection import min_periods
from governance.models import Meeting

from .document import pack_data
from .sections import SECTIONS


@dataclass
class PackPage:
    meeting: Meeting
    data: dict
    stored: KpiPack | None
    kpis: list[tuple[dict, SafeString | None]]  # each KPI with its trend chart

    @property
    def state(self) -> str:
        if self.stored is None:
            return "preview"
        return "frozen" if self.stored.is_frozen else "built"

    @property
    def minimum_periods(self) -> int:
        return min_periods()

    @property
    def sections(self) -> list[tuple[str, dict]]:
        return [(name, self.data["sections"][name]) for name in SECTIONS]


def trend_chart(item: dict) -> SafeString:
    """The KPI's series and its expected path from the pack's own numbers, as SVG."""
    points = [
        (dt.date.fromisoformat(p["period"]).strftime("%b %y"), p["value"]) for p in item["series"]
    ]
    values = [p["value"] for p in item["series"]] + [item["target_value"], item["baseline"]]
    values += [v for p in item["series"] for v in (p["low"], p["high"]) if v is not None]
    lo, hi = min(values), max(values)
    pad = max(1.0, (hi - lo) * 0.1)
    lo, hi = lo - pad, hi + pad
    target = item["target_value"]
    label = f"Target {target:g} by {dt.date.fromisoformat(item['target_date']):%b %Y}"
    return line_chart(
        points,
        y_min=lo,
        y_max=hi,
        y_labels=[(lo, f"{lo:.0f}"), (hi, f"{hi:.0f}")],
        title=f"{item['metric']} ({item['scope']}): trend against the target",
        guides=[Guide(target, label)],
        bands=[Band(target, hi, "")] if item["higher_is_better"] else [Band(lo, target, "")],
        width=360,
        height=160,
        label_width=48,
        value_format="{:.1f}",
    )


def pack_page(*, meeting: Meeting, user: Any) -> PackPage:
    """The pack to show, with each KPI's chart drawn from the pack's own series."""
    data, stored = pack_data(meeting=meeting, user=user)
    kpis = [
        (item, trend_chart(item) if item["series"] else None)
        for item in data["sections"]["kpis"].get("items", [])
    ]
    return PackPage(meeting=meeting, data=data, stored=stored, kpis=kpis)
