"""Procurement pages: thin views over the tenders services and selectors."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView

from commissioning.common.permissions import RolePermissionMixin
from commissioning.common.views import ListPageView
from commissioning.roles import APPROVE_DECISIONS
from providers.pages import SelectorDetailView, ServiceFormView
from tenders import selectors, services
from tenders.filters import ProcurementFilter
from tenders.forms import (
    AwardForm,
    BidForm,
    BidUpdateForm,
    LotForm,
    NoticeForm,
    ProcurementForm,
    TransitionForm,
)
from tenders.models import Bid, Lot, Procurement, ProcurementNotice, ProcurementStatus
from tenders.services.awards import standstill_applies, standstill_end
from tenders.services.procurements import ALLOWED_MOVES

S = ProcurementStatus


def _list_crumb():
    return ("Tenders", reverse("tenders:procurement-list"))


class ProcurementListView(ListPageView):
    permission_required = "tenders.view_procurement"
    filterset_class = ProcurementFilter
    template_name = "tenders/procurement_list.html"
    export_columns = [
        ("Reference", "reference"),
        ("Title", "title"),
        ("Service", "get_service_type_display"),
        ("Regime", "get_regime_display"),
        ("Status", "get_status_display"),
        ("Published", "publication_date"),
        ("Submission deadline", "submission_deadline"),
        ("Award decision", "award_decision_date"),
        ("Standstill ends", "standstill_end_date"),
        ("Contract start", "contract_start_date"),
        ("Estimated annual value", "estimated_annual_value"),
        ("Framework", "framework.reference"),
        ("Lots", "lot_count"),
        ("Bids", "bid_count"),
    ]

    def get_queryset(self):
        return selectors.procurement_list()


class ProcurementDetailView(SelectorDetailView):
    permission_required = "tenders.view_procurement"
    template_name = "tenders/procurement_detail.html"
    context_object_name = "procurement"
    detail_selector = selectors.procurement_detail

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procurement = self.object
        context.update(
            breadcrumbs=[_list_crumb()],
            next_statuses=[S(s) for s in ALLOWED_MOVES[procurement.status]],
            can_award=procurement.status == S.EVALUATION,
            lots_editable=procurement.status in (S.PLANNING, S.MARKET_ENGAGEMENT, S.OPEN),
            standstill_applies=standstill_applies(procurement),
            notices=sorted(procurement.notices.all(), key=lambda n: int(n.kind.removeprefix("UK"))),
            today=timezone.localdate(),
        )
        return context


class ProcurementPageMixin:
    """Form pages about one procurement."""

    def dispatch(self, request, *args, **kwargs):
        self.procurement = get_object_or_404(
            Procurement.objects.select_related("framework"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.procurement.get_absolute_url()

    def get_breadcrumbs(self):
        return [_list_crumb(), (self.procurement.reference, self.procurement.get_absolute_url())]

    def get_success_url_for(self, record):
        return self.procurement.get_absolute_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "procurement": self.procurement}


class ProcurementCreateView(ServiceFormView):
    permission_required = "tenders.add_procurement"
    form_class = ProcurementForm
    page_title = "Start a procurement"
    success_message = "{record.reference} created"

    def get_cancel_url(self):
        return reverse("tenders:procurement-list")

    def get_breadcrumbs(self):
        return [_list_crumb()]

    def perform(self, form):
        return services.procurement_create(**form.service_fields())


class ProcurementUpdateView(ProcurementPageMixin, ServiceFormView):
    permission_required = "tenders.change_procurement"
    form_class = ProcurementForm
    success_message = "{record.reference} updated"

    def get_page_title(self):
        return f"Edit {self.procurement.reference}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.procurement}

    def perform(self, form):
        return services.procurement_update(procurement=self.procurement, **form.service_fields())


class ProcurementTransitionView(ProcurementPageMixin, ServiceFormView):
    permission_required = "tenders.change_procurement"
    form_class = TransitionForm
    success_message = "{record.reference} is now {record.get_status_display}"

    def get_page_title(self):
        return f"Change the status of {self.procurement.reference}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "procurement": self.procurement}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = (
            f"Its status is {self.procurement.get_status_display().lower()}. The workflow only "
            "moves forward; standstill and awarded are reached by recording the award decision."
        )
        return context

    def form_valid(self, form):
        if form.cleaned_data["status"] == S.AWARDED and not self.request.user.has_perm(
            APPROVE_DECISIONS
        ):
            form.add_error("status", "Only a commissioning manager can confirm an award.")
            return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, form):
        return services.procurement_transition(
            procurement=self.procurement,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )


class ProcurementAwardView(ProcurementPageMixin, ServiceFormView):
    """Managers alone approve awards."""

    permission_required = (APPROVE_DECISIONS, "tenders.change_procurement")
    form_class = AwardForm
    template_name = "tenders/award_form.html"
    success_message = "{record.reference} awarded"

    def get_page_title(self):
        return f"Award {self.procurement.reference}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procurement = self.procurement
        lots = []
        for lot in procurement.lots.select_related("tier").order_by("number"):
            bids = selectors.lot_bids(lot)
            lots.append((lot, [b for b in bids if b.rank is not None and b.rank <= lot.max_awards]))
        context.update(
            lots=lots,
            standstill_applies=standstill_applies(procurement),
            example_end=(
                standstill_end(regime=procurement.regime, decision_date=timezone.localdate())
                if standstill_applies(procurement)
                else None
            ),
        )
        return context

    def perform(self, form):
        return services.procurement_award(
            procurement=self.procurement, decision_date=form.cleaned_data["decision_date"]
        )


class LotCreateView(ProcurementPageMixin, ServiceFormView):
    permission_required = "tenders.add_lot"
    form_class = LotForm
    success_message = "Lot added"

    def get_page_title(self):
        return f"Add a lot to {self.procurement.reference}"

    def get_initial(self):
        return {"number": self.procurement.lots.count() + 1, "max_awards": 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "procurement": self.procurement}

    def perform(self, form):
        return services.lot_create(procurement=self.procurement, **form.cleaned_data)


class LotPageMixin(ProcurementPageMixin):
    def dispatch(self, request, *args, **kwargs):
        self.lot = get_object_or_404(
            Lot.objects.select_related("tier"), pk=kwargs["lot_pk"], procurement_id=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.lot.get_absolute_url()

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (f"Lot {self.lot.number}", self.lot.get_absolute_url())]

    def get_success_url_for(self, record):
        return self.lot.get_absolute_url()


class LotDetailView(LotPageMixin, RolePermissionMixin, DetailView):
    """A lot's evaluation matrix: providers × quality, price, total and rank."""

    permission_required = "tenders.view_bid"
    template_name = "tenders/lot_detail.html"
    context_object_name = "lot"

    def get_object(self, queryset=None):
        return self.lot

    def get_breadcrumbs(self):
        return ProcurementPageMixin.get_breadcrumbs(self)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procurement = self.procurement
        context.update(
            procurement=procurement,
            bids=selectors.lot_bids(self.lot),
            breadcrumbs=self.get_breadcrumbs(),
            bids_open=procurement.status == S.OPEN,
            bids_editable=procurement.status in (S.OPEN, S.EVALUATION),
            lot_editable=procurement.status
            in (S.PLANNING, S.MARKET_ENGAGEMENT, S.OPEN, S.EVALUATION),
        )
        return context


