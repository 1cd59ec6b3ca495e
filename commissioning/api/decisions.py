"""Governance decisions in the API: resolutions in order, reasons, the
options considered and rejected, and what they concern."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from commissioning.models import Contract, GovernanceDecision, RejectedOption
from commissioning.selectors.decisions import DecisionFilter, decision_detail_queryset
from commissioning.services.decisions import decision_create, decision_update
from tenders.models import Framework, Procurement


class RejectedOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RejectedOption
        fields = ["option", "why_rejected"]


class ResolutionsField(serializers.ListField):
    """Resolutions as a list of their texts, in the order resolved."""

    child = serializers.CharField()

    def to_representation(self, data):
        return [resolution.text for resolution in data.all()]


class DecisionSerializer(serializers.ModelSerializer):
    resolutions = ResolutionsField(min_length=1, help_text="In the order resolved: (i), (ii) …")
    rejected_options = RejectedOptionSerializer(many=True, required=False)
    contracts = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Contract.objects.all()
    )
    procurements = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Procurement.objects.all()
    )
    frameworks = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Framework.objects.all()
    )

    class Meta:
        model = GovernanceDecision
        fields = [
            "id",
            "body",
            "meeting_date",
            "item_number",
            "title",
            "report_of",
            "purpose",
            "resolutions",
            "reasons",
            "rejected_options",
            "delegated_authority",
            "contracts",
            "procurements",
            "frameworks",
        ]
        read_only_fields = ["id"]
        # The service says which item of which meeting is already recorded.
        validators = []

    @staticmethod
    def _service_arguments(validated_data: dict) -> dict:
        data = dict(validated_data)
        if "rejected_options" in data:
            data["rejected_options"] = [
                (row["option"], row["why_rejected"]) for row in data["rejected_options"]
            ]
        return data

    def create(self, validated_data):
        return decision_create(**self._service_arguments(validated_data))

    def update(self, instance, validated_data):
        return decision_update(decision=instance, **self._service_arguments(validated_data))


@extend_schema_view(
    list=extend_schema(summary="Governance decisions, newest first"),
    partial_update=extend_schema(summary="Correct a decision as minuted"),
)
class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = GovernanceDecision.objects.all()
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return decision_detail_queryset()
