"""The alerts inbox, an alert with its acknowledgement, preferences, the
"Needs attention" home page and the navigation badge."""

import datetime as dt

import pytest
from django.urls import reverse

from commissioning.models import Alert, AlertKind, AlertPreference
from commissioning.roles import Role
from commissioning.services.alerts.actions import alert_acknowledge
from commissioning.services.alerts.checks import run_scheduled_checks
from commissioning.testing.roles import assert_role_access
from commissioning.tests.alerts import builders

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2025, 4, 14)
OFFICERS_AND_MANAGERS = [Role.OFFICER, Role.MANAGER]


def _alerts_for(officer, count: int, prefix: str = "C") -> None:
    """``count`` contracts ending 31 Mar 2026 without options: each raises an
    expiry (12 months) and a re-procurement alert on 14 Apr 2025."""
    for n in range(count):
        builders.contract(
            reference=f"{prefix}-{n:03d}",
            title=f"Home care lot {n}",
            start=D(2023, 4, 1),
            initial_months=36,
            options=(),
            officer=officer,
        )
    run_scheduled_checks(today=DAY, send_email=False)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_pages_are_for_officers_and_managers_only(priya):
    _alerts_for(priya, 1)
    alert = Alert.objects.first()
    for url in (
        reverse("alerts:inbox"),
        reverse("alerts:detail", args=[alert.pk]),
        reverse("alerts:preferences"),
    ):
        assert_role_access(url, allowed=OFFICERS_AND_MANAGERS)
    assert_role_access(
        reverse("alerts:acknowledge", args=[alert.pk]),
        allowed=OFFICERS_AND_MANAGERS,
        method="post",
        data={"note": "Seen"},
    )


def test_inbox_shows_my_open_alerts_by_default(client, priya, dafydd):
    _alerts_for(priya, 2)
    _alerts_for(dafydd, 1, prefix="D")
    acknowledged = Alert.objects.get(
        subject_label__startswith="C-000", kind=AlertKind.CONTRACT_EXPIRY
    )
    alert_acknowledge(alert=acknowledged, user=priya, note="Extension paper drafted.")
    client.force_login(priya)
    page = _page(client, reverse("alerts:inbox"))
    assert "3 open alerts for you" in page
    assert "C-001 Home care lot 1" in page
    assert "D-000" not in page  # Dafydd's
    page = _page(client, reverse("alerts:inbox") + "?status=&audience=everyone")
    assert "6 alerts for everyone" in page
    page = _page(client, reverse("alerts:inbox") + "?status=acknowledged&audience=me")
    assert "1 acknowledged alert for you" in page
    page = _page(client, reverse("alerts:inbox") + "?kind=reprocurement_due&audience=me")
    assert "2 re-procurement due alerts for you" in page


def test_inbox_query_count_does_not_grow_with_alerts(client, priya, django_assert_max_num_queries):
    client.force_login(priya)
    _alerts_for(priya, 2)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("alerts:inbox") + "?status=&audience=everyone")
    _alerts_for(priya, 30, prefix="L")
    with django_assert_max_num_queries(len(small)):
        page = _page(client, reverse("alerts:inbox") + "?status=&audience=everyone")
    assert "64 alerts for everyone" in page


def test_alert_page_says_what_to_do_who_was_told_and_links_to_its_subject(client, priya):
    _alerts_for(priya, 1)
    alert = Alert.objects.get(kind=AlertKind.CONTRACT_EXPIRY)
    client.force_login(priya)
    page = _page(client, reverse("alerts:detail", args=[alert.pk]))
    assert '<h1 class="govuk-heading-l">C-000 Home care lot 0</h1>' in page
    assert "Ends on 31 March 2026 and no extension option is left." in page
    # Its 12-month stage was 31 Mar 2025; raised late, it says only when.
    assert '<dd class="govuk-summary-list__value">14 April 2025</dd>' in page
    reprocurement = Alert.objects.get(kind=AlertKind.REPROCUREMENT_DUE)
    reprocurement.raised_on = D(2025, 3, 31)
    reprocurement.save()
    page = _page(client, reverse("alerts:detail", args=[reprocurement.pk]))
    assert "31 March 2025 (on the due date)" in page
    assert "Priya Shah" in page
    assert "Acknowledge this alert" in page


def test_acknowledging_needs_a_note_and_takes_the_alert_off_the_open_list(client, priya):
    _alerts_for(priya, 1)
    alert = Alert.objects.get(kind=AlertKind.CONTRACT_EXPIRY)
    client.force_login(priya)
    url = reverse("alerts:acknowledge", args=[alert.pk])
    response = client.post(url, {"note": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Enter a note saying what you have done or will do about this alert." in page
    alert.refresh_from_db()
    assert alert.acknowledged_at is None

    response = client.post(url, {"note": "Decision paper for the March board."})
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:inbox")
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledgement_note) == (
        priya,
        "Decision paper for the March board.",
    )
    # Once only: a second acknowledgement is refused with who did it.
    response = client.post(url, {"note": "Me too"})
    assert "Priya Shah already acknowledged this alert on" in response.content.decode()


def test_preferences_are_saved_and_bad_lead_days_explained(client, priya):
    client.force_login(priya)
    url = reverse("alerts:preferences")
    page = _page(client, url)
    assert "Leave empty for the council's: 90, 60, 30, 7." in page
    response = client.post(url, {"extension_decision_lead_days": "45, ten"})
    assert response.status_code == 200
    assert "Enter whole numbers from 1 to 365, separated by commas" in response.content.decode()
    assert not AlertPreference.objects.exists()
    response = client.post(
        url, {"contract_expiry_lead_months": "9,3", "extension_decision_lead_days": "120, 45"}
    )
    assert response.status_code == 302
    preference = AlertPreference.objects.get(user=priya)
    assert (preference.email_enabled, preference.expiry_months, preference.decision_days) == (
        False,
        [9, 3],
        [120, 45],
    )


def test_home_lists_what_is_due_for_me_soonest_first(client, priya, dafydd):
    client.force_login(priya)
    assert "Nothing needs your attention today." in _page(client, reverse("home"))
    _alerts_for(priya, 6)
    _alerts_for(dafydd, 1, prefix="D")
    page = _page(client, reverse("home"))
    assert "Your open alerts" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count('href="/alerts/') == 10 + 1  # the first 10, and the inbox link
    assert "See all your open alerts" in page
    assert "D-000" not in page
    # Re-procurement was due 31 Mar 2025; the expiries are due 31 Mar 2026.
    assert page.index("Re-procurement due") < page.index("Contract ending")


def test_home_for_a_role_without_alerts_says_nothing_is_due(client, finance_user):
    client.force_login(finance_user)
    assert "Nothing needs your attention today." in _page(client, reverse("home"))


def test_navigation_badge_counts_my_open_alerts_in_one_query(
    client, priya, django_assert_max_num_queries
):
    client.force_login(priya)
    page = _page(client, reverse("home"))
    assert "app-badge" not in page
    _alerts_for(priya, 2)
    page = _page(client, reverse("home"))
    badge = '<span class="app-badge">4<span class="govuk-visually-hidden"> open</span></span>'
    assert badge in page
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("alerts:preferences"))
    _alerts_for(priya, 20, prefix="L")
    with django_assert_max_num_queries(len(few)):
        page = _page(client, reverse("alerts:preferences"))
    assert '<span class="app-badge">44<span' in page
