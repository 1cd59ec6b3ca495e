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


# --- Contracts and governance decisions ---------------------------------------
# Read-only for support staff: every change goes through the contract services,
# which keep the derived dates right and record the decision behind it.
from simple_history.admin import SimpleHistoryAdmin  # noqa: E402

from commissioning.models import (  # noqa: E402
    Contract,
    ContractFunding,
    ContractVariation,
    DecisionResolution,
    ExtensionOption,
    GovernanceDecision,
    RejectedOption,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ExtensionOptionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ExtensionOption
    fields = ("sequence", "months", "months_used", "status", "decision_deadline", "decided_on")
    readonly_fields = fields
    extra = 0


class ContractFundingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ContractFunding
    fields = ("funder", "annual_amount")
    readonly_fields = fields
    extra = 0


class ContractVariationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ContractVariation
    fields = ("decided_on", "kind", "months", "new_annual_value", "termination_date", "reason")
    readonly_fields = fields
    extra = 0


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "reference",
        "title",
        "provider",
        "status",
        "current_end_date",
        "max_end_date",
        "beyond_max_extent",
        "annual_value",
    )
    list_filter = ("status", "service_type", "beyond_max_extent", "is_pilot")
    search_fields = ("reference", "title", "provider__name")
    list_select_related = ("provider",)
    inlines = (ExtensionOptionInline, ContractFundingInline, ContractVariationInline)


class DecisionResolutionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionResolution
    fields = ("sequence", "text")
    readonly_fields = fields
    extra = 0


class RejectedOptionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RejectedOption
    fields = ("sequence", "option", "why_rejected")
    readonly_fields = fields
    extra = 0


@admin.register(GovernanceDecision)
class GovernanceDecisionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("meeting_date", "body", "item_number", "title")
    list_filter = ("body",)
    search_fields = ("title", "item_number")
    date_hierarchy = "meeting_date"
    inlines = (DecisionResolutionInline, RejectedOptionInline)


# --- Alerts and scheduled checks ----------------------------------------------
# Written by the daily checks only: support staff read them here.
from commissioning.models import Alert, AlertDigest, ScheduledCheckRun  # noqa: E402


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("raised_on", "kind", "subject_label", "due_date", "lead", "sent_at")
    list_filter = ("kind", "raised_on")
    search_fields = ("subject_label",)
    date_hierarchy = "raised_on"


@admin.register(AlertDigest)
class AlertDigestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("day", "user", "status", "attempts", "last_attempt_at", "sent_at")
    list_filter = ("status", "day")
    search_fields = ("user__username", "last_error")


@admin.register(ScheduledCheckRun)
class ScheduledCheckRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("day", "started_at", "finished_at", "alerts_raised", "digests_queued")
    date_hierarchy = "started_at"
