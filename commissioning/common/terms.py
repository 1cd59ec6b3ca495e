"""The dates of a term with extension options and waivers (DOMAIN.md §1).

One pure calculation used for contracts and framework agreements alike, so
pages, API, alerts and reports can never disagree about an end date.

Every end date is anchored on the start date: a contract of 36 months that has
used 12 months of extension ends on term_end(start, 48). Where month lengths
do not get in the way this is exactly "(E + 1 day) + N months − 1 day" applied
extension by extension; where they do (a term starting on the 29th–31st), it
keeps the contract's own day of the month instead of drifting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models

from commissioning.common.dates import months_before, term_end


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
    used = sum(option.months_used for option in options)
    waived = sum(waiver_months)
    all_option_months = sum(option.months for option in options)
    left = sum(option.months_left for option in options)

    def end_after(months: int) -> dt.date:
        return term_end(start, initial_months + months)

    initial_end = end_after(0)
    current_end = end_after(used + waived)
    max_end = end_after(all_option_months)
    final_end = end_after(used + waived + left)
    beyond_max_extent = current_end > max_end
    if terminated_on is not None:
        current_end = min(current_end, terminated_on)
        final_end = current_end

    deadlines: dict[int, dt.date] = {}
    months_before_option = used + waived
    for option in options:
        if option.status != AVAILABLE:
            continue
        # The option's next part would start after the end as it then stands.
        deadlines[option.sequence] = end_after(months_before_option) - dt.timedelta(
            days=notice_days
        )
        months_before_option += option.months_left
    if terminated_on is not None:
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
