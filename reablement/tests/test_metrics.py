"""The reablement metrics of DOMAIN.md §5 on hand-built cohorts, each right
answer worked out by hand in the test."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F

from commissioning.testing.factories import PersonFactory
from reablement.models import Benchmark, Episode, FollowUpStatus, Sequel
from reablement.selectors import (
    DaysBetween,
    Period,
    _median_by_offset,
    capacity_use,
    cohort_q,
    default_metrics_year,
    episodes,
    percentage,
    reablement_metrics,
)
from reablement.tests.factories import EpisodeFactory, ServiceFactory, discharged_episode

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = 2024  # financial year 2024-25: 1 Apr 2024 – 31 Mar 2025
AGED_80 = D(1944, 6, 1)


def person(born=AGED_80, **kwargs):
    return PersonFactory(date_of_birth=born, **kwargs)


def followed_up(episode, status, on):
    episode.follow_up_status = status
    episode.follow_up_recorded_on = on
    episode.save()
    return episode


@pytest.fixture
def ascof_2b1_cases():
    """The 2B(1) cohort of 2024-25 is discharges from 1 Oct to 31 Dec 2024 of
    people aged 65 or over that day. Day 91 (the follow-up) in brackets."""
    cases = {}
    # In: 65 exactly on the discharge day (born 1 Oct 1959), at home (31 Dec 2024).
    cases["sixty_five_today"] = followed_up(
        discharged_episode(D(2024, 10, 1), person=person(D(1959, 10, 1))),
        FollowUpStatus.AT_HOME,
        D(2024, 12, 31),
    )
    # Out: 65 tomorrow (born 2 Oct 1959), though at home.
    followed_up(
        discharged_episode(D(2024, 10, 1), person=person(D(1959, 10, 2))),
        FollowUpStatus.AT_HOME,
        D(2024, 12, 31),
    )
    # Out: discharged 30 Sep 2024, the day before the window.
    followed_up(
        discharged_episode(D(2024, 9, 30), person=person()),
        FollowUpStatus.AT_HOME,
        D(2024, 12, 30),
    )
    # In: discharged 31 Dec 2024, the window's last day (1 Apr 2025); at home,
    # recorded on 1 Apr 2025.
    cases["last_day"] = followed_up(
        discharged_episode(D(2024, 12, 31), person=person()),
        FollowUpStatus.AT_HOME,
        D(2025, 4, 1),
    )
    # Out: discharged 1 Jan 2025, the day after the window.
    followed_up(
        discharged_episode(D(2025, 1, 1), person=person()),
        FollowUpStatus.AT_HOME,
        D(2025, 4, 2),
    )
    # Out: a community (step-up) episode is not a hospital discharge.
    EpisodeFactory(start_date=D(2024, 11, 1), person=person())
    # In: died before day 91 (14 Jan 2025), recorded on 20 Nov 2024.
    followed_up(
        discharged_episode(D(2024, 10, 15), person=person()),
        FollowUpStatus.DIED,
        D(2024, 11, 20),
    )
    # In: died before day 91 (8 Jan 2025) by the person's record, no follow-up.
    discharged_episode(D(2024, 10, 9), person=person(date_of_death=D(2024, 11, 1)))
    # In: not contactable (30 Jan 2025).
    followed_up(
        discharged_episode(D(2024, 11, 1), person=person()),
        FollowUpStatus.NOT_CONTACTABLE,
        D(2025, 1, 30),
    )
    # In: in a care home (14 Feb 2025).
    followed_up(
        discharged_episode(D(2024, 11, 15), person=person()),
        FollowUpStatus.IN_CARE_HOME,
        D(2025, 2, 14),
    )
    # In: at home twice (14 Feb 2025).
    for _ in range(2):
        followed_up(
            discharged_episode(D(2024, 11, 15), person=person()),
            FollowUpStatus.AT_HOME,
            D(2025, 2, 14),
        )
    # In: nothing recorded (3 Mar 2025).
    cases["missing"] = discharged_episode(D(2024, 12, 2), person=person())
    # In: nothing recorded yet (26 Mar 2025).
    cases["late_december"] = discharged_episode(D(2024, 12, 25), person=person())
    return cases


def test_ascof_2b1_before_every_follow_up_is_due(ascof_2b1_cases):
    # On 25 Mar 2025 the cases due 26 Mar and 1 Apr are pending (the one due on
    # 1 Apr is recorded then, after "today"). Cohort 10: 8 settled (4 at home
    # minus the one still pending = 3 at home; 2 died; not contactable; care
    # home; missing) and 2 pending. 2B(1) = 100 × 3 / 8 = 37.5.
    metrics = reablement_metrics(year=YEAR, today=D(2025, 3, 25))
    figure = metrics.ascof_2b1
    assert figure.cohort == 10
    assert figure.pending == 2
    assert figure.denominator == 8
    assert figure.numerator == 3
    assert figure.percentage == 37.5
    assert figure.missing_follow_up == 1
    assert figure.by_outcome == {
        "at_home": 3,
        "in_hospital": 0,
        "in_care_home": 1,
        "died": 2,
        "not_contactable": 1,
        "pending": 2,
        "missing": 1,
    }


def test_ascof_2b1_once_every_follow_up_is_due(ascof_2b1_cases):
    # On 2 Apr 2025 nothing is pending: the 31 Dec discharge counts at home
    # (recorded 1 Apr) and the 25 Dec discharge, unrecorded, is a missing
    # follow-up in the denominator only. 100 × 4 / 10 = 40.0.
    figure = reablement_metrics(year=YEAR, today=D(2025, 4, 2)).ascof_2b1
    assert (figure.numerator, figure.denominator, figure.pending) == (4, 10, 0)
    assert figure.missing_follow_up == 2
    assert figure.percentage == 40.0


def test_ascof_2b1_a_case_is_pending_until_day_91_then_missing(ascof_2b1_cases):
    # Discharged 25 Dec 2024: day 91 is 26 Mar 2025.
    late = Episode.objects.filter(pk=ascof_2b1_cases["late_december"].pk)

    def outcome(day):
        return episodes(today=day).get(pk=late.get().pk).outcome_2b1

    assert outcome(D(2025, 3, 25)) == "pending"
    assert outcome(D(2025, 3, 26)) == "missing"


def test_ascof_2b1_cohort_list_is_exactly_the_rows_counted(ascof_2b1_cases):
    today = D(2025, 3, 25)
    listed = episodes(today=today).filter(cohort_q("ascof_2b1_at_home", YEAR))
    assert set(listed.values_list("pk", flat=True)) >= {ascof_2b1_cases["sixty_five_today"].pk}
    assert listed.count() == reablement_metrics(year=YEAR, today=today).ascof_2b1.numerator
    missing = episodes(today=today).filter(cohort_q("ascof_2b1_missing", YEAR))
    assert list(missing.values_list("pk", flat=True)) == [ascof_2b1_cases["missing"].pk]


def test_ascof_2b1_with_an_empty_cohort_has_no_percentage():
    figure = reablement_metrics(year=YEAR, today=D(2025, 6, 1)).ascof_2b1
    assert (figure.numerator, figure.denominator, figure.percentage) == (0, 0, None)


def ended(start, length, sequel, **kwargs):
    """An episode of ``length`` days counting the start day."""
    return EpisodeFactory(
        start_date=start,
        end_date=start + dt.timedelta(days=length - 1),
        sequel=sequel,
        **kwargs,
    )


@pytest.fixture
def year_of_episodes():
    """Episodes ending in 2024-25 unless said otherwise; lengths count the start day."""
    return {
        # In 2A, a good outcome; 42 days: within six weeks; 10 h → 0 h.
        "e1": ended(
            D(2024, 2, 20),
            42,
            Sequel.NO_IDENTIFIED_NEEDS,
            hours_at_start=Decimal("10"),
            hours_at_end=Decimal("0"),
        ),  # 20 Feb + 41 days = 1 Apr 2024 (a leap year), the year's first day
        # In 2A, long-term support; 43 days: overran; 12 h → 14 h.
        "e2": ended(
            D(2025, 2, 17),
            43,
            Sequel.LONG_TERM_SUPPORT,
            hours_at_start=Decimal("12"),
            hours_at_end=Decimal("14"),
        ),  # ends 31 Mar 2025, the year's last day
        "e3": ended(D(2024, 6, 1), 10, Sequel.ONGOING_LOW_LEVEL, hours_at_start=Decimal("8")),
        "e6": ended(D(2024, 7, 1), 20, Sequel.NO_IDENTIFIED_NEEDS, on_long_term_support=True),
        "e7": ended(D(2024, 8, 1), 30, Sequel.DECLINED),
        "e8": ended(D(2024, 9, 1), 1, Sequel.EARLY_CESSATION_TO_LTS),
        "e9": ended(D(2024, 10, 1), 50, Sequel.SHORT_TERM_OTHER, hours_at_end=Decimal("2")),
        "e10": ended(D(2024, 11, 1), 28, Sequel.UNIVERSAL_SIGNPOSTED),
        "e12": ended(D(2024, 12, 1), 35, Sequel.LONG_TERM_SUPPORT),
        "e13": ended(D(2025, 1, 6), 15, Sequel.SELF_FUNDING),
        # Not ended in the year.
        "before": ended(D(2024, 3, 1), 31, Sequel.NO_IDENTIFIED_NEEDS),  # ends 31 Mar 2024
        "after": ended(D(2025, 3, 20), 13, Sequel.NO_IDENTIFIED_NEEDS),  # ends 1 Apr 2025
        "open": EpisodeFactory(start_date=D(2025, 3, 1)),
    }


def test_short_term_outcome_2a(year_of_episodes):
    # Denominator: ended in the year, not on long-term support at the start,
    # sequel long-term / low-level / short-term other / signposted / no needs:
    # e1, e2, e3, e9, e10, e12 = 6 (e6 was on long-term support; e7 declined,
    # e8 early cessation and e13 self-funding do not count).
    # Numerator: less the two long-term support (e2, e12) = 4. 100 × 4/6 = 66.7.
    figure = reablement_metrics(year=YEAR, today=D(2025, 5, 1)).short_term_outcome_2a
    assert (figure.numerator, figure.denominator, figure.percentage) == (4, 6, 66.7)


def test_episodes_ended_six_weeks_median_and_hours(year_of_episodes):
    metrics = reablement_metrics(year=YEAR, today=D(2025, 5, 1))
    # Ended 1 Apr 2024 – 31 Mar 2025: e1, e2, e3, e6, e7, e8, e9, e10, e12, e13.
    assert metrics.episodes_ended == 10
    # Started in the year: e3, e6, e7, e8, e9, e10, e12, e13 (e1 started in
    # Feb 2024), e2 (17 Feb 2025), "after" (20 Mar 2025), "open" (1 Mar 2025).
    assert metrics.episodes_started == 11
    # Within six weeks (42 days or fewer): all but e2 (43) and e9 (50) = 8 of 10.
    assert metrics.completed_within_six_weeks == 8
    assert metrics.completed_within_six_weeks_pct == 80.0
    # Lengths 1, 10, 15, 20, 28, 30, 35, 42, 43, 50: median (28 + 30) / 2.
    assert metrics.median_length_days == 29.0
    # Hours at start and end both recorded: e1 (10 → 0) and e2 (12 → 14).
    # 100 × (22 − 14) / 22 = 36.36… → 36.4.
    assert metrics.hours_recorded_episodes == 2
    assert (metrics.hours_at_start, metrics.hours_at_end) == (Decimal("22"), Decimal("14"))
    assert metrics.hours_reduction_pct == 36.4
    assert metrics.sequels[Sequel.NO_IDENTIFIED_NEEDS] == 2
    assert metrics.sequels[Sequel.LONG_TERM_SUPPORT] == 2


def test_median_without_percentile_cont_matches_postgres(year_of_episodes):
    """The path SQLite takes (``make run``) gives the same median."""
    ended_in_year = Episode.objects.filter(end_date__range=(D(2024, 4, 1), D(2025, 3, 31)))
    assert _median_by_offset(ended_in_year, 10) == 29.0
    assert _median_by_offset(ended_in_year.exclude(pk=year_of_episodes["e13"].pk), 9) == 30
    assert _median_by_offset(Episode.objects.none(), 0) is None


def test_days_between_counts_whole_days():
    episode = ended(D(2024, 2, 28), 3, Sequel.DECLINED)  # 28 Feb – 1 Mar 2024 (leap year)
    days = Episode.objects.annotate(days=DaysBetween(F("end_date"), F("start_date")))
    assert days.get(pk=episode.pk).days == 2


def test_percentages_round_half_up_and_are_null_without_a_denominator():
    assert percentage(1, 8) == 12.5
    assert percentage(1, 3) == 33.3
    assert percentage(2, 3) == 66.7
    assert percentage(1, 16) == 6.3  # 6.25 rounds up
    assert percentage(0, 0) is None


def test_capacity_use_counts_open_episodes_at_the_end_of_each_month():
    service = ServiceFactory(capacity=4)
    EpisodeFactory(service=service, start_date=D(2024, 4, 1))  # still open
    ended(D(2024, 4, 10), 21, Sequel.DECLINED, service=service)  # ends 30 Apr
    ended(D(2024, 4, 15), 17, Sequel.DECLINED, service=service)  # ends 1 May
    snapshots = capacity_use(Period.financial_year(YEAR), D(2024, 6, 10))
    # End of April: the first and third (the second ended that day) = 2 of 4.
    # End of May: the first = 1 of 4. 10 June (today): the first.
    assert [s.on for s in snapshots] == [D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 10)]
    assert [s.open for s in snapshots] == [2, 1, 1]
    assert [s.percentage for s in snapshots] == [50.0, 25.0, 25.0]
    assert snapshots[0].by_service == [
        {
            "service_id": service.pk,
            "service": service.name,
            "capacity": 4,
            "open": 2,
            "percentage": 50.0,
        }
    ]


def test_benchmarks_are_dated_reference_data_beside_the_figure():
    # As loaded by the data migration (a transactional test may have emptied the table).
    for area, figure in (("England", "82.9"), ("West Midlands", "80.0")):
        Benchmark.objects.get_or_create(
            measure="ascof_2b1",
            area=area,
            financial_year=2017,
            defaults={"percentage": Decimal(figure)},
        )
    Benchmark.objects.create(
        measure="ascof_2b1", area="England", financial_year=2023, percentage=Decimal("83.8")
    )
    figures = reablement_metrics(year=YEAR, today=D(2025, 5, 1)).benchmarks
    assert [(b.area, b.label, b.percentage) for b in figures] == [
        ("England", "2023-24", 83.8),
        ("England", "2017-18", 82.9),
        ("West Midlands", "2017-18", 80.0),
    ]


def test_metrics_take_the_same_queries_however_many_episodes(
    django_assert_num_queries, year_of_episodes
):
    with django_assert_num_queries(5):
        reablement_metrics(year=YEAR, today=D(2025, 5, 1))
    for day in range(20):
        discharged_episode(D(2024, 10, 1) + dt.timedelta(days=day), person=person())
    with django_assert_num_queries(5):
        reablement_metrics(year=YEAR, today=D(2025, 5, 1))


def test_default_year_is_the_last_complete_financial_year():
    assert default_metrics_year(D(2026, 11, 22)) == 2025
    assert default_metrics_year(D(2026, 3, 31)) == 2024
    assert default_metrics_year(D(2026, 4, 1)) == 2025
