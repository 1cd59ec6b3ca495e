"""Procurement Act 2023 notices that a procurement must publish, with their
due dates (DOMAIN.md §2). The officer records the day each was published.

Time limits of the Act run "before the end of the period of N days beginning
with" a day (e.g. s.53(1) contract details notice): that day is day 1, so the
last day to publish is the day plus N − 1.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tenders.models import (
    NoticeKind,
    Procurement,
    ProcurementNotice,
    ProcurementStatus,
    Regime,
)

# Procurement Act 2023 s.53: 30 days, or 120 for a light-touch contract.
CONTRACT_DETAILS_DAYS = 30
CONTRACT_DETAILS_DAYS_LIGHT_TOUCH = 120
# s.80: a contract termination notice within 30 days of the contract ending
# (expiry included).
CONTRACT_TERMINATION_DAYS = 30


def period_end(first_day: dt.date, days: int) -> dt.date:
    """Last day of a period of ``days`` days beginning with ``first_day``."""
    return first_day + dt.timedelta(days=days - 1)


def notice_due_dates(procurement: Procurement) -> dict[str, dt.date | None]:
    """The notices a procurement must publish and when each is due; None
    until the date it hangs on is known."""
    if procurement.status == ProcurementStatus.CANCELLED:
        # s.55: a procurement termination notice once a tender notice was out;
        # due as soon as reasonably practicable, so by the day of the decision.
        due = {NoticeKind.UK12: procurement.cancelled_on}
        if procurement.publication_date:
            due[NoticeKind.UK4] = procurement.publication_date
        return due
    details_days = (
        CONTRACT_DETAILS_DAYS_LIGHT_TOUCH if procurement.light_touch else CONTRACT_DETAILS_DAYS
    )
    framework = procurement.framework
    return {
        # The tender notice is what opens the competition.
        NoticeKind.UK4: procurement.publication_date,
        # The contract award notice is published on the award decision day and
        # starts the standstill period (s.50–51).
        NoticeKind.UK6: procurement.award_decision_date,
        NoticeKind.UK7: (
            period_end(procurement.contract_signed_on, details_days)
            if procurement.contract_signed_on
            else None
        ),
        NoticeKind.UK11: (
            # A framework ends on its last day: that day is day 1 of the period.
            period_end(framework.current_end_date, CONTRACT_TERMINATION_DAYS)
            if framework is not None
            else None
        ),
    }


@transaction.atomic
def procurement_sync_notices(*, procurement: Procurement) -> list[ProcurementNotice]:
    """Keep the notices of a Procurement Act 2023 procurement in step with its
    dates. Published notices keep their publication day."""
    existing = {notice.kind: notice for notice in procurement.notices.all()}
    # Under PCR 2015 no notice is tracked (the regime can only change before
    # publication); a cancelled procurement no longer owes its award notices.
    wanted = notice_due_dates(procurement) if procurement.regime == Regime.PA2023 else {}
    for kind, notice in existing.items():
        if kind not in wanted and notice.published_on is None:
            notice.delete()
    notices = []
    for kind, due in wanted.items():
        notice = existing.get(kind)
        if notice is None:
            notice = ProcurementNotice.objects.create(
                procurement=procurement, kind=kind, due_date=due
            )
        elif notice.due_date != due:
            notice.due_date = due
            notice.save(update_fields=["due_date"])
        notices.append(notice)
    return notices


@transaction.atomic
def notice_record_publication(
    *, notice: ProcurementNotice, published_on: dt.date | None
) -> ProcurementNotice:
    """Record (or clear) the day a notice was published on the central digital platform."""
    if published_on is not None:
        if published_on > timezone.localdate():
            raise ValidationError({"published_on": "The publication date cannot be in the future."})
        procurement = notice.procurement
        if (
            notice.kind in (NoticeKind.UK6, NoticeKind.UK7)
            and procurement.award_decision_date
            and published_on < procurement.award_decision_date
        ):
            raise ValidationError(
                {"published_on": "This notice cannot be published before the award decision."}
            )
        if notice.kind == NoticeKind.UK7 and procurement.contract_signed_on is None:
            raise ValidationError(
                {
                    "published_on": (
                        "Record the day the contract was entered into first: the contract "
                        "details notice follows it."
                    )
                }
            )
    notice.published_on = published_on
    notice.full_clean()
    notice.save(update_fields=["published_on"])
    return notice
