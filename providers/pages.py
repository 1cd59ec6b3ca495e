"""Building blocks for pages whose form calls a service (used by providers
and tenders): a form page that turns a service's refusal into form errors,
and the GOV.UK form conventions in one place."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView

from commissioning.common.permissions import RolePermissionMixin

DATE_HINT = "For example, 27/3/2026"


def date_field(label: str, *, required: bool = True, help_text: str = DATE_HINT, **kwargs):
    """A date typed as DD/MM/YYYY (GOV.UK pattern for dates people look up)."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "off"},
        ),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, like 27/3/2026",
        },
        **kwargs,
    )


def money_field(label: str, *, required: bool = True, min_value=0, **kwargs):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=min_value,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as an amount in pounds, like 21.50",
            "max_decimal_places": "Enter the amount to the nearest penny, like 21.50",
            "min_value": f"Enter a {label.lower()} above £0",
        },
        **kwargs,
    )


class GovukFormMixin:
    """Lay a form out with crispy-forms-gds; the page template adds the
    button (with its label from ``submit_label``) and a cancel link."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*self.fields)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: by field where the field is on
    the form, otherwise above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ServiceFormView(RolePermissionMixin, FormView):
    """A page whose form calls one service.

    Subclasses implement ``perform(form)`` (call the service, return the
    record to go to) and ``get_success_url_for(record)``. A ValidationError
    from the service becomes form errors, so nothing is written and the
    officer sees why.
    """

    template_name = "providers/form_page.html"
    page_title = ""
    success_message = ""
    cancel_url = None
    intro = ""

    def perform(self, form):
        raise NotImplementedError

    def get_success_url_for(self, record) -> str:
        return record.get_absolute_url()

    def form_valid(self, form):
        try:
            record = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message.format(record=record))
        return redirect(self.get_success_url_for(record))

    def get_page_title(self) -> str:
        return self.page_title

    def get_cancel_url(self) -> str | None:
        return self.cancel_url

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.get_page_title(),
            cancel_url=self.get_cancel_url(),
            breadcrumbs=self.get_breadcrumbs(),
            intro=self.intro,
        )
        return context


class SelectorDetailView(RolePermissionMixin, DetailView):
    """A detail page whose record comes from a selector (``detail_selector``,
    called with the primary key) that loads everything the page shows."""

    detail_selector = None

    def get_object(self, queryset=None):
        try:
            return type(self).detail_selector(self.kwargs["pk"])
        except ObjectDoesNotExist as missing:
            raise Http404("No such record") from missing
