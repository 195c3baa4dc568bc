"""Tests for the networkx views (finkg.network): hand-made graphs and the corpus."""

from __future__ import annotations

import csv
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from finkg.build import BuildReport
from finkg.network import (
    AmbiguousEntityError,
    Holding,
    UnknownEntityError,
    as_result,
    business_graph,
    centrality,
    draw_ownership,
    format_path,
    graphml_safe,
    look_through,
    neighbours,
    ownership_graph,
    paths,
    resolve,
    view,
    write_gexf,
    write_graphml,
)
from finkg.query import format_result
from finkg.store import EmbeddedStore

DATA = Path(__file__).parent / "data" / "network"
EX = "https://example.org/id/"
IIJ = "https://w3id.org/finkg/id/org/internet-initiative-japan"


def _store(name: str) -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.load_rdf(DATA / name)
    return store


@pytest.fixture(scope="module")
def group() -> nx.DiGraph:
    return ownership_graph(_store("group.ttl"))


@pytest.fixture(scope="module")
def business() -> nx.MultiDiGraph:
    return business_graph(_store("business.ttl"))


@pytest.fixture(scope="module")
def corpus(corpus_store: tuple[EmbeddedStore, BuildReport]) -> nx.DiGraph:
    return ownership_graph(corpus_store[0])


def _edges(graph: nx.DiGraph) -> set[tuple[str, str, str, str, str, str]]:
    """Edges as (owner label, owned label, percent, kind, as_of, sources), as text."""
    label = graph.nodes
    return {
        (
            label[u]["label"],
            label[v]["label"],
            "" if d["percent"] is None else format(Decimal(repr(d["percent"])).normalize(), "f"),
            d["kind"],
            d["as_of"] or "",
            ";".join(d["sources"]),
        )
        for u, v, d in graph.edges(data=True)
    }


def _holdings(holdings: list[Holding]) -> list[tuple[str, str, str, int]]:
    return [(h.label, str(h.percent), str(h.known), h.chains) for h in holdings]


# -- the ownership view ---------------------------------------------------------------------


def test_ownership_edges_of_a_hand_made_group(group: nx.DiGraph) -> None:
    assert _edges(group) == {
        ("Alpha Holdings", "Beta Tools", "60", "ConsolidatedSubsidiary", "2024-03-31",
         "annual.txt:10;annual.txt:40"),
        ("Beta Tools", "Gamma Labs", "50", "ConsolidatedSubsidiary", "2024-03-31",
         "annual.txt:11"),
        ("Alpha Holdings", "Delta Works", "40", "EquityMethodInvestee", "2024-03-31",
         "annual.txt:12"),
        ("Delta Works", "Gamma Labs", "25", "Affiliate", "2024-03-31", "annual.txt:12"),
        ("Delta Works", "Epsilon Data", "", "Affiliate", "", "annual.txt:12"),
        ("Omega Fund", "Alpha Holdings", "15.5", "Shareholding", "2024-03-31", "annual.txt:40"),
        ("Jane Roe", "Alpha Holdings", "5", "Shareholding", "2024-03-31", "annual.txt:40"),
        ("Zeta Corp", "Eta Ltd", "20", "Affiliate", "2022-12-31", "annual.txt:90"),
    }  # fmt: skip


def test_ownership_nodes_carry_label_kind_aliases_and_issuer(group: nx.DiGraph) -> None:
    assert group.nodes[EX + "org/alpha"] == {
        "label": "Alpha Holdings",
        "kind": "company",
        "aliases": ["AH", "Alpha Holdings Inc."],
        "issuer": True,
    }
    assert group.nodes[EX + "person/jane-roe"] == {
        "label": "Jane Roe",
        "kind": "person",
        "aliases": [],
        "issuer": False,
    }


def test_ownership_view_as_of_a_date_keeps_the_stakes_stated_by_then() -> None:
    earlier = ownership_graph(_store("group.ttl"), as_of=date(2023, 12, 31))
    assert _edges(earlier) == {
        ("Alpha Holdings", "Beta Tools", "55", "ConsolidatedSubsidiary", "2023-03-31",
         "annual.txt:90"),
        ("Delta Works", "Epsilon Data", "", "Affiliate", "", "annual.txt:12"),
        ("Zeta Corp", "Eta Ltd", "20", "Affiliate", "2022-12-31", "annual.txt:90"),
    }  # fmt: skip


