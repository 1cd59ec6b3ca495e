"""Factories for contracts and governance decisions. Contracts are created
through the contract service, so their derived dates are always right."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from commissioning.common.choices import ServiceType
from commissioning.models import Contract, DecisionBody, GovernanceDecision
from commissioning.services.contracts import (
    contract_create,
    contract_exercise_option,
    contract_extend_by_waiver,
)
from commissioning.services.decisions import decision_create


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"ASC-T{n:04d}")
    title = factory.Sequence(lambda n: f"Home care in locality {n}")
    provider = factory.SubFactory("providers.tests.factories.ProviderFactory")
    service_type = ServiceType.HOME_CARE
    start_date = dt.date(2024, 4, 1)
    initial_term_months = 36
    annual_value = Decimal("250000.00")
    option_months = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return contract_create(**kwargs)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceDecision

    body = DecisionBody.CABINET
    meeting_date = dt.date(2024, 4, 16)
    item_number = factory.Sequence(lambda n: str(100 + n))
    title = factory.Sequence(lambda n: f"Home care recommissioning, report {n}")
    resolutions = ("That Cabinet approves the recommendations of the report.",)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return decision_create(**kwargs)


def seed_004_contract(*, reference: str = "IDC-2018-01", decision=None) -> Contract:
    """Seed 004's IDC call-off: 1 Jan 2018 - 31 Dec 2019, the option of up to
    24 months used to 31 Dec 2021, then a 3-month waiver to 31 Mar 2022."""
    contract = ContractFactory(
        reference=reference,
        start_date=dt.date(2018, 1, 1),
        initial_term_months=24,
        option_months=[24],
    )
    contract_exercise_option(
        contract=contract,
        option=contract.extension_options.get(),
        decided_on=dt.date(2019, 9, 17),
        today=dt.date(2019, 9, 17),
    )
    contract_extend_by_waiver(
        contract=contract,
        months=3,
        reason="Waiver of the Contract Procedure Rules under Rule 3.2.9.3",
        decided_on=dt.date(2021, 10, 19),
        decision=decision,
        decision_reference="" if decision else "Cabinet, Rule 3.2.9.3 waiver",
        today=dt.date(2021, 10, 19),
    )
    return Contract.objects.get(pk=contract.pk)
