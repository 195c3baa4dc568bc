"""networkx views of the stored graph, ways to explore them, exports and a group-structure drawing.

Two views are read from the store through packaged queries (``queries/network-*.rq``):

- :func:`ownership_graph`, a ``DiGraph`` from owner to owned entity, one edge per pair: the latest
  stake stated (on or before ``as_of`` when given), with its ``percent`` (``None`` when the
  document does not give it), stake ``kind``, ``as_of`` date and ``sources`` ("file:line").
- :func:`business_graph`, a ``MultiDiGraph`` of companies, segments, services, customers,
  partners and events; each edge's ``kind`` is the relation (``provider``, ``segmentOf``,
  ``revenueRecognizedIn``, ``customerOf``, ``partnerOf``, ``involves``).

Node ids are entity IRIs; nodes carry ``label``, ``kind`` (company, person, segment, service,
event, organization), ``aliases`` and ``issuer``. Entities are named by IRI, label or alias
(:func:`resolve`). :func:`write_graphml` and :func:`write_gexf` write files Gephi and Cytoscape
open; :func:`draw_ownership` draws the group structure as an SVG or PNG picture.

>>> G = nx.DiGraph()
>>> G.add_node("urn:a", label="A", kind="company")
>>> G.add_node("urn:b", label="B", kind="company")
>>> G.add_node("urn:c", label="C", kind="company")
>>> G.add_edge("urn:a", "urn:b", percent=60.0, kind="ConsolidatedSubsidiary")
>>> G.add_edge("urn:b", "urn:c", percent=50.0, kind="ConsolidatedSubsidiary")
>>> [(h.label, str(h.percent)) for h in look_through(G, "A")]
[('B', '60'), ('C', '30')]
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral

from finkg.query import run_query
from finkg.store import QueryResult, Store, Term
from finkg.vocab import FKG, ORG, SCHEMA

__all__ = [
    "CENTRALITIES",
    "VIEWS",
    "AmbiguousEntityError",
    "EntityError",
    "Holding",
    "Hop",
    "Neighbour",
    "Score",
    "UnknownEntityError",
    "as_result",
    "business_graph",
    "centrality",
    "draw_ownership",
    "format_path",
    "graphml_safe",
    "look_through",
    "neighbours",
    "ownership_graph",
    "paths",
    "resolve",
    "view",
    "write_gexf",
    "write_graphml",
]


CENTRALITIES = ("degree", "in-degree", "out-degree", "betweenness", "closeness", "eigenvector")
"""The centrality measures :func:`centrality` computes."""

_KINDS: dict[str, str] = {
    str(FKG.Company): "company",
    str(ORG.FormalOrganization): "organization",
    str(ORG.Organization): "organization",
    str(SCHEMA.Organization): "organization",
    str(SCHEMA.Person): "person",
    str(FKG.BusinessSegment): "segment",
    str(SCHEMA.Service): "service",
    str(FKG.Event): "event",
}
_KIND_RANK = ("company", "person", "segment", "service", "event", "organization")
_SEPARATOR = "; "


class EntityError(ValueError):
    """An entity name that names no node, or more than one, of a view."""


class UnknownEntityError(EntityError):
    """No node of the view has this IRI, label or alias."""


class AmbiguousEntityError(EntityError):
    """Several nodes of the view have this label or alias."""


@dataclass(frozen=True)
class Neighbour:
    """An entity within some steps of another, ignoring edge direction."""

    entity: str
    label: str
    kind: str
    distance: int


@dataclass(frozen=True)
class Hop:
    """One edge of a path, in the edge's own direction (owner to owned, customer to supplier)."""

    source: str
    target: str
    kind: str
    percent: float | None
    backwards: bool = False
    """True when the path walks this edge from its target to its source."""


@dataclass(frozen=True)
class Holding:
    """An owner's effective stake in an entity, summed over the ownership chains that reach it.

    ``percent`` is ``None`` when a chain has a link whose percentage is unknown; ``known`` is then
    the part that the fully known chains add up to (a lower bound).
    """

    entity: str
    label: str
    percent: Decimal | None
    known: Decimal
    chains: int
    depth: int


