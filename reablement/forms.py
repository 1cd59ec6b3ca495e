"""Forms for reablement pages, with messages written for officers.

Forms parse and check what was typed; the rules themselves live in
``reablement.services`` and their refusals come back onto the form through
``add_service_errors``.
"""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from commissioning.common import nhs
from providers.models import Provider
from reablement.models import (
    Benchmark,
    BenchmarkMeasure,
    FollowUpStatus,
    ReablementService,
    Route,
    Sequel,
)
from reablement.selectors import services_with_occupancy

DATE_HINT = "For example, 27/03/2025"


class TextInput(forms.TextInput):
    """A GOV.UK text input that shows dates as DD/MM/YYYY.

    crispy-forms-gds styles inputs (and their error state) by the widget's
    class name, and knows only ``TextInput``: dates and numbers use this one
    (GOV.UK asks for text inputs with ``inputmode`` for numbers anyway).
    """

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


NUMERIC = {"inputmode": "numeric"}
DECIMAL = {"inputmode": "decimal"}


def date_field(label: str, *, required: bool = True, help_text: str = DATE_HINT):
    """A date typed as DD/MM/YYYY (ISO dates are accepted too)."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=TextInput,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as day/month/year, for example 27/03/2025.",
        },
    )


def hours_field(label: str, help_text: str):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=help_text,
        widget=TextInput(attrs=DECIMAL),
        error_messages={
            "invalid": "Enter the hours as a number, for example 7.5.",
            "min_value": "Enter the hours as 0 or more.",
            "max_decimal_places": "Enter the hours to no more than 2 decimal places.",
        },
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, if the form
    has that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def helper(*fields, submit: str) -> FormHelper:
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.label_size = Size.SMALL
    form_helper.legend_size = Size.SMALL
    form_helper.layout = Layout(*fields, Button("submit", submit))
    return form_helper


class ServiceChoiceField(forms.ModelChoiceField):
    """Services with their free places today, so the officer sees what will happen."""

    def label_from_instance(self, service):
        if service.free_places:
            return f"{service.name} ({service.free_places} of {service.capacity} places free)"
        return f"{service.name} (full, {service.waiting} waiting)"


class ReferralForm(forms.Form):
    nhs_number = forms.CharField(
        label="NHS number",
        help_text="10 digits, for example 943 476 5919",
        error_messages={"required": "Enter the person's NHS number."},
    )
    service = ServiceChoiceField(
        label="Service asked for",
        queryset=ReablementService.objects.none(),
        empty_label="Choose a service",
        help_text="If it is full, the referral goes to its alternative service, or waits.",
        error_messages={"required": "Choose the service the referral is for."},
    )
    referral_date = date_field("Referral date")
    route = forms.ChoiceField(
        label="Route",
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the person came to reablement."},
    )
    hospital_discharge_date = date_field(
        "Hospital discharge date",
        required=False,
        help_text="Only for a hospital discharge. For example, 27/03/2025",
    )
    hospital = forms.CharField(
        label="Hospital",
        required=False,
        max_length=200,
        help_text="Only for a hospital discharge: the hospital the person left.",
    )
    on_long_term_support = forms.TypedChoiceField(
        label="Is the person already receiving long-term support?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_with_occupancy()
        self.helper = helper(
            Field.text("nhs_number", field_width=10),
            Field.select("service"),
            Field.text("referral_date", field_width=10),
            Field.radios("route"),
            Field.text("hospital_discharge_date", field_width=10),
            Field.text("hospital", field_width=20),
            Field.radios("on_long_term_support", inline=True),
            submit="Refer and place",
        )

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"]
        nhs.validate(value)
        number = nhs.normalise(value)
        person = apps.get_model("commissioning", "Person").objects.filter(nhs_number=number).first()
        if person is None:
            raise ValidationError(
                f"No one with NHS number {nhs.display(number)} is on record. "
                "Check the number, or add the person first."
            )
        self.cleaned_data["person"] = person
        return number

    def clean(self):
        cleaned = super().clean()
        route = cleaned.get("route")
        discharged = cleaned.get("hospital_discharge_date")
        if (
            route == Route.HOSPITAL_DISCHARGE
            and not discharged
            and not self.has_error("hospital_discharge_date")
        ):
            self.add_error(
                "hospital_discharge_date",
                "Enter the hospital discharge date: the 91-day follow-up is counted from it.",
            )
        if route == Route.HOSPITAL_DISCHARGE and not cleaned.get("hospital"):
            self.add_error("hospital", "Enter the hospital the person left.")
        if route and route != Route.HOSPITAL_DISCHARGE and cleaned.get("hospital"):
            self.add_error("hospital", "Only give a hospital for a hospital discharge.")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person"],
            "service": data["service"],
            "referral_date": data["referral_date"],
            "route": data["route"],
            "hospital_discharge_date": data["hospital_discharge_date"],
            "hospital": data["hospital"],
            "on_long_term_support": data["on_long_term_support"],
        }


class ServiceForm(forms.ModelForm):
    class Meta:
        model = ReablementService
        fields = ["name", "provider", "contract", "capacity", "area", "alternative", "is_pilot"]
        widgets = {"capacity": TextInput(attrs=NUMERIC)}
        labels = {
            "capacity": "Capacity (open episodes at once)",
            "alternative": "Alternative service when full",
            "is_pilot": "This is a pilot",
        }
        help_texts = {
            "capacity": "The most people the service supports at the same time.",
            "alternative": "Referrals go here when this service is full and it has room.",
            "contract": "The contract or service level agreement it is provided under.",
        }
        error_messages = {
            "name": {
                "required": "Enter the service's name.",
                "unique": "A service with this name already exists. Choose another name.",
            },
            "provider": {"required": "Choose the provider."},
            "capacity": {
                "required": "Enter the capacity.",
                "min_value": "A service takes at least one person at a time.",
                "invalid": "Enter the capacity as a whole number, for example 40.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(archived_at__isnull=True)
        alternatives = ReablementService.objects.order_by("name")
        if self.instance.pk:
            alternatives = alternatives.exclude(pk=self.instance.pk)
        self.fields["alternative"].queryset = alternatives
        self.fields["alternative"].empty_label = "None: referrals wait when full"
        self.fields["contract"].empty_label = "None recorded"
        self.helper = helper(
            Field.text("name"),
            Field.select("provider"),
            Field.select("contract"),
            Field.text("capacity", field_width=5),
            Field.text("area", field_width=20),
            Field.select("alternative"),
            Field.checkbox("is_pilot"),
            submit="Save service",
        )


class EpisodePlanForm(forms.Form):
    prefix = "plan"

    planned_end_date = date_field("Planned end date", required=False)
    hours_at_start = hours_field(
        "Hours of care a week at the start", "As assessed when reablement began."
    )
    goals = forms.CharField(label="Goals", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("planned_end_date", field_width=10),
            Field.text("hours_at_start", field_width=5),
            Field.textarea("goals"),
            submit="Save plan",
        )


class EpisodeCloseForm(forms.Form):
    prefix = "close"

    end_date = date_field("End date")
    sequel = forms.ChoiceField(
        label="What happened at the end?",
        choices=Sequel.choices,
        widget=forms.RadioSelect,
        help_text="The sequel to short-term support (SALT STS002a).",
        error_messages={"required": "Choose what happened at the end of the episode."},
    )
    hours_at_end = hours_field(
        "Hours of care a week at the end", "Enter 0 if the person needs no care now."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("end_date", field_width=10),
            Field.radios("sequel", small=True),
            Field.text("hours_at_end", field_width=5),
            submit="End episode",
        )


class FollowUpForm(forms.Form):
    prefix = "follow_up"

    status = forms.ChoiceField(
        label="Where was the person on day 91 after leaving hospital?",
        choices=FollowUpStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the person was on day 91."},
    )
    recorded_on = date_field("Follow-up date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.radios("status", small=True),
            Field.text("recorded_on", field_width=10),
            submit="Record follow-up",
        )


class BenchmarkForm(forms.ModelForm):
    class Meta:
        model = Benchmark
        fields = ["measure", "area", "financial_year", "percentage", "source"]
        widgets = {
            "financial_year": TextInput(attrs=NUMERIC),
            "percentage": TextInput(attrs=DECIMAL),
        }
        labels = {"financial_year": "Financial year (the year it starts)"}
        help_texts = {"financial_year": "2017 for 2017-18.", "percentage": "For example, 82.9"}
        error_messages = {
            "area": {"required": "Enter the area, such as England or a region."},
            "financial_year": {"required": "Enter the financial year, for example 2017."},
            "percentage": {
                "required": "Enter the percentage.",
                "invalid": "Enter the percentage as a number, for example 82.9.",
            },
            NON_FIELD_ERRORS: {
                "unique_together": "There is already a benchmark for this measure, area and "
                "year. Check the list of benchmarks.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.radios("measure", small=True),
            Field.text("area", field_width=20),
            Field.text("financial_year", field_width=4),
            Field.text("percentage", field_width=4),
            Field.text("source"),
            submit="Add benchmark",
        )
        self.fields["measure"].choices = BenchmarkMeasure.choices
        self.fields["measure"].widget = forms.RadioSelect(choices=BenchmarkMeasure.choices)


class MetricsYearForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=())

    def __init__(self, *args, years: list[int], labels: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, labels[year]) for year in years]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("year"), Button("show", "Show"))
