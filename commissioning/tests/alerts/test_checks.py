"""Each check raises its alert on the right day, to the right people."""

import datetime as dt

import pytest

from commissioning.models import Alert, AlertDelivery, AlertKind, DeliveryReason, PackageStatus
from commissioning.roles import Role
from commissioning.services.alerts.checks import run_scheduled_checks
from commissioning.testing.roles import user_with_role
from commissioning.tests.alerts import builders
from providers.models import ProviderRating, Rating
from providers.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
D = dt.date


def raised(kind=None):
    alerts = Alert.objects.order_by("raised_on", "due_date", "lead")
    if kind:
        alerts = alerts.filter(kind=kind)
    return list(alerts.values_list("raised_on", "due_date", "lead"))


def told(alert: Alert, reason=DeliveryReason.RECIPIENT) -> set[str]:
    return set(
        AlertDelivery.objects.filter(alert=alert, reason=reason).values_list(
            "user__username", flat=True
        )
    )


def run(day: dt.date):
    return run_scheduled_checks(today=day, send_email=False)


# --- Contracts ----------------------------------------------------------------


def test_expiry_is_not_raised_while_an_extension_option_is_left(priya):
    # 1 Apr 2024 + 36 months ends 31 Mar 2027, with a 12-month option.
    builders.contract(start=D(2024, 4, 1), initial_months=36, options=(12,), officer=priya)
    # 12 months before 31 Mar 2027 is 31 Mar 2026: the option is still there.
    run(D(2026, 3, 31))
    assert raised(AlertKind.CONTRACT_EXPIRY) == []


def test_expiry_counts_calendar_months_back_from_the_end_date(priya):
    # 1 Sep 2023 + 24 months, no options: ends 31 Aug 2025.
    builders.contract(start=D(2023, 9, 1), initial_months=24, options=(), officer=priya)
    # 6 months before 31 Aug 2025 is 28 Feb 2025 (February has no 31st).
    for day in (D(2025, 2, 27), D(2025, 2, 28)):
        run(day)
    assert raised(AlertKind.CONTRACT_EXPIRY) == [
        # The run on 27 Feb catches up the 12-month stage (31 Aug 2024) it missed …
        (D(2025, 2, 27), D(2025, 8, 31), "12m"),
        # … and the 6-month stage comes on 28 Feb.
        (D(2025, 2, 28), D(2025, 8, 31), "6m"),
    ]


def test_decision_due_is_raised_for_the_next_option_only(priya):
    # 1 Apr 2023 + 24 months ends 31 Mar 2025; two 12-month options.
    # Option 1's deadline: 31 Mar 2025 - 90 days = 31 Dec 2024.
    # Option 2's would be 31 Mar 2026 - 90 days = 31 Dec 2025: not live yet.
    builders.contract(start=D(2023, 4, 1), initial_months=24, options=(12, 12), officer=priya)
    run(D(2024, 10, 1))  # 91 days before 31 Dec 2024: nothing yet
    assert raised(AlertKind.EXTENSION_DECISION_DUE) == []
    run(D(2024, 10, 2))  # 90 days before
    assert raised(AlertKind.EXTENSION_DECISION_DUE) == [(D(2024, 10, 2), D(2024, 12, 31), "90d")]
    alert = Alert.objects.get()
    assert alert.message.startswith("Decide by 31 December 2024 whether to use option 1")
    assert alert.subject_label == "IDC-2018 Independent Domiciliary Care Framework"
    assert told(alert) == {"priya"}


def test_lapsed_option_is_told_to_the_officer_and_every_manager_the_day_after(
    priya, dafydd, gareth
):
    second_manager = user_with_role(Role.MANAGER, username="second-manager")
    # Option 1's deadline is 31 Dec 2024 (see above); nobody decided by then.
    contract = builders.contract(
        start=D(2023, 4, 1), initial_months=24, options=(12, 12), officer=priya
    )
    builders.lapse(contract, from_sequence=1)
    run(D(2024, 12, 31))  # the deadline itself: nothing lapses yet
    assert raised(AlertKind.EXTENSION_DECISION_DUE) == []
    run(D(2025, 1, 1))
    assert raised(AlertKind.EXTENSION_DECISION_DUE) == [(D(2025, 1, 1), D(2024, 12, 31), "+1d")]
    alert = Alert.objects.get(kind=AlertKind.EXTENSION_DECISION_DUE)
    assert "Option 1 lapsed" in alert.message
    assert "31 December 2024" in alert.message
    assert "Option 2 lapsed with it" in alert.message
    # The responsible officer and the managers; not the other officers.
    assert told(alert) == {"priya", "gareth", second_manager.username}


