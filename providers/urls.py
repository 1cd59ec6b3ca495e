from django.urls import path

from providers import views

app_name = "providers"

urlpatterns = [
    path("", views.ProviderListView.as_view(), name="list"),
    path("new/", views.ProviderCreateView.as_view(), name="create"),
    path("reference-rates/", views.ReferenceRateListView.as_view(), name="reference-rates"),
    path(
        "reference-rates/new/",
        views.ReferenceRateCreateView.as_view(),
        name="reference-rate-create",
    ),
    path("<int:pk>/", views.ProviderDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProviderUpdateView.as_view(), name="edit"),
    path("<int:pk>/archive/", views.ProviderArchiveView.as_view(), name="archive"),
    path("<int:pk>/reinstate/", views.ProviderReinstateView.as_view(), name="reinstate"),
    path("<int:pk>/ratings/new/", views.RatingCreateView.as_view(), name="rating-create"),
    path("<int:pk>/contacts/new/", views.ContactCreateView.as_view(), name="contact-create"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/edit/",
        views.ContactUpdateView.as_view(),
        name="contact-edit",
    ),
    path("<int:pk>/rates/new/", views.RateCreateView.as_view(), name="rate-create"),
]
