"""Recall rules of the loaders, each shown on invented text of a made-up company.

Section headings that name a business ("Drone Delivery Business", the issuer's brand "OCE
NEXUS", "Edge Hosting (2) Cost of Revenues"), cash-flow section headings, "(net)" labels, month
periods ("End of Sep. 2024", "as of Sep. 2024"), chart figures under a units line ("FY23:
31,250" below "Unit: JPY million"), and a statement value held back by a failed "% of total"
check that the table's own sum proves.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from finkg.loaders.blocks import split_blocks
from finkg.loaders.document import read_document
from finkg.loaders.periods import FiscalCalendar, find_periods
from finkg.loaders.text import Line

HEAD = """Orbital Cloud Exchange Inc. (NASDAQ: ORBX)

November 8, 2024

Orbital Cloud Exchange Announces Results of the 2nd Quarter Ended September 30, 2024

Orbital's fiscal year ends on March 31.
"""

RELEASE = (
    HEAD
    + """
## Drone Delivery Business

- FY23: Annual revenue of JPY2.4 billion
- 1H24 revenue: JPY1.5 billion

## Figures of OCE NEXUS

- 1H24 revenue: approx. JPY3.2 billion (more than twice of 1H23)
- Monthly revenue: JPY0.6 billion as of Sep. 2024
- Monthly revenue: JPY0.7 billion
- Number of projects approx. 1,200, number of clients: approx. 640 (approx. twice of 1H23)

## Consolidated Cash Flows

### Operating Activities:

#### 1H24 Operating Activities:

- Depreciation and amortization JPY2,150 million
- Payments for income taxes: JPY870 million etc.

#### 1H24 Financing Activities:

- Repayment for bank borrowings (net): JPY410 million

### ◆ OC Shareholders' equity ratio

- End of Sep. 2024: 41.5%
- End of Jun. 2024: 40.9%

## II-4. Edge Hosting (2) Cost of Revenues

Unit: JPY million

**FY23: 31,250**

## Connectivity

- Number of contracts for over 10Gbps as of Sep. 30, 2024: 215 contracts (180 contracts as \
of Sep. 30, 2023)
"""
)

STATEMENT = (
    HEAD
    + """
CONSOLIDATED STATEMENTS OF OPERATIONS

For the Three Months Ended Sept 30, 2024 and Jun 30, 2024

(Expressed in Thousands of Japanese Yen (JPY))

