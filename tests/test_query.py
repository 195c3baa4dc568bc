from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from finkg.query import QueryParamError, format_result, run_query
from finkg.resources import ResourceNotFound
from finkg.store import EmbeddedStore, QueryResult, Store

FKG = "https://w3id.org/finkg/def/"
XSD = "http://www.w3.org/2001/XMLSchema#"
IIJ = URIRef("https://w3id.org/finkg/id/org/iij")
NTT = URIRef("https://w3id.org/finkg/id/org/ntt")
GRAPH = URIRef("https://w3id.org/finkg/id/graph/q2.txt")

QUERY = f"""# Companies and their fiscal years, optionally for one company or one year.
# param year: xsd:integer
PREFIX fkg: <{FKG}>
SELECT ?company ?year ?label
WHERE {{
  ?company fkg:fiscalYear ?year ; fkg:ticker ?label .
}}
ORDER BY ?company ?year
"""


@pytest.fixture
def store() -> Iterator[Store]:
    with EmbeddedStore(None) as opened:
        year = URIRef(f"{FKG}fiscalYear")
        ticker = URIRef(f"{FKG}ticker")
        opened.replace_graph(
            GRAPH,
            [
                (IIJ, year, Literal("2002", datatype=URIRef(f"{XSD}integer"))),
                (IIJ, year, Literal("2003", datatype=URIRef(f"{XSD}integer"))),
                (IIJ, ticker, Literal("IIJI")),
                (NTT, year, Literal("2002", datatype=URIRef(f"{XSD}integer"))),
                (NTT, ticker, Literal("NTT")),
            ],
        )
        yield opened


@pytest.fixture
def query_file(tmp_path: Path) -> str:
    path = tmp_path / "years.rq"
    path.write_text(QUERY)
    return str(path)


def snapshot(store: Store) -> dict[URIRef, list[tuple[object, ...]]]:
    return {graph: sorted(store.graph_triples(graph)) for graph in store.graphs()}


def labels(result: QueryResult) -> list[tuple[str, str]]:
    return [(str(row["label"]), str(row["year"])) for row in result.rows]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, [("IIJI", "2002"), ("IIJI", "2003"), ("NTT", "2002")], id="none"),
        pytest.param({"year": "2002"}, [("IIJI", "2002"), ("NTT", "2002")], id="typed-integer"),
        pytest.param({"company": str(IIJ)}, [("IIJI", "2002"), ("IIJI", "2003")], id="iri"),
        pytest.param({"company": f"<{NTT}>"}, [("NTT", "2002")], id="bracketed-iri"),
        pytest.param({"label": "NTT"}, [("NTT", "2002")], id="string"),
        pytest.param({"label": "2002"}, [], id="number-looking-string"),
    ],
)
def test_run_query_file_with_params(
    store: Store, query_file: str, params: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    result = run_query(store, query_file, params)
    assert result.variables == ["company", "year", "label"]
    assert labels(result) == expected


def test_an_undeclared_number_stays_a_string(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "untyped.rq"
    path.write_text(QUERY.replace("# param year: xsd:integer\n", ""))
    assert run_query(store, str(path), {"year": "2002"}).rows == []


def test_packaged_query_by_name(store: Store) -> None:
    result = run_query(store, "document-hashes", {})
    assert result.variables == ["fileName", "sha256"]
    assert result.rows == []


@pytest.mark.parametrize(
    "value",
    [
        pytest.param('x" } ; DROP ALL ; #', id="quote-drop-all"),
        pytest.param("> } DELETE WHERE {?s ?p ?o} #", id="angle-delete-where"),
        pytest.param("IIJI' } UNION { ?company ?year ?label } #", id="union"),
        pytest.param("?company", id="variable"),
    ],
)
def test_injection_through_a_param_is_inert(store: Store, query_file: str, value: str) -> None:
    before = snapshot(store)
    result = run_query(store, query_file, {"label": value})
    assert result.rows == []
    assert snapshot(store) == before
    assert store.triple_count() == 5


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("http://x> } DROP ALL #", id="iri-breakout"),
        pytest.param("<urn:x> } DELETE WHERE {?s ?p ?o} #>", id="bracketed-breakout"),
    ],
)
def test_an_iri_with_forbidden_characters_is_refused(
    store: Store, query_file: str, value: str
) -> None:
    with pytest.raises(QueryParamError, match="not a valid IRI"):
        run_query(store, query_file, {"company": value})
    assert store.triple_count() == 5


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"colour": "red"}, "unknown parameter 'colour'", id="unknown"),
        pytest.param({"p": "x"}, "unknown parameter 'p'", id="not-selected"),
        pytest.param({"year": "two"}, "not a valid xsd:integer", id="ill-typed"),
        pytest.param({"bad-name": "x"}, "not a valid parameter name", id="name"),
    ],
)
def test_bad_params_are_clear_errors(
    store: Store, query_file: str, params: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryParamError, match=message):
        run_query(store, query_file, params)


def test_unknown_declared_type(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "odd.rq"
    path.write_text(QUERY.replace("xsd:integer", "number"))
    with pytest.raises(QueryParamError, match="unknown type 'number'"):
        run_query(store, str(path), {"year": "2002"})


@pytest.mark.parametrize(
    "name",
    [pytest.param("no-such-query", id="packaged"), pytest.param("/nowhere/q.rq", id="file")],
)
def test_missing_query(store: Store, name: str) -> None:
    with pytest.raises(ResourceNotFound):
        run_query(store, name, {})


RESULT = QueryResult(
    ["company", "value", "note"],
    [
        {"company": IIJ, "value": Literal("86811", datatype=URIRef(f"{XSD}decimal")), "note": None},
        {"company": BNode("b1"), "value": Literal(5), "note": Literal('say "hi", ok', lang="en")},
    ],
)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        pytest.param(
            "csv",
            f'company,value,note\n{IIJ},86811,\n_:b1,5,"say ""hi"", ok"\n',
            id="csv",
        ),
        pytest.param(
            "table",
            "company                            value  note\n"
            "---------------------------------  -----  ------------\n"
            f"{IIJ}  86811\n"
            '_:b1                                   5  say "hi", ok\n',
            id="table",
        ),
    ],
)
def test_format_result_text(fmt: str, expected: str) -> None:
    assert format_result(RESULT, fmt) == expected  # type: ignore[arg-type]


def test_format_result_json() -> None:
    assert json.loads(format_result(RESULT, "json")) == [
        {"company": str(IIJ), "value": "86811", "note": None},
        {"company": "_:b1", "value": "5", "note": 'say "hi", ok'},
    ]


def test_format_result_of_a_real_query(store: Store, query_file: str) -> None:
    lines = format_result(run_query(store, query_file, {"year": "2003"}), "csv").splitlines()
    assert lines == ["company,year,label", f"{IIJ},2003,IIJI"]
