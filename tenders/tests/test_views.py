import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.roles import Role
from commissioning.testing.roles import assert_role_access
from providers.tests.factories import ProviderFactory
from tenders import services
from tenders.models import Award, Bid, Framework, FrameworkMember, Procurement, ProcurementStatus
from tenders.tests.factories import (
    BidFactory,
    FrameworkFactory,
    FrameworkMemberFactory,
    FrameworkTierFactory,
    LotFactory,
    ProcurementFactory,
)
from tenders.tests.helpers import new_procurement, open_with_bids, to_evaluation

pytestmark = pytest.mark.django_db
D = dt.date
S = ProcurementStatus
EVERYONE = set(Role)
EDITORS = {Role.OFFICER, Role.MANAGER}
MANAGERS = {Role.MANAGER}


def _client(user) -> Client:
    # The conftest clients share one Client: a test that needs two roles
    # signs the second one in on a client of its own.
    client = Client()
    client.force_login(user)
    return client


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _procurements(count):
    for _ in range(count):
        lot = LotFactory(procurement__framework=FrameworkFactory())
        BidFactory.create_batch(2, lot=lot)


def test_procurement_list_queries_do_not_grow_with_rows(
    officer_client, django_assert_max_num_queries
):
    url = reverse("tenders:procurement-list")
    _procurements(2)
    few = _count_queries(officer_client, url)
    _procurements(58)
    with django_assert_max_num_queries(few):
        response = officer_client.get(url)
    assert response.context["page_obj"].paginator.count == 60


def test_framework_list_queries_do_not_grow_with_rows(
    officer_client, django_assert_max_num_queries
):
    url = reverse("tenders:framework-list")
    FrameworkMemberFactory.create_batch(2)
    few = _count_queries(officer_client, url)
    FrameworkMemberFactory.create_batch(58)
    with django_assert_max_num_queries(few):
        officer_client.get(url)


def test_detail_pages_queries_do_not_grow_with_lots_bids_and_members(
    officer_client, django_assert_max_num_queries
):
    framework = FrameworkFactory()
    tier = FrameworkTierFactory(framework=framework)
    procurement = ProcurementFactory(framework=framework)
    lot = LotFactory(procurement=procurement, tier=tier)
    BidFactory(lot=lot)
    FrameworkMemberFactory(tier=tier)
    urls = [
        reverse("tenders:procurement-detail", args=[procurement.pk]),
        reverse("tenders:lot-detail", args=[procurement.pk, lot.pk]),
        reverse("tenders:framework-detail", args=[framework.pk]),
    ]
    counts = [_count_queries(officer_client, url) for url in urls]
    for _ in range(10):
        BidFactory(lot=LotFactory(procurement=procurement, tier=tier))
        BidFactory(lot=lot)
        FrameworkMemberFactory(tier=FrameworkTierFactory(framework=framework))
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            officer_client.get(url)


def test_procurement_list_filters(officer_client):
    ProcurementFactory(
        title="Short breaks", status=S.EVALUATION, regime="pa2023", publication_date=D(2025, 6, 2)
    )
    ProcurementFactory(title="Home care", status=S.OPEN)

    def titles(**query):
        response = officer_client.get(reverse("tenders:procurement-list"), query)
        return [p.title for p in response.context["page_obj"].object_list]

    assert titles(status="evaluation") == ["Short breaks"]
    assert titles(regime="pcr2015") == ["Home care"]
    assert titles(q="short") == ["Short breaks"]


def test_framework_list_filters_by_the_status_today(officer_client):
    FrameworkFactory(reference="IDC-2018", start_date=D(2018, 1, 1), initial_term_months=24)
    FrameworkFactory(reference="FUTURE", start_date=D(2099, 4, 1))
    response = officer_client.get(reverse("tenders:framework-list"), {"status": "expired"})
    assert [f.reference for f in response.context["page_obj"].object_list] == ["IDC-2018"]


def test_starting_a_procurement_explains_weights_that_do_not_add_up(officer_client):
    data = {
        "reference": "ASC-2026-001",
        "title": "Extra care",
        "service_type": "extra_care",
        "regime": "pa2023",
        "light_touch": "on",
        "apply_standstill": "on",
        "quality_weight": "60",
        "price_weight": "50",
        "quality_max_marks": "100",
    }
    response = officer_client.post(reverse("tenders:procurement-create"), data)
    assert "must add up to 100: they add up to 110" in response.content.decode()
    assert not Procurement.objects.exists()
    response = officer_client.post(
        reverse("tenders:procurement-create"), {**data, "price_weight": "40"}
    )
    procurement = Procurement.objects.get()
    assert response["Location"] == procurement.get_absolute_url()
    # The Act's notices are tracked from the start.
    assert procurement.notices.count() == 4


