"""Seed 004's IDC framework, day by day through its whole life, with the
daily check run at 06:00 each day (time-machine): every alert is raised on
the exact day worked out here by hand, and no other day."""

import datetime as dt

import pytest
import time_machine

from commissioning.models import Alert, AlertKind
from commissioning.services.alerts.actions import alert_acknowledge
from commissioning.tests.alerts import builders
from commissioning.tests.alerts.conftest import at_six

D = dt.date
EXPIRY, DECISION, REPROCUREMENT = (
    AlertKind.CONTRACT_EXPIRY,
    AlertKind.EXTENSION_DECISION_DUE,
    AlertKind.REPROCUREMENT_DUE,
)

# Seed 004: IDC framework from 1 January 2018 for 24 months (to 31 December
# 2019) with an option of up to 24 months, 90 days' notice and 12 months to
# re-procure.
#   Decision deadline: 31 Dec 2019 - 90 days = 2 Oct 2019
#     (Oct 2 -> Sep 2 is 30 days, -> Aug 3 is 60, -> Jul 4 is 90).
#   Final end date with the option: 31 Dec 2021; re-procure by 31 Dec 2020.
# 30 Sep 2019: the option is exercised in full (ends 31 Dec 2021; no option left).
# Re-procurement is not started by 31 Dec 2020 (the seed's waiver "is what
# happens when this date is missed"): monthly reminders from then on.
# 19 Oct 2021 (Cabinet, after that day's run): the new procurement is approved
# and linked, and a waiver extends the framework 3 months to 31 Mar 2022.
EXPECTED = [
    # (raised on, kind, lead, due date)
    (D(2019, 7, 4), DECISION, "90d", D(2019, 10, 2)),
    (D(2019, 8, 3), DECISION, "60d", D(2019, 10, 2)),
    (D(2019, 9, 2), DECISION, "30d", D(2019, 10, 2)),
    (D(2019, 9, 25), DECISION, "7d", D(2019, 10, 2)),
    # 12 months before 31 Dec 2021, and the start-by date itself.
    (D(2020, 12, 31), EXPIRY, "12m", D(2021, 12, 31)),
    (D(2020, 12, 31), REPROCUREMENT, "0d", D(2020, 12, 31)),
    # Monthly from the start-by date, clipped to each month's end.
    (D(2021, 1, 31), REPROCUREMENT, "+1m", D(2020, 12, 31)),
    (D(2021, 2, 28), REPROCUREMENT, "+2m", D(2020, 12, 31)),
    (D(2021, 3, 31), REPROCUREMENT, "+3m", D(2020, 12, 31)),
    (D(2021, 4, 30), REPROCUREMENT, "+4m", D(2020, 12, 31)),
    (D(2021, 5, 31), REPROCUREMENT, "+5m", D(2020, 12, 31)),
    (D(2021, 6, 30), EXPIRY, "6m", D(2021, 12, 31)),
    (D(2021, 6, 30), REPROCUREMENT, "+6m", D(2020, 12, 31)),
    (D(2021, 7, 31), REPROCUREMENT, "+7m", D(2020, 12, 31)),
    (D(2021, 8, 31), REPROCUREMENT, "+8m", D(2020, 12, 31)),
    (D(2021, 9, 30), EXPIRY, "3m", D(2021, 12, 31)),
    (D(2021, 9, 30), REPROCUREMENT, "+9m", D(2020, 12, 31)),
    # The waiver moves the end to 31 Mar 2022: a new due date. Its 6-month
    # stage (30 Sep 2021) has passed, so it is raised at the next run.
    (D(2021, 10, 20), EXPIRY, "6m", D(2022, 3, 31)),
    (D(2021, 12, 31), EXPIRY, "3m", D(2022, 3, 31)),
    (D(2022, 2, 28), EXPIRY, "1m", D(2022, 3, 31)),
]


@pytest.mark.django_db
def test_idc_framework_alerts_are_raised_on_the_exact_days_of_its_life(
    priya, gareth, run_checks, mailoutbox
):
    with time_machine.travel(at_six(D(2018, 1, 1)), tick=False) as traveller:
        idc = builders.contract(officer=priya)
        assert (idc.current_end_date, idc.next_decision_deadline) == (
            D(2019, 12, 31),
            D(2019, 10, 2),
        )
        after_the_run = {
            D(2019, 9, 26): lambda: alert_acknowledge(
                alert=Alert.objects.get(lead="7d"),
                user=priya,
                note="Exercising the option: the decision is with the Corporate Director.",
            ),
            D(2019, 9, 30): lambda: builders.exercise(idc, 1, 24, D(2019, 9, 30)),
            D(2021, 10, 19): lambda: _cabinet_19_october_2021(idc),
        }
        for day in _run_days(after_the_run):
            traveller.move_to(at_six(day))
            run_checks()
            if day in after_the_run:
                after_the_run[day]()

    raised = list(
        Alert.objects.order_by("raised_on", "kind").values_list(
            "raised_on", "kind", "lead", "due_date"
        )
    )
    assert raised == sorted(EXPECTED, key=lambda row: (row[0], row[1]))

    # Everything went to the responsible officer, one digest a day: 17 days
    # with alerts (two days raised two each).
    to_priya = [m for m in mailoutbox if m.to == [priya.email]]
    assert len(to_priya) == len({row[0] for row in EXPECTED}) == 17
    assert all(alert.sent_at is not None for alert in Alert.objects.all())

    # Unacknowledged alerts went to the manager 14 days after they were raised.
    escalated = dict(Alert.objects.values_list("raised_on", "escalated_on").filter(lead="90d"))
    assert escalated == {D(2019, 7, 4): D(2019, 7, 18)}
    for alert in Alert.objects.all():
        if alert.lead == "7d":
            assert alert.escalated_on is None  # acknowledged the day after it was raised
        else:
            assert alert.escalated_on == alert.raised_on + dt.timedelta(days=14)
    to_gareth = [m for m in mailoutbox if m.to == [gareth.email]]
    assert len(to_gareth) == 16  # the escalation days: 17 raise days less 25 Sep 2019


def _run_days(events) -> list[dt.date]:
    """Every Monday of the life (1 Jan 2018 to 30 Apr 2022), plus each day an
    alert or escalation is expected, the day before it, and each event day.

    A run raises whatever has become due since the run before it, so an
    alert due on any day other than those expected here would appear at the
    next run with another date and fail the comparison: the Mondays pin the
    days in between (weekly is well inside the 31-day late window), and the
    day before each expected day shows nothing is raised early."""
    first, last = D(2018, 1, 1), D(2022, 4, 30)
    pinned = {day for day, *_ in EXPECTED}
    pinned |= {day + dt.timedelta(days=14) for day in pinned}
    pinned |= {day - dt.timedelta(days=1) for day in pinned} | set(events)
    mondays = {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}
    return sorted(pinned | {day for day in mondays if day.weekday() == 0})


def _cabinet_19_october_2021(idc):
    idc.replacement_procurement = builders.procurement()
    idc.save(update_fields=["replacement_procurement"])
    builders.waive(idc, 3, D(2021, 10, 19), "Contract Procedure Rules waiver, Rule 3.2.9.3")
