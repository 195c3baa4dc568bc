from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from finkg.remote import RemoteStore
from finkg.store import (
    BindingError,
    EmbeddedStore,
    QueryError,
    RdfSyntaxError,
    Store,
    StoreError,
    StoreLocationError,
    file_graph_iri,
    open_store,
)

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
GYEAR, INTEGER = URIRef(f"{XSD}gYear"), URIRef(f"{XSD}integer")
G1, G2 = URIRef(f"{EX}graph/one"), URIRef(f"{EX}graph/two")
S, P, Q = URIRef(f"{EX}s"), URIRef(f"{EX}p"), URIRef(f"{EX}q")


def triples(label: str, n: int = 3) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}{label}/{i}"), P, Literal(f"{label} {i}")) for i in range(n)]


def as_graph(items: object) -> Graph:
    graph = Graph()
    for triple in items:  # type: ignore[attr-defined]
        graph.add(triple)
    return graph


@pytest.fixture(params=[pytest.param("memory", id="memory"), pytest.param("disk", id="disk")])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with EmbeddedStore(None if request.param == "memory" else tmp_path / "store") as opened:
        yield opened


def test_embedded_store_is_a_store() -> None:
    store: Store = EmbeddedStore(None)
    assert store.graphs() == []


def test_persistent_store_keeps_its_data_when_reopened(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "store"
    with EmbeddedStore(folder) as store:
        assert store.replace_graph(G1, triples("a")) == 3
    with EmbeddedStore(folder) as store:
        assert store.graphs() == [G1]
        assert isomorphic(store.graph(G1), as_graph(triples("a")))


def test_replacing_twice_leaves_only_the_new_content(store: Store) -> None:
    store.replace_graph(G1, triples("old", 5))
    assert store.replace_graph(G1, triples("new", 3)) == 3
    assert store.replace_graph(G1, triples("new", 3)) == 3
    assert store.triple_count() == 3
    assert isomorphic(store.graph(G1), as_graph(triples("new", 3)))


def test_replacing_one_graph_leaves_another_untouched(store: Store) -> None:
    store.replace_graph(G1, triples("a"))
    store.replace_graph(G2, [*triples("b"), (S, P, BNode()), (S, Q, Literal("x", lang="en"))])
    before = store.graph(G2)
    store.replace_graph(G1, triples("c", 7))
    assert isomorphic(store.graph(G2), before)
    assert store.graphs() == [G1, G2]
    assert store.triple_count() == 7 + len(before)


def test_replace_counts_distinct_triples_and_empty_replacement_removes_the_graph(
    store: Store,
) -> None:
    assert store.replace_graph(G1, [*triples("a"), *triples("a")]) == 3
    assert store.replace_graph(G1, []) == 0
    assert not store.has_graph(G1)
    assert store.graphs() == []


def test_a_failing_replacement_keeps_the_old_graph(store: Store) -> None:
    store.replace_graph(G1, triples("old"))

    def broken() -> Iterator[tuple[URIRef, URIRef, Literal]]:
        yield from triples("new")
        raise RuntimeError("the loader died")

    with pytest.raises(RuntimeError, match="loader died"):
        store.replace_graph(G1, broken())
    assert store.graphs() == [G1]
    assert isomorphic(store.graph(G1), as_graph(triples("old")))
    assert store.triple_count() == 3


def test_one_pyoxigraph_update_is_one_transaction() -> None:
    """replace_graph relies on this: a failing MOVE undoes the DROP before it."""
    raw = ox.Store()
    raw.add(ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal("old"), ox.NamedNode(G1)))
    with pytest.raises(RuntimeError):
        raw.update(f"DROP SILENT GRAPH <{G1}> ; MOVE <{EX}missing> TO <{G1}>")
    assert len(list(raw.quads_for_pattern(None, None, None, ox.NamedNode(G1)))) == 1


@pytest.mark.parametrize(
    ("lexical", "datatype", "stored", "stored_datatype"),
    [
        pytest.param("249", "positiveInteger", "249", "integer", id="positiveInteger"),
        pytest.param("007", "integer", "7", "integer", id="integer"),
        pytest.param("-0.50", "decimal", "-0.5", "decimal", id="decimal"),
        pytest.param("1", "boolean", "true", "boolean", id="boolean"),
        pytest.param("2002", "gYear", "2002", "gYear", id="gYear"),
    ],
)
def test_pyoxigraph_stores_numbers_as_values(
    store: Store, lexical: str, datatype: str, stored: str, stored_datatype: str
) -> None:
    """Known pyoxigraph 0.5 behaviour, pinned here so that a change is noticed.

    Typed numeric and boolean literals come back in canonical form, and the integer subtypes
    (xsd:positiveInteger, xsd:int, ...) come back as xsd:integer.
    """
    store.replace_graph(G1, [(S, P, Literal(lexical, datatype=URIRef(XSD + datatype)))])
    ((_, _, value),) = store.graph_triples(G1)
    assert value == Literal(stored, datatype=URIRef(XSD + stored_datatype))