@dataclass(frozen=True)
class Score:
    """An entity's centrality."""

    entity: str
    label: str
    kind: str
    score: float


# -- views ----------------------------------------------------------------------------------


def ownership_graph(store: Store, *, as_of: date | None = None) -> nx.DiGraph:
    """Read the ownership view: owner -> owned, the latest stake of each pair.

    Args:
        store: the store to read.
        as_of: keep only stakes dated on or before this day (undated stakes always count, as the
            oldest statement of their pair).

    Returns:
        A ``DiGraph`` whose edges carry ``percent`` (float or None), ``kind``, ``as_of`` (ISO
        date or None), ``sources`` (list of "file:line") and ``stake`` (the stake's IRI).

    >>> from finkg.store import EmbeddedStore
    >>> ownership_graph(EmbeddedStore(None)).number_of_edges()
    0
    """
    rows = run_query(store, "network-ownership", {}).rows
    stakes: dict[str, dict[str, Any]] = {}
    for row in rows:
        stake = _text(row["stake"])
        day = _text(row.get("as_of")) or None
        if as_of is not None and day is not None and day > as_of.isoformat():
            continue
        record = stakes.setdefault(
            stake,
            {
                "owner": _text(row["owner"]),
                "owned": _text(row["owned"]),
                "percent": _percent(row.get("percent")),
                "kind": _text(row.get("kind")),
                "as_of": day,
                "sources": [],
                "stake": stake,
            },
        )
        source = _text(row.get("source"))
        if source and source not in record["sources"]:
            record["sources"].append(source)
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for record in stakes.values():
        pair = (record["owner"], record["owned"])
        if pair not in latest or _stake_order(record) >= _stake_order(latest[pair]):
            latest[pair] = record
    graph = nx.DiGraph(view="ownership")
    _add_nodes(graph, store, {node for pair in latest for node in pair})
    for (owner, owned), record in sorted(latest.items()):
        attributes = {k: v for k, v in record.items() if k not in ("owner", "owned")}
        graph.add_edge(owner, owned, **attributes)
    return graph


def business_graph(store: Store) -> nx.MultiDiGraph:
    """Read the business view: companies, segments, services, customers, partners and events.

    Edges are keyed by their relation (``kind``): a service's ``provider`` and the segment its
    revenue is recognised in (``revenueRecognizedIn``), a segment's company (``segmentOf``), a
    customer to the business line or supplier it buys from (``customerOf``), two partners
    (``partnerOf``) and an event to what it ``involves``. ``detail`` is the customer's industry,
    the tie kind or the event kind; ``as_of`` a date when the document gives one.

    >>> from finkg.store import EmbeddedStore
    >>> business_graph(EmbeddedStore(None)).number_of_edges()
    0
    """
    graph = nx.MultiDiGraph(view="business")
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in run_query(store, "network-business", {}).rows:
        source, target = _text(row["source_node"]), _text(row["target_node"])
        relation = _text(row["relation"])
        record = edges.setdefault(
            (source, target, relation),
            {"kind": relation, "detail": [], "as_of": None, "sources": []},
        )
        for key, value in (
            ("detail", _text(row.get("detail"))),
            ("sources", _text(row.get("source"))),
        ):
            if value and value not in record[key]:
                record[key].append(value)
        day = _text(row.get("as_of"))
        if day and (record["as_of"] is None or day > record["as_of"]):
            record["as_of"] = day
    _add_nodes(graph, store, {node for key in edges for node in key[:2]})
    for (source, target, relation), record in sorted(edges.items()):
        graph.add_edge(source, target, key=relation, **record)
    return graph


VIEWS = ("ownership", "business")
"""The views :func:`view` reads by name."""


def view(store: Store, name: str) -> nx.DiGraph:
    """Read a view by name: ``ownership`` or ``business``.

    >>> from finkg.store import EmbeddedStore
    >>> view(EmbeddedStore(None), "business").graph
    {'view': 'business'}
    """
    if name == "ownership":
        return ownership_graph(store)
    if name == "business":
        return business_graph(store)
    raise ValueError(f"unknown view {name!r}: use {' or '.join(VIEWS)}")


