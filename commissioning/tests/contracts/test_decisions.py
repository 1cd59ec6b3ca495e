"""Governance decisions: the service, the pages and who may use them."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.forms.decisions import split_paragraphs
from commissioning.models import DecisionBody
from commissioning.roles import Role
from commissioning.services.decisions import decision_create, decision_update
from commissioning.templatetags.contract_tags import prose, roman
from commissioning.testing.roles import assert_role_access
from commissioning.tests.contracts.factories import ContractFactory, DecisionFactory

pytestmark = pytest.mark.django_db
D = dt.date

# Seed 000's resolutions, as minuted.
SEED_000 = [
    "Note that the two reablement pilot schemes were extended into the 2024/25 financial year "
    "and shall terminate upon the award / mobilisation of the new reablement provision;",
    "Agree that the Council proceeds with the procurement of a contract for Reablement at Home "
    "arrangements in accordance with the strategy set out in the report, subject to the "
    "endorsement of the Procurement Board to the exact model of reablement to be procured; and",
    "Authorise the Strategic Director, Children and Adults, … to conduct the procurement and "
    "award and enter into the contract(s) … including any periods of extension.",
]


def date_parts(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_resolutions_keep_their_order_and_edits_keep_their_history():
    decision = DecisionFactory(meeting_date=D(2024, 4, 16), item_number="111", resolutions=SEED_000)
    assert [r.text for r in decision.resolutions.all()] == SEED_000
    decision_update(decision=decision, resolutions=[SEED_000[0], "Agree the procurement."])
    texts = list(decision.resolutions.order_by("sequence").values_list("sequence", "text"))
    assert texts == [(1, SEED_000[0]), (2, "Agree the procurement.")]
    second = decision.resolutions.get(sequence=2)
    # Changed in place (one history line), the third removed.
    assert second.history.count() == 2
    assert decision.resolutions.count() == 2


def test_decision_needs_a_resolution_and_a_past_meeting_date():
    with pytest.raises(ValidationError) as refusal:
        decision_create(
            body=DecisionBody.CABINET,
            meeting_date=D(2030, 1, 1),
            title="Future item",
            resolutions=["  "],
            today=D(2026, 1, 1),
        )
    assert set(refusal.value.message_dict) == {"meeting_date", "resolutions"}


def test_rejected_option_needs_its_reason():
    with pytest.raises(ValidationError, match="enter both the option and why it was rejected"):
        DecisionFactory(rejected_options=[("Extend the current contract for 12 months", "")])


def test_one_decision_per_meeting_item():
    DecisionFactory(meeting_date=D(2021, 5, 26), item_number="79")
    with pytest.raises(ValidationError) as refusal:
        DecisionFactory(meeting_date=D(2021, 5, 26), item_number="79")
    assert refusal.value.message_dict == {
        "item_number": ["Item 79 of the Cabinet meeting on 26 May 2021 is already recorded."]
    }
    # A delegated decision with the same number is another record.
    DecisionFactory(
        body=DecisionBody.DELEGATED_OFFICER, meeting_date=D(2021, 5, 26), item_number="79"
    )


def test_resolutions_are_split_on_blank_lines():
    text = "Noted the contents of this report;\n\nApproved the\nprocurement;\n \n\nDelegated."
    assert split_paragraphs(text) == [
        "Noted the contents of this report;",
        "Approved the procurement;",
        "Delegated.",
    ]


def test_reasons_show_bullets_as_a_list_and_escape_html():
    html = prose("The strengths are:\n· Choice <for> customers.\n· More capacity.\n\nEnd.")
    assert html == (
        '<p class="govuk-body">The strengths are:</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>Choice &lt;for&gt; customers.</li>'
        "<li>More capacity.</li></ul>"
        '<p class="govuk-body">End.</p>'
    )
    assert [roman(n) for n in (1, 2, 3, 4, 9, 14)] == ["i", "ii", "iii", "iv", "ix", "xiv"]


def test_decision_page_shows_resolutions_reasons_and_rejected_options(officer_client):
    contract = ContractFactory()
    decision = DecisionFactory(
        meeting_date=D(2021, 5, 26),
        item_number="79",
        title="Adult Social Care - Care at Home Re-tender",
        resolutions=["That Cabinet approves the request to re-tender the Care at Home service."],
        reasons="Re-tender allows changes:\n- A truly person-centred service.",
        rejected_options=[
            ("Extend the current contract for a further 12 months.", "Benefits of re-tendering.")
        ],
        contracts=[contract],
    )
    html = re.sub(r"\s+", " ", officer_client.get(decision.get_absolute_url()).content.decode())
    assert "Cabinet, 26 May 2021 (Item 79)" in html
    assert "(i)</span> That Cabinet approves" in html
    assert "<li>A truly person-centred service.</li>" in html
    assert "Extend the current contract for a further 12 months." in html
    assert contract.reference in html
    contract_page = officer_client.get(contract.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in contract_page


def test_officer_records_a_decision_with_links(officer_client):
    contract = ContractFactory(reference="CAH-2017")
    data = {
        "body": "cabinet",
        **date_parts("meeting_date", D(2021, 5, 26)),
        "item_number": "79",
        "title": "Adult Social Care - Care at Home Re-tender",
        "resolutions": "That Cabinet approves the request to re-tender.\n\nSecond resolution.",
        "rejected_1": "Extend the current contract for a further 12 months.",
        "why_rejected_1": "Rejected given the benefits of re-tendering the service.",
        "contracts": "cah-2017",
    }
    response = officer_client.post(reverse("contracts:decision-create"), data)
    assert response.status_code == 302
    decision = contract.decisions.get()
    assert [r.text for r in decision.resolutions.all()] == [
        "That Cabinet approves the request to re-tender.",
        "Second resolution.",
    ]
    assert decision.rejected_options.get().why_rejected.startswith("Rejected given")


def test_decision_form_errors(officer_client):
    data = {
        "body": "",
        "resolutions": "",
        "title": "",
        "rejected_1": "Extend for 12 months",
        "contracts": "NO-SUCH-REF",
    }
    html = officer_client.post(reverse("contracts:decision-create"), data).content.decode()
    assert "There is a problem" in html
    assert "Choose who made the decision." in html
    assert "Enter the date of the meeting or decision." in html
    assert "Enter at least one resolution, in the words of the minutes." in html
    assert "Enter why this option was rejected." in html
    assert "There is no contract with the reference NO-SUCH-REF." in html


def test_decision_edit_keeps_what_is_not_changed(officer_client):
    decision = DecisionFactory(resolutions=["First.", "Second."])
    url = reverse("contracts:decision-edit", args=[decision.pk])
    form = officer_client.get(url).content.decode()
    assert "First.\n\nSecond." in form
    data = {
        "body": "cabinet",
        **date_parts("meeting_date", decision.meeting_date),
        "item_number": decision.item_number,
        "title": "New title",
        "resolutions": "First.\n\nSecond.",
    }
    assert officer_client.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert decision.title == "New title"
    assert decision.resolutions.count() == 2


def test_decision_list_filters_and_query_count(officer_client, django_assert_max_num_queries):
    DecisionFactory(title="Reablement at Home", body=DecisionBody.CABINET)
    DecisionFactory(title="Home care uplift", body=DecisionBody.PROCUREMENT_BOARD)
    url = reverse("contracts:decisions")
    html = officer_client.get(url, {"body": "procurement_board"}).content.decode()
    assert "Home care uplift" in html
    assert "Reablement at Home" not in html
    with django_assert_max_num_queries(15) as few:
        officer_client.get(url)
    for number in range(30):
        DecisionFactory(title=f"Decision {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url)


def test_decision_pages_by_role():
    decision = DecisionFactory()
    assert_role_access(reverse("contracts:decisions"), allowed=set(Role))
    assert_role_access(decision.get_absolute_url(), allowed=set(Role))
    assert_role_access(reverse("contracts:decision-create"), allowed={Role.OFFICER, Role.MANAGER})
    assert_role_access(
        reverse("contracts:decision-edit", args=[decision.pk]), allowed={Role.OFFICER, Role.MANAGER}
    )
