"""Values the exports publish that the register does not store."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from commissioning.common.dates import term_end

PENNY = Decimal("0.01")


def value_over_term(annual: Decimal, start: dt.date, end: dt.date | None) -> Decimal | None:
    """What an annual value comes to over a term from ``start`` to ``end``
    (both included): whole months at a twelfth of a year each, months counted
    as the contract terms count them (commissioning.common.dates.term_end),
    then any days left at a 365th. None while the term has no end (a pilot
    running until an award).

    The register keeps the current annual value; the total is an estimate at
    that value (an uplift part way through is not re-priced backwards).
    1 Jan 2018 – 31 Mar 2022 is 51 months: £450,000 a year comes to £1,912,500.
    """
    if end is None:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    while months > 0 and term_end(start, months) > end:
        months -= 1
    whole_months_end = term_end(start, months) if months else start - dt.timedelta(days=1)
    days = (end - whole_months_end).days
    total = annual * months / 12 + annual * days / 365
    return total.quantize(PENNY, rounding=ROUND_HALF_UP)
