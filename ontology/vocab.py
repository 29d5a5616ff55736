"""Terms of the newsgraph vocabulary that code refers to by name.

The vocabulary itself lives in ``newsgraph.ttl``; ``tests/test_ontology.py`` checks that every
term named here is declared there, so code and ontology cannot drift apart.
"""

from __future__ import annotations

from typing import Final

from ontology.namespaces import NG

#: predicate local name -> class of the n-ary event node that carries the fact
EVENT_CLASSES: Final[dict[str, str]] = {
    "raisedFunding": "FundingRound",
    "valuedAt": "Valuation",
    "investedIn": "Investment",
    "purchasedHardware": "HardwarePurchase",
    "transferredHardwareTo": "HardwareTransfer",
    "suppliesHardwareTo": "HardwareSupply",
    "rankedIn": "RankingEntry",
    "holdsRole": "RoleAssignment",
    "awaitsApprovalFrom": "ApprovalRequest",
    "founded": "Founding",
    "foundedBy": "Founding",
    "cofounded": "Founding",
    "acquired": "Acquisition",
    "mergedWith": "Merger",
    "hasStake": "Stake",
    "jointVenture": "JointVenture",
    "supplierOf": "SupplyAgreement",
    "customerOf": "SupplyAgreement",
    "revenue": "FinancialFigure",
    "profit": "FinancialFigure",
    "employees": "Headcount",
    "fined": "Fine",
    "sued": "Lawsuit",
    "regulatoryDecision": "RegulatoryDecision",
}

MODALITY_INDIVIDUALS: Final[dict[str, str]] = {
    m: NG + m.capitalize()
    for m in ("asserted", "reported", "planned", "pending", "expected", "speculative", "opinion")
}

#: statement-node properties written by ``loaders.to_rdf``
STATEMENT_PROPERTIES: Final = (
    "modality",
    "attributedTo",
    "statedIn",
    "evidenceText",
    "startOffset",
    "endOffset",
    "confidence",
    "method",
    "quantity",
    "unit",
    "approximate",
    "amount",
    "currency",
    "date",
    "rank",
    "role",
    "purpose",
    "note",
    "factId",
    "articleGraph",
    "sourceText",
    "toolVersion",
    "modelVersion",
)

STATEMENT_CLASSES: Final = ("Fact", "EvidenceSpan", "Modality", "Extraction", "Load")


def ng(local: str) -> str:
    """Full IRI of a term of the vocabulary.

    >>> ng("Fact")
    'https://w3id.org/newsgraph/ontology#Fact'
    """
    return NG + local
