"""Framework agreements: their term and extension options, tiers, members
and rates (DOMAIN.md §1–2).

Every derived date comes from commissioning.common.terms.compute_term, and
framework_recompute_term is the one place that stores them: every service
that changes a framework's start, term or options ends by calling it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning.common.choices import ServiceType
from commissioning.common.terms import OptionStatus, OptionTerms, TermDates, compute_term
from providers.models import Provider
from tenders.models import (
    Framework,
    FrameworkExtensionOption,
    FrameworkMember,
    FrameworkRate,
    FrameworkStatus,
    FrameworkTier,
    Procurement,
    Regime,
)
from tenders.services.notices import procurement_sync_notices

# PCR 2015 reg. 33(3) and Procurement Act 2023 s.47: at most four years,
# except light-touch frameworks under the Act, which have no maximum.
MAX_FRAMEWORK_MONTHS = 48

FRAMEWORK_FIELDS = (
    "reference",
    "name",
    "service_type",
    "start_date",
    "initial_term_months",
    "notice_days",
    "procurement_lead_months",
    "term_justification",
)


def framework_status_on(
    *, start_date: dt.date, initial_end_date: dt.date, current_end_date: dt.date, on: dt.date
) -> str:
    if on < start_date:
        return FrameworkStatus.COMING
    if on > current_end_date:
        return FrameworkStatus.EXPIRED
    if on > initial_end_date:
        return FrameworkStatus.EXTENDED
    return FrameworkStatus.LIVE


def framework_terms(framework: Framework, options: Sequence | None = None) -> TermDates:
    if options is None:
        options = list(framework.extension_options.all())
    return compute_term(
        start=framework.start_date,
        initial_months=framework.initial_term_months,
        options=[OptionTerms(o.sequence, o.months, o.months_used, o.status) for o in options],
        notice_days=framework.notice_days,
        lead_months=framework.procurement_lead_months,
    )


def _store_term(framework: Framework, term: TermDates, today: dt.date) -> None:
    framework.initial_end_date = term.initial_end
    framework.current_end_date = term.current_end
    framework.max_end_date = term.max_end
    framework.reprocurement_start_by = term.reprocurement_start_by
    framework.next_decision_deadline = term.next_decision_deadline
    framework.status = framework_status_on(
        start_date=framework.start_date,
        initial_end_date=term.initial_end,
        current_end_date=term.current_end,
        on=today,
    )


@transaction.atomic
def framework_recompute_term(*, framework: Framework, today: dt.date | None = None) -> Framework:
    """Recompute and store the framework's dates and each option's decision
    deadline; keep the notices of its Procurement Act procurements in step."""
    today = today or timezone.localdate()
    options = list(framework.extension_options.order_by("sequence"))
    term = framework_terms(framework, options)
    _store_term(framework, term, today)
    framework.save()
    for option in options:
        deadline = term.decision_deadlines.get(option.sequence)
        if option.decision_deadline != deadline:
            option.decision_deadline = deadline
            option.save(update_fields=["decision_deadline"])
    for procurement in framework.procurements.filter(regime=Regime.PA2023):
        procurement_sync_notices(procurement=procurement)
    return framework


def framework_check_term_limit(*, framework: Framework, procurement: Procurement) -> None:
    """Refuse a maximum term beyond the legal limit unless it is justified."""
    if procurement.regime == Regime.PA2023 and procurement.light_touch:
        return
    months = framework.initial_term_months + sum(
        option.months for option in framework.extension_options.all()
    )
    if months <= MAX_FRAMEWORK_MONTHS or framework.term_justification.strip():
        return
    law = (
        "the Procurement Act 2023 (s.47)"
        if procurement.regime == Regime.PA2023
        else "the Public Contracts Regulations 2015 (reg. 33)"
    )
    raise ValidationError(
        {
            "framework": (
                f"{framework.reference} may last {months} months with its options, but under "
                f"{law} a framework lasts at most 4 years unless an exceptional case is "
                "justified. Shorten its options, or record the justification on the framework."
            )
        }
    )


DERIVED_DATES = ("initial_end_date", "current_end_date", "max_end_date")


def _check_inputs(framework: Framework) -> None:
    """The officer's own fields, before any date is derived from them."""
    framework.full_clean(exclude=DERIVED_DATES, validate_constraints=False)


def _check_all_term_limits(framework: Framework) -> None:
    for procurement in framework.procurements.all():
        try:
            framework_check_term_limit(framework=framework, procurement=procurement)
        except ValidationError as error:
            raise ValidationError({"extension_options": error.message_dict["framework"]}) from error


def _set_options(framework: Framework, option_months: Sequence[int]) -> None:
    options = list(framework.extension_options.order_by("sequence"))
    if [o.months for o in options] == list(option_months):
        return
    decided = [o for o in options if o.status != OptionStatus.AVAILABLE or o.months_used]
    if decided:
        raise ValidationError(
            {
                "extension_options": (
                    f"Option {decided[0].sequence} has already been decided, so the options "
                    "can no longer be changed."
                )
            }
        )
    for months in option_months:
        if int(months) < 1:
            raise ValidationError({"extension_options": "Each option is at least 1 month."})
    for option, months in zip(options, option_months, strict=False):
        if option.months != months:
            option.months = months
            option.save(update_fields=["months"])
    for option in options[len(option_months) :]:
        option.delete()
    for sequence, months in enumerate(option_months[len(options) :], start=len(options) + 1):
        FrameworkExtensionOption.objects.create(
            framework=framework, sequence=sequence, months=months
        )


