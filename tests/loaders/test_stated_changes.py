"""Stated changes ("an increase of 12.5% compared to 2Q23", "YOY Chg %" columns): read from
prose and tables, written as fkg:StatedChange, and checked by shapes/change.shapes.ttl."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyshacl
import pytest
from finkg.loaders.document import read_document
from rdflib import RDF, SH, Graph

from finkg import resources
from finkg.graph import document_graph
from finkg.vocab import FKG

DATA = Path(__file__).resolve().parents[1] / "data"

RELEASE = """Acme Widgets Inc. (NASDAQ: ACME)

November 12, 2024

Acme Widgets Announces Results of the 2nd Quarter Ended September 30, 2024

Acme's fiscal year ends on March 31.

Revenues in 2Q24 totaled JPY1,250 million, an increase of 12.5% compared to 2Q23, and a decrease \
of 2.1% compared to 1Q24.

Operating loss was JPY40 million in 2Q24, an improvement of 20.0% compared to 1Q24.

Gross margin ratio was 20.0% in 2Q24, up 1.2% from 1Q24.

ACME WIDGETS INC. CONSOLIDATED STATEMENTS OF OPERATIONS

For the Three Months Ended Sept 30, 2024, Sept 30, 2023 and Jun 30, 2024

(Expressed in Thousands of Japanese Yen (JPY))

| | Sept 30, 2024 | Sept 30, 2023 | | Jun 30, 2024 | |
|---|---|---|---|---|---|
| | JPY | JPY | YOY Chg % | JPY | QOQ Chg % |
| Total revenues | 1,250,400 | 1,111,200 | 12.5 | 1,277,300 | (2.1) |
| Cost of revenues | 1,000,100 | 900,200 | 11.1 | 1,020,000 | (2.0) |
"""


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("changes") / "acme_2q24.txt"
    path.write_text(RELEASE, encoding="utf-8")
    return path


def test_changes_read_from_prose_and_table(release: Path) -> None:
    facts = read_document(release)
    got = sorted(
        (
            change.metric,
            change.period.label,
            change.comparison,
            change.value,
            change.decimals,
            tuple(sorted(span.line for span in change.sources)),
        )
        for change in facts.changes
    )
    # the operating loss's "improvement" (a change of a negative amount) and the ratio's "up
    # 1.2%" (points or percent?) are left alone
    assert got == [
        ("CostOfRevenue", "FY2024 Q2", "QoQ", Decimal("-2.0"), 1, (25,)),
        ("CostOfRevenue", "FY2024 Q2", "YoY", Decimal("11.1"), 1, (25,)),
        ("Revenues", "FY2024 Q2", "QoQ", Decimal("-2.1"), 1, (9, 24)),
        ("Revenues", "FY2024 Q2", "YoY", Decimal("12.5"), 1, (9, 24)),
    ]


def test_changes_are_not_observations(release: Path) -> None:
    """A change never becomes an amount: no observation carries a changed percentage."""
    facts = read_document(release)
    assert {(o.metric, o.unit) for o in facts.observations if o.unit == "percent"} == {
        ("GrossMarginRatio", "percent")
    }
    graph = document_graph(facts)
    changes = set(graph.subjects(RDF.type, FKG.StatedChange))
    assert len(changes) == len(facts.changes)
    assert {graph.value(node, FKG.comparison) for node in changes} == {
        FKG.QuarterOverQuarter,
        FKG.YearOverYear,
    }


def _validate(data: Graph) -> tuple[bool, set[str]]:
    union = Graph()
    union += resources.ontology_graph()
    union += data
    conforms, report, _ = pyshacl.validate(union, shacl_graph=resources.shapes_graph())
    assert isinstance(report, Graph)
    shapes = {
        str(shape).rsplit("/", 1)[-1]
        for result in report.objects(None, SH.result)
        for shape in report.objects(result, SH.sourceShape)
    }
    return bool(conforms), shapes


def test_written_changes_conform(release: Path) -> None:
    assert _validate(document_graph(read_document(release))) == (True, set())


@pytest.mark.parametrize(
    ("name", "shapes"),
    [
        pytest.param("change-of-unknown-metric", {"StatedChange-changeOf"}, id="unknown-metric"),
        pytest.param("change-period-is-instant", {"StatedChange-refPeriod"}, id="instant"),
        pytest.param("change-unit-is-currency", {"StatedChange-unitMeasure"}, id="currency"),
        pytest.param("change-value-as-string", {"StatedChange-obsValue"}, id="string-value"),
        pytest.param("change-without-comparison", {"StatedChange-comparison"}, id="no-comparison"),
        pytest.param(
            "change-without-source",
            {"StatedChange-wasDerivedFrom", "StatedChange-hadPrimarySource"},
            id="no-source",
        ),
    ],
)
def test_invalid_changes_fail_on_their_shape(name: str, shapes: set[str]) -> None:
    data = Graph().parse(DATA / "invalid" / f"{name}.ttl")
    assert _validate(data) == (False, shapes)


def test_valid_changes_conform() -> None:
    data = Graph().parse(DATA / "valid" / "stated-changes-2q02.ttl")
    assert _validate(data) == (True, set())
