"""The register, the forward plan, a contract's page and the forms."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.common.choices import ServiceType
from commissioning.common.dates import months_after, months_before
from commissioning.common.terms import OptionStatus
from commissioning.models import Contract, ContractStatus, VariationKind
from commissioning.roles import Role
from commissioning.services.contracts import (
    contract_change_scope,
    contract_extend_by_waiver,
    contract_extend_until_award,
)
from commissioning.testing.roles import assert_role_access
from commissioning.tests.contracts.factories import (
    ContractFactory,
    DecisionFactory,
    seed_004_contract,
)
from providers.tests.factories import ProviderFactory
from tenders.models import Procurement, ProcurementStatus, Regime

pytestmark = pytest.mark.django_db
D = dt.date
EVERYONE = set(Role)
STAFF = {Role.OFFICER, Role.MANAGER}


def today():
    return timezone.localdate()


def first_of_month(day):
    return day.replace(day=1)


def contract_ending_in(months: int, **kwargs):
    """A 12-month contract whose current end is about ``months`` from today."""
    start = first_of_month(months_before(today(), 12 - months))
    return ContractFactory(start_date=start, initial_term_months=12, **kwargs)


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def date_parts(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


# --- The register ----------------------------------------------------------


def test_register_lists_current_contracts_soonest_end_first(officer_client):
    later = contract_ending_in(10, title="Night sitting service")
    sooner = contract_ending_in(2, title="Rapid response home care")
    ended = ContractFactory(start_date=D(2019, 4, 1), initial_term_months=12, title="Old contract")
    html = page(officer_client, reverse("contracts:list"))
    assert html.index(sooner.reference) < html.index(later.reference)
    assert ended.reference not in html
    # Everything, ended included, when asked.
    assert ended.reference in page(officer_client, reverse("contracts:list"), status="all")


def test_register_filters(officer_client):
    home_care = contract_ending_in(2, service_type=ServiceType.HOME_CARE)
    reablement = contract_ending_in(20, service_type=ServiceType.REABLEMENT)
    url = reverse("contracts:list")
    html = page(officer_client, url, service_type="reablement")
    assert reablement.reference in html
    assert home_care.reference not in html
    html = page(officer_client, url, ending_within=6)
    assert home_care.reference in html
    assert reablement.reference not in html
    html = page(officer_client, url, provider=reablement.provider_id)
    assert reablement.reference in html
    assert home_care.reference not in html
    html = page(officer_client, url, q=home_care.title)
    assert home_care.reference in html
    assert reablement.reference not in html


def test_register_filters_decisions_due_and_beyond_maximum(officer_client):
    # Option 1 of this contract is due 90 days before its end, about 2 months away.
    due = contract_ending_in(5, option_months=[12])
    not_due = contract_ending_in(20, option_months=[12])
    waived = contract_ending_in(3)
    contract_extend_by_waiver(
        contract=waived, months=6, reason="CPR waiver", decided_on=today(), decision_reference="X"
    )
    url = reverse("contracts:list")
    html = page(officer_client, url, decision_due_within=90)
    assert due.reference in html
    assert not_due.reference not in html
    html = page(officer_client, url, beyond_max_extent="on")
    assert waived.reference in html
    assert due.reference not in html
    assert "Beyond maximum extent" in html


def test_register_totals_by_funder_cover_the_filtered_rows(officer_client):
    contract_ending_in(
        6,
        annual_value=Decimal("16100000"),
        funding=[
            ("Eastshire County Council", Decimal("14400000")),
            ("Eastshire Clinical Commissioning Group", Decimal("1700000")),
        ],
    )
    contract_ending_in(
        7,
        annual_value=Decimal("500000"),
        funding=[("Eastshire County Council", Decimal("400000"))],
    )
    html = page(officer_client, reverse("contracts:list"))
    text = re.sub(r"\s+", " ", html)
    assert "2 contracts, £16,600,000 a year" in text
    assert re.search(r"Eastshire County Council</th>.*?2</td>.*?£14,800,000", text)
    assert re.search(r"Clinical Commissioning Group</th>.*?1</td>.*?£1,700,000", text)
    assert re.search(r"Not assigned to a funder</th>.*?£100,000", text)


def test_register_query_count_does_not_grow_with_rows(
    officer_client, django_assert_max_num_queries
):
    for months in range(2):
        contract_ending_in(months + 1, option_months=[12], funding=[("Council", Decimal(1))])
    url = reverse("contracts:list")
    with django_assert_max_num_queries(20) as few:
        page(officer_client, url)
    for months in range(58):
        contract_ending_in(months % 30 + 1, option_months=[12], funding=[("Council", Decimal(1))])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(officer_client, url)
    assert "60 contracts" in html


def test_pilot_awaiting_award_shows_as_such_in_the_register(officer_client):
    procurement = Procurement.objects.create(
        reference="REA-T",
        title="Reablement at Home",
        service_type=ServiceType.REABLEMENT,
        regime=Regime.PA2023,
        status=ProcurementStatus.OPEN,
    )
    pilot = contract_ending_in(2, is_pilot=True, service_type=ServiceType.REABLEMENT)
    contract_extend_until_award(
        contract=pilot,
        procurement=procurement,
        reason="Until the new service is commissioned",
        decided_on=today(),
        decision_reference="Cabinet",
    )
    html = re.sub(r"\s+", " ", page(officer_client, reverse("contracts:list")))
    assert "On award of</span> REA-T" in html
    assert "Pilot" in html
    detail = page(officer_client, pilot.get_absolute_url())
    assert "This pilot has no fixed end date" in detail
    assert "No fixed end" in detail


# --- Forward plan ----------------------------------------------------------


def test_forward_plan_lists_re_procurements_due_in_24_months(officer_client):
    # Start-by = end - 12 months: soon is overdue, middle due in ~11 months, far in ~28.
    soon = contract_ending_in(6)
    middle = contract_ending_in(23)
    far = ContractFactory(
        start_date=first_of_month(today()), initial_term_months=40, title="Extra care"
    )
    html = page(officer_client, reverse("contracts:forward-plan"))
    assert soon.reference in html
    assert middle.reference in html
    assert far.reference not in html
    assert html.index(soon.reference) < html.index(middle.reference)
    assert "Overdue" in html


def test_forward_plan_query_count(officer_client, django_assert_max_num_queries):
    contract_ending_in(6)
    with django_assert_max_num_queries(20) as few:
        page(officer_client, reverse("contracts:forward-plan"))
    for months in range(30):
        contract_ending_in(months % 20 + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(officer_client, reverse("contracts:forward-plan"))


# --- A contract's page -----------------------------------------------------


def test_detail_draws_the_timeline_as_svg_with_a_table_alternative(officer_client):
    contract = seed_004_contract()
    html = page(officer_client, contract.get_absolute_url())
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in html
    assert "app-timeline__bar--initial" in html
    assert "app-timeline__bar--exercised" in html
    assert "app-timeline__bar--waiver app-timeline__bar--beyond" in html
    assert "app-timeline__marker--today" in html
    assert "beyond its maximum end date of 31 December 2021" in html
    text = re.sub(r"\s+", " ", html)
    assert "The timeline as a table" in text
    assert re.search(
        r"Waiver: 3 months \(beyond the maximum extent\)</th>.*?1 Jan 2022.*?31 Mar 2022", text
    )
    assert re.search(r"Option 1 used: 24 months</th>.*?1 Jan 2020.*?31 Dec 2021", text)
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]


def test_detail_shows_remaining_options_and_their_deadlines(officer_client):
    contract = ContractFactory(
        start_date=D(2024, 4, 1), initial_term_months=36, option_months=[12, 12]
    )
    text = re.sub(r"\s+", " ", page(officer_client, contract.get_absolute_url()))
    assert "Option 1: 12 months not yet used" in text
    assert "Option 1 decision due 31 Dec 2026" in text
    assert "Due by 31 Dec 2026" in text


def test_detail_query_count_does_not_grow_with_history(
    officer_client, django_assert_max_num_queries
):
    contract = seed_004_contract()
    with django_assert_max_num_queries(30) as first:
        page(officer_client, contract.get_absolute_url())
    for number in range(5):
        contract_change_scope(contract=contract, reason=f"Scope {number}", decided_on=today())
    with django_assert_max_num_queries(len(first.captured_queries)):
        page(officer_client, contract.get_absolute_url())


def test_exercise_and_decline_links_are_for_managers_only(officer, manager):
    contract = ContractFactory(option_months=[12])
    officer_client, manager_client = Client(), Client()
    officer_client.force_login(officer)
    manager_client.force_login(manager)
    assert "Exercise<span" not in page(officer_client, contract.get_absolute_url())
    assert "A commissioning manager exercises or declines" in page(
        officer_client, contract.get_absolute_url()
    )
    assert "Exercise<span" in page(manager_client, contract.get_absolute_url())


# --- Forms -----------------------------------------------------------------


def contract_form_data(**overrides):
    provider = overrides.pop("provider", None) or ProviderFactory()
    data = {
        "reference": "ASC-2025-031",
        "title": "Home care in the North locality",
        "provider": provider.pk,
        "service_type": "home_care",
        "procurement_route": "tender",
        **date_parts("start_date", D(2025, 4, 1)),
        "initial_term_months": "36",
        "extension_options": "12, 12",
        "notice_days": "90",
        "procurement_lead_months": "12",
        "annual_value": "£1,250,000",
    }
    data.update(overrides)
    return data


def test_officer_adds_a_contract_and_sees_its_dates(officer_client):
    response = officer_client.post(reverse("contracts:create"), contract_form_data())
    contract = Contract.objects.get(reference="ASC-2025-031")
    assert response.status_code == 302
    assert response["Location"] == contract.get_absolute_url()
    assert contract.annual_value == Decimal("1250000.00")
    assert contract.max_end_date == D(2030, 3, 31)
    assert list(contract.extension_options.values_list("months", flat=True)) == [12, 12]
    assert contract.created_by.username == "test-officer"


def test_contract_form_errors_are_written_for_officers(officer_client):
    ContractFactory(reference="ASC-2025-031")
    data = contract_form_data(extension_options="12 months", annual_value="lots", title="")
    data.update({"start_date_0": "30", "start_date_1": "2", "start_date_2": "2025"})
    response = officer_client.post(reverse("contracts:create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the title of the contract." in html
    assert (
        "Enter each option&#x27;s length in whole months, separated by commas, like 12, 12." in html
    )
    assert "Enter an amount in pounds, like 14400000 or 1,250.50." in html
    assert "Enter a real date, like 31 3 2027." in html
    assert "<title>Error: Add a contract" in html


def test_service_refusal_shows_on_the_form(officer_client):
    ContractFactory(reference="ASC-2025-031")
    response = officer_client.post(reverse("contracts:create"), contract_form_data())
    assert response.status_code == 200
    assert "A contract with the reference ASC-2025-031 already exists." in response.content.decode()


def test_edit_keeps_the_value_of_a_contract_in_force(officer_client):
    contract = ContractFactory(annual_value=Decimal("100000"), option_months=[12])
    data = contract_form_data(
        provider=contract.provider,
        reference=contract.reference,
        annual_value="999",
        extension_options="12, 6",
    )
    data.update(date_parts("start_date", contract.start_date))
    response = officer_client.post(reverse("contracts:edit", args=[contract.pk]), data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("100000.00")
    assert contract.title == "Home care in the North locality"
    assert list(contract.extension_options.values_list("months", flat=True)) == [12, 6]


def test_edit_form_fixes_the_term_once_extensions_are_recorded(officer_client):
    contract = seed_004_contract()
    html = page(officer_client, reverse("contracts:edit", args=[contract.pk]))
    assert "Fixed once extensions are recorded." in html
    assert re.search(r'name="initial_term_months"[^>]*disabled', html)


def test_funders_form(officer_client):
    contract = ContractFactory()
    url = reverse("contracts:funding", args=[contract.pk])
    response = officer_client.post(
        url,
        {
            "funder_1": "Eastshire County Council",
            "amount_1": "14,400,000",
            "funder_2": "Eastshire Clinical Commissioning Group",
            "amount_2": "",
        },
    )
    assert response.status_code == 200
    assert "Enter how much Eastshire Clinical Commissioning Group pays a year." in (
        response.content.decode()
    )
    response = officer_client.post(
        url,
        {
            "funder_1": "Eastshire County Council",
            "amount_1": "14,400,000",
            "funder_2": "Eastshire Clinical Commissioning Group",
            "amount_2": "1700000",
        },
    )
    assert response.status_code == 302
    assert contract.funding.count() == 2


def test_manager_exercises_part_of_an_option(manager_client):
    contract = contract_ending_in(5, option_months=[12])
    option = contract.extension_options.get()
    response = manager_client.post(
        reverse("contracts:option-exercise", args=[contract.pk, option.pk]),
        {"months": "6", **date_parts("decided_on", today()), "decision_reference": "DOD/1"},
    )
    assert response.status_code == 302
    option.refresh_from_db()
    assert (option.months_used, option.status) == (6, OptionStatus.AVAILABLE)


def test_second_option_refusal_shows_on_the_exercise_page(manager_client):
    contract = contract_ending_in(5, option_months=[12, 12])
    second = contract.extension_options.get(sequence=2)
    response = manager_client.post(
        reverse("contracts:option-exercise", args=[contract.pk, second.pk]),
        {"months": "12", **date_parts("decided_on", today())},
    )
    assert response.status_code == 200
    assert (
        "The second extension option cannot be used before the first: exercise or decline "
        "option 1 first." in response.content.decode()
    )


def test_manager_records_a_waiver_linked_to_a_decision(manager_client):
    contract = contract_ending_in(4)
    decision = DecisionFactory(meeting_date=today())
    response = manager_client.post(
        reverse("contracts:variation-create", args=[contract.pk, "waiver"]),
        {
            "months": "3",
            "reason": "Waiver of the Contract Procedure Rules under Rule 3.2.9.3",
            **date_parts("decided_on", today()),
            "decision": decision.pk,
        },
    )
    assert response.status_code == 302
    variation = contract.variations.get()
    assert (variation.kind, variation.months, variation.decision) == (
        VariationKind.WAIVER_EXTENSION,
        3,
        decision,
    )
    contract.refresh_from_db()
    assert contract.beyond_max_extent is True


def test_officer_records_a_termination(officer_client):
    contract = contract_ending_in(8)
    end = months_after(today(), 3)
    response = officer_client.post(
        reverse("contracts:variation-create", args=[contract.pk, "termination"]),
        {
            "termination_date_0": end.day,
            "termination_date_1": end.month,
            "termination_date_2": end.year,
            "reason": "The provider handed back the contract.",
            **date_parts("decided_on", today()),
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.status, contract.terminated_on) == (ContractStatus.TERMINATED, end)


def test_unknown_variation_kind_is_404(officer_client):
    contract = ContractFactory()
    response = officer_client.get(reverse("contracts:variation-create", args=[contract.pk, "x"]))
    assert response.status_code == 404


def test_draft_is_put_in_force(officer_client):
    contract = ContractFactory(draft=True)
    response = officer_client.post(reverse("contracts:activate", args=[contract.pk]))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


# --- Who may do what -------------------------------------------------------


def test_read_pages_are_open_to_every_role():
    contract = ContractFactory(option_months=[12])
    for url in (
        reverse("contracts:list"),
        reverse("contracts:forward-plan"),
        contract.get_absolute_url(),
    ):
        assert_role_access(url, allowed=EVERYONE)


def test_forms_are_for_officers_and_managers():
    contract = ContractFactory(option_months=[12])
    for url in (
        reverse("contracts:create"),
        reverse("contracts:edit", args=[contract.pk]),
        reverse("contracts:funding", args=[contract.pk]),
        reverse("contracts:variation-create", args=[contract.pk, "value"]),
        reverse("contracts:variation-create", args=[contract.pk, "scope"]),
        reverse("contracts:variation-create", args=[contract.pk, "termination"]),
    ):
        assert_role_access(url, allowed=STAFF)


def test_exercise_decline_and_waivers_are_for_managers_only():
    contract = ContractFactory(option_months=[12], is_pilot=True)
    option = contract.extension_options.get()
    for url in (
        reverse("contracts:option-exercise", args=[contract.pk, option.pk]),
        reverse("contracts:option-decline", args=[contract.pk, option.pk]),
        reverse("contracts:variation-create", args=[contract.pk, "waiver"]),
        reverse("contracts:variation-create", args=[contract.pk, "until-award"]),
    ):
        assert_role_access(url, allowed={Role.MANAGER})
        assert_role_access(url, method="post", data={}, allowed={Role.MANAGER})


def test_activate_is_for_officers_and_managers():
    contract = ContractFactory(draft=True)
    assert_role_access(
        reverse("contracts:activate", args=[contract.pk]), method="post", allowed=STAFF
    )


def test_provider_page_links_each_contract_it_holds(officer_client):
    from commissioning.tests.contracts.factories import ContractFactory

    contract = ContractFactory(reference="CAH-2021-01")
    page = officer_client.get(
        reverse("providers:detail", args=[contract.provider.pk])
    ).content.decode()
    assert f'href="{reverse("contracts:detail", args=[contract.pk])}">CAH-2021-01</a>' in page