@transaction.atomic
def framework_create(*, option_months: Sequence[int] = (), **fields) -> Framework:
    """A framework with its extension options ("3 years + up to 2 × 12 months")."""
    unknown = set(fields) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown framework fields: {sorted(unknown)}")
    framework = Framework(**fields)
    _check_inputs(framework)
    draft = [OptionTerms(i, months) for i, months in enumerate(option_months, start=1)]
    term = compute_term(
        start=framework.start_date,
        initial_months=framework.initial_term_months,
        options=draft,
        notice_days=framework.notice_days,
        lead_months=framework.procurement_lead_months,
    )
    _store_term(framework, term, timezone.localdate())
    framework.full_clean()
    framework.save()
    _set_options(framework, list(option_months))
    return framework_recompute_term(framework=framework)


@transaction.atomic
def framework_update(
    *, framework: Framework, option_months: Sequence[int] | None = None, **fields
) -> Framework:
    unknown = set(fields) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown framework fields: {sorted(unknown)}")
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    for name, value in fields.items():
        setattr(framework, name, value)
    _check_inputs(framework)
    if option_months is not None:
        _set_options(framework, list(option_months))
    _store_term(framework, framework_terms(framework), timezone.localdate())
    framework.full_clean()
    first_joined = framework.members.order_by("joined_on").values_list("joined_on", flat=True)
    if first_joined and first_joined[0] < framework.start_date:
        raise ValidationError(
            {"start_date": f"Members joined on {first_joined[0]:%d/%m/%Y}, before this start."}
        )
    _check_all_term_limits(framework)
    return framework_recompute_term(framework=framework)


def _locked_options(option: FrameworkExtensionOption):
    Framework.objects.select_for_update().get(pk=option.framework_id)
    options = list(
        FrameworkExtensionOption.objects.select_for_update()
        .filter(framework_id=option.framework_id)
        .order_by("sequence")
    )
    return next(o for o in options if o.pk == option.pk), options


def _decision_date_check(decided_on: dt.date) -> None:
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "The decision date cannot be in the future."})


@transaction.atomic
def framework_option_exercise(
    *,
    option: FrameworkExtensionOption,
    decided_on: dt.date,
    months: int | None = None,
    decision_reference: str = "",
) -> Framework:
    """Exercise an option, in full or in part (DOMAIN.md §1): in sequence, by
    its decision deadline, for at most the months left on it."""
    option, options = _locked_options(option)
    if option.status != OptionStatus.AVAILABLE:
        raise ValidationError(
            f"Option {option.sequence} is {option.get_status_display().lower()}: "
            "it can no longer be exercised."
        )
    earlier = [o for o in options if o.sequence < option.sequence]
    pending = [o for o in earlier if o.status == OptionStatus.AVAILABLE]
    if pending:
        raise ValidationError(
            f"Exercise or decline option {pending[0].sequence} first: options are taken in order."
        )
    left = option.months - option.months_used
    months = left if months is None else int(months)
    if months < 1 or months > left:
        raise ValidationError(
            {"months": f"Option {option.sequence} has {left} months left: choose 1 to {left}."}
        )
    _decision_date_check(decided_on)
    framework = framework_recompute_term(framework=option.framework)
    option.refresh_from_db()
    if option.decision_deadline and decided_on > option.decision_deadline:
        raise ValidationError(
            {
                "decided_on": (
                    f"The decision on option {option.sequence} was due by "
                    f"{option.decision_deadline:%d/%m/%Y}. An option not exercised by its "
                    "decision deadline lapses, so it can no longer be exercised."
                )
            }
        )
    option.months_used += months
    option.status = (
        OptionStatus.EXERCISED if option.months_used == option.months else OptionStatus.AVAILABLE
    )
    option.decided_on = decided_on
    option.decision_reference = decision_reference
    option.save()
    return framework_recompute_term(framework=framework)


@transaction.atomic
def framework_option_decline(
    *, option: FrameworkExtensionOption, decided_on: dt.date, decision_reference: str = ""
) -> Framework:
    """Decline what is left of an option; the options after it lapse with it."""
    option, options = _locked_options(option)
    if option.status != OptionStatus.AVAILABLE:
        raise ValidationError(
            f"Option {option.sequence} is {option.get_status_display().lower()}: "
            "there is nothing left to decline."
        )
    _decision_date_check(decided_on)
    option.status = OptionStatus.DECLINED
    option.decided_on = decided_on
    option.decision_reference = decision_reference
    option.save()
    for later in options:
        if later.sequence > option.sequence and later.status == OptionStatus.AVAILABLE:
            later.status = OptionStatus.LAPSED
            later.save(update_fields=["status"])
    return framework_recompute_term(framework=option.framework)


