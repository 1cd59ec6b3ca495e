"""API of the exports (API.md): the Transparency Code register as CSV and the
OCDS release package. Both stream their body past DRF's renderers, which
only format errors (as JSON)."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from commissioning.common.tabular import csv_response
from commissioning.exports.ocds import release_package_json
from commissioning.exports.transparency import (
    Quarter,
    latest_complete_quarter,
    register_export,
)
from commissioning.exports.views import REGISTER_PERMISSIONS


class AnswerInJson(BaseContentNegotiation):
    """The file streams past DRF's renderers whatever the client accepts; an
    error (400, 401, 403) is JSON, also for a client that asked for text/csv."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


QUARTERS_MESSAGE = "A quarter is 1 (April to June), 2, 3 or 4 (January to March)."


class QuarterQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Financial year by its first year: 2025 for April 2025 to March 2026.",
    )
    quarter = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=4,
        error_messages={
            "min_value": QUARTERS_MESSAGE,
            "max_value": QUARTERS_MESSAGE,
            "invalid": QUARTERS_MESSAGE,
        },
        help_text="1 = April to June, 2 = July to September, 3 = October to December, "
        "4 = January to March.",
    )

    def validate(self, attrs):
        if ("year" in attrs) != ("quarter" in attrs):
            raise serializers.ValidationError(
                "Give both the financial year and the quarter, or neither for the latest "
                "quarter that has ended."
            )
        return attrs

    def chosen(self) -> Quarter:
        data = self.validated_data
        if "year" in data:
            return Quarter(data["year"], data["quarter"])
        return latest_complete_quarter()


REGISTER_DESCRIPTION = (
    "The Local Government Transparency Code 2015 contracts register for one financial "
    "quarter, as CSV (UTF-8 with a byte-order mark): contracts and framework agreements in "
    "force during the quarter and invitations to tender published in it, each worth over "
    "£5,000. Without parameters, the latest quarter that has ended."
)


class TransparencyRegisterView(APIView):
    content_negotiation_class = AnswerInJson
    required_permissions = {"GET": list(REGISTER_PERMISSIONS)}

    @extend_schema(
        operation_id="exports_transparency_csv",
        summary="Transparency Code contracts register (CSV)",
        description=REGISTER_DESCRIPTION,
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, description=QuarterQuery().fields["year"].help_text
            ),
            OpenApiParameter("quarter", OpenApiTypes.INT, enum=[1, 2, 3, 4]),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The register."),
            (400, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="The quarter is not valid."
            ),
        },
    )
    def get(self, request):
        query = QuarterQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return csv_response(register_export(query.chosen()))


class OcdsReleasePackageView(APIView):
    content_negotiation_class = AnswerInJson
    required_permissions = {
        "GET": ["tenders.view_procurement", "tenders.view_framework", "commissioning.view_contract"]
    }

    @extend_schema(
        operation_id="exports_ocds_release_package",
        summary="OCDS 1.1 release package",
        description=(
            "Every procurement (with its lots, awards and contracts), framework agreement and "
            "contract as an Open Contracting Data Standard 1.1 release package, one release per "
            "contracting process, with the lots extension. Streamed as it is read."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="An OCDS 1.1 release package."
            )
        },
    )
    def get(self, request):
        response = StreamingHttpResponse(
            release_package_json(uri=request.build_absolute_uri()),
            content_type="application/json",
        )
        response["Cache-Control"] = "private, no-store"
        return response
