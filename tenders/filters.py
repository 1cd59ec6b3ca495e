"""Filters of the procurement and framework lists, shared by pages and API."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from commissioning.common.choices import ServiceType
from tenders.models import Framework, FrameworkStatus, Procurement, ProcurementStatus, Regime


class ProcurementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search", help_text="Reference or title")
    status = django_filters.ChoiceFilter(
        label="Status", choices=ProcurementStatus.choices, empty_label="Any status"
    )
    regime = django_filters.ChoiceFilter(
        label="Regime", choices=Regime.choices, empty_label="Any regime"
    )
    service_type = django_filters.ChoiceFilter(
        label="Service", choices=ServiceType.choices, empty_label="Any service"
    )

    class Meta:
        model = Procurement
        fields = ()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search", help_text="Reference or name")
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=FrameworkStatus.choices,
        empty_label="Any status",
        field_name="live_status",
    )
    service_type = django_filters.ChoiceFilter(
        label="Service", choices=ServiceType.choices, empty_label="Any service"
    )

    class Meta:
        model = Framework
        fields = ()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(name__icontains=value))
