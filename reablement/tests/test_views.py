"""Reablement pages: who may see them, what they show, their forms and their
query counts."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from commissioning.roles import Role
from commissioning.testing.factories import PersonFactory
from commissioning.testing.roles import assert_role_access
from providers.tests.factories import ProviderFactory
from reablement.models import (
    Benchmark,
    Episode,
    FollowUpStatus,
    ReablementService,
    Referral,
    ReferralStatus,
    Route,
    Sequel,
)
from reablement.tests.factories import (
    EpisodeFactory,
    ServiceFactory,
    discharged_episode,
    record_views,
    waiting_referral,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = dt.date
TODAY = D(2025, 4, 20)
EVERYONE = set(Role)
PEOPLE_ROLES = {Role.OFFICER, Role.MANAGER}


def text(response) -> str:
    """The page's visible words, tags stripped and spaces collapsed."""
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


@pytest.fixture
def published_benchmarks():
    """The comparators the data migration loads (a transactional test elsewhere
    may have emptied the tables)."""
    for area, figure in (("England", "82.9"), ("West Midlands", "80.0")):
        Benchmark.objects.get_or_create(
            measure="ascof_2b1",
            area=area,
            financial_year=2017,
            defaults={"percentage": Decimal(figure)},
        )


# --- Who may see what ----------------------------------------------------------------


def test_capacity_board_metrics_and_services_are_for_every_role():
    service = ServiceFactory()
    assert_role_access(reverse("reablement:capacity"), allowed=EVERYONE)
    assert_role_access(reverse("reablement:metrics"), allowed=EVERYONE)
    assert_role_access(reverse("reablement:service-detail", args=[service.pk]), allowed=EVERYONE)
    assert_role_access(reverse("reablement:benchmark-list"), allowed=EVERYONE)


def test_people_pages_are_only_for_roles_that_see_personal_data():
    episode = discharged_episode(D(2025, 1, 6))
    for url in (
        reverse("reablement:referral-list"),
        reverse("reablement:referral-create"),
        reverse("reablement:referral-detail", args=[episode.referral.pk]),
        reverse("reablement:episode-list"),
        reverse("reablement:episode-detail", args=[episode.pk]),
    ):
        assert_role_access(url, allowed=PEOPLE_ROLES)
    for name in ("episode-close", "episode-follow-up", "episode-plan"):
        assert_role_access(
            reverse(f"reablement:{name}", args=[episode.pk]),
            allowed=PEOPLE_ROLES,
            method="post",
            data={},
        )


def test_changing_services_and_benchmarks_is_for_officers_and_managers():
    service = ServiceFactory()
    for url in (
        reverse("reablement:service-create"),
        reverse("reablement:service-edit", args=[service.pk]),
        reverse("reablement:benchmark-create"),
    ):
        assert_role_access(url, allowed=PEOPLE_ROLES)


def test_navigation_shows_reablement(officer_client):
    page = officer_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reablement:capacity")}"' in page


# --- Capacity board ------------------------------------------------------------------------


def test_capacity_board_shows_capacity_open_free_and_waiting(officer_client):
    alternative = ServiceFactory(name="Integrated Discharge Service", capacity=2)
    service = ServiceFactory(name="Community Reablement North", capacity=2, alternative=alternative)
    for _ in range(2):
        EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    EpisodeFactory(service=alternative, start_date=D(2025, 4, 1))
    waiting_referral(service, D(2025, 4, 18))
    response = officer_client.get(reverse("reablement:capacity"))
    page = text(response)
    assert "Community Reablement North" in page
    rows = {row.name: row for row in response.context["object_list"]}
    north = rows["Community Reablement North"]
    assert (north.capacity, north.open_episodes, north.free_places, north.waiting) == (2, 2, 0, 1)
    discharge = rows["Integrated Discharge Service"]
    assert (discharge.open_episodes, discharge.free_places, discharge.waiting) == (1, 1, 0)
    assert "Full" in page
    assert response.context["totals"] == {
        "capacity": 4,
        "open_episodes": 3,
        "free_places": 1,
        "waiting": 1,
    }
    assert f"?service={service.pk}&amp;status=waiting" in response.content.decode()


