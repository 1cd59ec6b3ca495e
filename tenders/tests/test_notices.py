"""Procurement Act 2023 notices and their due dates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenders import services
from tenders.models import NoticeKind, ProcurementStatus, Regime
from tenders.tests.factories import FrameworkFactory
from tenders.tests.helpers import new_procurement

pytestmark = pytest.mark.django_db
D = dt.date
UK4, UK6, UK7, UK11, UK12 = (
    NoticeKind.UK4,
    NoticeKind.UK6,
    NoticeKind.UK7,
    NoticeKind.UK11,
    NoticeKind.UK12,
)


def _act(**fields):
    return new_procurement(
        regime=Regime.PA2023,
        publication_date=D(2025, 6, 2),
        submission_deadline=D(2025, 7, 11),
        **fields,
    )


def _due(procurement):
    return dict(procurement.notices.values_list("kind", "due_date"))


def test_a_pcr_procurement_has_no_act_notices():
    assert not new_procurement().notices.exists()


def test_the_tender_notice_is_due_on_publication():
    assert _due(_act()) == {UK4: D(2025, 6, 2), UK6: None, UK7: None, UK11: None}


def test_contract_details_notice_light_touch_120_days_beginning_with_entry():
    # Entered into Mon 3 Nov 2025, day 1. The 119 days after it are 27 more of
    # November, 31 of December, 31 of January, 28 of February and 2 of March:
    # day 120 is Mon 2 Mar 2026.
    procurement = _act(contract_signed_on=D(2025, 11, 3), light_touch=True)
    assert _due(procurement)[UK7] == D(2025, 11, 3) + dt.timedelta(days=119) == D(2026, 3, 2)


def test_contract_details_notice_otherwise_30_days():
    # Entered into Mon 3 Nov 2025: day 30 is Wed 2 Dec 2025.
    procurement = _act(contract_signed_on=D(2025, 11, 3), light_touch=False)
    assert _due(procurement)[UK7] == D(2025, 12, 2)


def test_the_termination_notice_follows_the_frameworks_end_and_its_extensions():
    framework = FrameworkFactory(start_date=D(2026, 4, 1), initial_term_months=24)
    procurement = _act(framework=framework)
    # Framework ends 31 Mar 2028: day 1 of 30 → due 29 Apr 2028.
    assert _due(procurement)[UK11] == D(2028, 4, 29)
    services.framework_update(framework=framework, option_months=[12])
    option = framework.extension_options.get()
    services.framework_option_exercise(option=option, decided_on=D(2026, 6, 1))
    # Extended to 31 Mar 2029 → due 29 Apr 2029.
    assert _due(procurement)[UK11] == D(2029, 4, 29)


def test_a_cancelled_procurement_owes_a_procurement_termination_notice_instead():
    procurement = _act()
    services.procurement_transition(procurement=procurement, status=ProcurementStatus.OPEN)
    services.procurement_transition(
        procurement=procurement, status=ProcurementStatus.CANCELLED, today=D(2025, 7, 21)
    )
    assert _due(procurement) == {UK4: D(2025, 6, 2), UK12: D(2025, 7, 21)}


def test_recording_when_a_notice_was_published():
    procurement = _act()
    notice = procurement.notices.get(kind=UK4)
    services.notice_record_publication(notice=notice, published_on=D(2025, 6, 2))
    assert procurement.notices.get(kind=UK4).published_on == D(2025, 6, 2)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.notice_record_publication(notice=notice, published_on=tomorrow)


def test_a_contract_details_notice_needs_the_contract_first():
    notice = _act().notices.get(kind=UK7)
    with pytest.raises(ValidationError, match="Record the day the contract was entered into"):
        services.notice_record_publication(notice=notice, published_on=D(2025, 8, 1))
