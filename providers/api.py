"""The providers part of the v1 API (API.md): thin serializers and viewsets
over the same services and selectors as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from providers import selectors, services
from providers.filters import ProviderFilter, ReferenceRateFilter
from providers.models import (
    Provider,
    ProviderRate,
    ProviderRating,
    Rating,
    ReferenceRate,
)
from providers.services import PROVIDER_FIELDS


class ProviderRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProviderRating
        fields = ("rating", "rated_on", "source", "notes")
        read_only_fields = fields


class ProviderSerializer(serializers.ModelSerializer):
    """A provider. ``rating`` and ``rating_date`` are written through the rating
    history (a change of rating adds a dated row); ``active`` false archives the
    provider and needs an ``archived_reason``."""

    rating = serializers.ChoiceField(choices=Rating.choices, required=False)
    rating_date = serializers.DateField(required=False, allow_null=True)
    active = serializers.BooleanField(required=False)
    archived_reason = serializers.CharField(required=False, allow_blank=True)
    ratings = ProviderRatingSerializer(many=True, read_only=True)

    class Meta:
        model = Provider
        fields = (
            "id",
            *PROVIDER_FIELDS,
            "rating",
            "rating_date",
            "active",
            "archived_reason",
            "ratings",
        )
        read_only_fields = ("id",)
        # Uniqueness and formats are checked by the service with the model's
        # own messages, so they read the same in pages and API.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.context.get("view") and self.context["view"].action == "list":
            # The history is on the record itself; the list stays one query a page.
            fields.pop("ratings")
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["active"] = instance.archived_at is None
        return data

    def create(self, validated_data):
        if validated_data.pop("active", True) is False:
            raise ValidationError({"active": "Add the provider first, then archive it."})
        validated_data.pop("archived_reason", None)
        return services.provider_create(**validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        rating = validated_data.pop("rating", None)
        rating_date = validated_data.pop("rating_date", None)
        active = validated_data.pop("active", None)
        reason = validated_data.pop("archived_reason", "")
        provider = services.provider_update(provider=instance, **validated_data)
        if rating is not None or rating_date is not None:
            self._record_rating(provider, rating or provider.rating, rating_date)
        if active is False and provider.archived_at is None:
            if not reason.strip():
                raise ValidationError(
                    {"archived_reason": "Give the reason for archiving this provider."}
                )
            services.provider_archive(provider=provider, reason=reason)
        elif active is True and provider.archived_at is not None:
            services.provider_reinstate(provider=provider)
        return provider

    @staticmethod
    def _record_rating(provider, rating, rating_date):
        if rating_date is None or rating_date == provider.rating_date:
            if rating != provider.rating:
                raise ValidationError(
                    {
                        "rating_date": (
                            "Give the date of the new rating: a change of rating is a new "
                            "entry in the provider's rating history."
                        )
                    }
                )
            return
        services.provider_record_rating(provider=provider, rating=rating, rated_on=rating_date)


class ProviderViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Care providers: registration, current rating and its history."""

    serializer_class = ProviderSerializer
    filterset_class = ProviderFilter
    queryset = Provider.objects.all()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.provider_list()
        return Provider.objects.prefetch_related("ratings")


class ProviderRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProviderRate
        fields = ("id", "service_type", "unit", "amount", "effective_from")
        read_only_fields = ("id",)
        validators = []


@extend_schema(parameters=[OpenApiParameter("provider_pk", OpenApiTypes.INT, "path")])
class ProviderRateViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A provider's own prices, each from its effective date."""

    serializer_class = ProviderRateSerializer
    queryset = ProviderRate.objects.all()

    def get_provider(self) -> Provider:
        return get_object_or_404(Provider, pk=self.kwargs["provider_pk"])

    def get_queryset(self):
        return ProviderRate.objects.filter(provider=self.get_provider()).order_by(
            "service_type", "unit", "-effective_from"
        )

    def perform_create(self, serializer):
        serializer.instance = services.provider_rate_create(
            provider=self.get_provider(), **serializer.validated_data
        )


class ReferenceRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceRate
        fields = ("id", "kind", "unit", "amount", "effective_from", "source")
        read_only_fields = ("id",)
        validators = []


class ReferenceRateViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Dated reference rates: the Real Living Wage and the minimum price for homecare."""

    serializer_class = ReferenceRateSerializer
    filterset_class = ReferenceRateFilter
    queryset = ReferenceRate.objects.order_by("kind", "-effective_from")

    def perform_create(self, serializer):
        serializer.instance = services.reference_rate_create(**serializer.validated_data)
