from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, **kwargs):
    from commissioning.roles import sync_roles
    from commissioning.schedule import sync_beat_schedule

    sync_roles()
    sync_beat_schedule()


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        post_migrate.connect(
            _after_migrate, sender=self, dispatch_uid="commissioning-after-migrate"
        )
