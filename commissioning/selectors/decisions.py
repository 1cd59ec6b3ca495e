"""Reads of governance decisions shared by pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from commissioning.models import (
    Contract,
    DecisionBody,
    DecisionResolution,
    GovernanceDecision,
    RejectedOption,
)
from commissioning.selectors.contracts import HistoryEntry, history_entries


def decision_list() -> QuerySet[GovernanceDecision]:
    return GovernanceDecision.objects.order_by("-meeting_date", "item_number", "pk")


def decision_detail_queryset() -> QuerySet[GovernanceDecision]:
    return decision_list().prefetch_related(
        Prefetch("resolutions", queryset=DecisionResolution.objects.order_by("sequence")),
        Prefetch("rejected_options", queryset=RejectedOption.objects.order_by("sequence")),
        Prefetch("contracts", queryset=Contract.objects.select_related("provider")),
        "procurements",
        "frameworks",
        "variations__contract",
    )


def decision_years() -> list[int]:
    return list(
        GovernanceDecision.objects.annotate(year=ExtractYear("meeting_date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Title or item", method="filter_search", max_length=100)
    body = django_filters.ChoiceFilter(choices=DecisionBody.choices, empty_label="Any body")
    year = django_filters.NumberFilter(
        field_name="meeting_date", lookup_expr="year", label="Year of the meeting"
    )

    class Meta:
        model = GovernanceDecision
        fields = ["q", "body", "year"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(item_number__iexact=value) | Q(purpose__icontains=value)
        )


def decision_history(decision, *, limit: int = 50) -> list[HistoryEntry]:
    return history_entries(
        [
            (GovernanceDecision.history.filter(id=decision.pk), lambda record: "Decision"),
            (
                DecisionResolution.history.filter(decision_id=decision.pk),
                lambda record: f"Resolution {record.sequence}",
            ),
            (
                RejectedOption.history.filter(decision_id=decision.pk),
                lambda record: f"Rejected option {record.sequence}",
            ),
        ],
        limit=limit,
    )
