"""Pages of the contract register and governance decisions (namespace "contracts")."""

from django.urls import path

from commissioning.views import contracts, decisions

app_name = "contracts"

urlpatterns = [
    path("", contracts.ContractListView.as_view(), name="list"),
    path("forward-plan/", contracts.ForwardPlanView.as_view(), name="forward-plan"),
    path("new/", contracts.ContractCreateView.as_view(), name="create"),
    path("<int:pk>/", contracts.ContractDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", contracts.ContractUpdateView.as_view(), name="edit"),
    path("<int:pk>/funders/", contracts.FundingView.as_view(), name="funding"),
    path("<int:pk>/activate/", contracts.ContractActivateView.as_view(), name="activate"),
    path(
        "<int:pk>/options/<int:option_pk>/exercise/",
        contracts.ExerciseOptionView.as_view(),
        name="option-exercise",
    ),
    path(
        "<int:pk>/options/<int:option_pk>/decline/",
        contracts.DeclineOptionView.as_view(),
        name="option-decline",
    ),
    path(
        "<int:pk>/variations/<slug:kind>/",
        contracts.VariationCreateView.as_view(),
        name="variation-create",
    ),
    path("decisions/", decisions.DecisionListView.as_view(), name="decisions"),
    path("decisions/new/", decisions.DecisionCreateView.as_view(), name="decision-create"),
    path(
        "decisions/<int:decision_pk>/",
        decisions.DecisionDetailView.as_view(),
        name="decision-detail",
    ),
    path(
        "decisions/<int:decision_pk>/edit/",
        decisions.DecisionUpdateView.as_view(),
        name="decision-edit",
    ),
]
