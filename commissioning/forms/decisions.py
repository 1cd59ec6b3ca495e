"""The governance decision form: resolutions, reasons and rejected options in
the words of the minutes, and the records the decision concerns."""

from __future__ import annotations

import re

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from commissioning.forms.contracts import DateField, OfficerForm
from commissioning.models import Contract, DecisionBody
from tenders.models import Framework, Procurement


def split_paragraphs(text: str) -> list[str]:
    """Resolutions are separated by a blank line; a line on its own may wrap."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]


class ReferencesField(forms.CharField):
    """References of records, separated by commas: "IDC-2018, HCS-2020"."""

    def __init__(self, *, model, label: str, **kwargs):
        self.model = model
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Separate references with commas.")
        super().__init__(label=label, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        references = [part.strip() for part in re.split(r"[,\n]+", text or "") if part.strip()]
        query = Q()
        for reference in references:
            query |= Q(reference__iexact=reference)
        found = {}
        if references:
            found = {
                record.reference.lower(): record for record in self.model.objects.filter(query)
            }
        missing = [reference for reference in references if reference.lower() not in found]
        if missing:
            noun = self.model._meta.verbose_name
            raise ValidationError(
                f"There is no {noun} with the reference {', '.join(missing)}. "
                "Check the reference, or leave it out."
            )
        return list({record.pk: record for record in found.values()}.values())

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(getattr(record, "reference", str(record)) for record in value)
        return value


class DecisionForm(OfficerForm):
    submit_label = "Save the decision"

    body = forms.ChoiceField(
        choices=DecisionBody.choices,
        widget=forms.RadioSelect,
        label="Who decided",
        error_messages={"required": "Choose who made the decision."},
    )
    meeting_date = DateField(
        label="Date of the meeting or decision",
        required_message="Enter the date of the meeting or decision.",
    )
    item_number = forms.CharField(
        label="Item number (optional)", required=False, max_length=20, help_text="For example, 111."
    )
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the title of the item."}
    )
    report_of = forms.CharField(
        label="Report of (optional)",
        required=False,
        max_length=300,
        help_text="For example, the Cabinet Member for Adult Social Care.",
    )
    purpose = forms.CharField(
        label="What the report proposed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    resolutions = forms.CharField(
        label="Resolutions",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="In the words of the minutes, in order. Leave a blank line between resolutions.",
        error_messages={"required": "Enter at least one resolution, in the words of the minutes."},
    )
    reasons = forms.CharField(
        label="Reasons for the decision (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Start a line with “- ” to show it as a bullet point.",
    )
    delegated_authority = forms.CharField(
        label="Delegated authority (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who may act on the decision, and in consultation with whom.",
    )
    contracts = ReferencesField(model=Contract, label="Contracts (optional)")
    procurements = ReferencesField(model=Procurement, label="Procurements (optional)")
    frameworks = ReferencesField(model=Framework, label="Frameworks (optional)")

    def __init__(self, *args, rejected_rows: int = 3, **kwargs):
        self.rejected_rows = rejected_rows
        super().__init__(*args, **kwargs)

    def add_fields(self):
        for number in range(1, self.rejected_rows + 1):
            self.fields[f"rejected_{number}"] = forms.CharField(
                label="Option", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"why_rejected_{number}"] = forms.CharField(
                label="Why it was rejected",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def layout(self):
        return [
            Fieldset(
                Field.radios("body", legend_size="s"),
                Field("meeting_date"),
                Field.text("item_number", field_width=5),
                Field.text("title"),
                Field.text("report_of"),
                legend="The meeting",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("purpose", rows=4),
                Field.textarea("resolutions", rows=8),
                Field.textarea("reasons", rows=6),
                Field.textarea("delegated_authority", rows=3),
                legend="The decision",
                legend_size=Size.MEDIUM,
            ),
            *[
                Fieldset(
                    Field.textarea(f"rejected_{number}", rows=2),
                    Field.textarea(f"why_rejected_{number}", rows=2),
                    legend=f"Other option considered and rejected ({number})",
                    legend_size=Size.SMALL,
                )
                for number in range(1, self.rejected_rows + 1)
            ],
            Fieldset(
                Field.text("contracts"),
                Field.text("procurements"),
                Field.text("frameworks"),
                legend="What it concerns",
                legend_size=Size.MEDIUM,
            ),
        ]

    @classmethod
    def initial_for(cls, decision) -> dict:
        initial = {
            name: getattr(decision, name)
            for name in (
                "body",
                "meeting_date",
                "item_number",
                "title",
                "report_of",
                "purpose",
                "reasons",
                "delegated_authority",
            )
        }
        initial["resolutions"] = "\n\n".join(r.text for r in decision.resolutions.all())
        for number, option in enumerate(decision.rejected_options.all(), start=1):
            initial[f"rejected_{number}"] = option.option
            initial[f"why_rejected_{number}"] = option.why_rejected
        initial["contracts"] = list(decision.contracts.all())
        initial["procurements"] = list(decision.procurements.all())
        initial["frameworks"] = list(decision.frameworks.all())
        return initial

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.rejected_rows + 1):
            option = (cleaned.get(f"rejected_{number}") or "").strip()
            why = (cleaned.get(f"why_rejected_{number}") or "").strip()
            if option and not why:
                self.add_error(f"why_rejected_{number}", "Enter why this option was rejected.")
            if why and not option:
                self.add_error(f"rejected_{number}", "Enter the option that was rejected.")
        return cleaned

    def service_arguments(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "body",
                "meeting_date",
                "item_number",
                "title",
                "report_of",
                "purpose",
                "reasons",
                "delegated_authority",
                "contracts",
                "procurements",
                "frameworks",
            )
        }
        data["resolutions"] = split_paragraphs(self.cleaned_data["resolutions"])
        data["rejected_options"] = [
            (self.cleaned_data[f"rejected_{n}"], self.cleaned_data[f"why_rejected_{n}"])
            for n in range(1, self.rejected_rows + 1)
        ]
        return data
