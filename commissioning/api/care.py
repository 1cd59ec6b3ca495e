"""API for people, care packages, reviews, brokerage offers, the short-break
hour bank and its use (API.md). Thin: the same selectors and services as
the pages; every view of a person's record is logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.common.access import RecordViewLoggingAPIMixin, log_record_view
from commissioning.forms.care import PackageFilter, PersonFilter
from commissioning.models import (
    BrokerageOffer,
    CarePackage,
    HourBankUsage,
    PackageReview,
    PackageStatus,
    Person,
)
from commissioning.selectors.care.hour_bank import package_hour_bank
from commissioning.selectors.care.packages import package_list, sourcing_days
from commissioning.selectors.care.people import person_list
from commissioning.selectors.care.reviews import review_list
from commissioning.services.care.brokerage import (
    ANSWERS,
    brokerage_offer_answer,
    brokerage_offer_make,
)
from commissioning.services.care.hour_bank import hour_bank_use_record
from commissioning.services.care.packages import (
    package_change_status,
    package_create,
    package_update,
)
from commissioning.services.care.people import PERSON_FIELDS, person_create, person_update
from commissioning.services.care.reviews import package_review_record
from providers.models import Provider


class RecordViewSet(
    RecordViewLoggingAPIMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, create, retrieve (logged: a view of a person's record) and PATCH."""

    http_method_names = ["get", "post", "patch", "head", "options"]


def renamed(error: DjangoValidationError, names: dict[str, str]) -> DjangoValidationError:
    """A service's refusal with its field names as the API calls them."""
    if not hasattr(error, "error_dict"):
        return error
    return DjangoValidationError(
        {names.get(field, field): errors for field, errors in error.error_dict.items()}
    )


# --- People -------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    # Declared so the service, not a generic unique check, words the refusals.
    nhs_number = serializers.CharField(
        max_length=20, help_text="10 digits; spaces are ignored on input."
    )
    local_authority_id = serializers.CharField(
        max_length=30, required=False, allow_null=True, allow_blank=True
    )

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS]

    def create(self, validated_data):
        return person_create(**validated_data)

    def update(self, instance, validated_data):
        return person_update(person=instance, **validated_data)


@extend_schema_view(
    list=extend_schema(summary="People (search with ?q= by name, NHS number or local ID)"),
    retrieve=extend_schema(summary="A person (each view is logged)"),
)
class PersonViewSet(RecordViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    record_view_what = "API person"

    def get_queryset(self):
        return person_list()


# --- Care packages ----------------------------------------------------------------


class CarePackageSerializer(serializers.ModelSerializer):
    sourcing_days = serializers.SerializerMethodField(
        help_text="Days from request to a provider accepting (so far, while sourcing)."
    )
    requested_on = serializers.DateField(
        required=False, help_text="Defaults to the start date, or today if that is later."
    )

    class Meta:
        model = CarePackage
        fields = [
            "id",
            "person",
            "provider",
            "contract",
            "framework",
            "service_type",
            "requested_on",
            "sourced_on",
            "sourcing_days",
            "start_date",
            "end_date",
            "weekly_hours",
            "time_critical",
            "status",
            "next_review_due",
        ]
        read_only_fields = ["sourced_on", "status", "next_review_due"]

    def get_sourcing_days(self, package) -> int | None:
        return sourcing_days(package)

    def validate_person(self, person):
        if self.instance is not None and person != self.instance.person:
            raise serializers.ValidationError("A package stays with the person it is for.")
        return person

    def create(self, validated_data):
        return package_create(**validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("person", None)
        return package_update(package=instance, **validated_data)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PackageStatus.choices)
    end_date = serializers.DateField(required=False, allow_null=True)


class ExpiringSerializer(serializers.Serializer):
    week_starting = serializers.DateField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=2)
    expires_after = serializers.DateField(help_text="The last day these hours can be used.")


class HourBankQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class HourBankSerializer(serializers.Serializer):
    on = serializers.DateField()
    available_hours = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        help_text="The most hours that can be used on the day with every recorded use "
        "still covered.",
    )
    expiring = ExpiringSerializer(many=True)


