"""Digests in Django's test outbox: one a day per user, after commit, with
links back into the app; each user's own lead days; email off; escalation
to managers after 14 days unacknowledged."""

import datetime as dt

import pytest
import time_machine

from commissioning.models import (
    Alert,
    AlertDelivery,
    AlertDigest,
    AlertKind,
    DeliveryReason,
    DigestStatus,
)
from commissioning.services.alerts.actions import alert_acknowledge, alert_preference_update
from commissioning.services.alerts.checks import run_scheduled_checks
from commissioning.tests.alerts import builders
from commissioning.tests.alerts.conftest import at_six

pytestmark = pytest.mark.django_db
D = dt.date


def _contract_with_decision_due(officer=None, reference="HCS-2023"):
    """Ends 31 Mar 2025 with a 12-month option: decision deadline 31 Dec 2024."""
    return builders.contract(
        reference=reference,
        title="Home Care and Support",
        start=D(2023, 4, 1),
        initial_months=24,
        options=(12,),
        officer=officer,
    )


def test_digest_groups_the_days_alerts_with_links_back_into_the_app(
    priya, run_checks, mailoutbox, settings
):
    settings.SITE_URL = "https://commissioning.eastshire.example"
    contract = _contract_with_decision_due(priya)
    service = builders.reablement_service()
    episode = builders.episode(service, start=D(2024, 8, 21))  # + 42 days = 2 Oct 2024
    run_checks(D(2024, 10, 2))

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["priya.shah@example.gov.uk"]
    assert email.subject == "Commissioning: 2 new alerts – 02/10/2024"
    decision = Alert.objects.get(kind=AlertKind.EXTENSION_DECISION_DUE)
    overrun = Alert.objects.get(kind=AlertKind.REABLEMENT_OVERRUN)
    text = email.body
    assert "2 new alerts from the daily checks on 2 October 2024" in text
    assert text.index("EXTENSION DECISION DUE") < text.index("REABLEMENT OVER SIX WEEKS")
    assert f"- {contract.reference} {contract.title}" in text
    assert f"https://commissioning.eastshire.example/alerts/{decision.pk}/" in text
    assert f"https://commissioning.eastshire.example/alerts/{overrun.pk}/" in text
    assert "https://commissioning.eastshire.example/alerts/preferences/" in text
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert f'href="https://commissioning.eastshire.example/alerts/{decision.pk}/"' in html
    assert '<h2 style="font-size:19px;margin:20px 0 8px;">Extension decision due</h2>' in html
    # No one's name in an email: the episode is named by its number.
    assert episode.person.family_name not in text + html
    assert f"Reablement episode {episode.pk}" in text


def test_nothing_is_emailed_for_a_run_that_rolled_back(priya, mailoutbox):
    _contract_with_decision_due(priya)
    # No on-commit capture: the test's transaction never commits, so the
    # digest is created but never queued.
    run_scheduled_checks(today=D(2024, 10, 2))
    assert AlertDigest.objects.get().status == DigestStatus.PENDING
    assert mailoutbox == []


def test_one_digest_a_day_later_alerts_wait_for_the_next_days(priya, run_checks, mailoutbox):
    _contract_with_decision_due(priya)
    run_checks(D(2024, 10, 2))
    # Later that day another contract's decision becomes due on a re-run.
    _contract_with_decision_due(priya, reference="HCS-2023-LOT2")
    run_checks(D(2024, 10, 2))
    assert len(mailoutbox) == 1
    assert Alert.objects.count() == 2
    run_checks(D(2024, 10, 3))
    assert len(mailoutbox) == 2
    assert "HCS-2023-LOT2" in mailoutbox[1].body
    assert "HCS-2023 Home" not in mailoutbox[1].body