def _add_nodes(graph: nx.DiGraph, store: Store, wanted: set[str]) -> None:
    found: dict[str, dict[str, Any]] = {}
    for row in run_query(store, "network-entities", {}).rows:
        entity = _text(row["entity"])
        if entity not in wanted:
            continue
        kind = _KINDS.get(_text(row["type"]), "organization")
        record = found.setdefault(
            entity, {"label": "", "kind": kind, "aliases": [], "issuer": False}
        )
        if _KIND_RANK.index(kind) < _KIND_RANK.index(record["kind"]):
            record["kind"] = kind
        label = _text(row.get("label"))
        if label and (not record["label"] or label < record["label"]):
            record["label"] = label
        alias = _text(row.get("alias"))
        if alias and alias not in record["aliases"]:
            record["aliases"].append(alias)
        record["issuer"] = record["issuer"] or _text(row.get("issuer")) == "true"
    for entity in sorted(wanted):
        record = found.get(entity) or {"kind": "organization", "aliases": [], "issuer": False}
        record["label"] = record.get("label") or _local_name(entity)
        record["aliases"] = sorted(a for a in record["aliases"] if a != record["label"])
        graph.add_node(entity, **record)


def _stake_order(record: Mapping[str, Any]) -> tuple[str, str]:
    return (record["as_of"] or "", record["stake"])


