from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from commissioning.views import HomeView, healthz
from commissioning.views.auth import SignInView

api_v1 = ([path("", include("commissioning.api.urls"))], "api")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Providers, procurement and framework agreements.
    path("providers/", include("providers.urls")),
    path("", include("tenders.urls")),
    # Contract register and governance decisions.
    path("contracts/", include("commissioning.urls_contracts")),
    # Care: people, packages, reviews, brokerage and short-break hour banks.
    path("care/", include("commissioning.views.care.urls")),
    # Reablement.
    path("reablement/", include("reablement.urls")),
    # Alerts and scheduled checks.
    path("alerts/", include("commissioning.urls_alerts")),
    # Exports: the Transparency Code contracts register, among the contract pages.
    path("contracts/transparency/", include("commissioning.exports.urls")),
]

handler400 = "commissioning.views.errors.bad_request"
handler403 = "commissioning.views.errors.permission_denied"
handler404 = "commissioning.views.errors.page_not_found"
handler500 = "commissioning.views.errors.server_error"
