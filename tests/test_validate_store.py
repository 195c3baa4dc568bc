"""``validate_store`` at scale: per-document SHACL on a support graph, in worker processes.

The fast path must report exactly what the reference does: pySHACL on the document graph with
the whole ontology copied in (``_shacl_violations``, what ``validate_store`` used to run).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from finkg.build import build
from finkg.corpus_generator import generate_corpus
from finkg.graph import ONTOLOGY_GRAPH
from finkg.store import EmbeddedStore
from finkg.validate import (
    Violation,
    _core_validator,
    _shacl_violations,
    _shapes,
    _split_shapes,
    check_constraints,
    record_validation,
    validate_store,
    validation_digest,
)

FKG = "https://w3id.org/finkg/def/"
QB_OBSERVATION = URIRef("http://purl.org/linked-data/cube#Observation")
OBS_VALUE = URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
UNIT = URIRef("http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure")
METRIC = URIRef(FKG + "metric")
FKG_DOCUMENT = URIRef(FKG + "Document")
VALIDATION_DIGEST = URIRef(FKG + "validationDigest")
UNDECLARED_UNIT = URIRef("https://example.org/units/NotAUnit")

EXPECTED_PATHS = {
    str(METRIC): "An observation must have exactly one metric (fkg:metric)",
    str(OBS_VALUE): "An observation must have exactly one value (sdmx-measure:obsValue)",
    str(UNIT): "An observation must have exactly one unit (sdmx-attribute:unitMeasure)",
}
"""What breaking one observation must report: path -> the start of the shape's message."""


def _reference(data: Graph, name: str) -> list[Violation]:
    core, _ = _split_shapes(_shapes())
    return _shacl_violations(data, name, core)


