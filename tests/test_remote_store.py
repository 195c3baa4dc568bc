"""The remote store against a real Oxigraph server on 127.0.0.1.

- every store-contract test of tests/test_store.py (those taking the ``store`` fixture) runs
  again here on a :class:`RemoteStore`;
- the corpus built into the server answers every packaged query as the embedded store does;
- bindings mean the same on both stores, and a value cannot change the query;
- a down, failing or silent endpoint gives a clear error after bounded retries.
"""

from __future__ import annotations

import base64
import http.server
import importlib.util
import inspect
import io
import re
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

from finkg.build import BuildReport, build, collect_paths
from finkg.query import run_query
from finkg.remote import (
    EndpointTimeout,
    EndpointUnavailable,
    RemoteStore,
    RemoteStoreError,
    endpoints_for,
)
from finkg.resources import query_names, query_text
from finkg.store import EmbeddedStore, QueryError, Store, StoreError, open_store

if TYPE_CHECKING:
    from tests.sparql_server import SparqlServer


def _load(name: str) -> ModuleType:
    """Import a sibling test module by path (tests/ is not a package)."""
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"finkg_remote_tests_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_servers = _load("sparql_server")
oxigraph_server = _servers.oxigraph_server
silent_server = _servers.silent_server
virtuoso_server = _servers.virtuoso_server

# The store contract: every test of test_store.py that takes `store` runs here on the server.
_contract = _load("test_store")
CONTRACT_TESTS = sorted(
    name
    for name, function in vars(_contract).items()
    if name.startswith("test_")
    and callable(function)
    and "store" in inspect.signature(function).parameters
)
globals().update({name: getattr(_contract, name) for name in CONTRACT_TESTS})

EX = "https://example.org/"
G1, G2 = URIRef(f"{EX}graph/one"), URIRef(f"{EX}graph/two")
S, P, Q = URIRef(f"{EX}s"), URIRef(f"{EX}p"), URIRef(f"{EX}q")


def _clear(store: Store) -> None:
    for graph in store.graphs():
        store.drop_graph(graph)


@pytest.fixture()
def store(oxigraph_server: SparqlServer) -> Iterator[Store]:
    """A remote store on the session's Oxigraph server, empty at the start of each test."""
    with RemoteStore(oxigraph_server.query, oxigraph_server.update, timeout=30) as remote:
        _clear(remote)
        yield remote
        _clear(remote)


def test_the_contract_tests_were_found() -> None:
    assert {
        "test_replacing_twice_leaves_only_the_new_content",
        "test_select_with_bindings_returns_rdflib_terms",
        "test_bad_turtle_names_the_file_and_line_and_changes_nothing",
    } <= set(CONTRACT_TESTS)


# -- corpus parity -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def remote_corpus(
    tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path
) -> Iterator[tuple[RemoteStore, BuildReport]]:
    """The corpus built through finkg.build into a server of its own."""
    with (
        _servers.running_oxigraph(tmp_path_factory.mktemp("oxigraph-corpus")) as server,
        RemoteStore(server.query, server.update, timeout=60) as remote,
    ):
        yield remote, build(collect_paths([corpus_dir]), remote)


def _parameterless_queries() -> list[str]:
    return [name for name in query_names() if "# param" not in query_text(name)]


def _sorted_rows(rows: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    assert not any(isinstance(value, BNode) for row in rows for value in row.values())
    return sorted(sorted((name, repr(value)) for name, value in row.items()) for row in rows)


def test_the_corpus_builds_the_same_on_the_server(
    corpus_store: tuple[EmbeddedStore, BuildReport],
    remote_corpus: tuple[RemoteStore, BuildReport],
) -> None:
    (embedded, embedded_report), (remote, remote_report) = corpus_store, remote_corpus
    assert remote_report.documents == embedded_report.documents
    assert remote.graphs() == embedded.graphs()
    assert remote.triple_count() == embedded.triple_count()
    graph = embedded.graphs()[-1]
    assert isomorphic(remote.graph(graph), embedded.graph(graph))


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in _parameterless_queries()])
def test_packaged_queries_answer_the_same_on_the_server(
    name: str,
    corpus_store: tuple[EmbeddedStore, BuildReport],
    remote_corpus: tuple[RemoteStore, BuildReport],
) -> None:
    embedded = _outcome(corpus_store[0], name)
    assert _outcome(remote_corpus[0], name) == embedded
    if name in ("facts", "ownership"):
        assert embedded[1], f"{name} answers nothing on the corpus"


