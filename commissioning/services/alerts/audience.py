"""Who is told of an alert, and at which lead times: read once per run (a
fixed number of queries), then answered in memory for every alert."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from commissioning.models import AlertPreference
from commissioning.models.alerts import Lead
from commissioning.roles import VIEW_PERSONAL_DATA, Role
from commissioning.services.alerts.dues import Due, LeadsFrom


@dataclass
class Audience:
    officers: list[int]
    managers: list[int]
    active: set[int]
    may_see_personal_data: set[int]
    with_email: set[int]
    preferences: dict[int, AlertPreference]

    @classmethod
    def load(cls) -> Audience:
        User = get_user_model()
        users = list(User.objects.filter(is_active=True).values_list("id", "email"))
        memberships = list(
            User.groups.through.objects.filter(
                user__is_active=True,
                group__name__in=[Role.OFFICER.group_name, Role.MANAGER.group_name],
            ).values_list("user_id", "group__name")
        )
        app_label, codename = VIEW_PERSONAL_DATA.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).values("pk")
        personal = set(
            User.objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__permissions__in=permission)
                | Q(user_permissions__in=permission)
            )
            .values_list("id", flat=True)
        )
        preferences = {
            preference.user_id: preference for preference in AlertPreference.objects.all()
        }
        return cls(
            officers=sorted(u for u, name in memberships if name == Role.OFFICER.group_name),
            managers=sorted(u for u, name in memberships if name == Role.MANAGER.group_name),
            active={user_id for user_id, _ in users},
            may_see_personal_data=personal,
            with_email={
                user_id
                for user_id, email in users
                if email and (user_id not in preferences or preferences[user_id].email_enabled)
            },
            preferences=preferences,
        )

    def recipients(self, due: Due) -> list[int]:
        """The responsible officers (those still active who may see the
        record), else every Commissioning officer; managers too when asked."""

        def allowed(user_id: int) -> bool:
            return user_id in self.active and (
                not due.personal or user_id in self.may_see_personal_data
            )

        chosen = [user_id for user_id in due.officer_ids if allowed(user_id)]
        if not chosen:
            chosen = [user_id for user_id in self.officers if allowed(user_id)]
        if due.tell_managers:
            chosen += [user_id for user_id in self.managers if user_id not in chosen]
        return chosen

    def stages(self, due: Due, user_id: int) -> tuple[Lead, ...]:
        if due.leads_from is None:
            return due.stages
        preference = self.preferences.get(user_id)
        if due.leads_from == LeadsFrom.EXPIRY_MONTHS:
            months = (
                preference.expiry_months if preference else settings.ALERTS_CONTRACT_EXPIRY_MONTHS
            )
            return tuple(Lead.months(amount) for amount in months)
        days = preference.decision_days if preference else settings.ALERTS_EXTENSION_DECISION_DAYS
        return tuple(Lead.days(amount) for amount in days)

    def most(self, leads_from: str) -> int:
        """The longest lead anyone uses, so finders read a wide enough window."""
        if leads_from == LeadsFrom.EXPIRY_MONTHS:
            values = [settings.ALERTS_CONTRACT_EXPIRY_MONTHS] + [
                p.expiry_months for p in self.preferences.values()
            ]
        else:
            values = [settings.ALERTS_EXTENSION_DECISION_DAYS] + [
                p.decision_days for p in self.preferences.values()
            ]
        return max((max(leads) for leads in values if leads), default=0)
