"""Forms of the provider pages, with messages written for officers."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from commissioning.common.choices import ServiceType
from providers.models import (
    Provider,
    ProviderContact,
    ProviderType,
    RateUnit,
    Rating,
    ReferenceRateKind,
    Regulator,
)
from providers.pages import GovukFormMixin, date_field, money_field
from providers.services import PROVIDER_FIELDS


class ProviderForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save provider"

    class Meta:
        model = Provider
        fields = PROVIDER_FIELDS
        widgets = {
            "provider_type": forms.RadioSelect,
            "regulator": forms.RadioSelect,
            "regulator_id": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
            "company_number": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "charity_number": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "postcode": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
            ),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name": "Name",
            "legal_name": "Legal name",
            "pays_real_living_wage": "Pays its care workers the Real Living Wage",
            "is_sme": "Small or medium-sized enterprise (SME)",
            "is_vcse": "Voluntary, community or social enterprise (VCSE)",
        }
        help_texts = {
            "name": "The name the team knows it by.",
            "legal_name": "As registered with Companies House or the Charity Commission.",
            "regulator_id": (
                "CQC: 1- then 9 to 11 digits, like 1-101614751. NHS trusts: the ODS code, "
                "like RJ1. Care Inspectorate Wales: the service's registration number."
            ),
            "company_number": "8 characters, like 09231876 or SC123456.",
        }
        error_messages = {
            "name": {"required": "Enter the provider's name"},
            "provider_type": {"required": "Choose the type of provider"},
            "regulator": {"required": "Choose who regulates this provider"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_type"].choices = ProviderType.choices
        self.fields["regulator"].choices = Regulator.choices
        if self.instance.pk is None:
            self.fields["rating"] = forms.ChoiceField(
                label="Current CQC overall rating",
                choices=Rating.choices,
                initial=Rating.NOT_RATED,
            )
            self.fields["rating_date"] = date_field(
                "Date of the rating",
                required=False,
                help_text="The date of the inspection report. For example, 27/3/2026",
            )
            self.helper.layout.fields.extend(["rating", "rating_date"])

    def clean_company_number(self):
        return self.cleaned_data["company_number"].strip().upper()

    def clean_regulator_id(self):
        return self.cleaned_data["regulator_id"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        rating = cleaned.get("rating")
        if rating and rating != Rating.NOT_RATED and not cleaned.get("rating_date"):
            self.add_error("rating_date", "Enter the date of the rating")
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROVIDER_FIELDS}


class RatingForm(GovukFormMixin, forms.Form):
    submit_label = "Record rating"

    rating = forms.ChoiceField(
        label="Overall rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the overall rating"},
    )
    rated_on = date_field(
        "Date of the rating", help_text="The date of the inspection report. For example, 4/9/2025"
    )
    source = forms.CharField(
        label="Source",
        max_length=200,
        required=False,
        initial="CQC inspection report",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Key findings, or the theme ratings of Care Inspectorate Wales.",
    )


class ArchiveForm(GovukFormMixin, forms.Form):
    submit_label = "Archive provider"

    reason = forms.CharField(
        label="Why is this provider being archived?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, ceased trading on 31/3/2026, or deregistered by the CQC.",
        error_messages={"required": "Give the reason for archiving this provider"},
    )


class ReinstateForm(GovukFormMixin, forms.Form):
    submit_label = "Reinstate provider"


class ContactForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save contact"

    class Meta:
        model = ProviderContact
        fields = ("name", "role", "email", "phone")
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
        }
        help_texts = {"role": "For example, registered manager or contracts lead."}
        error_messages = {
            "name": {"required": "Enter the contact's name"},
            "email": {"invalid": "Enter an email address like name@example.org"},
        }


class RateForm(GovukFormMixin, forms.Form):
    submit_label = "Add rate"

    service_type = forms.ChoiceField(
        label="Service",
        choices=ServiceType.choices,
        error_messages={"required": "Choose the service this rate is for"},
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=RateUnit.choices,
        widget=forms.RadioSelect,
        initial=RateUnit.HOUR,
        error_messages={"required": "Choose what the rate is charged per"},
    )
    amount = money_field("Rate in pounds", min_value=Decimal("0.01"))
    effective_from = date_field(
        "Date the rate takes effect",
        help_text="Earlier rates stay as they were. For example, 6/4/2026",
    )


class ReferenceRateForm(RateForm):
    submit_label = "Add reference rate"

    service_type = None
    kind = forms.ChoiceField(
        label="Reference rate",
        choices=ReferenceRateKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which reference rate this is"},
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Who published it and where, so others can check it.",
        error_messages={"required": "Enter where this rate was published"},
    )

    field_order = ("kind", "unit", "amount", "effective_from", "source")
