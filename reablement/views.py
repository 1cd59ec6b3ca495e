"""Reablement pages: thin views over ``reablement.selectors`` and
``reablement.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from commissioning.common.access import RecordViewLoggingMixin
from commissioning.common.dates import financial_year, financial_year_label
from commissioning.common.permissions import PersonalDataMixin, RolePermissionMixin
from commissioning.common.views import ListPageView
from commissioning.roles import VIEW_PERSONAL_DATA
from reablement import selectors, services
from reablement.filters import EpisodeFilter, ReferralFilter, ServiceFilter
from reablement.forms import (
    BenchmarkForm,
    EpisodeCloseForm,
    EpisodePlanForm,
    FollowUpForm,
    MetricsYearForm,
    ReferralForm,
    ServiceForm,
    add_service_errors,
)
from reablement.models import Benchmark, Episode, ReablementService, Sequel

# --- Services and the capacity board ----------------------------------------------


class CapacityBoardView(ListPageView):
    """Each service: capacity, open episodes, free places and waiting list."""

    permission_required = "reablement.view_reablementservice"
    filterset_class = ServiceFilter
    template_name = "reablement/capacity.html"
    export_columns = [
        ("Service", "name"),
        ("Provider", "provider.name"),
        ("Area", "area"),
        ("Pilot", "is_pilot"),
        ("Capacity", "capacity"),
        ("Open episodes", "open_episodes"),
        ("Free places", "free_places"),
        ("Waiting", "waiting"),
        ("Alternative", "alternative.name"),
    ]

    def get_queryset(self):
        return selectors.services_with_occupancy()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"]
        context["totals"] = {
            key: sum(getattr(row, key) for row in rows)
            for key in ("capacity", "open_episodes", "free_places", "waiting")
        }
        context["can_see_people"] = self.request.user.has_perm(VIEW_PERSONAL_DATA)
        return context


class ServiceDetailView(RolePermissionMixin, DetailView):
    permission_required = "reablement.view_reablementservice"
    template_name = "reablement/service_detail.html"
    context_object_name = "service"

    def get_queryset(self):
        return selectors.services_with_occupancy()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = financial_year(today)
        service = self.object
        context["year_label"] = financial_year_label(year)
        context["capacity_use"] = [
            (snapshot.on, row)
            for snapshot in selectors.capacity_use(selectors.Period.financial_year(year), today)
            for row in snapshot.by_service
            if row["service_id"] == service.pk
        ]
        context["overflow_from"] = service.overflow_from.order_by("name")
        context["can_see_people"] = self.request.user.has_perm(VIEW_PERSONAL_DATA)
        return context


class ServiceFormMixin(RolePermissionMixin):
    form_class = ServiceForm
    template_name = "reablement/service_form.html"

    def form_valid(self, form):
        try:
            service = self.save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{service} is saved.")
        return redirect("reablement:service-detail", pk=service.pk)


class ServiceCreateView(ServiceFormMixin, FormView):
    permission_required = "reablement.add_reablementservice"

    def save(self, data):
        return services.service_create(**data)


class ServiceUpdateView(ServiceFormMixin, FormView):
    permission_required = "reablement.change_reablementservice"

    def dispatch(self, request, *args, **kwargs):
        self.service = get_object_or_404(ReablementService, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.service}

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.service, **kwargs)

    def save(self, data):
        return services.service_update(service=self.service, **data)


# --- Referrals ---------------------------------------------------------------------


class ReferralListView(PersonalDataMixin, ListPageView):
    permission_required = "reablement.view_referral"
    filterset_class = ReferralFilter
    template_name = "reablement/referral_list.html"
    export_columns = [
        ("NHS number", "person.nhs_number_display"),
        ("Name", "person"),
        ("Referral date", "referral_date"),
        ("Route", "get_route_display"),
        ("Hospital discharge date", "hospital_discharge_date"),
        ("Service asked for", "service.name"),
        ("Status", "get_status_display"),
        ("Placed with", "placed_with.name"),
        ("Place in queue", "queue_position"),
    ]

    def get_queryset(self):
        return selectors.referrals().order_by("-referral_date", "-id")


class ReferralCreateView(PersonalDataMixin, FormView):
    permission_required = "reablement.add_referral"
    form_class = ReferralForm
    template_name = "reablement/referral_form.html"

    def get_initial(self):
        initial = {"referral_date": timezone.localdate()}
        service = self.request.GET.get("service")
        if service and service.isdigit():
            initial["service"] = int(service)
        return initial

    def form_valid(self, form):
        try:
            referral = services.referral_place(**form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"The referral is recorded: {referral.get_status_display()}."
        )
        return redirect("reablement:referral-detail", pk=referral.pk)


class ReferralDetailView(PersonalDataMixin, RecordViewLoggingMixin, DetailView):
    permission_required = "reablement.view_referral"
    template_name = "reablement/referral_detail.html"
    context_object_name = "referral"
    record_view_what = "reablement referral page"

    def get_queryset(self):
        return selectors.referrals()


# --- Episodes ----------------------------------------------------------------------


class EpisodeListView(PersonalDataMixin, ListPageView):
    permission_required = "reablement.view_episode"
    filterset_class = EpisodeFilter
    template_name = "reablement/episode_list.html"
    export_columns = [
        ("NHS number", "person.nhs_number_display"),
        ("Name", "person"),
        ("Service", "service.name"),
        ("Route", "get_route_display"),
        ("Hospital discharge date", "hospital_discharge_date"),
        ("Start", "start_date"),
        ("Six-week end", "six_week_end"),
        ("End", "end_date"),
        ("Length (days)", "length_days"),
        ("Overrun", "overrun"),
        ("Sequel", "get_sequel_display"),
        ("Hours a week at start", "hours_at_start"),
        ("Hours a week at end", "hours_at_end"),
        ("Follow-up due", "follow_up_due"),
        ("Follow-up status", "get_follow_up_status_display"),
    ]

    def get_queryset(self):
        return selectors.episodes().order_by("-start_date", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        cohort = filterset.form.is_valid() and filterset.form.cleaned_data.get("cohort")
        if cohort:
            year = filterset.cohort_year()
            context["cohort_label"] = selectors.COHORTS[cohort]
            context["cohort_year"] = financial_year_label(year)
            context["cohort_metrics_url"] = f"{reverse('reablement:metrics')}?year={year}"
        return context


class EpisodeDetailView(PersonalDataMixin, RecordViewLoggingMixin, DetailView):
    permission_required = "reablement.view_episode"
    template_name = "reablement/episode_detail.html"
    context_object_name = "episode"
    record_view_what = "reablement episode page"

    def get_queryset(self):
        return selectors.episodes()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        episode = self.object
        can_change = self.request.user.has_perm("reablement.change_episode")
        context["can_change"] = can_change
        if can_change and episode.end_date is None:
            context.setdefault(
                "plan_form",
                EpisodePlanForm(
                    initial={
                        "planned_end_date": episode.planned_end_date,
                        "hours_at_start": episode.hours_at_start,
                        "goals": episode.goals,
                    }
                ),
            )
            context.setdefault(
                "close_form", EpisodeCloseForm(initial={"end_date": timezone.localdate()})
            )
        if can_change and episode.follow_up_due is not None:
            context.setdefault(
                "follow_up_form",
                FollowUpForm(
                    initial={
                        "status": episode.follow_up_status or None,
                        "recorded_on": episode.follow_up_recorded_on or timezone.localdate(),
                    }
                ),
            )
        context["failed_form"] = next(
            (
                context[name]
                for name in ("plan_form", "close_form", "follow_up_form")
                if name in context and context[name].is_bound
            ),
            None,
        )
        return context


class EpisodeActionView(PersonalDataMixin, View):
    """POST a form from the episode page; on refusal show the page again with
    the form's errors."""

    permission_required = "reablement.change_episode"
    form_class: type
    context_name: str
    done: str

    def post(self, request, pk):
        episode = get_object_or_404(Episode, pk=pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(episode, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.done)
                return redirect("reablement:episode-detail", pk=pk)
        page = EpisodeDetailView()
        page.setup(request, pk=pk)
        page.object = selectors.episodes().get(pk=pk)
        context = page.get_context_data(object=page.object, **{self.context_name: form})
        return page.render_to_response(context)


class EpisodePlanView(EpisodeActionView):
    form_class = EpisodePlanForm
    context_name = "plan_form"
    done = "The plan is saved."

    def act(self, episode, data):
        services.episode_update_plan(episode=episode, **data)


class EpisodeCloseView(EpisodeActionView):
    form_class = EpisodeCloseForm
    context_name = "close_form"
    done = "The episode has ended. Its place is offered to the first person waiting, if any."

    def act(self, episode, data):
        services.episode_close(episode=episode, **data)


class EpisodeFollowUpView(EpisodeActionView):
    form_class = FollowUpForm
    context_name = "follow_up_form"
    done = "The 91-day follow-up is recorded."

    def act(self, episode, data):
        services.episode_record_follow_up(episode=episode, recorded_by=self.request.user, **data)


# --- Metrics and benchmarks -------------------------------------------------------------


class MetricsView(RolePermissionMixin, TemplateView):
    """The year's figures beside the benchmarks; each links to its cohort."""

    permission_required = "reablement.view_reablementservice"
    template_name = "reablement/metrics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        years = selectors.metrics_years(today)
        default = selectors.default_metrics_year(today)
        if default not in years:
            years.append(default)
        form = MetricsYearForm(
            self.request.GET or {"year": default},
            years=years,
            labels={year: financial_year_label(year) for year in years},
        )
        year = form.cleaned_data["year"] if form.is_valid() else default
        metrics = selectors.reablement_metrics(year=year, today=today)
        context.update(
            form=form,
            metrics=metrics,
            cohort_url=(
                f"{reverse('reablement:episode-list')}?year={year}&cohort="
                if self.request.user.has_perms([VIEW_PERSONAL_DATA, "reablement.view_episode"])
                else None
            ),
            ascof_2b1_benchmarks=[b for b in metrics.benchmarks if b.measure == "ascof_2b1"],
            ascof_2a_benchmarks=[b for b in metrics.benchmarks if b.measure == "ascof_2a"],
            capacity_services=(metrics.capacity_use[0].by_service if metrics.capacity_use else []),
            outcome_rows=self.outcome_rows(metrics.ascof_2b1.by_outcome),
            sequel_rows=[(value, label, metrics.sequels[value]) for value, label in Sequel.choices],
        )
        return context

    @staticmethod
    def outcome_rows(by_outcome: dict[str, int]):
        """(what, how many, where it counts, the cohort to link to)."""
        both = "Numerator and denominator"
        denominator = "Denominator only"
        return [
            ("At home", by_outcome["at_home"], both, "ascof_2b1_at_home"),
            ("Died", by_outcome["died"], denominator, None),
            ("In hospital", by_outcome["in_hospital"], denominator, None),
            ("In a care home", by_outcome["in_care_home"], denominator, None),
            ("Could not be contacted", by_outcome["not_contactable"], denominator, None),
            (
                "Not known: no follow-up recorded",
                by_outcome["missing"],
                denominator,
                "ascof_2b1_missing",
            ),
            (
                "Day 91 not reached yet",
                by_outcome["pending"],
                "Neither: pending",
                "ascof_2b1_pending",
            ),
        ]


class BenchmarkListView(ListPageView):
    permission_required = "reablement.view_benchmark"
    template_name = "reablement/benchmark_list.html"
    model = Benchmark
    filterset_fields = ["measure"]
    export_columns = [
        ("Measure", "get_measure_display"),
        ("Area", "area"),
        ("Financial year", "financial_year"),
        ("Percentage", "percentage"),
        ("Source", "source"),
    ]

    def get_queryset(self):
        return Benchmark.objects.order_by("measure", "-financial_year", "area")


class BenchmarkCreateView(RolePermissionMixin, FormView):
    permission_required = "reablement.add_benchmark"
    form_class = BenchmarkForm
    template_name = "reablement/benchmark_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            benchmark = services.benchmark_create(**data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"The benchmark {benchmark} is added.")
        return redirect("reablement:benchmark-list")
