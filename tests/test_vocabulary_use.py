"""Every class and property in data built from the corpus is declared somewhere we know."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from finkg.build import BuildReport
from finkg.graph import ONTOLOGY_GRAPH
from finkg.resources import ontology_graph
from finkg.store import EmbeddedStore
from finkg.vocab import STANDARD_NAMESPACES

OURS = "https://w3id.org/finkg/"
DECLARATIONS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    RDFS.Class,
)


def _used_terms(data: Graph) -> set[URIRef]:
    used = {p for p in data.predicates() if isinstance(p, URIRef)}
    used |= {o for o in data.objects(None, RDF.type) if isinstance(o, URIRef)}
    return used


def test_corpus_data_uses_only_declared_or_standard_terms(
    corpus_store: tuple[EmbeddedStore, BuildReport],
) -> None:
    store, _ = corpus_store
    ontology = ontology_graph()
    declared = {s for kind in DECLARATIONS for s in ontology.subjects(RDF.type, kind)}
    standard = tuple(STANDARD_NAMESPACES.values())
    used: set[URIRef] = set()
    for graph in store.graphs():
        if graph != ONTOLOGY_GRAPH:
            used |= _used_terms(store.graph(graph))
    assert used, "the corpus built no data"
    ours = {term for term in used if str(term).startswith(OURS)}
    assert ours, "no term of ours in the data"
    undeclared = sorted(str(t) for t in ours if t not in declared)
    assert undeclared == []
    foreign = sorted(
        str(t) for t in used - ours if not str(t).startswith(standard) and t not in declared
    )
    assert foreign == []


def test_every_term_of_ours_in_the_data_has_a_label_and_a_definition(
    corpus_store: tuple[EmbeddedStore, BuildReport],
) -> None:
    from rdflib.namespace import SKOS

    store, _ = corpus_store
    ontology = ontology_graph()
    used: set[URIRef] = set()
    for graph in store.graphs():
        if graph != ONTOLOGY_GRAPH:
            used |= _used_terms(store.graph(graph))
    missing = sorted(
        str(t)
        for t in used
        if str(t).startswith(OURS)
        and (ontology.value(t, RDFS.label) is None or ontology.value(t, SKOS.definition) is None)
    )
    assert missing == []
