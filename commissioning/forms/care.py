"""Forms and list filters for people, care packages, reviews, brokerage and
short-break use. Validation of the rules is in the services; these check
what was typed and say how to put it right."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import django_filters
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.common import nhs
from commissioning.common.choices import ServiceType
from commissioning.models import (
    CarePackage,
    Contract,
    PackageReview,
    PackageStatus,
    Person,
    ReviewLead,
)
from commissioning.selectors.care.packages import review_overdue_q
from commissioning.selectors.care.people import person_search
from commissioning.services.care.brokerage import ANSWERS
from providers.models import Provider
from tenders.models import Framework


class DateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages for officers."""

    def __init__(self, *, label: str, called: str = "", example: str = "27 3 2025", **kwargs):
        kwargs.setdefault("help_text", f"For example, {example}")
        super().__init__(label=label, **kwargs)
        self.called = called or label.lower()
        self.error_messages["required"] = f"Enter the {self.called}"
        self.error_messages["incomplete"] = f"Enter the {self.called}, with day, month and year"
        self.require_all_fields = False
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            field.required = True
            field.error_messages["incomplete"] = f"The {self.called} must include a {part}"
            field.validators = []

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"The {self.called} must be a real date, with a 4-digit year")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"The {self.called} must be a real date") from error


class HoursField(forms.DecimalField):
    def __init__(self, *, label: str, minimum: Decimal = Decimal("0"), **kwargs):
        super().__init__(
            label=label,
            max_digits=7,
            decimal_places=2,
            min_value=minimum,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            error_messages={
                "required": f"Enter the {label.lower()}",
                "invalid": f"Enter the {label.lower()} as a number, like 7.5",
                "min_value": f"The {label.lower()} must be {minimum} or more",
                "max_decimal_places": "Enter hours to at most 2 decimal places, like 7.25",
                "max_digits": "That is more hours than a package can have",
                "max_whole_digits": "That is more hours than a package can have",
            },
            **kwargs,
        )


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    helper.layout = Layout(*fields, Button("submit", submit))
    return helper


def _providers():
    return Provider.objects.filter(archived_at__isnull=True).order_by("name")


# --- People -------------------------------------------------------------------


class PersonForm(forms.Form):
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=20,
        help_text="10 digits, like 943 476 5919",
        error_messages={"required": "Enter the NHS number"},
    )
    local_authority_id = forms.CharField(
        label="Local authority ID (optional)",
        max_length=30,
        required=False,
        help_text="The council's own reference, like ECC104233",
    )
    given_name = forms.CharField(
        label="Given name", max_length=100, error_messages={"required": "Enter the given name"}
    )
    family_name = forms.CharField(
        label="Family name", max_length=100, error_messages={"required": "Enter the family name"}
    )
    date_of_birth = DateField(label="Date of birth", example="17 5 1940")
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    locality = forms.CharField(label="Town or village (optional)", max_length=100, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [
            Field.text("nhs_number", field_width=Fixed.TEN),
            Field.text("local_authority_id", field_width=Fixed.TEN),
            Field.text("given_name", field_width=Fluid.ONE_HALF),
            Field.text("family_name", field_width=Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field.text("postcode", field_width=Fixed.TEN),
            Field.text("locality", field_width=Fluid.ONE_HALF),
        ]
        if editing:
            self.fields["date_of_death"] = DateField(
                label="Date of death (if they have died)", called="date of death", required=False
            )
            fields.append(Field("date_of_death"))
        self.helper = _helper(*fields, submit="Save person")

    def clean_nhs_number(self):
        value = nhs.normalise(self.cleaned_data["nhs_number"])
        nhs.validate(value)
        return value


# --- Packages -----------------------------------------------------------------


class PackageForm(forms.Form):
    service_type = forms.ChoiceField(
        label="Service",
        choices=[choice for choice in ServiceType.choices if choice[0] != ServiceType.REABLEMENT],
    )
    framework = forms.ModelChoiceField(
        label="Framework it is called off under (optional)",
        queryset=Framework.objects.order_by("-start_date"),
        required=False,
        empty_label="None",
        help_text="A package under a tiered framework is offered to providers in tier order.",
    )
    provider = forms.ModelChoiceField(
        label="Provider (optional)",
        queryset=Provider.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        help_text="Leave empty to source the package through brokerage.",
    )
    contract = forms.ModelChoiceField(
        label="Contract (optional)",
        queryset=Contract.objects.none(),
        required=False,
        empty_label="None",
    )
    requested_on = DateField(label="Date requested")
    start_date = DateField(label="Start date")
    end_date = DateField(label="End date (optional)", called="end date", required=False)
    weekly_hours = HoursField(label="Weekly hours", minimum=Decimal("0.25"))
    time_critical = forms.BooleanField(
        label="Time-critical calls (medication, insulin, double-up)", required=False
    )

    def __init__(self, *args, package: CarePackage | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        editing = package is not None
        providers = _providers()
        if editing and package.provider_id:
            # An archived provider stays selectable on the packages it still has.
            providers = providers | Provider.objects.filter(pk=package.provider_id)
        self.fields["provider"].queryset = providers
        self.fields["contract"].queryset = Contract.objects.select_related("provider").order_by(
            "reference"
        )
        self.fields["contract"].label_from_instance = lambda c: f"{c.reference} {c.title}"
        if editing:
            self.fields[
                "provider"
            ].help_text = "Once the package is in place its provider changes only at a review."
        else:
            self.initial.setdefault("requested_on", timezone.localdate())
        self.helper = _helper(
            Field.select("service_type"),
            Field.select("framework"),
            Field.select("provider"),
            Field.select("contract"),
            Field("requested_on"),
            Field("start_date"),
            Field("end_date"),
            Field.text("weekly_hours", field_width=Fixed.FIVE),
            Field.checkbox("time_critical"),
            submit="Save package",
        )


class PackageStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status", widget=forms.RadioSelect, error_messages={"required": "Choose a status"}
    )
    end_date = DateField(
        label="End date",
        required=False,
        help_text="Only when ending the package. For example, 27 3 2025",
    )

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status.value, status.label) for status in PackageStatus if status in moves
        ]
        self.helper = _helper(
            Field.radios("status", legend_size=Size.SMALL), Field("end_date"), submit="Save"
        )

    def clean(self):
        data = super().clean()
        if data.get("status") == PackageStatus.ENDED and not data.get("end_date"):
            self.add_error("end_date", "Enter the date the package ended")
        return data


