"""The v1 API: one router for every app (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from commissioning.api.alerts import AlertViewSet
from commissioning.api.me import MeView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False

# Alerts and scheduled checks
router.register("alerts", AlertViewSet, basename="alert")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
