"""Celery application.

Settings come from Django settings prefixed ``CELERY_``. Without a broker URL
the tasks run eagerly in the web process (the `make run` default), so the app
works on a machine with no Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")

app = Celery("commissioning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