def _broken(data: Graph) -> tuple[Graph, URIRef]:
    """A copy of a document graph whose first observation has no metric, two values, a bad unit."""
    broken = Graph()
    broken += data
    observation = min(o for o in broken.subjects(RDF.type, QB_OBSERVATION) if isinstance(o, URIRef))
    broken.remove((observation, METRIC, None))
    broken.add(
        (
            observation,
            OBS_VALUE,
            Literal("-1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
        )
    )
    broken.set((observation, UNIT, UNDECLARED_UNIT))
    return broken, observation


def _generated(folder: Path, *, validate: bool) -> EmbeddedStore:
    """Nine generated documents (more than the in-process limit), the first one broken.

    The broken graph keeps the record its build wrote: that record is stale now.
    """
    paths = generate_corpus(folder / "docs", 9, seed=3)
    store = EmbeddedStore(folder / "store")
    build(paths, store, jobs=1, validate=validate)
    first = min(g for g in store.graphs() if g != ONTOLOGY_GRAPH)
    broken, _ = _broken(store.graph(first))
    store.replace_graph(first, broken)
    return store


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """Built with validation records; the broken document's record is stale."""
    return _generated(tmp_path_factory.mktemp("generated"), validate=True)


@pytest.fixture(scope="module")
def unrecorded_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The same store built without validation records: every graph is validated in full."""
    return _generated(tmp_path_factory.mktemp("unrecorded"), validate=False)


def test_corpus_documents_match_the_reference(
    corpus_store: tuple[EmbeddedStore, object],
) -> None:
    store, _ = corpus_store
    graphs = [g for g in store.graphs() if g != ONTOLOGY_GRAPH]
    assert graphs
    for graph in graphs:
        data = store.graph(graph)
        assert _core_validator().violations(data, str(graph)) == _reference(data, str(graph))


def test_broken_document_reports_what_the_reference_reports(
    corpus_store: tuple[EmbeddedStore, object],
) -> None:
    store, _ = corpus_store
    graph = min(g for g in store.graphs() if g != ONTOLOGY_GRAPH)
    broken, observation = _broken(store.graph(graph))
    found = _core_validator().violations(broken, str(graph))
    assert found == _reference(broken, str(graph))
    assert {(v.focus, v.path, v.severity) for v in found} == {
        (str(observation), path, "Violation") for path in EXPECTED_PATHS
    }
    for violation in found:
        assert violation.message.startswith(EXPECTED_PATHS[violation.path])


def test_store_results_do_not_depend_on_jobs(generated_store: EmbeddedStore) -> None:
    alone = validate_store(generated_store, jobs=1)
    pooled = validate_store(generated_store, jobs=2)
    assert pooled.violations == alone.violations
    assert pooled.conflicts == alone.conflicts
    assert (pooled.graphs, alone.graphs) == (9, 9)
    assert not alone.conforms


def test_store_reports_the_broken_document_as_the_reference_does(
    generated_store: EmbeddedStore,
) -> None:
    result = validate_store(generated_store, jobs=2)
    expected: list[Violation] = []
    for graph in sorted(g for g in generated_store.graphs() if g != ONTOLOGY_GRAPH):
        expected.extend(_reference(generated_store.graph(graph), str(graph)))
    documents = [v for v in result.violations if v.graph != "store"]
    assert documents == expected
    first = min(g for g in generated_store.graphs() if g != ONTOLOGY_GRAPH)
    assert {(v.graph, v.path) for v in documents} == {(str(first), p) for p in EXPECTED_PATHS}


@pytest.mark.parametrize(
    "with_ontology",
    [pytest.param(False, id="empty-store"), pytest.param(True, id="ontology-only")],
)
def test_no_store_wide_result_without_observations(tmp_path: Path, with_ontology: bool) -> None:
    with EmbeddedStore(None) as store:
        if with_ontology:
            build([], store)
        assert check_constraints(store) == []


def test_observation_without_source_is_found_store_wide(generated_store: EmbeddedStore) -> None:
    graph = max(g for g in generated_store.graphs() if g != ONTOLOGY_GRAPH)
    data = generated_store.graph(graph)
    observation = min(o for o in data.subjects(RDF.type, QB_OBSERVATION) if isinstance(o, URIRef))
    with EmbeddedStore(None) as store:
        build([], store)
        data.remove((observation, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
        store.replace_graph(graph, data)
        found = [v for v in check_constraints(store) if "does not say where" in v.message]
    assert [(v.focus, v.severity) for v in found] == [(str(observation), "Violation")]


def test_records_give_the_same_result_as_a_full_validation(
    generated_store: EmbeddedStore, unrecorded_store: EmbeddedStore
) -> None:
    recorded = validate_store(generated_store, jobs=2)
    full = validate_store(unrecorded_store, jobs=2)
    assert (recorded.recorded, full.recorded) == (8, 0)
    assert recorded.violations == full.violations
    assert recorded.conflicts == full.conflicts
    assert [v.path for v in recorded.violations if v.graph != "store"] == sorted(EXPECTED_PATHS)


def test_a_record_survives_the_store_and_names_the_document(
    corpus_store: tuple[EmbeddedStore, object],
) -> None:
    store, _ = corpus_store
    for graph in [g for g in store.graphs() if g != ONTOLOGY_GRAPH]:
        data = store.graph(graph)
        documents = set(data.subjects(RDF.type, FKG_DOCUMENT))
        records = {(s, str(o)) for s, o in data.subject_objects(VALIDATION_DIGEST)}
        assert records == {(d, validation_digest(data)) for d in documents}
    assert validate_store(store, jobs=1).recorded == len(store.graphs()) - 1


def test_record_validation_writes_no_record_for_a_broken_graph(
    corpus_store: tuple[EmbeddedStore, object],
) -> None:
    store, _ = corpus_store
    graph = min(g for g in store.graphs() if g != ONTOLOGY_GRAPH)
    broken, _ = _broken(store.graph(graph))
    broken.remove((None, VALIDATION_DIGEST, None))
    found = record_validation(broken, str(graph))
    assert {v.path for v in found} == set(EXPECTED_PATHS)
    assert list(broken.objects(None, VALIDATION_DIGEST)) == []
