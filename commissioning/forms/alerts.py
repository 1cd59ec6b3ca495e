"""The inbox filters, the acknowledgement form and alert preferences."""

from __future__ import annotations

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.http import QueryDict

from commissioning.models import AlertKind
from commissioning.selectors.alerts import AlertStatus, with_status
from commissioning.services.alerts.actions import NOTE_MAX_LENGTH

FOR_ME = "me"
FOR_EVERYONE = "everyone"


class AlertFilterSet(django_filters.FilterSet):
    """Open alerts for the signed-in user unless asked otherwise."""

    kind = django_filters.ChoiceFilter(
        label="Kind", choices=AlertKind.choices, empty_label="All kinds"
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=AlertStatus.CHOICES,
        empty_label="Any status",
        method="filter_status",
    )
    audience = django_filters.ChoiceFilter(
        label="Alerts for",
        choices=[(FOR_ME, "Me"), (FOR_EVERYONE, "Everyone")],
        empty_label=None,
        method="filter_audience",
    )
    defaults = {"status": AlertStatus.OPEN, "audience": FOR_ME}

    def __init__(self, data=None, *args, **kwargs):
        if not data or not any(name in data for name in ("kind", "status", "audience")):
            data = QueryDict(mutable=True) if data is None else data.copy()
            data.update(self.defaults)
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return with_status(queryset, value)

    def filter_audience(self, queryset, name, value):
        if value == FOR_EVERYONE:
            return queryset
        return queryset.filter(for_me=True)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What have you done, or will you do, about it?",
        help_text="Your note is kept on the alert for the team and for managers.",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter a note saying what you have done or will do about this alert.",
            "max_length": f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form has its token
        self.helper.label_size = Size.MEDIUM
        self.helper.layout = Layout(Field.textarea("note"), Button("acknowledge", "Acknowledge"))


class AlertPreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(
        label="Email me a daily digest of new alerts",
        required=False,
        help_text="Alerts always show here in the app, whatever you choose.",
    )
    contract_expiry_lead_months = forms.CharField(
        label="Months before a contract ends",
        required=False,
        max_length=40,
    )
    extension_decision_lead_days = forms.CharField(
        label="Days before an extension decision is due",
        required=False,
        max_length=40,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = ", ".join(str(value) for value in settings.ALERTS_CONTRACT_EXPIRY_MONTHS)
        days = ", ".join(str(value) for value in settings.ALERTS_EXTENSION_DECISION_DAYS)
        self.fields[
            "contract_expiry_lead_months"
        ].help_text = (
            f"Numbers of months, separated by commas. Leave empty for the council's: {months}."
        )
        self.fields[
            "extension_decision_lead_days"
        ].help_text = (
            f"Numbers of days, separated by commas. Leave empty for the council's: {days}."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form has its token
        self.helper.layout = Layout(
            Fieldset(
                Field.checkbox("email_enabled"),
                legend="Email",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("contract_expiry_lead_months", field_width=10),
                Field.text("extension_decision_lead_days", field_width=10),
                legend="When to alert you",
                legend_size=Size.MEDIUM,
            ),
            Button("save", "Save preferences"),
        )
