"""Pages of governance decisions: the list, a decision, and its form."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView

from commissioning.common.permissions import RolePermissionMixin
from commissioning.common.views import ListPageView
from commissioning.forms.decisions import DecisionForm
from commissioning.selectors.decisions import (
    DecisionFilter,
    decision_detail_queryset,
    decision_history,
    decision_list,
)
from commissioning.services.decisions import decision_create, decision_update
from commissioning.views.contracts import ContractFormPage


class DecisionListView(ListPageView):
    permission_required = "commissioning.view_governancedecision"
    filterset_class = DecisionFilter
    template_name = "contracts/decision_list.html"
    export_columns = [
        ("Body", "get_body_display"),
        ("Meeting date", "meeting_date"),
        ("Item", "item_number"),
        ("Title", "title"),
        ("Report of", "report_of"),
        ("Delegated authority", "delegated_authority"),
    ]

    def get_queryset(self):
        return decision_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("commissioning.add_governancedecision")
        return context


class DecisionDetailView(RolePermissionMixin, DetailView):
    permission_required = "commissioning.view_governancedecision"
    template_name = "contracts/decision_detail.html"
    context_object_name = "decision"
    pk_url_kwarg = "decision_pk"

    def get_queryset(self):
        return decision_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object
        context.update(
            resolutions=list(decision.resolutions.all()),
            rejected_options=list(decision.rejected_options.all()),
            contracts=list(decision.contracts.all()),
            procurements=list(decision.procurements.all()),
            frameworks=list(decision.frameworks.all()),
            variations=list(decision.variations.all()),
            history=decision_history(decision),
            can_change=self.request.user.has_perm("commissioning.change_governancedecision"),
        )
        return context


class DecisionFormPage(ContractFormPage):
    form_class = DecisionForm
    decision = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = (
            self.decision.get_absolute_url() if self.decision else reverse("contracts:decisions")
        )
        context["wide"] = True
        return context

    def get_success_url(self, result=None):
        return result.get_absolute_url()

    def success_message(self, decision):
        return f"Decision “{decision.title}” saved."


class DecisionCreateView(DecisionFormPage):
    permission_required = "commissioning.add_governancedecision"
    page_title = "Record a governance decision"

    def call_service(self, form):
        return decision_create(**form.service_arguments())


class DecisionUpdateView(DecisionFormPage):
    permission_required = "commissioning.change_governancedecision"

    def dispatch(self, request, *args, **kwargs):
        self.decision = get_object_or_404(decision_detail_queryset(), pk=kwargs["decision_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Change the decision: {self.decision.title}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        rejected = len(self.decision.rejected_options.all())
        kwargs["rejected_rows"] = max(3, rejected + 1)
        kwargs["initial"] = DecisionForm.initial_for(self.decision)
        return kwargs

    def call_service(self, form):
        return decision_update(decision=self.decision, **form.service_arguments())
