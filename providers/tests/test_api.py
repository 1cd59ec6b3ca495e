import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.roles import Role
from commissioning.testing.roles import assert_role_access
from providers.models import Provider, Rating
from providers.tests.factories import ProviderFactory, ProviderRatingFactory
from providers.tests.relations import membership

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/api/v1/providers/"


def test_create_and_read_a_provider_with_api_md_fields(officer_api):
    response = officer_api.post(
        URL,
        {
            "name": "Quayside Care",
            "legal_name": "Quayside Care Ltd",
            "provider_type": "independent",
            "regulator": "cqc",
            "regulator_id": "1-1352289016",
            "rating": "good",
            "rating_date": "2025-06-11",
            "pays_real_living_wage": True,
            "postcode": "ES11 2BB",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = officer_api.get(f"{URL}{response.json()['id']}/").json()
    for field, value in {
        "name": "Quayside Care",
        "provider_type": "independent",
        "regulator": "cqc",
        "regulator_id": "1-1352289016",
        "rating": "good",
        "rating_date": "2025-06-11",
        "pays_real_living_wage": True,
        "postcode": "ES11 2BB",
        "active": True,
    }.items():
        assert body[field] == value
    assert body["ratings"] == [
        {"rating": "good", "rated_on": "2025-06-11", "source": "", "notes": ""}
    ]


def test_bad_input_is_a_400_with_field_errors_and_nothing_written(officer_api):
    response = officer_api.post(
        URL,
        {"name": "X", "provider_type": "agency", "regulator": "cqc", "regulator_id": "1-1"},
        format="json",
    )
    assert response.status_code == 400
    assert "provider_type" in response.json()
    response = officer_api.post(
        URL,
        {"name": "X", "provider_type": "independent", "regulator": "cqc", "regulator_id": "1-1"},
        format="json",
    )
    assert response.status_code == 400
    assert "1- then 9 to 11 digits" in str(response.json())
    assert not Provider.objects.exists()


def test_a_change_of_rating_through_the_api_adds_a_dated_row(officer_api):
    provider = ProviderFactory(rating=Rating.GOOD, rating_date=D(2021, 6, 3))
    ProviderRatingFactory(provider=provider, rated_on=D(2021, 6, 3))
    refused = officer_api.patch(f"{URL}{provider.pk}/", {"rating": "inadequate"}, format="json")
    assert refused.status_code == 400
    assert "rating_date" in refused.json()
    response = officer_api.patch(
        f"{URL}{provider.pk}/",
        {"rating": "inadequate", "rating_date": "2025-10-01"},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["rating"], response.json()["rating_date"]) == (
        "inadequate",
        "2025-10-01",
    )
    assert [r["rating"] for r in response.json()["ratings"]] == ["inadequate", "good"]


def test_archiving_through_the_api_needs_a_reason(officer_api):
    provider = ProviderFactory()
    refused = officer_api.patch(f"{URL}{provider.pk}/", {"active": False}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"archived_reason": ["Give the reason for archiving this provider."]}
    response = officer_api.patch(
        f"{URL}{provider.pk}/",
        {"active": False, "archived_reason": "Ceased trading"},
        format="json",
    )
    assert response.json()["active"] is False
    assert officer_api.get(URL, {"active": "false"}).json()["count"] == 1


def test_provider_list_is_paginated_and_filtered(officer_api):
    ProviderFactory.create_batch(3)
    ProviderFactory(rating=Rating.INADEQUATE, name="Northgate Homecare")
    body = officer_api.get(URL, {"page_size": 2}).json()
    assert (body["count"], len(body["results"])) == (4, 2)
    assert [
        p["name"] for p in officer_api.get(URL, {"rating": "inadequate"}).json()["results"]
    ] == ["Northgate Homecare"]


def test_provider_list_queries_do_not_grow_with_rows(officer_api, django_assert_max_num_queries):
    for provider in ProviderFactory.create_batch(2):
        membership(provider)
    with CaptureQueriesContext(connection) as few:
        officer_api.get(URL)
    for provider in ProviderFactory.create_batch(60):
        membership(provider)
        ProviderRatingFactory(provider=provider)
    with django_assert_max_num_queries(len(few)):
        assert officer_api.get(URL).json()["count"] == 62


def test_rates_and_reference_rates_endpoints(officer_api):
    provider = ProviderFactory()
    response = officer_api.post(
        f"{URL}{provider.pk}/rates/",
        {
            "service_type": "home_care",
            "unit": "hour",
            "amount": "25.80",
            "effective_from": "2025-04-01",
        },
        format="json",
    )
    assert response.status_code == 201
    assert officer_api.get(f"{URL}{provider.pk}/rates/").json()["results"][0]["amount"] == "25.80"
    response = officer_api.post(
        "/api/v1/reference-rates/",
        {
            "kind": "homecare_minimum_price",
            "unit": "hour",
            "amount": "32.14",
            "effective_from": "2025-04-01",
            "source": "Homecare Association",
        },
        format="json",
    )
    assert response.status_code == 201
    duplicate = officer_api.post(
        "/api/v1/reference-rates/",
        {
            "kind": "homecare_minimum_price",
            "unit": "hour",
            "amount": "32.00",
            "effective_from": "2025-04-01",
            "source": "Homecare Association",
        },
        format="json",
    )
    assert duplicate.status_code == 400
    assert provider.rates.get().amount == Decimal("25.80")


def test_who_may_use_the_provider_endpoints():
    provider = ProviderFactory()
    everyone, editors = set(Role), {Role.OFFICER, Role.MANAGER}
    assert_role_access(URL, allowed=everyone)
    assert_role_access(f"{URL}{provider.pk}/", allowed=everyone)
    assert_role_access(f"{URL}{provider.pk}/rates/", allowed=everyone)
    assert_role_access("/api/v1/reference-rates/", allowed=everyone)
    assert_role_access(
        URL, method="post", data={}, content_type="application/json", allowed=editors
    )
    assert_role_access(
        f"{URL}{provider.pk}/",
        method="patch",
        data={},
        content_type="application/json",
        allowed=editors,
    )
