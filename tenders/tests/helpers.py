"""Procurements built through the services, as an officer would."""

import datetime as dt
from decimal import Decimal

from providers.tests.factories import ProviderFactory
from tenders import services
from tenders.models import Procurement, ProcurementStatus, Regime

D = dt.date


def new_procurement(**fields) -> Procurement:
    values = {
        "reference": "ASC-2025-014",
        "title": "Home care",
        "service_type": "home_care",
        "regime": Regime.PCR2015,
        "light_touch": True,
        "apply_standstill": True,
        "publication_date": D(2024, 9, 2),
        "submission_deadline": D(2024, 10, 18),
        "quality_weight": 60,
        "price_weight": 40,
        "quality_max_marks": Decimal(100),
        **fields,
    }
    return services.procurement_create(**values)


def open_with_bids(procurement: Procurement, bids, *, max_awards=2, tier=None):
    """One lot, the tender opened and the bids recorded; returns the lot.

    ``bids`` are (price, marks) or (price, marks, status) tuples.
    """
    lot = services.lot_create(
        procurement=procurement, number=1, title="Home care", max_awards=max_awards, tier=tier
    )
    services.procurement_transition(
        procurement=procurement, status=ProcurementStatus.OPEN, today=D(2024, 9, 2)
    )
    for price, marks, *status in bids:
        services.bid_create(
            lot=lot,
            provider=ProviderFactory(),
            price=Decimal(price),
            quality_marks=None if marks is None else Decimal(marks),
            **({"status": status[0]} if status else {}),
        )
    return lot


def to_evaluation(procurement: Procurement) -> None:
    services.procurement_transition(procurement=procurement, status=ProcurementStatus.EVALUATION)
