"""The API of API.md for people, care packages, reviews, the hour bank and
its use, plus brokerage offers and status changes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.models import BrokerageOffer, PackageReview, PackageStatus, Person, RecordView
from commissioning.roles import Role
from commissioning.services.care.hour_bank import hour_bank_use_record
from commissioning.testing.factories import PersonFactory
from commissioning.testing.roles import assert_role_access
from commissioning.tests.care.factories import (
    CarePackageFactory,
    on_day,
    short_break_package,
    tiered_framework,
)
from providers.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1"
CARE_ROLES = {Role.OFFICER, Role.MANAGER}


@pytest.fixture(autouse=True)
def _today():
    with on_day(D(2025, 6, 2)):
        yield


def test_every_care_endpoint_is_for_roles_that_see_personal_data():
    package = short_break_package()
    framework, _ = tiered_framework()
    sourcing = CarePackageFactory(provider=None, framework=framework, status="requested")
    for url in (
        f"{API}/people/",
        f"{API}/people/{package.person_id}/",
        f"{API}/care-packages/",
        f"{API}/care-packages/{package.pk}/",
        f"{API}/care-packages/{package.pk}/reviews/",
        f"{API}/care-packages/{package.pk}/usage/",
        f"{API}/care-packages/{package.pk}/hour-bank/",
        f"{API}/care-packages/{sourcing.pk}/offers/",
    ):
        assert_role_access(url, allowed=CARE_ROLES)
    assert_role_access(
        f"{API}/care-packages/{package.pk}/usage/",
        allowed=CARE_ROLES,
        method="post",
        data={"date": "2025-03-05", "hours": "1"},
        content_type="application/json",
    )


def test_anonymous_requests_are_refused(api_client):
    assert api_client.get(f"{API}/people/").status_code == 401


# --- People -----------------------------------------------------------------


def test_create_a_person_and_read_them_back_with_the_view_logged(officer_api, officer):
    response = officer_api.post(
        f"{API}/people/",
        {
            "nhs_number": "943 476 5919",
            "given_name": "Winston",
            "family_name": "Clarke",
            "date_of_birth": "1944-08-19",
            "postcode": "ES9 4AG",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    person_id = response.json()["id"]
    assert not RecordView.objects.exists()  # creating is not viewing

    response = officer_api.get(f"{API}/people/{person_id}/")
    assert response.json() == {
        "id": person_id,
        "nhs_number": "9434765919",
        "local_authority_id": None,
        "given_name": "Winston",
        "family_name": "Clarke",
        "date_of_birth": "1944-08-19",
        "date_of_death": None,
        "postcode": "ES9 4AG",
        "locality": "",
    }
    log = RecordView.objects.get()
    assert (log.user, log.object_id, log.what) == (officer, person_id, "API person")


def test_invalid_or_duplicate_nhs_numbers_are_400_with_the_reason(officer_api):
    PersonFactory(nhs_number="9434765919")
    base = {"given_name": "A", "family_name": "B", "date_of_birth": "1950-01-01"}
    response = officer_api.post(
        f"{API}/people/", {**base, "nhs_number": "9434765918"}, format="json"
    )
    assert response.status_code == 400
    assert "check digit does not match" in response.json()["nhs_number"][0]
    response = officer_api.post(
        f"{API}/people/", {**base, "nhs_number": "943 476 5919"}, format="json"
    )
    assert response.status_code == 400
    assert "is already the NHS number of" in response.json()["nhs_number"][0]
    response = officer_api.post(
        f"{API}/people/",
        {**base, "nhs_number": "4010232137", "date_of_birth": "1 Jan 1950"},
        format="json",
    )
    assert response.status_code == 400
    assert "date_of_birth" in response.json()


def test_patch_a_person(officer_api):
    person = PersonFactory(family_name="Begum")
    response = officer_api.patch(
        f"{API}/people/{person.pk}/", {"family_name": "Begum-Ali"}, format="json"
    )
    assert response.status_code == 200
    assert Person.objects.get().family_name == "Begum-Ali"


def test_people_search(officer_api):
    mary = PersonFactory(given_name="Mary", family_name="Okafor")
    PersonFactory(given_name="Tom", family_name="Okafor")
    response = officer_api.get(f"{API}/people/", {"q": "mary okafor"})
    assert [row["id"] for row in response.json()["results"]] == [mary.pk]


def test_people_list_query_count_does_not_grow(officer_api, django_assert_max_num_queries):
    PersonFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        officer_api.get(f"{API}/people/")
    PersonFactory.create_batch(58)
    with django_assert_max_num_queries(len(few)):
        response = officer_api.get(f"{API}/people/", {"page_size": 100})
    assert response.json()["count"] == 60


# --- Care packages ----------------------------------------------------------------


def test_create_a_package_and_read_its_derived_fields(officer_api):
    person = PersonFactory()
    provider = ProviderFactory()
    response = officer_api.post(
        f"{API}/care-packages/",
        {
            "person": person.pk,
            "provider": provider.pk,
            "service_type": "home_care",
            "start_date": "2025-06-09",
            "weekly_hours": "12.25",
            "time_critical": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "active"
    assert body["weekly_hours"] == "12.25"
    assert body["next_review_due"] == "2025-07-21"  # 9 Jun + 6 weeks
    assert body["requested_on"] == "2025-06-02"  # today, before the start
    assert body["contract"] is None
    assert body["end_date"] is None


def test_patching_the_provider_is_refused_it_happens_through_a_review(officer_api):
    package = CarePackageFactory()
    response = officer_api.patch(
        f"{API}/care-packages/{package.pk}/", {"provider": ProviderFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "provider": [
            "The provider of a package in place changes only at a review: record a review "
            "with the new provider."
        ]
    }


def test_patch_other_fields_and_bad_input_is_400_not_500(officer_api):
    package = CarePackageFactory()
    url = f"{API}/care-packages/{package.pk}/"
    response = officer_api.patch(
        url, {"time_critical": True, "end_date": "2025-12-31"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["end_date"] == "2025-12-31"
    assert officer_api.patch(url, {"weekly_hours": "lots"}, format="json").status_code == 400
    assert officer_api.patch(url, {"end_date": "2025-01-01"}, format="json").status_code == 400
    assert officer_api.patch(url, {"person": PersonFactory().pk}, format="json").status_code == 400


def test_package_retrieve_is_logged(officer_api, officer):
    package = CarePackageFactory()
    officer_api.get(f"{API}/care-packages/{package.pk}/")
    assert RecordView.objects.get().what == "API care package"


def test_package_list_filters_and_query_count(officer_api, django_assert_max_num_queries):
    framework, _ = tiered_framework()
    CarePackageFactory.create_batch(2, framework=framework)
    with CaptureQueriesContext(connection) as few:
        officer_api.get(f"{API}/care-packages/")
    CarePackageFactory.create_batch(58, framework=framework)
    CarePackageFactory(provider=None, status=PackageStatus.SOURCING)
    with django_assert_max_num_queries(len(few)):
        response = officer_api.get(f"{API}/care-packages/", {"page_size": 100})
    assert response.json()["count"] == 61
    sourcing = officer_api.get(f"{API}/care-packages/", {"status": "sourcing"}).json()
    assert [row["status"] for row in sourcing["results"]] == ["sourcing"]


def test_status_action_suspends_and_refuses_what_the_workflow_forbids(officer_api):
    package = CarePackageFactory()
    url = f"{API}/care-packages/{package.pk}/status/"
    response = officer_api.post(url, {"status": "suspended"}, format="json")
    assert response.json()["status"] == "suspended"
    response = officer_api.post(url, {"status": "sourcing"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": ["A suspended package cannot be made sourcing."]}


# --- Reviews --------------------------------------------------------------------------


def test_post_a_review_with_a_change_of_provider(officer_api):
    package = CarePackageFactory(weekly_hours=Decimal("14"))
    old = package.provider
    new = ProviderFactory()
    url = f"{API}/care-packages/{package.pk}/reviews/"
    response = officer_api.post(
        url,
        {
            "review_date": "2025-04-15",
            "led_by": "provider",
            "weekly_hours": "10.5",
            "provider": new.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "id": PackageReview.objects.get().pk,
        "review_date": "2025-04-15",
        "led_by": "provider",
        "weekly_hours": "10.50",
        "provider": new.pk,
        "hours_before": "14.00",
        "provider_before": old.pk,
        "outcome_notes": "",
    }
    package.refresh_from_db()
    assert (package.provider, package.weekly_hours) == (new, Decimal("10.5"))
    listed = officer_api.get(url).json()
    assert [row["review_date"] for row in listed["results"]] == ["2025-04-15"]


def test_review_refusals_use_the_api_field_names(officer_api):
    package = CarePackageFactory()
    response = officer_api.post(
        f"{API}/care-packages/{package.pk}/reviews/",
        {
            "review_date": "2025-04-15",
            "led_by": "council",
            "weekly_hours": "8",
            "provider": package.provider_id,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "already with" in response.json()["provider"][0]


def test_reviews_of_a_missing_package_are_404(officer_api):
    assert officer_api.get(f"{API}/care-packages/999999/reviews/").status_code == 404


# --- Hour bank and use ------------------------------------------------------------------


def test_hour_bank_on_a_day(officer_api):
    package = short_break_package(start=D(2025, 3, 3), hours="6")
    hour_bank_use_record(package=package, date=D(2025, 3, 5), hours=Decimal("2"))
    response = officer_api.get(f"{API}/care-packages/{package.pk}/hour-bank/", {"on": "2025-03-12"})
    # Wed 12 Mar: 4 left of the week of 3 Mar, 6 of the week of 10 Mar.
    assert response.json() == {
        "on": "2025-03-12",
        "available_hours": "10.00",
        "expiring": [
            {"week_starting": "2025-03-03", "hours": "4.00", "expires_after": "2025-03-30"},
            {"week_starting": "2025-03-10", "hours": "6.00", "expires_after": "2025-04-06"},
        ],
    }
    assert RecordView.objects.get().what == "API hour bank"


def test_hour_bank_defaults_to_today_and_refuses_a_bad_date(officer_api):
    package = short_break_package(start=D(2025, 5, 26), hours="6")
    url = f"{API}/care-packages/{package.pk}/hour-bank/"
    assert officer_api.get(url).json()["on"] == "2025-06-02"
    response = officer_api.get(url, {"on": "02/06/2025"})
    assert response.status_code == 400
    assert list(response.json()) == ["on"]


def test_usage_post_refused_beyond_the_available_hours_with_the_figure(officer_api):
    package = short_break_package(start=D(2025, 3, 3), hours="6")
    url = f"{API}/care-packages/{package.pk}/usage/"
    response = officer_api.post(url, {"date": "2025-03-05", "hours": "6.5"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "hours": [
            "Only 6 hours are available on 5 March 2025, so 6.5 hours cannot be booked. "
            "Book 6 hours or fewer, or choose another day."
        ]
    }
    response = officer_api.post(url, {"date": "2025-03-05", "hours": "6"}, format="json")
    assert response.status_code == 201
    assert officer_api.get(url).json()["results"] == [
        {"id": response.json()["id"], "date": "2025-03-05", "hours": "6.00", "notes": ""}
    ]


def test_usage_list_query_count_does_not_grow(officer_api, django_assert_max_num_queries):
    package = short_break_package(start=D(2025, 1, 6), hours="10")
    url = f"{API}/care-packages/{package.pk}/usage/"
    hour_bank_use_record(package=package, date=D(2025, 1, 6), hours=1)
    with CaptureQueriesContext(connection) as few:
        officer_api.get(url)
    for week in range(1, 20):
        hour_bank_use_record(
            package=package, date=D(2025, 1, 6) + dt.timedelta(weeks=week), hours=1
        )
    with django_assert_max_num_queries(len(few)):
        assert officer_api.get(url).json()["count"] == 20


# --- Brokerage offers ------------------------------------------------------------------------


def test_offers_in_order_with_a_reason_and_an_answer(officer_api):
    framework, members = tiered_framework()
    package = CarePackageFactory(
        provider=None, framework=framework, status="requested", requested_on=D(2025, 5, 30)
    )
    url = f"{API}/care-packages/{package.pk}/offers/"
    damson = members["Damson Care"].provider
    response = officer_api.post(
        url, {"provider": damson.pk, "offered_on": "2025-05-30"}, format="json"
    )
    assert response.status_code == 400
    assert "have not been offered this package" in response.json()["out_of_order_reason"][0]
    response = officer_api.post(
        url,
        {"provider": damson.pk, "offered_on": "2025-05-30", "out_of_order_reason": "Night calls."},
        format="json",
    )
    assert response.status_code == 201
    offer = response.json()
    assert (offer["rank"], offer["response"]) == (1, "pending")
    response = officer_api.post(
        f"{url}{offer['id']}/answer/",
        {"response": "accepted", "responded_on": "2025-06-01"},
        format="json",
    )
    assert response.json()["response"] == "accepted"
    detail = officer_api.get(f"{API}/care-packages/{package.pk}/").json()
    assert (detail["provider"], detail["status"], detail["sourcing_days"]) == (
        damson.pk,
        "active",
        2,  # requested 30 May, accepted 1 Jun
    )


def test_review_and_offer_lists_query_counts_do_not_grow(
    officer_api, django_assert_max_num_queries
):
    package = CarePackageFactory()
    _, members = tiered_framework()

    def add(count):
        for _ in range(count):
            PackageReview.objects.create(
                package=package,
                review_date=D(2025, 4, 14),
                led_by="provider",
                hours_before=Decimal(10),
                hours_after=Decimal(9),
                provider_before=package.provider,
                new_provider=ProviderFactory(),
            )
            BrokerageOffer.objects.create(
                package=package,
                provider=ProviderFactory(),
                tier=members["Alder Care"].tier,
                rank=1,
                offered_on=D(2025, 3, 1),
            )

    reviews = f"{API}/care-packages/{package.pk}/reviews/"
    offers = f"{API}/care-packages/{package.pk}/offers/"
    add(2)
    counts = {}
    for url in (reviews, offers):
        with CaptureQueriesContext(connection) as few:
            officer_api.get(url)
        counts[url] = len(few)
    add(40)
    for url in (reviews, offers):
        with django_assert_max_num_queries(counts[url]):
            assert officer_api.get(url).json()["count"] == 42