@extend_schema_view(
    list=extend_schema(
        summary="Care packages (filters: q, provider, service_type, status, review_overdue)"
    ),
    retrieve=extend_schema(summary="A care package (each view is logged)"),
    partial_update=extend_schema(
        summary="Edit a package (a change of provider is refused: it happens at a review)"
    ),
)
class CarePackageViewSet(RecordViewSet):
    queryset = CarePackage.objects.all()
    serializer_class = CarePackageSerializer
    filterset_class = PackageFilter
    record_view_what = "API care package"
    required_permissions = {
        "status": ["commissioning.change_carepackage"],
        "hour_bank": ["commissioning.view_carepackage", "commissioning.view_hourbankusage"],
    }

    def get_queryset(self):
        return package_list()

    @extend_schema(
        request=StatusSerializer,
        responses=CarePackageSerializer,
        summary="Suspend, resume or end a package",
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        package = self.get_object()
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        package = package_change_status(package=package, **serializer.validated_data)
        return Response(CarePackageSerializer(package).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "on", OpenApiTypes.DATE, description="The day (YYYY-MM-DD); today if left out."
            )
        ],
        responses=HourBankSerializer,
        summary="The short-break hour bank on a day",
    )
    @action(detail=True, methods=["get"], url_path="hour-bank")
    def hour_bank(self, request, pk=None):
        package = self.get_object()
        query = HourBankQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        log_record_view(
            user=request.user, record=package, what="API hour bank", path=request.get_full_path()
        )
        bank = package_hour_bank(package, through=on)
        data = {
            "on": on,
            "available_hours": bank.available_on(on),
            "expiring": [vars(item) for item in bank.expiring_on(on)],
        }
        return Response(HourBankSerializer(data).data)


# --- Under one package: reviews, use, offers -----------------------------------------

PACKAGE_PK = OpenApiParameter("package_pk", OpenApiTypes.INT, OpenApiParameter.PATH)


class PackageChildMixin:
    """Views of records under one package (``package_pk`` in the path). A
    list of them is a view of the person's record, so it is logged."""

    child_what = "API package records"

    @cached_property
    def package(self) -> CarePackage:
        return get_object_or_404(CarePackage, pk=self.kwargs["package_pk"])

    def list(self, request, *args, **kwargs):
        log_record_view(
            user=request.user,
            record=self.package,
            what=self.child_what,
            path=request.get_full_path(),
        )
        return super().list(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "package": self.package}


class ReviewSerializer(serializers.ModelSerializer):
    weekly_hours = serializers.DecimalField(
        source="hours_after", max_digits=7, decimal_places=2, min_value=0
    )
    provider = serializers.PrimaryKeyRelatedField(
        source="new_provider",
        queryset=Provider.objects.all(),
        required=False,
        allow_null=True,
        help_text="Only for a change of provider decided at the review.",
    )

    class Meta:
        model = PackageReview
        fields = [
            "id",
            "review_date",
            "led_by",
            "weekly_hours",
            "provider",
            "hours_before",
            "provider_before",
            "outcome_notes",
        ]
        read_only_fields = ["hours_before", "provider_before"]

    def create(self, validated_data):
        try:
            return package_review_record(package=self.context["package"], **validated_data)
        except DjangoValidationError as error:
            raise renamed(
                error, {"hours_after": "weekly_hours", "new_provider": "provider"}
            ) from error


@extend_schema(parameters=[PACKAGE_PK])
class ReviewViewSet(
    PackageChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = PackageReview.objects.all()
    serializer_class = ReviewSerializer
    child_what = "API package reviews"

    def get_queryset(self):
        return review_list().filter(package=self.package)


class UsageSerializer(serializers.ModelSerializer):
    class Meta:
        model = HourBankUsage
        fields = ["id", "date", "hours", "notes"]

    def create(self, validated_data):
        return hour_bank_use_record(package=self.context["package"], **validated_data)


@extend_schema(parameters=[PACKAGE_PK])
class UsageViewSet(
    PackageChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = HourBankUsage.objects.all()
    serializer_class = UsageSerializer
    child_what = "API short-break use"

    def get_queryset(self):
        return HourBankUsage.objects.filter(package=self.package).order_by("date", "id")


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = BrokerageOffer
        fields = [
            "id",
            "provider",
            "tier",
            "rank",
            "offered_on",
            "response",
            "responded_on",
            "out_of_order_reason",
        ]
        read_only_fields = ["tier", "rank", "response", "responded_on"]

    def create(self, validated_data):
        return brokerage_offer_make(package=self.context["package"], **validated_data)


class OfferAnswerSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=[(a.value, a.label) for a in ANSWERS])
    responded_on = serializers.DateField()


@extend_schema(parameters=[PACKAGE_PK])
class OfferViewSet(
    PackageChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Brokerage offers of a package, in tier and rank order."""

    queryset = BrokerageOffer.objects.all()
    serializer_class = OfferSerializer
    child_what = "API brokerage offers"
    required_permissions = {"answer": ["commissioning.change_brokerageoffer"]}

    def get_queryset(self):
        return BrokerageOffer.objects.filter(package=self.package).order_by(
            "tier__priority", "rank", "offered_on", "id"
        )

    @extend_schema(
        request=OfferAnswerSerializer,
        responses=OfferSerializer,
        summary="Record a provider's answer (accepting places the package)",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, package_pk=None, pk=None):
        offer = self.get_object()
        serializer = OfferAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = brokerage_offer_answer(offer=offer, **serializer.validated_data)
        return Response(OfferSerializer(offer).data)
