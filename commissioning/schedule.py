"""Copy the beat schedule defined in settings into django-celery-beat's tables.

Beat's DatabaseScheduler does the same when it starts; doing it on migrate
means support staff see the schedule in the admin before beat first runs.
"""

from django.conf import settings


def sync_beat_schedule() -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = entry["schedule"]
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(schedule._orig_minute),
            hour=str(schedule._orig_hour),
            day_of_week=str(schedule._orig_day_of_week),
            day_of_month=str(schedule._orig_day_of_month),
            month_of_year=str(schedule._orig_month_of_year),
            timezone=settings.CELERY_TIMEZONE,
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": entry["task"],
                "crontab": crontab,
                "interval": None,
                "enabled": True,
                "description": entry.get("description", ""),
            },
        )
