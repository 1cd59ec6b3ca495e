"""One demo user per role, with a development password printed once."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from commissioning.roles import Role

DEMO_USERS = (
    # username, first name, last name, role
    ("officer", "Priya", "Shah", Role.OFFICER),
    ("manager", "Gareth", "Lewis", Role.MANAGER),
    ("finance", "Helen", "Marsh", Role.FINANCE),
    ("viewer", "Tom", "Okafor", Role.VIEWER),
)


def _password() -> str:
    return "-".join(secrets.token_hex(3) for _ in range(4))


def load(*, out, reset_passwords: bool = False):
    """Create or update the demo users; returns the demo officer, who is
    recorded as the author of the rest of the demo data."""
    User = get_user_model()
    lines = []
    for username, first_name, last_name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{first_name}.{last_name}@example.gov.uk".lower(),
            },
        )
        user.groups.set([Group.objects.get(name=role.group_name)])
        if created or reset_passwords:
            password = _password()
            user.set_password(password)
            user.save(update_fields=["password"])
            lines.append(f"  {username:<8} {password:<24} {role.label}")
    if lines:
        out.write(
            "Demo users (development passwords, shown once; "
            "reset with load_demo --reset-passwords):"
        )
        for line in lines:
            out.write(line)
    return User.objects.get(username="officer")
