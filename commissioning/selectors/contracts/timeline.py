"""A contract's life as periods and key dates, for the detail page's
timeline (drawn as SVG) and its table alternative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commissioning.common.terms import OptionStatus, OptionTerms, compute_term
from commissioning.models import Contract, VariationKind
from commissioning.services.contracts.common import months_text

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str  # initial, exercised, waiver, until_award, remaining, unused
    label: str
    start: dt.date
    end: dt.date | None  # None: no fixed end (a pilot until award)
    beyond_max_extent: bool = False


@dataclass(frozen=True)
class Milestone:
    kind: str  # today, deadline, max_end, reprocurement, terminated
    label: str
    date: dt.date


@dataclass(frozen=True)
class Timeline:
    periods: list[Period]
    milestones: list[Milestone]

    @property
    def first_day(self) -> dt.date:
        return min([p.start for p in self.periods] + [m.date for m in self.milestones])

    @property
    def last_day(self) -> dt.date:
        ends = [p.end for p in self.periods if p.end] + [m.date for m in self.milestones]
        return max(ends)


def _ends_if_used(contract: Contract, options, waivers: list[int]) -> list[tuple[object, dt.date]]:
    """For each option still available: the end date once it and the ones
    before it are used in full (by the one term calculator)."""
    results = []
    terms = [OptionTerms(o.sequence, o.months, o.months_used, o.status) for o in options]
    for index, option in enumerate(options):
        if option.status != OptionStatus.AVAILABLE:
            continue
        terms[index] = OptionTerms(option.sequence, option.months, option.months, "exercised")
        term = compute_term(
            start=contract.start_date,
            initial_months=contract.initial_term_months,
            options=terms,
            waiver_months=waivers,
        )
        results.append((option, term.current_end))
    return results


def contract_timeline(contract: Contract, *, today: dt.date) -> Timeline:
    """Uses the contract's prefetched options and variations
    (``contract_detail_queryset``)."""
    options = list(contract.extension_options.all())
    variations = list(contract.variations.all())
    terminated = contract.terminated_on
    periods = [Period("initial", "Initial term", contract.start_date, contract.initial_end_date)]
    previous_end = contract.initial_end_date
    for variation in sorted(variations, key=lambda v: (v.decided_on, v.pk)):
        start = previous_end + ONE_DAY if previous_end else None
        if start is None:
            break
        if variation.kind == VariationKind.EXERCISE:
            label = f"Option {variation.option.sequence} used: {months_text(variation.months)}"
            periods.append(Period("exercised", label, start, variation.resulting_end_date))
        elif variation.kind == VariationKind.WAIVER_EXTENSION:
            label = f"Waiver: {months_text(variation.months)}"
            periods.append(
                Period(
                    "waiver",
                    label,
                    start,
                    variation.resulting_end_date,
                    variation.beyond_max_extent,
                )
            )
        elif variation.kind == VariationKind.UNTIL_AWARD:
            label = f"Until the award of {variation.procurement.reference}"
            periods.append(Period("until_award", label, start, contract.current_end_date, True))
        else:
            continue
        previous_end = periods[-1].end

    if terminated is None and contract.ends_on_award_of_id is None:
        waivers = [v.months for v in variations if v.kind == VariationKind.WAIVER_EXTENSION]
        for option, end in _ends_if_used(contract, options, waivers):
            left = option.months - option.months_used
            label = f"Option {option.sequence}: {months_text(left)} not yet used"
            periods.append(Period("remaining", label, previous_end + ONE_DAY, end))
            previous_end = end
        if previous_end < contract.max_end_date:
            periods.append(
                Period(
                    "unused",
                    "Options declined or lapsed",
                    previous_end + ONE_DAY,
                    contract.max_end_date,
                )
            )
    if terminated is not None:
        periods = [
            Period(
                p.kind, p.label, p.start, min(p.end or terminated, terminated), p.beyond_max_extent
            )
            for p in periods
            if p.start <= terminated
        ]

    milestones = [Milestone("today", "Today", today)]
    for option in options:
        if option.decision_deadline is not None:
            milestones.append(
                Milestone(
                    "deadline", f"Option {option.sequence} decision due", option.decision_deadline
                )
            )
    milestones.append(Milestone("max_end", "Maximum end date", contract.max_end_date))
    if contract.reprocurement_start_by is not None:
        milestones.append(
            Milestone("reprocurement", "Start re-procurement by", contract.reprocurement_start_by)
        )
    if terminated is not None:
        milestones.append(Milestone("terminated", "Terminated", terminated))
    milestones.sort(key=lambda m: m.date)
    return Timeline(periods=periods, milestones=milestones)
