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