def test_an_option_whose_deadline_passed_undecided_is_told_as_lapsing_the_day_after(priya, gareth):
    """Read before the lapse step, which clears the deadline of what it lapses."""
    builders.contract(start=D(2023, 4, 1), initial_months=24, options=(12, 12), officer=priya)
    run(D(2024, 12, 31))
    assert raised(AlertKind.EXTENSION_DECISION_DUE)[-1][2] == "7d"  # nothing lapses yet
    run(D(2025, 1, 1))
    run(D(2025, 1, 2))
    lapsed = Alert.objects.get(kind=AlertKind.EXTENSION_DECISION_DUE, lead="+1d")
    assert (lapsed.raised_on, lapsed.due_date) == (D(2025, 1, 1), D(2024, 12, 31))
    assert "Option 1 lapsed" in lapsed.message
    assert "Option 2 lapsed with it" in lapsed.message
    assert told(lapsed) == {"priya", "gareth"}


def test_a_lapse_found_more_than_a_month_late_is_not_alerted(priya):
    contract = builders.contract(start=D(2023, 4, 1), initial_months=24, options=(12,))
    builders.lapse(contract, from_sequence=1)
    # Deadline 31 Dec 2024; stage 1 Jan 2025; the late window is 31 days.
    run(D(2025, 2, 2))
    assert raised(AlertKind.EXTENSION_DECISION_DUE) == []
    run(D(2025, 2, 1))
    assert raised(AlertKind.EXTENSION_DECISION_DUE) == [(D(2025, 2, 1), D(2024, 12, 31), "+1d")]


def test_reprocurement_reminders_stop_once_a_procurement_is_linked(priya):
    # 1 Apr 2022 + 36 months ends 31 Mar 2025; re-procure by 31 Mar 2024.
    contract = builders.contract(start=D(2022, 4, 1), initial_months=36, options=(), officer=priya)
    assert contract.reprocurement_start_by == D(2024, 3, 31)
    for day in (D(2024, 3, 30), D(2024, 3, 31), D(2024, 4, 29), D(2024, 4, 30)):
        run(day)
    assert raised(AlertKind.REPROCUREMENT_DUE) == [
        (D(2024, 3, 31), D(2024, 3, 31), "0d"),
        (D(2024, 4, 30), D(2024, 3, 31), "+1m"),
    ]
    contract.replacement_procurement = builders.procurement()
    contract.save()
    run(D(2024, 5, 31))
    assert len(raised(AlertKind.REPROCUREMENT_DUE)) == 2


def test_a_cancelled_replacement_procurement_does_not_stop_the_reminders(priya):
    from tenders.models import ProcurementStatus

    contract = builders.contract(start=D(2022, 4, 1), initial_months=36, options=())
    replacement = builders.procurement()
    replacement.status = ProcurementStatus.CANCELLED
    replacement.save()
    contract.replacement_procurement = replacement
    contract.save()
    run(D(2024, 5, 31))
    assert raised(AlertKind.REPROCUREMENT_DUE) == [(D(2024, 5, 31), D(2024, 3, 31), "+2m")]


def test_contract_alerts_go_to_every_officer_when_no_one_is_responsible(priya, dafydd, gareth):
    builders.contract(start=D(2022, 4, 1), initial_months=36, options=())
    run(D(2024, 3, 31))
    alert = Alert.objects.get(kind=AlertKind.REPROCUREMENT_DUE)
    assert told(alert) == {"priya", "dafydd"}


def test_an_inactive_responsible_officer_is_replaced_by_the_officer_group(priya, dafydd):
    priya.is_active = False
    priya.save()
    builders.contract(start=D(2022, 4, 1), initial_months=36, options=(), officer=priya)
    run(D(2024, 3, 31))
    assert told(Alert.objects.get(kind=AlertKind.REPROCUREMENT_DUE)) == {"dafydd"}


def test_draft_and_terminated_contracts_raise_nothing(priya):
    from commissioning.models import ContractStatus

    builders.contract(reference="C-1", options=(), status=ContractStatus.DRAFT, officer=priya)
    builders.contract(
        reference="C-2",
        options=(),
        status=ContractStatus.TERMINATED,
        terminated_on=D(2019, 9, 30),
    )
    run(D(2019, 6, 30))  # 6 months before both end, and past re-procurement
    assert raised() == []


# --- Reablement and care ------------------------------------------------------


