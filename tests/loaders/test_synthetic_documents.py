"""Releases of other companies, written for these tests: the loaders are not tuned to IIJ.

Northwind: a December year end, USD in millions, a two-row "Three Months Ended September 30," /
"2024 | 2023" header, "Net sales", guidance. Kestrel: EUR, a tab table, losses in parentheses,
a day-month-year dateline. Each document's observations must be exactly the hand-written ones.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from finkg.loaders.document import read_document
from finkg.loaders.facts import segment_key

DATA = Path(__file__).resolve().parents[1] / "data" / "synthetic"

Fact = tuple[str, str | None, str, Decimal, str, int, str]


def expected(document: str) -> set[Fact]:
    with (DATA / "expected.csv").open(encoding="utf-8") as handle:
        return {
            (
                row["metric"],
                segment_key(row["segment"] or None),
                row["period"],
                Decimal(row["value"]),
                row["unit"],
                int(row["decimals"]),
                row["basis"],
            )
            for row in csv.DictReader(handle)
            if row["document"] == document
        }


@pytest.mark.parametrize(
    ("document", "issuer", "ticker"),
    [
        pytest.param(
            "northwind_q3_2024.txt",
            "Northwind Robotics Corporation",
            "NWRB",
            id="northwind-usd-december",
        ),
        pytest.param("kestrel_fy2024.txt", "Kestrel Foods plc", "KSTL", id="kestrel-eur-annual"),
    ],
)
def test_other_companies_load_exactly(document: str, issuer: str, ticker: str) -> None:
    facts = read_document(DATA / document)
    assert facts.info.issuer == issuer
    assert [listing.ticker for listing in facts.info.listings] == [ticker]
    found = {
        (o.metric, segment_key(o.segment), o.period.label, o.value, o.unit, o.decimals, o.basis)
        for o in facts.observations
    }
    assert found == expected(document)
    assert all(o.sources and o.sources[0].document == document for o in facts.observations)


def test_every_unmapped_number_has_a_reason() -> None:
    facts = read_document(DATA / "kestrel_fy2024.txt")
    people = [d for d in facts.diagnostics if "3,412" in d.reason]
    assert people and people[0].line == 19
