"""Admin for support staff: look things up and read the history. Changes that
carry rules (ratings, archiving, rates) go through the pages and API."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from providers.models import Provider, ProviderContact, ProviderRate, ProviderRating, ReferenceRate


class ProviderRatingInline(admin.TabularInline):
    model = ProviderRating
    extra = 0
    fields = ("rated_on", "rating", "source")
    readonly_fields = fields
    can_delete = False


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ("name", "provider_type", "regulator_id", "rating", "rating_date", "archived_at")
    list_filter = ("provider_type", "regulator", "rating", "pays_real_living_wage")
    search_fields = ("name", "legal_name", "regulator_id", "company_number", "charity_number")
    readonly_fields = ("rating", "rating_date", "archived_at", "archived_reason")
    inlines = [ProviderRatingInline]


@admin.register(ProviderContact)
class ProviderContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "role", "provider", "email", "phone")
    search_fields = ("name", "provider__name", "email")
    list_select_related = ("provider",)


@admin.register(ProviderRate)
class ProviderRateAdmin(SimpleHistoryAdmin):
    list_display = ("provider", "service_type", "unit", "amount", "effective_from")
    list_filter = ("service_type", "unit")
    search_fields = ("provider__name",)
    list_select_related = ("provider",)


@admin.register(ReferenceRate)
class ReferenceRateAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "unit", "amount", "effective_from", "source")
    list_filter = ("kind",)
