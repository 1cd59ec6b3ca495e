"""The contracts API (API.md): contracts with their extension options and
funders, exercising and declining options, and variations. Derived dates are
read-only and come from the same services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.models import (
    Contract,
    ContractFunding,
    ContractVariation,
    ExtensionOption,
    GovernanceDecision,
)
from commissioning.roles import APPROVE_DECISIONS
from commissioning.selectors.contracts import ContractFilter, contract_list_with_terms
from commissioning.services.contracts import (
    NEEDS_APPROVAL,
    contract_create,
    contract_decline_option,
    contract_exercise_option,
    contract_record_variation,
    contract_update,
)

CHANGE = "commissioning.change_contract"


class ExtensionOptionSerializer(serializers.ModelSerializer):
    months = serializers.IntegerField(min_value=1, max_value=120)

    class Meta:
        model = ExtensionOption
        fields = [
            "id",
            "sequence",
            "months",
            "months_used",
            "status",
            "decision_deadline",
            "decided_on",
            "decision_reference",
        ]
        read_only_fields = [
            "id",
            "sequence",
            "months_used",
            "status",
            "decision_deadline",
            "decided_on",
            "decision_reference",
        ]


class FundingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractFunding
        fields = ["funder", "annual_amount"]


class ContractSerializer(serializers.ModelSerializer):
    # The service checks references are unique (whatever their case).
    reference = serializers.CharField(max_length=50)
    extension_options = ExtensionOptionSerializer(many=True, required=False)
    funding = FundingSerializer(many=True, required=False)

    class Meta:
        model = Contract
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "provider",
            "framework",
            "procurement",
            "service_type",
            "procurement_route",
            "start_date",
            "initial_term_months",
            "notice_days",
            "procurement_lead_months",
            "annual_value",
            "irrecoverable_vat",
            "funding",
            "extension_options",
            "responsible_officer",
            "is_pilot",
            "ends_on_award_of",
            "replacement_procurement",
            "review_date",
            "initial_end_date",
            "current_end_date",
            "max_end_date",
            "final_end_date",
            "beyond_max_extent",
            "next_decision_deadline",
            "reprocurement_start_by",
            "terminated_on",
            "status",
        ]
        read_only_fields = [
            "id",
            "ends_on_award_of",
            "initial_end_date",
            "current_end_date",
            "max_end_date",
            "final_end_date",
            "beyond_max_extent",
            "next_decision_deadline",
            "reprocurement_start_by",
            "terminated_on",
            "status",
        ]

    @staticmethod
    def _service_arguments(validated_data: dict) -> dict:
        data = dict(validated_data)
        if "extension_options" in data:
            data["option_months"] = [option["months"] for option in data.pop("extension_options")]
        if "funding" in data:
            data["funding"] = [(row["funder"], row["annual_amount"]) for row in data["funding"]]
        return data

    def create(self, validated_data):
        return contract_create(**self._service_arguments(validated_data))

    def update(self, instance, validated_data):
        return contract_update(contract=instance, **self._service_arguments(validated_data))


class ExerciseSerializer(serializers.Serializer):
    months = serializers.IntegerField(
        required=False, min_value=1, help_text="Defaults to what is left on the option."
    )
    decided_on = serializers.DateField()
    decision_reference = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    decision = serializers.PrimaryKeyRelatedField(
        queryset=GovernanceDecision.objects.all(), required=False, allow_null=True, default=None
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer):
    decided_on = serializers.DateField()
    decision_reference = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )


OPTION_ID = OpenApiParameter("option_id", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(summary="The contract register (same filters as the register page)"),
    partial_update=extend_schema(
        summary="Correct a contract; a change of value is a variation once it is in force"
    ),
)
class ContractViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Contract.objects.all()
    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Managers alone approve extensions (DESIGN.md roles).
    required_permissions = {
        "exercise": [CHANGE, APPROVE_DECISIONS],
        "decline": [CHANGE, APPROVE_DECISIONS],
    }

    def get_queryset(self):
        return contract_list_with_terms()

    def _option(self, contract: Contract, option_id) -> ExtensionOption:
        return get_object_or_404(ExtensionOption, pk=option_id, contract=contract)

    def _respond(self, contract: Contract) -> Response:
        contract = self.get_queryset().get(pk=contract.pk)
        return Response(ContractSerializer(contract, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Exercise an extension option, in full or in part",
        parameters=[OPTION_ID],
        request=ExerciseSerializer,
        responses=ContractSerializer,
    )
    @action(detail=True, methods=["post"], url_path=r"extensions/(?P<option_id>\d+)/exercise")
    def exercise(self, request, pk=None, option_id=None):
        contract = self.get_object()
        option = self._option(contract, option_id)
        body = ExerciseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = contract_exercise_option(contract=contract, option=option, **body.validated_data)
        return self._respond(contract)

    @extend_schema(
        summary="Decline an extension option; the options after it lapse",
        parameters=[OPTION_ID],
        request=DeclineSerializer,
        responses=ContractSerializer,
    )
    @action(detail=True, methods=["post"], url_path=r"extensions/(?P<option_id>\d+)/decline")
    def decline(self, request, pk=None, option_id=None):
        contract = self.get_object()
        option = self._option(contract, option_id)
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = contract_decline_option(contract=contract, option=option, **body.validated_data)
        return self._respond(contract)


class VariationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractVariation
        fields = [
            "id",
            "kind",
            "months",
            "reason",
            "decided_on",
            "decision_reference",
            "decision",
            "option",
            "previous_annual_value",
            "new_annual_value",
            "termination_date",
            "procurement",
            "resulting_end_date",
            "beyond_max_extent",
        ]
        read_only_fields = [
            "id",
            "option",
            "previous_annual_value",
            "resulting_end_date",
            "beyond_max_extent",
        ]
        extra_kwargs = {
            "months": {"help_text": "For waiver_extension: how many months it adds."},
            "new_annual_value": {"help_text": "For value_change."},
            "termination_date": {"help_text": "For termination: the day the contract ends."},
            "procurement": {"help_text": "For until_award: the procurement whose award ends it."},
        }


CONTRACT_ID = OpenApiParameter("contract_id", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(summary="A contract's variations", parameters=[CONTRACT_ID]),
    create=extend_schema(
        summary="Record a variation (waiver_extension and until_award need a manager)",
        parameters=[CONTRACT_ID],
    ),
)
class VariationViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    queryset = ContractVariation.objects.all()
    serializer_class = VariationSerializer
    filterset_class = None

    def get_contract(self) -> Contract:
        if not hasattr(self, "_contract"):
            self._contract = get_object_or_404(Contract, pk=self.kwargs["contract_id"])
        return self._contract

    def get_queryset(self):
        return (
            ContractVariation.objects.filter(contract=self.get_contract())
            .select_related("option")
            .order_by("decided_on", "id")
        )

    def create(self, request, *args, **kwargs):
        contract = self.get_contract()
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["kind"] in NEEDS_APPROVAL and not request.user.has_perm(APPROVE_DECISIONS):
            raise PermissionDenied("Only a commissioning manager can approve an extension.")
        variation = contract_record_variation(contract=contract, **data)
        return Response(self.get_serializer(variation).data, status=status.HTTP_201_CREATED)
