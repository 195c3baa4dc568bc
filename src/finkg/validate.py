"""SHACL validation of the stored graph, and the cross-document conflicts report.

The shapes in ``shapes/`` are the one specification, and :func:`validate_graph` runs all of
them with pySHACL. :func:`validate_store` splits the work for speed: each document's named
graph is validated with pySHACL against the *core* constraints (cardinalities, datatypes,
ranges), together with the ontology; the SHACL-SPARQL constraints (unit kind against metric,
instant or duration, segment owner...) run once, as the SELECT queries the shapes hold, on
the whole store through pyoxigraph. pySHACL runs a SPARQL constraint once per focus node on
rdflib's engine, which was nine tenths of the time per document.

Per document, pySHACL gets a small support graph instead of a copy of the whole ontology (see
:class:`_Support`: the hierarchy, the ontology terms the document names, and the types of the
terms those name), runs in place with the core shapes parsed once, and the documents are
validated in worker processes (``jobs``). The results are those of the whole-ontology run
(``tests/test_validate_store.py`` compares both, also on a broken document).

The accounting identities (``shapes/accounting.shapes.ttl``: totals and their parts, the cash
roll-forward, four quarters and their year, a segment within the company total) are
SHACL-SPARQL constraints of severity ``Warning``: a document whose own numbers do not add up is
reported, and the store still conforms. The data-quality queries in ``queries/violations/``
(``<name>-violation.rq``, each returning the offending rows) run on the whole store too, and
each row they return is a violation.

Facts that documents state with values that disagree beyond their precision are listed as
conflicts: they are warnings, both values are kept, and queries use the more precise one.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

from pyshacl import ShapesGraph, Validator
from pyshacl import validate as shacl_validate
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, RDFS, SH

from finkg.graph import ONTOLOGY_GRAPH
from finkg.query import run_query
from finkg.resources import ontology_files, ontology_graph, query_text, shapes_files, shapes_graph
from finkg.store import Store
from finkg.vocab import FKG

__all__ = [
    "Conflict",
    "ValidationResult",
    "Violation",
    "check_constraints",
    "check_violation_queries",
    "record_validation",
    "validate_document",
    "validate_graph",
    "validate_store",
    "validation_digest",
    "violation_query_names",
]

_VIOLATIONS = "violations"
_VIOLATION_SUFFIX = "-violation.rq"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the graph, the node, the path and what is wrong."""

    graph: str
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.graph}: <{self.focus}>{where}: {self.message}"


@dataclass(frozen=True)
class Conflict:
    """A fact stated with values that disagree beyond their precision, with every source."""

    metric: str
    period: str
    segment: str
    basis: str
    statements: tuple[tuple[str, str, int], ...]
    """(value, document, line) of each statement."""

    def __str__(self) -> str:
        stated = " vs ".join(
            f"{value} ({source}:{line})" for value, source, line in self.statements
        )
        segment = f" [{self.segment}]" if self.segment else ""
        return f"conflict: {self.metric}{segment} {self.period} {self.basis}: {stated}"


@dataclass
class ValidationResult:
    """The outcome of validating a store."""

    violations: list[Violation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    graphs: int = 0
    recorded: int = 0
    """Document graphs whose build-time record (fkg:validationDigest) was current: not re-run."""

    @property
    def conforms(self) -> bool:
        """True when no SHACL violation was found (conflicts are warnings)."""
        return not any(v.severity == "Violation" for v in self.violations)


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _severity(node: Node | None) -> str:
    """``Violation``, ``Warning`` or ``Info`` for a SHACL severity IRI; empty for anything else."""
    return str(node).rsplit("#", 1)[-1] if isinstance(node, URIRef) else ""


def validate_graph(data: Graph, name: str = "") -> list[Violation]:
    """Validate one graph, together with the ontology, against the packaged shapes.

    The ontology is part of the data graph (not pySHACL's ``ont_graph``, which copies only
    OWL/RDFS axioms) so that the checks can read metric unit kinds and unit notations.

    >>> validate_graph(Graph())
    []
    """
    return _shacl_violations(data, name, _shapes())


def _violations(report: Graph, name: str) -> list[Violation]:
    violations: list[Violation] = []
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                graph=name,
                focus=_text(report.value(result, SH.focusNode)),
                path=_text(report.value(result, SH.resultPath)),
                message=_text(report.value(result, SH.resultMessage)),
                severity=_severity(severity),
            )
        )
    return sorted(violations, key=lambda v: (v.graph, v.focus, v.path, v.message))


_cache: dict[str, Graph] = {}


def _shapes() -> Graph:
    if "shapes" not in _cache:
        _cache["shapes"] = shapes_graph()
    return _cache["shapes"]