def test_views_by_name(group: nx.DiGraph) -> None:
    store = _store("group.ttl")
    assert _edges(view(store, "ownership")) == _edges(group)
    assert view(store, "business").number_of_edges() == 0  # stakes only: no business relation
    with pytest.raises(ValueError, match="unknown view 'people': use ownership or business"):
        view(store, "people")


def test_look_through_refuses_the_business_view(business: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="needs the ownership view"):
        look_through(business, "Alpha Holdings")


def test_corpus_ownership_edges_are_those_read_from_the_documents(corpus: nx.DiGraph) -> None:
    with (DATA / "corpus-ownership.csv").open(encoding="utf-8", newline="") as handle:
        expected = {tuple(row.values()) for row in csv.DictReader(handle)}
    assert _edges(corpus) == expected


def test_corpus_ownership_as_of_2002_is_the_2002_release(corpus_store: Any) -> None:
    earlier = ownership_graph(corpus_store[0], as_of=date(2002, 12, 31))
    assert {(earlier.nodes[u]["label"], earlier.nodes[v]["label"]) for u, v in earlier.edges} == {
        ("Internet Initiative Japan", "IIJ Media Communications"),
        ("Internet Initiative Japan", "Asia Internet Holding"),
        ("Internet Initiative Japan", "Crosswave"),
        ("Tokyo Electric Power", "PoweredCom"),
    }


# -- finding entities -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Alpha Holdings", EX + "org/alpha", id="label"),
        pytest.param("alpha holdings inc", EX + "org/alpha", id="alias-case-punctuation"),
        pytest.param("AH", EX + "org/alpha", id="short-alias"),
        pytest.param(f"<{EX}org/beta>", EX + "org/beta", id="iri-in-brackets"),
        pytest.param(EX + "person/jane-roe", EX + "person/jane-roe", id="iri"),
    ],
)
def test_resolve_by_label_alias_or_iri(group: nx.DiGraph, name: str, expected: str) -> None:
    assert resolve(group, name) == expected


def test_resolve_ambiguous_name_lists_the_candidates(group: nx.DiGraph) -> None:
    with pytest.raises(AmbiguousEntityError) as error:
        resolve(group, "G-Co")
    assert str(error.value) == (
        f"'G-Co' names 2 entities: Eta Ltd <{EX}org/eta>; Gamma Labs <{EX}org/gamma>"
    )


def test_resolve_unknown_name_suggests_close_ones(group: nx.DiGraph) -> None:
    with pytest.raises(UnknownEntityError) as error:
        resolve(group, "Gama Labs")
    assert str(error.value) == (
        "no entity named 'Gama Labs' in the ownership view; did you mean: Gamma Labs"
    )


def test_corpus_entities_resolve_by_their_short_names(corpus: nx.DiGraph) -> None:
    assert resolve(corpus, "IIJ") == IIJ
    assert resolve(corpus, "TEPCO") == "https://w3id.org/finkg/id/org/tokyo-electric-power"


# -- exploring ------------------------------------------------------------------------------


def test_neighbours_within_two_steps(group: nx.DiGraph) -> None:
    found = [(n.label, n.kind, n.distance) for n in neighbours(group, "Beta Tools", depth=2)]
    assert found == [
        ("Alpha Holdings", "company", 1),
        ("Gamma Labs", "company", 1),
        ("Delta Works", "company", 2),
        ("Jane Roe", "person", 2),
        ("Omega Fund", "company", 2),
    ]


def test_neighbours_needs_a_positive_depth(group: nx.DiGraph) -> None:
    with pytest.raises(ValueError, match="depth must be at least 1"):
        neighbours(group, "Beta Tools", depth=0)


