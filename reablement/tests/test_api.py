"""The reablement API of API.md: services, referrals, episodes, close,
follow-up and metrics."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from commissioning.roles import Role
from commissioning.testing.factories import PersonFactory
from commissioning.testing.roles import assert_role_access
from providers.tests.factories import ProviderFactory
from reablement.models import Episode, FollowUpStatus, Referral, ReferralStatus, Sequel
from reablement.tests.factories import (
    EpisodeFactory,
    ServiceFactory,
    discharged_episode,
    record_views,
    waiting_referral,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = dt.date
EVERYONE = set(Role)
PEOPLE_ROLES = {Role.OFFICER, Role.MANAGER}


def url(name, *args):
    return reverse(f"api:{name}", args=args)


# --- Who may call what ---------------------------------------------------------------


def test_services_and_metrics_are_readable_by_every_role():
    service = ServiceFactory()
    assert_role_access(url("reablement-service-list"), allowed=EVERYONE)
    assert_role_access(url("reablement-service-detail", service.pk), allowed=EVERYONE)
    assert_role_access(url("reablement-metrics-list"), allowed=EVERYONE)


def test_referrals_and_episodes_are_only_for_roles_that_see_personal_data():
    episode = discharged_episode(D(2025, 1, 6))
    for path in (
        url("reablement-referral-list"),
        url("reablement-referral-detail", episode.referral.pk),
        url("reablement-episode-list"),
        url("reablement-episode-detail", episode.pk),
    ):
        assert_role_access(path, allowed=PEOPLE_ROLES)
    for name in ("reablement-episode-close", "reablement-episode-follow-up"):
        assert_role_access(
            url(name, episode.pk),
            allowed=PEOPLE_ROLES,
            method="post",
            data={},
            content_type="application/json",
        )


def test_creating_a_service_is_for_officers_and_managers():
    assert_role_access(
        url("reablement-service-list"),
        allowed=PEOPLE_ROLES,
        method="post",
        data={},
        content_type="application/json",
    )


def test_anonymous_requests_are_refused(api_client):
    assert api_client.get(url("reablement-episode-list")).status_code == 401


# --- Services ----------------------------------------------------------------------------


def test_service_list_has_the_api_fields(officer_api):
    alternative = ServiceFactory(name="Integrated Discharge Service", capacity=2)
    service = ServiceFactory(name="Reablement North", capacity=3, alternative=alternative)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    body = officer_api.get(url("reablement-service-list")).json()
    row = next(r for r in body["results"] if r["id"] == service.pk)
    assert row == {
        "id": service.pk,
        "name": "Reablement North",
        "provider": service.provider.pk,
        "contract": None,
        "capacity": 3,
        "area": "Eastbridge",
        "alternative": alternative.pk,
        "is_pilot": False,
        "open_episodes": 1,
        "free_places": 2,
        "waiting": 0,
    }


def test_create_a_service(officer_api):
    provider = ProviderFactory()
    response = officer_api.post(
        url("reablement-service-list"),
        {"name": "Home First Pilot", "provider": provider.pk, "capacity": 12, "is_pilot": True},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["open_episodes"] == 0
    assert response.json()["free_places"] == 12


def test_service_with_no_capacity_is_a_400_with_the_field(officer_api):
    response = officer_api.post(
        url("reablement-service-list"),
        {"name": "Nowhere", "provider": ProviderFactory().pk, "capacity": 0},
        format="json",
    )
    assert response.status_code == 400
    assert "capacity" in response.json()


def test_a_service_cannot_be_its_own_alternative(officer_api):
    service = ServiceFactory()
    response = officer_api.patch(
        url("reablement-service-detail", service.pk), {"alternative": service.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "alternative": ["Choose another service as the alternative, not this one."]
    }


def test_raising_capacity_through_the_api_places_those_waiting(officer_api):
    service = ServiceFactory(capacity=1)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    waiting = waiting_referral(service, D(2025, 4, 18))
    response = officer_api.patch(
        url("reablement-service-detail", service.pk), {"capacity": 2}, format="json"
    )
    assert response.json()["open_episodes"] == 2
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.ACCEPTED


def test_service_list_queries_do_not_grow(officer_api, django_assert_max_num_queries):
    def build(count):
        for _ in range(count):
            EpisodeFactory(service=ServiceFactory(), start_date=D(2025, 4, 1))

    build(2)
    with django_assert_max_num_queries(10) as few:
        officer_api.get(url("reablement-service-list"))
    build(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_api.get(url("reablement-service-list"))


# --- Referrals -------------------------------------------------------------------------------


def test_posting_a_referral_places_it(officer_api):
    service = ServiceFactory(capacity=2)
    person = PersonFactory()
    response = officer_api.post(
        url("reablement-referral-list"),
        {
            "person": person.pk,
            "service": service.pk,
            "referral_date": "2025-04-18",
            "route": "hospital_discharge",
            "hospital_discharge_date": "2025-04-17",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    episode = Episode.objects.get(referral_id=body["id"])
    assert body["status"] == "accepted"
    assert body["placed_with"] == service.pk
    assert body["episode"] == episode.pk
    assert body["on_long_term_support"] is False
    assert body["queue_position"] is None
    assert episode.start_date == D(2025, 4, 18)


def test_a_referral_to_full_services_waits_with_its_queue_position(officer_api):
    alternative = ServiceFactory(capacity=1)
    service = ServiceFactory(capacity=1, alternative=alternative)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    EpisodeFactory(service=alternative, start_date=D(2025, 4, 1))
    bodies = [
        officer_api.post(
            url("reablement-referral-list"),
            {
                "person": PersonFactory().pk,
                "service": service.pk,
                "referral_date": "2025-04-18",
                "route": "community",
            },
            format="json",
        ).json()
        for _ in range(2)
    ]
    assert [(b["status"], b["episode"], b["placed_with"], b["queue_position"]) for b in bodies] == [
        ("waiting", None, None, 1),
        ("waiting", None, None, 2),
    ]


def test_hospital_discharge_without_its_date_is_a_400_on_the_field(officer_api):
    response = officer_api.post(
        url("reablement-referral-list"),
        {
            "person": PersonFactory().pk,
            "service": ServiceFactory().pk,
            "referral_date": "2025-04-18",
            "route": "hospital_discharge",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["hospital_discharge_date"]


def test_bad_enum_and_date_are_400s(officer_api):
    response = officer_api.post(
        url("reablement-referral-list"),
        {
            "person": PersonFactory().pk,
            "service": ServiceFactory().pk,
            "referral_date": "18/04/2025",
            "route": "by_helicopter",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"referral_date", "route"}


def test_referral_retrieve_is_logged(officer_api, officer):
    episode = EpisodeFactory()
    officer_api.get(url("reablement-referral-detail", episode.referral.pk))
    assert (
        record_views()
        .filter(
            user=officer,
            content_type=ContentType.objects.get_for_model(Referral),
            object_id=episode.referral.pk,
            what="API: reablement referral",
        )
        .exists()
    )


def test_referral_list_queries_do_not_grow(officer_api, django_assert_max_num_queries):
    EpisodeFactory.create_batch(2)
    with django_assert_max_num_queries(10) as few:
        officer_api.get(url("reablement-referral-list"))
    EpisodeFactory.create_batch(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_api.get(url("reablement-referral-list"))


# --- Episodes ---------------------------------------------------------------------------


def test_episode_has_the_derived_fields_of_api_md(officer_api):
    episode = discharged_episode(D(2025, 1, 18), hours_at_start=Decimal("10"))
    body = officer_api.get(url("reablement-episode-detail", episode.pk)).json()
    assert body["route"] == "hospital_discharge"
    assert body["hospital_discharge_date"] == "2025-01-18"
    assert body["start_date"] == "2025-01-18"
    assert body["six_week_end"] == "2025-02-28"  # 18 Jan + 41 days
    assert body["overrun"] is True  # still open on 20 Apr
    assert body["follow_up_due"] == "2025-04-19"  # 18 Jan + 91 days
    assert body["follow_up_status"] is None
    assert body["sequel"] is None
    assert body["hours_at_start"] == "10.00"
    assert body["on_long_term_support"] is False


def test_community_episode_has_no_follow_up_due(officer_api):
    episode = EpisodeFactory(start_date=D(2025, 4, 1))
    body = officer_api.get(url("reablement-episode-detail", episode.pk)).json()
    assert body["follow_up_due"] is None
    assert body["overrun"] is False


def test_episode_retrieve_is_logged(officer_api, officer):
    episode = EpisodeFactory()
    officer_api.get(url("reablement-episode-detail", episode.pk))
    assert (
        record_views()
        .filter(
            user=officer,
            content_type=ContentType.objects.get_for_model(Episode),
            object_id=episode.pk,
            what="API: reablement episode",
        )
        .exists()
    )


def test_episode_list_filters_overrunning_and_follow_up_due(officer_api):
    overrunning = EpisodeFactory(start_date=D(2025, 3, 8))
    on_time = EpisodeFactory(start_date=D(2025, 3, 10))
    due = discharged_episode(D(2025, 1, 18), end_date=D(2025, 2, 1), sequel=Sequel.DECLINED)

    def ids(**params):
        body = officer_api.get(url("reablement-episode-list"), params).json()
        return {row["id"] for row in body["results"]}

    assert ids(overrunning="yes") == {overrunning.pk}
    assert on_time.pk in ids(overrunning="no")
    assert ids(follow_up="due") == {due.pk}


def test_close_an_episode(officer_api):
    episode = EpisodeFactory(start_date=D(2025, 4, 1))
    response = officer_api.post(
        url("reablement-episode-close", episode.pk),
        {"end_date": "2025-04-19", "sequel": "no_identified_needs", "hours_at_end": "0"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["end_date"], body["sequel"], body["hours_at_end"]) == (
        "2025-04-19",
        "no_identified_needs",
        "0.00",
    )
    assert body["length_days"] == 19


def test_closing_twice_is_a_400_saying_why(officer_api):
    episode = EpisodeFactory(start_date=D(2025, 4, 1))
    data = {"end_date": "2025-04-19", "sequel": "declined"}
    officer_api.post(url("reablement-episode-close", episode.pk), data, format="json")
    response = officer_api.post(url("reablement-episode-close", episode.pk), data, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "This episode already ended on 19 April 2025. Refresh the page to see its outcome."
        ]
    }


def test_close_with_an_unknown_sequel_is_a_400(officer_api):
    episode = EpisodeFactory(start_date=D(2025, 4, 1))
    response = officer_api.post(
        url("reablement-episode-close", episode.pk),
        {"end_date": "2025-04-19", "sequel": "cured"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["sequel"]


def test_record_a_follow_up(officer_api, officer):
    episode = discharged_episode(D(2025, 1, 18))
    response = officer_api.post(
        url("reablement-episode-follow-up", episode.pk),
        {"status": "at_home", "recorded_on": "2025-04-19"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["follow_up_status"], body["follow_up_recorded_on"]) == ("at_home", "2025-04-19")
    assert body["follow_up_recorded_by"] == officer.pk


def test_follow_up_before_day_91_is_a_400_on_the_date(officer_api):
    episode = discharged_episode(D(2025, 1, 20))
    response = officer_api.post(
        url("reablement-episode-follow-up", episode.pk),
        {"status": FollowUpStatus.AT_HOME, "recorded_on": "2025-04-20"},
        format="json",
    )
    assert response.status_code == 400
    assert "due on 21 April 2025" in response.json()["recorded_on"][0]


def test_episode_list_queries_do_not_grow(officer_api, django_assert_max_num_queries):
    def build(count):
        for index in range(count):
            discharged_episode(D(2024, 10, 1) + dt.timedelta(days=index))

    build(2)
    with django_assert_max_num_queries(10) as few:
        officer_api.get(url("reablement-episode-list"))
    build(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_api.get(url("reablement-episode-list"))


# --- Metrics -----------------------------------------------------------------------------


def test_metrics_for_a_financial_year(officer_api):
    # 2B(1) 2024-25: at home on day 91 (31 Dec 2024); one not contactable.
    discharged_episode(
        D(2024, 10, 1),
        follow_up_status=FollowUpStatus.AT_HOME,
        follow_up_recorded_on=D(2024, 12, 31),
    )
    discharged_episode(
        D(2024, 11, 1),
        follow_up_status=FollowUpStatus.NOT_CONTACTABLE,
        follow_up_recorded_on=D(2025, 1, 31),
    )
    # Ended 7 Jan 2025: 7 days counting the start on 1 Jan; no identified needs.
    EpisodeFactory(
        start_date=D(2025, 1, 1), end_date=D(2025, 1, 7), sequel=Sequel.NO_IDENTIFIED_NEEDS
    )
    body = officer_api.get(url("reablement-metrics-list"), {"year": 2024}).json()
    assert body["year"] == 2024
    assert body["ascof_2b1"]["numerator"] == 1
    assert body["ascof_2b1"]["denominator"] == 2
    assert body["ascof_2b1"]["percentage"] == 50.0
    assert body["ascof_2b1"]["pending"] == 0
    assert body["ascof_2b1"]["missing_follow_up"] == 0
    assert body["short_term_outcome_2a"] == {"numerator": 1, "denominator": 1, "percentage": 100.0}
    assert body["episodes_ended"] == 1
    assert body["completed_within_six_weeks_pct"] == 100.0
    assert body["median_length_days"] == 7.0
    assert body["hours_reduction_pct"] is None
    assert isinstance(body["capacity_use"], list)


def test_metrics_default_to_the_last_complete_year(officer_api):
    assert officer_api.get(url("reablement-metrics-list")).json()["year"] == 2024


def test_metrics_with_a_bad_year_is_a_400(officer_api):
    response = officer_api.get(url("reablement-metrics-list"), {"year": "last"})
    assert response.status_code == 400
    assert response.json() == {
        "year": ["Enter a financial year as the year it starts, for example 2024."]
    }
