"""Who may do what, and who looked at whose personal data."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Capability(models.Model):
    """Holds the permissions that are not about one model (no table)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_personal_data", "Can see people's personal data"),
            ("approve_decisions", "Can approve awards, extensions and waivers"),
            ("view_dashboards", "Can read managers' dashboards"),
        ]

    def __str__(self) -> str:
        return "Capability"


class RecordView(models.Model):
    """One user seeing one record holding personal data (UK GDPR accountability)."""

    # Who looked at whom is itself personal data.
    personal_data = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_views"
    )
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # What was seen, in words: "person page", "API: person record" …
    what = models.CharField(max_length=100)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-viewed_at"]),
            models.Index(fields=["user", "-viewed_at"]),
        ]
        # The log is append-only: nobody edits or deletes who saw what.
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.user} viewed {self.what} at {self.viewed_at:%d/%m/%Y %H:%M}"
