"""/api/v1/alerts/ as API.md has it: ?kind=, ?status=open, {id}/acknowledge/."""

import datetime as dt

import pytest
from django.urls import reverse

from commissioning.models import Alert, AlertKind
from commissioning.roles import Role
from commissioning.services.alerts.checks import run_scheduled_checks
from commissioning.testing.roles import assert_role_access
from commissioning.tests.alerts import builders

pytestmark = pytest.mark.django_db
D = dt.date
LIST = reverse("api:alert-list")


def _raise(officer, count: int = 1, prefix: str = "C"):
    """Each contract raises an expiry and a re-procurement alert on 14 Apr 2025."""
    for n in range(count):
        builders.contract(
            reference=f"{prefix}-{n:03d}",
            title="Home care and support",
            start=D(2023, 4, 1),
            initial_months=36,
            options=(),
            officer=officer,
        )
    run_scheduled_checks(today=D(2025, 4, 14), send_email=False)


def test_alerts_are_for_officers_and_managers_only(priya):
    _raise(priya)
    alert = Alert.objects.first()
    allowed = [Role.OFFICER, Role.MANAGER]
    assert_role_access(LIST, allowed=allowed)
    assert_role_access(reverse("api:alert-detail", args=[alert.pk]), allowed=allowed)
    assert_role_access(
        reverse("api:alert-acknowledge", args=[alert.pk]),
        allowed=allowed,
        method="post",
        data={"note": "Seen"},
        content_type="application/json",
    )


def test_anonymous_requests_are_refused(api_client):
    assert api_client.get(LIST).status_code == 401


def test_an_alert_has_api_md_fields_with_its_subject(officer_api, priya):
    _raise(priya)
    contract = builders.Contract.objects.get()
    response = officer_api.get(LIST, {"kind": "contract_expiry"})
    assert response.status_code == 200
    [alert] = response.json()["results"]
    assert alert["kind"] == "contract_expiry"
    assert alert["subject"] == {
        "type": "contract",
        "id": contract.pk,
        "label": "C-000 Home care and support",
    }
    assert alert["due_date"] == "2026-03-31"
    assert alert["raised_on"] == "2025-04-14"
    assert alert["lead"] == "12m"
    assert alert["lead_label"] == "12 months before the due date"
    assert alert["sent_at"] is None
    assert alert["acknowledged_by"] is None
    assert alert["status"] == "open"
    assert alert["for_me"] is False  # the officer asking is not Priya


def test_filters_by_kind_status_and_mine(api_client, priya, dafydd):
    _raise(priya, 2)
    _raise(dafydd, 1, prefix="D")
    first = Alert.objects.filter(kind=AlertKind.REPROCUREMENT_DUE).order_by("id").first()
    api_client.force_authenticate(priya)
    api_client.post(
        reverse("api:alert-acknowledge", args=[first.pk]), {"note": "Started"}, format="json"
    )

    def count(**query):
        return api_client.get(LIST, query).json()["count"]

    assert count() == 6
    assert count(status="open") == 5
    assert count(status="acknowledged") == 1
    assert count(kind="reprocurement_due", status="open") == 2
    assert count(mine="true") == 4
    assert count(mine="true", status="open", kind="reprocurement_due") == 1
    response = api_client.get(LIST, {"status": "closed"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_acknowledge_records_who_and_why(officer_api, officer, priya):
    _raise(priya)
    alert = Alert.objects.first()
    url = reverse("api:alert-acknowledge", args=[alert.pk])
    response = officer_api.post(url, {"note": "Re-procurement started: CAH-2025."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["acknowledged_by"] == officer.pk
    assert body["acknowledged_by_name"] == officer.get_full_name()
    assert body["acknowledgement_note"] == "Re-procurement started: CAH-2025."


def test_acknowledge_without_a_note_or_twice_is_a_400_saying_why(officer_api, priya):
    _raise(priya)
    alert = Alert.objects.first()
    url = reverse("api:alert-acknowledge", args=[alert.pk])
    response = officer_api.post(url, {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"note": ["This field is required."]}
    response = officer_api.post(url, {"note": "   "}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()
    officer_api.post(url, {"note": "Done"}, format="json")
    response = officer_api.post(url, {"note": "Again"}, format="json")
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert "already acknowledged this alert on" in message


def test_list_query_count_does_not_grow_with_alerts(
    officer_api, priya, django_assert_max_num_queries
):
    _raise(priya, 2)
    with django_assert_max_num_queries(10) as small:
        assert officer_api.get(LIST).json()["count"] == 4
    _raise(priya, 40, prefix="L")
    with django_assert_max_num_queries(len(small)):
        assert officer_api.get(LIST, {"page_size": 100}).json()["count"] == 84
