"""The RDF vocabularies finkg writes: its own terms and the standard ones it reuses.

Every term of ours is a `DefinedNamespace` member with ``_fail = True``, so a misspelt term raises
at import time instead of minting a new IRI; a test checks that each one is declared, labelled and
defined in ``ontology/``.

>>> str(FKG.Document)
'https://w3id.org/finkg/def/Document'
>>> FKG.Documnet  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'Documnet' not in namespace 'https://w3id.org/finkg/def/'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "BASIS",
    "DATA",
    "FIBO_CB",
    "FIBO_CCTL",
    "FIBO_LEI",
    "FIBO_OPTY",
    "FKG",
    "KIND",
    "METRIC",
    "ONTOLOGY",
    "ORG",
    "QB",
    "SCHEMA",
    "SDMX_ATTRIBUTE",
    "SDMX_DIMENSION",
    "SDMX_MEASURE",
    "STANDARD_NAMESPACES",
    "UNIT",
    "USGAAP",
]


class FKG(DefinedNamespace):
    """finkg's own classes, properties and individuals (``ontology/*.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/finkg/def/")

    # provenance (ontology/provenance.ttl)
    Document: URIRef
    SourceSpan: URIRef
    fileName: URIRef
    sha256: URIRef
    validationDigest: URIRef
    issuer: URIRef
    documentKind: URIRef
    reportsOn: URIRef
    inDocument: URIRef
    lineNumber: URIRef
    verbatimText: URIRef

    # organisations (ontology/organization.ttl)
    Company: URIRef
    Listing: URIRef
    hasListing: URIRef
    exchange: URIRef
    ticker: URIRef
    fiscalYearEnd: URIRef

    # ownership (ontology/ownership.ttl)
    Stake: URIRef
    StakeKind: URIRef
    stakeKind: URIRef
    asOfDate: URIRef
    ConsolidatedSubsidiary: URIRef
    EquityMethodInvestee: URIRef
    Affiliate: URIRef
    Shareholding: URIRef

    # business (ontology/business.ttl)
    BusinessSegment: URIRef
    segmentOf: URIRef
    revenueRecognizedIn: URIRef
    launchDate: URIRef
    CustomerRelationship: URIRef
    customer: URIRef
    supplier: URIRef
    businessLine: URIRef
    industry: URIRef
    duringPeriod: URIRef
    Partnership: URIRef
    partner: URIRef
    tieKind: URIRef
    Event: URIRef
    eventKind: URIRef
    involves: URIRef
    TieKind: URIRef
    EventKind: URIRef
    cuePhrase: URIRef

    # fiscal calendar (ontology/time.ttl)
    ReportingPeriod: URIRef
    FiscalYear: URIRef
    FiscalHalf: URIRef
    FiscalQuarter: URIRef
    FiscalMonth: URIRef
    fiscalLabel: URIRef
    fiscalYear: URIRef

    # metrics (ontology/metric.ttl; the concepts themselves are in ontology/metrics.ttl)
    Metric: URIRef
    UnitKind: URIRef
    SignConvention: URIRef
    StatementKind: URIRef
    PeriodType: URIRef
    unitKind: URIRef
    signConvention: URIRef
    statementKind: URIRef
    periodType: URIRef
    lossLabel: URIRef
    negatedLabel: URIRef
    Monetary: URIRef
    MonetaryPerShare: URIRef
    Ratio: URIRef
    Count: URIRef
    DataRate: URIRef
    Area: URIRef
    ExchangeRate: URIRef
    NaturalSign: URIRef
    IncomePositive: URIRef
    CashInflowPositive: URIRef
    IncomeStatement: URIRef
    BalanceSheet: URIRef
    CashFlowStatement: URIRef
    OperatingData: URIRef
    Duration: URIRef
    Instant: URIRef
    Calculation: URIRef
    calculation: URIRef
    summand: URIRef
    subtrahend: URIRef
    balanceChangeOf: URIRef

    # observations (ontology/observation.ttl)
    Basis: URIRef
    reportingEntity: URIRef
    metric: URIRef
    segment: URIRef
    businessScope: URIRef
    WholeCompany: URIRef
    reportedIn: URIRef
    basis: URIRef
    decimals: URIRef
    isApproximate: URIRef

    # stated changes (ontology/change.ttl)
    StatedChange: URIRef
    Comparison: URIRef
    changeOf: URIRef
    comparison: URIRef
    QuarterOverQuarter: URIRef
    YearOverYear: URIRef

    # statement order of metrics (ontology/metric.ttl)
    presentationOrder: URIRef


ONTOLOGY = Namespace("https://w3id.org/finkg/ontology/")
"""Ontology module IRIs: ``ONTOLOGY.core``, ``ONTOLOGY.metrics``, ..."""

METRIC = Namespace("https://w3id.org/finkg/metric/")
"""The metric concept scheme (``ontology/metrics.ttl``): ``METRIC.Revenues``, ..."""

KIND = Namespace("https://w3id.org/finkg/kind/")
"""Kinds of ties and events (``ontology/business.ttl``): ``KIND.OemSupply``, ``KIND.Launch``."""

BASIS = Namespace("https://w3id.org/finkg/basis/")
"""Bases of an observation (``ontology/observation.ttl``): actual, guidance, target, ..."""

DATA = Namespace("https://w3id.org/finkg/id/")
"""Instance data: documents, companies, periods, observations (minted by ``finkg.graph``)."""

QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
USGAAP = Namespace("http://fasb.org/us-gaap/2024#")
FIBO_CB = Namespace("https://spec.edmcouncil.org/fibo/ontology/BE/LegalEntities/CorporateBodies/")
FIBO_CCTL = Namespace(
    "https://spec.edmcouncil.org/fibo/ontology/BE/OwnershipAndControl/CorporateControl/"
)
FIBO_OPTY = Namespace(
    "https://spec.edmcouncil.org/fibo/ontology/BE/OwnershipAndControl/OwnershipParties/"
)
FIBO_LEI = Namespace("https://spec.edmcouncil.org/fibo/ontology/BE/LegalEntities/LEIEntities/")

STANDARD_NAMESPACES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "unit": str(UNIT),
    "us-gaap": str(USGAAP),
    "fibo-be-le-cb": str(FIBO_CB),
    "fibo-be-oac-cctl": str(FIBO_CCTL),
    "fibo-be-oac-opty": str(FIBO_OPTY),
    "fibo-be-le-lei": str(FIBO_LEI),
}
"""Prefixes of the standard vocabularies finkg reuses; terms in these count as declared."""
