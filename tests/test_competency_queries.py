"""The six competency queries (issue 5) on the corpus, their parameters and their defaults.

Expected rows are transcribed from the corpus documents by reading them (tests/data/expected/
competency/, each file says which lines it comes from), not from the queries' output.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from finkg.loaders.facts import (
    DocumentFacts,
    DocumentInfo,
    Observation,
    SourceSpan,
    StatedChange,
    segment_key,
)
from finkg.loaders.periods import FiscalCalendar, Period
from rdflib import URIRef

from finkg.build import BuildReport
from finkg.cli import main
from finkg.graph import document_graph, graph_iri, triples
from finkg.query import QueryParamError, run_query
from finkg.store import EmbeddedStore, QueryResult, Store

EXPECTED = Path(__file__).parent / "data" / "expected" / "competency"
Corpus = tuple[EmbeddedStore, BuildReport]


def expected_rows(name: str) -> list[dict[str, str]]:
    """The rows of an expected CSV file, its leading ``#`` comment lines skipped."""
    with (EXPECTED / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def text(value: object) -> str:
    return "" if value is None else str(value)


def number(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def columns(result: QueryResult, names: list[str]) -> list[dict[str, str]]:
    return [{name: text(row.get(name)) for name in names} for row in result.rows]


# -- 1. metric-series -----------------------------------------------------------------------


def test_metric_series_default_is_actual_revenues(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "metric-series", {"segment": ""})
    assert {text(row["metric"]) for row in result.rows} == {"Revenues"}
    assert {text(row["basis"]) for row in result.rows} == {"Actual"}
    got = [
        (
            text(row["period"]),
            number(row["value"]),
            int(text(row["decimals"])),
            text(row["source"]),
            int(text(row["line"])),
            sorted(text(row["sources"]).split(";")),
        )
        for row in result.rows
    ]
    want = [
        (
            row["period"],
            Decimal(row["value"]),
            int(row["decimals"]),
            row["source"],
            int(row["line"]),
            sorted(row["sources"].split(";")),
        )
        for row in expected_rows("metric-series-revenues.csv")
    ]
    assert got == want


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param(
            {"basis": "GuidanceLow", "period": "fy2002q2"},
            [("Revenues", "FY2002 Q2", Decimal("10500000000"))],
            id="guidance-low-friendly-period",
        ),
        pytest.param(
            {"metric": "https://w3id.org/finkg/metric/Assets", "period": "2003-09-30"},
            [("Assets", "2003-09-30", Decimal("38434000000"))],
            id="metric-iri-instant",
        ),
        pytest.param(
            {"basis": "", "period": "FY2002 Q2", "segment": ""},
            [
                ("Revenues", "FY2002 Q2", Decimal("10568342000")),
                ("Revenues", "FY2002 Q2", Decimal("11000000000")),
                ("Revenues", "FY2002 Q2", Decimal("10500000000")),
            ],
            id="empty-value-lifts-the-default",
        ),
        pytest.param(
            {"metric": "AdjustedEBITDA", "period": "FY2003 Q4"},
            [("AdjustedEBITDA", "FY2003 Q4", Decimal("1358000000"))],
            id="metric-local-name",
        ),
    ],
)
def test_metric_series_parameters(
    corpus_store: Corpus, params: dict[str, str], expected: list[tuple[str, str, Decimal]]
) -> None:
    store, _ = corpus_store
    result = run_query(store, "metric-series", params)
    got = [(text(r["metric"]), text(r["period"]), number(r["value"])) for r in result.rows]
    assert got == expected


