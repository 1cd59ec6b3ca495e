"""The care pages: who may see them, logging of every view of a person's
record, query counts that do not grow with rows, filters and forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.models import (
    BrokerageOffer,
    CarePackage,
    HourBankUsage,
    PackageReview,
    PackageStatus,
    Person,
    RecordView,
)
from commissioning.roles import Role
from commissioning.services.care.brokerage import brokerage_offer_make
from commissioning.services.care.hour_bank import hour_bank_use_record
from commissioning.services.care.reviews import package_review_record
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
CARE_ROLES = {Role.OFFICER, Role.MANAGER}


@pytest.fixture(autouse=True)
def _today():
    with on_day(D(2025, 6, 2)):
        yield


def date_parts(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


# --- Access ---------------------------------------------------------------------


def test_every_care_page_is_for_roles_that_see_personal_data():
    package = CarePackageFactory()
    framework, members = tiered_framework()
    sourcing = CarePackageFactory(provider=None, framework=framework, status="requested")
    made = brokerage_offer_make(
        package=sourcing, provider=members["Alder Care"].provider, offered_on=D(2025, 3, 1)
    )
    person = package.person
    urls = [
        reverse("care:package-list"),
        reverse("care:person-list"),
        reverse("care:review-list"),
        reverse("care:person-create"),
        reverse("care:person-detail", args=[person.pk]),
        reverse("care:person-edit", args=[person.pk]),
        reverse("care:package-create", args=[person.pk]),
        reverse("care:package-detail", args=[package.pk]),
        reverse("care:package-edit", args=[package.pk]),
        reverse("care:package-status", args=[package.pk]),
        reverse("care:review-create", args=[package.pk]),
        reverse("care:usage-create", args=[package.pk]),
        reverse("care:offer-create", args=[sourcing.pk]),
        reverse("care:offer-answer", args=[sourcing.pk, made.pk]),
    ]
    for url in urls:
        assert_role_access(url, allowed=CARE_ROLES)


def test_finance_and_viewer_cannot_post_to_care_forms(client, finance_user, viewer):
    package = CarePackageFactory()
    for user in (finance_user, viewer):
        client.force_login(user)
        response = client.post(
            reverse("care:review-create", args=[package.pk]),
            {**date_parts("review_date", D(2025, 4, 14)), "led_by": "council", "hours_after": "1"},
        )
        assert response.status_code == 403
    assert not PackageReview.objects.exists()
    assert not RecordView.objects.exists()


def test_the_care_navigation_item_shows_only_for_roles_that_see_people(client, officer, viewer):
    client.force_login(officer)
    assert 'href="/care/"' in client.get(reverse("home")).content.decode()
    client.force_login(viewer)
    assert 'href="/care/"' not in client.get(reverse("home")).content.decode()


# --- Every view of a person's record is logged ------------------------------------


def test_viewing_a_persons_page_is_logged(officer_client, officer):
    person = PersonFactory()
    officer_client.get(reverse("care:person-detail", args=[person.pk]))
    log = RecordView.objects.get()
    assert (log.user, log.object_id, log.what) == (officer, person.pk, "person page")
    assert log.content_type == ContentType.objects.get_for_model(Person)
    assert log.path == f"/care/people/{person.pk}/"


def test_forms_showing_a_persons_record_are_logged(officer_client):
    person = PersonFactory()
    officer_client.get(reverse("care:person-edit", args=[person.pk]))
    officer_client.get(reverse("care:package-create", args=[person.pk]))
    assert sorted(RecordView.objects.values_list("what", "object_id")) == [
        ("new package form", person.pk),
        ("person edit page", person.pk),
    ]


def test_viewing_a_package_page_and_its_forms_is_logged(officer_client, officer):
    package = CarePackageFactory()
    officer_client.get(reverse("care:package-detail", args=[package.pk]))
    officer_client.get(reverse("care:package-edit", args=[package.pk]))
    officer_client.get(reverse("care:review-create", args=[package.pk]))
    logs = RecordView.objects.filter(
        user=officer, content_type=ContentType.objects.get_for_model(CarePackage)
    )
    assert sorted(logs.values_list("what", flat=True)) == [
        "care package edit page",
        "care package form",
        "care package page",
    ]
    assert set(logs.values_list("object_id", flat=True)) == {package.pk}


def test_lists_are_not_logged_as_views_of_one_record(officer_client):
    CarePackageFactory()
    officer_client.get(reverse("care:package-list"))
    officer_client.get(reverse("care:person-list"))
    assert not RecordView.objects.exists()


# --- Query counts do not grow with rows ---------------------------------------------


def test_package_list_query_count_does_not_grow_with_rows(
    officer_client, django_assert_max_num_queries
):
    CarePackageFactory.create_batch(2)
    url = reverse("care:package-list")
    few = queries(officer_client, url)
    framework, _ = tiered_framework()
    CarePackageFactory.create_batch(58, framework=framework, time_critical=True)
    with django_assert_max_num_queries(few):
        response = officer_client.get(url)
    assert len(response.context["object_list"]) == 50


def test_person_list_query_count_does_not_grow_with_rows(
    officer_client, django_assert_max_num_queries
):
    CarePackageFactory.create_batch(2)
    url = reverse("care:person-list")
    few = queries(officer_client, url)
    CarePackageFactory.create_batch(58)
    with django_assert_max_num_queries(few):
        officer_client.get(url)


def test_review_list_query_count_does_not_grow_with_rows(
    officer_client, django_assert_max_num_queries
):
    def reviewed(count):
        for package in CarePackageFactory.create_batch(count):
            package_review_record(
                package=package,
                review_date=D(2025, 4, 14),
                led_by="provider",
                hours_after=Decimal(8),
                new_provider=ProviderFactory(),
            )

    reviewed(2)
    url = reverse("care:review-list")
    few = queries(officer_client, url)
    reviewed(58)
    with django_assert_max_num_queries(few):
        officer_client.get(url)


def test_package_page_query_count_does_not_grow_with_reviews_offers_or_use(
    officer_client, django_assert_max_num_queries
):
    package = short_break_package(start=D(2025, 1, 6), hours="6")
    url = reverse("care:package-detail", args=[package.pk])
    few = queries(officer_client, url)
    for week in range(20):
        hour_bank_use_record(
            package=package, date=D(2025, 1, 6) + dt.timedelta(weeks=week), hours=2
        )
    for month in range(1, 5):
        package_review_record(
            package=package, review_date=D(2025, month, 20), led_by="provider", hours_after=6
        )
    with django_assert_max_num_queries(few):
        officer_client.get(url)


# --- Lists: search and filters ------------------------------------------------------------


def test_people_are_found_by_name_nhs_number_or_local_id(officer_client):
    mary = PersonFactory(given_name="Mary", family_name="Okafor", local_authority_id="ECC104233")
    PersonFactory(given_name="Mary", family_name="Shaw")
    url = reverse("care:person-list")
    for search in ("mary okafor", mary.nhs_number_display, "ECC104233"):
        found = list(officer_client.get(url, {"q": search}).context["object_list"])
        assert found == [mary], search
    page = officer_client.get(url, {"q": "mary"}).content.decode()
    assert mary.nhs_number_display in page  # shown 3-3-4


def test_package_filters(officer_client):
    provider = ProviderFactory(name="Larkrise Care")
    overdue = CarePackageFactory(provider=provider, next_review_due=D(2025, 5, 1))
    due_later = CarePackageFactory(provider=provider, next_review_due=D(2025, 7, 1))
    sourcing = CarePackageFactory(provider=None, status=PackageStatus.SOURCING)
    short_breaks = short_break_package(next_review_due=D(2025, 6, 2))  # due today: not overdue
    url = reverse("care:package-list")

    def found(**query):
        return {p.pk for p in officer_client.get(url, query).context["object_list"]}

    assert found(provider=provider.pk) == {overdue.pk, due_later.pk}
    assert found(status="sourcing") == {sourcing.pk}
    assert found(service_type="short_breaks") == {short_breaks.pk}
    assert found(review_overdue="on") == {overdue.pk}
    assert found(q=overdue.person.family_name) >= {overdue.pk}


def test_package_list_totals_the_weekly_hours_in_place(officer_client):
    CarePackageFactory(weekly_hours=Decimal("1500"))
    CarePackageFactory(weekly_hours=Decimal("10.25"))
    CarePackageFactory(
        weekly_hours=Decimal("99"), status=PackageStatus.ENDED, end_date=D(2025, 5, 1)
    )
    page = officer_client.get(reverse("care:package-list")).content.decode()
    assert "the active ones total 1,510.25 hours a week" in page


# --- Pages -----------------------------------------------------------------------


def test_package_page_shows_reviews_offers_and_sourcing_time(officer_client):
    framework, members = tiered_framework()
    package = CarePackageFactory(
        provider=None, framework=framework, status="requested", requested_on=D(2025, 3, 10)
    )
    brokerage_offer_make(
        package=package, provider=members["Alder Care"].provider, offered_on=D(2025, 3, 10)
    )
    brokerage_offer_make(
        package=package,
        provider=members["Damson Care"].provider,
        offered_on=D(2025, 3, 11),
        out_of_order_reason="Rural area: no Tier 1 cover.",
    )
    page = officer_client.get(reverse("care:package-detail", args=[package.pk])).content.decode()
    assert "Tier 1, rank 1" in page
    assert "Reason for going to this tier: Rural area: no Tier 1 cover." in page
    assert "Next in tier and rank order: <strong>Birch Homecare</strong>" in page
    # Requested 10 Mar; today 2 Jun: 84 days without a provider.
    assert "Not placed after 84 days" in page


def test_short_break_page_shows_the_bank_week_by_week(officer_client):
    package = short_break_package(start=D(2025, 5, 5), hours="6")
    hour_bank_use_record(package=package, date=D(2025, 5, 14), hours=Decimal("4"))
    response = officer_client.get(reverse("care:package-detail", args=[package.pk]))
    weeks = response.context["bank_weeks"]
    # Latest first: weeks of 2 Jun, 26 May, 19 May, 12 May, 5 May.
    assert [w.week_starting for w in weeks] == [
        D(2025, 6, 2) - dt.timedelta(weeks=n) for n in range(5)
    ]
    # 4 hours on 14 May came from the week of 5 May (oldest first).
    assert [(d.week_starting, d.hours) for d in weeks[3].draws] == [(D(2025, 5, 5), 4)]
    # Mon 2 Jun: 5 May expired (2 left unused); 12 May to 2 Jun = 24.
    assert response.context["bank_available_today"] == 24
    page = response.content.decode()
    assert "<strong>24 hours</strong> available today" in page
    assert "2 expired" in page  # the week of 5 May: 6 assessed, 4 used


# --- Forms ------------------------------------------------------------------------------


def test_officer_adds_a_person_with_a_gov_uk_date_input(officer_client):
    response = officer_client.post(
        reverse("care:person-create"),
        {
            "nhs_number": "943 476 5919",
            "given_name": "Doris",
            "family_name": "Akhtar",
            **date_parts("date_of_birth", D(1941, 2, 28)),
            "postcode": "es7 2lp",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert (person.nhs_number, person.date_of_birth, person.postcode) == (
        "9434765919",
        D(1941, 2, 28),
        "ES7 2LP",
    )


def test_person_form_explains_an_invalid_nhs_number_and_a_date_that_does_not_exist(
    officer_client,
):
    response = officer_client.post(
        reverse("care:person-create"),
        {
            "nhs_number": "943 476 5918",
            "given_name": "Doris",
            "family_name": "Akhtar",
            **date_parts("date_of_birth", D(1941, 2, 28)),
            "date_of_birth_0": "30",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a person" in page
    assert "the check digit does not match" in page
    assert "The date of birth must be a real date" in page  # 30 February
    assert not Person.objects.exists()


def test_edit_form_refuses_a_change_of_provider_with_the_reason(officer_client):
    package = CarePackageFactory()
    other = ProviderFactory()
    data = {
        "service_type": "home_care",
        "provider": other.pk,
        **date_parts("requested_on", package.requested_on),
        **date_parts("start_date", package.start_date),
        "weekly_hours": "10.5",
    }
    response = officer_client.post(reverse("care:package-edit", args=[package.pk]), data)
    assert response.status_code == 200
    assert "changes only at a review: record a review with the new provider" in (
        response.content.decode()
    )
    package.refresh_from_db()
    assert package.provider != other


def test_review_form_records_a_provider_led_reduction(officer_client):
    package = CarePackageFactory(weekly_hours=Decimal("14"))
    response = officer_client.post(
        reverse("care:review-create", args=[package.pk]),
        {
            **date_parts("review_date", D(2025, 4, 15)),
            "led_by": "provider",
            "hours_after": "10.5",
            "outcome_notes": "Now manages breakfast.",
        },
    )
    assert response.status_code == 302
    review = PackageReview.objects.get()
    assert (review.hours_before, review.hours_after, review.led_by) == (
        14,
        Decimal("10.5"),
        "provider",
    )


def test_usage_form_gives_the_available_figure_when_refusing(officer_client):
    package = short_break_package(start=D(2025, 5, 26), hours="6")
    response = officer_client.post(
        reverse("care:usage-create", args=[package.pk]),
        {**date_parts("date", D(2025, 6, 2)), "hours": "13"},
    )
    # Mon 2 Jun: weeks of 26 May and 2 Jun = 12.
    assert "Only 12 hours are available on 2 June 2025" in response.content.decode()
    assert not HourBankUsage.objects.exists()


def test_offer_form_needs_a_reason_for_a_lower_tier_then_takes_the_answer(officer_client):
    framework, members = tiered_framework()
    package = CarePackageFactory(
        provider=None, framework=framework, status="requested", requested_on=D(2025, 5, 30)
    )
    url = reverse("care:offer-create", args=[package.pk])
    damson = members["Damson Care"].provider
    form = {"provider": damson.pk, **date_parts("offered_on", D(2025, 5, 30))}
    page = officer_client.post(url, form).content.decode()
    assert "Alder Care, Birch Homecare and Cedar Support on Tier 1 have not been offered" in page
    officer_client.post(url, {**form, "out_of_order_reason": "Night calls: Tier 1 cannot cover."})
    made = BrokerageOffer.objects.get()
    response = officer_client.post(
        reverse("care:offer-answer", args=[package.pk, made.pk]),
        {"response": "accepted", **date_parts("responded_on", D(2025, 6, 1))},
    )
    assert response.status_code == 302
    package.refresh_from_db()
    assert (package.provider, package.sourced_on) == (damson, D(2025, 6, 1))


def test_status_form_ends_a_package(officer_client):
    package = CarePackageFactory()
    url = reverse("care:package-status", args=[package.pk])
    page = officer_client.post(url, {"status": "ended"}).content.decode()
    assert "Enter the date the package ended" in page
    officer_client.post(url, {"status": "ended", **date_parts("end_date", D(2025, 5, 30))})
    package.refresh_from_db()
    assert (package.status, package.end_date) == (PackageStatus.ENDED, D(2025, 5, 30))


def test_officer_requests_a_package_from_the_persons_page(officer_client):
    person = PersonFactory()
    response = officer_client.post(
        reverse("care:package-create", args=[person.pk]),
        {
            "service_type": "home_care",
            **date_parts("requested_on", D(2025, 6, 2)),
            **date_parts("start_date", D(2025, 6, 9)),
            "weekly_hours": "7",
            "time_critical": "on",
        },
    )
    package = CarePackage.objects.get()
    assert response["Location"] == package.get_absolute_url()
    assert (package.person, package.status, package.time_critical) == (person, "requested", True)