def _outcome(store: Store, name: str) -> tuple[object, ...]:
    """A query's columns and rows, or its error (a query being written may not parse yet).

    SPARQL leaves the order of GROUP_CONCAT's parts open, so a string joined with a separator
    of the query compares as its sorted parts.
    """
    try:
        result = run_query(store, name, {})
    except StoreError as error:
        return type(error).__name__, str(error)
    separators = re.findall(r'separator\s*=\s*"([^"]+)"', query_text(name), re.IGNORECASE)
    rows = [
        {key: _unordered_parts(value, separators) for key, value in row.items()}
        for row in result.rows
    ]
    return result.variables, _sorted_rows(rows)


def _unordered_parts(value: object, separators: list[str]) -> object:
    if isinstance(value, Literal) and value.datatype is None and value.language is None:
        for separator in separators:
            if separator in value:
                return Literal(separator.join(sorted(value.split(separator))))
    return value


def test_the_parity_test_covers_the_core_queries() -> None:
    assert {"facts", "ownership", "stats"} <= set(_parameterless_queries())


# -- bindings ----------------------------------------------------------------------------------

NASTY = Literal('x" } } ; DROP ALL ; SELECT * { ?a ?b "')
BINDING_DATA = [
    (S, P, Literal("one")),
    (S, P, NASTY),
    (S, Q, Literal("two", lang="en")),
    (Q, P, Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))),
]
BINDING_CASES = [
    pytest.param(
        "SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": NASTY}, id="literal-that-looks-like-sparql"
    ),
    pytest.param(
        "SELECT ?s ?label WHERE { ?s ?p ?o OPTIONAL { ?s <https://example.org/q> ?label } }",
        {"label": Literal("other")},
        id="optional-keeps-substitution-semantics",
    ),
    pytest.param(
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s",
        {"s": S},
        id="group-key",
    ),
    pytest.param(
        "SELECT ?s ?o WHERE { SELECT ?s ?o WHERE { ?s ?p ?o } }", {"s": Q}, id="sub-select"
    ),
    pytest.param(
        '# a comment with { in it\nSELECT ?p ?o WHERE { ?s ?p ?o FILTER(?o != "}") }',
        {"p": Q},
        id="braces-in-comments-and-strings",
    ),
    pytest.param(
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G2, "s": Q}, id="select-star-graph"
    ),
]


@pytest.fixture()
def twin_stores(store: Store) -> Iterator[tuple[Store, Store]]:
    """The same graphs in an embedded store and on the server."""
    with EmbeddedStore(None) as embedded:
        for target in (embedded, store):
            target.replace_graph(G1, BINDING_DATA[:3])
            target.replace_graph(G2, BINDING_DATA[3:])
        yield embedded, store


@pytest.mark.parametrize(("query", "bindings"), BINDING_CASES)
def test_bindings_mean_the_same_on_both_stores(
    twin_stores: tuple[Store, Store], query: str, bindings: dict[str, URIRef | Literal]
) -> None:
    embedded, remote = twin_stores
    expected = embedded.select(query, bindings)
    assert expected.rows, "the case must match something"
    answer = remote.select(query, bindings)
    assert answer.variables == expected.variables
    assert _sorted_rows(answer.rows) == _sorted_rows(expected.rows)
    assert remote.triple_count() == len(BINDING_DATA)


def test_construct_with_bindings_on_both_stores(twin_stores: tuple[Store, Store]) -> None:
    embedded, remote = twin_stores
    query = "CONSTRUCT { ?s <https://example.org/seen> ?o } WHERE { ?s ?p ?o }"
    expected = embedded.construct(query, {"s": Q})
    assert len(expected) == 1
    assert isomorphic(remote.construct(query, {"s": Q}), expected)