def test_each_officer_is_alerted_at_their_own_lead_days(priya, dafydd, mailoutbox, run_checks):
    # Priya wants 45 and 10 days before a decision; Dafydd has the council's
    # 90, 60, 30 and 7. No one is responsible, so both officers are told.
    alert_preference_update(user=priya, email_enabled=True, extension_decision_lead_days="45, 10")
    _contract_with_decision_due()
    with time_machine.travel(at_six(D(2024, 9, 1)), tick=False) as traveller:
        day = D(2024, 9, 1)
        while day <= D(2024, 12, 31):
            traveller.move_to(at_six(day))
            run_checks()
            day += dt.timedelta(days=1)

    def days_for(user):
        return sorted(
            AlertDelivery.objects.filter(user=user).values_list("alert__raised_on", "alert__lead")
        )

    # Deadline 31 Dec 2024.
    assert days_for(priya) == [
        (D(2024, 11, 16), "45d"),  # 31 Dec - 45 days
        (D(2024, 12, 21), "10d"),  # 31 Dec - 10 days
    ]
    assert days_for(dafydd) == [
        (D(2024, 10, 2), "90d"),
        (D(2024, 11, 1), "60d"),
        (D(2024, 12, 1), "30d"),
        (D(2024, 12, 24), "7d"),
    ]
    assert [m.to for m in mailoutbox].count([priya.email]) == 2
    assert [m.to for m in mailoutbox].count([dafydd.email]) == 4


def test_email_off_still_shows_the_alert_in_the_app(priya, dafydd, run_checks, mailoutbox):
    alert_preference_update(user=priya, email_enabled=False)
    _contract_with_decision_due()
    run_checks(D(2024, 10, 2))
    alert = Alert.objects.get()
    priyas = AlertDelivery.objects.get(alert=alert, user=priya)
    assert (priyas.email_wanted, priyas.digest) == (False, None)
    assert [m.to for m in mailoutbox] == [[dafydd.email]]
    assert alert.sent_at is not None  # emailed to Dafydd


def test_an_alert_emailed_to_no_one_is_never_marked_sent(priya, run_checks, mailoutbox):
    alert_preference_update(user=priya, email_enabled=False)
    _contract_with_decision_due(priya)
    run_checks(D(2024, 10, 2))
    assert mailoutbox == []
    assert Alert.objects.get().sent_at is None


def test_alerts_unacknowledged_for_14_days_are_escalated_to_managers(
    priya, gareth, run_checks, mailoutbox
):
    _contract_with_decision_due(priya)
    builders.care_package(review_due=D(2024, 10, 1))  # overdue from 2 Oct
    with time_machine.travel(at_six(D(2024, 10, 2)), tick=False) as traveller:
        run_checks()
        review = Alert.objects.get(kind=AlertKind.REVIEW_OVERDUE)
        alert_acknowledge(alert=review, user=priya, note="Review booked for 9 October.")
        for day in (D(2024, 10, 15), D(2024, 10, 16), D(2024, 10, 17)):
            traveller.move_to(at_six(day))
            run_checks()
            if day == D(2024, 10, 15):  # 13 days after: not yet
                assert not AlertDelivery.objects.filter(reason=DeliveryReason.ESCALATION)

    decision = Alert.objects.get(kind=AlertKind.EXTENSION_DECISION_DUE)
    assert decision.escalated_on == D(2024, 10, 16)  # 2 Oct + 14 days
    assert Alert.objects.get(kind=AlertKind.REVIEW_OVERDUE).escalated_on is None
    escalations = AlertDelivery.objects.filter(reason=DeliveryReason.ESCALATION)
    assert list(escalations.values_list("alert", "user__username")) == [(decision.pk, "gareth")]
    to_gareth = [m for m in mailoutbox if m.to == [gareth.email]]
    assert len(to_gareth) == 1  # once, on 16 Oct
    assert to_gareth[0].subject == "Commissioning: 1 not acknowledged – 16/10/2024"
    assert "1 alert has not been acknowledged in 14 days:" in to_gareth[0].body
    assert "(raised 2 October 2024)" in to_gareth[0].body


def test_a_digest_for_someone_whose_email_has_gone_is_not_sent(priya, run_checks, mailoutbox):
    _contract_with_decision_due(priya)
    run_scheduled_checks(today=D(2024, 10, 2))  # queued, not yet sent
    priya.email = ""
    priya.save()
    run_checks(D(2024, 10, 3))
    digest = AlertDigest.objects.get()
    assert (digest.status, digest.attempts) == (DigestStatus.FAILED, 0)
    assert "no email address" in digest.last_error
    assert mailoutbox == []
    assert Alert.objects.get().sent_at is None