def test_a_forbidden_status_change_is_explained_on_the_form(officer_client):
    procurement = new_procurement()
    url = reverse("tenders:procurement-transition", args=[procurement.pk])
    response = officer_client.post(url, {"status": "cancelled", "reason": ""})
    assert "Give the reason for cancelling" in response.content.decode()
    officer_client.post(url, {"status": "open"})
    assert Procurement.objects.get().status == S.OPEN


def test_recording_lots_and_bids_and_marking_them(officer_client):
    procurement = new_procurement()
    officer_client.post(
        reverse("tenders:lot-create", args=[procurement.pk]),
        {"number": "1", "title": "Home care", "service_type": "home_care", "max_awards": "2"},
    )
    lot = procurement.lots.get()
    officer_client.post(
        reverse("tenders:lot-edit", args=[procurement.pk, lot.pk]),
        {
            "number": "1",
            "title": "Home care and support",
            "service_type": "home_care",
            "max_awards": "3",
        },
    )
    lot.refresh_from_db()
    assert (lot.title, lot.max_awards) == ("Home care and support", 3)
    services.procurement_transition(procurement=procurement, status=S.OPEN)
    provider = ProviderFactory()
    url = reverse("tenders:bid-create", args=[procurement.pk, lot.pk])
    response = officer_client.post(
        url,
        {"provider": provider.pk, "price": "19.50", "quality_marks": "120", "status": "submitted"},
    )
    assert "more than the maximum of 100" in response.content.decode()
    officer_client.post(url, {"provider": provider.pk, "price": "19.50", "status": "submitted"})
    bid = Bid.objects.get()
    to_evaluation(procurement)
    officer_client.post(
        reverse("tenders:bid-edit", args=[procurement.pk, lot.pk, bid.pk]),
        {
            "price": "10.00",
            "quality_marks": "75",
            "status": "submitted",
            "moderation_notes": "Agreed at moderation",
        },
    )
    bid.refresh_from_db()
    # The price is fixed after the deadline: the disabled field keeps £19.50.
    assert (bid.price, bid.quality_marks, bid.total_score) == (
        Decimal("19.50"),
        Decimal("75.00"),
        Decimal("85.0000"),
    )
    page = officer_client.get(reverse("tenders:lot-detail", args=[procurement.pk, lot.pk]))
    assert "Agreed at moderation" in page.content.decode()


def test_only_a_manager_awards(officer_client, manager):
    manager_client = _client(manager)
    procurement = new_procurement()
    open_with_bids(procurement, [("20", "80"), ("19", "70")])
    to_evaluation(procurement)
    url = reverse("tenders:procurement-award", args=[procurement.pk])
    assert officer_client.post(url, {"decision_date": "4/11/2024"}).status_code == 403
    assert not Award.objects.exists()
    response = manager_client.post(url, {"decision_date": "17/10/2024"})
    assert "cannot be before the submission deadline" in response.content.decode()
    manager_client.post(url, {"decision_date": "4/11/2024"})
    procurement.refresh_from_db()
    assert (procurement.status, procurement.standstill_end_date) == (S.STANDSTILL, D(2024, 11, 14))


def test_only_a_manager_confirms_an_award_after_standstill(officer_client, manager):
    manager_client = _client(manager)
    procurement = new_procurement()
    open_with_bids(procurement, [("20", "80")])
    to_evaluation(procurement)
    services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    url = reverse("tenders:procurement-transition", args=[procurement.pk])
    response = officer_client.post(url, {"status": "awarded"})
    assert "Only a commissioning manager" in response.content.decode()
    manager_client.post(url, {"status": "awarded"})
    assert Procurement.objects.get().status == S.AWARDED


def test_recording_when_a_notice_was_published(officer_client):
    procurement = new_procurement(
        regime="pa2023", publication_date=D(2025, 6, 2), submission_deadline=D(2025, 7, 11)
    )
    notice = procurement.notices.get(kind="UK4")
    officer_client.post(
        reverse("tenders:notice-edit", args=[procurement.pk, notice.pk]),
        {"published_on": "2/6/2025"},
    )
    notice.refresh_from_db()
    assert notice.published_on == D(2025, 6, 2)