@pytest.mark.parametrize(
    ("query", "bindings", "message"),
    [
        pytest.param(
            "CONSTRUCT WHERE { ?s ?p ?o }", {"s": S}, "short form", id="construct-short-form"
        ),
        pytest.param("SELECT ?s WHERE { ?s ?p ?o }", {"s": BNode()}, "blank node", id="bnode"),
    ],
)
def test_bindings_the_remote_store_cannot_send(
    store: Store, query: str, bindings: dict[str, BNode | URIRef], message: str
) -> None:
    store.replace_graph(G1, BINDING_DATA)
    with pytest.raises(QueryError, match=message):
        if query.startswith("CONSTRUCT"):
            store.construct(query, bindings)
        else:
            store.select(query, bindings)


def test_select_with_prefixes(store: Store) -> None:
    store.replace_graph(G1, BINDING_DATA)
    result = store.select("SELECT ?o WHERE { ex:q ex:p ?o }", prefixes={"ex": EX})
    assert result.rows == [{"o": BINDING_DATA[3][2]}]


def test_dump_keeps_graphs(store: Store) -> None:
    store.replace_graph(G1, BINDING_DATA[:3])
    store.replace_graph(G2, BINDING_DATA[3:])
    out = io.BytesIO()
    assert store.dump(out, "nq") == 4
    dumped = Dataset().parse(data=out.getvalue(), format="nquads")
    sizes = {str(graph.identifier): len(graph) for graph in dumped.graphs() if len(graph)}
    assert sizes == {str(G1): 3, str(G2): 1}
    out = io.BytesIO()
    assert store.dump(out, "nt") == 4


# -- opening -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "query", "update"),
    [
        pytest.param(
            "http://127.0.0.1:7878",
            "http://127.0.0.1:7878/query",
            "http://127.0.0.1:7878/update",
            id="oxigraph-server",
        ),
        pytest.param(
            "https://kg.example.org/ds/query",
            "https://kg.example.org/ds/query",
            "https://kg.example.org/ds/update",
            id="query-endpoint",
        ),
        pytest.param(
            "https://kg.example.org/sparql",
            "https://kg.example.org/sparql",
            "https://kg.example.org/sparql",
            id="one-endpoint",
        ),
    ],
)
def test_store_urls_name_their_endpoints(url: str, query: str, update: str) -> None:
    assert endpoints_for(url) == (query, update)
    opened = open_store(url)
    assert isinstance(opened, RemoteStore)
    assert (opened.endpoint, opened.update_endpoint) == (query, update)


def test_open_store_takes_an_explicit_update_endpoint_and_timeout() -> None:
    opened = open_store(
        "https://kg.example.org/q", update_endpoint="https://kg.example.org/u", timeout=7
    )
    assert isinstance(opened, RemoteStore)
    assert (opened.endpoint, opened.update_endpoint, opened.timeout) == (
        "https://kg.example.org/q",
        "https://kg.example.org/u",
        7,
    )
    with pytest.raises(StoreError, match="only apply to a remote"):
        open_store(":memory:", update_endpoint="https://kg.example.org/u")


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("ftp://example.org/sparql", id="scheme"),
        pytest.param("http:///query", id="no-host"),
    ],
)
def test_bad_endpoint_urls_are_refused(url: str) -> None:
    with pytest.raises(RemoteStoreError, match="not an http"):
        RemoteStore(url)


def test_a_closed_remote_store_says_so(oxigraph_server: SparqlServer) -> None:
    remote = RemoteStore(oxigraph_server.query, oxigraph_server.update)
    remote.close()
    with pytest.raises(StoreError, match="closed"):
        remote.graphs()
    with pytest.raises(StoreError, match="closed"):
        remote.drop_graph(G1)


# -- failures ----------------------------------------------------------------------------------


def test_a_down_endpoint_fails_after_retries_with_backoff() -> None:
    url = f"http://127.0.0.1:{_servers.free_port()}/query"
    remote = RemoteStore(url, timeout=2, retries=2, backoff=0.2)
    started = time.monotonic()
    with pytest.raises(EndpointUnavailable) as caught:
        remote.graphs()
    elapsed = time.monotonic() - started
    assert not isinstance(caught.value, EndpointTimeout)
    message = str(caught.value)
    assert message.startswith(f"{url}: cannot reach the SPARQL endpoint: ")
    assert "Connection refused" in message
    assert "(3 attempts in " in message
    assert "\n" not in message
    assert 0.6 <= elapsed < 5  # waited 0.2 + 0.4 s between the attempts