def test_corpus_neighbours_of_the_issuer(corpus: nx.DiGraph) -> None:
    with (DATA / "corpus-ownership.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    issuer = "Internet Initiative Japan"
    expected = {r["owned"] if r["owner"] == issuer else r["owner"] for r in rows} - {
        "PoweredCom",
        "Tokyo Electric Power",
    }
    found = neighbours(corpus, "IIJ")
    assert {n.label for n in found} == expected
    assert {n.distance for n in found} == {1}


def test_paths_between_two_entities(group: nx.DiGraph) -> None:
    found = [format_path(group, path) for path in paths(group, "Jane Roe", "Gamma Labs")]
    assert found == [
        "Jane Roe -[Shareholding 5%]-> Alpha Holdings -[ConsolidatedSubsidiary 60%]-> Beta Tools"
        " -[ConsolidatedSubsidiary 50%]-> Gamma Labs",
        "Jane Roe -[Shareholding 5%]-> Alpha Holdings -[EquityMethodInvestee 40%]-> Delta Works"
        " -[Affiliate 25%]-> Gamma Labs",
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param({"limit": 1}, ["Beta Tools"], id="limit"),
        pytest.param({"cutoff": 2}, [], id="cutoff"),
    ],
)
def test_paths_limit_and_cutoff(
    group: nx.DiGraph, options: dict[str, int], expected: list[str]
) -> None:
    found = paths(group, "Jane Roe", "Gamma Labs", **options)
    assert [group.nodes[path[1].target]["label"] for path in found] == expected


def test_paths_walk_edges_backwards_when_needed(group: nx.DiGraph) -> None:
    found = [format_path(group, path) for path in paths(group, "Epsilon Data", "Omega Fund")]
    assert found == [
        "Epsilon Data <-[Affiliate]- Delta Works <-[EquityMethodInvestee 40%]- Alpha Holdings"
        " <-[Shareholding 15.5%]- Omega Fund"
    ]


def test_no_path_between_unconnected_entities(group: nx.DiGraph) -> None:
    assert paths(group, "Zeta Corp", "Alpha Holdings") == []


def test_corpus_path_from_a_shareholder_to_a_subsidiary(corpus: nx.DiGraph) -> None:
    found = [format_path(corpus, path) for path in paths(corpus, "NTT", "Trust Networks")]
    assert found == [
        "NTT -[Shareholding 24.4%]-> Internet Initiative Japan"
        " -[ConsolidatedSubsidiary 79.5%]-> Trust Networks"
    ]


def test_look_through_a_chain_multiplies_percentages() -> None:
    chain = ownership_graph(_store("chain.ttl"))
    assert _holdings(look_through(chain, "A")) == [("B", "60", "60", 1), ("C", "30", "30", 1)]


def test_look_through_sums_over_chains_and_keeps_unknowns_unknown(group: nx.DiGraph) -> None:
    assert _holdings(look_through(group, "Alpha Holdings")) == [
        ("Beta Tools", "60", "60", 1),
        ("Delta Works", "40", "40", 1),
        ("Gamma Labs", "40", "40", 2),  # 60% x 50% + 40% x 25%
        ("Epsilon Data", "None", "0", 1),  # through a stake of unstated size
    ]


def test_look_through_with_one_unknown_chain_is_unknown_with_a_known_part() -> None:
    graph = nx.DiGraph()
    graph.add_edge("urn:x:a", "urn:x:b", percent=60.0)
    graph.add_edge("urn:x:b", "urn:x:c", percent=50.0)
    graph.add_edge("urn:x:a", "urn:x:d", percent=None)
    graph.add_edge("urn:x:d", "urn:x:c", percent=10.0)
    holding = {h.entity: h for h in look_through(graph, "urn:x:a")}["urn:x:c"]
    assert (holding.percent, holding.known, holding.chains) == (None, Decimal("30"), 2)


def test_holdings_format_as_a_table(group: nx.DiGraph) -> None:
    table = format_result(as_result(look_through(group, "Delta Works")), "csv")
    assert table == (
        "entity,label,percent,known,chains,depth\n"
        f"{EX}org/gamma,Gamma Labs,25,25,1,1\n"
        f"{EX}org/epsilon,Epsilon Data,,0,1,1\n"
    )


@pytest.mark.parametrize(
    ("owned", "percent"),
    [
        pytest.param("Internet Initiative Japan", "24.4", id="direct"),
        pytest.param("IIJ Global", "24.4", id="through-100"),
        pytest.param("IIJ Exlayer", "24.3756", id="through-99.9"),
        pytest.param("Trust Networks", "19.398", id="through-79.5"),
        pytest.param("Asia Internet Holding", "6.5148", id="through-26.7"),
        pytest.param("Net Care", "None", id="unstated"),
    ],
)
def test_corpus_look_through_of_the_largest_shareholder(
    corpus: nx.DiGraph, owned: str, percent: str
) -> None:
    holdings = {h.label: str(h.percent) for h in look_through(corpus, "NTT")}
    assert holdings[owned] == percent


