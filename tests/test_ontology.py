"""The ontology modules: headers, labels and definitions, the vocabulary, metrics, units, bases."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from finkg import resources
from finkg.vocab import BASIS, DATA, FKG, METRIC, ONTOLOGY, QB, SDMX_ATTRIBUTE, UNIT

OURS = "https://w3id.org/finkg/"
VERSION = "0.1.0"
QUDT = Namespace("http://qudt.org/schema/qudt/")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
DECLARATIONS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)
METRIC_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FKG.lossLabel, FKG.negatedLabel)

# Labels that may name more than one metric on purpose, lower-cased. There should be none.
# A cash-flow line can read like a balance-sheet or income-statement line; the loaders tell
# them apart by the statement a table belongs to (fkg:statementKind), so these labels name two
# metrics of different statement kinds on purpose.
INTENTIONALLY_SHARED_LABELS: frozenset[str] = frozenset(
    {
        "equity in net loss of equity method investees",
        "investments in and advances to equity method investees",
        "investments in equity method investees",
    }
)

# The units finkg uses: notation -> (unit, unit kinds).
UNITS = {
    "JPY": (UNIT.CCY_JPY, {FKG.Monetary, FKG.MonetaryPerShare}),
    "USD": (UNIT.CCY_USD, {FKG.Monetary, FKG.MonetaryPerShare}),
    "EUR": (UNIT.CCY_EUR, {FKG.Monetary, FKG.MonetaryPerShare}),
    "GBP": (UNIT.CCY_GBP, {FKG.Monetary, FKG.MonetaryPerShare}),
    "CNY": (UNIT.CCY_CNY, {FKG.Monetary, FKG.MonetaryPerShare}),
    "percent": (UNIT.PERCENT, {FKG.Ratio}),
    "count": (UNIT.NUM, {FKG.Count}),
    "Gbps": (UNIT["GigaBIT-PER-SEC"], {FKG.DataRate}),
    "Mbps": (UNIT["MegaBIT-PER-SEC"], {FKG.DataRate}),
    "m2": (UNIT.M2, {FKG.Area}),
    "JPY/USD": (URIRef("https://w3id.org/finkg/unit/JPY-PER-USD"), {FKG.ExchangeRate}),
}


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return resources.ontology_graph()


def ours(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(OURS)


def fkg_terms() -> list[URIRef]:
    return [FKG[name] for name in FKG.__annotations__ if not name.startswith("_")]


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {
        s
        for kind in DECLARATIONS
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and ours(s)
    }


def test_every_module_is_one_ontology_named_after_its_file() -> None:
    for entry in resources.ontology_files():
        graph = Graph().parse(data=entry.read_text(encoding="utf-8"), format="turtle")
        modules = list(graph.subjects(RDF.type, OWL.Ontology))
        assert modules == [ONTOLOGY[entry.name.removesuffix(".ttl")]], entry.name


@pytest.mark.parametrize(
    "module",
    [pytest.param(f.name.removesuffix(".ttl"), id=f.name) for f in resources.ontology_files()],
)
def test_module_header(module: str, ontology: Graph) -> None:
    iri = ONTOLOGY[module]
    assert ontology.value(iri, OWL.versionIRI) == URIRef(f"{OURS}ontology/{VERSION}/{module}")
    assert ontology.value(iri, RDFS.label) is not None
    assert ontology.value(iri, DCTERMS.description) is not None


def test_every_ontology_has_a_version_iri(ontology: Graph) -> None:
    ontologies = set(ontology.subjects(RDF.type, OWL.Ontology))
    assert ontologies
    assert {o for o in ontologies if (o, OWL.versionIRI, None) not in ontology} == set()


def test_core_imports_every_module(ontology: Graph) -> None:
    modules = {o for o in ontology.subjects(RDF.type, OWL.Ontology) if ours(o)}
    assert set(ontology.objects(ONTOLOGY.core, OWL.imports)) == modules - {ONTOLOGY.core}
    imported_of_ours = {o for o in ontology.objects(None, OWL.imports) if ours(o)}
    assert imported_of_ours <= modules


def test_our_terms_have_label_and_definition(ontology: Graph) -> None:
    terms = declared_terms(ontology) | {s for s in ontology.subjects(RDF.type, None) if ours(s)}
    terms -= set(ontology.subjects(RDF.type, OWL.Ontology))
    assert len(terms) > 100
    missing = sorted(
        str(t)
        for t in terms
        if (t, RDFS.label, None) not in ontology or (t, SKOS.definition, None) not in ontology
    )
    assert missing == []


def test_definitions_are_real(ontology: Graph) -> None:
    short = sorted(
        str(s)
        for s, definition in ontology.subject_objects(SKOS.definition)
        if ours(s) and len(str(definition).split()) < 5
    )
    assert short == []


def test_every_vocab_term_is_declared(ontology: Graph) -> None:
    declared = declared_terms(ontology)
    assert [str(t) for t in fkg_terms() if t not in declared] == []


def test_every_declared_fkg_term_is_in_vocab(ontology: Graph) -> None:
    in_vocab = set(fkg_terms())
    fkg_declared = {t for t in declared_terms(ontology) if str(t).startswith(str(FKG))}
    assert sorted(str(t) for t in fkg_declared - in_vocab) == []


def test_naming_conventions(ontology: Graph) -> None:
    def local(term: object) -> str:
        return str(term).removeprefix(str(FKG))

    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(FKG))}
    properties = {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in ontology.subjects(RDF.type, kind)
        if str(p).startswith(str(FKG))
    }
    assert [c for c in classes if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", local(c))] == []
    assert [p for p in properties if not re.fullmatch(r"[a-z][A-Za-z0-9]*", local(p))] == []


def test_standard_superclasses(ontology: Graph) -> None:
    assert (FKG.Metric, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (FKG.Basis, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (
        FKG.Company,
        RDFS.subClassOf,
        URIRef("http://www.w3.org/ns/org#FormalOrganization"),
    ) in (ontology)
    assert (
        FKG.ReportingPeriod,
        RDFS.subClassOf,
        URIRef("http://www.w3.org/2006/time#ProperInterval"),
    ) in (ontology)
    for period in (FKG.FiscalYear, FKG.FiscalHalf, FKG.FiscalQuarter, FKG.FiscalMonth):
        assert (period, RDFS.subClassOf, FKG.ReportingPeriod) in ontology
    owning = "https://spec.edmcouncil.org/fibo/ontology/BE/OwnershipAndControl/OwnershipParties/"
    assert (FKG.Stake, RDFS.subClassOf, URIRef(owning + "EntityOwnership")) in ontology
    assert (FKG.lossLabel, RDFS.subPropertyOf, SKOS.altLabel) in ontology
    assert (FKG.negatedLabel, RDFS.subPropertyOf, SKOS.altLabel) in ontology


def metrics(ontology: Graph) -> list[URIRef]:
    return sorted(m for m in ontology.subjects(RDF.type, FKG.Metric) if isinstance(m, URIRef))


def test_metrics_exist(ontology: Graph) -> None:
    assert len(metrics(ontology)) > 10
    assert all(str(m).startswith(str(METRIC)) for m in metrics(ontology))


def test_every_metric_is_complete(ontology: Graph) -> None:
    required = {
        SKOS.prefLabel: None,
        SKOS.definition: None,
        FKG.unitKind: FKG.UnitKind,
        FKG.signConvention: FKG.SignConvention,
        FKG.statementKind: FKG.StatementKind,
        FKG.periodType: FKG.PeriodType,
    }
    problems = []
    for metric in metrics(ontology):
        for prop, kind in required.items():
            values = list(ontology.objects(metric, prop))
            if not values:
                problems.append(f"{metric} has no {prop}")
            elif kind is not None and any((v, RDF.type, kind) not in ontology for v in values):
                problems.append(f"{metric} {prop} is not a {kind}")
        if (metric, SKOS.inScheme, METRIC.scheme) not in ontology:
            problems.append(f"{metric} is not in metric:scheme")
    assert problems == []


def test_no_two_metrics_share_a_label(ontology: Graph) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for metric in metrics(ontology):
        for prop in METRIC_LABELS:
            for label in ontology.objects(metric, prop):
                owners[str(label).casefold()].add(metric)
    shared = {
        label: sorted(str(m) for m in who)
        for label, who in owners.items()
        if len(who) > 1 and label not in INTENTIONALLY_SHARED_LABELS
    }
    assert shared == {}


def test_units(ontology: Graph) -> None:
    declared: dict[str, tuple[URIRef, set[URIRef]]] = {}
    for unit in ontology.subjects(RDF.type, QUDT.Unit):
        assert isinstance(unit, URIRef)
        notations = list(ontology.objects(unit, SKOS.notation))
        assert len(notations) == 1, unit
        kinds = {k for k in ontology.objects(unit, FKG.unitKind) if isinstance(k, URIRef)}
        declared[str(notations[0])] = (unit, kinds)
    assert declared == UNITS


def test_unit_notations_are_unique(ontology: Graph) -> None:
    notations = [
        str(n)
        for u, n in ontology.subject_objects(SKOS.notation)
        if (u, FKG.unitKind, None) in ontology
    ]
    assert len(notations) == len(set(notations))


def test_bases(ontology: Graph) -> None:
    expected = {
        BASIS[name]
        for name in (
            "Actual",
            "GuidanceLow",
            "GuidanceHigh",
            "GuidancePoint",
            "Target",
            "Consensus",
            "Plan",
        )
    }
    assert set(ontology.subjects(RDF.type, FKG.Basis)) == expected
    assert set(ontology.subjects(SKOS.inScheme, BASIS.scheme)) == expected
    assert (BASIS.scheme, RDF.type, SKOS.ConceptScheme) in ontology


def test_data_structure_definition(ontology: Graph) -> None:
    dataset = DATA["dataset/observations"]
    assert (dataset, RDF.type, QB.DataSet) in ontology
    structure = ontology.value(dataset, QB.structure)
    assert (structure, RDF.type, QB.DataStructureDefinition) in ontology
    components = list(ontology.objects(structure, QB.component))

    def of(role: URIRef) -> set[URIRef]:
        return {p for c in components for p in ontology.objects(c, role) if isinstance(p, URIRef)}

    assert of(QB.dimension) == {
        FKG.reportingEntity,
        FKG.metric,
        FKG.businessScope,
        FKG.reportedIn,
        SDMX_DIMENSION.refPeriod,
        FKG.basis,
    }
    assert of(QB.measure) == {SDMX_MEASURE.obsValue}
    assert {SDMX_ATTRIBUTE.unitMeasure, FKG.decimals} <= of(QB.attribute)
    optional = {
        p
        for c in components
        if ontology.value(c, QB.componentRequired) == Literal(False)
        for p in ontology.objects(c, QB.dimension)
    }
    assert optional == set()
