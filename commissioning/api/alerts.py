"""Alerts in the v1 API (API.md): the list with ``?kind=`` and
``?status=open``, one alert, and ``{id}/acknowledge/``."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.models import Alert, AlertKind
from commissioning.selectors import alerts as selectors
from commissioning.services.alerts.actions import NOTE_MAX_LENGTH, alert_acknowledge


class AlertApiFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices)
    status = django_filters.ChoiceFilter(
        choices=selectors.AlertStatus.CHOICES, method="filter_status"
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label="Only alerts raised for or escalated to you"
    )

    class Meta:
        model = Alert
        fields = ["kind", "status", "mine"]

    def filter_status(self, queryset, name, value):
        return selectors.with_status(queryset, value)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(for_me=True) if value else queryset


class AlertSubjectSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="The subject's model name in lower case.")
    id = serializers.IntegerField()
    label = serializers.CharField()


class AlertSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    lead_label = serializers.CharField(read_only=True)
    acknowledged_by_name = serializers.SerializerMethodField()
    for_me = serializers.BooleanField(
        read_only=True, help_text="Raised for or escalated to the requesting user."
    )

    class Meta:
        model = Alert
        fields = (
            "id",
            "kind",
            "subject",
            "message",
            "due_date",
            "lead",
            "lead_label",
            "raised_on",
            "sent_at",
            "escalated_on",
            "status",
            "acknowledged_by",
            "acknowledged_by_name",
            "acknowledged_at",
            "acknowledgement_note",
            "for_me",
        )
        read_only_fields = fields

    @extend_schema_field(AlertSubjectSerializer)
    def get_subject(self, alert: Alert) -> dict:
        return {"type": alert.subject_type, "id": alert.object_id, "label": alert.subject_label}

    # A plain string in the schema: other areas' "status" enums would collide.
    @extend_schema_field(serializers.CharField(help_text="open or acknowledged"))
    def get_status(self, alert: Alert) -> str:
        return selectors.AlertStatus.OPEN if alert.is_open else selectors.AlertStatus.ACKNOWLEDGED

    def get_acknowledged_by_name(self, alert: Alert) -> str | None:
        user = alert.acknowledged_by
        return (user.get_full_name() or user.get_username()) if user else None


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        help_text="What has been done, or will be done, about the alert.",
    )


class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Alerts raised by the daily scheduled checks, soonest due first."""

    serializer_class = AlertSerializer
    filterset_class = AlertApiFilter
    queryset = Alert.objects.all()
    required_permissions = {
        "acknowledge": ["commissioning.view_alert", "commissioning.change_alert"],
    }

    def get_queryset(self):
        return selectors.alerts(user=self.request.user)

    @extend_schema(request=AcknowledgeSerializer, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        alert = self.get_object()
        payload = AcknowledgeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        alert_acknowledge(alert=alert, user=request.user, note=payload.validated_data["note"])
        return Response(self.get_serializer(self.get_queryset().get(pk=alert.pk)).data)