def _text(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _percent(term: Term | None) -> float | None:
    if not isinstance(term, RdfLiteral) or not str(term):
        return None
    return float(Decimal(str(term)))


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


# -- finding entities -----------------------------------------------------------------------


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def resolve(graph: nx.DiGraph, entity: str) -> str:
    """Find the node an IRI, label or alias names (case and punctuation do not matter).

    Raises:
        UnknownEntityError: no node has that name; the message lists close names.
        AmbiguousEntityError: several nodes have that name; the message lists them.

    >>> G = nx.DiGraph()
    >>> G.add_node("urn:x:acme", label="Acme Inc.", aliases=["ACME"])
    >>> resolve(G, "acme inc"), resolve(G, "<urn:x:acme>")
    ('urn:x:acme', 'urn:x:acme')
    """
    iri = entity[1:-1] if entity.startswith("<") and entity.endswith(">") else entity
    if iri in graph:
        return iri
    wanted = _fold(entity)
    names: dict[str, set[str]] = defaultdict(set)
    for node, data in graph.nodes(data=True):
        for name in (data.get("label", ""), *data.get("aliases", ())):
            if name:
                names[_fold(name)].add(node)
    matches = names.get(wanted, set())
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        listed = "; ".join(f"{_label(graph, n)} <{n}>" for n in sorted(matches))
        raise AmbiguousEntityError(f"{entity!r} names {len(matches)} entities: {listed}")
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    close += [name for name in sorted(names) if wanted and wanted in name and name not in close]
    candidates = sorted({_label(graph, n) for name in close[:8] for n in names[name]})
    hint = f"; did you mean: {', '.join(candidates)}" if candidates else ""
    view = graph.graph.get("view", "this")
    raise UnknownEntityError(f"no entity named {entity!r} in the {view} view{hint}")


def _label(graph: nx.DiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label") or node)


# -- exploring ------------------------------------------------------------------------------


def neighbours(graph: nx.DiGraph, entity: str, depth: int = 1) -> list[Neighbour]:
    """The entities at most ``depth`` edges away from ``entity``, either direction, nearest first.

    >>> G = nx.DiGraph([("urn:a", "urn:b"), ("urn:c", "urn:b")])
    >>> [(n.entity, n.distance) for n in neighbours(G, "urn:a", depth=2)]
    [('urn:b', 1), ('urn:c', 2)]
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, not {depth}")
    start = resolve(graph, entity)
    distances = nx.single_source_shortest_path_length(
        graph.to_undirected(as_view=True), start, cutoff=depth
    )
    found = [
        Neighbour(node, _label(graph, node), str(graph.nodes[node].get("kind", "")), distance)
        for node, distance in distances.items()
        if node != start
    ]
    return sorted(found, key=lambda n: (n.distance, n.label.casefold(), n.entity))


def paths(
    graph: nx.DiGraph, a: str, b: str, *, cutoff: int = 4, limit: int = 20
) -> list[list[Hop]]:
    """The simple paths between two entities, ignoring edge direction, shortest first.

    Each path is a list of hops from ``a`` towards ``b``; each hop keeps its edge's direction.

    Args:
        graph: a view.
        a: the entity to start from (IRI, label or alias).
        b: the entity to reach.
        cutoff: the longest path, in edges.
        limit: at most this many paths.

    >>> G = nx.DiGraph()
    >>> G.add_edge("urn:p", "urn:a", kind="Shareholding", percent=10.0)
    >>> G.add_edge("urn:p", "urn:b", kind="Affiliate", percent=None)
    >>> [[(h.source, h.target) for h in path] for path in paths(G, "urn:a", "urn:b")]
    [[('urn:p', 'urn:a'), ('urn:p', 'urn:b')]]
    """
    start, end = resolve(graph, a), resolve(graph, b)
    if start == end:
        return []
    found: list[tuple[str, ...]] = []
    simple = nx.Graph(graph.to_undirected(as_view=True))
    try:
        for path in nx.shortest_simple_paths(simple, start, end):
            if len(path) - 1 > cutoff or (len(found) >= limit and len(path) > len(found[-1])):
                break  # shortest first: finish the last length, so that ties sort the same
            found.append(tuple(path))
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda p: (len(p), _path_key(graph, p)))
    return [[_hop(graph, u, v) for u, v in itertools.pairwise(path)] for path in found[:limit]]


def _path_key(graph: nx.DiGraph, path: tuple[str, ...]) -> list[str]:
    return [_label(graph, node).casefold() for node in path]


def _hop(graph: nx.DiGraph, u: str, v: str) -> Hop:
    backwards = not graph.has_edge(u, v)
    source, target = (v, u) if backwards else (u, v)
    data = graph.get_edge_data(source, target)
    if graph.is_multigraph():
        data = data[sorted(data)[0]]
    return Hop(source, target, str(data.get("kind", "")), data.get("percent"), backwards)


def format_path(graph: nx.DiGraph, path: list[Hop]) -> str:
    """A path as one line of text, arrows showing each edge's direction.

    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("urn:p", {"label": "P"}), ("urn:a", {"label": "A"})])
    >>> format_path(G, [Hop("urn:p", "urn:a", "Shareholding", 12.5, backwards=True)])
    'A <-[Shareholding 12.5%]- P'
    """
    if not path:
        return ""
    text = _label(graph, path[0].target if path[0].backwards else path[0].source)
    for hop in path:
        percent = "" if hop.percent is None else f" {_number(hop.percent)}%"
        if hop.backwards:
            text += f" <-[{hop.kind}{percent}]- {_label(graph, hop.source)}"
        else:
            text += f" -[{hop.kind}{percent}]-> {_label(graph, hop.target)}"
    return text


def look_through(graph: nx.DiGraph, owner: str, *, max_depth: int = 10) -> list[Holding]:
    """An owner's effective (look-through) stakes: percentages multiplied along ownership chains.

    Each chain's share is the product of its links' percentages; an entity's effective stake is
    the sum over the simple chains from ``owner`` to it. A chain with a link of unknown
    percentage makes the entity's stake unknown (``percent`` None); it is never guessed.

    Args:
        graph: an ownership view (edges owner -> owned with ``percent``).
        owner: the owner (IRI, label or alias).
        max_depth: the longest chain followed, in edges.

    Returns:
        Holdings, largest first (unknown ones last), then by label.

    >>> G = nx.DiGraph()
    >>> G.add_edge("urn:a", "urn:b", percent=60.0)
    >>> G.add_edge("urn:b", "urn:c", percent=None)
    >>> [(h.entity, h.percent, h.known) for h in look_through(G, "urn:a")]
    [('urn:b', Decimal('60'), Decimal('60')), ('urn:c', None, Decimal('0'))]
    """
    if graph.is_multigraph():
        raise ValueError("look-through needs the ownership view, not a multigraph")
    start = resolve(graph, owner)
    totals: dict[str, list[Any]] = {}
    for chain in _chains(graph, start, max_depth):
        share: Decimal | None = Decimal(100)
        for u, v in itertools.pairwise(chain):
            percent = graph.edges[u, v].get("percent")
            share = None if share is None or percent is None else share * _decimal(percent) / 100
        total = totals.setdefault(chain[-1], [Decimal(0), False, 0, len(chain) - 1])
        if share is None:
            total[1] = True
        else:
            total[0] += share
        total[2] += 1
        total[3] = min(total[3], len(chain) - 1)
    holdings = [
        Holding(
            node,
            _label(graph, node),
            None if unknown else _plain(known),
            _plain(known),
            count,
            depth,
        )
        for node, (known, unknown, count, depth) in totals.items()
    ]
    return sorted(
        holdings,
        key=lambda h: (h.percent is None, -(h.percent or h.known), h.label.casefold(), h.entity),
    )


def _chains(graph: nx.DiGraph, start: str, max_depth: int) -> Iterator[list[str]]:
    stack: list[list[str]] = [[start]]
    while stack:
        chain = stack.pop()
        if len(chain) > 1:
            yield chain
        if len(chain) <= max_depth:
            stack.extend(
                [*chain, successor]
                for successor in sorted(graph.successors(chain[-1]), reverse=True)
                if successor not in chain
            )


def _decimal(value: float | Decimal | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _plain(value: Decimal) -> Decimal:
    """A decimal without trailing zeros or an exponent: 60.00 -> 60, 30.0 -> 30."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def _number(value: float | Decimal) -> str:
    return format(_decimal(value).normalize(), "f")


