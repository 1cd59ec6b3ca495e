"""Users who receive alerts: officers and a manager with email addresses."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from commissioning.roles import Role
from commissioning.testing.roles import user_with_role

LONDON = ZoneInfo("Europe/London")


def _with_email(role, username, first, last):
    user = user_with_role(role, username=username)
    user.first_name, user.last_name = first, last
    user.email = f"{first}.{last}@example.gov.uk".lower()
    user.save()
    return user


@pytest.fixture
def priya(db):
    """The responsible officer of the contracts in these tests."""
    return _with_email(Role.OFFICER, "priya", "Priya", "Shah")


@pytest.fixture
def dafydd(db):
    """Another Commissioning officer."""
    return _with_email(Role.OFFICER, "dafydd", "Dafydd", "Evans")


@pytest.fixture
def gareth(db):
    """The Commissioning manager."""
    return _with_email(Role.MANAGER, "gareth", "Gareth", "Lewis")


def at_six(day: dt.date) -> dt.datetime:
    """06:00 in London on ``day``: when beat starts the daily run."""
    return dt.datetime.combine(day, dt.time(6, 0), tzinfo=LONDON)


@pytest.fixture
def run_checks(django_capture_on_commit_callbacks):
    """Run the management command as beat would on the (travelled-to) day,
    with the emails it queues after commit sent."""

    def run(today: dt.date | None = None) -> str:
        out = io.StringIO()
        args = ["--today", today.isoformat()] if today else []
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduled_checks", *args, stdout=out)
        return out.getvalue()

    return run