def test_period_iri_is_accepted(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    iri = "https://w3id.org/finkg/id/period/fye-0331/fy2002-q2"
    by_iri = run_query(store, "metric-series", {"period": iri, "segment": ""})
    by_label = run_query(store, "metric-series", {"period": "FY2002 Q2", "segment": ""})
    assert by_iri.rows == by_label.rows
    assert [number(row["value"]) for row in by_iri.rows] == [Decimal("10568342000")]


# -- 2. segment-mix --------------------------------------------------------------------------


def test_segment_mix_first_half_2012(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "segment-mix", {"period": "FY2012 H1"})
    got = [
        (
            segment_key(text(r["segment"])),
            number(r["value"]),
            number(r["total"]),
            number(r["share"]),
            int(text(r["line"])),
        )
        for r in result.rows
    ]
    want = [
        (
            segment_key(r["segment"]),
            Decimal(r["value"]),
            Decimal(r["total"]),
            Decimal(r["share"]),
            int(r["line"]),
        )
        for r in expected_rows("segment-mix-fy2012-h1.csv")
    ]
    assert got == want


def test_segment_mix_shares_match_the_printed_percent_of_total(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "segment-mix", {"period": "FY2002 Q2"})
    shares = {segment_key(text(r["segment"])): number(r["share"]) for r in result.rows}
    assert {text(r["total"]) for r in result.rows} == {"10568342000"}
    for row in expected_rows("segment-mix-fy2002-q2-printed-shares.csv"):
        assert shares.get(segment_key(row["segment"])) == Decimal(row["share"]), row


# -- 3. guidance-vs-actual -------------------------------------------------------------------

GUIDANCE_COLUMNS = [
    "metric",
    "period",
    "kind",
    "low",
    "high",
    "target",
    "actual",
    "status",
    "guidanceSource",
    "actualSource",
]


def _normalised(rows: list[dict[str, str]]) -> list[tuple[object, ...]]:
    return sorted(
        tuple(
            number(row[name]) if name in ("low", "high", "target", "actual") else row[name]
            for name in GUIDANCE_COLUMNS
        )
        for row in rows
    )


def test_guidance_vs_actual(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "guidance-vs-actual", {})
    got = _normalised(columns(result, GUIDANCE_COLUMNS))
    assert got == _normalised(expected_rows("guidance-vs-actual.csv"))


def test_guidance_2q02_revenue_range_is_met(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "guidance-vs-actual", {"metric": "Revenues", "period": "FY2002 Q2"})
    assert columns(result, ["low", "high", "actual", "versus", "status"]) == [
        {
            "low": "10500000000",
            "high": "11000000000",
            "actual": "10568342000",
            "versus": "within",
            "status": "met",
        }
    ]


# -- 4. growth-check -------------------------------------------------------------------------


def test_growth_check_statement_of_operations(corpus_store: Corpus) -> None:
    """Every change column of 001's statement of operations, against its own amounts."""
    store, _ = corpus_store
    result = run_query(store, "growth-check", {"period": "FY2002 Q2"})
    table_lines = {
        int(row["line"]) for row in expected_rows("growth-check-001-statement-of-operations.csv")
    }
    got = []
    for row in result.rows:
        lines = {int(line) for line in text(row["lines"]).split(";")}
        if text(row["source"]) != "001_db6793c7b74d69e5.txt" or not lines & table_lines:
            continue
        (line,) = lines & table_lines
        got.append(
            (
                text(row["metric"]),
                segment_key(text(row["segment"])),
                text(row["comparison"]),
                number(row["stated"]),
                number(row["computed"]),
                text(row["check"]),
                line,
            )
        )
    want = [
        (
            row["metric"],
            segment_key(row["segment"] or None),
            row["comparison"],
            Decimal(row["stated"]),
            Decimal(row["computed"]),
            row["check"],
            int(row["line"]),
        )
        for row in expected_rows("growth-check-001-statement-of-operations.csv")
    ]
    assert sorted(got, key=str) == sorted(want, key=str)


CALENDAR = FiscalCalendar(3, 31, "start")


def _facts(
    values: dict[Period, tuple[str, int]], changes: list[tuple[Period, str, str]]
) -> DocumentFacts:
    """A document stating revenues per period and changes of them, written by finkg.graph."""
    span = SourceSpan("synthetic.txt", 1, "synthetic")
    info = DocumentInfo("synthetic.txt", "0" * 64, issuer="Acme Widgets", calendar=CALENDAR)
    observations = [
        Observation("Revenues", period, Decimal(value), "JPY", decimals, (span,))
        for period, (value, decimals) in values.items()
    ]
    stated = [
        StatedChange(
            "Revenues",
            period,
            comparison,  # type: ignore[arg-type]
            Decimal(value),
            len(value.partition(".")[2]),
            (SourceSpan("synthetic.txt", line, "synthetic"),),
        )
        for line, (period, comparison, value) in enumerate(changes, start=2)
    ]
    return DocumentFacts(info, observations=observations, changes=stated)


@pytest.fixture
def synthetic_store() -> Iterator[Store]:
    q1, q2, q4 = CALENDAR.quarter(2024, 1), CALENDAR.quarter(2024, 2), CALENDAR.quarter(2023, 4)
    last_q2, h1 = CALENDAR.quarter(2023, 2), CALENDAR.half(2024, 1)
    facts = _facts(
        {
            q4: ("1000000000", -6),
            q1: ("1100000000", -6),
            q2: ("110000", 0),
            last_q2: ("100000", 0),
            h1: ("2000", 0),
        },
        [
            (q1, "QoQ", "10.1"),  # 1,100 / 1,000 million: 10.0%, 10.1 within rounding
            (q1, "YoY", "3.0"),  # no Q1 a year earlier: unchecked
            (q2, "YoY", "10.4"),  # 110,000 / 100,000 exactly: 10.0%, 10.4 is not rounding
            (h1, "QoQ", "5.0"),  # no H2 of the year before: unchecked
        ],
    )
    with EmbeddedStore(None) as store:
        store.replace_graph(graph_iri("synthetic.txt"), triples(document_graph(facts)))
        yield store


def test_growth_check_flags_differences_beyond_rounding(synthetic_store: Store) -> None:
    result = run_query(synthetic_store, "growth-check", {})
    got = columns(result, ["period", "comparison", "earlierPeriod", "stated", "computed", "check"])
    assert got == [
        {
            "period": "FY2024 H1",
            "comparison": "QoQ",
            "earlierPeriod": "FY2023 H2",
            "stated": "5",
            "computed": "",
            "check": "unchecked",
        },
        {
            "period": "FY2024 Q1",
            "comparison": "QoQ",
            "earlierPeriod": "FY2023 Q4",
            "stated": "10.1",
            "computed": "10",
            "check": "agrees",
        },
        {
            "period": "FY2024 Q1",
            "comparison": "YoY",
            "earlierPeriod": "FY2023 Q1",
            "stated": "3",
            "computed": "",
            "check": "unchecked",
        },
        {
            "period": "FY2024 Q2",
            "comparison": "YoY",
            "earlierPeriod": "FY2023 Q2",
            "stated": "10.4",
            "computed": "10",
            "check": "disagrees",
        },
    ]
    only = run_query(synthetic_store, "growth-check", {"check": "disagrees"})
    assert [text(row["period"]) for row in only.rows] == ["FY2024 Q2"]


# -- 5. cross-document -----------------------------------------------------------------------

CROSS_COLUMNS = ["metric", "period", "basis", "source", "value", "decimals", "line", "agreement"]


def test_cross_document_yen_facts(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "cross-document", {"unit": "JPY"})
    got = [tuple(row.values()) for row in columns(result, CROSS_COLUMNS)]
    want = [
        tuple(row[name] for name in CROSS_COLUMNS) for row in expected_rows("cross-document.csv")
    ]
    assert got == want


# -- 6. balance-sheet ------------------------------------------------------------------------


def test_balance_sheet_in_statement_order(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "balance-sheet", {"period": "2002-06-30"})
    got = [(text(r["metric"]), number(r["value"]), int(text(r["line"]))) for r in result.rows]
    want = [
        (r["metric"], Decimal(r["value"]), int(r["line"]))
        for r in expected_rows("balance-sheet-2002-06-30.csv")
    ]
    assert got == want
    orders = [int(text(r["order"])) for r in result.rows]
    assert orders == sorted(orders)


def test_balance_sheet_default_lists_every_instant_oldest_first(corpus_store: Corpus) -> None:
    store, _ = corpus_store
    result = run_query(store, "balance-sheet", {})
    instants = [date.fromisoformat(text(row["period"])) for row in result.rows]
    assert instants == sorted(instants)
    assert {text(r["period"]) for r in result.rows} >= {"2002-06-30", "2004-03-31", "2012-09-30"}


# -- parameters: defaults, clear errors, injection ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        pytest.param(
            "metric-series", {"metric": "Revenue"}, "did you mean Revenues", id="metric-typo"
        ),
        pytest.param(
            "segment-mix", {"period": "Q2 2002"}, "is not a period", id="period-malformed"
        ),
        pytest.param(
            "balance-sheet", {"period": "2002-02-30"}, "is not a period", id="impossible-date"
        ),
        pytest.param(
            "metric-series", {"basis": "Forecast"}, "is not a known basis", id="basis-unknown"
        ),
        pytest.param(
            "growth-check",
            {"period": "https://w3id.org/finkg/id/period/none"},
            "the store has no period",
            id="period-iri-unknown",
        ),
        pytest.param(
            "cross-document", {"colour": "red"}, "unknown parameter 'colour'", id="unknown-param"
        ),
    ],
)
def test_bad_parameters_are_refused_clearly(
    corpus_store: Corpus, name: str, params: dict[str, str], message: str
) -> None:
    store, _ = corpus_store
    with pytest.raises(QueryParamError, match=message):
        run_query(store, name, params)


