"""Logging who saw a record holding personal data.

Pages use RecordViewLoggingMixin on their detail views; API viewsets use
RecordViewLoggingAPIMixin. Both write one RecordView row per view. Exports
of personal data log every record they contain (log_record_views).
"""

from __future__ import annotations


def log_record_view(*, user, record, what: str, path: str = ""):
    from django.contrib.contenttypes.models import ContentType

    from commissioning.models import RecordView

    return RecordView.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        what=what,
        path=path[:500],
    )


def log_record_views(*, user, records, what: str, path: str = "", viewed_at=None) -> int:
    """One RecordView per record, written in one INSERT (an export's chunk).

    The rows of one export share ``viewed_at`` and ``path`` (the URL with its
    filters), so the log shows both who saw a person's record and everything
    one download contained.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from commissioning.models import RecordView

    viewed_at = viewed_at or timezone.now()
    rows = [
        RecordView(
            user=user,
            viewed_at=viewed_at,
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            what=what,
            path=path[:500],
        )
        for record in records
    ]
    RecordView.objects.bulk_create(rows)
    return len(rows)


class RecordViewLoggingMixin:
    """For DetailView-style pages: log the object once it has been fetched."""

    record_view_what = "record page"

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        log_record_view(
            user=self.request.user,
            record=record,
            what=self.record_view_what,
            path=self.request.get_full_path(),
        )
        return record


class RecordViewLoggingAPIMixin:
    """For DRF viewsets: log each record returned by retrieve."""

    record_view_what = "API record"

    def retrieve(self, request, *args, **kwargs):
        from rest_framework.response import Response

        record = self.get_object()
        log_record_view(
            user=request.user,
            record=record,
            what=self.record_view_what,
            path=request.get_full_path(),
        )
        return Response(self.get_serializer(record).data)