def test_capacity_board_hides_links_to_people_from_viewers(client, viewer):
    service = ServiceFactory()
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    client.force_login(viewer)
    page = client.get(reverse("reablement:capacity")).content.decode()
    assert reverse("reablement:episode-list") not in page
    assert "Refer someone" not in page


def test_capacity_board_queries_do_not_grow_with_services(
    officer_client, django_assert_max_num_queries
):
    def build(count):
        for _ in range(count):
            service = ServiceFactory()
            EpisodeFactory(service=service, start_date=D(2025, 4, 1))

    build(2)
    # The layout itself costs a query for the navigation's alert badge.
    with django_assert_max_num_queries(13) as few:
        officer_client.get(reverse("reablement:capacity"))
    build(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("reablement:capacity"))


# --- Services ---------------------------------------------------------------------------------


def test_officer_adds_a_service(officer_client):
    provider = ProviderFactory(name="Eastshire Care Services")
    response = officer_client.post(
        reverse("reablement:service-create"),
        {"name": "Reablement South", "provider": provider.pk, "capacity": "40", "area": "South"},
    )
    service = ReablementService.objects.get(name="Reablement South")
    assert response.status_code == 302
    assert response["Location"] == reverse("reablement:service-detail", args=[service.pk])
    assert (service.capacity, service.provider) == (40, provider)
    assert service.history.count() == 1


def test_service_form_errors_are_for_officers(officer_client):
    response = officer_client.post(
        reverse("reablement:service-create"), {"name": "", "capacity": "0"}
    )
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the service's name." in page
    assert "A service takes at least one person at a time." in page
    assert response.content.decode().count("<title>Error: ") == 1


def test_raising_capacity_on_the_page_places_those_waiting(officer_client):
    service = ServiceFactory(capacity=1)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    waiting = waiting_referral(service, D(2025, 4, 18))
    officer_client.post(
        reverse("reablement:service-edit", args=[service.pk]),
        {"name": service.name, "provider": service.provider.pk, "capacity": "2"},
    )
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.ACCEPTED
    assert waiting.episode.start_date == TODAY


# --- Referrals ----------------------------------------------------------------------------


def test_referral_form_places_and_explains_a_redirect(officer_client):
    alternative = ServiceFactory(name="Integrated Discharge Service", capacity=1)
    service = ServiceFactory(name="Community Reablement North", capacity=1, alternative=alternative)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    person = PersonFactory()
    response = officer_client.post(
        reverse("reablement:referral-create"),
        {
            "nhs_number": f"{person.nhs_number[:3]} {person.nhs_number[3:6]} "
            f"{person.nhs_number[6:]}",
            "service": service.pk,
            "referral_date": "18/04/2025",
            "route": Route.HOSPITAL_DISCHARGE,
            "hospital_discharge_date": "17/04/2025",
            "hospital": "Eastshire Royal Infirmary",
            "on_long_term_support": "no",
        },
        follow=True,
    )
    referral = Referral.objects.get(person=person)
    assert referral.status == ReferralStatus.REDIRECTED
    assert referral.episode.follow_up_due == D(2025, 7, 17)  # 17 Apr + 91 days
    page = text(response)
    assert "Redirected to Integrated Discharge Service" in page
    assert "Community Reablement North was full (all 1 places taken)" in page
    assert "Go to the episode" in page


def test_referral_form_lists_services_with_their_free_places(officer_client):
    service = ServiceFactory(name="Community Reablement North", capacity=3)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    page = text(officer_client.get(reverse("reablement:referral-create")))
    assert "Community Reablement North (2 of 3 places free)" in page


def test_referral_form_shows_the_place_in_the_queue(officer_client):
    service = ServiceFactory(name="Community Reablement North", capacity=1)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1))
    person = PersonFactory()
    response = officer_client.post(
        reverse("reablement:referral-create"),
        {
            "nhs_number": person.nhs_number,
            "service": service.pk,
            "referral_date": "18/04/2025",
            "route": Route.COMMUNITY,
            "on_long_term_support": "yes",
        },
        follow=True,
    )
    assert "Waiting for a place: number 1 in the queue for Community Reablement North" in text(
        response
    )
    assert Referral.objects.get(person=person).on_long_term_support is True


