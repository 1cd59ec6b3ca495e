"""The v1 API: one router for every app (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from commissioning.api.contracts import ContractViewSet, VariationViewSet
from commissioning.api.decisions import DecisionViewSet
from commissioning.api.me import MeView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

# Contracts and governance decisions.
router.register("contracts", ContractViewSet, basename="contract")
router.register(
    r"contracts/(?P<contract_id>\d+)/variations", VariationViewSet, basename="contract-variation"
)
router.register("decisions", DecisionViewSet, basename="decision")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