def test_adding_a_framework_with_options_and_deciding_them(officer_client, manager):
    manager_client = _client(manager)
    response = officer_client.post(
        reverse("tenders:framework-create"),
        {
            "reference": "CAH-2021",
            "name": "Care at Home",
            "service_type": "home_care",
            "start_date": "1/6/2021",
            "initial_term_months": "36",
            "option_months": "12, 12",
            "notice_days": "90",
            "procurement_lead_months": "12",
        },
    )
    framework = Framework.objects.get()
    assert response["Location"] == framework.get_absolute_url()
    assert (framework.initial_end_date, framework.max_end_date) == (D(2024, 5, 31), D(2026, 5, 31))
    first = framework.extension_options.get(sequence=1)
    url = reverse("tenders:option-exercise", args=[framework.pk, first.pk])
    assert officer_client.get(url).status_code == 403
    response = manager_client.post(url, {"decided_on": "5/3/2024"})
    # 31 May 2024 − 90 days = 2 Mar 2024.
    assert "was due by 02/03/2024" in response.content.decode()
    manager_client.post(url, {"decided_on": "1/3/2024", "months": "6"})
    framework.refresh_from_db()
    assert framework.current_end_date == D(2024, 11, 30)


def test_tiers_members_and_rates_from_the_framework_page(officer_client):
    framework = FrameworkFactory()
    officer_client.post(
        reverse("tenders:tier-create", args=[framework.pk]),
        {"name": "Tier 1", "priority": "1", "service_type": "home_care", "lot_group": "home care"},
    )
    tier = framework.tiers.get()
    provider = ProviderFactory()
    officer_client.post(
        reverse("tenders:member-create", args=[framework.pk]),
        {"tier": tier.pk, "provider": provider.pk, "joined_on": "1/4/2024"},
    )
    member = FrameworkMember.objects.get()
    assert member.rank == 1
    officer_client.post(
        reverse("tenders:member-leave", args=[framework.pk, member.pk]), {"left_on": "31/1/2025"}
    )
    officer_client.post(
        reverse("tenders:framework-rate-create", args=[framework.pk]),
        {
            "service_type": "home_care",
            "unit": "hour",
            "amount": "23.94",
            "effective_from": "1/4/2024",
        },
    )
    member.refresh_from_db()
    assert member.left_on == D(2025, 1, 31)
    assert framework.rates.get().amount == Decimal("23.94")
    page = officer_client.get(framework.get_absolute_url()).content.decode()
    assert "that left Tier 1" in page


def test_who_may_see_and_change_procurements_and_frameworks():
    framework = FrameworkFactory()
    option = services.framework_update(
        framework=framework, option_months=[12]
    ).extension_options.get()
    tier = FrameworkTierFactory(framework=framework)
    member = FrameworkMemberFactory(tier=tier)
    procurement = new_procurement(
        regime="pa2023", publication_date=D(2025, 6, 2), submission_deadline=D(2025, 7, 11)
    )
    lot = open_with_bids(procurement, [("20", "80")])
    bid = lot.bids.get()
    notice = procurement.notices.first()
    for url in (
        reverse("tenders:procurement-list"),
        reverse("tenders:procurement-detail", args=[procurement.pk]),
        reverse("tenders:lot-detail", args=[procurement.pk, lot.pk]),
        reverse("tenders:framework-list"),
        reverse("tenders:framework-detail", args=[framework.pk]),
    ):
        assert_role_access(url, allowed=EVERYONE)
    for url in (
        reverse("tenders:procurement-create"),
        reverse("tenders:procurement-edit", args=[procurement.pk]),
        reverse("tenders:procurement-transition", args=[procurement.pk]),
        reverse("tenders:lot-create", args=[procurement.pk]),
        reverse("tenders:lot-edit", args=[procurement.pk, lot.pk]),
        reverse("tenders:bid-create", args=[procurement.pk, lot.pk]),
        reverse("tenders:bid-edit", args=[procurement.pk, lot.pk, bid.pk]),
        reverse("tenders:notice-edit", args=[procurement.pk, notice.pk]),
        reverse("tenders:framework-create"),
        reverse("tenders:framework-edit", args=[framework.pk]),
        reverse("tenders:tier-create", args=[framework.pk]),
        reverse("tenders:member-create", args=[framework.pk]),
        reverse("tenders:member-leave", args=[framework.pk, member.pk]),
        reverse("tenders:framework-rate-create", args=[framework.pk]),
    ):
        assert_role_access(url, allowed=EDITORS)
    for url in (
        reverse("tenders:procurement-award", args=[procurement.pk]),
        reverse("tenders:option-exercise", args=[framework.pk, option.pk]),
        reverse("tenders:option-decline", args=[framework.pk, option.pk]),
    ):
        assert_role_access(url, allowed=MANAGERS)
