from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from finkg.build import BuildReport
from finkg.export import EXPORT_FORMATS, EXPORT_PREFIXES, export, jsonld_context
from finkg.graph import ONTOLOGY_GRAPH
from finkg.store import EmbeddedStore, Store

ID = "https://w3id.org/finkg/id/"
FKG = "https://w3id.org/finkg/def/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOC_A, DOC_B = URIRef(f"{ID}graph/a.txt"), URIRef(f"{ID}graph/b.txt")
IIJ = URIRef(f"{ID}org/internet-initiative-japan")
SHARED = (IIJ, RDF_TYPE, URIRef(f"{FKG}Company"))


def document(name: str, value: str) -> list[tuple[URIRef | BNode, URIRef, URIRef | Literal]]:
    doc = URIRef(f"{ID}doc/{name}")
    span = BNode()
    return [
        SHARED,
        (doc, RDF_TYPE, URIRef(f"{FKG}Document")),
        (doc, URIRef(f"{FKG}fileName"), Literal(name)),
        (doc, URIRef(f"{FKG}issuer"), IIJ),
        (span, URIRef(f"{FKG}inDocument"), doc),
        (span, URIRef(f"{FKG}lineNumber"), Literal("249", datatype=URIRef(f"{XSD}integer"))),
        (span, URIRef(f"{FKG}verbatimText"), Literal(f'| Total revenues | {value} | "x"')),
        (IIJ, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("IIJ", lang="en")),
        (span, URIRef(f"{SDMX_MEASURE}obsValue"), Literal(value, datatype=URIRef(f"{XSD}decimal"))),
        (doc, URIRef(f"{DCTERMS}date"), Literal("2002-11-12", datatype=URIRef(f"{XSD}date"))),
    ]


# canonical lexical forms: pyoxigraph stores numbers as values (see test_store)
CONTENT = {DOC_A: document("a.txt", "86811"), DOC_B: document("b.txt", "-0.5")}


def graph_of(triples: object) -> Graph:
    graph = Graph()
    for triple in triples:  # type: ignore[attr-defined]
        graph.add(triple)
    return graph


@pytest.fixture
def store() -> Iterator[Store]:
    with EmbeddedStore(None) as opened:
        for name, triples in CONTENT.items():
            opened.replace_graph(name, triples)
        yield opened


MERGED = graph_of([*CONTENT[DOC_A], *CONTENT[DOC_B]])
QUADS = sum(len(triples) for triples in CONTENT.values())


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [
        pytest.param("ttl", "turtle", id="ttl"),
        pytest.param("nt", "nt", id="nt"),
        pytest.param("jsonld", "json-ld", id="jsonld"),
        pytest.param("rdfxml", "xml", id="rdfxml"),
    ],
)
def test_graph_formats_merge_all_graphs(store: Store, fmt: str, rdflib_format: str) -> None:
    out = io.BytesIO()
    assert export(store, out, fmt) == len(MERGED) == QUADS - 2  # type: ignore[arg-type]
    parsed = Graph().parse(data=out.getvalue(), format=rdflib_format)
    assert isomorphic(parsed, MERGED)


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [pytest.param("trig", "trig", id="trig"), pytest.param("nq", "nquads", id="nq")],
)
def test_dataset_formats_keep_one_graph_per_document(
    store: Store, tmp_path: Path, fmt: str, rdflib_format: str
) -> None:
    path = tmp_path / f"finkg.{fmt}"
    assert export(store, path, fmt) == QUADS  # type: ignore[arg-type]
    parsed = Dataset()
    parsed.parse(path, format=rdflib_format)
    names = {graph.identifier for graph in parsed.graphs() if len(graph)}
    assert names == {DOC_A, DOC_B}
    for name, triples in CONTENT.items():
        assert isomorphic(parsed.graph(name), graph_of(triples))
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_turtle_uses_the_finkg_prefixes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "finkg.ttl"
    export(store, path, "ttl")
    text = path.read_text()
    for prefix in ("fkg", "id", "metric", "basis", "xsd", "skos", "qb"):
        assert f"@prefix {prefix}: <{EXPORT_PREFIXES[prefix]}> ." in text
    assert "fkg:fileName" in text
    assert "sdmx-measure:obsValue -0.5" in text


