"""Provider pages: thin views over the provider services and selectors."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from commissioning.common.views import ListPageView
from providers import selectors, services
from providers.filters import ProviderFilter, ReferenceRateFilter
from providers.forms import (
    ArchiveForm,
    ContactForm,
    ProviderForm,
    RateForm,
    RatingForm,
    ReferenceRateForm,
    ReinstateForm,
)
from providers.models import Provider, ProviderContact, ReferenceRate
from providers.pages import SelectorDetailView, ServiceFormView


def _list_crumb():
    return ("Providers", reverse("providers:list"))


class ProviderListView(ListPageView):
    permission_required = "providers.view_provider"
    filterset_class = ProviderFilter
    template_name = "providers/provider_list.html"
    export_columns = [
        ("Name", "name"),
        ("Legal name", "legal_name"),
        ("Type", "get_provider_type_display"),
        ("Regulator", "get_regulator_display"),
        ("Regulator ID", "regulator_id"),
        ("Rating", "get_rating_display"),
        ("Rating date", "rating_date"),
        ("Pays the Real Living Wage", "pays_real_living_wage"),
        ("Small or medium-sized enterprise", "is_sme"),
        ("Voluntary, community or social enterprise", "is_vcse"),
        ("Companies House number", "company_number"),
        ("Charity number", "charity_number"),
        ("Postcode", "postcode"),
        ("Current frameworks", "current_framework_count"),
        ("Archived", "archived_at"),
    ]

    def get_queryset(self):
        return selectors.provider_list()


class ProviderDetailView(SelectorDetailView):
    permission_required = "providers.view_provider"
    template_name = "providers/provider_detail.html"
    context_object_name = "provider"
    detail_selector = selectors.provider_detail

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.object
        today = timezone.localdate()
        references = selectors.ReferenceRates()
        memberships = list(provider.framework_memberships.all())
        current_memberships = [
            m for m in memberships if m.left_on is None and m.framework.current_end_date >= today
        ]
        context.update(
            today=today,
            rate_rows=selectors.rate_rows(
                list(provider.rates.all()), today=today, references=references
            ),
            reference_rates=selectors.current_reference_rates(today, references),
            current_memberships=current_memberships,
            past_memberships=[
                m
                for m in memberships
                if m.left_on is not None or m.framework.current_end_date < today
            ],
            framework_rates=[
                (
                    member.framework,
                    selectors.rate_rows(
                        list(member.framework.rates.all()),
                        today=today,
                        references=references,
                        ends_on=member.framework.current_end_date,
                    ),
                )
                for member in current_memberships
            ],
            contracts=list(provider.contracts.all()),
            breadcrumbs=[_list_crumb()],
        )
        return context


class ProviderFormPageMixin:
    """Form pages about one provider: the provider, breadcrumbs, cancel link."""

    def dispatch(self, request, *args, **kwargs):
        self.provider = get_object_or_404(Provider, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.provider.get_absolute_url()

    def get_breadcrumbs(self):
        return [_list_crumb(), (self.provider.name, self.provider.get_absolute_url())]

    def get_success_url_for(self, record):
        return self.provider.get_absolute_url()


class ProviderCreateView(ServiceFormView):
    permission_required = "providers.add_provider"
    form_class = ProviderForm
    page_title = "Add a provider"
    success_message = "{record.name} added"

    def get_cancel_url(self):
        return reverse("providers:list")

    def get_breadcrumbs(self):
        return [_list_crumb()]

    def perform(self, form):
        return services.provider_create(
            **form.service_fields(),
            rating=form.cleaned_data["rating"],
            rating_date=form.cleaned_data["rating_date"],
        )


class ProviderUpdateView(ProviderFormPageMixin, ServiceFormView):
    permission_required = "providers.change_provider"
    form_class = ProviderForm
    success_message = "{record.name} updated"

    def get_page_title(self):
        return f"Edit {self.provider.name}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.provider}

    def perform(self, form):
        # A fresh copy: the form has already written its values onto its instance.
        provider = Provider.objects.get(pk=self.provider.pk)
        return services.provider_update(provider=provider, **form.service_fields())


class ProviderArchiveView(ProviderFormPageMixin, ServiceFormView):
    permission_required = "providers.change_provider"
    form_class = ArchiveForm
    success_message = "{record.name} archived"
    intro = (
        "An archived provider keeps its history, ratings, rates and contracts, but is no "
        "longer offered new work. You can reinstate it later."
    )

    def get_page_title(self):
        return f"Archive {self.provider.name}"

    def perform(self, form):
        return services.provider_archive(provider=self.provider, reason=form.cleaned_data["reason"])


class ProviderReinstateView(ProviderFormPageMixin, ServiceFormView):
    permission_required = "providers.change_provider"
    form_class = ReinstateForm
    success_message = "{record.name} reinstated"

    def get_page_title(self):
        return f"Reinstate {self.provider.name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = f"It was archived because: {self.provider.archived_reason}"
        return context

    def perform(self, form):
        return services.provider_reinstate(provider=self.provider)


class RatingCreateView(ProviderFormPageMixin, ServiceFormView):
    permission_required = "providers.add_providerrating"
    form_class = RatingForm
    success_message = "Rating recorded"
    intro = (
        "A new rating is added to the provider's history; earlier ratings are kept. "
        "A drop to Requires improvement or Inadequate is a risk signal."
    )

    def get_page_title(self):
        return f"Record a rating for {self.provider.name}"

    def perform(self, form):
        services.provider_record_rating(provider=self.provider, **form.cleaned_data)
        return self.provider


class ContactCreateView(ProviderFormPageMixin, ServiceFormView):
    permission_required = "providers.add_providercontact"
    form_class = ContactForm
    success_message = "Contact saved"

    def get_page_title(self):
        return f"Add a contact at {self.provider.name}"

    def perform(self, form):
        return services.provider_contact_save(provider=self.provider, **form.cleaned_data)


class ContactUpdateView(ProviderFormPageMixin, ServiceFormView):
    permission_required = "providers.change_providercontact"
    form_class = ContactForm
    success_message = "Contact saved"

    def dispatch(self, request, *args, **kwargs):
        self.contact = get_object_or_404(
            ProviderContact, pk=kwargs["contact_pk"], provider_id=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Edit contact: {self.contact.name}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.contact}

    def perform(self, form):
        contact = ProviderContact.objects.get(pk=self.contact.pk)
        return services.provider_contact_save(
            provider=self.provider, contact=contact, **form.cleaned_data
        )


class RateCreateView(ProviderFormPageMixin, ServiceFormView):
    permission_required = "providers.add_providerrate"
    form_class = RateForm
    success_message = "Rate added"
    intro = "Rates change from a date: the earlier rate stays on record for the dates it applied."

    def get_page_title(self):
        return f"Add a rate for {self.provider.name}"

    def perform(self, form):
        return services.provider_rate_create(provider=self.provider, **form.cleaned_data)


class ReferenceRateListView(ListPageView):
    """The dated reference rates: Real Living Wage and the minimum price for homecare."""

    permission_required = "providers.view_referencerate"
    filterset_class = ReferenceRateFilter
    template_name = "providers/reference_rates.html"
    export_columns = [
        ("Reference rate", "get_kind_display"),
        ("Unit", "get_unit_display"),
        ("Amount", "amount"),
        ("From", "effective_from"),
        ("Source", "source"),
    ]

    def get_queryset(self):
        return ReferenceRate.objects.order_by("kind", "-effective_from")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(current=selectors.current_reference_rates(), breadcrumbs=[_list_crumb()])
        return context


class ReferenceRateCreateView(ServiceFormView):
    permission_required = "providers.add_referencerate"
    form_class = ReferenceRateForm
    page_title = "Add a reference rate"
    success_message = "Reference rate added"

    def get_cancel_url(self):
        return reverse("providers:reference-rates")

    def get_breadcrumbs(self):
        return [_list_crumb(), ("Reference rates", reverse("providers:reference-rates"))]

    def get_success_url_for(self, record):
        return reverse("providers:reference-rates")

    def perform(self, form):
        return services.reference_rate_create(**form.cleaned_data)
