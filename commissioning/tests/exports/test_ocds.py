"""The OCDS 1.1 release package (API.md exports/ocds/), validated offline
against the official 1.1.5 release package and release schemas."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.exports import ocds_schema
from commissioning.exports.ocds_schema import codelist
from commissioning.roles import Role
from commissioning.services.contracts import contract_exercise_option
from commissioning.testing.roles import assert_role_access
from commissioning.tests.contracts.factories import ContractFactory
from commissioning.tests.exports.scenario import COUNCIL, ICB, award_of, build_market
from tenders import services
from tenders.models import ProcurementStatus
from tenders.tests.factories import FrameworkMemberFactory, LotFactory, ProcurementFactory
from tenders.tests.helpers import new_procurement, open_with_bids, to_evaluation

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/api/v1/exports/ocds/"
PREFIX = "ocds-e4s7sh-"


@pytest.fixture(autouse=True)
def publisher(settings):
    settings.OCDS_PREFIX = PREFIX
    settings.OCDS_PUBLISHER_NAME = COUNCIL
    settings.OCDS_BUYER_ID = "GB-LAE-EST"


def fetch(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


def by_ocid(package) -> dict:
    return {release["ocid"]: release for release in package["releases"]}


@pytest.fixture
def market():
    return build_market()


@pytest.fixture
def package(officer_api, market):
    return fetch(officer_api)


def test_the_package_is_valid_against_the_official_schemas(package):
    assert ocds_schema.errors(package) == []
    assert package["version"] == "1.1"
    assert package["uri"] == "http://testserver/api/v1/exports/ocds/"
    assert package["publisher"] == {"name": COUNCIL}
    assert package["extensions"] == [
        "https://raw.githubusercontent.com/open-contracting-extensions/"
        "ocds_lots_extension/v1.1.5/extension.json"
    ]


def test_codes_come_from_the_standards_codelists(package):
    for release in package["releases"]:
        assert set(release["tag"]) <= codelist("releaseTag")
        assert release["initiationType"] in codelist("initiationType")
        tender = release["tender"]
        assert tender["status"] in codelist("tenderStatus")
        assert {lot["status"] for lot in tender.get("lots", [])} <= codelist("tenderStatus")
        if "procurementMethod" in tender:
            assert tender["procurementMethod"] in codelist("method")
        assert {a["status"] for a in release.get("awards", [])} <= codelist("awardStatus")
        assert {c["status"] for c in release.get("contracts", [])} <= codelist("contractStatus")
        for party in release["parties"]:
            assert set(party["roles"]) <= codelist("partyRole")


def test_one_process_per_procurement_framework_on_no_record_and_contract_not_let_by_one(
    package, market
):
    assert sorted(by_ocid(package)) == sorted(
        [
            f"{PREFIX}procurement-{market.procurement.pk}",
            f"{PREFIX}framework-{market.old_framework.pk}",
            f"{PREFIX}contract-{market.call_off.pk}",
            f"{PREFIX}contract-{market.direct_award.pk}",
            f"{PREFIX}contract-{market.old_call_off.pk}",
        ]
    )  # NV-2021 is in its procurement's release.


def test_a_procurement_has_its_lots_awards_with_related_lots_and_the_contract_it_let(
    package, market
):
    release = by_ocid(package)[f"{PREFIX}procurement-{market.procurement.pk}"]
    assert release["tag"] == ["tender", "award", "contract"]
    assert release["initiationType"] == "tender"
    assert release["buyer"] == {"id": "GB-LAE-EST", "name": COUNCIL}
    tender = release["tender"]
    assert (tender["id"], tender["status"]) == ("ASC-2021-HC", "complete")
    assert tender["numberOfTenderers"] == 4
    assert tender["tenderPeriod"] == {
        "startDate": "2021-02-01T00:00:00+00:00",
        "endDate": "2021-03-15T23:59:59+00:00",
    }
    # The framework it establishes: 1 Jun 2021 + 36 months ends 31 May 2024;
    # + the 12-month option, at most 31 May 2025 (British Summer Time).
    framework_period = {
        "startDate": "2021-06-01T00:00:00+01:00",
        "endDate": "2024-05-31T23:59:59+01:00",
        "maxExtentDate": "2025-05-31T23:59:59+01:00",
    }
    assert tender["contractPeriod"] == framework_period
    assert [(lot["id"], lot["title"], lot["status"]) for lot in tender["lots"]] == [
        ("1", "Home care: all areas", "complete"),
        ("2", "Night visits", "complete"),
    ]
    awards = {award["suppliers"][0]["name"]: award for award in release["awards"]}
    assert {name: award["relatedLots"] for name, award in awards.items()} == {
        "Birch Homecare": ["1"],
        "Alder Home Care": ["1"],
        "Damson Night Care": ["2"],
    }
    assert {award["status"] for award in awards.values()} == {"active"}
    assert awards["Birch Homecare"]["date"] == "2021-04-20T00:00:00+01:00"

    (contract,) = release["contracts"]
    assert contract["awardID"] == str(award_of(market.procurement, market.providers["damson"]).pk)
    assert contract["awardID"] == awards["Damson Night Care"]["id"]
    assert contract["title"] == "NV-2021: Night visits"
    assert contract["period"] == {
        "startDate": "2021-06-01T00:00:00+01:00",
        "endDate": "2024-05-31T23:59:59+01:00",
        "maxExtentDate": "2024-05-31T23:59:59+01:00",
    }
    # £300,000 a year for 36 months.
    assert contract["value"] == {"amount": 900000.0, "currency": "GBP"}


def test_a_call_off_names_the_process_that_placed_its_provider_on_the_framework(package, market):
    release = by_ocid(package)[f"{PREFIX}contract-{market.call_off.pk}"]
    assert release["relatedProcesses"] == [
        {
            "id": "1",
            "relationship": ["framework"],
            "title": "Home Care Framework 2021",
            "scheme": "ocid",
            "identifier": f"{PREFIX}procurement-{market.procurement.pk}",
        }
    ]
    assert release["tender"]["procurementMethod"] == "selective"
    (contract,) = release["contracts"]
    (award,) = release["awards"]
    assert contract["awardID"] == award["id"]
    assert contract["period"]["maxExtentDate"] == "2025-05-31T23:59:59+01:00"
    # £450,000 a year for 36 months.
    assert contract["value"] == {"amount": 1350000.0, "currency": "GBP"}


def test_a_call_off_of_a_framework_with_no_procurement_names_the_frameworks_own_process(
    package, market
):
    releases = by_ocid(package)
    framework_process = f"{PREFIX}framework-{market.old_framework.pk}"
    call_off = releases[f"{PREFIX}contract-{market.old_call_off.pk}"]
    assert [p["identifier"] for p in call_off["relatedProcesses"]] == [framework_process]

    framework = releases[framework_process]
    assert framework["tag"] == ["award"]
    # 1 Jan 2018 + 24 months ends 31 Dec 2019; + up to 24 months, 31 Dec 2021 (GMT).
    assert framework["tender"]["contractPeriod"] == {
        "startDate": "2018-01-01T00:00:00+00:00",
        "endDate": "2019-12-31T23:59:59+00:00",
        "maxExtentDate": "2021-12-31T23:59:59+00:00",
    }
    assert [a["suppliers"][0]["name"] for a in framework["awards"]] == ["Fir Domiciliary Care"]


def test_a_direct_award_is_its_own_process_without_related_processes(package, market):
    release = by_ocid(package)[f"{PREFIX}contract-{market.direct_award.pk}"]
    assert "relatedProcesses" not in release
    assert release["tender"]["procurementMethod"] == "direct"
    assert release["tender"]["procurementMethodDetails"] == "Direct award"


def test_parties_have_their_roles_and_registration_numbers(package, market):
    release = by_ocid(package)[f"{PREFIX}contract-{market.call_off.pk}"]
    parties = {party["name"]: party for party in release["parties"]}
    # The council buys, runs the procurement and pays part; the ICB pays the rest.
    assert parties[COUNCIL]["roles"] == ["buyer", "procuringEntity", "funder"]
    assert parties[COUNCIL]["identifier"] == {
        "scheme": "GB-LAE",
        "id": "EST",
        "legalName": COUNCIL,
    }
    assert parties[ICB]["roles"] == ["funder"]
    assert parties["Birch Homecare"]["roles"] == ["supplier"]
    assert parties["Birch Homecare"]["identifier"]["scheme"] == "GB-COH"
    assert parties["Birch Homecare"]["identifier"]["id"] == "07654321"

    procurement = by_ocid(package)[f"{PREFIX}procurement-{market.procurement.pk}"]
    damson = next(p for p in procurement["parties"] if p["name"] == "Damson Night Care")
    assert damson["identifier"] == {
        "scheme": "GB-CHC",
        "id": "1100200",
        "legalName": "Damson Night Care Ltd",
    }
    # Cedar bid and lost: counted among the tenderers, not named.
    assert "Cedar Support" not in {p["name"] for p in procurement["parties"]}


def test_a_waiver_beyond_the_maximum_extent_is_published_as_an_amendment(officer_api, market):
    old = market.old_call_off
    contract_exercise_option(
        contract=old,
        option=old.extension_options.get(),
        decided_on=D(2019, 9, 17),
        today=D(2019, 9, 17),
    )
    release = by_ocid(fetch(officer_api))[f"{PREFIX}contract-{old.pk}"]
    (contract,) = release["contracts"]
    # 31 Dec 2019 + 24 months ends 31 Dec 2021: the maximum extent, reached.
    assert contract["period"]["endDate"] == "2021-12-31T23:59:59+00:00"
    assert contract["period"]["maxExtentDate"] == "2021-12-31T23:59:59+00:00"
    (amendment,) = contract["amendments"]
    assert amendment["date"] == "2019-09-17T00:00:00+01:00"
    assert amendment["description"].startswith("Extension option exercised: 24 months")


def test_a_release_id_changes_exactly_when_its_content_does(officer_api, market):
    process = f"{PREFIX}contract-{market.direct_award.pk}"
    first = by_ocid(fetch(officer_api))[process]
    again = by_ocid(fetch(officer_api))[process]
    assert again["id"] == first["id"]

    market.direct_award.title = "Emergency home care cover (all areas)"
    market.direct_award.save()
    changed = by_ocid(fetch(officer_api))[process]
    assert changed["id"] != first["id"]
    assert changed["id"].startswith(f"{process}-")
    assert changed["date"] > first["date"]

    # A change to the supplier is a change to the release, dated when it happened.
    supplier = market.providers["elder"]
    supplier.name = "Elder Home Help Ltd"
    supplier.save()
    renamed = by_ocid(fetch(officer_api))[process]
    assert renamed["id"] != changed["id"]
    assert renamed["date"] == supplier.modified_at.isoformat()


def test_awards_in_standstill_are_pending_and_a_cancelled_tenders_awards_are_cancelled(
    officer_api,
):
    in_standstill = new_procurement(reference="ASC-2024-101")
    open_with_bids(in_standstill, [("20", "80")])
    to_evaluation(in_standstill)
    services.procurement_award(procurement=in_standstill, decision_date=D(2024, 11, 4))
    cancelled = new_procurement(reference="ASC-2024-102")
    open_with_bids(cancelled, [("20", "80")])
    to_evaluation(cancelled)
    services.procurement_award(procurement=cancelled, decision_date=D(2024, 11, 4))
    services.procurement_transition(
        procurement=cancelled, status=ProcurementStatus.CANCELLED, reason="Challenged"
    )

    package = fetch(officer_api)

    assert ocds_schema.errors(package) == []
    releases = by_ocid(package)
    standstill = releases[f"{PREFIX}procurement-{in_standstill.pk}"]
    assert [a["status"] for a in standstill["awards"]] == ["pending"]
    assert standstill["tender"]["status"] == "active"
    gone = releases[f"{PREFIX}procurement-{cancelled.pk}"]
    assert gone["tag"] == ["tender", "tenderCancellation", "award"]
    assert [a["status"] for a in gone["awards"]] == ["cancelled"]
    assert [lot["status"] for lot in gone["tender"]["lots"]] == ["cancelled"]


def test_the_package_is_built_in_a_fixed_number_of_queries(officer_api, market):
    fetch(officer_api)  # the user's permissions are cached from here on
    with CaptureQueriesContext(connection) as few:
        fetch(officer_api)
    for _ in range(4):
        LotFactory.create_batch(2, procurement=ProcurementFactory())
        FrameworkMemberFactory()
    ContractFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        package = fetch(officer_api)
    assert len(package["releases"]) == 5 + 4 + 4 + 8
    assert len(many) == len(few), (
        [q["sql"][:150] for q in few.captured_queries],
        [q["sql"][:150] for q in many.captured_queries],
    )


def test_every_role_may_read_the_package_and_anonymous_requests_are_refused(api_client):
    assert_role_access(URL, allowed=list(Role))
    assert api_client.get(URL).status_code == 401


# --- The validator has teeth ----------------------------------------------------------


def test_the_schemas_refuse_a_release_that_breaks_them(package):
    broken = copy.deepcopy(package)
    release = broken["releases"][0]
    del release["ocid"]
    release["tag"] = ["signed"]
    release["date"] = "22/11/2026"
    release["tender"]["lots"] = [{"title": "A lot without an id"}]
    problems = "\n".join(ocds_schema.errors(broken))
    assert "'ocid' is a required property" in problems
    assert "'signed' is not one of" in problems
    assert "releases/0/date: '22/11/2026' is not a 'date-time'" in problems
    assert "releases/0/tender/lots/0: 'id' is a required property" in problems


def test_amounts_are_numbers(package):
    broken = copy.deepcopy(package)
    release = next(r for r in broken["releases"] if r.get("contracts"))
    release["contracts"][0]["value"]["amount"] = str(Decimal("900000.00"))
    assert any("is not of type 'number'" in e for e in ocds_schema.errors(broken))