| | Sept 30, 2024 | | Jun 30, 2024 | |
|---|---|---|---|---|
| | JPY | % of Total Revenues | JPY | % of Total Revenues |
| Revenues: | | | | |
| Cloud hosting | 600,000 | 60.0% | 550,000 | 61.1% |
| Others | 100,000 | 10.0 | 100,000 | 11.1 |
| Total cloud services | {subtotal} | 17.0 | 650,000 | 72.2 |
| Systems integration revenues | 200,000 | 20.0 | 150,000 | 16.7 |
| Equipment sales | 100,000 | 10.0 | 100,000 | 11.1 |
| Total revenues | 1,000,000 | 100.0 | 900,000 | 100.0 |
"""
)

Row = tuple[str, str | None, str, Decimal, str]


def _rows(path: Path) -> set[Row]:
    facts = read_document(path)
    return {(o.metric, o.segment, o.period.label, o.value, o.basis) for o in facts.observations}


@pytest.fixture(scope="module")
def release_rows(tmp_path_factory: pytest.TempPathFactory) -> set[Row]:
    path = tmp_path_factory.mktemp("recall") / "orbital_2q24.txt"
    path.write_text(RELEASE, encoding="utf-8")
    return _rows(path)


def test_release_reads_exactly_these_facts(release_rows: set[Row]) -> None:
    """Every rule at once; anything read beyond these (a company-wide "180 contracts", a
    monthly figure put on the quarter) would be a wrong fact."""
    assert release_rows == {
        ("Revenues", "Drone Delivery Business", "FY2023", Decimal("2400000000"), "Actual"),
        ("Revenues", "Drone Delivery Business", "FY2024 H1", Decimal("1500000000"), "Actual"),
        ("Revenues", "OCE NEXUS", "FY2024 H1", Decimal("3200000000"), "Actual"),
        ("Revenues", "OCE NEXUS", "FY2024 M6", Decimal("600000000"), "Actual"),
        ("NumberOfProjects", "OCE NEXUS", "2024-09-30", Decimal("1200"), "Actual"),
        ("NumberOfClients", "OCE NEXUS", "2024-09-30", Decimal("640"), "Actual"),
        (
            "DepreciationDepletionAndAmortization",
            None,
            "FY2024 H1",
            Decimal("2150000000"),
            "Actual",
        ),
        ("IncomeTaxesPaid", None, "FY2024 H1", Decimal("-870000000"), "Actual"),
        (
            "ProceedsFromRepaymentsOfBankBorrowings",
            None,
            "FY2024 H1",
            Decimal("-410000000"),
            "Actual",
        ),
        ("ShareholdersEquityRatio", None, "2024-09-30", Decimal("41.5"), "Actual"),
        ("ShareholdersEquityRatio", None, "2024-06-30", Decimal("40.9"), "Actual"),
        ("CostOfRevenue", "Edge Hosting", "FY2023", Decimal("31250000000"), "Actual"),
    }


@pytest.mark.parametrize(
    ("subtotal", "expected"),
    [
        pytest.param(
            "700,000",
            {
                ("Revenues", "Total cloud services", "FY2024 Q2", Decimal("700000000"), "Actual"),
                ("Revenues", "Systems integration", "FY2024 Q2", Decimal("200000000"), "Actual"),
                ("Revenues", "Equipment sales", "FY2024 Q2", Decimal("100000000"), "Actual"),
            },
            id="held-subtotal-proved-by-the-sum",
        ),
        pytest.param("790,000", set(), id="garbled-subtotal-proves-nothing"),
    ],
)
def test_statement_sum_proves_a_held_value(
    tmp_path: Path, subtotal: str, expected: set[Row]
) -> None:
    """A subtotal whose "% of total" is garbled (17.0 for 70%) is taken when it, the rows
    below it and the grand total add up; a garbled subtotal keeps them all out."""
    path = tmp_path / "orbital_statement.txt"
    path.write_text(STATEMENT.format(subtotal=subtotal), encoding="utf-8")
    always = {
        ("Revenues", "Cloud hosting", "FY2024 Q2", Decimal("600000000"), "Actual"),
        ("Revenues", "Cloud hosting", "FY2024 Q1", Decimal("550000000"), "Actual"),
        ("Revenues", "Other Total cloud services", "FY2024 Q2", Decimal("100000000"), "Actual"),
        ("Revenues", "Other Total cloud services", "FY2024 Q1", Decimal("100000000"), "Actual"),
        ("Revenues", "Total cloud services", "FY2024 Q1", Decimal("650000000"), "Actual"),
        ("Revenues", "Systems integration", "FY2024 Q1", Decimal("150000000"), "Actual"),
        ("Revenues", "Equipment sales", "FY2024 Q1", Decimal("100000000"), "Actual"),
        ("Revenues", None, "FY2024 Q2", Decimal("1000000000"), "Actual"),
        ("Revenues", None, "FY2024 Q1", Decimal("900000000"), "Actual"),
    }
    assert _rows(path) == always | expected


ASIDES = (
    HEAD
    + """

## Profitability

- Operating margin declined to 8.2%, from 10.5% in 2Q23 and 9.8% in 1Q24
- Net sales rose to JPY5.1 billion from JPY4.0 billion in FY2023

## Drone Delivery Business

- Gross margin: JPY150 million (gross loss of JPY40 million in 2Q23)

## OCE NEXUS

- 1H24 revenue: JPY2.0 billion

## Business developments of OC NEXUS

- 2Q24 revenue: JPY1.1 billion (1Q24: JPY0.9 billion)
- Approx. 120 clients with monthly revenue of approx. JPY0.4 million as of Sep. 2024

## Overseas OC NEXUS developments

- expect FY24 revenue to be around JPY0.3 billion

## Costs

Table 1. Number of Contracts

