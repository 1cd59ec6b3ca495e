"""Reads of alerts shared by the inbox, the home page, the navigation badge,
the API and the digest email."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse

from commissioning.models import Alert, AlertDelivery

# The page of each kind of subject, by its area's URL name.
SUBJECT_URL_NAMES = {
    ("commissioning", "contract"): "contracts:detail",
    ("commissioning", "carepackage"): "care:package-detail",
    ("reablement", "episode"): "reablement:episode-detail",
    ("reablement", "reablementservice"): "reablement:service-detail",
    ("providers", "provider"): "providers:detail",
}


class AlertStatus:
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CHOICES = [(OPEN, "Open"), (ACKNOWLEDGED, "Acknowledged")]


@lru_cache(maxsize=32)
def _url_name_exists(url_name: str) -> bool:
    try:
        reverse(url_name, args=[1])
    except NoReverseMatch:
        return False
    return True


def subject_url(alert: Alert) -> str | None:
    """The subject's page, when its area has one (needs content_type loaded)."""
    content_type = alert.content_type
    url_name = SUBJECT_URL_NAMES.get((content_type.app_label, content_type.model))
    if url_name is None or not _url_name_exists(url_name):
        return None
    return reverse(url_name, args=[alert.object_id])


def told(user) -> Exists:
    """Alerts delivered to ``user`` (raised for them or escalated to them)."""
    return Exists(AlertDelivery.objects.filter(alert=OuterRef("pk"), user=user))


def alerts(*, user=None, mine: bool = False) -> QuerySet[Alert]:
    """Every alert, soonest due first, with what lists show; ``mine``: only
    those delivered to ``user``."""
    queryset = Alert.objects.select_related("content_type", "acknowledged_by").order_by(
        "due_date", "raised_on", "id"
    )
    if user is not None:
        queryset = queryset.annotate(for_me=told(user))
        if mine:
            queryset = queryset.filter(for_me=True)
    return queryset


def with_status(queryset: QuerySet[Alert], status: str | None) -> QuerySet[Alert]:
    if status == AlertStatus.OPEN:
        return queryset.filter(acknowledged_at__isnull=True)
    if status == AlertStatus.ACKNOWLEDGED:
        return queryset.filter(acknowledged_at__isnull=False)
    return queryset


def open_alerts_for(user) -> QuerySet[Alert]:
    return alerts(user=user, mine=True).filter(acknowledged_at__isnull=True)


def open_alert_count(user) -> int:
    return Alert.objects.filter(told(user), acknowledged_at__isnull=True).count()


def alert_detail(pk: int) -> Alert:
    deliveries = AlertDelivery.objects.select_related("user", "digest").order_by(
        "reason", "user__last_name", "user__first_name"
    )
    return (
        Alert.objects.select_related("content_type", "acknowledged_by")
        .prefetch_related(Prefetch("deliveries", queryset=deliveries))
        .get(pk=pk)
    )
