"""The procurement and framework part of the v1 API (API.md): thin
serializers and viewsets over the same services and selectors as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.common.choices import ServiceType
from commissioning.roles import APPROVE_DECISIONS
from providers.models import Provider
from tenders import selectors, services
from tenders.filters import FrameworkFilter, ProcurementFilter
from tenders.models import (
    Award,
    Bid,
    Framework,
    FrameworkExtensionOption,
    FrameworkMember,
    FrameworkStatus,
    FrameworkTier,
    Lot,
    Procurement,
    ProcurementNotice,
    ProcurementStatus,
)
from tenders.services.frameworks import FRAMEWORK_FIELDS
from tenders.services.procurements import PROCUREMENT_FIELDS


def _path_int(name: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH)


# --- Frameworks -----------------------------------------------------------------


class FrameworkExtensionOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameworkExtensionOption
        fields = (
            "id",
            "sequence",
            "months",
            "months_used",
            "status",
            "decision_deadline",
            "decided_on",
            "decision_reference",
        )
        read_only_fields = tuple(f for f in fields if f != "months")


class FrameworkTierSerializer(serializers.ModelSerializer):
    lot_group = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Tiers for the same work share a group; a provider is on one tier per group.",
    )

    class Meta:
        model = FrameworkTier
        fields = ("id", "name", "priority", "service_type", "lot_group")
        read_only_fields = ("id",)
        extra_kwargs = {"service_type": {"required": False}}
        validators = []


class FrameworkSerializer(serializers.ModelSerializer):
    extension_options = FrameworkExtensionOptionSerializer(many=True, required=False)
    tiers = FrameworkTierSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()
    procurements = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = (
            "id",
            *FRAMEWORK_FIELDS,
            "extension_options",
            "initial_end_date",
            "max_end_date",
            "current_end_date",
            "reprocurement_start_by",
            "next_decision_deadline",
            "status",
            "tiers",
            "procurements",
        )
        read_only_fields = (
            "id",
            "initial_end_date",
            "max_end_date",
            "current_end_date",
            "reprocurement_start_by",
            "next_decision_deadline",
        )
        validators = []

    @extend_schema_field(serializers.ChoiceField(choices=FrameworkStatus.choices))
    def get_status(self, framework) -> str:
        """The status today, from the framework's dates."""
        return getattr(framework, "live_status", None) or services.framework_status_on(
            start_date=framework.start_date,
            initial_end_date=framework.initial_end_date,
            current_end_date=framework.current_end_date,
            on=timezone.localdate(),
        )

    def create(self, validated_data):
        options = validated_data.pop("extension_options", [])
        return services.framework_create(
            **validated_data, option_months=[o["months"] for o in options]
        )

    def update(self, instance, validated_data):
        options = validated_data.pop("extension_options", None)
        return services.framework_update(
            framework=instance,
            **validated_data,
            option_months=None if options is None else [o["months"] for o in options],
        )


class OptionDeclineSerializer(serializers.Serializer):
    decided_on = serializers.DateField()
    decision_reference = serializers.CharField(required=False, allow_blank=True, max_length=200)


class OptionDecisionSerializer(OptionDeclineSerializer):
    months = serializers.IntegerField(
        required=False, min_value=1, help_text="Defaults to what is left on the option."
    )


def _framework_queryset():
    return selectors.with_status(
        Framework.objects.prefetch_related("extension_options", "tiers", "procurements"),
        timezone.localdate(),
    ).order_by("-start_date", "reference")


class FrameworkViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Framework agreements: term, extension options (managers decide them), tiers."""

    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilter
    queryset = Framework.objects.all()
    http_method_names = ["get", "post", "patch", "head", "options"]
    required_permissions = {
        "exercise": [APPROVE_DECISIONS, "tenders.change_framework"],
        "decline": [APPROVE_DECISIONS, "tenders.change_framework"],
    }

    def get_queryset(self):
        return _framework_queryset()

    def _option(self, option_id) -> FrameworkExtensionOption:
        framework = self.get_object()
        return get_object_or_404(FrameworkExtensionOption, pk=option_id, framework=framework)

    def _decide(self, request, option_id, serializer_class, service):
        option = self._option(option_id)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        framework = service(option=option, **data.validated_data)
        return Response(self.get_serializer(_framework_queryset().get(pk=framework.pk)).data)

    @extend_schema(
        request=OptionDecisionSerializer,
        responses=FrameworkSerializer,
        parameters=[_path_int("option_id")],
    )
    @action(detail=True, methods=["post"], url_path=r"extensions/(?P<option_id>[0-9]+)/exercise")
    def exercise(self, request, pk=None, option_id=None):
        """Exercise an extension option (managers only), in full or for some months."""
        return self._decide(
            request, option_id, OptionDecisionSerializer, services.framework_option_exercise
        )

    @extend_schema(
        request=OptionDeclineSerializer,
        responses=FrameworkSerializer,
        parameters=[_path_int("option_id")],
    )
    @action(detail=True, methods=["post"], url_path=r"extensions/(?P<option_id>[0-9]+)/decline")
    def decline(self, request, pk=None, option_id=None):
        """Decline what is left of an option (managers only); later options lapse."""
        return self._decide(
            request, option_id, OptionDeclineSerializer, services.framework_option_decline
        )


class FrameworkChildMixin:
    """Viewsets nested under frameworks/{framework_pk}/."""

    def get_framework(self) -> Framework:
        if not hasattr(self, "_framework"):
            self._framework = get_object_or_404(Framework, pk=self.kwargs["framework_pk"])
        return self._framework


@extend_schema(parameters=[_path_int("framework_pk")])
class FrameworkTierViewSet(
    FrameworkChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The tiers of a framework, in the order work is offered (1 = first)."""

    serializer_class = FrameworkTierSerializer
    queryset = FrameworkTier.objects.all()

    def get_queryset(self):
        return selectors.framework_tiers(self.get_framework())

    def perform_create(self, serializer):
        serializer.instance = services.framework_tier_create(
            framework=self.get_framework(), **serializer.validated_data
        )


class FrameworkMemberSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    tier_name = serializers.CharField(source="tier.name", read_only=True)
    rank = serializers.IntegerField(
        required=False, min_value=1, help_text="Defaults to the next rank in the tier."
    )

    class Meta:
        model = FrameworkMember
        fields = (
            "id",
            "provider",
            "provider_name",
            "tier",
            "tier_name",
            "rank",
            "joined_on",
            "left_on",
        )
        read_only_fields = ("id", "left_on")
        validators = []


class MemberLeaveSerializer(serializers.Serializer):
    left_on = serializers.DateField()


