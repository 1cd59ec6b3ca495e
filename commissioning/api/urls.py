"""The v1 API: one router for every app (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from commissioning.api import care
from commissioning.api.alerts import AlertViewSet
from commissioning.api.contracts import ContractViewSet, VariationViewSet
from commissioning.api.decisions import DecisionViewSet
from commissioning.api.me import MeView
from commissioning.exports import api as exports_api
from providers import api as providers_api
from reablement import api as reablement_api
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

# Contracts and governance decisions.
router.register("contracts", ContractViewSet, basename="contract")
router.register(
    r"contracts/(?P<contract_id>\d+)/variations", VariationViewSet, basename="contract-variation"
)
router.register("decisions", DecisionViewSet, basename="decision")

# Care: people, packages, reviews, brokerage offers and short-break use.
router.register("people", care.PersonViewSet, basename="person")
router.register("care-packages", care.CarePackageViewSet, basename="care-package")
router.register(
    r"care-packages/(?P<package_pk>\d+)/reviews", care.ReviewViewSet, basename="care-package-review"
)
router.register(
    r"care-packages/(?P<package_pk>\d+)/usage", care.UsageViewSet, basename="care-package-usage"
)
router.register(
    r"care-packages/(?P<package_pk>\d+)/offers", care.OfferViewSet, basename="care-package-offer"
)

# Reablement (issue 6).
router.register(
    "reablement/services", reablement_api.ReablementServiceViewSet, basename="reablement-service"
)
router.register(
    "reablement/referrals", reablement_api.ReferralViewSet, basename="reablement-referral"
)
router.register("reablement/episodes", reablement_api.EpisodeViewSet, basename="reablement-episode")
router.register(
    "reablement/metrics", reablement_api.ReablementMetricsViewSet, basename="reablement-metrics"
)

# Alerts and scheduled checks
router.register("alerts", AlertViewSet, basename="alert")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
    # Exports: the Transparency Code register and the OCDS release package.
    path(
        "exports/transparency.csv",
        exports_api.TransparencyRegisterView.as_view(),
        name="exports-transparency",
    ),
    path("exports/ocds/", exports_api.OcdsReleasePackageView.as_view(), name="exports-ocds"),
]