def centrality(graph: nx.DiGraph, kind: str = "degree") -> list[Score]:
    """Rank the entities of a view by a centrality measure, highest first.

    ``kind`` is one of :data:`CENTRALITIES`: ``degree``, ``in-degree`` and ``out-degree``
    (normalised by the number of other nodes), ``betweenness`` and ``closeness`` (on the
    undirected view, so that owners and owned count alike), ``eigenvector`` (undirected).

    >>> G = nx.DiGraph([("urn:a", "urn:b"), ("urn:a", "urn:c")])
    >>> [(s.entity, s.score) for s in centrality(G, "out-degree")]
    [('urn:a', 1.0), ('urn:b', 0.0), ('urn:c', 0.0)]
    """
    if graph.number_of_nodes() == 0:
        return []
    simple = nx.Graph(graph.to_undirected(as_view=True))
    if kind == "degree":
        scores = nx.degree_centrality(simple)
    elif kind == "in-degree":
        scores = nx.in_degree_centrality(nx.DiGraph(graph))
    elif kind == "out-degree":
        scores = nx.out_degree_centrality(nx.DiGraph(graph))
    elif kind == "betweenness":
        scores = nx.betweenness_centrality(simple)
    elif kind == "closeness":
        scores = nx.closeness_centrality(simple)
    elif kind == "eigenvector":
        try:
            scores = nx.eigenvector_centrality(simple, max_iter=1000)
        except nx.PowerIterationFailedConvergence:
            raise ValueError("eigenvector centrality does not converge on this view") from None
    else:
        raise ValueError(f"unknown centrality {kind!r}: use one of {', '.join(CENTRALITIES)}")
    ranked = [
        Score(node, _label(graph, node), str(graph.nodes[node].get("kind", "")), float(score))
        for node, score in scores.items()
    ]
    return sorted(ranked, key=lambda s: (-s.score, s.label.casefold(), s.entity))


def as_result(items: Sequence[Neighbour | Holding | Score]) -> QueryResult:
    """Neighbours, holdings or scores as a query result, for :func:`finkg.query.format_result`.

    Columns are the dataclass's fields; entities become IRIs, numbers typed literals, unknown
    values empty.

    >>> from finkg.query import format_result
    >>> print(format_result(as_result([Neighbour("urn:x:b", "B", "company", 1)]), "csv"), end="")
    entity,label,kind,distance
    urn:x:b,B,company,1
    """
    if not items:
        return QueryResult([])
    names = [field.name for field in fields(items[0])]
    rows: list[dict[str, Term | None]] = [
        {
            name: URIRef(value)
            if name == "entity"
            else None
            if value is None
            else RdfLiteral(value)
            for name, value in zip(names, astuple(item), strict=True)
        }
        for item in items
    ]
    return QueryResult(names, rows)