@extend_schema(parameters=[_path_int("framework_pk")])
class FrameworkMemberViewSet(
    FrameworkChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The providers on a framework: tier, rank within the tier, joined and left dates."""

    serializer_class = FrameworkMemberSerializer
    queryset = FrameworkMember.objects.all()
    required_permissions = {"leave": ["tenders.change_frameworkmember"]}

    def get_queryset(self):
        return selectors.framework_members(self.get_framework())

    def perform_create(self, serializer):
        serializer.instance = services.framework_member_add(
            framework=self.get_framework(), **serializer.validated_data
        )

    @extend_schema(request=MemberLeaveSerializer, responses=FrameworkMemberSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, framework_pk=None, pk=None):
        """Record the day a provider left the framework."""
        member = self.get_object()
        data = MemberLeaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.framework_member_leave(member=member, **data.validated_data)
        return Response(self.get_serializer(member).data)


# --- Procurements ---------------------------------------------------------------


class LotSerializer(serializers.ModelSerializer):
    service_type = serializers.ChoiceField(
        choices=ServiceType.choices,
        required=False,
        help_text="Defaults to the procurement's service.",
    )

    class Meta:
        model = Lot
        fields = ("id", "number", "title", "service_type", "max_awards", "tier")
        read_only_fields = ("id",)
        validators = []


class AwardSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Award
        fields = ("id", "lot", "provider", "provider_name", "rank", "decision_date")
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcurementNotice
        fields = ("id", "kind", "due_date", "published_on")
        read_only_fields = ("id", "kind", "due_date")


class ProcurementSerializer(serializers.ModelSerializer):
    lots = LotSerializer(many=True, read_only=True)
    awards = serializers.SerializerMethodField()
    notices = NoticeSerializer(many=True, read_only=True)

    class Meta:
        model = Procurement
        fields = (
            "id",
            *PROCUREMENT_FIELDS,
            "status",
            "award_decision_date",
            "standstill_end_date",
            "cancelled_on",
            "cancelled_reason",
            "lots",
            "awards",
            "notices",
        )
        read_only_fields = (
            "id",
            "status",
            "award_decision_date",
            "standstill_end_date",
            "cancelled_on",
            "cancelled_reason",
        )
        validators = []

    @extend_schema_field(AwardSerializer(many=True))
    def get_awards(self, procurement):
        awards = [award for lot in procurement.lots.all() for award in lot.awards.all()]
        return AwardSerializer(awards, many=True).data

    def create(self, validated_data):
        return services.procurement_create(**validated_data)

    def update(self, instance, validated_data):
        return services.procurement_update(procurement=instance, **validated_data)


class TransitionSerializer(serializers.Serializer):
    # A plain string, checked by the service so that a forbidden move is refused
    # with the reason (and the schema keeps one procurement status enum).
    status = serializers.CharField(
        help_text="The status to move to: " + ", ".join(ProcurementStatus.values) + "."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Why it is cancelled, when cancelling."
    )


class AwardRequestSerializer(serializers.Serializer):
    decision_date = serializers.DateField(
        help_text="The day the award decision is sent (PCR 2015) or the contract award "
        "notice is published (Procurement Act 2023); not before the submission deadline."
    )


def _procurement_queryset():
    return Procurement.objects.select_related("framework").prefetch_related(
        Prefetch("lots", queryset=Lot.objects.order_by("number")),
        Prefetch(
            "lots__awards", queryset=Award.objects.select_related("provider").order_by("rank")
        ),
        "notices",
    )


class ProcurementViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Procurement exercises: status workflow, lots, awards and Procurement Act notices."""

    serializer_class = ProcurementSerializer
    filterset_class = ProcurementFilter
    queryset = Procurement.objects.all()
    http_method_names = ["get", "post", "patch", "head", "options"]
    required_permissions = {
        "transition": ["tenders.change_procurement"],
        "award": [APPROVE_DECISIONS, "tenders.change_procurement"],
    }

    def get_queryset(self):
        return _procurement_queryset().order_by("-publication_date", "-created_at", "-pk")

    def _procurement_response(self, procurement):
        return Response(self.get_serializer(_procurement_queryset().get(pk=procurement.pk)).data)

    @extend_schema(request=TransitionSerializer, responses=ProcurementSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the procurement on one step, or cancel it; a forbidden move is a 400 saying why."""
        procurement = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["status"] == ProcurementStatus.AWARDED and not request.user.has_perm(
            APPROVE_DECISIONS
        ):
            raise PermissionDenied("Only a commissioning manager can confirm an award.")
        procurement = services.procurement_transition(
            procurement=procurement, **data.validated_data
        )
        return self._procurement_response(procurement)

    @extend_schema(request=AwardRequestSerializer, responses=ProcurementSerializer)
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        """Award every lot to its top-ranked compliant bids (managers only)."""
        procurement = self.get_object()
        data = AwardRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        procurement = services.procurement_award(procurement=procurement, **data.validated_data)
        return self._procurement_response(procurement)


@extend_schema(parameters=[_path_int("procurement_pk")])
class LotViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The lots of a procurement; winners of a lot linked to a tier join that tier."""

    serializer_class = LotSerializer
    queryset = Lot.objects.all()

    def get_procurement(self) -> Procurement:
        return get_object_or_404(
            Procurement.objects.select_related("framework"), pk=self.kwargs["procurement_pk"]
        )

    def get_queryset(self):
        return Lot.objects.filter(procurement_id=self.kwargs["procurement_pk"]).order_by("number")

    def perform_create(self, serializer):
        serializer.instance = services.lot_create(
            procurement=self.get_procurement(), **serializer.validated_data
        )


class BidSerializer(serializers.ModelSerializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all())
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Bid
        fields = (
            "id",
            "lot",
            "provider",
            "provider_name",
            "price",
            "quality_marks",
            "status",
            "moderation_notes",
            "quality_score",
            "price_score",
            "total_score",
            "rank",
        )
        read_only_fields = ("id", "lot", "quality_score", "price_score", "total_score", "rank")
        validators = []

    def update(self, instance, validated_data):
        return services.bid_update(bid=instance, **validated_data)


@extend_schema(parameters=[_path_int("lot_pk")])
class LotBidViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Bids for a lot, with their scores and rank (computed, read-only)."""

    serializer_class = BidSerializer
    queryset = Bid.objects.all()

    def get_lot(self) -> Lot:
        return get_object_or_404(
            Lot.objects.select_related("procurement"), pk=self.kwargs["lot_pk"]
        )

    def get_queryset(self):
        return selectors.bid_list(self.get_lot())

    def perform_create(self, serializer):
        serializer.instance = services.bid_create(lot=self.get_lot(), **serializer.validated_data)


class BidViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """One bid: marks, compliance and moderation notes during evaluation."""

    serializer_class = BidSerializer
    queryset = Bid.objects.select_related("provider", "lot__procurement")
    http_method_names = ["get", "patch", "head", "options"]


@extend_schema(parameters=[_path_int("procurement_pk")])
class NoticeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Procurement Act 2023 notices due, and the day each was published."""

    serializer_class = NoticeSerializer
    queryset = ProcurementNotice.objects.all()
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return ProcurementNotice.objects.filter(
            procurement_id=self.kwargs["procurement_pk"]
        ).select_related("procurement")

    def perform_update(self, serializer):
        serializer.instance = services.notice_record_publication(
            notice=serializer.instance, published_on=serializer.validated_data.get("published_on")
        )
