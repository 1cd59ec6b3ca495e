"""Abstract base models shared by every app."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from commissioning.common.audit import current_user


class BaseModel(models.Model):
    """Created and modified at and by, stamped from the acting user."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified_at = models.DateTimeField(auto_now=True, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Models holding personal data set this; roles without the personal-data
    # permission get no access to them (see commissioning.roles).
    personal_data = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        user = current_user()
        if user is not None:
            if self._state.adding and self.created_by_id is None:
                self.created_by = user
            self.modified_by = user
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "modified_by", "modified_at"}
        super().save(*args, **kwargs)


class ArchivableModel(BaseModel):
    """Records are archived with a reason, never deleted."""

    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
