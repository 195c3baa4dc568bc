"""Tests for stakes and roles as triples (finkg.relations) and the ownership and people queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from finkg.loaders.blocks import split_blocks
from finkg.loaders.business import BusinessFacts
from finkg.loaders.document import read_document
from finkg.loaders.entities import PersonRole, Stake, read_relations
from finkg.loaders.facts import DocumentFacts, SourceSpan
from finkg.loaders.text import read_lines
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from finkg.graph import company_iri, graph_iri
from finkg.query import format_result, run_query
from finkg.relations import (
    contact_point_iri,
    document_relation_triples,
    event_iri,
    membership_iri,
    partnership_iri,
    relation_triples,
    stake_iri,
)
from finkg.store import EmbeddedStore
from finkg.validate import validate_graph
from finkg.vocab import FIBO_LEI, FKG, SCHEMA

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DATA = Path(__file__).parent / "data" / "relations"
GROUP_DECK = "004_89bdcf76a8970a4d.txt"
PRESS_RELEASE = "001_db6793c7b74d69e5.txt"


@cache
def corpus(name: str) -> tuple[DocumentFacts, list[Stake], list[PersonRole]]:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is not here")
    facts = read_document(path)
    _, lines = read_lines(path)
    stakes, people, _ = read_relations(
        lines, split_blocks(lines), document=name, issuer=facts.info.issuer, as_of=facts.info.date
    )
    return facts, stakes, people


def expected(name: str) -> Graph:
    return Graph().parse(DATA / name, format="turtle")


def assert_isomorphic(found: Graph, wanted: Graph) -> None:
    if not isomorphic(found, wanted):
        _, only_found, only_wanted = graph_diff(to_isomorphic(found), to_isomorphic(wanted))
        pytest.fail(
            "graphs differ\nonly in output:\n"
            + only_found.serialize(format="nt")
            + "\nonly expected:\n"
            + only_wanted.serialize(format="nt")
        )


def group_table_graph() -> Graph:
    facts, stakes, _ = corpus(GROUP_DECK)
    table = [s for s in stakes if 504 <= s.source.line <= 516]
    assert facts.info.issuer is not None
    return relation_triples(table, [], issuer=facts.info.issuer)


def test_the_group_company_table_graph_is_the_hand_written_one() -> None:
    assert_isomorphic(group_table_graph(), expected("group-companies.ttl"))


def test_the_shareholder_list_graph_is_the_hand_written_one() -> None:
    facts, stakes, _ = corpus(GROUP_DECK)
    holders = [s for s in stakes if s.kind == "Shareholding"]
    assert facts.info.issuer is not None
    graph = relation_triples(holders, [], issuer=facts.info.issuer)
    assert_isomorphic(graph, expected("shareholders.ttl"))


def test_the_customers_paragraph_graph_is_the_hand_written_one() -> None:
    facts, _, _ = corpus(PRESS_RELEASE)
    assert facts.business is not None
    paragraph = [c for c in facts.business.customers if c.source.line == 74]
    graph = relation_triples(
        [],
        [],
        issuer=facts.info.issuer,
        names=facts.company_names,
        business=BusinessFacts(customers=paragraph),
        calendar=facts.info.calendar,
    )
    assert_isomorphic(graph, expected("customers.ttl"))


def test_the_same_facts_give_the_same_graph() -> None:
    first, second = group_table_graph(), group_table_graph()
    assert set(first) == set(second)


@pytest.mark.parametrize("name", ["001_db6793c7b74d69e5.txt", GROUP_DECK])
def test_relations_conform_to_the_shapes_on_their_own(name: str) -> None:
    facts, _, _ = corpus(name)
    assert facts.info.issuer is not None
    alone = document_relation_triples(facts, with_document=True)
    assert validate_graph(alone, name) == []
    # with the document graph: the corpus store's validation (test_cli.py) covers the union


def test_without_the_document_node_a_span_points_at_nothing_the_shapes_know() -> None:
    violations = validate_graph(group_table_graph())
    assert violations
    assert {v.path for v in violations} == {str(FKG.inDocument)}


# --- hand-made facts ------------------------------------------------------------------------------

SPAN = SourceSpan("k.txt", 4, "Tarn Foods, a 60% subsidiary")


def test_a_person_shareholder_and_a_membership() -> None:
    stake = Stake("Ada Kestrel", "Kestrel Foods plc", Decimal("8"), "Shareholding", None, SPAN,
                  owner_is_person=True)  # fmt: skip
    role = PersonRole("Ada Kestrel", "Chair", "Kestrel Foods plc", SPAN)
    graph = relation_triples([stake], [role], issuer="Kestrel Foods plc")
    assert str(stake_iri(stake)).endswith("/stake/ada-kestrel/kestrel-foods/shareholding/undated")
    assert (None, FKG.asOfDate, None) not in graph
    assert str(membership_iri(role)).endswith("/membership/ada-kestrel/kestrel-foods/chair")
    with_document = relation_triples(
        [stake], [role], issuer="Kestrel Foods plc", document_hashes={"k.txt": "0" * 64}
    )
    assert validate_graph(with_document) == []


def test_a_stake_stated_twice_with_two_percentages_keeps_both() -> None:
    day = date(2024, 3, 31)
    first = Stake("Kestrel Foods plc", "Tarn Foods", Decimal("60"), "ConsolidatedSubsidiary",
                  day, SPAN)  # fmt: skip
    second = Stake("Kestrel Foods plc", "Tarn Foods Ltd.", Decimal("61"),
                   "ConsolidatedSubsidiary", day, SourceSpan("k.txt", 9, "61%"),
                   owned_aliases=("TF",))  # fmt: skip
    graph = relation_triples(
        [first, second], [], issuer="Kestrel Foods plc", document_hashes={"k.txt": "a" * 64}
    )
    percents = sorted(str(o) for o in graph.objects(None, FIBO_LEI.hasOwnershipPercentage))
    assert percents == ["60", "61"]
    assert validate_graph(graph) == []
    labels = sorted(str(label) for label in graph.objects(company_iri("Tarn Foods"), None)
                    if isinstance(label, Literal))  # fmt: skip
    assert labels == ["TF", "Tarn Foods", "Tarn Foods Ltd."]


# --- the queries ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def relation_store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    for path in sorted(CORPUS.glob("*.txt")) or [CORPUS / "missing.txt"]:
        facts, _, _ = corpus(path.name)
        assert facts.info.issuer is not None
        graph = document_relation_triples(facts, with_document=True)
        store.replace_graph(graph_iri(path.name), list(graph))
    return store


@pytest.mark.parametrize("query", ["ownership", "people", "customers", "services"])
def test_the_query_returns_the_expected_rows(relation_store: EmbeddedStore, query: str) -> None:
    text = format_result(run_query(relation_store, query, {}), "csv")
    wanted = (DATA / f"query-{query}.csv").read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text))) == list(csv.reader(io.StringIO(wanted)))


# --- ties and events of the corpus ---------------------------------------------------------------


def _label(graph: Graph, node: Node) -> str:
    return min(str(label) for label in graph.objects(node, SKOS.prefLabel))


def _rows(name: str, kind: URIRef, parties: URIRef) -> list[list[str]]:
    facts, _, _ = corpus(name)
    graph = document_relation_triples(facts)
    found: list[list[str]] = []
    for node in graph.subjects(RDF.type, kind):
        label = graph.value(node, FKG.tieKind if kind == FKG.Partnership else FKG.eventKind)
        day = graph.value(node, DCTERMS.date)
        names = sorted(_label(graph, party) for party in graph.objects(node, parties))
        spans = graph.objects(node, PROV.wasDerivedFrom)
        lines = sorted(int(str(graph.value(span, FKG.lineNumber))) for span in spans)
        found.append([name, str(label), "" if day is None else str(day), "|".join(names),
                      "|".join(str(n) for n in lines)])  # fmt: skip
    return found


@pytest.mark.parametrize(
    ("kind", "parties", "file"),
    [
        pytest.param(FKG.Partnership, FKG.partner, "corpus-ties.csv", id="ties"),
        pytest.param(FKG.Event, FKG.involves, "corpus-events.csv", id="events"),
    ],
)
def test_the_corpus_ties_and_events_are_the_transcribed_ones(
    kind: URIRef, parties: URIRef, file: str
) -> None:
    names = sorted(path.name for path in CORPUS.glob("*.txt"))
    found = sorted(row for name in names for row in _rows(name, kind, parties))
    with (DATA / file).open(encoding="utf-8") as handle:
        wanted = sorted(list(csv.reader(handle))[1:])
    assert found == wanted


def test_a_tie_and_an_event_have_deterministic_iris() -> None:
    facts, _, _ = corpus(GROUP_DECK)
    graph = document_relation_triples(facts)
    joint = partnership_iri(
        ["Internet Initiative Japan Inc.", "KONAMI CORPORATION"], "JointVenture"
    )
    assert (joint, FKG.tieKind, Literal("joint venture")) in graph
    split = event_iri("StockSplit", [company_iri("Internet Initiative Japan")], None)
    assert str(split).endswith("/event/stock-split/internet-initiative-japan/undated")
    dated = [n for n in graph.subjects(FKG.eventKind, Literal("stock split"))]
    assert [str(n).rsplit("/", 1)[-1] for n in dated] == ["2012-10-01"]


# --- shapes of the kinds -------------------------------------------------------------------------

SHAPES_DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        pytest.param("business-partnership-type-not-a-tie-kind", "A partnership", id="tie"),
        pytest.param("business-event-type-not-an-event-kind", "An event", id="event"),
        pytest.param("business-event-two-kind-concepts", "An event", id="two-kinds"),
    ],
)
def test_a_kind_concept_of_the_wrong_scheme_does_not_conform(name: str, subject: str) -> None:
    data = Graph().parse(SHAPES_DATA / "invalid" / f"{name}.ttl")
    violations = validate_graph(data)
    assert violations
    assert {(v.path, v.message.split(" has ")[0]) for v in violations} == {
        (str(DCTERMS.type), subject)
    }


@pytest.mark.parametrize(
    ("name", "path"),
    [
        pytest.param("organization-contact-point-email-without-at", SCHEMA.email, id="email"),
        pytest.param("organization-contact-point-without-source", PROV.wasDerivedFrom, id="source"),
    ],
)
def test_a_broken_contact_point_does_not_conform(name: str, path: URIRef) -> None:
    data = Graph().parse(SHAPES_DATA / "invalid" / f"{name}.ttl")
    assert {v.path for v in validate_graph(data)} == {str(path)}


def test_the_issuer_contact_point_of_the_corpus() -> None:
    facts, _, _ = corpus(GROUP_DECK)
    graph = document_relation_triples(facts)
    node = contact_point_iri("Internet Initiative Japan Inc.", GROUP_DECK)
    assert (company_iri("Internet Initiative Japan Inc."), SCHEMA.contactPoint, node) in graph
    wanted_predicates = (SCHEMA.url, SCHEMA.email, SCHEMA.telephone, SCHEMA.address)
    pairs = graph.predicate_objects(node)
    found = sorted((str(p).rsplit("/", 1)[-1], str(o)) for p, o in pairs if p in wanted_predicates)
    assert found == [
        (
            "address",
            "Jinbocho Mitsui Bldg., 1-105 Kanda Jinbo-cho, Chiyoda-ku, Tokyo, 101-0051, Japan",
        ),
        ("email", "ir@ij.ad.jp"),  # as printed: the deck's text lost an "i" here
        ("telephone", "03-5259-6500"),
        ("url", "http://www.ij.ad.jp/ir"),
    ]


def test_kind_concepts_of_the_right_scheme_conform() -> None:
    data = Graph().parse(SHAPES_DATA / "valid" / "business-kinds.ttl")
    assert validate_graph(data) == []
