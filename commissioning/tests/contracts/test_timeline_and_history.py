"""The timeline's periods and key dates, their place on the SVG, and the
history officers read."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from commissioning.common.audit import acting_as
from commissioning.selectors.contracts import (
    contract_detail_queryset,
    contract_history,
    contract_timeline,
)
from commissioning.services.contracts import (
    contract_decline_option,
    contract_exercise_option,
    contract_terminate,
)
from commissioning.tests.contracts.factories import ContractFactory
from commissioning.views.contract_timeline import WIDTH, legend, timeline_chart

pytestmark = pytest.mark.django_db
D = dt.date


def detail(contract):
    return contract_detail_queryset().get(pk=contract.pk)


def periods(timeline):
    return [(p.kind, p.label, p.start, p.end) for p in timeline.periods]


def test_timeline_of_remaining_options_uses_the_term_calculator():
    contract = ContractFactory(
        start_date=D(2024, 4, 1), initial_term_months=36, option_months=[12, 12]
    )
    timeline = contract_timeline(detail(contract), today=D(2026, 11, 22))
    assert periods(timeline) == [
        ("initial", "Initial term", D(2024, 4, 1), D(2027, 3, 31)),
        ("remaining", "Option 1: 12 months not yet used", D(2027, 4, 1), D(2028, 3, 31)),
        ("remaining", "Option 2: 12 months not yet used", D(2028, 4, 1), D(2029, 3, 31)),
    ]
    assert [(m.kind, m.date) for m in timeline.milestones] == [
        ("today", D(2026, 11, 22)),
        ("deadline", D(2026, 12, 31)),
        ("deadline", D(2028, 1, 1)),
        ("reprocurement", D(2028, 3, 31)),
        ("max_end", D(2029, 3, 31)),
    ]


def test_timeline_after_partial_use_and_decline():
    contract = ContractFactory(
        start_date=D(2024, 4, 1), initial_term_months=36, option_months=[12, 12]
    )
    first = contract.extension_options.get(sequence=1)
    contract_exercise_option(
        contract=contract, option=first, months=4, decided_on=D(2026, 6, 1), today=D(2026, 6, 1)
    )
    contract_decline_option(
        contract=contract, option=first, decided_on=D(2026, 6, 2), today=D(2026, 6, 2)
    )
    timeline = contract_timeline(detail(contract), today=D(2026, 6, 2))
    assert periods(timeline) == [
        ("initial", "Initial term", D(2024, 4, 1), D(2027, 3, 31)),
        ("exercised", "Option 1 used: 4 months", D(2027, 4, 1), D(2027, 7, 31)),
        ("unused", "Options declined or lapsed", D(2027, 8, 1), D(2029, 3, 31)),
    ]


def test_timeline_of_a_terminated_contract_stops_at_the_termination():
    contract = ContractFactory(start_date=D(2024, 4, 1), initial_term_months=36, option_months=[12])
    contract_terminate(
        contract=contract,
        termination_date=D(2025, 9, 30),
        reason="Handed back",
        decided_on=D(2025, 6, 30),
        today=D(2025, 7, 1),
    )
    timeline = contract_timeline(detail(contract), today=D(2025, 7, 1))
    assert periods(timeline) == [("initial", "Initial term", D(2024, 4, 1), D(2025, 9, 30))]
    assert ("terminated", D(2025, 9, 30)) in [(m.kind, m.date) for m in timeline.milestones]


def test_chart_places_days_in_proportion_and_keeps_labels_apart():
    contract = ContractFactory(
        start_date=D(2024, 4, 1), initial_term_months=36, option_months=[12, 12]
    )
    timeline = contract_timeline(detail(contract), today=D(2026, 12, 20))
    chart = timeline_chart(timeline)
    initial, first, second = chart.bars
    # The axis runs from 1 Jan 2024 to 31 Dec 2029; bars meet end to start.
    assert initial.x > chart.ticks[0].x
    assert abs(initial.x + initial.width - first.x) < 0.2
    assert abs(first.x + first.width - second.x) < 0.2
    assert 0 < second.x + second.width <= WIDTH
    # "Today" (20 Dec) and option 1's deadline (31 Dec) are too close to
    # share a row of labels.
    today, deadline = chart.markers[0], chart.markers[1]
    assert today.label == "Today 20 Dec 2026"
    assert deadline.label == "Option 1 decision due 31 Dec 2026"
    assert today.label_y != deadline.label_y
    assert legend(chart) == [
        ("initial", "Initial term"),
        ("remaining", "Extension option not yet used"),
    ]


def test_history_says_who_changed_what():
    user = get_user_model().objects.create(username="priya", first_name="Priya", last_name="Shah")
    with acting_as(user):
        contract = ContractFactory(
            start_date=D(2024, 4, 1), initial_term_months=36, option_months=[12]
        )
        contract_exercise_option(
            contract=contract,
            option=contract.extension_options.get(),
            decided_on=D(2026, 6, 1),
            today=D(2026, 6, 1),
        )
    entries = contract_history(contract)
    assert {entry.who for entry in entries} == {"Priya Shah"}
    changed = next(entry for entry in entries if entry.what == "Contract changed")
    changes = {change.field: (change.old, change.new) for change in changed.changes}
    assert changes["Current end date"] == ("31 March 2027", "31 March 2028")
    assert changes["Status"] == ("Active", "Extended")
    assert any(entry.what == "Variation (extension option exercised) added" for entry in entries)


def test_admin_shows_contracts_read_only(admin_client):
    contract = ContractFactory()
    response = admin_client.get(reverse("admin:commissioning_contract_change", args=[contract.pk]))
    assert response.status_code == 200
    assert admin_client.get(reverse("admin:commissioning_contract_add")).status_code == 403
    changelist = admin_client.get(reverse("admin:commissioning_governancedecision_changelist"))
    assert changelist.status_code == 200
