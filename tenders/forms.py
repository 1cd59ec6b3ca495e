"""Forms of the procurement and framework pages, with messages for officers."""

from __future__ import annotations

from django import forms

from commissioning.common.choices import ServiceType
from providers.models import Provider
from providers.pages import GovukFormMixin, date_field, money_field
from tenders.models import (
    BidStatus,
    Framework,
    FrameworkTier,
    Procurement,
    ProcurementStatus,
    Regime,
)
from tenders.services.frameworks import FRAMEWORK_FIELDS
from tenders.services.procurements import ALLOWED_MOVES, PROCUREMENT_FIELDS

S = ProcurementStatus


def _marks_field(required=False):
    return forms.DecimalField(
        label="Quality marks",
        required=required,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        help_text="Leave empty until the evaluation panel has marked the bid.",
        error_messages={
            "invalid": "Enter the quality marks as a number, like 72.5",
            "min_value": "Quality marks cannot be negative",
        },
    )


def _whole_number(label: str, *, required=True, min_value=1, max_value=None, **kwargs):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a whole number",
            "min_value": f"The {label.lower()} must be at least {min_value}",
            "max_value": f"The {label.lower()} must be at most {max_value}",
        },
        **kwargs,
    )


class ProcurementForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save procurement"

    publication_date = date_field(
        "Publication date", required=False, help_text="The day the tender notice is published."
    )
    clarification_deadline = date_field("Clarification deadline", required=False)
    submission_deadline = date_field(
        "Submission deadline", required=False, help_text="Bids must arrive by this day."
    )
    evaluation_completed_on = date_field("Evaluation completed on", required=False)
    contract_signed_on = date_field(
        "Contract entered into on",
        required=False,
        help_text="The day the agreement was signed, after standstill. Starts the contract "
        "details notice period under the Procurement Act 2023.",
    )
    contract_start_date = date_field("Contract start date", required=False)
    estimated_annual_value = money_field("Estimated annual value", required=False)
    quality_weight = _whole_number("Quality weighting", min_value=0, max_value=100)
    price_weight = _whole_number("Price weighting", min_value=0, max_value=100)
    quality_max_marks = forms.DecimalField(
        label="Maximum quality marks",
        min_value=1,
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the maximum quality marks",
            "min_value": "The maximum quality marks must be at least 1",
        },
    )

    class Meta:
        model = Procurement
        fields = PROCUREMENT_FIELDS
        widgets = {
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "regime": forms.RadioSelect,
        }
        labels = {
            "light_touch": "Light-touch contract (care services)",
            "apply_standstill": "Apply a standstill period",
            "framework": "Framework it establishes or refreshes",
            "authorised_by": "Decision that authorised it",
        }
        help_texts = {
            "reference": "For example, ASC-2026-014.",
            "apply_standstill": "Mandatory unless light-touch; may be applied voluntarily.",
            "authorised_by": "For example, Cabinet 26/05/2021, Item 79.",
        }
        error_messages = {
            "reference": {"required": "Enter the procurement reference"},
            "title": {"required": "Enter the title"},
            "service_type": {"required": "Choose the service being procured"},
            "regime": {"required": "Choose the procurement regime"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regime"].choices = Regime.choices
        self.fields["framework"].queryset = Framework.objects.order_by("-start_date")
        self.fields["framework"].empty_label = "None"
        if self.instance.pk and self.instance.status not in (S.PLANNING, S.MARKET_ENGAGEMENT):
            for name in (
                "regime",
                "light_touch",
                "apply_standstill",
                "quality_weight",
                "price_weight",
                "quality_max_marks",
                "service_type",
            ):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed once the tender was published."

    def clean(self):
        cleaned = super().clean()
        quality, price = cleaned.get("quality_weight"), cleaned.get("price_weight")
        if quality is not None and price is not None and quality + price != 100:
            self.add_error(
                "price_weight",
                f"The quality and price weightings must add up to 100: they add up to "
                f"{quality + price}.",
            )
        if not cleaned.get("light_touch") and not cleaned.get("apply_standstill"):
            self.add_error(
                "apply_standstill",
                "A standstill period is mandatory unless the contract is light-touch.",
            )
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service, whose messages reach the
        # form through ServiceFormView; checking twice would show them twice.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROCUREMENT_FIELDS}


class TransitionForm(GovukFormMixin, forms.Form):
    submit_label = "Change status"

    status = forms.ChoiceField(
        label="Move the procurement to",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status"},
    )
    reason = forms.CharField(
        label="Reason for cancelling",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only needed when cancelling.",
    )

    def __init__(self, *args, procurement: Procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, S(status).label) for status in ALLOWED_MOVES[procurement.status]
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == S.CANCELLED and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give the reason for cancelling the procurement")
        return cleaned


class AwardForm(GovukFormMixin, forms.Form):
    submit_label = "Award the contracts"

    decision_date = date_field(
        "Date of the award decision",
        help_text="The day the award decision is sent (PCR 2015) or the contract award notice "
        "is published (Procurement Act 2023). For example, 19/12/2025",
    )


class LotForm(GovukFormMixin, forms.Form):
    submit_label = "Add lot"

    number = _whole_number("Lot number")
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the lot's title"}
    )
    service_type = forms.ChoiceField(label="Service", choices=ServiceType.choices)
    max_awards = _whole_number(
        "Maximum number of awards", help_text="How many of the top-ranked bids win this lot."
    )
    tier = forms.ModelChoiceField(
        label="Framework tier its winners join",
        queryset=FrameworkTier.objects.none(),
        required=False,
        empty_label="None",
    )

    def __init__(self, *args, procurement: Procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].initial = procurement.service_type
        if procurement.framework_id:
            self.fields["tier"].queryset = procurement.framework.tiers.order_by("priority", "name")
        else:
            self.fields["tier"].help_text = "Link the procurement to a framework to choose a tier."


class BidForm(GovukFormMixin, forms.Form):
    submit_label = "Record bid"

    provider = forms.ModelChoiceField(
        label="Bidder",
        queryset=Provider.objects.filter(archived_at__isnull=True).order_by("name"),
        error_messages={"required": "Choose the provider that bid"},
    )
    price = money_field("Price per hour", min_value=None)
    quality_marks = _marks_field()
    status = forms.ChoiceField(
        label="Status",
        choices=BidStatus.choices,
        widget=forms.RadioSelect,
        initial=BidStatus.SUBMITTED,
    )
    moderation_notes = forms.CharField(
        label="Moderation notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price is not None and price <= 0:
            raise forms.ValidationError("Enter a price per hour above £0")
        return price


class BidUpdateForm(BidForm):
    submit_label = "Save bid"

    provider = None

    def __init__(self, *args, price_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if price_fixed:
            self.fields["price"].disabled = True
            self.fields["price"].help_text = "Fixed at the submission deadline."


class NoticeForm(GovukFormMixin, forms.Form):
    submit_label = "Save"

    published_on = date_field(
        "Published on", required=False, help_text="Leave empty if it has not been published yet."
    )


class FrameworkForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save framework"

    start_date = date_field("Start date")
    initial_term_months = _whole_number("Initial term in months")
    option_months = forms.CharField(
        label="Extension options in months",
        required=False,
        help_text="In order, separated by commas: 12, 12 for two options of up to 12 months.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    notice_days = _whole_number("Decision notice in days", min_value=0)
    procurement_lead_months = _whole_number("Re-procurement lead time in months", min_value=0)

    class Meta:
        model = Framework
        fields = FRAMEWORK_FIELDS
        widgets = {
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "term_justification": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"term_justification": "Why a term beyond 4 years is justified"}
        help_texts = {
            "reference": "For example, HCS-2024.",
            "term_justification": (
                "Only needed when the initial term and options add up to more than 4 years "
                "for a framework procured under PCR 2015 or a non-light-touch one under the "
                "Procurement Act 2023."
            ),
        }
        error_messages = {
            "reference": {"required": "Enter the framework reference"},
            "name": {"required": "Enter the framework's name"},
        }

    field_order = (
        "reference",
        "name",
        "service_type",
        "start_date",
        "initial_term_months",
        "option_months",
        "notice_days",
        "procurement_lead_months",
        "term_justification",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["option_months"].initial = ", ".join(
                str(o.months) for o in self.instance.extension_options.order_by("sequence")
            )

    def clean_option_months(self):
        text = self.cleaned_data["option_months"].replace(" ", "")
        if not text:
            return []
        try:
            months = [int(part) for part in text.split(",") if part]
        except ValueError:
            raise forms.ValidationError(
                "Enter each option as a number of months, separated by commas, like 12, 12"
            ) from None
        if any(m < 1 for m in months):
            raise forms.ValidationError("Each option is at least 1 month")
        return months

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in FRAMEWORK_FIELDS}


class TierForm(GovukFormMixin, forms.Form):
    submit_label = "Add tier"

    name = forms.CharField(
        label="Name", max_length=100, error_messages={"required": "Enter the tier's name"}
    )
    priority = _whole_number("Priority", help_text="1 is offered work first.")
    service_type = forms.ChoiceField(label="Service", choices=ServiceType.choices)
    lot_group = forms.CharField(
        label="Work it competes for",
        max_length=50,
        required=False,
        help_text="Tiers for the same work (like Tier 1 and Tier 2 of home care) share this; "
        "a provider can be on only one of them. Leave empty to use the service's name.",
    )


class MemberForm(GovukFormMixin, forms.Form):
    submit_label = "Add provider"

    tier = forms.ModelChoiceField(
        label="Tier",
        queryset=FrameworkTier.objects.none(),
        error_messages={"required": "Choose the tier"},
    )
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Provider.objects.filter(archived_at__isnull=True).order_by("name"),
        error_messages={"required": "Choose the provider"},
    )
    rank = _whole_number(
        "Rank in the tier", required=False, help_text="Leave empty to add it last."
    )
    joined_on = date_field("Joined on")

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = framework.tiers.order_by("priority", "name")


class MemberLeaveForm(GovukFormMixin, forms.Form):
    submit_label = "Record leaving"

    left_on = date_field("Left on")


class OptionExerciseForm(GovukFormMixin, forms.Form):
    submit_label = "Exercise option"

    months = _whole_number(
        "Months to exercise", required=False, help_text="Leave empty to use all that is left."
    )
    decided_on = date_field("Date of the decision")
    decision_reference = forms.CharField(
        label="Decision reference",
        max_length=200,
        required=False,
        help_text="For example, Cabinet 14/09/2021, Item 6.",
    )


class OptionDeclineForm(GovukFormMixin, forms.Form):
    submit_label = "Decline option"

    decided_on = date_field("Date of the decision")
    decision_reference = forms.CharField(label="Decision reference", max_length=200, required=False)
