"""The v1 API: one router for every app (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from commissioning.api.me import MeView
from reablement import api as reablement_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

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

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