def test_referral_form_errors_say_what_to_do(officer_client):
    service = ServiceFactory()
    response = officer_client.post(
        reverse("reablement:referral-create"),
        {
            "nhs_number": "943 476 5919",
            "service": service.pk,
            "referral_date": "31/02/2025",
            "route": Route.HOSPITAL_DISCHARGE,
            "on_long_term_support": "no",
        },
    )
    page = text(response)
    assert "No one with NHS number 943 476 5919 is on record" in page
    assert "Enter the referral date as day/month/year" in page
    assert "Enter the hospital discharge date" in page
    assert "Enter the hospital the person left." in page
    assert not Referral.objects.exists()


def test_referral_form_shows_the_services_refusal_on_its_field(officer_client):
    person = PersonFactory()
    response = officer_client.post(
        reverse("reablement:referral-create"),
        {
            "nhs_number": person.nhs_number,
            "service": ServiceFactory().pk,
            "referral_date": "21/04/2025",
            "route": Route.COMMUNITY,
            "on_long_term_support": "no",
        },
    )
    assert response.context["form"].errors["referral_date"] == [
        "The referral date cannot be in the future. Enter today's date or an earlier one."
    ]


def test_referral_detail_logs_the_view(officer_client, officer):
    episode = EpisodeFactory()
    officer_client.get(reverse("reablement:referral-detail", args=[episode.referral.pk]))
    assert (
        record_views()
        .filter(
            user=officer,
            content_type=ContentType.objects.get_for_model(Referral),
            object_id=episode.referral.pk,
        )
        .exists()
    )


def test_referral_list_filters_by_status_and_shows_queue_positions(officer_client):
    service = ServiceFactory(capacity=1)
    EpisodeFactory(service=service, start_date=D(2025, 4, 1), person=PersonFactory())
    for day in (10, 11):
        waiting_referral(
            service, D(2025, 4, day), person=PersonFactory(family_name=f"Waiting{day}")
        )
    response = officer_client.get(reverse("reablement:referral-list"), {"status": "waiting"})
    rows = list(response.context["object_list"])
    assert [(r.person.family_name, r.queue_position) for r in rows] == [
        ("Waiting11", 2),
        ("Waiting10", 1),
    ]


def test_referral_list_queries_do_not_grow_with_rows(officer_client, django_assert_max_num_queries):
    def build(count):
        for _ in range(count):
            EpisodeFactory()

    build(2)
    with django_assert_max_num_queries(15) as few:
        officer_client.get(reverse("reablement:referral-list"))
    build(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("reablement:referral-list"))


# --- Episodes ---------------------------------------------------------------------------


def test_episode_list_filters(officer_client):
    service = ServiceFactory()
    # Opened 8 Mar 2025: six weeks end 18 Apr; still open on 20 Apr: overrunning.
    overrunning = EpisodeFactory(service=service, start_date=D(2025, 3, 8))
    # Opened 9 Mar: six weeks end 19 Apr; open on 20 Apr = start + 42: overrunning too.
    day_42 = EpisodeFactory(service=service, start_date=D(2025, 3, 9))
    # Opened 10 Mar: six weeks end 20 Apr: not overrunning yet.
    on_time = EpisodeFactory(service=service, start_date=D(2025, 3, 10))
    # Discharged 18 Jan 2025: follow-up due 19 Apr 2025, not recorded.
    due = discharged_episode(D(2025, 1, 18), end_date=D(2025, 2, 1), sequel=Sequel.DECLINED)
    other = EpisodeFactory(start_date=D(2025, 4, 1))

    def listed(**params):
        response = officer_client.get(reverse("reablement:episode-list"), params)
        return {episode.pk for episode in response.context["object_list"]}

    assert listed(service=service.pk) == {overrunning.pk, day_42.pk, on_time.pk}
    assert listed(overrunning="yes") == {overrunning.pk, day_42.pk}
    assert on_time.pk in listed(overrunning="no")
    assert listed(follow_up="due") == {due.pk}
    assert listed(route=Route.HOSPITAL_DISCHARGE) == {due.pk}
    assert listed(state="ended") == {due.pk}
    assert other.pk in listed(state="open")
    assert listed(person=other.person.family_name[:4]) >= {other.pk}
    assert listed(person=other.person.nhs_number) == {other.pk}