# --- Tiers and members ---------------------------------------------------------


@transaction.atomic
def framework_tier_create(
    *,
    framework: Framework,
    name: str,
    priority: int,
    service_type: str | None = None,
    lot_group: str = "",
) -> FrameworkTier:
    service_type = service_type or framework.service_type
    tier = FrameworkTier(
        framework=framework,
        name=name.strip(),
        priority=priority,
        service_type=service_type,
        lot_group=(lot_group.strip() or ServiceType(service_type).label).lower(),
    )
    tier.full_clean()
    tier.save()
    return tier


@transaction.atomic
def framework_member_add(
    *,
    framework: Framework,
    tier: FrameworkTier,
    provider: Provider,
    joined_on: dt.date,
    rank: int | None = None,
    award=None,
) -> FrameworkMember:
    """Place a provider on a tier. A provider may be on several tiers of one
    framework only if the tiers are for different work (different lots)."""
    if tier.framework_id != framework.pk:
        raise ValidationError({"tier": f"Choose a tier of {framework.reference}."})
    if provider.archived_at is not None:
        raise ValidationError({"provider": f"{provider.name} is archived: reinstate it first."})
    if joined_on < framework.start_date or joined_on > framework.current_end_date:
        raise ValidationError(
            {
                "joined_on": (
                    f"{framework.reference} runs from {framework.start_date:%d/%m/%Y} to "
                    f"{framework.current_end_date:%d/%m/%Y}: choose a date in that period."
                )
            }
        )
    current = FrameworkMember.objects.select_for_update().filter(
        framework=framework, left_on__isnull=True
    )
    clash = current.filter(provider=provider, lot_group=tier.lot_group).select_related("tier")
    if clash:
        raise ValidationError(
            {
                "provider": (
                    f"{provider.name} is already on {clash[0].tier.name} of {framework.reference}, "
                    "which is for the same work. A provider may be on several tiers only if "
                    "they are different lots."
                )
            }
        )
    in_tier = current.filter(tier=tier)
    if rank is None:
        rank = (in_tier.aggregate(top=Max("rank"))["top"] or 0) + 1
    elif in_tier.filter(rank=rank).exists():
        raise ValidationError(
            {"rank": f"Rank {rank} of {tier.name} is taken: choose another rank."}
        )
    member = FrameworkMember(
        framework=framework,
        tier=tier,
        provider=provider,
        rank=rank,
        lot_group=tier.lot_group,
        joined_on=joined_on,
        award=award,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def framework_member_leave(*, member: FrameworkMember, left_on: dt.date) -> FrameworkMember:
    if member.left_on is not None:
        raise ValidationError(f"{member.provider.name} left on {member.left_on:%d/%m/%Y}.")
    if left_on < member.joined_on:
        raise ValidationError(
            {"left_on": f"It joined on {member.joined_on:%d/%m/%Y}: choose that day or later."}
        )
    member.left_on = left_on
    member.full_clean()
    member.save(update_fields=["left_on"])
    return member


@transaction.atomic
def framework_rate_create(
    *,
    framework: Framework,
    service_type: str,
    unit: str,
    amount: Decimal,
    effective_from: dt.date,
) -> FrameworkRate:
    rate = FrameworkRate(
        framework=framework,
        service_type=service_type,
        unit=unit,
        amount=amount,
        effective_from=effective_from,
    )
    rate.full_clean()
    rate.save()
    return rate


# --- Daily upkeep (called by the scheduled checks) ------------------------------


@transaction.atomic
def frameworks_refresh(*, today: dt.date) -> int:
    """Lapse framework options not exercised by their decision deadline (and
    the options after them), and bring each framework's stored status up to
    ``today``. Idempotent; returns how many frameworks changed."""
    overdue = set(
        FrameworkExtensionOption.objects.filter(
            status=OptionStatus.AVAILABLE, decision_deadline__lt=today
        ).values_list("framework_id", flat=True)
    )
    stale = set(
        Framework.objects.exclude(
            pk__in=[
                framework.pk
                for framework in Framework.objects.only(
                    "pk", "start_date", "initial_end_date", "current_end_date", "status"
                )
                if framework.status
                == framework_status_on(
                    start_date=framework.start_date,
                    initial_end_date=framework.initial_end_date,
                    current_end_date=framework.current_end_date,
                    on=today,
                )
            ]
        ).values_list("pk", flat=True)
    )
    changed = overdue | stale
    for framework in Framework.objects.select_for_update().filter(pk__in=changed).order_by("pk"):
        options = list(framework.extension_options.order_by("sequence"))
        first_overdue = next(
            (
                option.sequence
                for option in options
                if option.status == OptionStatus.AVAILABLE
                and option.decision_deadline is not None
                and option.decision_deadline < today
            ),
            None,
        )
        for option in options:
            if (
                first_overdue is not None
                and option.sequence >= first_overdue
                and option.status == OptionStatus.AVAILABLE
            ):
                option.status = OptionStatus.LAPSED
                option.save(update_fields=["status"])
        framework_recompute_term(framework=framework, today=today)
    return len(changed)
