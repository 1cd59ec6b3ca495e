"""Admin for support staff: look things up and read the history. Changes that
carry rules (workflow, scores, awards, terms) go through the pages and API,
so derived fields are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tenders.models import (
    Award,
    Bid,
    Framework,
    FrameworkExtensionOption,
    FrameworkMember,
    FrameworkRate,
    FrameworkTier,
    Lot,
    Procurement,
    ProcurementNotice,
)


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    fields = ("number", "title", "service_type", "max_awards", "tier")
    show_change_link = True


class NoticeInline(admin.TabularInline):
    model = ProcurementNotice
    extra = 0
    fields = ("kind", "due_date", "published_on")
    readonly_fields = ("kind", "due_date")


@admin.register(Procurement)
class ProcurementAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "regime", "status", "submission_deadline", "framework")
    list_filter = ("status", "regime", "service_type")
    search_fields = ("reference", "title")
    readonly_fields = ("status", "award_decision_date", "standstill_end_date", "cancelled_on")
    inlines = [LotInline, NoticeInline]


@admin.register(Bid)
class BidAdmin(SimpleHistoryAdmin):
    list_display = ("lot", "provider", "price", "quality_marks", "status", "total_score", "rank")
    list_filter = ("status",)
    search_fields = ("provider__name", "lot__procurement__reference")
    list_select_related = ("lot__procurement", "provider")
    readonly_fields = ("quality_score", "price_score", "total_score", "rank")


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ("lot", "provider", "rank", "decision_date")
    list_select_related = ("lot__procurement", "provider")
    search_fields = ("provider__name", "lot__procurement__reference")


class OptionInline(admin.TabularInline):
    model = FrameworkExtensionOption
    extra = 0
    fields = ("sequence", "months", "months_used", "status", "decision_deadline", "decided_on")
    readonly_fields = fields
    can_delete = False


class TierInline(admin.TabularInline):
    model = FrameworkTier
    extra = 0
    fields = ("name", "priority", "service_type", "lot_group")


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "name", "start_date", "current_end_date", "max_end_date")
    search_fields = ("reference", "name")
    readonly_fields = (
        "status",
        "initial_end_date",
        "current_end_date",
        "max_end_date",
        "reprocurement_start_by",
        "next_decision_deadline",
    )
    inlines = [OptionInline, TierInline]


@admin.register(FrameworkMember)
class FrameworkMemberAdmin(SimpleHistoryAdmin):
    list_display = ("provider", "framework", "tier", "rank", "joined_on", "left_on")
    list_filter = ("framework",)
    search_fields = ("provider__name",)
    list_select_related = ("provider", "framework", "tier")


@admin.register(FrameworkRate)
class FrameworkRateAdmin(SimpleHistoryAdmin):
    list_display = ("framework", "service_type", "unit", "amount", "effective_from")
    list_select_related = ("framework",)
