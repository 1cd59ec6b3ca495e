"""People: list with search, record page with packages and reablement
history, and the forms to add and edit them."""

from __future__ import annotations

from django.views.generic import DetailView

from commissioning.common.access import RecordViewLoggingMixin
from commissioning.common.permissions import PersonalDataMixin
from commissioning.common.views import ListPageView
from commissioning.forms.care import PersonFilter, PersonForm
from commissioning.selectors.care.people import person_detail, person_list
from commissioning.services.care.people import PERSON_FIELDS, person_create, person_update
from commissioning.views.care.common import PersonFormView, ServiceFormView


class PersonListView(PersonalDataMixin, ListPageView):
    permission_required = "commissioning.view_person"
    filterset_class = PersonFilter
    template_name = "care/person_list.html"
    export_columns = [
        ("Family name", "family_name"),
        ("Given name", "given_name"),
        ("NHS number", "nhs_number_display"),
        ("Local authority ID", "local_authority_id"),
        ("Date of birth", "date_of_birth"),
        ("Postcode", "postcode"),
        ("Locality", "locality"),
        ("Packages in place", "packages_in_place"),
    ]

    def get_queryset(self):
        return person_list()


class PersonDetailView(PersonalDataMixin, RecordViewLoggingMixin, DetailView):
    permission_required = "commissioning.view_person"
    template_name = "care/person_detail.html"
    context_object_name = "person"
    record_view_what = "person page"

    def get_queryset(self):
        return person_detail()


class PersonCreateView(ServiceFormView):
    permission_required = "commissioning.add_person"
    form_class = PersonForm
    title = "Add a person"
    success_message = "The person has been added."

    def perform(self, data):
        return person_create(**{name: data[name] for name in PERSON_FIELDS if name in data})


class PersonEditView(PersonFormView):
    permission_required = "commissioning.change_person"
    form_class = PersonForm
    success_message = "The person's details have been saved."
    record_view_what = "person edit page"
    person_kwarg = "pk"

    @property
    def title(self) -> str:
        return f"Edit {self.person}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        return {name: getattr(self.person, name) for name in PERSON_FIELDS}

    def perform(self, data):
        return person_update(person=self.person, **{name: data[name] for name in PERSON_FIELDS})
