"""Framework pages: the agreement, its term and options, tiers and members."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from commissioning.common.views import ListPageView
from commissioning.roles import APPROVE_DECISIONS
from providers.forms import RateForm
from providers.pages import SelectorDetailView, ServiceFormView
from providers.selectors import ReferenceRates, current_reference_rates, rate_rows
from tenders import selectors, services
from tenders.filters import FrameworkFilter
from tenders.forms import (
    FrameworkForm,
    MemberForm,
    MemberLeaveForm,
    OptionDeclineForm,
    OptionExerciseForm,
    TierForm,
)
from tenders.models import Framework, FrameworkExtensionOption, FrameworkMember, FrameworkStatus


def _list_crumb():
    return ("Frameworks", reverse("tenders:framework-list"))


class FrameworkListView(ListPageView):
    permission_required = "tenders.view_framework"
    filterset_class = FrameworkFilter
    template_name = "tenders/framework_list.html"
    export_columns = [
        ("Reference", "reference"),
        ("Name", "name"),
        ("Service", "get_service_type_display"),
        ("Start", "start_date"),
        ("Initial end", "initial_end_date"),
        ("Current end", "current_end_date"),
        ("Maximum end", "max_end_date"),
        ("Status", lambda framework: FrameworkStatus(framework.live_status).label),
        ("Next decision by", "next_decision_deadline"),
        ("Re-procure by", "reprocurement_start_by"),
        ("Current members", "current_member_count"),
    ]

    def get_queryset(self):
        return selectors.framework_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = dict(FrameworkStatus.choices)
        return context


class FrameworkDetailView(SelectorDetailView):
    permission_required = "tenders.view_framework"
    template_name = "tenders/framework_detail.html"
    context_object_name = "framework"
    detail_selector = selectors.framework_detail

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        today = timezone.localdate()
        references = ReferenceRates()
        segments = selectors.framework_timeline(framework)
        bars, today_x = selectors.timeline_bars(segments, today, width=1000)
        tiers = []
        for tier in framework.tiers.all():
            members = list(tier.members.all())
            tiers.append(
                (
                    tier,
                    [m for m in members if m.left_on is None],
                    [m for m in members if m.left_on is not None],
                )
            )
        context.update(
            breadcrumbs=[_list_crumb()],
            today=today,
            status_label=FrameworkStatus(framework.live_status).label,
            options=sorted(framework.extension_options.all(), key=lambda o: o.sequence),
            segments=segments,
            bars=bars,
            today_x=today_x,
            tiers=tiers,
            rate_rows=rate_rows(
                list(framework.rates.all()),
                today=today,
                references=references,
                ends_on=framework.current_end_date,
            ),
            reference_rates=current_reference_rates(today, references),
            can_decide=self.request.user.has_perm(APPROVE_DECISIONS)
            and self.request.user.has_perm("tenders.change_framework"),
        )
        return context


class FrameworkPageMixin:
    """Form pages about one framework."""

    def dispatch(self, request, *args, **kwargs):
        self.framework = get_object_or_404(Framework, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.framework.get_absolute_url()

    def get_breadcrumbs(self):
        return [_list_crumb(), (self.framework.reference, self.framework.get_absolute_url())]

    def get_success_url_for(self, record):
        return self.framework.get_absolute_url()


class FrameworkCreateView(ServiceFormView):
    permission_required = "tenders.add_framework"
    form_class = FrameworkForm
    page_title = "Add a framework agreement"
    success_message = "{record.reference} added"

    def get_cancel_url(self):
        return reverse("tenders:framework-list")

    def get_breadcrumbs(self):
        return [_list_crumb()]

    def get_initial(self):
        return {"notice_days": 90, "procurement_lead_months": 12}

    def perform(self, form):
        return services.framework_create(
            **form.service_fields(), option_months=form.cleaned_data["option_months"]
        )


class FrameworkUpdateView(FrameworkPageMixin, ServiceFormView):
    permission_required = "tenders.change_framework"
    form_class = FrameworkForm
    success_message = "{record.reference} updated"

    def get_page_title(self):
        return f"Edit {self.framework.reference}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.framework}

    def perform(self, form):
        return services.framework_update(
            framework=self.framework,
            **form.service_fields(),
            option_months=form.cleaned_data["option_months"],
        )


class TierCreateView(FrameworkPageMixin, ServiceFormView):
    permission_required = "tenders.add_frameworktier"
    form_class = TierForm
    success_message = "Tier added"

    def get_page_title(self):
        return f"Add a tier to {self.framework.reference}"

    def get_initial(self):
        return {
            "priority": self.framework.tiers.count() + 1,
            "service_type": self.framework.service_type,
        }

    def perform(self, form):
        return services.framework_tier_create(framework=self.framework, **form.cleaned_data)


class MemberCreateView(FrameworkPageMixin, ServiceFormView):
    permission_required = "tenders.add_frameworkmember"
    form_class = MemberForm
    success_message = "Provider added to the framework"

    def get_page_title(self):
        return f"Add a provider to {self.framework.reference}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "framework": self.framework}

    def perform(self, form):
        return services.framework_member_add(framework=self.framework, **form.cleaned_data)


class MemberLeaveView(FrameworkPageMixin, ServiceFormView):
    permission_required = "tenders.change_frameworkmember"
    form_class = MemberLeaveForm
    success_message = "Leaving date recorded"

    def dispatch(self, request, *args, **kwargs):
        self.member = get_object_or_404(
            FrameworkMember.objects.select_related("provider", "tier"),
            pk=kwargs["member_pk"],
            framework_id=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.member.provider.name} leaves {self.member.tier.name}"

    def perform(self, form):
        return services.framework_member_leave(member=self.member, **form.cleaned_data)


class OptionPageMixin(FrameworkPageMixin):
    """Managers alone approve extensions."""

    permission_required = (APPROVE_DECISIONS, "tenders.change_framework")

    def dispatch(self, request, *args, **kwargs):
        self.option = get_object_or_404(
            FrameworkExtensionOption, pk=kwargs["option_pk"], framework_id=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        option = self.option
        left = option.months - option.months_used
        deadline = (
            f" The decision is due by {option.decision_deadline:%d/%m/%Y}."
            if option.decision_deadline
            else ""
        )
        context["intro"] = (
            f"{self.framework.reference} ends on {self.framework.current_end_date:%d/%m/%Y}. "
            f"Option {option.sequence} has {left} of its {option.months} months left.{deadline}"
        )
        return context


class OptionExerciseView(OptionPageMixin, ServiceFormView):
    form_class = OptionExerciseForm
    success_message = "Option exercised: {record.reference} now ends on {record.current_end_date}"

    def get_page_title(self):
        return f"Exercise option {self.option.sequence} on {self.framework.reference}"

    def perform(self, form):
        return services.framework_option_exercise(option=self.option, **form.cleaned_data)


class OptionDeclineView(OptionPageMixin, ServiceFormView):
    form_class = OptionDeclineForm
    success_message = "Option declined"

    def get_page_title(self):
        return f"Decline option {self.option.sequence} on {self.framework.reference}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] += " Declining it also lapses the options after it."
        return context

    def perform(self, form):
        return services.framework_option_decline(option=self.option, **form.cleaned_data)


class FrameworkRateCreateView(FrameworkPageMixin, ServiceFormView):
    permission_required = "tenders.add_frameworkrate"
    form_class = RateForm
    success_message = "Rate added"
    intro = "A framework-wide rate applies to every member without a rate of its own."

    def get_page_title(self):
        return f"Add a rate to {self.framework.reference}"

    def perform(self, form):
        return services.framework_rate_create(framework=self.framework, **form.cleaned_data)
