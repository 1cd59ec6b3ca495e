"""The service navigation: what each signed-in user sees in the header."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from commissioning.roles import VIEW_DASHBOARDS, VIEW_PERSONAL_DATA
from commissioning.selectors.alerts import open_alert_count


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None


# Links to areas not yet built are left out until their URL exists.
NAVIGATION = (
    NavItem("Home", "home"),
    NavItem("Providers", "providers:list", "providers.view_provider"),
    NavItem("Tenders", "tenders:procurement-list", "tenders.view_procurement"),
    NavItem("Frameworks", "tenders:framework-list", "tenders.view_framework"),
    NavItem("Contracts", "contracts:list", "commissioning.view_contract"),
    NavItem("Care", "care:package-list", VIEW_PERSONAL_DATA),
    NavItem("Reablement", "reablement:capacity", "reablement.view_reablementservice"),
    NavItem("Dashboards", "dashboards:index", VIEW_DASHBOARDS),
    NavItem("Alerts", "alerts:inbox", "commissioning.view_alert"),
)


def _href(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def navigation(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        **_navigation_items(request),
    }


def _navigation_items(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation_items": []}
    path = request.path_info
    items = []
    for item in NAVIGATION:
        href = _href(item.url_name)
        if href is None or (item.permission and not user.has_perm(item.permission)):
            continue
        current = path == href if href == "/" else path.startswith(href)
        entry = {"text": item.label, "href": href, "current": current}
        if item.url_name in BADGES:
            entry["badge"] = BADGES[item.url_name](user)
        items.append(entry)
    return {"navigation_items": items}


# Counts shown beside an item (one query each, only for items the user sees).
BADGES = {"alerts:inbox": open_alert_count}