def test_centrality_out_degree(group: nx.DiGraph) -> None:
    scores = [(s.label, round(s.score * 8)) for s in centrality(group, "out-degree")]
    assert scores[:4] == [
        ("Alpha Holdings", 2),
        ("Delta Works", 2),
        ("Beta Tools", 1),
        ("Jane Roe", 1),
    ]


def test_centrality_of_the_corpus_puts_the_issuer_first(corpus: nx.DiGraph) -> None:
    top = centrality(corpus, "betweenness")[0]
    assert (top.entity, top.label) == (IIJ, "Internet Initiative Japan")
    degree = centrality(corpus, "degree")[0]
    assert degree.label == "Internet Initiative Japan"
    assert degree.score == pytest.approx(20 / 22)


def test_unknown_centrality_is_refused(group: nx.DiGraph) -> None:
    with pytest.raises(ValueError, match="unknown centrality 'fame'"):
        centrality(group, "fame")


# -- the business view ----------------------------------------------------------------------


def test_business_edges_of_a_hand_made_company(business: nx.MultiDiGraph) -> None:
    label = business.nodes
    found = {
        (label[u]["label"], label[v]["label"], k, ";".join(d["detail"]), d["as_of"] or "",
         ";".join(d["sources"]))
        for u, v, k, d in business.edges(keys=True, data=True)
    }  # fmt: skip
    assert found == {
        ("Network services", "Alpha Holdings", "segmentOf", "", "", ""),
        ("Cloud Backup", "Alpha Holdings", "provider", "", "2023-04", "deck.txt:12"),
        ("Cloud Backup", "Network services", "revenueRecognizedIn", "", "", "deck.txt:12"),
        ("Kappa Bank", "Cloud Backup", "customerOf", "financial institutions", "2024-03-31",
         "deck.txt:30;deck.txt:31"),
        ("Alpha Holdings", "Lambda Systems", "partnerOf", "business alliance", "", "deck.txt:44"),
        ("Acquisition of Mu Soft", "Alpha Holdings", "involves", "acquisition", "2024-01-15", ""),
        ("Acquisition of Mu Soft", "Mu Soft", "involves", "acquisition", "2024-01-15", ""),
    }  # fmt: skip
    assert {label[n]["label"]: label[n]["kind"] for n in business} == {
        "Alpha Holdings": "company",
        "Kappa Bank": "company",
        "Lambda Systems": "company",
        "Mu Soft": "company",
        "Network services": "segment",
        "Cloud Backup": "service",
        "Acquisition of Mu Soft": "event",
    }


def test_business_paths_from_a_customer_to_a_segment(business: nx.MultiDiGraph) -> None:
    found = [format_path(business, p) for p in paths(business, "Kappa Bank", "Network services")]
    assert found == [
        "Kappa Bank -[customerOf]-> Cloud Backup -[revenueRecognizedIn]-> Network services",
        "Kappa Bank -[customerOf]-> Cloud Backup -[provider]-> Alpha Holdings"
        " <-[segmentOf]- Network services",
    ]


@pytest.mark.parametrize(
    "segment",
    [
        pytest.param("Systems integration", id="systems-integration"),
        pytest.param("Network services", id="network-services"),
    ],
)
def test_corpus_business_view_has_the_issuers_segments(corpus_store: Any, segment: str) -> None:
    graph = business_graph(corpus_store[0])
    node = resolve(graph, segment)
    assert graph.nodes[node]["kind"] == "segment"
    assert list(graph.out_edges(node, keys=True)) == [(node, IIJ, "segmentOf")]
    assert graph.nodes[IIJ]["issuer"] is True


# -- export ---------------------------------------------------------------------------------


def _same(read: nx.Graph, written: nx.Graph, extra: set[str]) -> None:
    assert set(read.nodes) == set(written.nodes)
    for node, data in written.nodes(data=True):
        assert read.nodes[node] == data
    expected = sorted(
        (u, v, sorted(d.items())) for u, v, d in graphml_safe(written).edges(data=True)
    )
    found = sorted(
        (u, v, sorted((k, x) for k, x in d.items() if k not in extra))
        for u, v, d in read.edges(data=True)
    )
    assert found == expected


