"""Building blocks for pages: a filtered, paginated list page.

Every list page uses ListPageView so that filters, pagination and CSV/Excel
exports of exactly the filtered rows work the same way everywhere.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django.utils import timezone
from django.utils.text import slugify
from django_filters.views import FilterView

from commissioning.common.access import log_record_views
from commissioning.common.permissions import PersonalDataMixin, RolePermissionMixin
from commissioning.common.tabular import RESPONSES, TableExport

EXPORT_FORMATS = {"csv": "CSV", "xlsx": "Excel"}


class FilterFormHelper(FormHelper):
    """Filters are a GET form laid out in the filter panel."""

    form_method = "get"
    form_tag = False


class ListPageView(RolePermissionMixin, FilterView):
    """A list page: a selector's queryset, a FilterSet, 50 rows a page.

    Subclasses set ``permission_required``, ``filterset_class`` and
    ``template_name``, and return their selector from ``get_queryset()``.
    ``export_columns`` lists (header, attribute path) pairs describing a row
    for exports; the attribute path may cross relations ("provider.name")
    or name a method or annotation, and may be a function of the row instead.

    The same URL with ``?format=csv`` or ``?format=xlsx`` downloads every row
    the filters select (not just the page), through the same permission
    check, filterset and selector. The selector must fetch what the columns
    read (``select_related``, annotations) so that the export runs a fixed
    number of queries per chunk of rows. Pages of personal data log each
    exported record as seen by the user (``RecordView``).
    """

    paginate_by = 50
    strict = False  # invalid filters show an error, not an empty list
    export_columns: list[tuple] = []
    # The downloaded file's name (a date is added); defaults to the model's plural.
    export_filename: str = ""
    export_title: str = ""

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("format")
        if export_format in EXPORT_FORMATS and self.export_columns:
            return self.export(export_format)
        return super().get(request, *args, **kwargs)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        helper = FilterFormHelper()
        helper.layout = Layout(*filterset.form.fields, Button("filter", "Apply filters"))
        filterset.form.helper = helper
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context["query_without_page"] = query.urlencode()
        context["filters_applied"] = any(value for key, value in query.items() if key != "filter")
        if self.export_columns:
            context["export_links"] = [
                {"label": label, "href": "?" + _with(query, format=key)}
                for key, label in EXPORT_FORMATS.items()
            ]
        return context

    # --- Exports -----------------------------------------------------------

    def export_rows(self):
        """The filtered rows, as the page lists them (invalid filters are
        ignored here as on the page, where they show an error)."""
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    @property
    def exports_personal_data(self) -> bool:
        return isinstance(self, PersonalDataMixin)

    def get_export_name(self) -> str:
        return self.export_filename or slugify(self.get_queryset().model._meta.verbose_name_plural)

    def export(self, export_format: str):
        name = self.get_export_name()
        on_chunk = None
        if self.exports_personal_data:
            # Every record in the file counts as seen by this user (DOMAIN.md §6).
            request, viewed_at = self.request, timezone.now()
            what = f"{EXPORT_FORMATS[export_format]} export of {name.replace('-', ' ')}"

            def on_chunk(rows):
                log_record_views(
                    user=request.user,
                    records=rows,
                    what=what[:100],
                    path=request.get_full_path(),
                    viewed_at=viewed_at,
                )

        export = TableExport(
            rows=self.export_rows(),
            columns=self.export_columns,
            filename=f"{name}-{timezone.localdate():%Y-%m-%d}",
            title=self.export_title or name.replace("-", " ").capitalize(),
            on_chunk=on_chunk,
        )
        return RESPONSES[export_format](export)


def _with(query, **values) -> str:
    query = query.copy()
    for key, value in values.items():
        query[key] = value
    return query.urlencode()
