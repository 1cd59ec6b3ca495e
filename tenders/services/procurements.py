"""Procurement exercises, their lots and bids, and the status workflow
(API.md: forward only; market engagement may be skipped; cancelled from any
state before awarded; bids only while open; award only from evaluation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from providers.models import Provider
from tenders.models import (
    Bid,
    BidStatus,
    FrameworkTier,
    Lot,
    Procurement,
    ProcurementStatus,
)
from tenders.services.evaluation import lot_evaluate, procurement_evaluate
from tenders.services.frameworks import framework_check_term_limit
from tenders.services.notices import procurement_sync_notices

S = ProcurementStatus

# The steps an officer moves a procurement through. Standstill and awarded are
# reached from evaluation by the award service only.
ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    S.PLANNING: (S.MARKET_ENGAGEMENT, S.OPEN, S.CANCELLED),
    S.MARKET_ENGAGEMENT: (S.OPEN, S.CANCELLED),
    S.OPEN: (S.EVALUATION, S.CANCELLED),
    S.EVALUATION: (S.CANCELLED,),
    S.STANDSTILL: (S.AWARDED, S.CANCELLED),
    S.AWARDED: (S.MOBILISATION,),
    S.MOBILISATION: (S.COMPLETE,),
    S.COMPLETE: (),
    S.CANCELLED: (),
}
ORDER = [
    S.PLANNING,
    S.MARKET_ENGAGEMENT,
    S.OPEN,
    S.EVALUATION,
    S.STANDSTILL,
    S.AWARDED,
    S.MOBILISATION,
    S.COMPLETE,
]
# Until the tender is published its terms may change; after that the regime,
# weights and lots are what bidders were told.
EDITABLE_TERMS = (S.PLANNING, S.MARKET_ENGAGEMENT)
TERMS_FIXED_ONCE_OPEN = (
    "regime",
    "light_touch",
    "apply_standstill",
    "quality_weight",
    "price_weight",
    "quality_max_marks",
    "service_type",
)
FIXED_ONCE_PUBLISHED = (
    "This was fixed when the tender was published: bidders priced what was advertised."
)
PROCUREMENT_FIELDS = (
    "reference",
    "title",
    "description",
    "service_type",
    "regime",
    "light_touch",
    "apply_standstill",
    "publication_date",
    "clarification_deadline",
    "submission_deadline",
    "evaluation_completed_on",
    "contract_signed_on",
    "contract_start_date",
    "estimated_annual_value",
    "quality_weight",
    "price_weight",
    "quality_max_marks",
    "framework",
    "authorised_by",
)


def _label(status: str) -> str:
    return S(status).label.lower()


def _save(procurement: Procurement) -> Procurement:
    procurement.full_clean()
    procurement.save()
    if procurement.framework_id:
        framework_check_term_limit(framework=procurement.framework, procurement=procurement)
    procurement_sync_notices(procurement=procurement)
    return procurement


@transaction.atomic
def procurement_create(**fields) -> Procurement:
    unknown = set(fields) - set(PROCUREMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown procurement fields: {sorted(unknown)}")
    return _save(Procurement(**fields))


@transaction.atomic
def procurement_update(*, procurement: Procurement, **fields) -> Procurement:
    unknown = set(fields) - set(PROCUREMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown procurement fields: {sorted(unknown)}")
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status not in EDITABLE_TERMS:
        changed = [
            name
            for name in TERMS_FIXED_ONCE_OPEN
            if name in fields and fields[name] != getattr(procurement, name)
        ]
        if changed:
            raise ValidationError(dict.fromkeys(changed, FIXED_ONCE_PUBLISHED))
    if procurement.status == S.CANCELLED:
        raise ValidationError("This procurement was cancelled: it can no longer be changed.")
    weights_changed = any(
        name in fields and fields[name] != getattr(procurement, name)
        for name in ("quality_weight", "price_weight", "quality_max_marks")
    )
    for name, value in fields.items():
        setattr(procurement, name, value)
    _save(procurement)
    if weights_changed:
        procurement_evaluate(procurement=procurement)
    return procurement


@transaction.atomic
def procurement_transition(
    *, procurement: Procurement, status: str, reason: str = "", today: dt.date | None = None
) -> Procurement:
    """Move a procurement on one step, or cancel it; anything else is refused
    with the reason."""
    today = today or timezone.localdate()
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    current = procurement.status
    if status not in S.values:
        raise ValidationError({"status": f"{status!r} is not a procurement status."})
    if status == current:
        raise ValidationError({"status": f"The procurement is already {_label(current)}."})
    if status not in ALLOWED_MOVES[current]:
        raise ValidationError({"status": _refusal(procurement, status)})

    if status == S.OPEN and procurement.submission_deadline is None:
        raise ValidationError(
            {"submission_deadline": "Record the submission deadline before opening the tender."}
        )
    standstill_ends = procurement.standstill_end_date
    if status == S.AWARDED and standstill_ends is not None and today <= standstill_ends:
        raise ValidationError(
            {
                "status": (
                    "The standstill period runs to the end of "
                    f"{procurement.standstill_end_date:%d/%m/%Y}. The award can be "
                    "confirmed from the next day, if no challenge has been made."
                )
            }
        )
    if status == S.CANCELLED:
        procurement.cancelled_on = today
        procurement.cancelled_reason = reason.strip()
    if status == S.OPEN and procurement.publication_date is None:
        procurement.publication_date = today
    procurement.status = status
    return _save(procurement)


def _refusal(procurement: Procurement, status: str) -> str:
    current = procurement.status
    if current in (S.COMPLETE, S.CANCELLED):
        return f"The procurement is {_label(current)}: its status can no longer change."
    if status == S.CANCELLED:
        return (
            f"A procurement that has been {_label(current)} cannot be cancelled: "
            "end the contracts it let instead."
        )
    if status in (S.STANDSTILL, S.AWARDED) and current in (S.EVALUATION, *EDITABLE_TERMS, S.OPEN):
        return (
            "A procurement reaches standstill or awarded by recording the award decision, "
            "which needs the evaluation to be finished and a manager's approval."
        )
    if ORDER.index(status) < ORDER.index(current):
        return (
            f"A procurement cannot go back from {_label(current)} to {_label(status)}: "
            "the workflow only moves forward."
        )
    allowed = ", ".join(_label(s) for s in ALLOWED_MOVES[current])
    return (
        f"A procurement that is {_label(current)} cannot move straight to {_label(status)}: "
        f"it can move to {allowed}."
    )


# --- Lots --------------------------------------------------------------------


@transaction.atomic
def lot_create(
    *,
    procurement: Procurement,
    number: int,
    title: str,
    service_type: str | None = None,
    max_awards: int = 1,
    tier: FrameworkTier | None = None,
) -> Lot:
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status not in (*EDITABLE_TERMS, S.OPEN):
        raise ValidationError(
            f"Lots can be added until bids are evaluated; this procurement is "
            f"{_label(procurement.status)}."
        )
    _check_tier(procurement, tier)
    lot = Lot(
        procurement=procurement,
        number=number,
        title=title,
        service_type=service_type or procurement.service_type,
        max_awards=max_awards,
        tier=tier,
    )
    lot.full_clean()
    lot.save()
    return lot


@transaction.atomic
def lot_update(*, lot: Lot, **fields) -> Lot:
    """Change a lot; once the tender is published only its title may change,
    since bidders priced what was advertised."""
    procurement = Procurement.objects.select_for_update().get(pk=lot.procurement_id)
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    if procurement.status not in (*EDITABLE_TERMS, S.OPEN, S.EVALUATION):
        raise ValidationError(
            f"The lots of a procurement that is {_label(procurement.status)} cannot change."
        )
    if procurement.status not in EDITABLE_TERMS:
        changed = [
            name
            for name, value in fields.items()
            if name != "title" and value != getattr(lot, name)
        ]
        if changed:
            raise ValidationError(dict.fromkeys(changed, FIXED_ONCE_PUBLISHED))
    for name, value in fields.items():
        setattr(lot, name, value)
    _check_tier(procurement, lot.tier)
    lot.full_clean()
    lot.save()
    return lot


def _check_tier(procurement: Procurement, tier: FrameworkTier | None) -> None:
    if tier is None:
        return
    if procurement.framework_id is None:
        raise ValidationError(
            {"tier": "Link the procurement to its framework before linking a lot to a tier."}
        )
    if tier.framework_id != procurement.framework_id:
        raise ValidationError(
            {
                "tier": f"Choose a tier of {procurement.framework.reference}, the framework "
                "this procurement is for."
            }
        )


# --- Bids --------------------------------------------------------------------


def _check_marks(procurement: Procurement, marks: Decimal | None) -> None:
    if marks is not None and marks > procurement.quality_max_marks:
        raise ValidationError(
            {
                "quality_marks": (
                    f"Quality marks cannot be more than the maximum of "
                    f"{procurement.quality_max_marks.normalize():f}."
                )
            }
        )


@transaction.atomic
def bid_create(
    *,
    lot: Lot,
    provider: Provider,
    price: Decimal,
    quality_marks: Decimal | None = None,
    status: str = BidStatus.SUBMITTED,
    moderation_notes: str = "",
) -> Bid:
    """Record a bid received while the tender is open; the lot is re-scored."""
    procurement = Procurement.objects.select_for_update().get(pk=lot.procurement_id)
    if procurement.status != S.OPEN:
        raise ValidationError(
            f"Bids are taken only while the tender is open; this procurement is "
            f"{_label(procurement.status)}."
        )
    if provider.archived_at is not None:
        raise ValidationError({"provider": f"{provider.name} is archived: reinstate it first."})
    if Bid.objects.filter(lot=lot, provider=provider).exists():
        raise ValidationError(
            {"provider": f"{provider.name} has already bid for lot {lot.number}: edit that bid."}
        )
    _check_marks(procurement, quality_marks)
    bid = Bid(
        lot=lot,
        provider=provider,
        price=price,
        quality_marks=quality_marks,
        status=status,
        moderation_notes=moderation_notes,
    )
    bid.full_clean()
    bid.save()
    lot_evaluate(lot=lot)
    bid.refresh_from_db()
    return bid


@transaction.atomic
def bid_update(*, bid: Bid, **fields) -> Bid:
    """Change a bid: anything while open; during evaluation the panel records
    marks, moderation notes and compliance, but the price is as submitted."""
    procurement = Procurement.objects.select_for_update().get(pk=bid.lot.procurement_id)
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if procurement.status not in (S.OPEN, S.EVALUATION):
        raise ValidationError(
            f"Bids can be changed while the tender is open or in evaluation; this "
            f"procurement is {_label(procurement.status)}."
        )
    if (
        procurement.status == S.EVALUATION
        and "price" in fields
        and Decimal(fields["price"]) != bid.price
    ):
        raise ValidationError({"price": "The price cannot change after the submission deadline."})
    if "provider" in fields and fields["provider"] != bid.provider:
        raise ValidationError({"provider": "Record a bid from another provider as a new bid."})
    _check_marks(procurement, fields.get("quality_marks", bid.quality_marks))
    for name, value in fields.items():
        setattr(bid, name, value)
    bid.full_clean()
    bid.save()
    lot_evaluate(lot=bid.lot)
    bid.refresh_from_db()
    return bid
