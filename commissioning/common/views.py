"""Building blocks for pages: a filtered, paginated list page.

Every list page uses ListPageView so that filters, pagination and (later)
CSV/Excel exports of exactly the filtered rows work the same way everywhere.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django_filters.views import FilterView

from commissioning.common.permissions import RolePermissionMixin


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
    or name a method or annotation.
    """

    paginate_by = 50
    strict = False  # invalid filters show an error, not an empty list
    export_columns: list[tuple[str, str]] = []

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
        context["query_without_page"] = query.urlencode()
        context["filters_applied"] = any(value for key, value in query.items() if key != "filter")
        return context