def _ontology() -> Graph:
    if "ontology" not in _cache:
        _cache["ontology"] = ontology_graph()
    return _cache["ontology"]


@dataclass(frozen=True)
class _SparqlCheck:
    shape: str
    message: str
    query: str
    prefixes: dict[str, str]
    severity: str


def _split_shapes(shapes: Graph) -> tuple[Graph, list[_SparqlCheck]]:
    """The shapes without their SHACL-SPARQL constraints, and those constraints on their own."""
    core = Graph()
    checks: list[_SparqlCheck] = []
    constraints = set(shapes.objects(None, SH.sparql))
    for shape, constraint in shapes.subject_objects(SH.sparql):
        prefixes: dict[str, str] = {}
        for declarations in shapes.objects(constraint, SH.prefixes):
            for declaration in shapes.objects(declarations, SH.declare):
                prefix = shapes.value(declaration, SH.prefix)
                namespace = shapes.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    prefixes[str(prefix)] = str(namespace)
        severity = shapes.value(shape, SH.severity)
        checks.append(
            _SparqlCheck(
                shape=str(shape),
                message=_text(shapes.value(constraint, SH.message)),
                query=_text(shapes.value(constraint, SH.select)),
                prefixes=prefixes,
                severity=_severity(severity) or "Violation",
            )
        )
    for triple in shapes:
        if triple[1] != SH.sparql and triple[0] not in constraints:
            core.add(triple)
    return core, checks


