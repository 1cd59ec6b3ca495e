"""Pieces the care pages share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import FormView

from commissioning.common.access import log_record_view
from commissioning.common.permissions import PersonalDataMixin
from commissioning.models import CarePackage, Person


def show_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: under the field it names when the
    form has it, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        form.add_error(None, error)


class ServiceFormView(PersonalDataMixin, FormView):
    """A form whose valid data goes to one service call.

    Subclasses implement ``perform(data)`` (calling the service and returning
    the record to go to) and ``success_message``.
    """

    template_name = "care/form.html"
    success_message = "Saved."
    title = ""

    def perform(self, data):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            record = self.perform(form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(record))

    def get_success_url(self, record=None):
        return record.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


def logged_record(view, queryset, pk):
    """The record a form page is about; showing it is a view of a person's
    record, so it is logged (once the role has been checked)."""
    record = get_object_or_404(queryset, pk=pk)
    log_record_view(
        user=view.request.user,
        record=record,
        what=view.record_view_what,
        path=view.request.get_full_path(),
    )
    return record


class PersonFormView(ServiceFormView):
    """A form about one person (``person_pk`` in the path)."""

    record_view_what = "person form"
    person_kwarg = "person_pk"

    @cached_property
    def person(self) -> Person:
        return logged_record(self, Person.objects.all(), self.kwargs[self.person_kwarg])

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class PackageFormView(ServiceFormView):
    """A form about one package (review, offer, status, use)."""

    record_view_what = "care package form"

    @cached_property
    def package(self) -> CarePackage:
        return logged_record(
            self,
            CarePackage.objects.select_related("person", "provider", "framework"),
            self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(package=self.package, **kwargs)

    def get_success_url(self, record=None):
        return self.package.get_absolute_url()