class LotUpdateView(LotPageMixin, ServiceFormView):
    permission_required = "tenders.change_lot"
    form_class = LotForm
    success_message = "Lot saved"

    def get_page_title(self):
        return f"Edit lot {self.lot.number} of {self.procurement.reference}"

    def get_initial(self):
        lot = self.lot
        return {
            "number": lot.number,
            "title": lot.title,
            "service_type": lot.service_type,
            "max_awards": lot.max_awards,
            "tier": lot.tier,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "procurement": self.procurement}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.submit_label = "Save lot"
        return form

    def perform(self, form):
        return services.lot_update(lot=self.lot, **form.cleaned_data)


class BidCreateView(LotPageMixin, ServiceFormView):
    permission_required = "tenders.add_bid"
    form_class = BidForm
    success_message = "Bid recorded"

    def get_page_title(self):
        return f"Record a bid for lot {self.lot.number}: {self.lot.title}"

    def perform(self, form):
        return services.bid_create(lot=self.lot, **form.cleaned_data)


class BidUpdateView(LotPageMixin, ServiceFormView):
    permission_required = "tenders.change_bid"
    form_class = BidUpdateForm
    success_message = "Bid saved"

    def dispatch(self, request, *args, **kwargs):
        self.bid = get_object_or_404(
            Bid.objects.select_related("provider"), pk=kwargs["bid_pk"], lot_id=kwargs["lot_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Bid from {self.bid.provider.name} for lot {self.lot.number}"

    def get_initial(self):
        bid = self.bid
        return {
            "price": bid.price,
            "quality_marks": bid.quality_marks,
            "status": bid.status,
            "moderation_notes": bid.moderation_notes,
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "price_fixed": self.procurement.status != S.OPEN,
        }

    def perform(self, form):
        return services.bid_update(bid=self.bid, **form.cleaned_data)


class NoticeUpdateView(ProcurementPageMixin, ServiceFormView):
    permission_required = "tenders.change_procurementnotice"
    form_class = NoticeForm
    success_message = "Notice updated"

    def dispatch(self, request, *args, **kwargs):
        self.notice = get_object_or_404(
            ProcurementNotice, pk=kwargs["notice_pk"], procurement_id=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.notice.get_kind_display()} for {self.procurement.reference}"

    def get_initial(self):
        return {"published_on": self.notice.published_on}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        due = self.notice.due_date
        context["intro"] = (
            f"Due by {due.day} {due:%B %Y}." if due else "Its due date is not known yet."
        )
        return context

    def perform(self, form):
        return services.notice_record_publication(
            notice=self.notice, published_on=form.cleaned_data["published_on"]
        )
