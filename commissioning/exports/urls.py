"""Export pages in the "exports" namespace: the Transparency Code register,
mounted at /contracts/transparency/ beside the contract register."""

from django.urls import path

from commissioning.exports.views import TransparencyRegisterView

app_name = "exports"

urlpatterns = [
    path("", TransparencyRegisterView.as_view(), name="transparency"),
]