def test_overrun_is_raised_on_start_plus_42_days_for_an_open_episode(priya):
    service = builders.reablement_service()
    # Started Mon 3 Mar 2025: six weeks are 3 Mar - 13 Apr (start + 41);
    # still open on 14 Apr (start + 42) has overrun.
    open_episode = builders.episode(service, start=D(2025, 3, 3))
    builders.episode(service, start=D(2025, 3, 3), end=D(2025, 4, 13))
    run(D(2025, 4, 13))
    assert raised() == []
    run(D(2025, 4, 14))
    alert = Alert.objects.get()
    assert (alert.kind, alert.object_id, alert.due_date) == (
        AlertKind.REABLEMENT_OVERRUN,
        open_episode.pk,
        D(2025, 4, 14),
    )
    assert "the free six weeks ended on 13 April 2025" in alert.message
    # The label names the episode, never the person.
    assert alert.subject_label == (
        f"Reablement episode {open_episode.pk} at Eastbridge Reablement, started 3 March 2025"
    )
    assert open_episode.person.family_name not in alert.subject_label + alert.message


def test_follow_up_is_due_on_day_91_and_overdue_a_week_later(priya):
    service = builders.reablement_service()
    # Discharged 1 Feb 2025: follow-up due 1 Feb + 91 days = 3 May 2025.
    recorded = builders.episode(
        service, start=D(2025, 2, 1), end=D(2025, 3, 1), discharged=D(2025, 2, 1)
    )
    unrecorded = builders.episode(
        service, start=D(2025, 2, 1), end=D(2025, 3, 1), discharged=D(2025, 2, 1)
    )
    assert unrecorded.follow_up_due == D(2025, 5, 3)
    for day in (D(2025, 5, 2), D(2025, 5, 3), D(2025, 5, 9)):
        run(day)
    recorded.follow_up_status = "at_home"
    recorded.follow_up_recorded_on = D(2025, 5, 9)
    recorded.save()
    run(D(2025, 5, 10))
    assert list(
        Alert.objects.filter(kind=AlertKind.FOLLOW_UP_DUE)
        .order_by("raised_on", "object_id")
        .values_list("raised_on", "object_id", "lead")
    ) == [
        (D(2025, 5, 3), recorded.pk, "0d"),
        (D(2025, 5, 3), unrecorded.pk, "0d"),
        # 3 May + 7 days = 10 May, only for the one still unrecorded.
        (D(2025, 5, 10), unrecorded.pk, "+7d"),
    ]


def test_review_overdue_is_raised_the_day_after_the_review_was_due(priya):
    due = D(2025, 6, 30)
    package = builders.care_package(review_due=due)
    builders.care_package(review_due=due, status=PackageStatus.ENDED)
    run(due)
    assert raised() == []
    run(D(2025, 7, 1))
    alert = Alert.objects.get()
    assert (alert.kind, alert.object_id, alert.lead) == (
        AlertKind.REVIEW_OVERDUE,
        package.pk,
        "+1d",
    )
    assert alert.subject_label == f"Care package {package.pk}: Home care with {package.provider}"


def test_personal_data_alerts_go_only_to_users_who_may_see_people(priya):
    finance = user_with_role(Role.FINANCE, username="finance-officer")
    contract = builders.contract(start=D(2022, 4, 1), initial_months=36, options=())
    contract.responsible_officer = finance
    contract.save()
    builders.care_package(review_due=D(2025, 6, 30), contract=contract)
    run(D(2025, 7, 1))
    # Finance may not see personal data: the officer group is told instead.
    assert told(Alert.objects.get(kind=AlertKind.REVIEW_OVERDUE)) == {"priya"}


def test_capacity_full_with_people_waiting_is_one_alert_while_the_same_queue_waits(priya):
    service = builders.reablement_service(capacity=2)
    for _ in range(2):
        builders.episode(service, start=D(2025, 3, 3))
    builders.waiting_referral(service, referred=D(2025, 3, 10))
    builders.waiting_referral(service, referred=D(2025, 3, 12))
    quiet = builders.reablement_service(capacity=2, name="Westford Reablement")
    builders.episode(quiet, start=D(2025, 3, 3))
    builders.waiting_referral(quiet, referred=D(2025, 3, 10))  # a place is free
    for day in (D(2025, 3, 12), D(2025, 3, 13), D(2025, 3, 14)):
        run(day)
    alert = Alert.objects.get()
    assert (alert.kind, alert.object_id, alert.due_date, alert.raised_on) == (
        AlertKind.CAPACITY_FULL,
        service.pk,
        D(2025, 3, 10),  # waiting since the oldest referral
        D(2025, 3, 12),
    )
    assert "All 2 places are taken (2 open episodes) and 2 people are waiting" in alert.message


