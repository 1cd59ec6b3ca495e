"""The contracts and decisions API of API.md."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.common.dates import months_before
from commissioning.models import Contract
from commissioning.roles import Role
from commissioning.testing.roles import assert_role_access
from commissioning.tests.contracts.factories import ContractFactory, DecisionFactory
from providers.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
D = dt.date
EVERYONE = set(Role)
STAFF = {Role.OFFICER, Role.MANAGER}


def contract_url(contract):
    return reverse("api:contract-detail", args=[contract.pk])


def exercise_url(contract, option):
    return reverse("api:contract-exercise", args=[contract.pk, option.pk])


def decline_url(contract, option):
    return reverse("api:contract-decline", args=[contract.pk, option.pk])


def variations_url(contract):
    return reverse("api:contract-variation-list", args=[contract.pk])


def seed_004_payload(provider):
    return {
        "reference": "IDC-2018-99",
        "title": "Independent domiciliary care",
        "provider": provider.pk,
        "service_type": "home_care",
        "start_date": "2018-01-01",
        "initial_term_months": 24,
        "annual_value": "14400000.00",
        "funding": [
            {"funder": "Eastshire County Council", "annual_amount": "14400000.00"},
            {"funder": "NHS partner", "annual_amount": "1700000.00"},
        ],
        "extension_options": [{"months": 24}],
    }


def test_create_returns_the_derived_dates(officer_api):
    response = officer_api.post(
        reverse("api:contract-list"), seed_004_payload(ProviderFactory()), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["notice_days"] == 90
    assert body["procurement_lead_months"] == 12
    assert body["initial_end_date"] == "2019-12-31"
    assert body["current_end_date"] == "2019-12-31"
    assert body["max_end_date"] == "2021-12-31"
    assert body["beyond_max_extent"] is False
    assert body["reprocurement_start_by"] == "2020-12-31"
    # Entered after its end date: it has expired.
    assert body["status"] == "expired"
    assert body["annual_value"] == "14400000.00"
    [option] = body["extension_options"]
    assert option == {
        "id": option["id"],
        "sequence": 1,
        "months": 24,
        "months_used": 0,
        "status": "available",
        "decision_deadline": "2019-10-02",
        "decided_on": None,
        "decision_reference": "",
    }
    assert {row["funder"]: row["annual_amount"] for row in body["funding"]} == {
        "Eastshire County Council": "14400000.00",
        "NHS partner": "1700000.00",
    }


def test_derived_fields_are_read_only(officer_api):
    payload = {
        **seed_004_payload(ProviderFactory()),
        "current_end_date": "2030-01-01",
        "status": "terminated",
    }
    body = officer_api.post(reverse("api:contract-list"), payload, format="json").json()
    assert body["current_end_date"] == "2019-12-31"
    assert body["status"] == "expired"


def test_bad_input_is_a_400_with_field_errors(officer_api):
    ContractFactory(reference="IDC-2018-99")
    payload = {**seed_004_payload(ProviderFactory()), "start_date": "31/01/2018"}
    response = officer_api.post(reverse("api:contract-list"), payload, format="json")
    assert response.status_code == 400
    assert "start_date" in response.json()
    payload["start_date"] = "2018-01-01"
    response = officer_api.post(reverse("api:contract-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "reference": ["A contract with the reference IDC-2018-99 already exists."]
    }
    payload["reference"] = "IDC-2018-98"
    payload["extension_options"] = [{"months": 0}]
    response = officer_api.post(reverse("api:contract-list"), payload, format="json")
    assert response.status_code == 400
    assert "extension_options" in response.json()


def test_patch_corrects_a_contract_and_recomputes(officer_api):
    contract = ContractFactory(start_date=D(2021, 6, 1), initial_term_months=36, option_months=[24])
    response = officer_api.patch(
        contract_url(contract),
        {"notice_days": 60, "extension_options": [{"months": 12}, {"months": 12}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    # 31 May 2024 - 60 days = 1 Apr 2024; option 2 assumes option 1 used: 31 May 2025 - 60.
    assert [o["decision_deadline"] for o in body["extension_options"]] == [
        "2024-04-01",
        "2025-04-01",
    ]
    response = officer_api.patch(contract_url(contract), {"annual_value": "1.00"}, format="json")
    assert response.status_code == 400
    assert "variation" in response.json()["annual_value"][0]


def test_manager_exercises_and_declines_through_the_api(manager_api):
    today = timezone.localdate()
    # Ends in about 6 months: option 1 is due in about 3.
    contract = ContractFactory(
        start_date=months_before(today, 6).replace(day=1),
        initial_term_months=12,
        option_months=[12, 12, 12],
    )
    first, second, third = contract.extension_options.order_by("sequence")
    refused = manager_api.post(
        exercise_url(contract, second), {"decided_on": today.isoformat()}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": [
            "The second extension option cannot be used before the first: exercise or decline "
            "option 1 first."
        ]
    }
    response = manager_api.post(
        exercise_url(contract, first),
        {"decided_on": today.isoformat(), "months": 6, "decision_reference": "DOD/7"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    options = response.json()["extension_options"]
    assert (options[0]["months_used"], options[0]["status"]) == (6, "available")
    response = manager_api.post(
        decline_url(contract, first), {"decided_on": today.isoformat()}, format="json"
    )
    assert response.status_code == 200
    assert [o["status"] for o in response.json()["extension_options"]] == [
        "declined",
        "lapsed",
        "lapsed",
    ]
    assert response.json()["next_decision_deadline"] is None
    too_many = manager_api.post(
        exercise_url(contract, third), {"decided_on": today.isoformat()}, format="json"
    )
    assert too_many.status_code == 400


def test_option_of_another_contract_is_404(manager_api):
    contract, other = ContractFactory(option_months=[12]), ContractFactory(option_months=[12])
    response = manager_api.post(
        exercise_url(contract, other.extension_options.get()),
        {"decided_on": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 404


def test_only_managers_exercise_decline_or_waive():
    contract = ContractFactory(option_months=[12])
    option = contract.extension_options.get()
    for url in (exercise_url(contract, option), decline_url(contract, option)):
        assert_role_access(
            url, method="post", data={}, content_type="application/json", allowed={Role.MANAGER}
        )
    assert_role_access(
        variations_url(contract),
        method="post",
        data={"kind": "waiver_extension", "months": 3, "reason": "x", "decided_on": "2025-01-01"},
        content_type="application/json",
        allowed={Role.MANAGER},
    )


def test_read_endpoints_are_open_to_every_role_and_writes_to_staff():
    contract = ContractFactory()
    assert_role_access(reverse("api:contract-list"), allowed=EVERYONE)
    assert_role_access(contract_url(contract), allowed=EVERYONE)
    assert_role_access(variations_url(contract), allowed=EVERYONE)
    assert_role_access(reverse("api:decision-list"), allowed=EVERYONE)
    assert_role_access(
        reverse("api:contract-list"),
        method="post",
        data={},
        content_type="application/json",
        allowed=STAFF,
    )
    assert_role_access(
        variations_url(contract),
        method="post",
        data={"kind": "scope_change", "reason": "More hours", "decided_on": "2025-01-01"},
        content_type="application/json",
        allowed=STAFF,
    )


def test_waiver_through_the_api_is_flagged_beyond_max(manager_api):
    contract = ContractFactory(start_date=D(2018, 1, 1), initial_term_months=24)
    response = manager_api.post(
        variations_url(contract),
        {
            "kind": "waiver_extension",
            "months": 3,
            "reason": "CPR 3.2.9.3",
            "decided_on": "2019-11-01",
            "decision_reference": "Cabinet",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["resulting_end_date"] == "2020-03-31"
    assert response.json()["beyond_max_extent"] is True
    contract_body = manager_api.get(contract_url(contract)).json()
    assert contract_body["beyond_max_extent"] is True
    assert contract_body["current_end_date"] == "2020-03-31"
    listed = manager_api.get(variations_url(contract)).json()
    assert [row["kind"] for row in listed["results"]] == ["waiver_extension"]


def test_variation_refusals_are_400(officer_api):
    contract = ContractFactory(start_date=D(2024, 4, 1), initial_term_months=36)
    response = officer_api.post(
        variations_url(contract),
        {"kind": "termination", "reason": "x", "decided_on": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"termination_date": ["Enter the date the contract ends."]}
    response = officer_api.post(
        variations_url(contract),
        {"kind": "exercise", "months": 3, "reason": "x", "decided_on": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.json()


def test_variations_of_a_missing_contract_are_404(officer_api):
    assert officer_api.get(reverse("api:contract-variation-list", args=[999999])).status_code == 404


def test_list_filters_like_the_register(officer_api):
    today = timezone.localdate()
    # 12 months from the first of the month 10 months ago: ends in 1 to 2 months.
    soon = ContractFactory(
        start_date=months_before(today, 10).replace(day=1), initial_term_months=12
    )
    later = ContractFactory(start_date=today.replace(day=1), initial_term_months=48)
    response = officer_api.get(reverse("api:contract-list"), {"ending_within": 3})
    assert [row["reference"] for row in response.json()["results"]] == [soon.reference]
    response = officer_api.get(reverse("api:contract-list"), {"sort": "-end"})
    assert [row["reference"] for row in response.json()["results"]][:2] == [
        later.reference,
        soon.reference,
    ]
    response = officer_api.get(reverse("api:contract-list"), {"ending_within": "soon"})
    assert response.status_code == 400


def test_list_query_count_does_not_grow_with_rows(officer_api, django_assert_max_num_queries):
    for _ in range(2):
        ContractFactory(option_months=[12, 12], funding=[("Council", Decimal(1))])
    with django_assert_max_num_queries(10) as few:
        assert officer_api.get(reverse("api:contract-list")).json()["count"] == 2
    for _ in range(40):
        ContractFactory(option_months=[12, 12], funding=[("Council", Decimal(1))])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_api.get(reverse("api:contract-list"), {"page_size": 100})
    assert response.json()["count"] == 42


# --- Decisions ---------------------------------------------------------------


def test_decision_round_trip_keeps_resolutions_in_order(officer_api):
    contract = ContractFactory()
    payload = {
        "body": "cabinet",
        "meeting_date": "2021-05-26",
        "item_number": "79",
        "title": "Adult Social Care - Care at Home Re-tender",
        "resolutions": ["That Cabinet approves the request to re-tender the Care at Home service."],
        "reasons": "Re-tender allows greater flexibility and choice for customers.",
        "rejected_options": [
            {
                "option": "Extend the current contract for a further 12 months.",
                "why_rejected": "Rejected given the benefits of re-tendering the service.",
            }
        ],
        "contracts": [contract.pk],
    }
    response = officer_api.post(reverse("api:decision-list"), payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["resolutions"] == payload["resolutions"]
    assert body["rejected_options"] == payload["rejected_options"]
    assert body["contracts"] == [contract.pk]
    again = officer_api.post(reverse("api:decision-list"), payload, format="json")
    assert again.status_code == 400
    assert again.json() == {
        "item_number": ["Item 79 of the Cabinet meeting on 26 May 2021 is already recorded."]
    }
    response = officer_api.patch(
        reverse("api:decision-detail", args=[body["id"]]),
        {"resolutions": ["First.", "Second."]},
        format="json",
    )
    assert response.json()["resolutions"] == ["First.", "Second."]


def test_decision_list_query_count(officer_api, django_assert_max_num_queries):
    DecisionFactory(contracts=[ContractFactory()])
    with django_assert_max_num_queries(15) as few:
        officer_api.get(reverse("api:decision-list"))
    for _ in range(10):
        DecisionFactory(contracts=[ContractFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer_api.get(reverse("api:decision-list")).json()["count"] == 11


def test_contract_api_never_500s_on_an_unknown_contract(officer_api):
    assert officer_api.get(reverse("api:contract-detail", args=[999999])).status_code == 404
    assert Contract.objects.count() == 0
