"""The permission-matrix helper: every role against a page or endpoint."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from commissioning.roles import Role


def user_with_role(role: Role, username: str | None = None):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=username or f"test-{role.value}",
        defaults={"first_name": role.label, "last_name": "Tester"},
    )
    user.groups.add(Group.objects.get(name=role.group_name))
    return user


def role_statuses(
    url: str, *, method: str = "get", data=None, content_type=None
) -> dict[Role, int]:
    """The status code each role gets for one request."""
    statuses = {}
    for role in Role:
        client = Client()
        client.force_login(user_with_role(role))
        kwargs = {}
        if data is not None:
            kwargs["data"] = data
        if content_type is not None:
            kwargs["content_type"] = content_type
        statuses[role] = getattr(client, method)(url, **kwargs).status_code
    return statuses


def assert_role_access(
    url: str, *, allowed: Iterable[Role], method: str = "get", data=None, content_type=None
) -> None:
    """Allowed roles are not refused (no 401/403); every other role gets 403."""
    allowed = set(allowed)
    statuses = role_statuses(url, method=method, data=data, content_type=content_type)
    wrong = {
        role.label: status
        for role, status in statuses.items()
        if (role in allowed and status in (401, 403)) or (role not in allowed and status != 403)
    }
    expected = [role.label for role in allowed]
    assert not wrong, f"{method.upper()} {url}: unexpected statuses {wrong} (allowed: {expected})"
