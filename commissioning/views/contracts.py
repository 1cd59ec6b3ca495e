"""Pages of the contract register: the register, the forward plan, a
contract's page, and the forms that enter and vary contracts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView

from commissioning.common.permissions import RolePermissionMixin
from commissioning.common.views import ListPageView
from commissioning.forms.contracts import (
    ContractForm,
    DeclineOptionForm,
    ExerciseOptionForm,
    FundingForm,
    ScopeChangeForm,
    TerminationForm,
    UntilAwardForm,
    ValueChangeForm,
    WaiverForm,
    apply_service_errors,
)
from commissioning.models import Contract, ExtensionOption, VariationKind
from commissioning.roles import APPROVE_DECISIONS
from commissioning.selectors.contracts import (
    ContractFilter,
    ForwardPlanFilter,
    contract_detail_queryset,
    contract_history,
    contract_list,
    contract_timeline,
    forward_plan,
    register_totals,
)
from commissioning.services.contracts import (
    contract_activate,
    contract_create,
    contract_decline_option,
    contract_exercise_option,
    contract_record_variation,
    contract_set_funding,
    contract_update,
)
from commissioning.services.contracts.common import long_date
from commissioning.views.contract_timeline import legend, timeline_chart, timeline_summary

VIEW = "commissioning.view_contract"
CHANGE = "commissioning.change_contract"

REGISTER_COLUMNS = [
    ("Reference", "reference"),
    ("Title", "title"),
    ("Provider", "provider.name"),
    ("Service type", "get_service_type_display"),
    ("Framework", "framework.reference"),
    ("How it was let", "get_procurement_route_display"),
    ("Start date", "start_date"),
    ("Initial end date", "initial_end_date"),
    ("Current end date", "current_end_date"),
    ("Maximum end date", "max_end_date"),
    ("Beyond maximum extent", "beyond_max_extent"),
    ("Next extension decision due", "next_decision_deadline"),
    ("Start re-procurement by", "reprocurement_start_by"),
    ("Pilot ending on award of", "ends_on_award_of.reference"),
    ("Annual value", "annual_value"),
    ("Status", "get_status_display"),
]


class ContractListView(ListPageView):
    """The register: current contracts by end date, unless filtered otherwise."""

    permission_required = VIEW
    filterset_class = ContractFilter
    template_name = "contracts/contract_list.html"
    export_columns = REGISTER_COLUMNS
    defaults = {"status": "current", "sort": "end"}

    def get_queryset(self):
        return contract_list()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = kwargs["data"].copy() if kwargs["data"] is not None else QueryDict(mutable=True)
        for name, value in self.defaults.items():
            data.setdefault(name, value)
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = register_totals(self.object_list)
        context["today"] = timezone.localdate()
        context["can_add"] = self.request.user.has_perm("commissioning.add_contract")
        return context


class ForwardPlanView(ListPageView):
    """Contracts whose re-procurement should start within two years."""

    permission_required = VIEW
    filterset_class = ForwardPlanFilter
    template_name = "contracts/forward_plan.html"
    export_filename = "forward-plan"
    export_columns = [
        ("Start re-procurement by", "reprocurement_start_by"),
        *[column for column in REGISTER_COLUMNS if column[1] != "reprocurement_start_by"],
        ("Final end date", "final_end_date"),
        ("Replacement procurement", "replacement_procurement.reference"),
    ]
    months = 24

    def get_queryset(self):
        return forward_plan(today=timezone.localdate(), months=self.months)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["months"] = self.months
        return context


class ContractDetailView(RolePermissionMixin, DetailView):
    permission_required = VIEW
    template_name = "contracts/contract_detail.html"
    context_object_name = "contract"

    def get_queryset(self):
        return contract_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract, user = self.object, self.request.user
        today = timezone.localdate()
        timeline = contract_timeline(contract, today=today)
        chart = timeline_chart(timeline)
        funding = list(contract.funding.all())
        context.update(
            today=today,
            timeline=timeline,
            chart=chart,
            timeline_legend=legend(chart),
            timeline_summary=timeline_summary(contract),
            options=list(contract.extension_options.all()),
            funding=funding,
            funding_total=sum(row.annual_amount for row in funding),
            variations=list(contract.variations.all()),
            decisions=list(contract.decisions.all()),
            history=contract_history(contract),
            can_change=user.has_perm(CHANGE),
            can_approve=user.has_perm(APPROVE_DECISIONS) and user.has_perm(CHANGE),
            can_vary=user.has_perm("commissioning.add_contractvariation"),
            variation_links=[
                (slug, spec.link)
                for slug, spec in VARIATIONS.items()
                if (not spec.needs_approval or user.has_perm(APPROVE_DECISIONS))
                and (spec.kind != VariationKind.UNTIL_AWARD or contract.is_pilot)
            ],
        )
        return context


class ContractFormPage(RolePermissionMixin, FormView):
    """A form about one contract (or a new one) on the shared form page."""

    template_name = "contracts/form_page.html"
    page_title = ""
    contract: Contract | None = None

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.contract = get_object_or_404(contract_list(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.get_page_title()
        context["contract"] = self.contract
        context["cancel_url"] = (
            self.contract.get_absolute_url() if self.contract else reverse("contracts:list")
        )
        return context

    def get_page_title(self) -> str:
        return self.page_title

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.call_service(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(result))
        return redirect(self.get_success_url(result))

    def success_message(self, result) -> str:
        return "Saved."

    def get_success_url(self, result=None):
        return (result if isinstance(result, Contract) else self.contract).get_absolute_url()


class ContractCreateView(ContractFormPage):
    permission_required = "commissioning.add_contract"
    form_class = ContractForm
    page_title = "Add a contract"

    def call_service(self, form):
        return contract_create(**form.service_arguments())

    def success_message(self, contract):
        return f"Contract {contract.reference} added."


class ContractUpdateView(ContractFormPage):
    permission_required = CHANGE
    form_class = ContractForm

    def get_page_title(self):
        return f"Change {self.contract.reference}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["contract"] = self.contract
        kwargs["initial"] = ContractForm.initial_for(self.contract)
        return kwargs

    def call_service(self, form):
        return contract_update(contract=self.contract, **form.service_arguments())

    def success_message(self, contract):
        return f"Contract {contract.reference} updated."


class FundingView(ContractFormPage):
    permission_required = CHANGE
    form_class = FundingForm

    def get_page_title(self):
        return f"Funders of {self.contract.reference}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        funding = list(self.contract.funding.all())
        kwargs["rows"] = max(3, len(funding) + 2)
        kwargs["initial"] = FundingForm.initial_for(funding)
        return kwargs

    def call_service(self, form):
        return contract_set_funding(contract=self.contract, funding=form.funding())

    def success_message(self, contract):
        return "Funders saved."


class OptionActionView(ContractFormPage):
    """Exercise or decline an option: managers only (APPROVE_DECISIONS)."""

    permission_required = (APPROVE_DECISIONS, CHANGE)
    template_name = "contracts/option_form.html"

    @property
    def option(self) -> ExtensionOption:
        if not hasattr(self, "_option"):
            self._option = get_object_or_404(
                ExtensionOption, pk=self.kwargs["option_pk"], contract_id=self.kwargs["pk"]
            )
        return self._option

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["option"] = self.option
        return context


class ExerciseOptionView(OptionActionView):
    form_class = ExerciseOptionForm

    def get_page_title(self):
        return f"Exercise option {self.option.sequence} on {self.contract.reference}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["option"] = self.option
        return kwargs

    def call_service(self, form):
        data = form.cleaned_data
        return contract_exercise_option(
            contract=self.contract,
            option=self.option,
            months=data["months"],
            decided_on=data["decided_on"],
            decision=data["decision"],
            decision_reference=data["decision_reference"],
            reason=data["reason"],
        )

    def success_message(self, contract):
        return (
            f"Option {self.option.sequence} exercised: the contract now ends on "
            f"{long_date(contract.current_end_date)}."
        )


class DeclineOptionView(OptionActionView):
    form_class = DeclineOptionForm

    def get_page_title(self):
        return f"Decline option {self.option.sequence} on {self.contract.reference}"

    def call_service(self, form):
        return contract_decline_option(
            contract=self.contract,
            option=self.option,
            decided_on=form.cleaned_data["decided_on"],
            decision_reference=form.cleaned_data["decision_reference"],
        )

    def success_message(self, contract):
        return f"Option {self.option.sequence} declined."


class VariationSpec:
    def __init__(self, kind, form_class, title, link, needs_approval=False):
        self.kind, self.form_class, self.title = kind, form_class, title
        self.link, self.needs_approval = link, needs_approval


VARIATIONS = {
    "waiver": VariationSpec(
        VariationKind.WAIVER_EXTENSION,
        WaiverForm,
        "Extend by waiver",
        "Extend by waiver of the Contract Procedure Rules",
        needs_approval=True,
    ),
    "until-award": VariationSpec(
        VariationKind.UNTIL_AWARD,
        UntilAwardForm,
        "Extend the pilot until a procurement is awarded",
        "Extend the pilot until a procurement is awarded",
        needs_approval=True,
    ),
    "value": VariationSpec(
        VariationKind.VALUE_CHANGE, ValueChangeForm, "Change the value", "Change the value"
    ),
    "scope": VariationSpec(
        VariationKind.SCOPE_CHANGE, ScopeChangeForm, "Change the scope", "Change the scope"
    ),
    "termination": VariationSpec(
        VariationKind.TERMINATION, TerminationForm, "Terminate the contract", "Terminate"
    ),
}


class VariationCreateView(ContractFormPage):
    def dispatch(self, request, *args, **kwargs):
        self.spec = VARIATIONS.get(kwargs["kind"])
        if self.spec is None:
            raise Http404("No such kind of variation.")
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        if self.spec.needs_approval:
            return (APPROVE_DECISIONS, "commissioning.add_contractvariation")
        return ("commissioning.add_contractvariation",)

    def get_form_class(self):
        return self.spec.form_class

    def get_page_title(self):
        return f"{self.spec.title}: {self.contract.reference}"

    def call_service(self, form):
        data = form.cleaned_data
        return contract_record_variation(
            contract=self.contract,
            kind=self.spec.kind,
            reason=data["reason"],
            decided_on=data["decided_on"],
            decision=data["decision"],
            decision_reference=data["decision_reference"],
            months=data.get("months"),
            new_annual_value=data.get("new_annual_value"),
            termination_date=data.get("termination_date"),
            procurement=data.get("procurement"),
        )

    def success_message(self, variation):
        return f"{variation.get_kind_display()} recorded."


class ContractActivateView(RolePermissionMixin, View):
    permission_required = CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        try:
            contract = contract_activate(contract=contract)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Contract {contract.reference} is now in force.")
        return redirect(contract)
