import os

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthy_without_a_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"] == {"ok": True, "detail": "none pending"}
    assert "not configured" in body["checks"]["broker"]["detail"]


def test_healthy_with_a_reachable_broker(client, settings):
    settings.CELERY_BROKER_URL = os.environ["TEST_REDIS_URL"]
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == {"ok": True, "detail": "reachable"}


def test_unreachable_broker_is_a_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