def test_staging_graphs_left_by_a_crash_are_dropped_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with EmbeddedStore(folder) as store:
        store.replace_graph(G1, triples("a"))
    raw = ox.Store(folder)
    staging = ox.NamedNode("urn:finkg:staging:0123")
    raw.add(ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal("half"), staging))
    raw.flush()
    del raw
    with EmbeddedStore(folder) as store:
        assert store.graphs() == [G1]
        assert store.triple_count() == 3


def test_select_with_bindings_returns_rdflib_terms(store: Store) -> None:
    store.replace_graph(G1, [(S, P, Literal("2002", datatype=GYEAR)), (S, Q, BNode())])
    store.replace_graph(G2, [(S, P, Literal("IIJ", lang="en")), (Q, P, Literal("other"))])
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)"
    result = store.select(query, {"s": S, "p": P})
    assert result.variables == ["s", "p", "o"]
    assert [row["o"] for row in result.rows] == [
        Literal("2002", datatype=GYEAR),
        Literal("IIJ", lang="en"),
    ]
    assert all(row["s"] == S for row in result.rows)
    (blank,) = store.select("SELECT ?p ?o WHERE { ?s ?p ?o }", {"p": Q}).rows
    assert isinstance(blank["o"], BNode)


def test_select_reports_unbound_values_as_none(store: Store) -> None:
    store.replace_graph(G1, [(S, P, Literal("x"))])
    result = store.select(
        "SELECT ?s ?missing WHERE { ?s ?p ?o OPTIONAL { ?s <urn:x:no> ?missing } }"
    )
    assert result.rows == [{"s": S, "missing": None}]


def test_union_false_queries_only_the_default_graph(store: Store) -> None:
    store.replace_graph(G1, triples("a"))
    assert store.ask("ASK { ?s ?p ?o }")
    assert not store.ask("ASK { ?s ?p ?o }", union=False)
    assert store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": G1}, union=False) is True


def test_construct_and_graph_and_dataset(store: Store) -> None:
    store.replace_graph(G1, triples("a"))
    store.replace_graph(G2, triples("b"))
    built = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isomorphic(built, as_graph([*triples("a"), *triples("b")]))
    dataset = store.dataset()
    assert isinstance(dataset, Dataset)
    assert isomorphic(dataset.graph(G2), as_graph(triples("b")))
    assert len(list(dataset.quads())) == 6
    assert sorted(store.graph_triples(G1)) == sorted(triples("a"))


@pytest.mark.parametrize(
    ("query", "bindings", "error", "message"),
    [
        pytest.param("SELECT ?s WHERE { ?s ?p", None, QueryError, "invalid SPARQL", id="syntax"),
        pytest.param("ASK { ?s ?p ?o }", None, QueryError, "expected a SELECT", id="not-select"),
        pytest.param(
            "SELECT ?s WHERE { ?s ?p ?o }", {"o": S}, BindingError, r"\?o", id="not-selected"
        ),
        pytest.param("SELECT ?s WHERE {}", {"bad name": S}, BindingError, "bad name", id="name"),
        pytest.param("DROP ALL", None, QueryError, "invalid SPARQL", id="update"),
    ],
)
def test_bad_queries_raise_query_errors(
    store: Store, query: str, bindings: dict[str, URIRef] | None, error: type, message: str
) -> None:
    store.replace_graph(G1, triples("a"))
    with pytest.raises(error, match=message):
        store.select(query, bindings)
    assert store.triple_count() == 3


TURTLE = f"""@prefix ex: <{EX}> .
ex:s ex:p "one" , 2 ; ex:q [ ex:p "blank" ] .
"""
NTRIPLES = f'<{EX}s> <{EX}p> "one" .\n<{EX}s> <{EX}p> "2"^^<{INTEGER}> .\n'
JSONLD = f'[{{"@id": "{EX}s", "{EX}p": [{{"@value": "one"}}, {{"@value": 2}}]}}]'
RDFXML = f"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">
  <rdf:Description rdf:about="{EX}s"><ex:p>one</ex:p></rdf:Description>
