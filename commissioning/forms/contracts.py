"""Forms of the contract register, with messages written for officers.

The forms only parse and check input; the services decide and write.
"""

from __future__ import annotations

import re
from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from commissioning.common.choices import ServiceType
from commissioning.models import GovernanceDecision, ProcurementRoute
from commissioning.models.contracts import EXTENDING_KINDS
from commissioning.roles import Role
from providers.models import Provider
from tenders.models import Framework, Procurement, ProcurementStatus

# --- Fields ------------------------------------------------------------------


class DateField(DateInputField):
    """A GOV.UK date input (day, month, year) with officer-language messages."""

    def __init__(self, *, required_message: str, **kwargs):
        kwargs.setdefault("help_text", "For example, 31 3 2027")
        super().__init__(**kwargs)
        self.error_messages["required"] = required_message
        self.error_messages["incomplete"] = required_message

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError("Enter a real date, like 31 3 2027.") from error


class MoneyField(forms.DecimalField):
    """Pounds, as officers type them: "£14,400,000" or "14400000.00"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter an amount in pounds, like 14400000 or 1,250.50."
        self.error_messages["min_value"] = "Enter an amount of £0 or more."
        self.error_messages["max_decimal_places"] = (
            "Enter pounds and pence only (2 decimal places)."
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("£", "").strip()
        return super().to_python(value)


class OptionMonthsField(forms.CharField):
    """Extension options as a list of months: "12, 12"."""

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return []
        parts = [part for part in re.split(r"[,\s]+", text) if part]
        try:
            months = [int(part) for part in parts]
        except ValueError as error:
            raise ValidationError(
                "Enter each option's length in whole months, separated by commas, like 12, 12."
            ) from error
        if any(month < 1 or month > 120 for month in months):
            raise ValidationError("Each extension option must be from 1 to 120 months long.")
        if len(months) > 9:
            raise ValidationError("Enter at most 9 extension options.")
        return months

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(month) for month in value)
        return value


def whole_months(label: str, *, required_message: str, **kwargs) -> forms.IntegerField:
    """A whole number in a text input with a numeric keyboard (GOV.UK advice
    against type=number)."""
    return forms.IntegerField(
        label=label,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        min_value=kwargs.pop("min_value", 1),
        max_value=kwargs.pop("max_value", 240),
        error_messages={
            "required": required_message,
            "invalid": "Enter a whole number, like 12.",
            "min_value": "Enter %(limit_value)s or more.",
            "max_value": "Enter %(limit_value)s or fewer.",
        },
        **kwargs,
    )


def reason_field(label: str, required_message: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required_message},
        **kwargs,
    )


def decision_fields() -> dict[str, forms.Field]:
    return {
        "decided_on": DateField(
            label="Date of the decision", required_message="Enter the date of the decision."
        ),
        "decision": forms.ModelChoiceField(
            queryset=GovernanceDecision.objects.order_by("-meeting_date", "item_number"),
            required=False,
            label="Governance decision (optional)",
            empty_label="Not recorded in this service",
            error_messages={"invalid_choice": "Choose a decision from the list."},
        ),
        "decision_reference": forms.CharField(
            label="Decision reference",
            required=False,
            max_length=200,
            help_text="As the council cites it, like “Cabinet 14/12/2021 item 7” or “DOD/2025/14”.",
        ),
    }


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field where the form has
    that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class OfficerForm(forms.Form):
    """A crispy GOV.UK form: subclasses add fields in ``add_fields()`` and
    lay them out in ``layout()``; the submit button comes last."""

    submit_label = "Save"
    submit = Button

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_fields()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout(), self.submit("submit", self.submit_label))

    def add_fields(self) -> None:
        """Fields that depend on the instance (added after the declared ones)."""

    def layout(self) -> list:
        return [Field(name) for name in self.fields]


# --- The contract ------------------------------------------------------------


def officer_choices():
    groups = [Role.OFFICER.group_name, Role.MANAGER.group_name]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=groups)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class ResponsibleOfficerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ContractForm(OfficerForm):
    reference = forms.CharField(
        max_length=50,
        help_text="The council's contract reference, like ASC-2024-017.",
        error_messages={"required": "Enter the contract reference."},
    )
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the title of the contract."}
    )
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Description (optional)"
    )
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.filter(archived_at__isnull=True).order_by("name"),
        empty_label="Choose a provider",
        error_messages={
            "required": "Choose the provider.",
            "invalid_choice": "Choose a provider from the list.",
        },
    )
    service_type = forms.ChoiceField(
        choices=[("", "Choose a service type"), *ServiceType.choices],
        error_messages={"required": "Choose the service type."},
    )
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.order_by("-start_date", "reference"),
        required=False,
        label="Framework (optional)",
        help_text="For a call-off under a framework agreement.",
        empty_label="Not under a framework",
    )
    procurement_route = forms.ChoiceField(
        choices=ProcurementRoute.choices, label="How it was let", initial=ProcurementRoute.TENDER
    )
    start_date = DateField(
        label="Start date", required_message="Enter the date the contract starts."
    )
    initial_term_months = whole_months(
        "Initial term (months)",
        required_message="Enter the initial term in months.",
        help_text="3 years is 36 months.",
    )
    extension_options = OptionMonthsField(
        required=False,
        label="Extension options (months, in order)",
        help_text=(
            "For example, “12, 12” for two options of a year each, or “24” for one option "
            "of up to 2 years. Leave empty if there are none."
        ),
    )
    notice_days = whole_months(
        "Notice period (days)",
        required_message="Enter the notice period in days, like 90.",
        min_value=0,
        max_value=730,
        initial=90,
        help_text="Days before the end by which the provider must be told if an option is used.",
    )
    procurement_lead_months = whole_months(
        "Time needed to re-procure (months)",
        required_message="Enter how many months a re-procurement takes, like 12.",
        max_value=60,
        initial=12,
    )
    annual_value = MoneyField(
        label="Annual value (£)",
        help_text="Pounds a year, like 14,400,000.",
        error_messages={"required": "Enter the annual value in pounds."},
    )
    irrecoverable_vat = MoneyField(
        label="Irrecoverable VAT a year (£)", required=False, initial=Decimal(0)
    )
    responsible_officer = ResponsibleOfficerField(
        queryset=officer_choices(), required=False, empty_label="Not assigned"
    )
    review_date = DateField(
        label="Review date (optional)", required=False, required_message="Enter the review date."
    )
    is_pilot = forms.BooleanField(required=False, label="This contract is a pilot scheme")
    draft = forms.BooleanField(
        required=False, label="Save as a draft: the contract is not yet in force"
    )

    def __init__(self, *args, contract=None, **kwargs):
        self.contract = contract
        if contract is not None:
            self.submit_label = "Save changes"
        super().__init__(*args, **kwargs)

    def add_fields(self):
        self.fields["responsible_officer"].queryset = officer_choices()
        if self.contract is None:
            return
        del self.fields["draft"]
        if self.contract.variations.filter(kind__in=EXTENDING_KINDS).exists():
            for name in ("start_date", "initial_term_months"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed once extensions are recorded."
        if self.contract.status != "draft":
            field = self.fields["annual_value"]
            field.disabled = True
            field.help_text = "To change the value of a contract in force, record a variation."

    def layout(self):
        management = ["responsible_officer", "review_date", "is_pilot"]
        if "draft" in self.fields:
            management.append("draft")
        return [
            Fieldset(
                Field.text("reference", field_width=20),
                Field.text("title"),
                Field.textarea("description", rows=3),
                Field.select("provider"),
                Field.select("service_type"),
                Field.select("framework"),
                Field.select("procurement_route"),
                legend="The contract",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("start_date"),
                Field.text("initial_term_months", field_width=3),
                Field.text("extension_options", field_width=10),
                Field.text("notice_days", field_width=3),
                Field.text("procurement_lead_months", field_width=3),
                legend="Term",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("annual_value", field_width=10),
                Field.text("irrecoverable_vat", field_width=10),
                legend="Value",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *[Field(name) for name in management],
                legend="Management",
                legend_size=Size.MEDIUM,
            ),
        ]

    @classmethod
    def initial_for(cls, contract) -> dict:
        names = [name for name in cls.base_fields if name not in ("extension_options", "draft")]
        initial = {name: getattr(contract, name) for name in names}
        initial["extension_options"] = [
            option.months for option in contract.extension_options.order_by("sequence")
        ]
        return initial

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["option_months"] = data.pop("extension_options")
        data["irrecoverable_vat"] = data.get("irrecoverable_vat") or Decimal(0)
        if self.contract is not None:
            data.pop("draft", None)
            for name, field in self.fields.items():
                if field.disabled:
                    data.pop(name, None)
        return data


class FundingForm(OfficerForm):
    """Up to a few funders and what each pays a year (seed 003: the council
    £14.4m and the NHS partner £1.7m)."""

    submit_label = "Save funders"

    def __init__(self, *args, rows: int = 4, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def add_fields(self):
        for number in range(1, self.rows + 1):
            self.fields[f"funder_{number}"] = forms.CharField(
                label="Funder", required=False, max_length=200
            )
            self.fields[f"amount_{number}"] = MoneyField(label="Pays a year (£)", required=False)

    def layout(self):
        return [
            Fieldset(
                Field.text(f"funder_{number}", field_width="two-thirds"),
                Field.text(f"amount_{number}", field_width=10),
                legend=f"Funder {number}",
                legend_size=Size.SMALL,
            )
            for number in range(1, self.rows + 1)
        ]

    @staticmethod
    def initial_for(funding) -> dict:
        initial = {}
        for number, row in enumerate(funding, start=1):
            initial[f"funder_{number}"] = row.funder
            initial[f"amount_{number}"] = row.annual_amount
        return initial

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.rows + 1):
            funder = (cleaned.get(f"funder_{number}") or "").strip()
            amount = cleaned.get(f"amount_{number}")
            if funder and amount is None and f"amount_{number}" not in self.errors:
                self.add_error(f"amount_{number}", f"Enter how much {funder} pays a year.")
            if amount is not None and not funder:
                self.add_error(f"funder_{number}", "Enter the name of the funder.")
        return cleaned

    def funding(self) -> list[tuple[str, Decimal]]:
        rows = []
        for number in range(1, self.rows + 1):
            funder = (self.cleaned_data.get(f"funder_{number}") or "").strip()
            if funder:
                rows.append((funder, self.cleaned_data[f"amount_{number}"]))
        return rows


# --- Options -----------------------------------------------------------------


class ExerciseOptionForm(OfficerForm):
    submit_label = "Exercise the option"

    def __init__(self, *args, option, **kwargs):
        self.option = option
        super().__init__(*args, **kwargs)

    def add_fields(self):
        left = self.option.months - self.option.months_used
        self.fields["months"] = whole_months(
            "How many months",
            required_message="Enter how many months of the option to use.",
            max_value=240,
            initial=left,
            help_text=f"Up to {left} months are left on this option.",
        )
        self.fields.update(decision_fields())
        self.fields["reason"] = forms.CharField(
            label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def layout(self):
        return [
            Field.text("months", field_width=3),
            Field("decided_on"),
            Field.select("decision"),
            Field.text("decision_reference"),
            Field.textarea("reason", rows=3),
        ]


class DeclineOptionForm(OfficerForm):
    submit_label = "Decline the option"
    submit = Button.warning

    def add_fields(self):
        fields = decision_fields()
        self.fields["decided_on"] = fields["decided_on"]
        self.fields["decision_reference"] = fields["decision_reference"]

    def layout(self):
        return [Field("decided_on"), Field.text("decision_reference")]


# --- Variations --------------------------------------------------------------


class VariationForm(OfficerForm):
    """The fields every variation has; each kind adds its own first."""

    reason_label = "Reason"
    reason_required = "Enter the reason."

    def add_fields(self):
        self.fields.update(self.make_kind_fields())
        self.fields["reason"] = reason_field(self.reason_label, self.reason_required)
        self.fields.update(decision_fields())

    def layout(self):
        return [
            *self.kind_layout(),
            Field.textarea("reason", rows=4),
            Field("decided_on"),
            Field.select("decision"),
            Field.text("decision_reference"),
        ]

    def make_kind_fields(self) -> dict[str, forms.Field]:
        return {}

    def kind_layout(self) -> list:
        return []


class WaiverForm(VariationForm):
    submit_label = "Record the waiver"
    reason_label = "Reason for the waiver"
    reason_required = "Enter the reason for the waiver, such as the rule it is made under."

    def make_kind_fields(self):
        return {
            "months": whole_months(
                "Extend by (months)",
                required_message="Enter how many months the waiver extends the contract.",
                max_value=60,
            )
        }

    def kind_layout(self):
        return [Field.text("months", field_width=3)]


class UntilAwardForm(VariationForm):
    submit_label = "Extend until the award"
    reason_label = "Reason for the extension"
    reason_required = "Enter the reason for extending the pilot until the award."

    def make_kind_fields(self):
        return {
            "procurement": forms.ModelChoiceField(
                queryset=Procurement.objects.exclude(
                    status__in=[
                        ProcurementStatus.AWARDED,
                        ProcurementStatus.MOBILISATION,
                        ProcurementStatus.COMPLETE,
                        ProcurementStatus.CANCELLED,
                    ]
                ).order_by("reference"),
                label="The procurement whose award ends the pilot",
                empty_label="Choose a procurement",
                error_messages={"required": "Choose the procurement whose award ends the pilot."},
            )
        }

    def kind_layout(self):
        return [Field.select("procurement")]


class ValueChangeForm(VariationForm):
    submit_label = "Record the change of value"
    reason_label = "Reason for the change"
    reason_required = "Enter the reason for the change of value, such as an annual uplift."

    def make_kind_fields(self):
        return {
            "new_annual_value": MoneyField(
                label="New annual value (£)",
                error_messages={"required": "Enter the new annual value in pounds."},
            )
        }

    def kind_layout(self):
        return [Field.text("new_annual_value", field_width=10)]


class ScopeChangeForm(VariationForm):
    submit_label = "Record the change of scope"
    reason_label = "What changes"
    reason_required = "Describe the change of scope."


class TerminationForm(VariationForm):
    submit_label = "Record the termination"
    reason_label = "Reason for the termination"
    reason_required = "Enter the reason for the termination."

    def make_kind_fields(self):
        return {
            "termination_date": DateField(
                label="The contract ends on", required_message="Enter the date the contract ends."
            )
        }

    def kind_layout(self):
        return [Field("termination_date")]
