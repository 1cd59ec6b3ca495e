"""A real Celery worker on Redis runs a task that reads the database."""

import pytest
from django.contrib.auth import get_user_model

from commissioning.tasks import count_users
from commissioning.testing.celery import running_worker


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_on_redis_runs_a_task_that_reads_the_database():
    User = get_user_model()
    User.objects.create(username="first")
    User.objects.create(username="second")
    with running_worker():
        result = count_users.delay()
        assert result.get(timeout=30) == 2
        assert result.successful()


@pytest.mark.django_db
def test_without_a_broker_tasks_run_in_process():
    get_user_model().objects.create(username="only")
    result = count_users.delay()
    assert result.get() == 1


@pytest.mark.django_db
def test_beat_schedule_from_code_is_in_the_database():
    from django.conf import settings
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert tasks[name] == entry["task"]
    sessions = PeriodicTask.objects.get(name="clear-expired-sessions")
    assert (sessions.crontab.hour, sessions.crontab.minute) == ("2", "30")
    assert str(sessions.crontab.timezone) == "Europe/London"