</rdf:RDF>
"""
TRIG = f"""@prefix ex: <{EX}> .
ex:s ex:p "in the default graph" .
GRAPH <{G1}> {{ ex:s ex:p "one" . }}
GRAPH <{G2}> {{ ex:s ex:p "two" , "three" . }}
"""
NQUADS = f'<{EX}s> <{EX}p> "one" <{G1}> .\n<{EX}s> <{EX}p> "two" <{G2}> .\n'


@pytest.mark.parametrize(
    ("name", "text", "rdflib_format"),
    [
        pytest.param("facts.ttl", TURTLE, "turtle", id="ttl"),
        pytest.param("facts.nt", NTRIPLES, "nt", id="nt"),
        pytest.param("facts.jsonld", JSONLD, "json-ld", id="jsonld"),
        pytest.param("facts.rdf", RDFXML, "xml", id="rdf"),
    ],
)
def test_load_rdf_puts_a_graph_file_in_one_named_graph(
    store: Store, tmp_path: Path, name: str, text: str, rdflib_format: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    expected = Graph().parse(data=text, format=rdflib_format)
    assert store.load_rdf(path) == len(expected)
    assert store.graphs() == [file_graph_iri(path)]
    assert str(file_graph_iri(path)) == f"https://w3id.org/finkg/id/graph/{name}"
    assert isomorphic(store.graph(file_graph_iri(path)), expected)
    assert store.load_rdf(path, graph=G1) == len(expected)
    assert isomorphic(store.graph(G1), expected)


@pytest.mark.parametrize(
    ("name", "text", "counts"),
    [
        pytest.param("set.trig", TRIG, {G1: 1, G2: 2, "file": 1}, id="trig"),
        pytest.param("set.nq", NQUADS, {G1: 1, G2: 1}, id="nq"),
    ],
)
def test_load_rdf_puts_a_dataset_file_in_the_graphs_it_names(
    store: Store, tmp_path: Path, name: str, text: str, counts: dict[object, int]
) -> None:
    store.replace_graph(G1, triples("old", 10))
    path = tmp_path / name
    path.write_text(text)
    assert store.load_rdf(path) == sum(counts.values())
    expected = {file_graph_iri(path) if key == "file" else key: n for key, n in counts.items()}
    assert {graph: len(store.graph(graph)) for graph in store.graphs()} == expected


def test_bad_turtle_names_the_file_and_line_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(f'@prefix ex: <{EX}> .\nex:s ex:p "fine" .\nex:s ex:p "unterminated .\n')
    store.replace_graph(file_graph_iri(path), triples("old"))
    with pytest.raises(RdfSyntaxError) as caught:
        store.load_rdf(path)
    assert isinstance(caught.value, StoreError)
    assert "broken.ttl" in str(caught.value)
    assert caught.value.path == path
    assert caught.value.line == 3
    assert store.graphs() == [file_graph_iri(path)]
    assert isomorphic(store.graph(file_graph_iri(path)), as_graph(triples("old")))


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        pytest.param("missing.ttl", None, "cannot read", id="missing"),
        pytest.param("data.csv", "a,b\n", "unknown RDF format", id="format"),
        pytest.param("bad.nq", f"<{EX}s> <{EX}p> .\n", "line 1", id="nq-syntax"),
    ],
)
def test_load_rdf_errors_are_store_errors_naming_the_file(
    store: Store, tmp_path: Path, name: str, text: str | None, message: str
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    with pytest.raises(StoreError, match=message) as caught:
        store.load_rdf(path)
    assert name in str(caught.value)
    assert store.graphs() == []


def test_a_file_is_not_a_store_folder(tmp_path: Path) -> None:
    path = tmp_path / "store"
    path.write_text("not a folder")
    with pytest.raises(StoreLocationError, match="is a file") as caught:
        EmbeddedStore(path)
    assert str(path) in str(caught.value)


def test_a_store_in_use_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with EmbeddedStore(path), pytest.raises(StoreLocationError, match="in use") as caught:
        EmbeddedStore(path)
    assert str(path) in str(caught.value)
    EmbeddedStore(path).close()  # closing released it


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreLocationError, match="not empty"):
        EmbeddedStore(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreLocationError, match="store") as caught:
            EmbeddedStore(tmp_path / "store")
        assert str(tmp_path / "store") in str(caught.value)
    finally:
        tmp_path.chmod(0o755)


def test_a_closed_store_says_so() -> None:
    store = EmbeddedStore(None)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.graphs()


def test_open_store_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINKG_STORE", str(tmp_path / "from-env"))
    with open_store(None) as store:
        store.replace_graph(G1, triples("a"))
    assert (tmp_path / "from-env" / "CURRENT").exists()
    with open_store(str(tmp_path / "from-env")) as store:
        assert store.graphs() == [G1]
    with open_store(":memory:") as store:
        assert store.graphs() == []
    assert isinstance(open_store("http://localhost:7878/query"), RemoteStore)


@pytest.mark.parametrize(
    "graph",
    [
        pytest.param(URIRef("urn:finkg:staging:x"), id="reserved"),
        pytest.param(URIRef("http://example.org/a b"), id="space"),
    ],
)
def test_bad_graph_names_are_refused(store: Store, graph: URIRef) -> None:
    with pytest.raises(StoreError):
        store.replace_graph(graph, triples("a"))
    assert store.triple_count() == 0
