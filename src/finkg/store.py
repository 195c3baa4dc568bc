"""The quad store: one named graph per document, replaced atomically, queried with SPARQL.

:class:`Store` is the small protocol every backend implements; :class:`EmbeddedStore` is the one
on pyoxigraph (in memory, or persistent in a folder). Terms go in and come out as rdflib terms.

A graph is replaced by writing the new triples into a fresh staging graph and then running one
SPARQL update, ``DROP SILENT GRAPH <g> ; MOVE <staging> TO <g>``. pyoxigraph runs one update
request in one transaction, so a reader or a crash sees the old graph or the new one, never half.
Staging graphs are hidden from readers by a lock while they exist and dropped when a store opens
(left over by a crash).

>>> from rdflib import Literal, URIRef
>>> g, s, p = (URIRef(f"https://example.org/{name}") for name in ("graph/a", "s", "p"))
>>> with EmbeddedStore(None) as store:
...     store.replace_graph(g, [(s, p, Literal("one")), (s, p, Literal("two"))])
...     store.select("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o", {"s": s}).rows[0]["o"]
2
rdflib.term.Literal('one')
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol, Self, TypeAlias, TypeVar, cast
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from finkg.vocab import DATA

__all__ = [
    "DEFAULT_STORE",
    "BindingError",
    "EmbeddedStore",
    "QueryError",
    "QueryResult",
    "RdfSyntaxError",
    "Store",
    "StoreError",
    "StoreLocationError",
    "Term",
    "file_graph_iri",
    "open_store",
]

DEFAULT_STORE = Path(".finkg/store")
"""Where the store lives when no location is given (relative to the working directory)."""

Term: TypeAlias = URIRef | BNode | Literal
"""An RDF term as the store returns it."""

_STAGING = "urn:finkg:staging:"
_CHUNK = 50_000
_BULK = 500_000
"""Quads per bulk ingestion: below pyoxigraph's one-million batch, so each is one atomic step."""
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}
_DUMP_FORMATS = {name: _RDF_FORMATS[name] for name in ("nq", "trig", "nt", "ttl", "jsonld")}
_DATASET_DUMPS = frozenset({"nq", "trig"})
_Item = TypeVar("_Item")


class StoreError(Exception):
    """Something the store cannot do, said in words a user can act on."""


class StoreLocationError(StoreError):
    """The store folder cannot be used: a file, not writable, damaged or in use."""


class RdfSyntaxError(StoreError):
    """An RDF file does not parse; carries the file and, when the parser says, line and column."""

    def __init__(self, path: Path, message: str, line: int | None, column: int | None) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.line = line
        self.column = column


class QueryError(StoreError):
    """A SPARQL query is malformed, of the wrong form, or fails while running."""


class BindingError(QueryError):
    """A binding names no variable the query lets us bind (its SELECT projection)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SELECT query: variables in projection order, one dict per solution."""

    variables: list[str]
    rows: list[dict[str, Term | None]] = field(default_factory=list)


class Store(Protocol):
    """What every backend offers: named graphs of triples, SPARQL reads, RDF files in and out."""

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace one named graph's content atomically; return the triples it now holds."""
        ...

    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and its triples (nothing happens if it does not exist)."""
        ...

    def graphs(self) -> list[URIRef]:
        """Return the names of the named graphs, sorted."""
        ...

    def has_graph(self, graph: URIRef) -> bool:
        """Tell whether a named graph exists."""
        ...

    def select(
        self,
        query: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = True,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run a SELECT query; ``union`` makes the union of all named graphs the default graph."""
        ...

    def ask(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True
    ) -> bool:
        """Run an ASK query."""
        ...

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True
    ) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query into an rdflib graph."""
        ...

    def triple_count(self) -> int:
        """Count the triples of all graphs (a triple in two graphs counts twice)."""
        ...

    def graph_triples(self, graph: URIRef) -> Iterator[tuple[Term, URIRef, Term]]:
        """Iterate over the triples of one named graph."""
        ...

    def load_rdf(self, path: Path, graph: URIRef | None = None, format: str | None = None) -> int:
        """Load an RDF file as it is, replacing the graphs it fills; return the triples loaded."""
        ...

    def dataset(self) -> Dataset:
        """Copy the whole store into an in-memory rdflib dataset (for small stores)."""
        ...

    def graph(self, graph: URIRef) -> Graph:
        """Copy one named graph into an in-memory rdflib graph."""
        ...

    def dump(self, out: BinaryIO, format: str, *, prefixes: Mapping[str, str] | None = None) -> int:
        """Write the store: nq/trig keep the named graphs, nt/ttl/jsonld merge them."""
        ...

    def close(self) -> None:
        """Release the store (its folder can be opened again afterwards)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def file_graph_iri(path: Path) -> URIRef:
    """Mint the named graph for an RDF file loaded without a graph: ``id:graph/<file name>``.

    >>> str(file_graph_iri(Path("data/extra facts.ttl")))
    'https://w3id.org/finkg/id/graph/extra%20facts.ttl'
    """
    return DATA[f"graph/{quote(path.name, safe='')}"]


