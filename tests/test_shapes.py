"""The SHACL shapes: valid data conforms, and each broken case fails on the shape meant for it.

Data is validated together with the packaged ontology (their union is the data graph), as finkg
validates a store: metrics, units, bases and the data set are declared in the ontology, and the
shapes check the data against them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, SH, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from finkg import resources
from finkg.vocab import FKG

DATA = Path(__file__).parent / "data"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
FKGSH = Namespace("https://w3id.org/finkg/shapes/")

# Each invalid file, and the shapes that must report it (the sh:sourceShape of the report's
# top-level results): exactly these, so that a file breaks one rule and not others by accident.
EXPECTED: dict[str, set[str]] = {
    # business kinds and contact points
    "business-partnership-type-not-a-tie-kind": {"Partnership-type"},
    "business-event-type-not-an-event-kind": {"Event-type"},
    "business-event-two-kind-concepts": {"Event-type"},
    "organization-contact-point-email-without-at": {"ContactPoint-email"},
    "organization-contact-point-without-source": {"ContactPoint-source"},
    # accounting identities
    "accounting-cash-roll-forward-broken": {"BalanceRollForwardShape"},
    "accounting-quarters-not-year": {"FourQuartersShape"},
    "accounting-segment-exceeds-total": {"SegmentWithinTotalShape"},
    "accounting-total-not-sum-of-parts": {"CalculationShape"},
    # stated changes
    "change-of-unknown-metric": {"StatedChange-changeOf"},
    "change-period-is-instant": {"StatedChange-refPeriod"},
    "change-unit-is-currency": {"StatedChange-unitMeasure"},
    "change-value-as-string": {"StatedChange-obsValue"},
    "change-without-comparison": {"StatedChange-comparison"},
    "change-without-source": {"StatedChange-wasDerivedFrom", "StatedChange-hadPrimarySource"},
    # provenance
    "document-date-not-a-date": {"Document-date"},
    "document-issuer-not-company": {"Document-issuer"},
    "document-sha256-malformed": {"Document-sha256"},
    "document-without-file-name": {"Document-fileName"},
    "span-line-number-zero": {"SourceSpan-lineNumber"},
    "span-without-document": {"SourceSpan-inDocument"},
    "span-without-text": {"SourceSpan-verbatimText"},
    # organisations
    "company-fiscal-year-end-as-date": {"Company-fiscalYearEnd"},
    "company-without-name": {"Company-prefLabel"},
    "listing-without-ticker": {"Listing-ticker"},
    "membership-member-not-person": {"Membership-member"},
    "membership-without-role": {"Membership-role"},
    "person-without-name": {"PersonShape"},
    # ownership
    "stake-kind-unknown": {"Stake-stakeKind"},
    "stake-owner-is-owned": {"Stake-owningEntity"},
    "stake-percent-as-string": {"Stake-percentage"},
    "stake-percent-negative": {"Stake-percentage"},
    "stake-percent-over-100": {"Stake-percentage"},
    "stake-without-kind": {"Stake-stakeKind"},
    "stake-without-source": {"Stake-source"},
    # business
    "customer-relationship-business-line-literal": {"CustomerRelationship-businessLine"},
    "customer-relationship-without-customer": {"CustomerRelationship-customer"},
    "event-without-kind": {"Event-eventKind"},
    "partnership-single-partner": {"Partnership-partner"},
    "segment-without-company": {"BusinessSegment-segmentOf"},
    "service-launch-date-as-string": {"Service-launchDate"},
    "service-segment-of-other-company": {"ServiceSegmentOwnerShape"},
    "service-without-provider": {"Service-provider"},
    # time
    "fiscal-quarter-without-fiscal-year": {"FiscalPeriod-fiscalYear"},
    "instant-date-not-a-date": {"Instant-inXSDDate"},
    "period-begin-after-end": {"PeriodOrderShape"},
    "period-two-labels": {"FiscalPeriod-fiscalLabel"},
    "period-without-end": {"ReportingPeriod-hasEnd"},
    # observations
    "dataset-without-structure": {"DataSet-structure"},
    "observation-approximate-not-boolean": {"Observation-isApproximate"},
    "observation-duration-metric-with-instant": {"ObservationDurationPeriodShape"},
    "observation-instant-metric-with-interval": {"ObservationInstantPeriodShape"},
    "observation-segment-not-a-segment": {"Observation-segment", "ObservationSegmentOwnerShape"},
    "observation-segment-of-other-company": {"ObservationSegmentOwnerShape"},
    "observation-source-not-a-span": {"ObservationProvenanceShape"},
    "observation-source-span-incomplete": {
        "ObservationProvenanceShape",
        "SourceSpan-verbatimText",
    },
    "observation-two-values": {"Observation-obsValue"},
    "observation-unit-kind-mismatch": {"ObservationUnitKindShape"},
    "observation-unknown-metric": {"Observation-metric"},
    "observation-unknown-unit": {"Observation-unitMeasure"},
    "observation-value-as-string": {"Observation-obsValue"},
    "observation-without-basis": {"Observation-basis"},
    "observation-without-dataset": {"Observation-dataSet"},
    "observation-without-decimals": {"Observation-decimals"},
    "observation-without-metric": {"Observation-metric"},
    "observation-without-period": {"Observation-refPeriod"},
    "observation-without-provenance": {"ObservationProvenanceShape"},
    "observation-without-reporting-entity": {"Observation-reportingEntity"},
    # metrics, units, bases
    "basis-outside-scheme": {"Basis-inScheme"},
    "metric-label-clash": {"MetricLabelClashShape"},
    "metric-period-type-unknown": {"Metric-periodType"},
    "metric-without-definition": {"Metric-definition"},
    "metric-without-unit-kind": {"Metric-unitKind"},
    "unit-without-notation": {"Unit-notation"},
}

# Constraint parameters that make a shape report something by itself.
_CONSTRAINTS = (
    SH["class"],
    SH.datatype,
    SH.disjoint,
    SH.hasValue,
    SH["in"],
    SH.maxCount,
    SH.maxInclusive,
    SH.minCount,
    SH.minInclusive,
    SH.minLength,
    SH.node,
    SH.nodeKind,
    SH["or"],
    SH.pattern,
    SH.uniqueLang,
)


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return resources.ontology_graph()


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return resources.shapes_graph()


def validate(data: Graph, ontology: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    union = Graph()
    union += ontology
    union += data
    conforms, report, text = pyshacl.validate(union, shacl_graph=shapes)
    assert isinstance(report, Graph)
    return bool(conforms), report, str(text)


def shape_name(shape: Node) -> str:
    return str(shape).removeprefix(str(FKGSH)) if isinstance(shape, URIRef) else repr(shape)


def top_level_results(report: Graph) -> list[Node]:
    return list(report.objects(None, SH.result))


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in VALID])
def test_valid_data_conforms(path: Path, ontology: Graph, shapes: Graph) -> None:
    conforms, _, text = validate(Graph().parse(path), ontology, shapes)
    assert conforms, text


@pytest.mark.parametrize(
    ("name", "expected"),
    [pytest.param(name, expected, id=name) for name, expected in sorted(EXPECTED.items())],
)
def test_invalid_data_fails_on_its_shape(
    name: str, expected: set[str], ontology: Graph, shapes: Graph
) -> None:
    data = Graph().parse(DATA / "invalid" / f"{name}.ttl")
    conforms, report, text = validate(data, ontology, shapes)
    assert not conforms
    results = top_level_results(report)
    reported = {shape_name(shape) for r in results for shape in report.objects(r, SH.sourceShape)}
    assert reported == expected, text
    for result in results:
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        assert messages, f"a result of {name} has no message"
        assert all(len(message) > 20 for message in messages), messages


def test_every_invalid_file_has_an_expectation() -> None:
    assert {path.stem for path in INVALID} == set(EXPECTED)
    assert VALID


def _parent_node_shape(shapes: Graph, shape: URIRef) -> URIRef:
    if (shape, RDF.type, SH.NodeShape) in shapes:
        return shape
    parent = shapes.value(predicate=SH.property, object=shape)
    assert isinstance(parent, URIRef), f"{shape} is in no node shape"
    return parent


def test_every_shape_has_an_invalid_case(shapes: Graph) -> None:
    covered: set[URIRef] = set()
    for names in EXPECTED.values():
        for name in names:
            shape = FKGSH[name]
            covered.add(_parent_node_shape(shapes, shape))
            covered.update(o for o in shapes.objects(shape, SH.node) if isinstance(o, URIRef))
    node_shapes = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert node_shapes - covered == set()


def test_every_sparql_constraint_has_an_invalid_case(shapes: Graph) -> None:
    expected = set().union(*EXPECTED.values())
    with_sparql = {shape_name(s) for s in shapes.subjects(SH.sparql, None)}
    assert with_sparql
    assert with_sparql - expected == set()


def test_every_shape_says_what_is_wrong(shapes: Graph) -> None:
    """Named shapes that constrain something, and SPARQL constraints, carry an sh:message."""
    silent = []
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    ):
        constrains = any((shape, p, None) in shapes for p in _CONSTRAINTS)
        if constrains and (shape, SH.message, None) not in shapes:
            silent.append(shape_name(shape))
    for constraint in shapes.objects(None, SH.sparql):
        if (constraint, SH.message, None) not in shapes:
            silent.append(shape_name(constraint))
    assert silent == []


def test_shapes_use_only_declared_terms(shapes: Graph) -> None:
    """A misspelt term in a shape would never match anything: every fkg: term must exist."""
    known = {str(FKG[name]) for name in FKG.__annotations__}
    used = {
        str(t)
        for triple in shapes
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(FKG))
    }
    for query in shapes.objects(None, SH.select):
        used |= {str(FKG) + name for name in re.findall(r"\bfkg:(\w+)", str(query))}
    assert sorted(used - known) == []


def test_shapes_pass_the_shacl_meta_shapes(shapes: Graph) -> None:
    tiny = Graph()
    tiny.add((URIRef("https://w3id.org/finkg/id/org/x"), RDF.type, URIRef("urn:x:Thing")))
    conforms, _, text = pyshacl.validate(tiny, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_shapes_are_named_iris(shapes: Graph) -> None:
    """Every node and property shape has an IRI, so reports name it (sh:or members aside)."""
    anonymous = [
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, BNode)
    ]
    assert anonymous == []
    assert all(isinstance(m, Literal) for m in shapes.objects(None, SH.message))
