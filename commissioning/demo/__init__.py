"""Demo data for `make run`, drawn from the council documents in the seeds.

Each part is idempotent: running load_demo again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

import providers.demo
import tenders.demo
from commissioning.common.audit import acting_as
from commissioning.demo import alerts, care, contracts, reablement, users


@transaction.atomic
def load_demo(*, out, reset_passwords: bool = False) -> None:
    """Each step needs the ones before it; each is idempotent."""
    officer = users.load(out=out, reset_passwords=reset_passwords)
    with acting_as(officer):
        providers.demo.load(out=out)
        tenders.demo.load(out=out)
        contracts.load(out=out)
        care.load(out=out)
        reablement.load(out=out)
        # Alerts last: the daily checks over all the demo data above.
        alerts.load(out=out)
