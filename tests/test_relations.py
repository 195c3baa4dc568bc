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
from finkg.loaders.document import read_document
from finkg.loaders.entities import PersonRole, Stake, read_relations
from finkg.loaders.facts import DocumentFacts, SourceSpan
from finkg.loaders.text import read_lines
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from finkg.graph import company_iri, document_graph, graph_iri
from finkg.query import format_result, run_query
from finkg.relations import membership_iri, relation_triples, stake_iri
from finkg.store import EmbeddedStore
from finkg.validate import validate_graph
from finkg.vocab import FIBO_LEI, FKG

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DATA = Path(__file__).parent / "data" / "relations"
GROUP_DECK = "004_89bdcf76a8970a4d.txt"


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


def test_the_same_facts_give_the_same_graph() -> None:
    first, second = group_table_graph(), group_table_graph()
    assert set(first) == set(second)


@pytest.mark.parametrize("name", ["001_db6793c7b74d69e5.txt", GROUP_DECK])
def test_relations_conform_to_the_shapes_alone_and_with_the_document_graph(name: str) -> None:
    facts, stakes, people = corpus(name)
    assert facts.info.issuer is not None
    alone = relation_triples(
        stakes,
        people,
        issuer=facts.info.issuer,
        document_hashes={facts.info.file_name: facts.info.sha256},
    )
    assert validate_graph(alone, name) == []
    union = document_graph(facts) + relation_triples(stakes, people, issuer=facts.info.issuer)
    assert validate_graph(union, name) == []


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
        facts, stakes, people = corpus(path.name)
        assert facts.info.issuer is not None
        graph = relation_triples(
            stakes,
            people,
            issuer=facts.info.issuer,
            document_hashes={facts.info.file_name: facts.info.sha256},
        )
        store.replace_graph(graph_iri(path.name), list(graph))
    return store


@pytest.mark.parametrize("query", ["ownership", "people"])
def test_the_query_returns_the_expected_rows(relation_store: EmbeddedStore, query: str) -> None:
    text = format_result(run_query(relation_store, query, {}), "csv")
    wanted = (DATA / f"query-{query}.csv").read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text))) == list(csv.reader(io.StringIO(wanted)))