def open_store(
    location: str | Path | None = None,
    *,
    update_endpoint: str | None = None,
    timeout: int | None = None,
) -> Store:
    """Open the store at ``location``: a folder, ``":memory:"``, a SPARQL endpoint URL, or None.

    The default is the environment variable ``FINKG_STORE`` if set, else :data:`DEFAULT_STORE`.
    An ``http://`` or ``https://`` location is a remote SPARQL 1.1 service
    (:class:`finkg.remote.RemoteStore`): a bare server address is an Oxigraph server
    (``/query`` and ``/update``), a URL ending in ``/query`` updates at ``/update`` beside it,
    and any other URL serves both, unless ``update_endpoint`` names the update endpoint.
    The environment variables ``FINKG_SPARQL_USER`` and ``FINKG_SPARQL_PASSWORD``, when both
    are set, are sent to it with HTTP basic authentication.

    Args:
        location: where the store is.
        update_endpoint: the SPARQL update endpoint, when ``location`` is a query endpoint.
        timeout: seconds to wait for each request to a remote endpoint.

    Raises:
        StoreError: ``update_endpoint`` or ``timeout`` given for a store that is not remote.
        StoreLocationError: the folder cannot be used (see :class:`EmbeddedStore`).

    >>> with open_store(":memory:") as store:
    ...     store.graphs()
    []
    >>> open_store("http://127.0.0.1:7878")
    RemoteStore('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    """
    if location is None:
        location = os.environ.get("FINKG_STORE") or DEFAULT_STORE
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        from finkg.remote import DEFAULT_TIMEOUT, RemoteStore, endpoints_for

        query, update = endpoints_for(location)
        user, password = (
            os.environ.get("FINKG_SPARQL_USER"),
            os.environ.get("FINKG_SPARQL_PASSWORD"),
        )
        remote = RemoteStore(
            query,
            update_endpoint or update,
            timeout=timeout or DEFAULT_TIMEOUT,
            credentials=(user, password) if user and password else None,
        )
        # a cast: mypy run on this file sees it as src.finkg.store, remote's types as finkg.store
        return cast(Store, remote)
    if update_endpoint is not None or timeout is not None:
        raise StoreError(
            f"{location}: an update endpoint and a timeout only apply to a remote SPARQL store"
        )
    if location == ":memory:":
        return EmbeddedStore(None)
    return EmbeddedStore(Path(location))


