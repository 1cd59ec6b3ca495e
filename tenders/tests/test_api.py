"""The procurement and framework endpoints of API.md, end to end."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.roles import Role
from commissioning.testing.roles import assert_role_access
from providers.tests.factories import ProviderFactory
from tenders.models import Award, FrameworkMember, Procurement
from tenders.tests.factories import (
    BidFactory,
    FrameworkFactory,
    FrameworkMemberFactory,
    LotFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1"


def _post(client, url, data):
    return client.post(f"{API}{url}", data, format="json")


def test_a_framework_with_extension_options_and_derived_dates(officer_api):
    response = _post(
        officer_api,
        "/frameworks/",
        {
            "reference": "CAH-2021",
            "name": "Care at Home",
            "service_type": "home_care",
            "start_date": "2021-06-01",
            "initial_term_months": 36,
            "extension_options": [{"months": 12}, {"months": 12}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["initial_end_date"], body["max_end_date"], body["current_end_date"]) == (
        "2024-05-31",
        "2026-05-31",
        "2024-05-31",
    )
    assert [(o["sequence"], o["months"], o["status"]) for o in body["extension_options"]] == [
        (1, 12, "available"),
        (2, 12, "available"),
    ]
    assert body["extension_options"][0]["decision_deadline"] == "2024-03-02"
    assert body["status"] == "expired"
    assert body["tiers"] == []


def test_derived_dates_are_read_only(officer_api):
    framework = FrameworkFactory()
    response = officer_api.patch(
        f"{API}/frameworks/{framework.pk}/",
        {"current_end_date": "2040-01-01", "name": "Renamed"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["current_end_date"] == framework.current_end_date.isoformat()
    assert response.json()["name"] == "Renamed"


def test_only_a_manager_exercises_an_option(officer_api, manager_api):
    response = _post(
        officer_api,
        "/frameworks/",
        {
            "reference": "IDC-2018",
            "name": "IDC",
            "service_type": "home_care",
            "start_date": "2018-01-01",
            "initial_term_months": 24,
            "extension_options": [{"months": 24}],
        },
    )
    framework = response.json()
    option_id = framework["extension_options"][0]["id"]
    url = f"/frameworks/{framework['id']}/extensions/{option_id}/exercise/"
    assert _post(officer_api, url, {"decided_on": "2019-09-17"}).status_code == 403
    refused = _post(manager_api, url, {"months": 30, "decided_on": "2019-09-17"})
    assert refused.status_code == 400
    assert refused.json() == {"months": ["Option 1 has 24 months left: choose 1 to 24."]}
    response = _post(manager_api, url, {"months": 12, "decided_on": "2019-09-17"})
    assert response.json()["current_end_date"] == "2020-12-31"
    assert response.json()["extension_options"][0]["months_used"] == 12
    declined = _post(
        manager_api,
        f"/frameworks/{framework['id']}/extensions/{option_id}/decline/",
        {"decided_on": "2020-09-01"},
    )
    assert declined.json()["extension_options"][0]["status"] == "declined"
    assert declined.json()["max_end_date"] == "2021-12-31"


def test_tiers_and_members(officer_api):
    framework = FrameworkFactory()
    tier = _post(
        officer_api, f"/frameworks/{framework.pk}/tiers/", {"name": "Tier 1", "priority": 1}
    )
    assert tier.status_code == 201
    assert tier.json()["lot_group"] == "home care"
    provider = ProviderFactory()
    member = _post(
        officer_api,
        f"/frameworks/{framework.pk}/members/",
        {"provider": provider.pk, "tier": tier.json()["id"], "joined_on": "2024-04-01"},
    )
    assert member.status_code == 201
    assert (member.json()["rank"], member.json()["provider_name"]) == (1, provider.name)
    again = _post(
        officer_api,
        f"/frameworks/{framework.pk}/members/",
        {"provider": provider.pk, "tier": tier.json()["id"], "joined_on": "2024-04-01"},
    )
    assert again.status_code == 400
    assert "already on Tier 1" in again.json()["provider"][0]
    listed = officer_api.get(f"{API}/frameworks/{framework.pk}/members/").json()
    assert listed["count"] == 1
    left = _post(
        officer_api,
        f"/frameworks/{framework.pk}/members/{member.json()['id']}/leave/",
        {"left_on": "2025-01-31"},
    )
    assert left.json()["left_on"] == "2025-01-31"


def test_a_procurement_from_start_to_award_through_the_api(officer_api, manager_api):
    framework = FrameworkFactory(start_date=D(2025, 4, 1))
    tier_id = _post(
        officer_api, f"/frameworks/{framework.pk}/tiers/", {"name": "Tier 1", "priority": 1}
    ).json()["id"]
    response = _post(
        officer_api,
        "/procurements/",
        {
            "reference": "ASC-2025-020",
            "title": "Home care",
            "service_type": "home_care",
            "regime": "pa2023",
            "light_touch": True,
            "apply_standstill": True,
            "quality_weight": 60,
            "price_weight": 40,
            "quality_max_marks": "100",
            "submission_deadline": "2025-11-14",
            "framework": framework.pk,
        },
    )
    assert response.status_code == 201, response.json()
    procurement = response.json()
    assert procurement["status"] == "planning"
    pk = procurement["id"]
    lot = _post(
        officer_api,
        f"/procurements/{pk}/lots/",
        {"number": 1, "title": "Home care", "max_awards": 2, "tier": tier_id},
    )
    assert lot.status_code == 201, lot.json()
    lot_id = lot.json()["id"]
    assert (
        _post(
            officer_api,
            f"/lots/{lot_id}/bids/",
            {"provider": ProviderFactory().pk, "price": "20.00"},
        ).status_code
        == 400
    )
    moved = _post(officer_api, f"/procurements/{pk}/transition/", {"status": "open"})
    assert moved.json()["status"] == "open"
    providers = ProviderFactory.create_batch(3)
    for provider, price, marks in zip(
        providers, ("20.00", "18.00", "19.00"), ("80", "60", "95"), strict=True
    ):
        bid = _post(
            officer_api,
            f"/lots/{lot_id}/bids/",
            {"provider": provider.pk, "price": price, "quality_marks": marks},
        )
        assert bid.status_code == 201, bid.json()
    duplicate = _post(
        officer_api, f"/lots/{lot_id}/bids/", {"provider": providers[0].pk, "price": "17.00"}
    )
    assert duplicate.status_code == 400
    too_many_marks = _post(
        officer_api,
        f"/lots/{lot_id}/bids/",
        {"provider": ProviderFactory().pk, "price": "17.00", "quality_marks": "101"},
    )
    assert too_many_marks.status_code == 400
    bids = officer_api.get(f"{API}/lots/{lot_id}/bids/").json()["results"]
    # Lowest £18: 95 → 57 + 37.8947 = 94.8947; 80 → 48 + 36 = 84; 60 → 36 + 40 = 76.
    assert [(b["price"], b["total_score"], b["rank"]) for b in bids] == [
        ("19.00", "94.8947", 1),
        ("20.00", "84.0000", 2),
        ("18.00", "76.0000", 3),
    ]
    backwards = _post(officer_api, f"/procurements/{pk}/transition/", {"status": "planning"})
    assert backwards.status_code == 400
    assert "only moves forward" in backwards.json()["status"][0]
    _post(officer_api, f"/procurements/{pk}/transition/", {"status": "evaluation"})
    assert (
        _post(
            officer_api, f"/procurements/{pk}/award/", {"decision_date": "2025-12-19"}
        ).status_code
        == 403
    )
    early = _post(manager_api, f"/procurements/{pk}/award/", {"decision_date": "2025-11-13"})
    assert early.status_code == 400
    awarded = _post(manager_api, f"/procurements/{pk}/award/", {"decision_date": "2025-12-19"})
    assert awarded.status_code == 200, awarded.json()
    body = awarded.json()
    assert (body["status"], body["standstill_end_date"]) == ("standstill", "2026-01-02")
    assert [(a["lot"], a["rank"]) for a in body["awards"]] == [(lot_id, 1), (lot_id, 2)]
    assert FrameworkMember.objects.filter(framework=framework).count() == 2
    uk6 = next(n for n in body["notices"] if n["kind"] == "UK6")
    assert uk6["published_on"] == "2025-12-19"


def test_bad_input_is_a_400_never_a_500(officer_api):
    response = _post(officer_api, "/procurements/", {"reference": "X", "quality_weight": 150})
    assert response.status_code == 400
    assert "quality_weight" in response.json()
    response = _post(
        officer_api,
        "/procurements/",
        {
            "reference": "X",
            "title": "T",
            "service_type": "home_care",
            "regime": "pcr2015",
            "quality_weight": 50,
            "price_weight": 40,
        },
    )
    assert response.status_code == 400
    assert "must add up to 100" in str(response.json())
    assert (
        _post(officer_api, "/procurements/999999/transition/", {"status": "open"}).status_code
        == 404
    )
    assert not Procurement.objects.exists()


def test_marks_are_entered_in_evaluation_through_the_bid(officer_api):
    bid = BidFactory(quality_marks=None, lot__procurement__status="evaluation")
    response = officer_api.patch(f"{API}/bids/{bid.pk}/", {"quality_marks": "70"}, format="json")
    assert response.status_code == 200
    assert (response.json()["quality_score"], response.json()["rank"]) == ("42.0000", 1)
    price = officer_api.patch(f"{API}/bids/{bid.pk}/", {"price": "12.00"}, format="json")
    assert price.status_code == 400


def test_list_endpoints_do_not_grow_queries_with_rows(officer_api, django_assert_max_num_queries):
    def seed(count):
        for _ in range(count):
            lot = LotFactory()
            BidFactory.create_batch(2, lot=lot)
            FrameworkMemberFactory()

    seed(2)
    urls = [f"{API}/procurements/", f"{API}/frameworks/"]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            officer_api.get(url)
        counts.append(len(queries))
    seed(40)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            officer_api.get(url)


def test_who_may_use_the_procurement_and_framework_endpoints():
    framework = FrameworkFactory()
    lot = LotFactory(procurement__framework=framework)
    bid = BidFactory(lot=lot)
    procurement = lot.procurement
    everyone, editors, managers = set(Role), {Role.OFFICER, Role.MANAGER}, {Role.MANAGER}
    for url in (
        "/procurements/",
        f"/procurements/{procurement.pk}/",
        f"/procurements/{procurement.pk}/lots/",
        f"/procurements/{procurement.pk}/notices/",
        f"/lots/{lot.pk}/bids/",
        f"/bids/{bid.pk}/",
        "/frameworks/",
        f"/frameworks/{framework.pk}/",
        f"/frameworks/{framework.pk}/tiers/",
        f"/frameworks/{framework.pk}/members/",
    ):
        assert_role_access(f"{API}{url}", allowed=everyone)
    json = {"data": {}, "content_type": "application/json"}
    for url in (
        "/procurements/",
        f"/procurements/{procurement.pk}/lots/",
        f"/procurements/{procurement.pk}/transition/",
        f"/lots/{lot.pk}/bids/",
        "/frameworks/",
        f"/frameworks/{framework.pk}/tiers/",
        f"/frameworks/{framework.pk}/members/",
    ):
        assert_role_access(f"{API}{url}", method="post", allowed=editors, **json)
    assert_role_access(
        f"{API}/procurements/{procurement.pk}/award/", method="post", allowed=managers, **json
    )
    assert not Award.objects.exists()