def test_empty_store_exports_nothing(tmp_path: Path) -> None:
    with EmbeddedStore(None) as empty:
        assert export(empty, tmp_path / "empty.nq", "nq") == 0
    assert (tmp_path / "empty.nq").read_bytes() == b""


def test_jsonld_is_compact_with_the_packaged_context_embedded(store: Store) -> None:
    out = io.BytesIO()
    export(store, out, "jsonld")
    document = json.loads(out.getvalue())
    assert document["@context"] == jsonld_context()
    nodes = {node["@id"]: node for node in document["@graph"]}
    doc_a = nodes[f"{ID}doc/a.txt"]
    assert doc_a["@type"] == "fkg:Document"
    assert doc_a["fileName"] == "a.txt"
    assert doc_a["issuer"] == str(IIJ)
    assert doc_a["date"] == "2002-11-12"
    spans = [
        node for node in nodes.values() if node.get("verbatimText", "").endswith('| -0.5 | "x"')
    ]
    assert [(span["lineNumber"], span["obsValue"]) for span in spans] == [("249", "-0.5")]
    # expanding the compact document again gives back the store's content
    assert isomorphic(Graph().parse(data=out.getvalue(), format="json-ld"), MERGED)


def test_the_context_defines_the_export_prefixes() -> None:
    context = jsonld_context()
    assert {name: context[name] for name in EXPORT_PREFIXES} == EXPORT_PREFIXES


def test_the_export_formats() -> None:
    assert set(EXPORT_FORMATS) == {"ttl", "nt", "jsonld", "rdfxml", "trig", "nq"}


CORPUS_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nq": "nquads",
}


@pytest.fixture(scope="module")
def corpus_union(corpus_store: tuple[EmbeddedStore, BuildReport]) -> Graph:
    store, _ = corpus_store
    union = Graph()
    for name in store.graphs():
        for triple in store.graph_triples(name):
            union.add(triple)
    return union


@pytest.mark.parametrize(
    "fmt", [pytest.param(fmt, id=fmt) for fmt in ("ttl", "nt", "jsonld", "rdfxml")]
)
def test_corpus_round_trips_through_graph_formats(
    corpus_store: tuple[EmbeddedStore, BuildReport], corpus_union: Graph, fmt: str
) -> None:
    store, _ = corpus_store
    out = io.BytesIO()
    assert export(store, out, fmt) == len(corpus_union)  # type: ignore[arg-type]
    parsed = Graph().parse(data=out.getvalue(), format=CORPUS_FORMATS[fmt])
    assert isomorphic(parsed, corpus_union)


@pytest.mark.parametrize("fmt", [pytest.param(fmt, id=fmt) for fmt in ("trig", "nq")])
def test_corpus_round_trips_one_graph_per_document_and_the_ontology(
    corpus_store: tuple[EmbeddedStore, BuildReport], fmt: str
) -> None:
    store, _ = corpus_store
    out = io.BytesIO()
    export(store, out, fmt)  # type: ignore[arg-type]
    parsed = Dataset()
    parsed.parse(data=out.getvalue(), format=CORPUS_FORMATS[fmt])
    names = sorted(URIRef(graph.identifier) for graph in parsed.graphs() if len(graph))
    assert names == store.graphs()
    assert ONTOLOGY_GRAPH in names
    assert any(str(name).startswith(f"{ID}graph/") and name != ONTOLOGY_GRAPH for name in names)
    for name in names:
        assert isomorphic(parsed.graph(name), store.graph(name)), name
