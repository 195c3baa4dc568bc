"""Charts of a metric's series: the data behind them, the files they write, their errors."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.image import imread

from finkg.build import BuildReport, load_ontology
from finkg.chart import ChartError, metric_series, plot_metric, resolve_metric
from finkg.store import EmbeddedStore
from finkg.vocab import METRIC

DATA = Path(__file__).parent / "data" / "report"
SVG = "{http://www.w3.org/2000/svg}"
CorpusStore = tuple[EmbeddedStore, BuildReport]


def _expected_revenues() -> list[tuple[str, str, Decimal, str, int]]:
    with (DATA / "revenues-series.csv").open(encoding="utf-8") as handle:
        return [
            (row["period"], row["basis"], Decimal(row["value"]), row["file"], int(row["line"]))
            for row in csv.DictReader(handle)
        ]


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_revenue_series_is_every_stated_revenue_in_time_order(corpus_store: CorpusStore) -> None:
    store, _ = corpus_store
    points = metric_series(store, "Revenues")
    got = [(p.period, p.basis, p.value, p.file, p.line) for p in points]
    assert got == _expected_revenues()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Revenues", id="local-name"),
        pytest.param("total revenues", id="label-any-case"),
        pytest.param(str(METRIC.Revenues), id="iri"),
    ],
)
def test_a_metric_is_named_by_local_name_label_or_iri(corpus_store: CorpusStore, name: str) -> None:
    store, _ = corpus_store
    assert resolve_metric(store, name) == METRIC.Revenues


def test_png_is_a_picture(corpus_store: CorpusStore, tmp_path: Path) -> None:
    store, _ = corpus_store
    path = plot_metric(store, "Revenues", tmp_path / "charts" / "revenues.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height, width, _ = imread(path).shape
    assert width > height > 300


def test_svg_names_the_metric_its_unit_its_periods_and_its_bases(
    corpus_store: CorpusStore, tmp_path: Path
) -> None:
    store, _ = corpus_store
    texts = _svg_texts(plot_metric(store, "Revenues", tmp_path / "revenues.svg"))
    assert "Revenues — Internet Initiative Japan" in texts
    assert "JPY billion" in texts
    periods = list(dict.fromkeys(period for period, *_ in _expected_revenues()))
    # each period is a tick label; within a kind of period they appear in time order
    ticks = [text for text in texts if text in periods]
    assert sorted(set(ticks)) == sorted(periods)
    assert [t for t in ticks if " Q" in t] == [p for p in periods if " Q" in p]
    assert {"actual", "guidance range", "target"} <= set(texts)
    # actual values are written next to their points (JPY billion, three digits)
    assert {"9.53", "10.6", "11.6", "97.3"} <= set(texts)


def test_segment_and_basis_narrow_the_chart(corpus_store: CorpusStore, tmp_path: Path) -> None:
    store, _ = corpus_store
    points = metric_series(store, "Revenues", segment="systems integration", bases=["actual"])
    assert [(p.segment, p.period, p.value) for p in points] == [
        ("Systems integration", "FY2001 Q2", Decimal("3352363000")),
        ("Systems integration", "FY2002 Q1", Decimal("3329058000")),
        ("Systems integration", "FY2002 Q2", Decimal("3094000000")),
        ("Systems integration", "FY2012 H1", Decimal("17127000000")),
    ]
    texts = _svg_texts(
        plot_metric(store, "Revenues", tmp_path / "si.svg", segment="Systems integration")
    )
    # the title may wrap onto two lines of text
    assert "Revenues: Systems integration — Internet Initiative Japan" in " ".join(texts)
    assert {"FY2002 Q2", "FY2012 H1"} <= set(texts)


@pytest.mark.parametrize(
    ("metric", "options", "message"),
    [
        pytest.param(
            "Revenuez", {}, "no metric named 'Revenuez' in the store; did you mean", id="typo"
        ),
        pytest.param(
            "RestrictedCashNoncurrent",
            {},
            "no metric named 'RestrictedCashNoncurrent'",
            id="unknown",
        ),
        pytest.param(
            "Revenues",
            {"segment": "Shipbuilding"},
            "Revenues has no values for segment 'Shipbuilding'; available: ",
            id="unknown-segment",
        ),
        pytest.param(
            "Revenues",
            {"bases": ["Plan"]},
            "Revenues has no values with basis Plan; has: Actual, GuidanceHigh, GuidanceLow,"
            " Target",
            id="absent-basis",
        ),
    ],
)
def test_bad_requests_give_a_clear_error(
    corpus_store: CorpusStore, tmp_path: Path, metric: str, options: dict[str, object], message: str
) -> None:
    store, _ = corpus_store
    with pytest.raises(ChartError) as caught:
        plot_metric(store, metric, tmp_path / "x.png", **options)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    assert not (tmp_path / "x.png").exists()


def test_a_metric_with_no_data_is_an_error(tmp_path: Path) -> None:
    with EmbeddedStore(None) as store:
        load_ontology(store)  # the metric is declared, but no document states it
        with pytest.raises(ChartError, match=r"^no values of metric Revenues in the store$"):
            plot_metric(store, "total revenues", tmp_path / "none.svg")
    assert not (tmp_path / "none.svg").exists()


def test_only_png_and_svg(corpus_store: CorpusStore, tmp_path: Path) -> None:
    store, _ = corpus_store
    with pytest.raises(ChartError, match=r"r\.jpg: charts are written as \.png or \.svg"):
        plot_metric(store, "Revenues", tmp_path / "r.jpg")
