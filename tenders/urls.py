"""Procurements at /tenders/ and framework agreements at /frameworks/, in one namespace."""

from django.urls import path

from tenders.views import frameworks, procurements

app_name = "tenders"

urlpatterns = [
    path("tenders/", procurements.ProcurementListView.as_view(), name="procurement-list"),
    path("tenders/new/", procurements.ProcurementCreateView.as_view(), name="procurement-create"),
    path(
        "tenders/<int:pk>/",
        procurements.ProcurementDetailView.as_view(),
        name="procurement-detail",
    ),
    path(
        "tenders/<int:pk>/edit/",
        procurements.ProcurementUpdateView.as_view(),
        name="procurement-edit",
    ),
    path(
        "tenders/<int:pk>/status/",
        procurements.ProcurementTransitionView.as_view(),
        name="procurement-transition",
    ),
    path(
        "tenders/<int:pk>/award/",
        procurements.ProcurementAwardView.as_view(),
        name="procurement-award",
    ),
    path("tenders/<int:pk>/lots/new/", procurements.LotCreateView.as_view(), name="lot-create"),
    path(
        "tenders/<int:pk>/lots/<int:lot_pk>/",
        procurements.LotDetailView.as_view(),
        name="lot-detail",
    ),
    path(
        "tenders/<int:pk>/lots/<int:lot_pk>/edit/",
        procurements.LotUpdateView.as_view(),
        name="lot-edit",
    ),
    path(
        "tenders/<int:pk>/lots/<int:lot_pk>/bids/new/",
        procurements.BidCreateView.as_view(),
        name="bid-create",
    ),
    path(
        "tenders/<int:pk>/lots/<int:lot_pk>/bids/<int:bid_pk>/",
        procurements.BidUpdateView.as_view(),
        name="bid-edit",
    ),
    path(
        "tenders/<int:pk>/notices/<int:notice_pk>/",
        procurements.NoticeUpdateView.as_view(),
        name="notice-edit",
    ),
    path("frameworks/", frameworks.FrameworkListView.as_view(), name="framework-list"),
    path("frameworks/new/", frameworks.FrameworkCreateView.as_view(), name="framework-create"),
    path("frameworks/<int:pk>/", frameworks.FrameworkDetailView.as_view(), name="framework-detail"),
    path(
        "frameworks/<int:pk>/edit/", frameworks.FrameworkUpdateView.as_view(), name="framework-edit"
    ),
    path("frameworks/<int:pk>/tiers/new/", frameworks.TierCreateView.as_view(), name="tier-create"),
    path(
        "frameworks/<int:pk>/members/new/",
        frameworks.MemberCreateView.as_view(),
        name="member-create",
    ),
    path(
        "frameworks/<int:pk>/members/<int:member_pk>/leave/",
        frameworks.MemberLeaveView.as_view(),
        name="member-leave",
    ),
    path(
        "frameworks/<int:pk>/options/<int:option_pk>/exercise/",
        frameworks.OptionExerciseView.as_view(),
        name="option-exercise",
    ),
    path(
        "frameworks/<int:pk>/options/<int:option_pk>/decline/",
        frameworks.OptionDeclineView.as_view(),
        name="option-decline",
    ),
    path(
        "frameworks/<int:pk>/rates/new/",
        frameworks.FrameworkRateCreateView.as_view(),
        name="framework-rate-create",
    ),
]
