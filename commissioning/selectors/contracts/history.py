"""A record's history as officers read it: who changed what, and when.

Built from django-simple-history's rows of the record and of its parts
(options, funders, variations …), one query per part, however long the
history: consecutive versions of each row are compared in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from commissioning.services.contracts.common import long_date

IGNORED = {"id", "modified_at", "modified_by", "created_at", "created_by"}
ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _changes(new, old) -> list[Change]:
    # Compared field by field: simple-history's diff skips fields that are not
    # editable, and the derived dates (the ones officers care about) are not.
    model = new.instance_type
    changes = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in IGNORED or model_field.is_relation:
            continue
        before = getattr(old, model_field.attname)
        after = getattr(new, model_field.attname)
        if before != after:
            changes.append(
                Change(
                    field=str(model_field.verbose_name).capitalize(),
                    old=_display(model_field, before),
                    new=_display(model_field, after),
                )
            )
    return changes


def history_entries(
    sources: Iterable[tuple[QuerySet, Callable[[object], str]]], *, limit: int = 50
) -> list[HistoryEntry]:
    """``sources`` pairs a history queryset with how to name one of its rows
    ("Option 2", "Funder NHS …"). Newest first, at most ``limit`` entries."""
    entries: list[HistoryEntry] = []
    for queryset, name in sources:
        previous: dict[int, object] = {}
        for record in queryset.select_related("history_user").order_by(
            "history_date", "history_id"
        ):
            old = previous.get(record.id)
            previous[record.id] = record
            changes = (
                _changes(record, old) if old is not None and record.history_type == "~" else []
            )
            if record.history_type == "~" and not changes:
                continue
            user = record.history_user
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=(user.get_full_name() or user.get_username()) if user else "System",
                    what=f"{name(record)} {ACTIONS[record.history_type]}",
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
