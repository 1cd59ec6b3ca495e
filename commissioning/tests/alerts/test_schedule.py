"""The daily run in the beat schedule (06:00 Europe/London, visible in the
admin), the catch-up when 06:00 was missed, and the command's arguments."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from commissioning.models import Alert, ScheduledCheckRun
from commissioning.tasks import run_scheduled_checks_if_missed
from commissioning.tests.alerts import builders
from commissioning.tests.alerts.conftest import at_six

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_daily_run_is_in_the_beat_schedule_at_six_london_time():
    task = PeriodicTask.objects.get(name="run-scheduled-checks")
    assert task.task == "commissioning.tasks.run_scheduled_checks"
    assert (task.crontab.hour, task.crontab.minute, task.crontab.day_of_week) == ("6", "0", "*")
    assert str(task.crontab.timezone) == "Europe/London"
    assert task.enabled
    catch_up = PeriodicTask.objects.get(name="run-scheduled-checks-if-missed")
    assert (catch_up.crontab.hour, catch_up.crontab.minute) == ("7-23", "15")


def test_support_staff_see_the_schedule_in_the_admin(client):
    admin = get_user_model().objects.create_superuser("support", "support@example.gov.uk", "x")
    client.force_login(admin)
    page = client.get("/admin/django_celery_beat/periodictask/").content.decode()
    assert "run-scheduled-checks" in page
    assert "0 6 * * *" in page
    assert "Europe/London" in page


def test_the_catch_up_runs_only_when_today_has_not_been_checked(priya):
    # 1 Apr 2022 + 36 months ends 31 Mar 2025: re-procure by 31 Mar 2024, the
    # day 12 months before the end.
    builders.contract(start=D(2022, 4, 1), initial_months=36, options=(), officer=priya)
    with time_machine.travel(at_six(D(2024, 3, 31)) + dt.timedelta(hours=1, minutes=15)):
        # 06:00 was missed (say Redis was down): the 07:15 catch-up runs it.
        assert (
            run_scheduled_checks_if_missed.delay()
            .get()
            .startswith("Scheduled checks for 31/03/2024: 2 alerts raised")
        )
        assert run_scheduled_checks_if_missed.delay().get() == (
            "Today's scheduled checks have already run."
        )
    assert ScheduledCheckRun.objects.get().day == D(2024, 3, 31)
    assert Alert.objects.count() == 2


def test_the_command_checks_as_of_the_day_given(priya):
    builders.contract(start=D(2022, 4, 1), initial_months=36, options=(), officer=priya)
    out = io.StringIO()
    call_command("run_scheduled_checks", "--today", "2024-03-31", stdout=out)
    assert out.getvalue().startswith("Scheduled checks for 31/03/2024: 2 alerts raised")
    with pytest.raises(CommandError, match="Give the day as YYYY-MM-DD"):
        call_command("run_scheduled_checks", "--today", "31/03/2024")
