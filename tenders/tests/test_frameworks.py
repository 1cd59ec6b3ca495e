"""Framework terms and options (DOMAIN.md §1), tiers and members."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.common.terms import OptionStatus
from providers.tests.factories import ProviderFactory, ProviderRateFactory
from tenders import selectors, services
from tenders.models import Framework, FrameworkMember, FrameworkStatus, Regime
from tenders.tests.factories import FrameworkMemberFactory, FrameworkTierFactory
from tenders.tests.helpers import new_procurement

pytestmark = pytest.mark.django_db
D = dt.date


IDC_START = D(2018, 1, 1)


def _framework(start=IDC_START, months=24, options=(24,), **fields):
    return services.framework_create(
        reference=fields.pop("reference", "IDC-2018"),
        name="Independent Domiciliary Care Framework",
        service_type="home_care",
        start_date=start,
        initial_term_months=months,
        option_months=list(options),
        **fields,
    )


def test_seed_003_framework_from_1_april_2020_for_three_years():
    framework = _framework(start=D(2020, 4, 1), months=36, options=(12,), reference="HCS-2020")
    # 1 Apr 2020 + 3 years ends 31 Mar 2023; a one-year option reaches 31 Mar 2024.
    assert framework.initial_end_date == D(2023, 3, 31)
    assert framework.current_end_date == D(2023, 3, 31)
    assert framework.max_end_date == D(2024, 3, 31)
    # 31 Mar 2023 − 90 days = 31 Dec 2022; re-procure 12 months before 31 Mar 2024.
    assert framework.next_decision_deadline == D(2022, 12, 31)
    assert framework.extension_options.get().decision_deadline == D(2022, 12, 31)
    assert framework.reprocurement_start_by == D(2023, 3, 31)


def test_seed_004_option_of_up_to_24_months_used_in_two_parts():
    framework = _framework()
    option = framework.extension_options.get()
    assert (framework.initial_end_date, framework.max_end_date) == (
        D(2019, 12, 31),
        D(2021, 12, 31),
    )
    # Decision due 90 days before 31 Dec 2019: 2 Oct 2019.
    assert option.decision_deadline == D(2019, 10, 2)
    framework = services.framework_option_exercise(
        option=option, months=12, decided_on=D(2019, 9, 17), decision_reference="Cabinet"
    )
    option.refresh_from_db()
    # Partly used stays available; the end moves, the maximum does not.
    assert (option.status, option.months_used) == (OptionStatus.AVAILABLE, 12)
    assert (framework.current_end_date, framework.max_end_date) == (
        D(2020, 12, 31),
        D(2021, 12, 31),
    )
    assert option.decision_deadline == D(2020, 10, 2)
    framework = services.framework_option_exercise(option=option, decided_on=D(2020, 9, 15))
    option.refresh_from_db()
    assert (option.status, option.months_used) == (OptionStatus.EXERCISED, 24)
    assert framework.current_end_date == D(2021, 12, 31)
    assert (framework.next_decision_deadline, option.decision_deadline) == (None, None)


def test_an_option_not_exercised_by_its_deadline_has_lapsed():
    option = _framework().extension_options.get()
    with pytest.raises(ValidationError, match="was due by 02/10/2019"):
        services.framework_option_exercise(option=option, decided_on=D(2019, 10, 3))
    option.refresh_from_db()
    assert option.months_used == 0


def test_more_months_than_are_left_are_refused():
    option = _framework().extension_options.get()
    with pytest.raises(ValidationError, match="has 24 months left: choose 1 to 24"):
        services.framework_option_exercise(option=option, months=25, decided_on=D(2019, 9, 1))


def test_options_are_exercised_in_sequence():
    framework = _framework(start=D(2021, 6, 1), months=36, options=(12, 12), reference="CAH-2021")
    second = framework.extension_options.get(sequence=2)
    with pytest.raises(ValidationError, match="Exercise or decline option 1 first"):
        services.framework_option_exercise(option=second, decided_on=D(2024, 1, 5))


def test_declining_an_option_lapses_the_options_after_it():
    framework = _framework(start=D(2021, 6, 1), months=36, options=(12, 12), reference="CAH-2021")
    first = framework.extension_options.get(sequence=1)
    framework = services.framework_option_decline(option=first, decided_on=D(2024, 1, 5))
    statuses = list(
        framework.extension_options.order_by("sequence").values_list("status", flat=True)
    )
    assert statuses == [OptionStatus.DECLINED, OptionStatus.LAPSED]
    # "3 years + up to 2 years" from 1 Jun 2021: the maximum stays 31 May 2026.
    assert (framework.current_end_date, framework.max_end_date) == (D(2024, 5, 31), D(2026, 5, 31))
    assert framework.next_decision_deadline is None
    assert framework.reprocurement_start_by == D(2023, 5, 31)


def test_options_cannot_be_rewritten_once_one_is_decided():
    framework = _framework()
    services.framework_option_exercise(
        option=framework.extension_options.get(), months=6, decided_on=D(2019, 9, 1)
    )
    with pytest.raises(ValidationError, match="already been decided"):
        services.framework_update(framework=framework, option_months=[12])


def test_changing_the_options_recomputes_the_stored_dates():
    framework = _framework(options=())
    assert framework.max_end_date == D(2019, 12, 31)
    framework = services.framework_update(framework=framework, option_months=[12, 12])
    assert framework.max_end_date == D(2021, 12, 31)
    assert list(framework.extension_options.values_list("months", flat=True)) == [12, 12]


def test_a_pcr_framework_beyond_four_years_needs_a_justification():
    framework = _framework(start=D(2024, 4, 1), months=36, options=(12, 12), reference="HCS-2024")
    with pytest.raises(ValidationError, match=r"may last 60 months .* at most 4 years"):
        new_procurement(framework=framework)
    services.framework_update(
        framework=framework, term_justification="Exceptional: approved by Cabinet"
    )
    framework.refresh_from_db()
    assert new_procurement(framework=framework).framework == framework


def test_a_light_touch_framework_under_the_act_has_no_maximum_term():
    framework = _framework(start=D(2026, 4, 1), months=36, options=(24, 24), reference="SB-2026")
    procurement = new_procurement(
        framework=framework, regime=Regime.PA2023, light_touch=True, publication_date=D(2025, 9, 1)
    )
    assert procurement.framework == framework


def test_the_status_follows_the_dates():
    framework = _framework(start=D(2020, 4, 1), months=36, options=(12,))

    def status(on):
        return services.framework_status_on(
            start_date=framework.start_date,
            initial_end_date=framework.initial_end_date,
            current_end_date=D(2024, 3, 31),
            on=on,
        )

    assert status(D(2020, 3, 31)) == FrameworkStatus.COMING
    assert status(D(2020, 4, 1)) == FrameworkStatus.LIVE
    assert status(D(2023, 4, 1)) == FrameworkStatus.EXTENDED
    assert status(D(2024, 4, 1)) == FrameworkStatus.EXPIRED
    annotated = selectors.with_status(Framework.objects.all(), D(2022, 1, 1)).get()
    assert annotated.live_status == FrameworkStatus.LIVE


def test_the_timeline_shows_the_term_and_each_option():
    framework = _framework()
    services.framework_option_exercise(
        option=framework.extension_options.get(), months=12, decided_on=D(2019, 9, 17)
    )
    segments = selectors.framework_timeline(Framework.objects.get())
    assert [(s.label, s.start, s.end, s.state) for s in segments] == [
        ("Initial term", D(2018, 1, 1), D(2019, 12, 31), "initial"),
        ("Option 1 (used)", D(2020, 1, 1), D(2020, 12, 31), "used"),
        ("Option 1", D(2021, 1, 1), D(2021, 12, 31), "available"),
    ]
    bars, today_x = selectors.timeline_bars(segments, D(2020, 1, 1), width=1000)
    assert bars[0].x == 0
    assert round(sum(b.width for b in bars)) == 1000
    assert today_x == round(1000 * 730 / 1461, 2)


# --- Tiers and members -----------------------------------------------------------


def test_a_provider_may_be_on_one_tier_per_piece_of_work():
    framework = _framework(start=D(2024, 4, 1), months=36, options=())
    tier_1 = services.framework_tier_create(
        framework=framework, name="Tier 1", priority=1, lot_group="home care"
    )
    tier_2 = services.framework_tier_create(
        framework=framework, name="Tier 2", priority=2, lot_group="home care"
    )
    ld = services.framework_tier_create(
        framework=framework,
        name="Learning Disability",
        priority=1,
        service_type="learning_disability",
    )
    provider = ProviderFactory(name="Castlegate Care Services")
    services.framework_member_add(
        framework=framework, tier=tier_1, provider=provider, joined_on=D(2024, 4, 1)
    )
    with pytest.raises(
        ValidationError, match="already on Tier 1 of IDC-2018, which is for the same work"
    ):
        services.framework_member_add(
            framework=framework, tier=tier_2, provider=provider, joined_on=D(2024, 4, 1)
        )
    assert ld.lot_group == "learning disability support"
    services.framework_member_add(
        framework=framework, tier=ld, provider=provider, joined_on=D(2024, 4, 1)
    )
    assert FrameworkMember.objects.filter(provider=provider).count() == 2


def test_members_are_ranked_within_their_tier():
    tier = FrameworkTierFactory()
    FrameworkMemberFactory(tier=tier, rank=1)
    added = services.framework_member_add(
        framework=tier.framework, tier=tier, provider=ProviderFactory(), joined_on=D(2024, 5, 1)
    )
    assert added.rank == 2
    with pytest.raises(ValidationError, match="Rank 2 of"):
        services.framework_member_add(
            framework=tier.framework,
            tier=tier,
            provider=ProviderFactory(),
            rank=2,
            joined_on=D(2024, 5, 1),
        )


def test_joining_outside_the_term_is_refused():
    tier = FrameworkTierFactory()
    with pytest.raises(ValidationError, match="choose a date in that period"):
        services.framework_member_add(
            framework=tier.framework,
            tier=tier,
            provider=ProviderFactory(),
            joined_on=D(2024, 3, 31),
        )


def test_a_member_leaves_on_a_date_and_its_rank_is_free_again():
    member = FrameworkMemberFactory(rank=1)
    with pytest.raises(ValidationError, match="choose that day or later"):
        services.framework_member_leave(member=member, left_on=member.joined_on - dt.timedelta(1))
    services.framework_member_leave(member=member, left_on=D(2025, 1, 31))
    services.framework_member_add(
        framework=member.framework,
        tier=member.tier,
        provider=ProviderFactory(),
        rank=1,
        joined_on=D(2025, 2, 1),
    )


def test_the_rate_on_a_date_prefers_the_providers_own_rate():
    member = FrameworkMemberFactory()
    services.framework_rate_create(
        framework=member.framework,
        service_type="home_care",
        unit="hour",
        amount=Decimal("23.94"),
        effective_from=D(2024, 4, 1),
    )
    rate = selectors.rate_on(
        provider=member.provider,
        service_type="home_care",
        on=D(2025, 1, 1),
        framework=member.framework,
    )
    assert rate.amount == Decimal("23.94")
    ProviderRateFactory(
        provider=member.provider, amount=Decimal("25.80"), effective_from=D(2024, 10, 1)
    )
    rate = selectors.rate_on(
        provider=member.provider,
        service_type="home_care",
        on=D(2025, 1, 1),
        framework=member.framework,
    )
    assert rate.amount == Decimal("25.80")


def test_daily_refresh_lapses_options_past_their_deadline_and_updates_the_status():
    import time_machine

    from tenders.models import FrameworkStatus
    from tenders.services.frameworks import framework_create, frameworks_refresh

    with time_machine.travel(dt.datetime(2023, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        framework = framework_create(
            reference="HCS-REFRESH",
            name="Home Care and Support Framework",
            service_type="home_care",
            start_date=dt.date(2022, 4, 1),
            initial_term_months=24,
            option_months=[12, 12],
        )
    assert framework.status == FrameworkStatus.LIVE
    # Initial end 31 Mar 2024; option 1 must be decided 90 days before: 1 Jan 2024.
    option_1, option_2 = framework.extension_options.order_by("sequence")
    assert option_1.decision_deadline == dt.date(2024, 1, 1)

    assert frameworks_refresh(today=dt.date(2024, 1, 1)) == 0
    assert frameworks_refresh(today=dt.date(2024, 1, 2)) == 1
    option_1.refresh_from_db()
    option_2.refresh_from_db()
    assert (option_1.status, option_2.status) == ("lapsed", "lapsed")
    framework.refresh_from_db()
    assert framework.current_end_date == dt.date(2024, 3, 31)

    # The day after the end the stored status says expired; a second run changes nothing.
    assert frameworks_refresh(today=dt.date(2024, 4, 1)) == 1
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.EXPIRED
    assert frameworks_refresh(today=dt.date(2024, 4, 1)) == 0