def test_rating_drop_to_requires_improvement_or_inadequate(priya):
    def rated(name, *ratings):
        provider = ProviderFactory(name=name)
        for day, rating in ratings:
            ProviderRating.objects.create(provider=provider, rating=rating, rated_on=day)
        return provider

    dropped = rated(
        "Greenacre Domiciliary Care",
        (D(2021, 6, 3), Rating.GOOD),
        (D(2025, 9, 4), Rating.REQUIRES_IMPROVEMENT),
    )
    worse = rated(
        "Northgate Homecare",
        (D(2023, 4, 19), Rating.REQUIRES_IMPROVEMENT),
        (D(2025, 10, 1), Rating.INADEQUATE),
    )
    rated("Improved Care", (D(2022, 1, 5), Rating.INADEQUATE), (D(2025, 1, 5), Rating.GOOD))
    rated("New Care", (D(2025, 2, 1), Rating.INADEQUATE))  # a first rating is not a drop
    rated(
        "Not Yet",  # a drop recorded with a future date is not news yet
        (D(2021, 1, 1), Rating.GOOD),
        (D(2025, 12, 1), Rating.INADEQUATE),
    )
    run(D(2025, 10, 2))
    alerts = {alert.object_id: alert for alert in Alert.objects.all()}
    assert set(alerts) == {dropped.pk, worse.pk}
    assert alerts[dropped.pk].due_date == D(2025, 9, 4)
    assert alerts[dropped.pk].message.startswith(
        "Rated Requires improvement on 4 September 2025, down from Good."
    )
    assert "down from Requires improvement" in alerts[worse.pk].message


def test_rating_drop_goes_to_the_officers_of_the_providers_contracts(priya, dafydd):
    provider = ProviderFactory()
    builders.contract(reference="C-1", provider=provider, officer=dafydd, options=())
    ProviderRating.objects.create(provider=provider, rating=Rating.GOOD, rated_on=D(2019, 1, 1))
    ProviderRating.objects.create(
        provider=provider, rating=Rating.INADEQUATE, rated_on=D(2019, 5, 1)
    )
    run(D(2019, 5, 2))
    assert told(Alert.objects.get(kind=AlertKind.RATING_DROP)) == {"dafydd"}


# --- Query counts -------------------------------------------------------------


def _world(count: int, officer, prefix: str) -> None:
    """``count`` of every kind of subject, each with an alert due on 14 Apr 2025."""
    for n in range(count):
        # Ends 31 Mar 2026: 12 months before is 31 Mar 2025, also the start-by date.
        builders.contract(
            reference=f"{prefix}-{n}",
            start=D(2023, 4, 1),
            initial_months=36,
            options=(),
            officer=officer,
        )
        service = builders.reablement_service(capacity=1, name=f"{prefix} service {n}")
        # 3 Mar + 42 days = 14 Apr: overrun; and full, with someone waiting.
        builders.episode(service, start=D(2025, 3, 3))
        builders.waiting_referral(service, referred=D(2025, 4, 1))
        # Discharged 1 Jan: follow-up due 2 Apr, overdue 9 Apr.
        builders.episode(service, start=D(2025, 1, 1), end=D(2025, 2, 1), discharged=D(2025, 1, 1))
        builders.care_package(review_due=D(2025, 4, 13))
        provider = ProviderFactory()
        ProviderRating.objects.create(provider=provider, rating=Rating.GOOD, rated_on=D(2020, 1, 1))
        ProviderRating.objects.create(
            provider=provider, rating=Rating.INADEQUATE, rated_on=D(2025, 4, 1)
        )


KINDS_PER_SUBJECT_SET = 7  # expiry, re-procurement, overrun, follow-up, capacity, review, rating


def test_a_run_makes_the_same_number_of_queries_for_2_or_30_of_everything(priya, gareth):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _world(2, priya, "small")
    with CaptureQueriesContext(connection) as small:
        result = run_scheduled_checks(today=D(2025, 4, 14))
    assert result.alerts_raised == 2 * KINDS_PER_SUBJECT_SET
    Alert.objects.all().delete()
    _world(30, priya, "large")
    with CaptureQueriesContext(connection) as large:
        result = run_scheduled_checks(today=D(2025, 4, 14))
    assert result.alerts_raised == 32 * KINDS_PER_SUBJECT_SET
    assert len(large) == len(small)