def test_episode_list_shows_the_cohort_behind_a_figure(officer_client):
    # Financial year 2024: discharged 1 Oct 2024 aged 80, at home on day 91.
    at_home = discharged_episode(
        D(2024, 10, 1),
        follow_up_status=FollowUpStatus.AT_HOME,
        follow_up_recorded_on=D(2024, 12, 31),
    )
    discharged_episode(D(2024, 10, 2))  # missing
    response = officer_client.get(
        reverse("reablement:episode-list"), {"year": 2024, "cohort": "ascof_2b1_at_home"}
    )
    assert [e.pk for e in response.context["object_list"]] == [at_home.pk]
    assert "ASCOF 2B(1) numerator: at home on day 91" in text(response)


def test_episode_list_queries_do_not_grow_with_rows(officer_client, django_assert_max_num_queries):
    def build(count):
        for index in range(count):
            discharged_episode(D(2024, 10, 1) + dt.timedelta(days=index))

    build(2)
    with django_assert_max_num_queries(15) as few:
        officer_client.get(reverse("reablement:episode-list"))
    build(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("reablement:episode-list"))


def test_episode_detail_shows_dates_and_logs_the_view(officer_client, officer):
    episode = discharged_episode(D(2025, 1, 18))
    response = officer_client.get(reverse("reablement:episode-detail", args=[episode.pk]))
    page = text(response)
    assert "Free six weeks end 28 February 2025" in page  # 18 Jan + 41 days
    assert "Due 19 April 2025" in page  # 18 Jan + 91 days
    assert "Overrunning" in page  # open on 20 Apr, after 28 Feb
    assert "Record the 91-day follow-up" in page
    assert (
        record_views()
        .filter(
            user=officer,
            content_type=ContentType.objects.get_for_model(Episode),
            object_id=episode.pk,
            what="reablement episode page",
        )
        .exists()
    )


