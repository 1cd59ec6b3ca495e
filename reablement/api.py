"""Reablement API (API.md: reablement/services, referrals, episodes, close,
follow-up and metrics): thin serializers over the same selectors and services
as the pages."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.common.access import RecordViewLoggingAPIMixin
from reablement import selectors, services
from reablement.filters import EpisodeFilter, ReferralFilter, ServiceFilter
from reablement.models import (
    Episode,
    FollowUpStatus,
    ReablementService,
    Referral,
    ReferralStatus,
    Route,
    Sequel,
)


def _inline_enum(choices):
    """Document a choice field as an inline enum: fields named ``status`` exist
    in several resources with different values, and must not share (or fight
    over) one ``StatusEnum`` component in the schema."""
    return extend_schema_field({"type": "string", "enum": [value for value, _ in choices]})


@_inline_enum(ReferralStatus.choices)
class ReferralStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ReferralStatus.choices, **kwargs)


@_inline_enum(FollowUpStatus.choices)
class FollowUpStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=FollowUpStatus.choices, **kwargs)


# --- Services ------------------------------------------------------------------------


class ServiceSerializer(serializers.ModelSerializer):
    open_episodes = serializers.IntegerField(read_only=True)
    free_places = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReablementService
        fields = [
            "id",
            "name",
            "provider",
            "contract",
            "capacity",
            "area",
            "alternative",
            "is_pilot",
            "open_episodes",
            "free_places",
            "waiting",
        ]
        extra_kwargs = {"capacity": {"min_value": 1}}

    def validate_alternative(self, alternative):
        if alternative is not None and self.instance and alternative.pk == self.instance.pk:
            raise serializers.ValidationError(
                "Choose another service as the alternative, not this one."
            )
        return alternative

    def create(self, validated_data):
        return services.service_create(**validated_data)

    def update(self, instance, validated_data):
        return services.service_update(service=instance, **validated_data)


class ReablementServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Reablement services with their capacity, open episodes, free places and
    waiting list. A larger capacity offers its new places to those waiting."""

    queryset = ReablementService.objects.all()
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.services_with_occupancy()

    def _respond(self, service, status):
        service = self.get_queryset().get(pk=service.pk)
        return Response(self.get_serializer(service).data, status=status)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(serializer.save(), 201)

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._respond(serializer.save(), 200)


# --- Referrals -----------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    route = serializers.ChoiceField(choices=Route.choices)
    status = ReferralStatusField(read_only=True)
    episode = serializers.SerializerMethodField()
    queue_position = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="For a waiting referral, its place in the service's queue (1 is next).",
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "person",
            "service",
            "referral_date",
            "route",
            "hospital_discharge_date",
            "hospital",
            "on_long_term_support",
            "status",
            "episode",
            "placed_with",
            "queue_position",
            "placement_note",
        ]
        read_only_fields = ["placed_with", "placement_note"]
        # Checked by the placement service, with its own messages.
        validators = []

    @extend_schema_field(OpenApiTypes.INT)
    def get_episode(self, referral) -> int | None:
        episode = getattr(referral, "episode", None)
        return episode.pk if episode else None

    def create(self, validated_data):
        return services.referral_place(**validated_data)


