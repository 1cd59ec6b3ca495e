import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from commissioning.services.alerts.checks import run_scheduled_checks


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"Give the day as YYYY-MM-DD, like 2025-03-31 (not {value!r})."
        ) from error


class Command(BaseCommand):
    help = (
        "Run the daily scheduled checks (the code the Celery beat task runs): raise the "
        "alerts due, tell the right people and email their digests. Running it twice for "
        "the same day raises and sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=str, help="Check as if it were this day (YYYY-MM-DD). Default: today."
        )

    def handle(self, *args, today: str | None = None, **options):
        result = run_scheduled_checks(today=_day(today) if today else None)
        self.stdout.write(result.summary())
