"""The data-quality queries (``queries/violations/<name>-violation.rq``): each returns the rows
that break its rule. The corpus returns none, and for each query a small hand-made graph
(``tests/data/violations/<name>.ttl``) returns exactly the rows it was made to break.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from finkg.build import BuildReport
from finkg.graph import ONTOLOGY_GRAPH
from finkg.query import run_query
from finkg.resources import ontology_graph
from finkg.store import EmbeddedStore
from finkg.validate import check_violation_queries, violation_query_names

BAD = Path(__file__).parent / "data" / "violations"
ID = "https://w3id.org/finkg/id/"
NAMES = violation_query_names()

Row = tuple[str | None, ...]

# What each hand-made graph must return, row by row, in the query's order.
EXPECTED: dict[str, list[Row]] = {
    "duplicate-observation-key-in-one-graph": [
        (
            f"{ID}graph/duplicate-observation-key-in-one-graph",
            "2",
            f"{ID}obs/good",
            f"{ID}obs/twin",
        ),
    ],
    "metric-without-label": [("https://w3id.org/finkg/metric/GrossBookings",)],
    "observation-sources-in-several-documents": [(f"{ID}obs/good", "2")],
    "observation-without-provenance": [
        (
            f"{ID}obs/bare",
            "no prov:wasDerivedFrom to a span with a document and a line,"
            " and no prov:hadPrimarySource",
        ),
        (f"{ID}obs/half", "no prov:hadPrimarySource"),
    ],
    "observation-without-unit": [
        (f"{ID}obs/no-unit", None),
        (f"{ID}obs/unknown-unit", "http://qudt.org/vocab/unit/CCY_XYZ"),
    ],
    "orphan-source-span": [
        (f"{ID}span/a.txt/L2", "nothing is derived from the span"),
        (f"{ID}span/c.txt/L9", "the span is in no document of the store"),
    ],
    "period-end-before-begin": [(f"{ID}period/backwards", "2030-06-30", "2030-04-01")],
    "primary-source-not-a-source": [(f"{ID}obs/odd", f"{ID}span/a.txt/L2")],
    "span-line-out-of-range": [(f"{ID}span/a.txt/L0", "0"), (f"{ID}span/a.txt/Lx", "7")],
}


def _short(name: str) -> str:
    return name.removeprefix("violations/").removesuffix("-violation")


def _rows(store: EmbeddedStore, name: str) -> list[Row]:
    result = run_query(store, name, {})
    return [
        tuple(None if row.get(var) is None else str(row.get(var)) for var in result.variables)
        for row in result.rows
    ]


@pytest.fixture(scope="module")
def ontology_triples() -> list[tuple[object, object, object]]:
    return list(ontology_graph())


def test_every_query_has_a_bad_graph_and_an_expectation() -> None:
    names = {_short(name) for name in NAMES}
    assert names == {path.stem for path in BAD.glob("*.ttl")}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", [pytest.param(n, id=_short(n)) for n in NAMES])
def test_corpus_breaks_no_rule(name: str, corpus_store: tuple[EmbeddedStore, BuildReport]) -> None:
    store, _ = corpus_store
    assert _rows(store, name) == []


@pytest.mark.parametrize("name", [pytest.param(n, id=_short(n)) for n in NAMES])
def test_bad_graph_returns_exactly_its_offending_rows(
    name: str, ontology_triples: list[tuple[URIRef, URIRef, URIRef]]
) -> None:
    short = _short(name)
    with EmbeddedStore(None) as store:
        store.replace_graph(ONTOLOGY_GRAPH, ontology_triples)
        store.load_rdf(BAD / f"{short}.ttl", graph=URIRef(f"{ID}graph/{short}"))
        assert _rows(store, name) == EXPECTED[short]


def test_validate_reports_each_offending_row_as_a_violation(
    ontology_triples: list[tuple[URIRef, URIRef, URIRef]],
) -> None:
    with EmbeddedStore(None) as store:
        store.replace_graph(ONTOLOGY_GRAPH, ontology_triples)
        store.load_rdf(BAD / "primary-source-not-a-source.ttl", graph=URIRef(f"{ID}graph/x"))
        found = [str(v) for v in check_violation_queries(store)]
    assert found == [
        f"Violation: store: <{ID}obs/good>: observation-sources-in-several-documents-violation:"
        f" observation={ID}obs/good, documents=2",
        f"Violation: store: <{ID}obs/odd>: primary-source-not-a-source-violation:"
        f" observation={ID}obs/odd, primary={ID}span/a.txt/L2",
    ]