class ReferralViewSet(
    RecordViewLoggingAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Referrals to reablement. Creating one places it: accepted by the service
    if it has room, else redirected to its alternative if that has room, else
    waiting. An accepted or redirected referral starts its episode on the
    referral date."""

    queryset = Referral.objects.all()
    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    record_view_what = "API: reablement referral"

    def get_queryset(self):
        return selectors.referrals().order_by("-referral_date", "-id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = self.get_queryset().get(pk=serializer.save().pk)
        return Response(self.get_serializer(referral).data, status=201)


# --- Episodes ------------------------------------------------------------------------


class EpisodeSerializer(serializers.ModelSerializer):
    route = serializers.ChoiceField(choices=Route.choices, read_only=True)
    sequel = serializers.ChoiceField(choices=Sequel.choices, allow_null=True, read_only=True)
    follow_up_status = serializers.ChoiceField(
        choices=FollowUpStatus.choices, allow_null=True, read_only=True
    )
    overrun = serializers.BooleanField(
        read_only=True, help_text="Still open on start + 42 days, or ended after six weeks."
    )
    length_days = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Days from start to end, counting both."
    )

    class Meta:
        model = Episode
        fields = [
            "id",
            "person",
            "service",
            "referral",
            "route",
            "hospital_discharge_date",
            "on_long_term_support",
            "start_date",
            "planned_end_date",
            "end_date",
            "goals",
            "sequel",
            "hours_at_start",
            "hours_at_end",
            "six_week_end",
            "overrun",
            "length_days",
            "follow_up_due",
            "follow_up_status",
            "follow_up_recorded_on",
            "follow_up_recorded_by",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in ("sequel", "follow_up_status"):
            data[name] = data[name] or None
        return data


class EpisodeCloseSerializer(serializers.Serializer):
    end_date = serializers.DateField()
    sequel = serializers.ChoiceField(choices=Sequel.choices)
    hours_at_end = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class FollowUpSerializer(serializers.Serializer):
    status = FollowUpStatusField()
    recorded_on = serializers.DateField()


class EpisodeViewSet(RecordViewLoggingAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Reablement episodes with their derived dates (six-week end, overrun,
    91-day follow-up due) computed by the same code as the pages."""

    queryset = Episode.objects.all()
    serializer_class = EpisodeSerializer
    filterset_class = EpisodeFilter
    record_view_what = "API: reablement episode"
    required_permissions = {
        "close": ["reablement.change_episode"],
        "follow_up": ["reablement.change_episode"],
    }

    def get_queryset(self):
        return selectors.episodes().order_by("-start_date", "-id")

    def _episode_response(self, episode):
        return Response(EpisodeSerializer(self.get_queryset().get(pk=episode.pk)).data)

    @extend_schema(request=EpisodeCloseSerializer, responses=EpisodeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """End the episode with its sequel; the freed place goes to the first
        referral waiting for it."""
        episode = self.get_object()
        serializer = EpisodeCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._episode_response(
            services.episode_close(episode=episode, **serializer.validated_data)
        )

    @extend_schema(request=FollowUpSerializer, responses=EpisodeSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """Record where the person was on day 91 after hospital discharge."""
        episode = self.get_object()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._episode_response(
            services.episode_record_follow_up(
                episode=episode, recorded_by=request.user, **serializer.validated_data
            )
        )


# --- Metrics -------------------------------------------------------------------------


class Ascof2B1Serializer(serializers.Serializer):
    numerator = serializers.IntegerField(help_text="At home on day 91 after discharge.")
    denominator = serializers.IntegerField(help_text="The cohort less pending cases.")
    percentage = serializers.FloatField(allow_null=True)
    pending = serializers.IntegerField(help_text="Day 91 not reached: not counted.")
    missing_follow_up = serializers.IntegerField(
        help_text="Day 91 passed, nothing recorded: in the denominator only."
    )
    cohort = serializers.IntegerField()
    by_outcome = serializers.DictField(child=serializers.IntegerField())


class Ascof2ASerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percentage = serializers.FloatField(allow_null=True)


class ServiceUseSerializer(serializers.Serializer):
    service_id = serializers.IntegerField()
    service = serializers.CharField()
    capacity = serializers.IntegerField()
    open = serializers.IntegerField()
    percentage = serializers.FloatField(allow_null=True)


class CapacitySnapshotSerializer(serializers.Serializer):
    on = serializers.DateField()
    open = serializers.IntegerField()
    capacity = serializers.IntegerField()
    percentage = serializers.FloatField(allow_null=True)
    by_service = ServiceUseSerializer(many=True)


class BenchmarkSerializer(serializers.Serializer):
    measure = serializers.CharField()
    area = serializers.CharField()
    financial_year = serializers.IntegerField()
    label = serializers.CharField()
    percentage = serializers.FloatField()
    source = serializers.CharField()


class MetricsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    label = serializers.CharField()
    today = serializers.DateField(help_text="The day the figures are as known on.")
    ascof_2b1 = Ascof2B1Serializer()
    short_term_outcome_2a = Ascof2ASerializer()
    episodes_started = serializers.IntegerField()
    episodes_ended = serializers.IntegerField()
    completed_within_six_weeks = serializers.IntegerField()
    completed_within_six_weeks_pct = serializers.FloatField(allow_null=True)
    median_length_days = serializers.FloatField(allow_null=True)
    hours_at_start = serializers.DecimalField(max_digits=12, decimal_places=2)
    hours_at_end = serializers.DecimalField(max_digits=12, decimal_places=2)
    hours_reduction_pct = serializers.FloatField(allow_null=True)
    sequels = serializers.DictField(child=serializers.IntegerField())
    capacity_use = CapacitySnapshotSerializer(many=True)
    benchmarks = BenchmarkSerializer(many=True)


class MetricsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Enter a financial year as the year it starts, for example 2024.",
            "min_value": "Enter a financial year from 2000.",
            "max_value": "Enter a financial year up to 2100.",
        },
    )


class ReablementMetricsViewSet(viewsets.ViewSet):
    """Reablement metrics for financial year ``year`` (1 April – 31 March),
    computed by the database, as known today."""

    required_permissions = {"list": ["reablement.view_reablementservice"]}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description="Financial year by its first year (2024 for 2024-25); "
                "defaults to the last complete year.",
            )
        ],
        responses=MetricsSerializer,
    )
    def list(self, request):
        query = MetricsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        year = query.validated_data.get("year", selectors.default_metrics_year(today))
        metrics = selectors.reablement_metrics(year=year, today=today)
        return Response(MetricsSerializer(metrics).data)
