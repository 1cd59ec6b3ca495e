"""Export pages, mounted at /exports/ in the "exports" namespace."""

from django.urls import path

from commissioning.exports.views import TransparencyRegisterView

app_name = "exports"

urlpatterns = [
    path("transparency/", TransparencyRegisterView.as_view(), name="transparency"),
]
