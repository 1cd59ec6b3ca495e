"""Pages of the alerts inbox (namespace "alerts", mounted at /alerts/)."""

from django.urls import path

from commissioning.views import alerts

app_name = "alerts"

urlpatterns = [
    path("", alerts.InboxView.as_view(), name="inbox"),
    path("preferences/", alerts.PreferencesView.as_view(), name="preferences"),
    path("<int:pk>/", alerts.AlertDetailView.as_view(), name="detail"),
    path("<int:pk>/acknowledge/", alerts.AcknowledgeView.as_view(), name="acknowledge"),
]
