"""Admin for support staff. Referrals and episodes are placed, closed and
followed up through the services (pages and API), which guard capacity: here
they are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reablement.models import Benchmark, Episode, ReablementService, Referral


@admin.register(ReablementService)
class ReablementServiceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "provider", "capacity", "alternative", "area", "is_pilot")
    list_filter = ("is_pilot", "provider")
    search_fields = ("name", "area")
    # A capacity change must offer new places to those waiting: use the service pages.
    readonly_fields = ("capacity",)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("person", "service", "referral_date", "route", "status", "placed_with")
    list_filter = ("status", "route", "service")
    search_fields = ("person__nhs_number", "person__family_name")
    list_select_related = ("person", "service", "placed_with")
    date_hierarchy = "referral_date"


@admin.register(Episode)
class EpisodeAdmin(ReadOnlyAdmin):
    list_display = ("person", "service", "start_date", "end_date", "sequel", "follow_up_status")
    list_filter = ("service", "route", "sequel", "follow_up_status")
    search_fields = ("person__nhs_number", "person__family_name")
    list_select_related = ("person", "service")
    date_hierarchy = "start_date"


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ("measure", "area", "financial_year", "percentage")
    list_filter = ("measure", "area")