@pytest.mark.parametrize(
    ("writer", "reader", "extra"),
    [
        pytest.param(write_graphml, nx.read_graphml, set(), id="graphml"),
        pytest.param(write_gexf, nx.read_gexf, {"id"}, id="gexf"),
    ],
)
@pytest.mark.parametrize("view", [pytest.param("ownership"), pytest.param("business")])
def test_export_round_trip(
    tmp_path: Path,
    group: nx.DiGraph,
    business: nx.MultiDiGraph,
    writer: Callable[[nx.DiGraph, Path], Path],
    reader: Callable[..., nx.Graph],
    extra: set[str],
    view: str,
) -> None:
    graph = group if view == "ownership" else business
    path = writer(graph, tmp_path / f"{view}.out")
    read = reader(path)
    _same(read, graphml_safe(graph), extra | ({"id"} if graph.is_multigraph() else set()))
    assert read.nodes[EX + "org/alpha"]["label"] == "Alpha Holdings"


def test_graphml_attributes_have_no_none_and_lists_are_joined(group: nx.DiGraph) -> None:
    safe = graphml_safe(group)
    assert safe.edges[EX + "org/delta", EX + "org/epsilon"] == {
        "kind": "Affiliate",
        "sources": "annual.txt:12",
        "stake": EX + "stake/delta/epsilon",
    }
    assert safe.nodes[EX + "org/alpha"]["aliases"] == "AH; Alpha Holdings Inc."


def test_corpus_graphml_round_trip(tmp_path: Path, corpus: nx.DiGraph) -> None:
    read = nx.read_graphml(write_graphml(corpus, tmp_path / "corpus.graphml"))
    _same(read, graphml_safe(corpus), set())
    assert read.edges["https://w3id.org/finkg/id/org/ntt", IIJ]["percent"] == 24.4


# -- drawing --------------------------------------------------------------------------------


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return [
        "".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")
    ]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_draw_corpus_ownership_as_svg(tmp_path: Path, corpus_store: Any) -> None:
    path = draw_ownership(corpus_store[0], tmp_path / "group.svg")
    texts = _svg_texts(path)
    assert "Group structure of Internet Initiative Japan" in texts
    for label in ("NTT", "IIJ Global", "Trust Networks", "Stratosphere", "79.5%", "24.4%", "?"):
        assert label in texts
    assert "Consolidated subsidiaries (9)" in texts
    assert "Equity-method investees (6)" in texts
    assert "Tokyo Electric Power \u2192 PoweredCom: 32.06% (Affiliate, 2002-11-12)" in texts


def test_draw_corpus_ownership_as_png(tmp_path: Path, corpus: nx.DiGraph) -> None:
    width, height = _png_size(draw_ownership(corpus, tmp_path / "group.png"))
    assert width > 1000 and height > 1000


def test_draw_from_another_root(tmp_path: Path, group: nx.DiGraph) -> None:
    texts = _svg_texts(draw_ownership(group, tmp_path / "delta.svg", root="Delta Works"))
    assert "Group structure of Delta Works" in texts
    assert {"Gamma Labs", "Epsilon Data", "Alpha Holdings", "25%", "40%"} <= set(texts)
    assert "Omega Fund" not in texts  # a shareholder of the owner, not of Delta Works


def test_draw_shows_a_company_reached_twice_once_in_full(tmp_path: Path, group: nx.DiGraph) -> None:
    texts = _svg_texts(draw_ownership(group, tmp_path / "alpha.svg"))
    assert texts.count("Gamma Labs") == 2
    assert "shown elsewhere \u00b7 as of 2024-03-31" in texts


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        pytest.param("group.pdf", ValueError, r"group\.pdf: the picture must be", id="suffix"),
        pytest.param("group.svg", UnknownEntityError, "no entity named 'Nobody'", id="root"),
    ],
)
def test_draw_refuses_bad_input(
    tmp_path: Path, group: nx.DiGraph, name: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        draw_ownership(group, tmp_path / name, root="Nobody" if name.endswith("svg") else None)
    assert not (tmp_path / name).exists()


def test_draw_an_empty_store(tmp_path: Path) -> None:
    texts = _svg_texts(draw_ownership(EmbeddedStore(None), tmp_path / "empty.svg"))
    assert texts == ["No stakes in the knowledge graph"]
