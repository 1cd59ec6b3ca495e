from django.urls import path

from reablement import views

app_name = "reablement"

urlpatterns = [
    path("", views.CapacityBoardView.as_view(), name="capacity"),
    path("services/new/", views.ServiceCreateView.as_view(), name="service-create"),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service-detail"),
    path("services/<int:pk>/edit/", views.ServiceUpdateView.as_view(), name="service-edit"),
    path("referrals/", views.ReferralListView.as_view(), name="referral-list"),
    path("referrals/new/", views.ReferralCreateView.as_view(), name="referral-create"),
    path("referrals/<int:pk>/", views.ReferralDetailView.as_view(), name="referral-detail"),
    path("episodes/", views.EpisodeListView.as_view(), name="episode-list"),
    path("episodes/<int:pk>/", views.EpisodeDetailView.as_view(), name="episode-detail"),
    path("episodes/<int:pk>/plan/", views.EpisodePlanView.as_view(), name="episode-plan"),
    path("episodes/<int:pk>/close/", views.EpisodeCloseView.as_view(), name="episode-close"),
    path(
        "episodes/<int:pk>/follow-up/",
        views.EpisodeFollowUpView.as_view(),
        name="episode-follow-up",
    ),
    path("metrics/", views.MetricsView.as_view(), name="metrics"),
    path("benchmarks/", views.BenchmarkListView.as_view(), name="benchmark-list"),
    path("benchmarks/new/", views.BenchmarkCreateView.as_view(), name="benchmark-create"),
]