def _shacl_violations(data: Graph, name: str, shapes: Graph) -> list[Violation]:
    """pySHACL on one graph together with the ontology."""
    union = Graph()
    for triple in _ontology():
        union.add(triple)
    for triple in data:
        union.add(triple)
    _, report, _ = shacl_validate(
        union, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return _violations(report, name)


_Triple = tuple[Node, Node, Node]


class _Support:
    """The ontology indexed by subject, to give each document graph the part of it it needs.

    Copying the whole ontology into every document graph made pySHACL add thousands of triples
    and re-check every ontology term once per document. A document's support graph is instead:
    the class and property hierarchy, the full description of every ontology term the document
    names (metrics, units, bases, classes, the data set...), and the types of the terms those
    descriptions name. Shapes read nothing else of the ontology (``sh:class`` needs types and the
    hierarchy; ``sh:node`` on units reads the unit's own description), so each document node
    gets the same results as against the whole ontology.
    """

    def __init__(self, ontology: Graph) -> None:
        self.described: dict[Node, list[_Triple]] = {}
        self.types: dict[Node, list[_Triple]] = {}
        self.hierarchy: list[_Triple] = []
        for s, p, o in ontology:
            self.described.setdefault(s, []).append((s, p, o))
            if p == RDF.type:
                self.types.setdefault(s, []).append((s, p, o))
            elif p in (RDFS.subClassOf, RDFS.subPropertyOf):
                self.hierarchy.append((s, p, o))

    def graph_for(self, data: Graph) -> tuple[Graph, set[Node]]:
        """The document's triples with the ontology triples its validation reads.

        Returns:
            The support graph, and the terms in it only by their types: results about those
            are not the document's (against the whole ontology they conform, as the ontology
            does), so the caller drops them.
        """
        union = Graph()
        union.addN((s, p, o, union) for s, p, o in data)
        union.addN((s, p, o, union) for s, p, o in self.hierarchy)
        named = {node for s, _, o in data for node in (s, o) if node in self.described}
        second: set[Node] = set()
        for node in named:
            for s, p, o in self.described[node]:
                union.add((s, p, o))
                if o in self.types and o not in named:
                    second.add(o)
        for node in second:
            union.addN((s, p, o, union) for s, p, o in self.types[node])
        return union, second


class _CoreValidator:
    """pySHACL with the core shapes parsed once, run in place on each document's support graph."""

    def __init__(self) -> None:
        core, _ = _split_shapes(_shapes())
        self.shapes = ShapesGraph(core)
        self.support = _Support(_ontology())

    def violations(self, data: Graph, name: str) -> list[Violation]:
        """The core-shape results of one document graph."""
        support, partial = self.support.graph_for(data)
        validator = Validator(
            DataGraph.from_rdflib_graph(support),
            shacl_graph=Graph(),
            options={"inference": "none", "inplace": True, "allow_warnings": True},
        )
        validator.shacl_graph = self.shapes
        _, report, _ = validator.run()  # type: ignore[no-untyped-call]
        dropped = {str(node) for node in partial}
        return [v for v in _violations(report, name) if v.focus not in dropped]


_validators: list[_CoreValidator] = []


def _core_validator() -> _CoreValidator:
    if not _validators:
        _validators.append(_CoreValidator())
    return _validators[0]


def validate_document(data: Graph, name: str = "") -> list[Violation]:
    """Validate one document graph against the core shapes (no SHACL-SPARQL constraints).

    The ontology terms the document names are part of the check, as in :func:`validate_graph`;
    the SHACL-SPARQL constraints and the data-quality queries are store-wide
    (:func:`check_constraints`, :func:`check_violation_queries`).

    >>> validate_document(Graph())
    []
    """
    return _core_validator().violations(data, name)


def _fingerprint() -> str:
    """SHA-256 of the packaged shapes and ontology: a record made with others is stale."""
    if "fingerprint" not in _fingerprints:
        digest = hashlib.sha256()
        for entry in [*shapes_files(), *ontology_files()]:
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
        _fingerprints["fingerprint"] = digest.hexdigest()
    return _fingerprints["fingerprint"]


_fingerprints: dict[str, str] = {}


def _canonical(term: Node) -> str:
    """A term in N-Triples, numbers by value: a store may write ``15.0`` back as ``15``."""
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.value
        if isinstance(value, Decimal) and value.is_finite():
            lexical = format(value.normalize(), "f")
            return f'"{lexical}"^^<{term.datatype}>'
        if isinstance(value, int) and not isinstance(value, bool):
            return f'"{value}"^^<{term.datatype}>'
    return term.n3()


def validation_digest(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """The digest a conforming document graph records: shapes, ontology and its own triples.

    Triples of ``fkg:validationDigest`` are left out, so the digest of a graph holding its
    record is the digest it recorded. Numbers count by value, as a store writes them in
    canonical form. A graph with blank nodes never gets the same digest back from a store
    (their labels change), nor may one whose other literals a store rewrites: such a graph is
    simply validated again.

    >>> validation_digest([]) == validation_digest(iter(()))
    True
    """
    lines = sorted(
        f"{s.n3()} {p.n3()} {_canonical(o)}" for s, p, o in triples if p != FKG.validationDigest
    )
    digest = hashlib.sha256(_fingerprint().encode())
    for line in lines:
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def record_validation(data: Graph, name: str = "") -> list[Violation]:
    """Validate a document graph as it is built; when it conforms, record that in the graph.

    The record is ``<document> fkg:validationDigest "<digest>"`` on each ``fkg:Document`` of
    the graph (see :func:`validation_digest`); :func:`validate_store` trusts a current record
    and validates every other document graph itself. A graph with any result gets no record.

    Returns:
        The core-shape results of the graph (empty when the record was written).

    >>> from finkg.vocab import FKG
    >>> record_validation(Graph())
    []
    """
    found = validate_document(data, name)
    if not found:
        digest = Literal(validation_digest(data))
        for document in set(data.subjects(RDF.type, FKG.Document)):
            data.set((document, FKG.validationDigest, digest))
    return found


def _recorded(data: list[_Triple]) -> bool:
    """Whether the graph holds a current record of its validation."""
    recorded = {str(o) for _, p, o in data if p == FKG.validationDigest}
    return len(recorded) == 1 and recorded == {validation_digest(data)}


_SMALL_STORE = 8
"""Fewer document graphs than this to check are validated in this process: a pool costs more."""
_SLICE = 256
"""Document graphs read from the store at a time."""


def _validate_document(job: tuple[str, list[_Triple]]) -> list[Violation]:
    name, data = job
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in data)
    return _core_validator().violations(graph, name)


def _document_violations(
    store: Store, graphs: list[URIRef], jobs: int, result: ValidationResult
) -> Iterator[Violation]:
    """The core-shape results of each document graph without a current record, on ``jobs``
    worker processes; ``result.recorded`` counts the others.

    Graphs are read a slice at a time, so that a large store is never all in memory.
    """

    def pending(names: list[URIRef]) -> list[tuple[str, list[_Triple]]]:
        found: list[tuple[str, list[_Triple]]] = []
        for graph in names:
            data: list[_Triple] = list(store.graph_triples(graph))
            if _recorded(data):
                result.recorded += 1
            else:
                found.append((str(graph), data))
        return found

    slices = [graphs[i : i + _SLICE] for i in range(0, len(graphs), _SLICE)]
    pool: ProcessPoolExecutor | None = None
    try:
        for names in slices:
            jobs_now = pending(names)
            if pool is None and jobs > 1 and len(jobs_now) >= _SMALL_STORE:
                context = multiprocessing.get_context("forkserver")
                pool = ProcessPoolExecutor(min(jobs, 4 * (os.cpu_count() or 1)), mp_context=context)
            if pool is None:
                for job in jobs_now:
                    yield from _validate_document(job)
            else:
                for found in pool.map(_validate_document, jobs_now, chunksize=4):
                    yield from found
    finally:
        if pool is not None:
            pool.shutdown()


def _sparql_violations(store: Store, checks: list[_SparqlCheck]) -> list[Violation]:
    """Run each SHACL-SPARQL constraint's SELECT once over the whole store."""
    found: list[Violation] = []
    for check in checks:
        for row in store.select(check.query, prefixes=check.prefixes).rows:
            message = check.message
            for name, value in row.items():
                message = message.replace(f"{{?{name}}}", _text(value))
            found.append(Violation("store", _text(row.get("this")), "", message, check.severity))
    return found


def check_constraints(store: Store) -> list[Violation]:
    """Run every SHACL-SPARQL constraint of the shapes once on the whole store.

    Args:
        store: the store to check (the union of its graphs is the default graph).

    Returns:
        One ``Violation`` per result, with the severity of its shape (the accounting identities
        are warnings) and the shape's message with the constraint's variables filled in.

    >>> from finkg.store import EmbeddedStore
    >>> all(isinstance(found, Violation) for found in check_constraints(EmbeddedStore(None)))
    True
    """
    _, checks = _split_shapes(_shapes())
    return _sparql_violations(store, checks)


def violation_query_names() -> list[str]:
    """Return the data-quality queries, ``violations/<name>-violation``, in name order.

    >>> "violations/orphan-source-span-violation" in violation_query_names()
    True
    """
    folder = resources.files("finkg.queries").joinpath(_VIOLATIONS)
    names = [
        entry.name.removesuffix(".rq")
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(_VIOLATION_SUFFIX)
    ]
    return [f"{_VIOLATIONS}/{name}" for name in sorted(names)]


def check_violation_queries(store: Store) -> list[Violation]:
    """Run every data-quality query on the store; each row it returns is a violation.

    Args:
        store: the store to check (the union of its graphs is the default graph).

    Returns:
        One ``Violation`` per row: its focus is the row's first value, its message the query's
        name and every ``variable=value`` of the row.

    >>> from finkg.store import EmbeddedStore
    >>> check_violation_queries(EmbeddedStore(None))
    []
    """
    found: list[Violation] = []
    for name in violation_query_names():
        result = run_query(store, name, {})
        for row in result.rows:
            values = ", ".join(f"{var}={_text(row.get(var))}" for var in result.variables)
            focus = _text(row.get(result.variables[0])) if result.variables else ""
            message = f"{name.removeprefix(_VIOLATIONS + '/')}: {values}"
            found.append(Violation("store", focus, "", message, "Violation"))
    return found


def validate_store(store: Store, *, jobs: int = 0) -> ValidationResult:
    """Validate every document graph in the store and list cross-document conflicts.

    Args:
        store: the store to validate.
        jobs: worker processes for the per-document SHACL checks (0: every CPU this process may
            use); the result is the same whatever the number.

    Returns:
        The SHACL results (per document graph, then store-wide), and the conflicts.

    >>> from finkg.store import EmbeddedStore
    >>> [str(v) for v in validate_store(EmbeddedStore(None)).violations]  # doctest: +ELLIPSIS
    ['Violation: store: <...>: the store holds no ontology graph: run finkg build or finkg load']
    """
    result = ValidationResult()
    _, checks = _split_shapes(_shapes())
    graphs = [graph for graph in store.graphs() if graph != ONTOLOGY_GRAPH]
    result.graphs = len(graphs)
    from finkg.build import default_jobs  # build validates documents with this module

    found = _document_violations(store, graphs, jobs or default_jobs(), result)
    result.violations.extend(found)
    if not store.has_graph(ONTOLOGY_GRAPH):
        message = "the store holds no ontology graph: run finkg build or finkg load"
        result.violations.append(Violation("store", str(ONTOLOGY_GRAPH), "", message, "Violation"))
    result.violations.extend(_sparql_violations(store, checks))
    result.violations.extend(check_violation_queries(store))
    grouped: dict[tuple[str, str, str, str], list[tuple[str, str, int]]] = {}
    for row in store.select(query_text("conflicts")).rows:
        key = tuple(
            _text(row[name]).rsplit("/", 1)[-1] for name in ("metric", "period", "segment", "basis")
        )
        line = row["line"]
        grouped.setdefault(key, []).append(  # type: ignore[arg-type]
            (
                _text(row["value"]),
                _text(row["source"]),
                int(line) if isinstance(line, Literal) else 0,
            )
        )
    for (metric, period, segment, basis), statements in grouped.items():
        result.conflicts.append(Conflict(metric, period, segment, basis, tuple(statements)))
    return result