def test_episode_close_form_ends_the_episode(officer_client):
    episode = EpisodeFactory(start_date=D(2025, 4, 1))
    response = officer_client.post(
        reverse("reablement:episode-close", args=[episode.pk]),
        {
            "close-end_date": "19/04/2025",
            "close-sequel": Sequel.NO_IDENTIFIED_NEEDS,
            "close-hours_at_end": "0",
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.end_date, episode.sequel) == (D(2025, 4, 19), Sequel.NO_IDENTIFIED_NEEDS)


def test_episode_close_refusal_is_shown_on_the_episode_page(officer_client):
    episode = EpisodeFactory(start_date=D(2025, 4, 10))
    response = officer_client.post(
        reverse("reablement:episode-close", args=[episode.pk]),
        {"close-end_date": "09/04/2025", "close-sequel": Sequel.DECLINED},
    )
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The end date must be on or after the start, 10 April 2025." in page
    assert response.content.decode().count("<title>Error: ") == 1
    assert 'href="#id_close-end_date"' in response.content.decode()
    episode.refresh_from_db()
    assert episode.end_date is None


def test_follow_up_form_records_who_and_when(officer_client, officer):
    episode = discharged_episode(D(2025, 1, 18))
    officer_client.post(
        reverse("reablement:episode-follow-up", args=[episode.pk]),
        {"follow_up-status": FollowUpStatus.AT_HOME, "follow_up-recorded_on": "19/04/2025"},
    )
    episode.refresh_from_db()
    assert episode.follow_up_status == FollowUpStatus.AT_HOME
    assert episode.follow_up_recorded_on == D(2025, 4, 19)
    assert episode.follow_up_recorded_by == officer
    page = text(officer_client.get(reverse("reablement:episode-detail", args=[episode.pk])))
    assert "on 19 April 2025 by Commissioning officer Tester" in page


def test_follow_up_before_day_91_is_refused_on_the_page(officer_client):
    episode = discharged_episode(D(2025, 1, 20))  # due 21 Apr 2025
    response = officer_client.post(
        reverse("reablement:episode-follow-up", args=[episode.pk]),
        {"follow_up-status": FollowUpStatus.AT_HOME, "follow_up-recorded_on": "20/04/2025"},
    )
    assert "The follow-up is due on 21 April 2025" in text(response)


def test_plan_form_saves_goals_and_hours(officer_client):
    episode = EpisodeFactory(start_date=D(2025, 4, 1))
    officer_client.post(
        reverse("reablement:episode-plan", args=[episode.pk]),
        {
            "plan-planned_end_date": "12/05/2025",
            "plan-hours_at_start": "10.5",
            "plan-goals": "Wash and dress without help",
        },
    )
    episode.refresh_from_db()
    assert (str(episode.hours_at_start), episode.goals) == ("10.50", "Wash and dress without help")


# --- Metrics and benchmarks ----------------------------------------------------------------


def test_metrics_page_shows_figures_benchmarks_and_cohort_links(
    officer_client, published_benchmarks
):
    discharged_episode(
        D(2024, 10, 1),
        follow_up_status=FollowUpStatus.AT_HOME,
        follow_up_recorded_on=D(2024, 12, 31),
    )
    discharged_episode(D(2024, 10, 2))  # no follow-up: missing
    response = officer_client.get(reverse("reablement:metrics"), {"year": 2024})
    page = text(response)
    html = response.content.decode()
    assert "Reablement outcomes 2024-25" in page
    assert "50.0%" in page  # 1 at home of 2
    assert "England 2017-18 82.9%" in page
    assert "West Midlands 2017-18 80.0%" in page
    assert "1 follow-up missing" in page
    assert (
        f'href="{reverse("reablement:episode-list")}?year=2024&amp;cohort=ascof_2b1_missing"'
        in html
    )


def test_metrics_page_defaults_to_the_last_complete_year(officer_client):
    response = officer_client.get(reverse("reablement:metrics"))
    assert response.context["metrics"].year == 2024  # 20 Apr 2025 is in 2025-26


def test_metrics_page_gives_viewers_figures_without_links_to_people(client, viewer):
    discharged_episode(D(2024, 10, 1))
    client.force_login(viewer)
    html = client.get(reverse("reablement:metrics"), {"year": 2024}).content.decode()
    assert "Still at home 91 days" in html
    assert reverse("reablement:episode-list") not in html


def test_metrics_page_queries_do_not_grow_with_episodes(
    officer_client, django_assert_max_num_queries
):
    discharged_episode(D(2024, 10, 1))
    with django_assert_max_num_queries(16) as few:
        officer_client.get(reverse("reablement:metrics"), {"year": 2024})
    for index in range(30):
        discharged_episode(D(2024, 10, 2) + dt.timedelta(days=index))
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("reablement:metrics"), {"year": 2024})


def test_officer_adds_a_regional_benchmark(officer_client):
    officer_client.post(
        reverse("reablement:benchmark-create"),
        {
            "measure": "ascof_2b1",
            "area": "East Midlands",
            "financial_year": "2017",
            "percentage": "84.1",
            "source": "ASCOF 2017-18",
        },
    )
    assert Benchmark.objects.filter(area="East Midlands", financial_year=2017).exists()


def test_duplicate_benchmark_is_refused_with_a_clear_message(officer_client, published_benchmarks):
    response = officer_client.post(
        reverse("reablement:benchmark-create"),
        {"measure": "ascof_2b1", "area": "England", "financial_year": "2017", "percentage": "80"},
    )
    assert "There is already a benchmark for this measure, area and year." in text(response)


def test_benchmark_list_queries_do_not_grow(officer_client, django_assert_max_num_queries):
    def build(first_year, count):
        for year in range(first_year, first_year + count):
            Benchmark.objects.create(
                measure="ascof_2a", area="England", financial_year=year, percentage=Decimal("77")
            )

    build(2000, 2)
    with django_assert_max_num_queries(15) as few:
        officer_client.get(reverse("reablement:benchmark-list"))
    build(2002, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("reablement:benchmark-list"))
