"""Factories for contracts and governance decisions. Contracts are created
through the contract service, so their derived dates are always right."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from commissioning.common.choices import ServiceType
from commissioning.models import Contract, DecisionBody, GovernanceDecision
from commissioning.services.contracts import contract_create
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
