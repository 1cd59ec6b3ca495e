"""Governance decisions: Cabinet, Procurement Board and delegated officer
decisions, with their resolutions in order, reasons, the options considered
and rejected, and the procurements, frameworks and contracts they concern."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.models import DecisionResolution, GovernanceDecision, RejectedOption
from commissioning.services.contracts.common import long_date

TEXT_FIELDS = ("item_number", "title", "report_of", "purpose", "reasons", "delegated_authority")
EDITABLE = ("body", "meeting_date", *TEXT_FIELDS)


def _check(decision: GovernanceDecision, resolutions: Sequence[str], today: dt.date) -> None:
    errors = {}
    if not decision.title.strip():
        errors["title"] = "Enter the title of the item, as in the minutes."
    if decision.meeting_date is None:
        errors["meeting_date"] = "Enter the date of the meeting or decision."
    elif decision.meeting_date > today:
        errors["meeting_date"] = (
            "The meeting date cannot be in the future: record the decision once it is made."
        )
    if not [text for text in resolutions if text.strip()]:
        errors["resolutions"] = "Enter at least one resolution, in the words of the minutes."
    if errors:
        raise ValidationError(errors)
    if decision.item_number.strip():
        clash = GovernanceDecision.objects.filter(
            body=decision.body,
            meeting_date=decision.meeting_date,
            item_number__iexact=decision.item_number.strip(),
        ).exclude(pk=decision.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "item_number": (
                        f"Item {decision.item_number.strip()} of the "
                        f"{decision.get_body_display()} meeting on "
                        f"{long_date(decision.meeting_date)} is already recorded."
                    )
                }
            )


def _write_rows(rows, model, decision: GovernanceDecision, values: list[dict]) -> None:
    """Keep rows in order by sequence: change what changed, add and remove the rest."""
    existing = {row.sequence: row for row in rows}
    for sequence, fields in enumerate(values, start=1):
        row = existing.pop(sequence, None)
        if row is None:
            model.objects.create(decision=decision, sequence=sequence, **fields)
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
    for row in existing.values():
        row.delete()


def _clean_rejected(rejected_options: Iterable[tuple[str, str]]) -> list[dict]:
    cleaned = []
    for option, why in rejected_options:
        option, why = option.strip(), why.strip()
        if not option and not why:
            continue
        if not option or not why:
            raise ValidationError(
                {
                    "rejected_options": (
                        "For each option considered and rejected, enter both the option "
                        "and why it was rejected."
                    )
                }
            )
        cleaned.append({"option": option, "why_rejected": why})
    return cleaned


def _save(
    decision: GovernanceDecision,
    *,
    resolutions: Sequence[str],
    rejected_options: Iterable[tuple[str, str]],
    procurements,
    frameworks,
    contracts,
    today: dt.date | None,
) -> GovernanceDecision:
    today = today or timezone.localdate()
    for name in TEXT_FIELDS:
        setattr(decision, name, getattr(decision, name).strip())
    _check(decision, resolutions, today)
    rejected = _clean_rejected(rejected_options)
    decision.save()
    _write_rows(
        decision.resolutions.all(),
        DecisionResolution,
        decision,
        [{"text": text.strip()} for text in resolutions if text.strip()],
    )
    _write_rows(decision.rejected_options.all(), RejectedOption, decision, rejected)
    if procurements is not None:
        decision.procurements.set(procurements)
    if frameworks is not None:
        decision.frameworks.set(frameworks)
    if contracts is not None:
        decision.contracts.set(contracts)
    return decision


@transaction.atomic
def decision_create(
    *,
    body: str,
    meeting_date: dt.date,
    title: str,
    resolutions: Sequence[str],
    item_number: str = "",
    report_of: str = "",
    purpose: str = "",
    reasons: str = "",
    delegated_authority: str = "",
    rejected_options: Iterable[tuple[str, str]] = (),
    procurements=(),
    frameworks=(),
    contracts=(),
    today: dt.date | None = None,
) -> GovernanceDecision:
    decision = GovernanceDecision(
        body=body,
        meeting_date=meeting_date,
        title=title,
        item_number=item_number,
        report_of=report_of,
        purpose=purpose,
        reasons=reasons,
        delegated_authority=delegated_authority,
    )
    return _save(
        decision,
        resolutions=resolutions,
        rejected_options=rejected_options,
        procurements=procurements,
        frameworks=frameworks,
        contracts=contracts,
        today=today,
    )


@transaction.atomic
def decision_update(
    *,
    decision: GovernanceDecision,
    resolutions: Sequence[str] | None = None,
    rejected_options: Iterable[tuple[str, str]] | None = None,
    procurements=None,
    frameworks=None,
    contracts=None,
    today: dt.date | None = None,
    **changes,
) -> GovernanceDecision:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    decision = GovernanceDecision.objects.select_for_update().get(pk=decision.pk)
    for name, value in changes.items():
        setattr(decision, name, value)
    if resolutions is None:
        resolutions = list(decision.resolutions.values_list("text", flat=True))
    if rejected_options is None:
        rejected_options = list(decision.rejected_options.values_list("option", "why_rejected"))
    return _save(
        decision,
        resolutions=resolutions,
        rejected_options=rejected_options,
        procurements=procurements,
        frameworks=frameworks,
        contracts=contracts,
        today=today,
    )
