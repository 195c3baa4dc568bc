"""A :class:`~finkg.store.Store` on a remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, ...).

Reads go through SPARQLWrapper (SPARQL 1.1 Protocol, POST, JSON results); writes are SPARQL 1.1
Update requests. Each document is still one named graph: :meth:`RemoteStore.replace_graph` sends
``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }`` as one request, which servers that
run a request in one transaction (Oxigraph, Fuseki) apply atomically.

Bindings never become query text as given: each value is first converted to a pyoxigraph term
(which refuses malformed IRIs, language tags and datatypes), the query is checked with those
substitutions by pyoxigraph on an empty store (the same errors as the embedded store), and the
values are then written as one ``VALUES`` row in N-Triples syntax at the start of the query's
WHERE group, where they constrain the pattern as SEP-0007 substitution does.

Requests time out, are retried with exponential backoff on connection errors, timeouts and 5xx
answers, and fail with one-line :class:`RemoteStoreError` messages naming the endpoint.

>>> endpoints_for("http://127.0.0.1:7878")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
"""

from __future__ import annotations

import ast
import http.client
import re
import time
import urllib.error
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self, TypeVar
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import ASK, CONSTRUCT, INSERT, JSON, POST, SELECT, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    Unauthorized,
    URITooLong,
)

from finkg.resources import query_text
from finkg.store import (
    _DATASET_DUMPS,
    _DUMP_FORMATS,
    BindingError,
    EmbeddedStore,
    QueryError,
    QueryResult,
    RdfSyntaxError,
    StoreError,
    Term,
    _Counter,
    _distinct_triples,
    _named,
    _ox_triple,
    _rdf_format,
    _rdf_term,
    _rdf_triple,
    _substitutions,
    file_graph_iri,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "EndpointTimeout",
    "EndpointUnavailable",
    "RemoteStore",
    "RemoteStoreError",
    "endpoints_for",
]

DEFAULT_TIMEOUT = 30
"""Seconds a request to a remote endpoint may take before it is retried."""

_T = TypeVar("_T")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PREFIX = re.compile(r"(?:[A-Za-z][A-Za-z0-9_.-]*)?")
_LEADING_SELECT = re.compile(r"(?:\s|#[^\n]*(?:\n|$))*SELECT\b", re.IGNORECASE)
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class RemoteStoreError(StoreError):
    """A SPARQL endpoint refused a request or answered with something finkg cannot use."""


class EndpointUnavailable(RemoteStoreError):
    """A SPARQL endpoint could not be reached (or kept failing) after every retry."""


class EndpointTimeout(EndpointUnavailable):
    """A SPARQL endpoint did not answer within the timeout, on every attempt."""


def endpoints_for(url: str) -> tuple[str, str]:
    """Return the (query, update) endpoints a store URL stands for.

    A bare server address (no path) is an Oxigraph server: ``/query`` and ``/update``. A URL
    ending in ``/query`` updates at ``/update`` beside it (Oxigraph, Fuseki); any other URL is
    one endpoint for both (a Fuseki dataset, Virtuoso's or Neptune's ``/sparql``).

    Raises:
        RemoteStoreError: the URL is not an ``http://`` or ``https://`` URL with a host.

    >>> endpoints_for("https://example.org/ds/query")
    ('https://example.org/ds/query', 'https://example.org/ds/update')
    >>> endpoints_for("https://example.org/sparql")
    ('https://example.org/sparql', 'https://example.org/sparql')
    """
    _check_url(url)
    parts = urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        base = url.rstrip("/")
        return f"{base}/query", f"{base}/update"
    if parts.path.endswith("/query") and not parts.query:
        return url, url.removesuffix("query") + "update"
    return url, url


