"""The officer's page of the Transparency Code contracts register."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from commissioning.common.permissions import RolePermissionMixin
from commissioning.common.tabular import RESPONSES
from commissioning.exports.forms import QuarterForm
from commissioning.exports.transparency import (
    latest_complete_quarter,
    register_export,
    register_summary,
)

# The register shows contracts, framework agreements and tenders.
REGISTER_PERMISSIONS = (
    "commissioning.view_contract",
    "tenders.view_framework",
    "tenders.view_procurement",
)


class TransparencyRegisterView(RolePermissionMixin, TemplateView):
    """A quarter's register: what it holds, and the file to publish."""

    permission_required = REGISTER_PERMISSIONS
    template_name = "exports/transparency.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        latest = latest_complete_quarter(today)
        data = request.GET if "year" in request.GET or "quarter" in request.GET else None
        form = QuarterForm(
            data, today=today, initial={"year": latest.year, "quarter": latest.number}
        )
        valid = form.is_bound and form.is_valid()
        quarter = form.chosen() if valid else latest
        export_format = request.GET.get("format")
        if export_format in RESPONSES and (valid or not form.is_bound):
            return RESPONSES[export_format](register_export(quarter))
        context = self.get_context_data(
            form=form,
            quarter=quarter,
            summary=None if form.errors else register_summary(quarter),
            query=f"year={quarter.year}&quarter={quarter.number}",
        )
        return self.render_to_response(context)
