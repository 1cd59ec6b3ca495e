"""Roles (DESIGN.md) as Django groups, and the permissions each one holds.

The groups are created by a data migration. Their permissions are (re)synced
after every migrate, because the permissions of models added by later
migrations only exist once those migrations have run.

| group                 | may                                                       |
| Commissioning officer | create and edit everything except users; see people       |
| Commissioning manager | as an officer, plus approve awards, extensions, waivers;  |
|                       | read dashboards                                           |
| Finance               | read non-personal data (contracts, values, funders,       |
|                       | rates) and dashboards; no personal data                   |
| Viewer                | read non-personal data                                    |
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import models

DOMAIN_APPS = ("commissioning", "providers", "tenders", "reablement")


class Role(models.TextChoices):
    OFFICER = "officer", "Commissioning officer"
    MANAGER = "manager", "Commissioning manager"
    FINANCE = "finance", "Finance"
    VIEWER = "viewer", "Viewer"

    @property
    def group_name(self) -> str:
        return self.label


# Capabilities that are not about one model (see commissioning.models.Capability).
VIEW_PERSONAL_DATA = "commissioning.view_personal_data"
APPROVE_DECISIONS = "commissioning.approve_decisions"
VIEW_DASHBOARDS = "commissioning.view_dashboards"

CAPABILITIES = {
    Role.OFFICER: {"view_personal_data"},
    Role.MANAGER: {"view_personal_data", "approve_decisions", "view_dashboards"},
    Role.FINANCE: {"view_dashboards"},
    Role.VIEWER: set(),
}


def _holds_personal_data(model) -> bool:
    # Historical models (django-simple-history) inherit the flag of their model.
    original = getattr(model, "instance_type", model)
    return bool(getattr(original, "personal_data", False))


def role_permissions(role: Role):
    """The exact set of Permission rows a role's group should hold."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    wanted: set[tuple[int, str]] = set()
    for app_label in DOMAIN_APPS:
        for model in global_apps.get_app_config(app_label).get_models():
            if not model._meta.default_permissions:
                continue
            if role in (Role.OFFICER, Role.MANAGER):
                actions = ("view", "add", "change")
            elif _holds_personal_data(model):
                actions = ()
            else:
                actions = ("view",)
            content_type = ContentType.objects.get_for_model(model)
            wanted.update(
                (content_type.pk, f"{action}_{model._meta.model_name}") for action in actions
            )
    candidates = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    return [
        permission
        for permission in candidates.select_related("content_type")
        if (permission.content_type_id, permission.codename) in wanted
        or (
            permission.content_type.model == "capability"
            and permission.codename in CAPABILITIES[role]
        )
    ]


def sync_roles() -> None:
    """Create the four groups if missing and give each exactly its permissions.

    Uses the real models (not migration state): it runs after every migrate,
    when the database matches them.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    for app_config in global_apps.get_app_configs():
        # Permissions are normally created app by app after migrate; make sure
        # every domain model has its rows before they are assigned.
        if app_config.models_module is not None:
            create_permissions(app_config, verbosity=0)
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.group_name)
        group.permissions.set(role_permissions(role))


def user_roles(user) -> list[Role]:
    names = {group.name for group in user.groups.all()}
    return [role for role in Role if role.group_name in names]