def test_a_silent_endpoint_times_out(silent_server: str) -> None:
    remote = RemoteStore(f"{silent_server}/query", timeout=1, retries=1, backoff=0.1)
    started = time.monotonic()
    with pytest.raises(EndpointTimeout, match=r"no answer within 1 s \(2 attempts in "):
        remote.select("SELECT * WHERE { ?s ?p ?o }", union=False)
    assert 2 <= time.monotonic() - started < 8


class _Refusing(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the class's status, recording each Authorization header."""

    status = 503
    url = ""
    seen: list[str | None]

    def do_POST(self) -> None:
        self.seen.append(self.headers.get("Authorization"))
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def refusing_server(request: pytest.FixtureRequest) -> Iterator[type[_Refusing]]:
    """A local HTTP server answering every request with ``request.param`` (an HTTP status)."""
    handler: type[_Refusing] = type("Handler", (_Refusing,), {"status": request.param, "seen": []})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    handler.url = f"http://127.0.0.1:{server.server_port}/sparql"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("refusing_server", [pytest.param(503, id="503")], indirect=True)
def test_a_failing_endpoint_is_retried_then_reported(refusing_server: type[_Refusing]) -> None:
    url = refusing_server.url
    remote = RemoteStore(url, timeout=2, retries=2, backoff=0.05)
    with pytest.raises(EndpointUnavailable, match=r"HTTP 503 Service Unavailable \(3 attempts"):
        remote.replace_graph(G1, [(S, P, Literal("x"))])
    assert refusing_server.seen == [None, None, None]


@pytest.mark.parametrize("refusing_server", [pytest.param(401, id="401")], indirect=True)
def test_credentials_go_as_basic_auth_and_a_refusal_is_not_retried(
    refusing_server: type[_Refusing], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINKG_SPARQL_USER", "reader")
    monkeypatch.setenv("FINKG_SPARQL_PASSWORD", "s3cret")
    remote = open_store(refusing_server.url)
    with pytest.raises(RemoteStoreError, match=r"/sparql: access denied \(HTTP 401\)$") as caught:
        remote.graphs()
    assert "s3cret" not in str(caught.value)
    assert refusing_server.seen == [f"Basic {base64.b64encode(b'reader:s3cret').decode()}"]


def test_a_wrong_path_is_reported_without_retries(oxigraph_server: SparqlServer) -> None:
    remote = RemoteStore(f"{oxigraph_server.url}/nothing-here", retries=3, backoff=5)
    started = time.monotonic()
    with pytest.raises(RemoteStoreError, match=r"/nothing-here: not found \(HTTP 404\)"):
        remote.graphs()
    assert time.monotonic() - started < 4


# -- Virtuoso, when installed ------------------------------------------------------------------


def test_virtuoso_keeps_the_store_contract(virtuoso_server: SparqlServer) -> None:
    with RemoteStore(
        virtuoso_server.query, virtuoso_server.update, union_default_graph=True
    ) as remote:
        remote.replace_graph(G1, BINDING_DATA[:3])
        remote.replace_graph(G1, BINDING_DATA[:2])
        remote.replace_graph(G2, BINDING_DATA[3:])
        try:
            assert remote.has_graph(G1)
            assert isomorphic(remote.graph(G1), _graph(BINDING_DATA[:2]))
            rows = remote.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": NASTY}).rows
            assert rows == [{"s": S, "o": NASTY}]
        finally:
            remote.drop_graph(G1)
            remote.drop_graph(G2)
        assert not remote.has_graph(G1)


def _graph(items: Sequence[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    for triple in items:
        graph.add(triple)
    return graph


@pytest.mark.parametrize("refusing_server", [pytest.param(200, id="200-empty")], indirect=True)
def test_an_answer_that_is_not_sparql_results_is_reported(
    refusing_server: type[_Refusing],
) -> None:
    remote = RemoteStore(refusing_server.url, retries=0)
    with pytest.raises(RemoteStoreError, match=r"/sparql: not a SPARQL JSON result"):
        remote.select("SELECT * WHERE { ?s ?p ?o }", union=False)
    assert refusing_server.seen == [None]


def test_replace_graphs_writes_a_batch_in_one_request(store: Store) -> None:
    assert isinstance(store, RemoteStore)
    store.replace_graph(G1, [(S, P, Literal("old"))])
    blank = BNode()
    batch = [
        (G1, _ntriples([(S, P, Literal("new")), (S, Q, blank), (blank, P, Literal("b"))])),
        (G2, _ntriples([(S, P, NASTY), (S, P, NASTY)])),
    ]
    assert store.replace_graphs(batch) == [3, 1]
    assert isomorphic(
        store.graph(G1), _graph([(S, P, Literal("new")), (S, Q, blank), (blank, P, Literal("b"))])
    )
    assert isomorphic(store.graph(G2), _graph([(S, P, NASTY)]))
    with pytest.raises(StoreError, match="graph/two: N-Triples that do not parse"):
        store.replace_graphs([(G1, b""), (G2, b"<urn:x:s> <urn:x:p> .\n")])
    assert store.graphs() == [G1, G2]


def _ntriples(items: Sequence[tuple[Node, Node, Node]]) -> bytes:
    return _graph(items).serialize(format="nt", encoding="utf-8")


# -- the CLI against a SPARQL service -------------------------------------------------------


@pytest.fixture(scope="module")
def cli_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A server of its own, so the CLI's build does not disturb the store-contract tests."""
    with _servers.running_oxigraph(tmp_path_factory.mktemp("oxigraph-cli")) as server:
        yield server


def test_cli_builds_and_reads_a_sparql_service_like_the_embedded_store(
    cli_server: SparqlServer, corpus_dir: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from finkg.cli import main

    runner = CliRunner()
    local = str(tmp_path / "store")
    for location in (cli_server.url, local):
        result = runner.invoke(main, ["build", str(corpus_dir), "--store", location])
        assert result.exit_code == 0, result.output
    remote_facts = runner.invoke(main, ["facts", "--store", cli_server.url])
    local_facts = runner.invoke(main, ["facts", "--store", local])
    assert remote_facts.exit_code == 0, remote_facts.output
    assert remote_facts.output == local_facts.output
    explicit = runner.invoke(
        main,
        [
            "query",
            "ownership",
            "--format",
            "csv",
            "--endpoint",
            cli_server.query,
            "--update-endpoint",
            cli_server.update,
            "--timeout",
            "10",
        ],
    )
    assert explicit.exit_code == 0, explicit.output
    assert (
        explicit.output
        == runner.invoke(main, ["query", "ownership", "--format", "csv", "--store", local]).output
    )


def test_cli_reports_a_down_service_in_one_line() -> None:
    from click.testing import CliRunner

    from finkg.cli import main

    url = f"http://127.0.0.1:{_servers.free_port()}"
    result = CliRunner().invoke(main, ["stats", "--store", url, "--timeout", "1"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {url}/query")


def test_cli_refuses_endpoint_options_for_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from finkg.cli import main

    result = CliRunner().invoke(main, ["stats", "--store", str(tmp_path), "--timeout", "5"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: --timeout needs a SPARQL service URL as --store"
    not_a_url = CliRunner().invoke(main, ["stats", "--endpoint", str(tmp_path)])
    assert not_a_url.exit_code == 1
    assert not_a_url.output.strip() == (
        f"error: --endpoint {str(tmp_path)!r}: expected an http:// or https:// URL"
    )
    # a timeout set for SPARQL services in the environment does not stop work on a folder
    monkeypatch.setenv("FINKG_SPARQL_TIMEOUT", "5")
    built = CliRunner().invoke(
        main,
        [
            "load",
            str(Path(__file__).parent / "data" / "valid" / "observations-2q02.ttl"),
            "--store",
            str(tmp_path / "s"),
        ],
    )
    assert built.exit_code == 0, built.output