Cost of total revenues was JPY9,411 million in 2Q24.
"""
)


def test_comparisons_asides_and_later_headings(tmp_path: Path) -> None:
    """ "to 8.2%, from 10.5% in 2Q23 and 9.8% in 1Q24" compares quarters: 8.2% is the current
    one; "to JPY5.1 billion from JPY4.0 billion in FY2023" compares with a year, so 5.1 is of
    no stated period. A loss in brackets after a gross margin is the aside of that margin's
    business, not the company's; revenue "with" clients describes them; a brand printed with
    its initials cut short ("OC NEXUS") is the brand named before; a later heading about
    something else ("Overseas OC NEXUS developments") ends the brand's section; a table
    title ("Table 1. Number of Contracts") names no business."""
    path = tmp_path / "orbital_asides.txt"
    path.write_text(ASIDES, encoding="utf-8")
    assert _rows(path) == {
        ("OperatingMarginRatio", None, "FY2024 Q2", Decimal("8.2"), "Actual"),
        ("OperatingMarginRatio", None, "FY2023 Q2", Decimal("10.5"), "Actual"),
        ("OperatingMarginRatio", None, "FY2024 Q1", Decimal("9.8"), "Actual"),
        ("Revenues", None, "FY2023", Decimal("4000000000"), "Actual"),
        ("GrossProfit", "Drone Delivery Business", "FY2024 Q2", Decimal("150000000"), "Actual"),
        ("Revenues", "OCE NEXUS", "FY2024 H1", Decimal("2000000000"), "Actual"),
        ("Revenues", "OCE NEXUS", "FY2024 Q2", Decimal("1100000000"), "Actual"),
        ("Revenues", "OCE NEXUS", "FY2024 Q1", Decimal("900000000"), "Actual"),
        ("CostOfRevenue", None, "FY2024 Q2", Decimal("9411000000"), "Actual"),
    }


CONTRACTS = (
    HEAD
    + """
Table 1. Number of Contracts

| | Sept 30, 2024 | Jun 30, 2024 |
|---|---|---|
| | 1 | |
| Home plans | 84,432 | 86,297 |
| Others | 309,950 | 232,330 |
| Total Home Access Services Contracts | 394,382 | 318,627 |
"""
)


def test_others_above_a_total_are_the_other_part_of_it(tmp_path: Path) -> None:
    """ "Others" right above "Total Home Access Services" are the other home access services,
    even when a stray row ("| | 1 |") keeps the table's parts from being summed."""
    path = tmp_path / "orbital_contracts.txt"
    path.write_text(CONTRACTS, encoding="utf-8")
    home, other = "Home Access Services", "Other Home Access Services"
    assert {(m, s, p, v) for m, s, p, v, _ in _rows(path)} == {
        ("NumberOfContracts", "Home plans", "2024-09-30", Decimal("84432")),
        ("NumberOfContracts", "Home plans", "2024-06-30", Decimal("86297")),
        ("NumberOfContracts", other, "2024-09-30", Decimal("309950")),
        ("NumberOfContracts", other, "2024-06-30", Decimal("232330")),
        ("NumberOfContracts", home, "2024-09-30", Decimal("394382")),
        ("NumberOfContracts", home, "2024-06-30", Decimal("318627")),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "End of Sep. 2012: 45.4%", [("2012-09-30", "End of Sep. 2012")], id="month-end"
        ),
        pytest.param(
            "Hired 75 in Apr. 2012 (Apr. 2011: 44)",
            [("FY2012 M1", "Apr. 2012"), ("FY2011 M1", "Apr. 2011")],
            id="months",
        ),
        pytest.param("567 ATMs placed as of mid-Nov. 2012", [], id="mid-month-is-no-period"),
        pytest.param("the company may 2012 revise", [], id="may-the-verb"),
    ],
)
def test_month_periods(text: str, expected: list[tuple[str, str]]) -> None:
    march = FiscalCalendar(3, 31, "start")
    assert [(m.period.label, m.text) for m in find_periods(text, march)] == expected


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        pytest.param("FY11: 49,985", ["paragraph"], id="a-figure-is-no-heading"),
        pytest.param("Consolidated Cash Flows", ["heading"], id="a-title-is-a-heading"),
        pytest.param("Results for Q3 2024", ["heading"], id="a-year-is-no-figure"),
    ],
)
def test_a_line_ending_in_an_amount_is_no_heading(text: str, kinds: list[str]) -> None:
    assert [block.kind for block in split_blocks([Line(1, text, text)])] == kinds
