from django.contrib import admin

from commissioning.models import RecordView


@admin.register(RecordView)
class RecordViewAdmin(admin.ModelAdmin):
    list_display = ("viewed_at", "user", "what", "content_type", "object_id")
    list_filter = ("what", "content_type")
    search_fields = ("user__username",)
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Alerts and scheduled checks ----------------------------------------------
from commissioning.models import Alert, AlertDigest, ScheduledCheckRun  # noqa: E402


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the daily checks only: support staff read them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("raised_on", "kind", "subject_label", "due_date", "lead", "sent_at")
    list_filter = ("kind", "raised_on")
    search_fields = ("subject_label",)
    date_hierarchy = "raised_on"


@admin.register(AlertDigest)
class AlertDigestAdmin(ReadOnlyAdmin):
    list_display = ("day", "user", "status", "attempts", "last_attempt_at", "sent_at")
    list_filter = ("status", "day")
    search_fields = ("user__username", "last_error")


@admin.register(ScheduledCheckRun)
class ScheduledCheckRunAdmin(ReadOnlyAdmin):
    list_display = ("day", "started_at", "finished_at", "alerts_raised", "digests_queued")
    date_hierarchy = "started_at"
