"""The v1 API: one router for every app (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from commissioning.api.me import MeView
from providers import api as providers_api
from tenders import api as tenders_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

# Providers, procurement and framework agreements.
router.register("providers", providers_api.ProviderViewSet, basename="provider")
router.register(
    r"providers/(?P<provider_pk>[0-9]+)/rates", providers_api.ProviderRateViewSet, "provider-rate"
)
router.register("reference-rates", providers_api.ReferenceRateViewSet, basename="reference-rate")
router.register("frameworks", tenders_api.FrameworkViewSet, basename="framework")
router.register(
    r"frameworks/(?P<framework_pk>[0-9]+)/tiers", tenders_api.FrameworkTierViewSet, "framework-tier"
)
router.register(
    r"frameworks/(?P<framework_pk>[0-9]+)/members",
    tenders_api.FrameworkMemberViewSet,
    "framework-member",
)
router.register("procurements", tenders_api.ProcurementViewSet, basename="procurement")
router.register(
    r"procurements/(?P<procurement_pk>[0-9]+)/lots", tenders_api.LotViewSet, "procurement-lot"
)
router.register(
    r"procurements/(?P<procurement_pk>[0-9]+)/notices",
    tenders_api.NoticeViewSet,
    "procurement-notice",
)
router.register(r"lots/(?P<lot_pk>[0-9]+)/bids", tenders_api.LotBidViewSet, "lot-bid")
router.register("bids", tenders_api.BidViewSet, basename="bid")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
