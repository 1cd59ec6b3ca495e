"""Models of the core app, one module per topic."""

from commissioning.models.access import Capability, RecordView
from commissioning.models.care import (
    BrokerageOffer,
    CarePackage,
    HourBankUsage,
    OfferResponse,
    PackageReview,
    PackageStatus,
    Person,
    ReviewLead,
)
from commissioning.models.contracts import (
    Contract,
    ContractFunding,
    ContractStatus,
    ContractVariation,
    DecisionBody,
    DecisionResolution,
    ExtensionOption,
    GovernanceDecision,
    ProcurementRoute,
    RejectedOption,
    VariationKind,
)

__all__ = [
    "BrokerageOffer",
    "Capability",
    "CarePackage",
    "Contract",
    "ContractFunding",
    "ContractStatus",
    "ContractVariation",
    "DecisionBody",
    "DecisionResolution",
    "ExtensionOption",
    "GovernanceDecision",
    "HourBankUsage",
    "OfferResponse",
    "PackageReview",
    "PackageStatus",
    "Person",
    "ProcurementRoute",
    "RecordView",
    "RejectedOption",
    "ReviewLead",
    "VariationKind",
]
