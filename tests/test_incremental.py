"""Idempotent and incremental builds, and a store that does not depend on the worker count.

Stores are compared through their N-Quads export, graph by graph, with rdflib.compare.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from finkg.build import BuildReport, build, collect_paths
from finkg.corpus_generator import generate_corpus
from finkg.export import export
from finkg.graph import ONTOLOGY_GRAPH, graph_iri
from finkg.store import EmbeddedStore


def exported(store: EmbeddedStore, tmp_path: Path) -> dict[str, Graph]:
    """The store's N-Quads export, read back: graph name -> graph."""
    out = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.nq"
    export(store, out, "nq")
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    graphs = {str(graph.identifier): graph for graph in dataset.graphs() if len(graph)}
    return {name: graphs[name] for name in sorted(graphs)}


def assert_same(left: dict[str, Graph], right: dict[str, Graph]) -> None:
    assert list(left) == list(right)
    for name in left:
        assert isomorphic(left[name], right[name]), name


def iris(graphs: dict[str, Graph]) -> set[str]:
    return {
        str(term)
        for graph in graphs.values()
        for triple in graph
        for term in triple
        if isinstance(term, URIRef)
    }


def statuses(report: BuildReport) -> list[tuple[str, str]]:
    return [(doc.file, doc.status) for doc in report.documents]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for path in collect_paths([corpus_dir]):
        shutil.copy(path, folder / path.name)
    return folder


def test_building_twice_gives_the_same_graph(docs: Path, tmp_path: Path) -> None:
    paths = collect_paths([docs])
    with EmbeddedStore(tmp_path / "store") as store:
        first = build(paths, store)
        once = exported(store, tmp_path)
        again = build(paths, store)
        assert statuses(again) == [(path.name, "unchanged") for path in paths]
        assert_same(exported(store, tmp_path), once)
        forced = build(paths, store, force=True)
        assert statuses(forced) == [(path.name, "loaded") for path in paths]
        twice = exported(store, tmp_path)
        assert store.triple_count() == first.triples + len(twice[str(ONTOLOGY_GRAPH)])
    assert_same(twice, once)
    assert iris(twice) == iris(once)
    documents = [graph for name, graph in twice.items() if name != str(ONTOLOGY_GRAPH)]
    blank = [t for g in documents for t in g if any(isinstance(x, BNode) for x in t)]
    assert not blank  # IRIs from natural keys only: nothing for a rebuild to renumber


def test_a_changed_document_replaces_only_its_graph(docs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(docs, folder)
    paths = collect_paths([folder])
    changed = paths[1]
    with EmbeddedStore(tmp_path / "store") as store:
        build(paths, store)
        before = exported(store, tmp_path)
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text + "\nRevenues were JPY 1,234 million in 1Q24.\n", encoding="utf-8")
        report = build(paths, store)
        after = exported(store, tmp_path)
    assert statuses(report) == [
        (path.name, "loaded" if path == changed else "unchanged") for path in paths
    ]
    target = str(graph_iri(changed.name))
    assert list(after) == list(before)
    for name in before:
        if name == str(ONTOLOGY_GRAPH):  # rewritten by every build: the same, up to blank nodes
            assert isomorphic(after[name], before[name])
        elif name != target:  # untouched, triple for triple
            assert set(after[name]) == set(before[name]), name
    assert set(after[target]) != set(before[target])
    with EmbeddedStore(tmp_path / "fresh") as fresh:
        build(paths, fresh)
        assert isomorphic(after[target], exported(fresh, tmp_path)[target])


def test_the_store_does_not_depend_on_the_number_of_workers(tmp_path: Path) -> None:
    paths = generate_corpus(tmp_path / "docs", 12, seed=21)
    results: list[dict[str, Graph]] = []
    for jobs in (1, 2):
        with EmbeddedStore(tmp_path / f"jobs{jobs}") as store:
            report = build(paths, store, jobs=jobs)
            assert statuses(report) == [(path.name, "loaded") for path in paths]
            results.append(exported(store, tmp_path))
    assert_same(results[0], results[1])
    assert len(results[0]) == len(paths) + 1  # one graph per document, and the ontology