QUERIES = [
    "metric-series",
    "segment-mix",
    "guidance-vs-actual",
    "growth-check",
    "cross-document",
    "balance-sheet",
]


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in QUERIES])
def test_defaults_answer_without_parameters(corpus_store: Corpus, name: str) -> None:
    store, _ = corpus_store
    result = run_query(store, name, {})
    assert result.rows
    if name in ("metric-series", "segment-mix"):
        assert {text(row["metric"]) for row in result.rows} == {"Revenues"}


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """A store of one corpus document, built through the CLI (the corpus store is held open)."""
    folder = tmp_path_factory.mktemp("competency-cli") / "store"
    document = corpus_dir / "003_501beb1a87d1dfe7.txt"
    result = CliRunner().invoke(main, ["build", str(document), "--store", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _snapshot(folder: Path) -> dict[URIRef, list[tuple[object, ...]]]:
    with EmbeddedStore(folder) as store:
        return {graph: sorted(store.graph_triples(graph)) for graph in store.graphs()}


INJECTIONS = [
    '"} ; DROP ALL ; #',
    "<x> } UNION { ?s ?p ?o",
    'Revenues" } } ; CLEAR ALL ; SELECT * WHERE { ?s ?p ?o #',
]


@pytest.mark.parametrize(
    "value", [pytest.param(value, id=f"injection-{i}") for i, value in enumerate(INJECTIONS)]
)
@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in ("metric-series", "segment-mix")])
def test_injection_through_param_is_inert(small_store: Path, name: str, value: str) -> None:
    before = _snapshot(small_store)
    param = "segment" if name == "metric-series" else "subject"
    runner = CliRunner()
    attack = runner.invoke(
        main,
        [
            "query",
            name,
            "--param",
            f"{param}={value}",
            "--format",
            "csv",
            "--store",
            str(small_store),
        ],
    )
    harmless = runner.invoke(
        main,
        [
            "query",
            name,
            "--param",
            f"{param}=no such thing",
            "--format",
            "csv",
            "--store",
            str(small_store),
        ],
    )
    assert attack.exit_code == 0, attack.output
    assert attack.output == harmless.output
    assert len(attack.output.splitlines()) == 1  # the header: nothing matches
    assert _snapshot(small_store) == before


@pytest.mark.parametrize(
    "value", [pytest.param(value, id=f"injection-{i}") for i, value in enumerate(INJECTIONS)]
)
def test_injection_into_a_typed_param_is_refused(small_store: Path, value: str) -> None:
    before = _snapshot(small_store)
    result = CliRunner().invoke(
        main, ["query", "balance-sheet", "--param", f"period={value}", "--store", str(small_store)]
    )
    assert result.exit_code != 0
    assert "is not a period" in result.output or "is not a valid IRI" in result.output
    assert "Traceback" not in result.output
    assert _snapshot(small_store) == before


def test_cli_default_metric_series(small_store: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "metric-series",
            "--param",
            "segment=",
            "--format",
            "csv",
            "--store",
            str(small_store),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    assert [(r["period"], r["value"]) for r in rows] == [
        ("FY2003 Q1", "8344000000"),
        ("FY2003 Q2", "9185000000"),
        ("FY2003 Q3", "9633000000"),
        ("FY2003", "38779000000"),
        ("FY2003 Q4", "11617000000"),
    ]