class RemoteStore:
    """A :class:`~finkg.store.Store` on a SPARQL 1.1 query endpoint and update endpoint.

    Args:
        endpoint: the SPARQL query endpoint URL.
        update_endpoint: the SPARQL update endpoint URL (default: ``endpoint``).
        timeout: seconds to wait for each request (whole seconds, at least 1).
        retries: how many times a request that failed to connect, timed out or got a 5xx
            answer is sent again.
        backoff: seconds before the first retry; each further retry waits twice as long.
        union_default_graph: the service's default graph already is the union of its named
            graphs (Virtuoso, ``oxigraph serve --union-default-graph``, Fuseki with
            ``unionDefaultGraph``). Otherwise finkg names every graph in each query
            (``default-graph-uri`` and ``named-graph-uri``) to query their union.
        credentials: user name and password for HTTP basic authentication, if the service
            asks for it (never part of an error message).

    Raises:
        RemoteStoreError: an endpoint is not an http(s) URL, or a setting is out of range.

    >>> RemoteStore("http://127.0.0.1:7878/query", timeout=5)
    RemoteStore('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/query')
    """

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        *,
        timeout: int = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.5,
        union_default_graph: bool = False,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self.endpoint = _check_url(endpoint)
        self.update_endpoint = _check_url(update_endpoint or endpoint)
        if timeout < 1 or retries < 0 or backoff < 0:
            raise RemoteStoreError(
                f"{endpoint}: timeout must be at least 1 s, retries and backoff not negative"
            )
        self.timeout = int(timeout)
        self.retries = retries
        self.backoff = backoff
        self.union_default_graph = union_default_graph
        self._credentials = credentials
        self._checker: EmbeddedStore | None = EmbeddedStore(None)

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r}, {self.update_endpoint!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Forget the endpoint: later calls raise :class:`~finkg.store.StoreError`.

        >>> store = RemoteStore("http://127.0.0.1:7878/query")
        >>> store.close()
        >>> store.close()
        """
        self._checker = None

    @property
    def _check(self) -> EmbeddedStore:
        if self._checker is None:
            raise StoreError(f"{self!r} is closed")
        return self._checker

    # -- writing ---------------------------------------------------------------------------

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace one named graph's content in one update request; return its triples.

        Every triple is converted (and checked) before anything is sent, so a failing
        iterator or a bad term leaves the endpoint untouched. Blank nodes are local to the
        call; replacing with no triples removes the graph.

        >>> from rdflib import URIRef
        >>> RemoteStore("http://127.0.0.1:7878").replace_graph(URIRef("urn:finkg:staging:x"), [])
        Traceback (most recent call last):
        ...
        finkg.store.StoreError: urn:finkg:staging:x: graph names under ... are reserved
        """
        target = _named(graph)
        bnodes: dict[str, ox.BlankNode] = {}
        content = {ox.Triple(*_ox_triple(triple, bnodes)) for triple in triples}
        self._update(_replace_update({target: content}))
        return len(content)

    def replace_graphs(self, graphs: Iterable[tuple[URIRef, bytes]]) -> list[int]:
        """Replace several named graphs from N-Triples in one update request; return their sizes.

        The same call as :meth:`finkg.store.EmbeddedStore.replace_graphs`, for builds: one
        request per batch of documents instead of one per document. The N-Triples are parsed
        here first (a graph that does not parse sends nothing); blank nodes are local to each
        graph. Replacing a graph with no triples removes it.

        Raises:
            StoreError: a graph name is reserved or not an IRI, or its N-Triples do not parse.

        >>> RemoteStore("http://127.0.0.1:1").replace_graphs([(URIRef("urn:x:g"), b"<a> .")])
        Traceback (most recent call last):
        ...
        finkg.store.StoreError: urn:x:g: N-Triples that do not parse: ...
        """
        content: dict[ox.NamedNode, set[ox.Triple]] = {}
        counts: list[int] = []
        for graph, data in graphs:
            target = _named(graph)
            try:
                parsed = ox.parse(data, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)
                content[target] = {quad.triple for quad in parsed}  # a later one wins
            except SyntaxError as error:
                raise StoreError(f"{graph}: N-Triples that do not parse: {error}") from None
            counts.append(len(content[target]))
        if content:
            self._update(_replace_update(content))
        return counts

    def load_rdf(self, path: Path, graph: URIRef | None = None, format: str | None = None) -> int:
        """Parse an RDF file here, then replace the graphs it fills in one update request.

        Triples of graph files (and the default graph of .trig/.nq files) go into ``graph``,
        by default :func:`~finkg.store.file_graph_iri`; named graphs keep their names.

        Raises:
            RdfSyntaxError: the file does not parse (nothing is sent).
            StoreError: the file cannot be read or its format is unknown.

        >>> RemoteStore("http://127.0.0.1:7878").load_rdf(Path("missing.ttl"))
        Traceback (most recent call last):
        ...
        finkg.store.StoreError: missing.ttl: cannot read: No such file or directory
        """
        rdf_format = _rdf_format(path, format)
        default = _named(graph if graph is not None else file_graph_iri(path))
        is_dataset = rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
        try:
            stream = path.open("rb")
        except OSError as error:
            raise StoreError(f"{path}: cannot read: {error.strerror or error}") from None
        content: dict[ox.NamedNode, set[ox.Triple]] = {} if is_dataset else {default: set()}
        with stream:
            quads = ox.parse(
                stream, rdf_format, base_iri=path.resolve().as_uri(), rename_blank_nodes=True
            )
            try:
                for quad in quads:
                    name = quad.graph_name
                    target = name if isinstance(name, ox.NamedNode) else default
                    if target not in content:
                        _named(URIRef(target.value))
                    content.setdefault(target, set()).add(quad.triple)
            except SyntaxError as error:
                raise RdfSyntaxError(path, error.msg, error.lineno, error.offset) from None
        if content:
            self._update(_replace_update(content))
        return sum(len(triples) for triples in content.values())

    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and its triples (nothing happens if it does not exist).

        >>> RemoteStore("http://127.0.0.1:7878").drop_graph(URIRef("urn:finkg:staging:x"))
        Traceback (most recent call last):
        ...
        finkg.store.StoreError: urn:finkg:staging:x: graph names under ... are reserved
        """
        self._update(_replace_update({_named(graph): set()}))

    # -- reading ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        """Return the names of the named graphs, sorted.

        >>> RemoteStore("http://127.0.0.1:1", retries=0, timeout=1).graphs()
        Traceback (most recent call last):
        ...
        finkg.remote.EndpointUnavailable: http://127.0.0.1:1: cannot reach the SPARQL endpoint...
        """
        rows = self.select(query_text("remote/graphs"), union=False).rows
        return sorted(row["graph"] for row in rows if isinstance(row["graph"], URIRef))

    def has_graph(self, graph: URIRef) -> bool:
        """Tell whether a named graph exists."""
        return self.ask(query_text("remote/has-graph"), {"graph": graph}, union=False)

    def triple_count(self) -> int:
        """Count the triples of all named graphs (a triple in two graphs counts twice)."""
        (row,) = self.select(query_text("remote/triple-count"), union=False).rows
        count = row["triples"]
        if not isinstance(count, Literal) or not isinstance(count.toPython(), int):
            raise RemoteStoreError(f"{self.endpoint}: COUNT answered {count!r}, not an integer")
        return int(count.toPython())

    def graph_triples(self, graph: URIRef) -> Iterator[tuple[Term, URIRef, Term]]:
        """Iterate over the triples of one named graph (empty if it does not exist)."""
        for _, triple in self._quads({"graph": graph}):
            yield triple

    def graph(self, graph: URIRef) -> Graph:
        """Copy one named graph into an in-memory rdflib graph named ``graph``."""
        copy = Graph(identifier=graph)
        for triple in self.graph_triples(graph):
            copy.add(triple)
        return copy

    def dataset(self) -> Dataset:
        """Copy every named graph into an rdflib dataset whose default graph is the union."""
        copy = Dataset(default_union=True)
        for name, triple in self._quads({}):
            copy.graph(name).add(triple)
        return copy

    def select(
        self,
        query: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = True,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run a SELECT query at the endpoint; bindings as for the embedded store.

        Raises:
            QueryError: the query is malformed, not a SELECT, or refused by the endpoint.
            BindingError: a binding names no variable of the SELECT clause, or a blank node.
            EndpointUnavailable: the endpoint cannot be reached, even after retries.

        >>> RemoteStore("http://127.0.0.1:1").select("ASK {}")
        Traceback (most recent call last):
        ...
        finkg.store.QueryError: expected a SELECT query
        """
        text = self._prepare(query, bindings, union, prefixes, ox.QuerySolutions, "a SELECT")
        answer = self._query(text, SELECT, union)
        try:
            if not isinstance(answer, dict):
                raise TypeError("not a JSON object")
            variables = [str(name) for name in answer["head"]["vars"]]
            rows = [
                {name: _json_term(solution.get(name)) for name in variables}
                for solution in answer["results"]["bindings"]
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise RemoteStoreError(
                f"{self.endpoint}: not a SPARQL JSON result ({error!r})"
            ) from None
        return QueryResult(variables, rows)

    def ask(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True
    ) -> bool:
        """Run an ASK query at the endpoint."""
        text = self._prepare(query, bindings, union, None, ox.QueryBoolean, "an ASK")
        answer = self._query(text, ASK, union)
        value = _boolean(answer)
        if value is None:
            raise RemoteStoreError(f"{self.endpoint}: not a SPARQL boolean result")
        return value

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True
    ) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query at the endpoint into an rdflib graph."""
        text = self._prepare(
            query, bindings, union, None, ox.QueryTriples, "a CONSTRUCT or DESCRIBE"
        )
        data = self._query(text, CONSTRUCT, union)
        if not isinstance(data, bytes):
            raise RemoteStoreError(f"{self.endpoint}: not a Turtle answer to a CONSTRUCT query")
        result = Graph()
        try:
            for triple in ox.parse(data, ox.RdfFormat.TURTLE):
                result.add(_rdf_triple(triple))
        except SyntaxError as error:
            raise RemoteStoreError(f"{self.endpoint}: unreadable Turtle: {error.msg}") from None
        return result

    def dump(self, out: BinaryIO, format: str, *, prefixes: Mapping[str, str] | None = None) -> int:
        """Write the store; return the quads (nq, trig) or distinct triples (nt, ttl, jsonld)."""
        rdf_format = _DUMP_FORMATS.get(format)
        if rdf_format is None:
            raise StoreError(f"cannot dump as {format!r}: use {', '.join(_DUMP_FORMATS)}")
        by_graph: dict[str, list[ox.Quad]] = {}
        bnodes: dict[str, ox.BlankNode] = {}
        for name, triple in self._quads({}):
            quad = ox.Quad(*_ox_triple(triple, bnodes), _named(name))
            by_graph.setdefault(str(name), []).append(quad)
        quads = (quad for name in sorted(by_graph) for quad in by_graph[name])
        counter = _Counter()
        names = dict(prefixes or {})
        if format in _DATASET_DUMPS:
            ox.serialize(counter.count(quads), out, rdf_format, prefixes=names)
        else:
            ox.serialize(counter.count(_distinct_triples(quads)), out, rdf_format, prefixes=names)
        return counter.total

    # -- helpers ---------------------------------------------------------------------------

    def _quads(
        self, bindings: Mapping[str, Node]
    ) -> Iterator[tuple[URIRef, tuple[Term, URIRef, Term]]]:
        result = self.select(query_text("remote/quads"), bindings, union=False)
        for row in result.rows:
            name, s, p, o = (row[key] for key in ("graph", "subject", "predicate", "object"))
            if not isinstance(name, URIRef) or not isinstance(p, URIRef) or s is None or o is None:
                raise RemoteStoreError(f"{self.endpoint}: a quad came back incomplete: {row}")
            yield name, (s, p, o)

    def _prepare(
        self,
        query: str,
        bindings: Mapping[str, Node] | None,
        union: bool,
        prefixes: Mapping[str, str] | None,
        form: type,
        form_name: str,
    ) -> str:
        """Check the query as the embedded store would, then write its bindings as VALUES."""
        text = _prologue(prefixes or {}) + query
        answer = self._check._query(text, bindings, union)
        if not isinstance(answer, form):
            raise QueryError(f"expected {form_name} query")
        if not bindings:
            return text
        for name, term in bindings.items():
            if isinstance(term, BNode):
                raise BindingError(
                    name, f"cannot bind ?{name} to a blank node on a remote SPARQL endpoint"
                )
        substitutions = _substitutions(bindings)
        row = " ".join(str(term) for term in substitutions.values())
        names = " ".join(str(variable) for variable in substitutions)
        rewritten = _with_values(text, f"VALUES ({names}) {{ ({row}) }}")
        try:
            self._check._query(rewritten, None, union)
        except QueryError as error:
            raise QueryError(
                f"cannot bind {names} in this query for a remote endpoint: {error}"
            ) from None
        return rewritten

    def _query(self, text: str, kind: str, union: bool) -> dict[str, Any] | bytes:
        result_format = TURTLE if kind == CONSTRUCT else JSON
        graphs: Sequence[URIRef] = []
        if union and not self.union_default_graph:
            graphs = self.graphs()

        def send() -> dict[str, Any] | bytes:
            wrapper = self._wrapper(text, kind)
            wrapper.setReturnFormat(result_format)
            for name in graphs:
                wrapper.addParameter("default-graph-uri", str(name))
                wrapper.addParameter("named-graph-uri", str(name))
            response = wrapper.query()
            try:
                answer = response.convert()
            except ValueError as error:  # malformed JSON, or SPARQLWrapper's format checks
                raise RemoteStoreError(f"{self.endpoint}: unreadable answer: {error}") from None
            if not isinstance(answer, dict | bytes):
                raise RemoteStoreError(f"{self.endpoint}: unexpected answer {type(answer)}")
            return answer

        return self._retrying(self.endpoint, send)

    def _update(self, text: str) -> None:
        if self._checker is None:
            raise StoreError(f"{self!r} is closed")

        def send() -> None:
            self._wrapper(text, INSERT).query().response.read()

        self._retrying(self.update_endpoint, send)

    def _wrapper(self, text: str, kind: str) -> SPARQLWrapper:
        """A SPARQLWrapper for one request of form ``kind`` (SELECT, ASK, CONSTRUCT or INSERT).

        The form is set, not guessed: SPARQLWrapper guesses it from keywords anywhere in the
        text, comments included (a comment saying "load" makes a query an update).
        """
        wrapper = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(self.timeout)
        if self._credentials is not None:
            wrapper.setCredentials(*self._credentials)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(text)
        wrapper.queryType = kind
        return wrapper

    def _retrying(self, url: str, send: Callable[[], _T]) -> _T:
        """Send until it works, retrying transient failures with exponential backoff."""
        started = time.monotonic()
        reason = ""
        timed_out = False
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return send()
            except QueryBadFormed as error:
                raise QueryError(
                    f"{url}: the endpoint refused the request: {_answer(error)}"
                ) from None
            except Unauthorized:
                raise RemoteStoreError(f"{url}: access denied (HTTP 401)") from None
            except EndPointNotFound:
                raise RemoteStoreError(
                    f"{url}: not found (HTTP 404): is it a SPARQL endpoint?"
                ) from None
            except URITooLong:
                raise RemoteStoreError(f"{url}: the request is too long (HTTP 414)") from None
            except EndPointInternalError as error:
                reason, timed_out = f"server error (HTTP 500): {_answer(error)}", False
            except urllib.error.HTTPError as error:
                if error.code not in _RETRY_STATUS:
                    raise RemoteStoreError(
                        f"{url}: HTTP {error.code} {error.reason}: {_answer(error)}"
                    ) from None
                reason, timed_out = f"HTTP {error.code} {error.reason}", False
            except urllib.error.URLError as error:
                timed_out = isinstance(error.reason, TimeoutError)
                reason = str(error.reason)
            except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as error:
                timed_out = isinstance(error, TimeoutError)
                reason = str(error) or type(error).__name__
        attempts = self.retries + 1
        elapsed = time.monotonic() - started
        tries = f"{attempts} attempt{'s' if attempts > 1 else ''} in {elapsed:.1f} s"
        if timed_out:
            raise EndpointTimeout(f"{url}: no answer within {self.timeout} s ({tries})")
        raise EndpointUnavailable(f"{url}: cannot reach the SPARQL endpoint: {reason} ({tries})")


# -- request text ------------------------------------------------------------------------------


def _replace_update(content: Mapping[ox.NamedNode, Iterable[ox.Triple]]) -> str:
    """The update that replaces graphs: validated NamedNodes and N-Triples from pyoxigraph only.

    >>> g, s = ox.NamedNode("urn:x:g"), ox.NamedNode("urn:x:s")
    >>> print(_replace_update({g: [ox.Triple(s, s, ox.Literal('a"b'))]}))
    DROP SILENT GRAPH <urn:x:g> ;
    INSERT DATA {
    GRAPH <urn:x:g> {
    <urn:x:s> <urn:x:s> "a\\"b" .
    }
    }
    """
    operations = [f"DROP SILENT GRAPH {name}" for name in content]
    data = []
    for name, triples in content.items():
        lines = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
        if lines:
            data.append(f"GRAPH {name} {{\n{lines.decode('utf-8')}}}\n")
    if data:
        operations.append("INSERT DATA {\n" + "".join(data) + "}")
    return " ;\n".join(operations)


def _prologue(prefixes: Mapping[str, str]) -> str:
    """PREFIX declarations for ``prefixes`` (checked names and IRIs), the query's own win.

    >>> _prologue({"ex": "https://example.org/"})
    'PREFIX ex: <https://example.org/>\\n'
    """
    lines = []
    for name, iri in prefixes.items():
        if not _PREFIX.fullmatch(name):
            raise QueryError(f"{name!r} is not a valid SPARQL prefix name")
        try:
            lines.append(f"PREFIX {name}: {ox.NamedNode(iri)}\n")
        except ValueError as error:
            raise QueryError(f"prefix {name}: {iri!r} is not a valid IRI ({error})") from None
    return "".join(lines)


def _with_values(query: str, values: str) -> str:
    """Put a VALUES block first in the query's WHERE group (around a sub-SELECT if it is one).

    >>> _with_values("SELECT ?s WHERE { ?s ?p ?o }", "VALUES (?s) { (<urn:x:a>) }")
    'SELECT ?s WHERE { VALUES (?s) { (<urn:x:a>) }  ?s ?p ?o }'
    >>> _with_values("CONSTRUCT { ?s ?p 1 } WHERE { SELECT ?s ?p {} }", "VALUES ?s { 1 }")
    'CONSTRUCT { ?s ?p 1 } WHERE { VALUES ?s { 1 } { SELECT ?s ?p {} } }'
    """
    words, groups = _scan(query)
    form = next((word for _, word in words if word in _FORMS), "")
    index = 0
    if form == "CONSTRUCT":
        if groups and any(word == "WHERE" and at < groups[0][0] for at, word in words):
            raise QueryError("cannot bind variables of a CONSTRUCT WHERE { } short form remotely")
        index = 1
    if len(groups) <= index:
        raise QueryError("cannot bind variables of a query without a WHERE { } group")
    start, end = groups[index]
    body = query[start + 1 : end]
    if _LEADING_SELECT.match(body):
        return f"{query[: start + 1]} {values} {{{body}}} {query[end:]}"
    return f"{query[: start + 1]} {values} {query[start + 1 :]}"


def _scan(query: str) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """Top-level keywords (offset, upper case) and ``{ }`` groups of a SPARQL query.

    Strings, comments, IRIs and variables are skipped, so braces inside them do not count;
    groups opened inside parentheses (``(EXISTS { } AS ?x)``) are not top-level.

    >>> _scan('SELECT * WHERE { ?s ?p "}" } # {')
    ([(0, 'SELECT'), (9, 'WHERE')], [(15, 27)])
    """
    words: list[tuple[int, str]] = []
    groups: list[tuple[int, int]] = []
    depth = parens = 0
    start: int | None = None
    i, size = 0, len(query)
    while i < size:
        char = query[i]
        if char == "#":
            newline = query.find("\n", i)
            i = size if newline < 0 else newline + 1
            continue
        if char in "\"'":
            quote = char * 3 if query.startswith(char * 3, i) else char
            i += len(quote)
            while i < size and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
            continue
        iri = _IRIREF.match(query, i) if char == "<" else None
        word = _WORD.match(query, i) if char.isalpha() or char == "_" else None
        if iri:
            i = iri.end()
            continue
        if char in "?$" or (word and i and query[i - 1] in ":@"):
            name = _WORD.match(query, i + (char in "?$"))
            i = name.end() if name else i + 1
            continue
        if word:
            if depth == 0 and not query.startswith(":", word.end()):
                words.append((i, word.group().upper()))
            i = word.end()
            continue
        if char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif char == "{":
            if depth == 0 and parens == 0:
                start = i
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and start is not None:
                groups.append((start, i))
                start = None
        i += 1
    return words, groups


# -- results and errors ------------------------------------------------------------------------


def _json_term(value: object) -> Term | None:
    """An rdflib term from a SPARQL JSON results binding, as the embedded store returns it.

    >>> _json_term({"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
    rdflib.term.Literal('7', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"not a binding: {value!r}")
    kind, text = value["type"], str(value["value"])
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang")
        if language:
            return Literal(text, lang=str(language))
        datatype = value.get("datatype")
        if datatype is None or datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(text)
        return _rdf_term(ox.Literal(text, datatype=ox.NamedNode(str(datatype))))
    raise ValueError(f"unsupported term type {kind!r}")


def _boolean(answer: object) -> bool | None:
    """The value of an ASK answer; Virtuoso 7 answers a POSTed ASK as a SELECT (no row: false).

    >>> _boolean({"boolean": True}), _boolean({"head": {"vars": ["__ASK_RETVAL"]},
    ...     "results": {"bindings": [{"__ASK_RETVAL": {"type": "literal", "value": "0"}}]}})
    (True, False)
    """
    if not isinstance(answer, dict):
        return None
    value = answer.get("boolean")
    if isinstance(value, bool):
        return value
    try:
        if answer["head"]["vars"] != ["__ASK_RETVAL"]:
            return None
        rows = answer["results"]["bindings"]
        return bool(rows) and bool(int(rows[0]["__ASK_RETVAL"]["value"]))
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _answer(error: Exception) -> str:
    """The first line of what the server said about a failed request.

    >>> _answer(QueryBadFormed(b"Parser error: unexpected }\\nat line 3"))
    'Parser error: unexpected }'
    """
    body: object = None
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except OSError:
            body = None
    else:
        # SPARQLWrapper keeps the server's answer only as the repr of bytes in its message
        _, _, shown = str(error).partition("Response:\n")
        try:
            body = ast.literal_eval(shown) if shown else None
        except (ValueError, SyntaxError):
            body = shown
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    text = str(body).strip() if body else ""
    return text.splitlines()[0][:300] if text else "(no message)"


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteStoreError(f"{url}: not an http:// or https:// SPARQL endpoint URL")
    return url
