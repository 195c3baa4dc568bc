"""SHACL validation of the stored graph, and the cross-document conflicts report.

The shapes in ``shapes/`` are the one specification, and :func:`validate_graph` runs all of
them with pySHACL. :func:`validate_store` splits the work for speed: each document's named
graph is validated with pySHACL against the *core* constraints (cardinalities, datatypes,
ranges), together with the ontology; the SHACL-SPARQL constraints (unit kind against metric,
instant or duration, segment owner...) run once, as the SELECT queries the shapes hold, on
the whole store through pyoxigraph. pySHACL runs a SPARQL constraint once per focus node on
rdflib's engine, which was nine tenths of the time per document.

Facts that documents state with values that disagree beyond their precision are listed as
conflicts: they are warnings, both values are kept, and queries use the more precise one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from finkg.graph import ONTOLOGY_GRAPH
from finkg.resources import ontology_graph, query_text, shapes_graph
from finkg.store import Store

__all__ = ["Conflict", "ValidationResult", "Violation", "validate_graph", "validate_store"]


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

    @property
    def conforms(self) -> bool:
        """True when no SHACL violation was found (conflicts are warnings)."""
        return not any(v.severity == "Violation" for v in self.violations)


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


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
                severity=str(severity).rsplit("#", 1)[-1] if isinstance(severity, URIRef) else "",
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
        checks.append(
            _SparqlCheck(
                shape=str(shape),
                message=_text(shapes.value(constraint, SH.message)),
                query=_text(shapes.value(constraint, SH.select)),
                prefixes=prefixes,
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


def _sparql_violations(store: Store, checks: list[_SparqlCheck]) -> list[Violation]:
    """Run each SHACL-SPARQL constraint's SELECT once over the whole store."""
    found: list[Violation] = []
    for check in checks:
        for row in store.select(check.query, prefixes=check.prefixes).rows:
            message = check.message
            for name, value in row.items():
                message = message.replace(f"{{?{name}}}", _text(value))
            found.append(Violation("store", _text(row.get("this")), "", message, "Violation"))
    return found


def validate_store(store: Store) -> ValidationResult:
    """Validate every document graph in the store and list cross-document conflicts."""
    result = ValidationResult()
    core, checks = _split_shapes(_shapes())
    for graph in store.graphs():
        if graph == ONTOLOGY_GRAPH:
            continue
        result.graphs += 1
        result.violations.extend(_shacl_violations(store.graph(graph), str(graph), core))
    if not store.has_graph(ONTOLOGY_GRAPH):
        message = "the store holds no ontology graph: run finkg build or finkg load"
        result.violations.append(Violation("store", str(ONTOLOGY_GRAPH), "", message, "Violation"))
    result.violations.extend(_sparql_violations(store, checks))
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
