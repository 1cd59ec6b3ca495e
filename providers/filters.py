"""Filters of the provider list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django import forms

from commissioning.common.choices import ServiceType
from providers.models import Provider, ProviderType, Rating, ReferenceRate, ReferenceRateKind
from providers.selectors import provider_search, providers_offering


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Name, legal name, regulator ID, company number or postcode",
    )
    provider_type = django_filters.ChoiceFilter(
        label="Type", choices=ProviderType.choices, empty_label="Any type"
    )
    rating = django_filters.ChoiceFilter(
        label="CQC rating", choices=Rating.choices, empty_label="Any rating"
    )
    service = django_filters.ChoiceFilter(
        label="Service",
        choices=ServiceType.choices,
        empty_label="Any service",
        method="offering",
    )
    active = django_filters.ChoiceFilter(
        label="Status",
        choices=(("true", "Active"), ("false", "Archived")),
        empty_label="Active and archived",
        method="by_status",
    )

    class Meta:
        model = Provider
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(attrs={"spellcheck": "false"})

    def search(self, queryset, name, value):
        return provider_search(queryset, value)

    def offering(self, queryset, name, value):
        return providers_offering(queryset, value)

    def by_status(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=(value == "true"))


class ReferenceRateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Reference rate", choices=ReferenceRateKind.choices, empty_label="All"
    )

    class Meta:
        model = ReferenceRate
        fields = ()
