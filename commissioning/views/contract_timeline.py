"""Where each part of a contract's timeline goes on the server-drawn SVG.

The dates come from the timeline selector; this only turns days into
coordinates and keeps the labels of key dates from overlapping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commissioning.selectors.contracts import Timeline

WIDTH = 960
MARGIN = 24
LABEL_ROW = 19  # pixels per row of key-date labels
CHAR_WIDTH = 9.6  # a generous width of a 16px character, to keep labels apart
BAR_HEIGHT = 30


@dataclass(frozen=True)
class Bar:
    kind: str
    label: str
    x: float
    width: float
    beyond_max_extent: bool
    # An arrow for a period with no fixed end (a pilot until award).
    arrow: str = ""


@dataclass(frozen=True)
class Marker:
    kind: str
    label: str
    x: float
    top: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_y: float
    bar_height: int
    axis_y: float
    axis_start: float
    axis_end: float
    tick_label_y: float
    bars: list[Bar]
    markers: list[Marker]
    ticks: list[Tick]


LEGEND = {
    "initial": "Initial term",
    "exercised": "Extension option used",
    "waiver": "Extension by waiver",
    "until_award": "Until the award of a procurement (no fixed end)",
    "beyond": "Beyond the maximum extent (outlined in red)",
    "remaining": "Extension option not yet used",
    "unused": "Extension option declined or lapsed",
}


def legend(chart: Chart) -> list[tuple[str, str]]:
    """The legend entries for what the chart actually shows."""
    kinds = {bar.kind for bar in chart.bars}
    if any(bar.beyond_max_extent for bar in chart.bars):
        kinds.add("beyond")
    return [(kind, label) for kind, label in LEGEND.items() if kind in kinds]


def short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def timeline_chart(timeline: Timeline) -> Chart:
    first = dt.date(timeline.first_day.year, 1, 1)
    open_ended = any(period.end is None for period in timeline.periods)
    last_year = timeline.last_day.year + (1 if open_ended else 0)
    last = dt.date(last_year, 12, 31)
    span = (last - first).days + 1
    plot = WIDTH - 2 * MARGIN

    def x(day: dt.date) -> float:
        return round(MARGIN + (day - first).days / span * plot, 1)

    # Key-date labels go in rows above the bar, each in the first row where
    # it does not run into the label before it.
    rows_end: list[float] = []
    placed = []
    for milestone in sorted(timeline.milestones, key=lambda m: m.date):
        position = x(milestone.date)
        label = f"{milestone.label} {short_date(milestone.date)}"
        width = len(label) * CHAR_WIDTH
        anchor = "end" if position + width > WIDTH - MARGIN else "start"
        left = position - width if anchor == "end" else position
        for row, end in enumerate(rows_end):
            if left > end + 16:
                rows_end[row] = left + width
                break
        else:
            row = len(rows_end)
            rows_end.append(left + width)
        placed.append((milestone, label, position, anchor, row))

    label_rows = max(len(rows_end), 1)
    bar_y = label_rows * LABEL_ROW + 12
    axis_y = bar_y + BAR_HEIGHT + 14
    markers = [
        Marker(
            kind=milestone.kind,
            label=label,
            x=position,
            top=row * LABEL_ROW + 4,
            label_x=position + (-3 if anchor == "end" else 3),
            label_y=(row + 1) * LABEL_ROW - 3,
            anchor=anchor,
        )
        for milestone, label, position, anchor, row in placed
    ]
    bars = []
    for period in timeline.periods:
        start = x(period.start)
        arrow = ""
        if period.end is None:
            end = WIDTH - MARGIN - 12
            middle = bar_y + BAR_HEIGHT / 2
            arrow = f"{end},{bar_y - 4} {end + 12},{middle} {end},{bar_y + BAR_HEIGHT + 4}"
        else:
            end = x(period.end + dt.timedelta(days=1))
        bars.append(
            Bar(
                kind=period.kind,
                label=period.label,
                x=start,
                width=max(end - start, 1.5),
                beyond_max_extent=period.beyond_max_extent,
                arrow=arrow,
            )
        )
    years = range(first.year, last.year + 2)
    step = 1 if len(years) <= 12 else 2
    ticks = [Tick(x(dt.date(year, 1, 1)), str(year)) for year in years[:-1:step]]
    return Chart(
        width=WIDTH,
        height=int(axis_y + 28),
        bar_y=bar_y,
        bar_height=BAR_HEIGHT,
        axis_y=axis_y,
        axis_start=MARGIN,
        axis_end=WIDTH - MARGIN,
        tick_label_y=axis_y + 20,
        bars=bars,
        markers=markers,
        ticks=ticks,
    )


def timeline_summary(contract) -> str:
    """One or two sentences saying what the timeline shows, for screen readers."""
    from commissioning.services.contracts.common import long_date

    parts = [
        f"Started {long_date(contract.start_date)}; initial term to "
        f"{long_date(contract.initial_end_date)}."
    ]
    if contract.terminated_on:
        parts.append(f"Terminated with effect from {long_date(contract.terminated_on)}.")
    elif contract.current_end_date is None:
        parts.append(
            f"Runs until the award of {contract.ends_on_award_of.reference}; no fixed end date."
        )
    else:
        parts.append(f"Currently ends {long_date(contract.current_end_date)}")
        if contract.beyond_max_extent:
            parts[-1] += f", beyond its maximum end date of {long_date(contract.max_end_date)}."
        else:
            parts[-1] += f"; at most {long_date(contract.max_end_date)}."
    return " ".join(parts)
