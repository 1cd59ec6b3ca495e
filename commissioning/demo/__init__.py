"""Demo data for `make run`, drawn from the council documents in the seeds.

Each part is idempotent: running load_demo again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from commissioning.demo import users


@transaction.atomic
def load_demo(*, out, reset_passwords: bool = False) -> None:
    users.load(out=out, reset_passwords=reset_passwords)