class ReviewForm(forms.Form):
    review_date = DateField(label="Date of the review")
    led_by = forms.ChoiceField(
        label="Who led the review?",
        choices=ReviewLead.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who led the review"},
    )
    hours_after = HoursField(label="Weekly hours after the review")
    new_provider = forms.ModelChoiceField(
        label="Move the package to another provider (optional)",
        queryset=Provider.objects.none(),
        required=False,
        empty_label="No: keep the current provider",
        help_text="Only when the review decided the package moves.",
    )
    outcome_notes = forms.CharField(label="Outcome", widget=forms.Textarea, required=False)

    def __init__(self, *args, package: CarePackage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_provider"].queryset = _providers().exclude(pk=package.provider_id)
        self.fields[
            "hours_after"
        ].help_text = f"Before the review: {package.weekly_hours.normalize():f} a week."
        self.initial.setdefault("hours_after", package.weekly_hours)
        self.helper = _helper(
            Field("review_date"),
            Field.radios("led_by", legend_size=Size.SMALL, inline=True),
            Field.text("hours_after", field_width=Fixed.FIVE),
            Field.select("new_provider"),
            Field.textarea("outcome_notes", rows=4),
            submit="Record review",
        )


class OfferForm(forms.Form):
    provider = forms.ChoiceField(
        label="Provider", error_messages={"required": "Choose the provider offered the package"}
    )
    offered_on = DateField(label="Date offered")
    out_of_order_reason = forms.CharField(
        label="Reason for going to a lower tier (if needed)",
        widget=forms.Textarea,
        required=False,
        help_text="Needed when a provider on a higher tier has not been offered the package.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {
            str(candidate.member.provider_id): candidate.member
            for candidate in candidates
            if not candidate.offered
        }
        self.fields["provider"].choices = [("", "Choose a provider")] + [
            (key, f"{member.tier.name}, rank {member.rank}: {member.provider}")
            for key, member in self.members.items()
        ]
        if self.members:
            self.initial.setdefault("provider", next(iter(self.members)))
        self.initial.setdefault("offered_on", timezone.localdate())
        self.helper = _helper(
            Field.select("provider"),
            Field("offered_on"),
            Field.textarea("out_of_order_reason", rows=3),
            submit="Record offer",
        )

    def clean_provider(self):
        return self.members[self.cleaned_data["provider"]].provider


class OfferAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label="The provider's answer",
        choices=[(answer.value, answer.label) for answer in ANSWERS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the provider's answer"},
    )
    responded_on = DateField(label="Date of the answer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("responded_on", timezone.localdate())
        self.helper = _helper(
            Field.radios("response", legend_size=Size.SMALL),
            Field("responded_on"),
            submit="Record answer",
        )


class UsageForm(forms.Form):
    date = DateField(label="Date of the break")
    hours = HoursField(label="Hours used", minimum=Decimal("0.25"))
    notes = forms.CharField(label="Notes (optional)", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("date"),
            Field.text("hours", field_width=Fixed.FIVE),
            Field.text("notes", field_width=Fluid.TWO_THIRDS),
            submit="Record use",
        )


# --- List filters -------------------------------------------------------------


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name, NHS number or local ID", method="search")

    class Meta:
        model = Person
        fields = ["q"]

    def search(self, queryset, name, value):
        return person_search(queryset, value)


class PackageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Person: name or NHS number", method="search")
    provider = django_filters.ModelChoiceFilter(
        queryset=Provider.objects.order_by("name"), empty_label="Any provider"
    )
    service_type = django_filters.ChoiceFilter(
        label="Service", choices=ServiceType.choices, empty_label="Any service"
    )
    status = django_filters.ChoiceFilter(choices=PackageStatus.choices, empty_label="Any status")
    review_overdue = django_filters.BooleanFilter(
        label="Review overdue", method="overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = CarePackage
        fields = ["q", "provider", "service_type", "status", "review_overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(person__in=person_search(Person.objects.all(), value))

    def overdue(self, queryset, name, value):
        return queryset.filter(review_overdue_q(timezone.localdate())) if value else queryset


class ReviewFilter(django_filters.FilterSet):
    led_by = django_filters.ChoiceFilter(
        label="Led by", choices=ReviewLead.choices, empty_label="Anyone"
    )
    date_from = django_filters.DateFilter(
        label="Held on or after",
        field_name="review_date",
        lookup_expr="gte",
        help_text="For example, 1/4/2025",
    )
    date_to = django_filters.DateFilter(
        label="Held on or before",
        field_name="review_date",
        lookup_expr="lte",
        help_text="For example, 31/3/2026",
    )
    provider_changed = django_filters.BooleanFilter(
        label="Moved to another provider", method="moved", widget=forms.CheckboxInput
    )

    class Meta:
        model = PackageReview
        fields = ["led_by", "date_from", "date_to", "provider_changed"]

    def moved(self, queryset, name, value):
        return queryset.filter(new_provider__isnull=False) if value else queryset
