"""Care packages: list with filters, the package page (reviews, brokerage
offers, hour bank) and the forms for each action."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView

from commissioning.common.access import RecordViewLoggingMixin
from commissioning.common.choices import ServiceType
from commissioning.common.permissions import PersonalDataMixin
from commissioning.common.views import ListPageView
from commissioning.forms.care import (
    OfferAnswerForm,
    OfferForm,
    PackageFilter,
    PackageForm,
    PackageStatusForm,
    ReviewFilter,
    ReviewForm,
    UsageForm,
)
from commissioning.models import BrokerageOffer, OfferResponse, PackageStatus
from commissioning.selectors.care.brokerage import brokerage_candidates, next_to_offer
from commissioning.selectors.care.hour_bank import package_hour_bank, week_starting
from commissioning.selectors.care.packages import (
    package_detail,
    package_list,
    sourcing_days,
    weekly_hours_in_place,
)
from commissioning.selectors.care.reviews import hours_change_by_lead, review_list
from commissioning.services.care.brokerage import brokerage_offer_answer, brokerage_offer_make
from commissioning.services.care.hour_bank import hour_bank_use_record
from commissioning.services.care.packages import (
    EDITABLE,
    STATUS_MOVES,
    package_change_status,
    package_create,
    package_update,
)
from commissioning.services.care.reviews import package_review_record
from commissioning.views.care.common import PackageFormView, PersonFormView

# The package page shows this many weeks of the hour bank unless asked for all.
BANK_WEEKS_SHOWN = 12


class PackageListView(PersonalDataMixin, ListPageView):
    permission_required = "commissioning.view_carepackage"
    filterset_class = PackageFilter
    template_name = "care/package_list.html"
    export_columns = [
        ("Person", "person"),
        ("NHS number", "person.nhs_number_display"),
        ("Service", "get_service_type_display"),
        ("Provider", "provider.name"),
        ("Framework", "framework.reference"),
        ("Weekly hours", "weekly_hours"),
        ("Time-critical", "time_critical"),
        ("Status", "get_status_display"),
        ("Requested", "requested_on"),
        ("Sourced", "sourced_on"),
        ("Start", "start_date"),
        ("End", "end_date"),
        ("Next review due", "next_review_due"),
        ("Review overdue", "review_overdue"),
    ]

    def get_queryset(self):
        return package_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["weekly_hours_in_place"] = weekly_hours_in_place(self.object_list)
        return context


class PackageDetailView(PersonalDataMixin, RecordViewLoggingMixin, DetailView):
    permission_required = "commissioning.view_carepackage"
    template_name = "care/package_detail.html"
    context_object_name = "package"
    record_view_what = "care package page"

    def get_queryset(self):
        return package_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        package = self.object
        today = timezone.localdate()
        context["today"] = today
        context["sourcing_days"] = sourcing_days(package, today=today)
        context["status_moves"] = bool(STATUS_MOVES[PackageStatus(package.status)])
        offers = list(package.offers.all())
        context["offers"] = offers
        context["pending_offers"] = [o for o in offers if o.response == OfferResponse.PENDING]
        if package.framework_id and package.status in (
            PackageStatus.REQUESTED,
            PackageStatus.SOURCING,
        ):
            candidates = brokerage_candidates(package, on=today)
            context["candidates"] = candidates
            context["next_candidate"] = next_to_offer(candidates)
        if package.service_type == ServiceType.SHORT_BREAKS:
            context.update(self._bank_context(package, today))
        return context

    def _bank_context(self, package, today: dt.date) -> dict:
        bank = package_hour_bank(package, through=today)
        weeks = bank.weeks
        show_all = self.request.GET.get("bank") == "all"
        if not show_all:
            first_shown = week_starting(today) - dt.timedelta(weeks=BANK_WEEKS_SHOWN - 1)
            weeks = [week for week in weeks if week.week_starting >= first_shown]
        in_place = bank.schedule.in_place(today)
        usage = list(package.usage.all())
        if weeks:
            usage = [entry for entry in usage if entry.date >= weeks[0].week_starting]
        return {
            "bank": bank,
            "bank_weeks": list(reversed(weeks)),
            "bank_weeks_hidden": len(bank.weeks) - len(weeks),
            "bank_available_today": bank.available_on(today) if in_place else None,
            "bank_expiring": bank.expiring_on(today) if in_place else [],
            "bank_bookings_ahead": any(entry.date > today for entry in usage),
            "usage": usage,
        }


class PackageCreateView(PersonFormView):
    """A new package for a person (from their page)."""

    permission_required = "commissioning.add_carepackage"
    form_class = PackageForm
    success_message = "The package has been requested."
    record_view_what = "new package form"

    @property
    def title(self) -> str:
        return f"New care package for {self.person}"

    def perform(self, data):
        return package_create(person=self.person, **{name: data[name] for name in EDITABLE})


class PackageEditView(PackageFormView):
    permission_required = "commissioning.change_carepackage"
    form_class = PackageForm
    success_message = "The package has been saved."
    record_view_what = "care package edit page"

    @property
    def title(self) -> str:
        return "Edit package"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "package": self.package}

    def get_initial(self):
        initial = {name: getattr(self.package, name) for name in EDITABLE}
        initial["weekly_hours"] = f"{self.package.weekly_hours.normalize():f}"
        return initial

    def perform(self, data):
        return package_update(package=self.package, **{name: data[name] for name in EDITABLE})


class PackageStatusView(PackageFormView):
    permission_required = "commissioning.change_carepackage"
    form_class = PackageStatusForm
    title = "Change the package's status"
    success_message = "The package's status has been changed."

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "moves": STATUS_MOVES[PackageStatus(self.package.status)],
        }

    def perform(self, data):
        return package_change_status(
            package=self.package, status=data["status"], end_date=data.get("end_date")
        )


class ReviewCreateView(PackageFormView):
    permission_required = "commissioning.add_packagereview"
    form_class = ReviewForm
    title = "Record a review"
    success_message = "The review has been recorded."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "package": self.package}

    def perform(self, data):
        return package_review_record(package=self.package, **data)


class OfferCreateView(PackageFormView):
    permission_required = "commissioning.add_brokerageoffer"
    form_class = OfferForm
    title = "Offer the package to a provider"
    success_message = "The offer has been recorded."
    template_name = "care/offer_form.html"

    @cached_property
    def candidates(self):
        return brokerage_candidates(self.package, on=timezone.localdate())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "candidates": self.candidates}

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidates=self.candidates, **kwargs)

    def perform(self, data):
        return brokerage_offer_make(package=self.package, **data)


class OfferAnswerView(PackageFormView):
    permission_required = "commissioning.change_brokerageoffer"
    form_class = OfferAnswerForm
    success_message = "The provider's answer has been recorded."

    @cached_property
    def offer(self) -> BrokerageOffer:
        return get_object_or_404(
            BrokerageOffer.objects.select_related("provider", "tier"),
            pk=self.kwargs["offer_pk"],
            package=self.package,
        )

    @property
    def title(self) -> str:
        return f"Answer from {self.offer.provider}"

    def perform(self, data):
        return brokerage_offer_answer(offer=self.offer, **data)


class UsageCreateView(PackageFormView):
    permission_required = "commissioning.add_hourbankusage"
    form_class = UsageForm
    title = "Record short-break use"
    success_message = "The short-break use has been recorded."

    def perform(self, data):
        return hour_bank_use_record(package=self.package, **data)


class ReviewListView(PersonalDataMixin, ListPageView):
    permission_required = "commissioning.view_packagereview"
    filterset_class = ReviewFilter
    template_name = "care/review_list.html"
    export_columns = [
        ("Review date", "review_date"),
        ("Person", "package.person"),
        ("NHS number", "package.person.nhs_number_display"),
        ("Led by", "get_led_by_display"),
        ("Hours before", "hours_before"),
        ("Hours after", "hours_after"),
        ("Provider before", "provider_before.name"),
        ("New provider", "new_provider.name"),
    ]

    def get_queryset(self):
        return review_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hours_change"] = hours_change_by_lead(reviews=self.object_list)
        return context
