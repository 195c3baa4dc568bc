"""Accounting identities (``shapes/accounting.shapes.ttl``): the numbers one document states add up.

The corpus satisfies every identity it states all the numbers of (no finding at all); the same
corpus graph with one number changed fails with messages that name the facts, their documents
and lines, transcribed below from the documents; the hand-made files in ``tests/data/invalid/
accounting-*.ttl`` fail the same way on the store and under pySHACL.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from finkg.build import BuildReport
from finkg.graph import ONTOLOGY_GRAPH
from finkg.resources import ontology_graph
from finkg.store import EmbeddedStore
from finkg.validate import check_constraints, validate_graph, validate_store
from finkg.vocab import FKG, METRIC, SDMX_DIMENSION, SDMX_MEASURE

DATA = Path(__file__).parent / "data"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
R001 = "001_db6793c7b74d69e5.txt"
P003 = "003_501beb1a87d1dfe7.txt"
D004 = "004_89bdcf76a8970a4d.txt"
ROUNDING = "is more than the rounding of the numbers allows"


def canonical(message: str) -> str:
    """The message with its list of parts sorted (SPARQL's GROUP_CONCAT has no order)."""

    def sort_parts(match: re.Match[str]) -> str:
        return match.group(1) + "; ".join(sorted(match.group(2).split("; "))) + match.group(3)

    return re.sub(r"(add up to \S+: )(.*?)(\. The difference)", sort_parts, message)


def _graph_of(store: EmbeddedStore, file_name: str) -> URIRef:
    graphs = [g for g in store.graphs() if str(g).endswith("/" + file_name.replace("_", "-"))]
    assert len(graphs) == 1, graphs
    return graphs[0]


def _period_matches(graph: Graph, period: Node, label: str) -> bool:
    labels = {str(o) for o in graph.objects(period, FKG.fiscalLabel)}
    dates = {str(o) for o in graph.objects(period, URIRef(TIME + "inXSDDate"))}
    return label in labels | dates


def _observation(graph: Graph, metric: str, period: str, line: int, segment: str) -> Node:
    """The one observation of ``metric`` for ``period`` whose primary source is on ``line``."""
    found = []
    for obs in graph.subjects(FKG.metric, METRIC[metric]):
        span = graph.value(obs, URIRef(PROV + "hadPrimarySource"))
        ref = graph.value(obs, SDMX_DIMENSION.refPeriod)
        seg = graph.value(obs, FKG.segment)
        if (
            span is not None
            and ref is not None
            and graph.value(span, FKG.lineNumber) == Literal(line)
            and _period_matches(graph, ref, period)
            and (str(seg).rsplit("/", 1)[-1] if seg is not None else "") == segment
        ):
            found.append(obs)
    assert len(found) == 1, (metric, period, line, found)
    return found[0]


def _mutated_store(
    corpus: EmbeddedStore,
    file_name: str,
    metric: str,
    period: str,
    line: int,
    segment: str,
    value: str,
) -> EmbeddedStore:
    """A new in-memory store: the ontology and one corpus document with one value changed."""
    graph_name = _graph_of(corpus, file_name)
    graph = corpus.graph(graph_name)
    obs = _observation(graph, metric, period, line, segment)
    graph.set((obs, SDMX_MEASURE.obsValue, Literal(Decimal(value))))
    store = EmbeddedStore(None)
    store.replace_graph(ONTOLOGY_GRAPH, ontology_graph())
    store.replace_graph(graph_name, graph)
    return store


def test_corpus_satisfies_the_identities_it_states(
    corpus_store: tuple[EmbeddedStore, BuildReport],
) -> None:
    store, _ = corpus_store
    assert [str(v) for v in check_constraints(store)] == []


# (document, metric, period, primary source line, segment, new value) -> the findings, each
# transcribed from the document: the changed number, and the totals and parts it enters into.
MUTATIONS = [
    pytest.param(
        (R001, "Assets", "2002-09-30", 302, "", "39038442000"),
        [
            f"Assets for 2002-09-30 (Actual) is stated as 39038442000 ({R001} line 302), but its"
            f" parts add up to 39038342000: AssetsCurrent 13673371000 ({R001} line 295);"
            f" GuaranteeDeposits 1392519000 ({R001} line 300);"
            f" InvestmentsInAndAdvancesToEquityMethodInvestees 5896219000 ({R001} line 296);"
            f" OtherAssetsNoncurrent 706828000 ({R001} line 301);"
            f" OtherInvestments 3751532000 ({R001} line 297);"
            f" PropertyPlantAndEquipmentNet 8617873000 ({R001} line 298);"
            f" RestrictedCash 5000000000 ({R001} line 299). The difference, 100000, {ROUNDING}"
            " (4000).",
            f"LiabilitiesAndStockholdersEquity for 2002-09-30 (Actual) is stated as 39038342000"
            f" ({R001} line 326), but its parts add up to 39038442000: Assets 39038442000"
            f" ({R001} line 302). The difference, 100000, {ROUNDING} (1000).",
        ],
        id="total-assets",
    ),
    pytest.param(
        (R001, "Cash", "2002-09-30", 378, "", "4772853000"),
        [
            f"Cash roll-forward for FY2002 Q2 (Actual): the balance at the beginning, 6014693000"
            f" ({R001} line 290), plus the change, -1241940000 ({R001} line 376), makes"
            f" 4772753000, but the balance at the end is 4772853000 ({R001} line 378). The"
            f" difference, 100000, {ROUNDING} (1500).",
        ],
        id="cash-at-the-end-of-the-quarter",
    ),
    pytest.param(
        (R001, "CostOfRevenue", "FY2002 Q1", 254, "", "8955000000"),
        [
            f"CostsAndExpenses for FY2002 Q1 (Actual) is stated as 10313357000 ({R001} line 258),"
            f" but its parts add up to 10312457000: CostOfRevenue 8955000000 ({R001} line 254);"
            f" GeneralAndAdministrativeExpense 517316000 ({R001} line 256);"
            f" ResearchAndDevelopmentExpense 90780000 ({R001} line 257);"
            f" SellingAndMarketingExpense 749361000 ({R001} line 255). The difference, 900000,"
            f" {ROUNDING} (2500).",
            f"OperatingIncomeLoss for FY2002 Q1 (Actual) is stated as -464155000 ({R001} line"
            f" 259), but its parts add up to -463255000: Revenues 9849202000 ({R001} line 249);"
            f" less CostOfRevenue 8955000000 ({R001} line 254); less"
            f" GeneralAndAdministrativeExpense 517316000 ({R001} line 256); less"
            f" ResearchAndDevelopmentExpense 90780000 ({R001} line 257); less"
            f" SellingAndMarketingExpense 749361000 ({R001} line 255). The difference, 900000,"
            f" {ROUNDING} (3000).",
        ],
        id="total-costs",
    ),
    pytest.param(
        (P003, "Revenues", "FY2003 Q3", 95, "", "9733000000"),
        [
            f"OperatingIncomeLoss for FY2003 Q3 (Actual) is stated as 236000000 ({P003} line 100),"
            f" but its parts add up to 336000000: Revenues 9733000000 ({P003} line 95); less"
            f" CostOfRevenue 8125000000 ({P003} line 96); less GeneralAndAdministrativeExpense"
            f" 486000000 ({P003} line 98); less ResearchAndDevelopmentExpense 87000000 ({P003}"
            f" line 99); less SellingAndMarketingExpense 699000000 ({P003} line 97). The"
            f" difference, 100000000, {ROUNDING} (3000000).",
            f"Revenues for FY2003 (Actual) is stated as 38779000000 ({P003} line 95), but its four"
            f" quarters add up to 38879000000: FY2003 Q1 8344000000 ({P003} line 95); FY2003 Q2"
            f" 9185000000 ({P003} line 95); FY2003 Q3 9733000000 ({P003} line 95); FY2003 Q4"
            f" 11617000000 ({P003} line 15). The difference, 100000000, {ROUNDING} (2500000).",
        ],
        id="a-quarter-of-the-year",
    ),
    pytest.param(
        (D004, "Revenues", "FY2012 H1", 581, "network", "52259000000"),
        [
            f"Revenues of segment network for FY2012 H1 (Actual) is stated as 52259000000 ({D004}"
            f" line 581), more than the company total 51109000000 ({D004} line 524) by"
            " 1150000000, more than the rounding of the numbers allows (1000000).",
        ],
        id="a-segment-above-the-total",
    ),
]


@pytest.mark.parametrize(("change", "expected"), MUTATIONS)
def test_one_changed_number_fails_with_the_facts_documents_and_lines(
    change: tuple[str, str, str, int, str, str],
    expected: list[str],
    corpus_store: tuple[EmbeddedStore, BuildReport],
) -> None:
    corpus, _ = corpus_store
    with _mutated_store(corpus, *change) as store:
        findings = check_constraints(store)
    assert sorted(canonical(v.message) for v in findings) == sorted(map(canonical, expected))
    assert {v.severity for v in findings} == {"Warning"}


# Each hand-made invalid file and the one warning it must raise.
INVALID: dict[str, str] = {
    "accounting-total-not-sum-of-parts": (
        "GrossProfit for FY2030 Q1 (Actual) is stated as 25000000 (example-fy2030.txt line 12),"
        " but its parts add up to 20000000: Revenues 100000000 (example-fy2030.txt line 10);"
        " less CostOfRevenue 80000000 (example-fy2030.txt line 11). The difference, 5000000,"
        f" {ROUNDING} (1500000)."
    ),
    "accounting-cash-roll-forward-broken": (
        "Cash roll-forward for FY2030 Q1 (Actual): the balance at the beginning, 500000000"
        " (example-fy2030.txt line 20), plus the change, -50000000 (example-fy2030.txt line 21),"
        " makes 450000000, but the balance at the end is 440000000 (example-fy2030.txt line 22)."
        f" The difference, 10000000, {ROUNDING} (1500000)."
    ),
    "accounting-quarters-not-year": (
        "Revenues for FY2030 (Actual) is stated as 470000000 (example-fy2030.txt line 30), but"
        " its four quarters add up to 460000000: FY2030 Q1 100000000 (example-fy2030.txt line"
        " 30); FY2030 Q2 110000000 (example-fy2030.txt line 30); FY2030 Q3 120000000"
        " (example-fy2030.txt line 30); FY2030 Q4 130000000 (example-fy2030.txt line 30). The"
        f" difference, 10000000, {ROUNDING} (2500000)."
    ),
    "accounting-segment-exceeds-total": (
        "Revenues of segment cloud for FY2030 Q1 (Actual) is stated as 120000000"
        " (example-fy2030.txt line 41), more than the company total 100000000"
        " (example-fy2030.txt line 40) by 20000000, more than the rounding of the numbers"
        " allows (1000000)."
    ),
}


def _file_store(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.replace_graph(ONTOLOGY_GRAPH, ontology_graph())
    store.load_rdf(path, graph=URIRef("https://w3id.org/finkg/id/graph/" + path.name))
    return store


@pytest.mark.parametrize(
    ("name", "message"), [pytest.param(n, m, id=n) for n, m in sorted(INVALID.items())]
)
def test_hand_made_case_fails_on_the_store(name: str, message: str) -> None:
    with _file_store(DATA / "invalid" / f"{name}.ttl") as store:
        findings = check_constraints(store)
    assert [(v.severity, canonical(v.message)) for v in findings] == [
        ("Warning", canonical(message))
    ]


@pytest.mark.parametrize(
    ("name", "message"), [pytest.param(n, m, id=n) for n, m in sorted(INVALID.items())]
)
def test_hand_made_case_fails_the_same_under_pyshacl(name: str, message: str) -> None:
    findings = validate_graph(Graph().parse(DATA / "invalid" / f"{name}.ttl"), name)
    assert [(v.severity, canonical(v.message)) for v in findings] == [
        ("Warning", canonical(message))
    ]


@pytest.mark.parametrize(
    "path", [pytest.param(p, id=p.stem) for p in sorted((DATA / "valid").glob("accounting*.ttl"))]
)
def test_numbers_that_add_up_within_rounding_pass(path: Path) -> None:
    with _file_store(path) as store:
        assert check_constraints(store) == []
    assert validate_graph(Graph().parse(path), path.name) == []


def test_a_warning_does_not_make_the_store_fail() -> None:
    with _file_store(DATA / "invalid" / "accounting-segment-exceeds-total.ttl") as store:
        result = validate_store(store)
    assert result.conforms
    assert [(v.severity, v.focus) for v in result.violations] == [
        ("Warning", "https://w3id.org/finkg/id/obs/example-fy2030.txt/revenues-cloud-q1")
    ]


def test_every_calculation_adds_metrics_of_the_total_kind() -> None:
    """A total and its parts share unit kind and period type; each calculation has a part."""
    ontology = ontology_graph()
    problems = []
    calculations = list(ontology.subject_objects(FKG.calculation))
    assert calculations
    for total, calculation in calculations:
        assert (calculation, RDF.type, FKG.Calculation) in ontology
        parts = list(ontology.objects(calculation, FKG.summand))
        parts += list(ontology.objects(calculation, FKG.subtrahend))
        if not parts:
            problems.append(f"{total}: a calculation without parts")
        for part in parts:
            for prop in (FKG.unitKind, FKG.periodType):
                if ontology.value(part, prop) != ontology.value(total, prop):
                    problems.append(f"{total} and its part {part} differ in {prop}")
    for change, balance in ontology.subject_objects(FKG.balanceChangeOf):
        if ontology.value(change, FKG.periodType) != FKG.Duration:
            problems.append(f"{change} is a change but not a duration")
        if ontology.value(balance, FKG.periodType) != FKG.Instant:
            problems.append(f"{balance} is a balance but not an instant")
    assert problems == []


def test_shapes_are_warnings() -> None:
    """A document's own arithmetic slip is reported, never a reason to reject the store."""
    from finkg.resources import shapes_graph

    shapes = shapes_graph()
    accounting = {
        s for s in shapes.subjects(SH.targetClass, None) if (s, SH.sparql, None) in shapes
    } & {
        URIRef("https://w3id.org/finkg/shapes/" + name)
        for name in (
            "CalculationShape",
            "BalanceRollForwardShape",
            "FourQuartersShape",
            "SegmentWithinTotalShape",
        )
    }
    assert len(accounting) == 4
    assert {shapes.value(s, SH.severity) for s in accounting} == {SH.Warning}