# -- export ---------------------------------------------------------------------------------


def graphml_safe(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes GraphML and GEXF can hold: no None, lists joined with "; ".

    >>> G = nx.DiGraph()
    >>> G.add_edge("urn:a", "urn:b", percent=None, sources=["a.txt:1", "b.txt:2"])
    >>> graphml_safe(G).edges["urn:a", "urn:b"]
    {'sources': 'a.txt:1; b.txt:2'}
    """
    safe = graph.__class__()
    safe.graph.update(_safe(graph.graph))
    safe.add_nodes_from((node, _safe(data)) for node, data in graph.nodes(data=True))
    if graph.is_multigraph():
        safe.add_edges_from(
            (u, v, key, _safe(data)) for u, v, key, data in graph.edges(keys=True, data=True)
        )
    else:
        safe.add_edges_from((u, v, _safe(data)) for u, v, data in graph.edges(data=True))
    return safe


def _safe(data: Mapping[str, Any]) -> dict[str, Any]:
    safe: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            if not value:
                continue
            value = _SEPARATOR.join(str(item) for item in value)
        elif isinstance(value, Decimal):
            value = float(value)
        elif not isinstance(value, str | int | float | bool):
            value = str(value)
        safe[key] = value
    return safe


def write_graphml(graph: nx.DiGraph, output: Path) -> Path:
    """Write a view as GraphML (Cytoscape, Gephi, yEd) and return the path.

    >>> import tempfile
    >>> G = nx.DiGraph()
    >>> G.add_edge("urn:a", "urn:b", percent=50.0)
    >>> path = write_graphml(G, Path(tempfile.mkdtemp()) / "g.graphml")
    >>> nx.read_graphml(path).edges["urn:a", "urn:b"]["percent"]
    50.0
    """
    nx.write_graphml(graphml_safe(graph), output)
    return output


def write_gexf(graph: nx.DiGraph, output: Path) -> Path:
    """Write a view as GEXF (Gephi) and return the path.

    >>> import tempfile
    >>> G = nx.DiGraph()
    >>> G.add_edge("urn:a", "urn:b", kind="Affiliate")
    >>> path = write_gexf(G, Path(tempfile.mkdtemp()) / "g.gexf")
    >>> nx.read_gexf(path).edges["urn:a", "urn:b"]["kind"]
    'Affiliate'
    """
    nx.write_gexf(graphml_safe(graph), output)
    return output


def draw_ownership(
    store_or_graph: Store | nx.DiGraph, output: Path, *, root: str | None = None
) -> Path:
    """Draw a group's ownership structure as an SVG or PNG picture (by ``output``'s suffix).

    The root company (by default the issuer with the most stakes) is at the top with its
    shareholders above it; its stakes hang below it in one column per stake kind, each entity's
    own stakes indented beneath it. Edges are coloured by stake kind and labelled with the
    percentage ("?" when the document does not give it); a bar along each box's foot shows the
    stake; a legend names the kinds. Stakes not connected to the root are listed at the foot.

    Args:
        store_or_graph: a store, or an ownership view from :func:`ownership_graph`.
        output: the picture to write, ``.svg`` or ``.png``.
        root: the company at the top (IRI, label or alias).

    Returns:
        ``output``.

    Raises:
        ValueError: ``output`` is neither ``.svg`` nor ``.png``.
        EntityError: ``root`` names no entity, or several.

    >>> import tempfile
    >>> G = nx.DiGraph()
    >>> G.add_edge("urn:a", "urn:b", percent=60.0, kind="ConsolidatedSubsidiary")
    >>> G.nodes["urn:a"]["label"] = "Acme Holdings"
    >>> path = draw_ownership(G, Path(tempfile.mkdtemp()) / "group.svg")
    >>> "Acme Holdings" in path.read_text(encoding="utf-8")
    True
    """
    from finkg.ownership_picture import draw_ownership as draw

    return draw(store_or_graph, output, root=root)