class EmbeddedStore:
    """A :class:`Store` on pyoxigraph: in memory (``path=None``) or persistent in a folder.

    Args:
        path: the store folder, created if missing; None keeps everything in memory.

    Raises:
        StoreLocationError: the folder is a file, not writable, damaged, not a store, or open
            in another process.

    >>> EmbeddedStore(None).graphs()
    []
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._store: ox.Store | None = _open(path)
        if path is not None:
            for name in list(self._store.named_graphs()):
                if isinstance(name, ox.NamedNode) and name.value.startswith(_STAGING):
                    self._store.remove_graph(name)

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path) if self.path else None!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self!r} is closed")
        return self._store

    def close(self) -> None:
        """Flush and release the store; its folder lock goes with the last reference."""
        with self._lock:
            if self._store is not None and self.path is not None:
                self._store.flush()
            self._store = None

    # -- writing ---------------------------------------------------------------------------

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace one named graph's content atomically; return the triples it now holds.

        Blank nodes are local to the call: the same BNode in two calls is two nodes. Replacing
        with no triples removes the graph.

        >>> from rdflib import URIRef
        >>> g, s = URIRef("https://example.org/g"), URIRef("https://example.org/s")
        >>> store = EmbeddedStore(None)
        >>> store.replace_graph(g, [(s, s, s)]), store.replace_graph(g, [(s, s, s)])
        (1, 1)
        """
        target = _named(graph)
        bnodes: dict[str, ox.BlankNode] = {}
        quads = (ox.Quad(*_ox_triple(triple, bnodes)) for triple in triples)
        with self._lock:
            return sum(self._commit(self._stage(quads, target, keep_default=True)))

    @staticmethod
    def encode_triples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
        """Serialise triples as N-Triples, the compact form workers hand to :meth:`replace_graphs`.

        >>> from rdflib import URIRef
        >>> s = URIRef("https://example.org/s")
        >>> EmbeddedStore.encode_triples([(s, s, s)])
        b'<https://example.org/s> <https://example.org/s> <https://example.org/s> .\\n'
        """
        bnodes: dict[str, ox.BlankNode] = {}
        encoded = [ox.Triple(*_ox_triple(triple, bnodes)) for triple in triples]
        return ox.serialize(encoded, format=ox.RdfFormat.N_TRIPLES) or b""

    def replace_graphs(self, graphs: Iterable[tuple[URIRef, bytes]]) -> list[int]:
        """Replace several named graphs from N-Triples; return the triples each now holds.

        Graphs the store does not hold yet are written together by pyoxigraph's bulk loader,
        which ingests index files in one atomic step (up to :data:`_BULK` quads at a time, cut
        at graph boundaries) and keeps no write buffers in memory; a graph that already exists
        is replaced on its own, atomically, as :meth:`replace_graph` does. A crash leaves each
        graph as it was or fully written. Blank node labels must not repeat across the graphs
        of one call (:meth:`encode_triples` makes fresh ones).

        Raises:
            StoreError: a graph name is reserved or not an IRI, or the N-Triples do not parse.

        >>> from rdflib import URIRef
        >>> g, s = URIRef("https://example.org/g"), URIRef("https://example.org/s")
        >>> store = EmbeddedStore(None)
        >>> data = EmbeddedStore.encode_triples([(s, s, s)])
        >>> store.replace_graphs([(g, data)]), store.replace_graphs([(g, data + data)])
        ([1], [1])
        """
        counts: list[int] = []
        fresh: list[bytes] = []
        size = 0
        with self._lock:
            for graph, data in graphs:
                target = _named(graph)
                lines = set(data.splitlines())
                lines.discard(b"")
                counts.append(len(lines))
                if self._ox.contains_named_graph(target):
                    self._commit(
                        self._stage(_parse_ntriples(graph, data), target, keep_default=True)
                    )
                    continue
                # canonical N-Triples end every statement with " .\n" (literals escape newlines)
                fresh.append(data.replace(b" .\n", f" {target} .\n".encode()))
                size += len(lines)
                if size >= _BULK:
                    self._bulk_load(graph, fresh)
                    fresh, size = [], 0
            if fresh:
                self._bulk_load(graph, fresh)
        return counts

    def _bulk_load(self, last: URIRef, chunks: list[bytes]) -> None:
        try:
            self._ox.bulk_load(b"".join(chunks), ox.RdfFormat.N_QUADS)
        except SyntaxError as error:
            raise StoreError(f"{last}: N-Triples that do not parse: {error}") from None

    def load_rdf(self, path: Path, graph: URIRef | None = None, format: str | None = None) -> int:
        """Load an RDF file as it is, replacing the graphs it fills; return the triples loaded.

        Triples of .ttl/.nt/.jsonld/.rdf files (and the default graph of .trig/.nq files) go
        into ``graph``, by default :func:`file_graph_iri`; the named graphs of .trig/.nq files
        keep their names. All graphs of the file are replaced in one transaction, and a file
        that does not parse changes nothing.

        Raises:
            RdfSyntaxError: the file does not parse (with its line when the parser gives it).
            StoreError: the file cannot be read or its format is unknown.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.nt").write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\\n")
        >>> store = EmbeddedStore(None)
        >>> store.load_rdf(folder / "a.nt"), [str(g) for g in store.graphs()]
        (1, ['https://w3id.org/finkg/id/graph/a.nt'])
        """
        rdf_format = _rdf_format(path, format)
        default = _named(graph if graph is not None else file_graph_iri(path))
        dataset = rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
        try:
            stream = path.open("rb")
        except OSError as error:
            raise StoreError(f"{path}: cannot read: {error.strerror or error}") from None
        with stream, self._lock:
            quads = ox.parse(
                stream, rdf_format, base_iri=path.resolve().as_uri(), rename_blank_nodes=True
            )
            try:
                staged = self._stage(quads, default, keep_default=not dataset)
            except SyntaxError as error:
                raise RdfSyntaxError(path, error.msg, error.lineno, error.offset) from None
            return sum(self._commit(staged))

    def drop_graph(self, graph: URIRef) -> None:
        """Remove a named graph and its triples (nothing happens if it does not exist).

        >>> EmbeddedStore(None).drop_graph(URIRef("https://example.org/none"))
        """
        with self._lock:
            self._ox.remove_graph(_named(graph))

    def _stage(
        self, quads: Iterable[ox.Quad], default: ox.NamedNode, *, keep_default: bool
    ) -> dict[ox.NamedNode, ox.NamedNode]:
        """Write quads into fresh staging graphs, one per target graph; return target -> staging.

        A quad's target is its named graph, or ``default`` for the default graph (and blank
        graph names). ``keep_default`` stages ``default`` even when no quad goes there.
        """
        staged: dict[ox.NamedNode, ox.NamedNode] = {}

        def staging_for(target: ox.NamedNode) -> ox.NamedNode:
            if target not in staged:
                _named(URIRef(target.value))  # refuses reserved names
                staged[target] = ox.NamedNode(f"{_STAGING}{uuid.uuid4().hex}")
                self._ox.add_graph(staged[target])
            return staged[target]

        try:
            if keep_default:
                staging_for(default)
            batch: list[ox.Quad] = []
            for quad in quads:
                name = quad.graph_name
                staging = staging_for(name if isinstance(name, ox.NamedNode) else default)
                batch.append(ox.Quad(quad.subject, quad.predicate, quad.object, staging))
                if len(batch) >= _CHUNK:
                    self._ox.extend(batch)
                    batch = []
            self._ox.extend(batch)
        except BaseException:
            self._drop_staging(staged)
            raise
        return staged

    def _commit(self, staged: Mapping[ox.NamedNode, ox.NamedNode]) -> list[int]:
        """Count each staging graph, then move them all onto their targets in one update."""
        try:
            counts = [
                sum(1 for _ in self._ox.quads_for_pattern(None, None, None, staging))
                for staging in staged.values()
            ]
            self._ox.update(_move_update(staged.items()))
        except BaseException:
            self._drop_staging(staged)
            raise
        return counts

    def _drop_staging(self, staged: Mapping[ox.NamedNode, ox.NamedNode]) -> None:
        for staging in staged.values():
            self._ox.remove_graph(staging)

    # -- reading ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        """Return the names of the named graphs, sorted.

        >>> EmbeddedStore(None).graphs()
        []
        """
        with self._lock:
            return sorted(URIRef(name.value) for name in self._named_graphs())

    def has_graph(self, graph: URIRef) -> bool:
        """Tell whether a named graph exists.

        >>> EmbeddedStore(None).has_graph(URIRef("https://example.org/g"))
        False
        """
        with self._lock:
            return bool(self._ox.contains_named_graph(_named(graph)))

    def triple_count(self) -> int:
        """Count the triples of all graphs (a triple in two graphs counts twice).

        >>> EmbeddedStore(None).triple_count()
        0
        """
        with self._lock:
            return len(self._ox)

    def graph_triples(self, graph: URIRef) -> Iterator[tuple[Term, URIRef, Term]]:
        """Iterate over the triples of one named graph (empty if it does not exist).

        >>> list(EmbeddedStore(None).graph_triples(URIRef("https://example.org/g")))
        []
        """
        with self._lock:
            quads = self._ox.quads_for_pattern(None, None, None, _named(graph))
        for quad in quads:
            yield _rdf_triple(quad)

    def graph(self, graph: URIRef) -> Graph:
        """Copy one named graph into an in-memory rdflib graph named ``graph``.

        >>> len(EmbeddedStore(None).graph(URIRef("https://example.org/g")))
        0
        """
        copy = Graph(identifier=graph)
        for triple in self.graph_triples(graph):
            copy.add(triple)
        return copy

    def dataset(self) -> Dataset:
        """Copy the whole store into an rdflib dataset whose default graph is the union.

        >>> len(list(EmbeddedStore(None).dataset().quads()))
        0
        """
        copy = Dataset(default_union=True)
        with self._lock:
            for name in self._named_graphs():
                target = copy.graph(URIRef(name.value))
                for quad in self._ox.quads_for_pattern(None, None, None, name):
                    target.add(_rdf_triple(quad))
        return copy

    def select(
        self,
        query: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = True,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run a SELECT query; ``bindings`` give variables of its projection fixed values.

        Args:
            query: the SPARQL text (from a file in ``queries/``, never built from user values).
            bindings: values for variables of the SELECT clause (SEP-0007 substitution).
            union: query the union of all named graphs as the default graph.
            prefixes: prefix declarations the query text relies on (SHACL's sh:declare).

        Raises:
            QueryError: the query is malformed, not a SELECT, or fails while running.
            BindingError: a binding names no variable of the SELECT clause.

        >>> from rdflib import Literal
        >>> store = EmbeddedStore(None)
        >>> result = store.select("SELECT ?x WHERE {}", {"x": Literal("hi")})
        >>> result.variables, result.rows
        (['x'], [{'x': rdflib.term.Literal('hi')}])
        """
        with self._lock:
            answer = self._query(query, bindings, union, prefixes)
            if not isinstance(answer, ox.QuerySolutions):
                raise QueryError("expected a SELECT query")
            variables = [variable.value for variable in answer.variables]
            try:
                rows = [
                    {name: _rdf_or_none(solution[name]) for name in variables}
                    for solution in answer
                ]
            except (OSError, RuntimeError) as error:
                raise QueryError(f"query failed: {error}") from error
        return QueryResult(variables, rows)

    def ask(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True
    ) -> bool:
        """Run an ASK query.

        >>> EmbeddedStore(None).ask("ASK { ?s ?p ?o }")
        False
        """
        with self._lock:
            answer = self._query(query, bindings, union)
        if not isinstance(answer, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(answer)

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True
    ) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query into an rdflib graph.

        >>> len(EmbeddedStore(None).construct("CONSTRUCT WHERE { ?s ?p ?o }"))
        0
        """
        result = Graph()
        with self._lock:
            answer = self._query(query, bindings, union)
            if not isinstance(answer, ox.QueryTriples):
                raise QueryError("expected a CONSTRUCT or DESCRIBE query")
            try:
                for triple in answer:
                    result.add(_rdf_triple(triple))
            except (OSError, RuntimeError) as error:
                raise QueryError(f"query failed: {error}") from error
        return result

    def dump(self, out: BinaryIO, format: str, *, prefixes: Mapping[str, str] | None = None) -> int:
        """Write the store; return the quads (nq, trig) or distinct triples (nt, ttl, jsonld).

        nq and trig keep one named graph per document; nt, ttl and jsonld merge all graphs.

        >>> import io
        >>> EmbeddedStore(None).dump(io.BytesIO(), "nq")
        0
        """
        rdf_format = _DUMP_FORMATS.get(format)
        if rdf_format is None:
            raise StoreError(f"cannot dump as {format!r}: use {', '.join(_DUMP_FORMATS)}")
        counter = _Counter()
        with self._lock:
            names = dict(prefixes or {})
            if format in _DATASET_DUMPS:
                ox.serialize(counter.count(self._all_quads()), out, rdf_format, prefixes=names)
            else:
                triples = _distinct_triples(self._all_quads())
                ox.serialize(counter.count(triples), out, rdf_format, prefixes=names)
        return counter.total

    # -- helpers ---------------------------------------------------------------------------

    def _named_graphs(self) -> Iterator[ox.NamedNode]:
        for name in self._ox.named_graphs():
            if isinstance(name, ox.NamedNode) and not name.value.startswith(_STAGING):
                yield name

    def _all_quads(self) -> Iterator[ox.Quad]:
        for name in sorted(self._named_graphs(), key=lambda n: n.value):
            yield from self._ox.quads_for_pattern(None, None, None, name)

    def _query(
        self,
        query: str,
        bindings: Mapping[str, Node] | None,
        union: bool,
        prefixes: Mapping[str, str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        substitutions = _substitutions(bindings or {})
        try:
            return self._ox.query(
                query,
                use_default_graph_as_union=union,
                substitutions=substitutions,
                prefixes=dict(prefixes) if prefixes else None,
            )
        except SyntaxError as error:
            raise QueryError(f"invalid SPARQL query: {error.msg}") from None
        except (OSError, RuntimeError) as error:
            # pyoxigraph refuses to substitute a variable outside the SELECT projection with a
            # RuntimeError naming it ("... does not contains variable ?x in its SELECT projection")
            message = str(error)
            for name in bindings or {}:
                if f"?{name} " in f"{message} " and "projection" in message:
                    raise BindingError(
                        name,
                        f"cannot bind ?{name}: the query does not select it"
                        " (only variables of the SELECT clause can be bound)",
                    ) from None
            raise QueryError(f"query failed: {message}") from error


# -- staging -------------------------------------------------------------------------------


def _move_update(moves: Iterable[tuple[ox.NamedNode, ox.NamedNode]]) -> str:
    """The one place SPARQL text is assembled: graph management from validated NamedNodes.

    ``str(NamedNode)`` is ``<iri>`` and pyoxigraph refuses IRIs with ``<>"{}|^`\\`` or spaces,
    so nothing here can break out of the IRI.

    >>> _move_update([(ox.NamedNode("urn:x:g"), ox.NamedNode("urn:x:s"))])
    'DROP SILENT GRAPH <urn:x:g> ;\\nMOVE <urn:x:s> TO <urn:x:g>'
    """
    return " ;\n".join(
        f"DROP SILENT GRAPH {target} ;\nMOVE {staging} TO {target}" for target, staging in moves
    )


class _Counter:
    """Counts the items of an iterable as they go by."""

    def __init__(self) -> None:
        self.total = 0

    def count(self, items: Iterable[_Item]) -> Iterator[_Item]:
        for item in items:
            self.total += 1
            yield item


def _parse_ntriples(graph: URIRef, data: bytes) -> list[ox.Quad]:
    try:
        return list(ox.parse(data, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))
    except SyntaxError as error:
        raise StoreError(f"{graph}: N-Triples that do not parse: {error}") from None


def _distinct_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


# -- opening -------------------------------------------------------------------------------


def _open(path: Path | None) -> ox.Store:
    if path is None:
        return ox.Store()
    if path.exists() and not path.is_dir():
        raise StoreLocationError(f"{path}: is a file, not a store folder")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise StoreLocationError(f"{path}: the folder is not empty and holds no finkg store")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreLocationError(f"{path}: cannot create the store folder: {error}") from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise StoreLocationError(f"{path}: the store folder is not writable")
    try:
        return ox.Store(path)
    except OSError as error:
        message = str(error)
        if "LOCK" in message:
            raise StoreLocationError(
                f"{path}: the store is in use by another process (or already open in this one)"
            ) from error
        raise StoreLocationError(f"{path}: cannot open the store: {message}") from error
    except RuntimeError as error:
        raise StoreLocationError(f"{path}: the store folder is damaged: {error}") from error


def _rdf_format(path: Path, format: str | None) -> ox.RdfFormat:
    key = (format or path.suffix.removeprefix(".")).lower()
    try:
        return _RDF_FORMATS[key]
    except KeyError:
        known = ", ".join(sorted(_RDF_FORMATS))
        raise StoreError(f"{path}: unknown RDF format {key!r} (known: {known})") from None


# -- terms ---------------------------------------------------------------------------------


def _named(iri: URIRef) -> ox.NamedNode:
    if str(iri).startswith(_STAGING):
        raise StoreError(f"{iri}: graph names under {_STAGING} are reserved")
    try:
        return ox.NamedNode(str(iri))
    except ValueError as error:
        raise StoreError(f"not a valid IRI: {str(iri)!r} ({error})") from None


def _ox_term(
    term: Node, bnodes: dict[str, ox.BlankNode] | None
) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as error:
            raise StoreError(f"not a valid IRI: {str(term)!r} ({error})") from None
    if isinstance(term, BNode):
        if bnodes is None:
            return ox.BlankNode(str(term))
        return bnodes.setdefault(str(term), ox.BlankNode())
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store {term!r}: not an IRI, blank node or literal")


def _ox_triple(
    triple: tuple[Node, Node, Node], bnodes: dict[str, ox.BlankNode]
) -> tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]:
    s, p, o = (_ox_term(term, bnodes) for term in triple)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise StoreError(f"not a valid triple: {triple!r}")
    return s, p, o


def _substitutions(
    bindings: Mapping[str, Node],
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
    for name, term in bindings.items():
        try:
            variable = ox.Variable(name)
        except ValueError:
            raise BindingError(name, f"{name!r} is not a valid SPARQL variable name") from None
        substitutions[variable] = _ox_term(term, None)
    return substitutions


def _rdf_term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise StoreError(f"cannot convert {term!r} to rdflib (RDF-star triples are not supported)")


def _rdf_or_none(term: object) -> Term | None:
    return None if term is None else _rdf_term(term)


def _rdf_triple(triple: ox.Quad | ox.Triple) -> tuple[Term, URIRef, Term]:
    return _rdf_term(triple.subject), URIRef(triple.predicate.value), _rdf_term(triple.object)
