"""Filters of the reablement list pages and list endpoints (the same classes)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from commissioning.common import nhs
from commissioning.common.dates import financial_year, financial_year_label
from providers.models import Provider
from reablement.models import ReablementService, ReferralStatus, Route, Sequel
from reablement.selectors import COHORTS, cohort_q, default_metrics_year

YES_NO = (("yes", "Yes"), ("no", "No"))


def _person_search(queryset, value: str):
    """Family or given name, or NHS number with or without spaces."""
    value = value.strip()
    digits = nhs.normalise(value)
    if digits.isdigit():
        return queryset.filter(person__nhs_number__startswith=digits)
    query = Q()
    for word in value.split():
        query &= Q(person__family_name__icontains=word) | Q(person__given_name__icontains=word)
    return queryset.filter(query)


def _year_choices():
    current = financial_year(timezone.localdate())
    return [(str(year), financial_year_label(year)) for year in range(current, current - 20, -1)]


class ServiceFilter(django_filters.FilterSet):
    provider = django_filters.ModelChoiceFilter(
        queryset=Provider.objects.filter(reablement_services__isnull=False).distinct(),
        empty_label="All providers",
    )
    pilot = django_filters.ChoiceFilter(
        label="Pilot", choices=YES_NO, empty_label="Pilots and others", method="filter_pilot"
    )

    class Meta:
        model = ReablementService
        fields = ["provider"]

    def filter_pilot(self, queryset, name, value):
        return queryset.filter(is_pilot=value == "yes")


class _PeopleFilter(django_filters.FilterSet):
    """Who, which service and which route: the filters referrals and episodes share."""

    person = django_filters.CharFilter(
        label="Name or NHS number", method="filter_person", max_length=100
    )
    service = django_filters.ModelChoiceFilter(
        queryset=ReablementService.objects.order_by("name"), empty_label="All services"
    )
    route = django_filters.ChoiceFilter(choices=Route.choices, empty_label="All routes")

    def filter_person(self, queryset, name, value):
        return _person_search(queryset, value)


class ReferralFilter(_PeopleFilter):
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices, empty_label="Any status")


class EpisodeFilter(_PeopleFilter):
    state = django_filters.ChoiceFilter(
        label="Open or ended",
        choices=(("open", "Open"), ("ended", "Ended")),
        empty_label="Open and ended",
        method="filter_state",
    )
    overrunning = django_filters.ChoiceFilter(
        label="Overrunning six weeks",
        choices=YES_NO,
        empty_label="Either",
        method="filter_overrunning",
    )
    follow_up = django_filters.ChoiceFilter(
        label="91-day follow-up",
        choices=(
            ("due", "Due and not recorded"),
            ("upcoming", "Not due yet"),
            ("recorded", "Recorded"),
        ),
        empty_label="Any",
        method="filter_follow_up",
    )
    sequel = django_filters.ChoiceFilter(choices=Sequel.choices, empty_label="Any sequel")
    year = django_filters.ChoiceFilter(
        label="Financial year of the figure",
        choices=_year_choices,
        empty_label="Choose a year",
        method="filter_nothing",
    )
    cohort = django_filters.ChoiceFilter(
        label="Cohort behind a figure",
        choices=list(COHORTS.items()),
        empty_label="None",
        method="filter_nothing",
    )

    def filter_state(self, queryset, name, value):
        return queryset.filter(end_date__isnull=value == "open")

    def filter_overrunning(self, queryset, name, value):
        return queryset.filter(overrun=value == "yes")

    def filter_follow_up(self, queryset, name, value):
        return queryset.filter(follow_up_state=value)

    def filter_nothing(self, queryset, name, value: str):
        # Year and cohort work together, in filter_queryset.
        return queryset

    def cohort_year(self) -> int:
        year = self.form.cleaned_data.get("year")
        return int(year) if year else default_metrics_year()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        cohort = self.form.cleaned_data.get("cohort")
        if cohort:
            queryset = queryset.filter(cohort_q(cohort, self.cohort_year()))
        return queryset
