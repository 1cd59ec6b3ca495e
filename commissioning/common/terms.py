"""The dates of a term with extension options and waivers (DOMAIN.md §1).

One pure calculation used for contracts and framework agreements alike, so
pages, API, alerts and reports can never disagree about an end date.

Each extension runs from the day after the end as it then stands:
"(E + 1 day) + N months − 1 day" (DOMAIN.md §1), applied option by option in
sequence and then waiver by waiver. The months used of one option count as one
extension (parts exercised one after another end on the same day, except where
a part would start on the 29th–31st of a month).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models

from commissioning.common.dates import extended_end, months_before, term_end


class OptionStatus(models.TextChoices):
    """Extension option statuses (API.md): ``exercised`` once all its months
    are used; a partly used option stays ``available``."""

    AVAILABLE = "available", "Available"
    EXERCISED = "exercised", "Exercised"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Lapsed"


AVAILABLE = OptionStatus.AVAILABLE.value
EXERCISED = OptionStatus.EXERCISED.value
DECLINED = OptionStatus.DECLINED.value
LAPSED = OptionStatus.LAPSED.value


@dataclass(frozen=True)
class OptionTerms:
    sequence: int
    months: int
    months_used: int = 0
    status: str = AVAILABLE

    @property
    def months_left(self) -> int:
        return self.months - self.months_used if self.status == AVAILABLE else 0


@dataclass(frozen=True)
class TermDates:
    initial_end: dt.date
    current_end: dt.date
    max_end: dt.date
    # The latest end still reachable: current end plus what is left on the
    # options that are still available (declined and lapsed ones are gone).
    final_end: dt.date
    beyond_max_extent: bool
    reprocurement_start_by: dt.date
    # Decision deadline of each option still available, by sequence. Only the
    # first is live; later ones assume the options before them are used in full.
    decision_deadlines: dict[int, dt.date] = field(default_factory=dict)

    @property
    def next_decision_deadline(self) -> dt.date | None:
        return min(self.decision_deadlines.values(), default=None)


def compute_term(
    *,
    start: dt.date,
    initial_months: int,
    options: Sequence[OptionTerms] = (),
    waiver_months: Sequence[int] = (),
    notice_days: int = 90,
    lead_months: int = 12,
    terminated_on: dt.date | None = None,
) -> TermDates:
    options = sorted(options, key=lambda option: option.sequence)

    def extend(end: dt.date, months: int) -> dt.date:
        return extended_end(end, months) if months else end

    initial_end = term_end(start, initial_months)
    max_end = initial_end
    for option in options:
        max_end = extend(max_end, option.months)
    current_end = initial_end
    for option in options:
        current_end = extend(current_end, option.months_used)
    for months in waiver_months:
        current_end = extend(current_end, months)
    beyond_max_extent = current_end > max_end

    # What is left of the options still available, each decided by its own
    # deadline: notice days before the end as it stands when its turn comes.
    deadlines: dict[int, dt.date] = {}
    final_end = current_end
    for option in options:
        if option.status != AVAILABLE:
            continue
        deadlines[option.sequence] = final_end - dt.timedelta(days=notice_days)
        final_end = extend(final_end, option.months_left)

    if terminated_on is not None:
        current_end = min(current_end, terminated_on)
        final_end = current_end
        deadlines = {}

    return TermDates(
        initial_end=initial_end,
        current_end=current_end,
        max_end=max_end,
        final_end=final_end,
        beyond_max_extent=beyond_max_extent,
        reprocurement_start_by=months_before(max(final_end, current_end), lead_months),
        decision_deadlines=deadlines,
    )
