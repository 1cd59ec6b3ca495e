"""Care pages, mounted at /care/ in the "care" namespace."""

from django.urls import path

from commissioning.views.care import packages, people

app_name = "care"

urlpatterns = [
    path("", packages.PackageListView.as_view(), name="package-list"),
    path("packages/<int:pk>/", packages.PackageDetailView.as_view(), name="package-detail"),
    path("packages/<int:pk>/edit/", packages.PackageEditView.as_view(), name="package-edit"),
    path("packages/<int:pk>/status/", packages.PackageStatusView.as_view(), name="package-status"),
    path(
        "packages/<int:pk>/reviews/new/", packages.ReviewCreateView.as_view(), name="review-create"
    ),
    path("packages/<int:pk>/offers/new/", packages.OfferCreateView.as_view(), name="offer-create"),
    path(
        "packages/<int:pk>/offers/<int:offer_pk>/answer/",
        packages.OfferAnswerView.as_view(),
        name="offer-answer",
    ),
    path("packages/<int:pk>/usage/new/", packages.UsageCreateView.as_view(), name="usage-create"),
    path("reviews/", packages.ReviewListView.as_view(), name="review-list"),
    path("people/", people.PersonListView.as_view(), name="person-list"),
    path("people/new/", people.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", people.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", people.PersonEditView.as_view(), name="person-edit"),
    path(
        "people/<int:person_pk>/packages/new/",
        packages.PackageCreateView.as_view(),
        name="package-create",
    ),
]
