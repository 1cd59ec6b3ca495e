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
