"""The quarter chooser of the Transparency Code register page."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from commissioning.common.dates import financial_year, financial_year_label
from commissioning.exports.transparency import Quarter

QUARTER_CHOICES = [
    (1, "Q1: April to June"),
    (2, "Q2: July to September"),
    (3, "Q3: October to December"),
    (4, "Q4: January to March"),
]
# Financial years offered: this one and the ones before it.
YEARS_OFFERED = 8


class QuarterForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={"invalid_choice": "Choose a financial year from the list."},
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        choices=QUARTER_CHOICES,
        error_messages={"invalid_choice": "Choose a quarter from the list."},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        current = financial_year(today)
        self.fields["year"].choices = [
            (year, financial_year_label(year))
            for year in range(current, current - YEARS_OFFERED, -1)
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("year"), Field.select("quarter"), Button("show", "Show quarter")
        )

    def chosen(self) -> Quarter:
        return Quarter(self.cleaned_data["year"], self.cleaned_data["quarter"])
