"""Tests for customers, services, ties and events read from prose (finkg.loaders.business)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from finkg.loaders.blocks import split_blocks
from finkg.loaders.business import BusinessContext, BusinessFacts, read_business
from finkg.loaders.cues import compile_cue, load_cues
from finkg.loaders.entities import Stake
from finkg.loaders.facts import SourceSpan
from finkg.loaders.periods import FiscalCalendar
from finkg.loaders.text import Line, clean_line

ISSUER = "Kestrel Foods plc"
CALENDAR = FiscalCalendar(3, 31, "start")


def read(text: str, stakes: tuple[Stake, ...] = ()) -> BusinessFacts:
    lines = [Line(n, raw, clean_line(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
    context = BusinessContext(
        "k.txt",
        ISSUER,
        ("Kestrel",),
        CALENDAR,
        date(2024, 11, 12),
        stakes,
        {"fs": "Food Service"},
    )
    return read_business(lines, split_blocks(lines), context)


# --- customers -----------------------------------------------------------------------------------


def test_a_key_customers_list_with_industries_supplier_line_and_period() -> None:
    found = read(
        "Key customers in Kestrel's FS business in the first half of fiscal year 2024 include "
        "Bolt Bank Inc. (finance), Orca Trading Corporation (retail), Pike Mobile Inc., "
        "(telecom), Tarn Motor Corporation and Wren (leisure)."
    )
    rows = [
        (c.supplier, c.customer, c.industry, c.business_line, c.period and c.period.label)
        for c in found.customers
    ]
    assert rows == [
        (ISSUER, "Bolt Bank Inc.", "finance", "Food Service", "FY2024 H1"),
        (ISSUER, "Orca Trading Corporation", "retail", "Food Service", "FY2024 H1"),
        (ISSUER, "Pike Mobile Inc.", "telecom", "Food Service", "FY2024 H1"),
        (ISSUER, "Tarn Motor Corporation", None, "Food Service", "FY2024 H1"),
        (ISSUER, "Wren", "leisure", "Food Service", "FY2024 H1"),
    ]


def test_the_first_customer_of_a_service_the_same_line_launches() -> None:
    found = read(
        "In 2Q24, Kestrel launched PIE CLOUD, a bakery platform. As the first customer of the "
        "new service, Orca Trading has already opened its shop."
    )
    assert [(c.customer, c.business_line, c.line_is_service) for c in found.customers] == [
        ("Orca Trading", "PIE CLOUD", True)
    ]


def test_customers_in_general_are_not_a_list() -> None:
    assert read("Our customers include large enterprises and public bodies.").customers == []


# --- services ------------------------------------------------------------------------------------


def test_revenue_recognition_and_launch_dates() -> None:
    found = read(
        'Kestrel started a service called "Kestrel Pantry," which launched in March 2024. '
        'Revenues from Kestrel Pantry are recognized as "Retail" and \'Food service" in '
        "Kestrel's financial statements."
    )
    rows = [
        (s.provider, s.name, s.segments, s.launched and s.launched.iso()) for s in found.services
    ]
    assert rows == [
        (ISSUER, "Kestrel Pantry", (), "2024-03"),
        (ISSUER, "Kestrel Pantry", ("Retail", "Food service"), None),
    ]


def test_revenues_of_a_subsidiary_are_not_a_service() -> None:
    stake = Stake(ISSUER, "Tarn Media", Decimal("60"), "ConsolidatedSubsidiary", None,
                  SourceSpan("k.txt", 1, "x"), owned_aliases=("TM",))  # fmt: skip
    found = read("Revenues from TM are recognized as \"Retail\" in Kestrel's financial statements.",
                 (stake,))  # fmt: skip
    assert found.services == []


def test_a_share_of_revenues_recognized_in_two_lines() -> None:
    found = read(
        "Approx. 70% of Kestrel Larder total revenues are recognized in food service revenue "
        "and the rest is recognized in retail revenue"
    )
    assert [(s.name, s.segments) for s in found.services] == [
        ("Kestrel Larder", ("Food service", "Retail"))
    ]


# --- ties and events -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        pytest.param("Its oven will be supplied to Tarn Stores Ltd. on an OEM basis.",
                     ("OEM supply", (ISSUER, "Tarn Stores Ltd.")), id="oem-issuer-default"),
        pytest.param("Orca Trading Corporation (\"Orca\") entered a tie-up with Wren Logistics.",
                     ("alliance", ("Orca Trading Corporation", "Wren Logistics")), id="subject"),
        pytest.param("Pike Mobile is a joint venture of the Bolt Group and Wren Holdings.",
                     ("joint venture", ("Bolt Group", "Wren Holdings")), id="two-parties"),
        pytest.param("Kestrel is in intensive discussions with Tarn Foods, Inc., a 30.5% "
                     "affiliate of Bolt, about a possible business integration.",
                     ("integration talks", (ISSUER, "Tarn Foods, Inc.")), id="gap-with-number"),
    ],
)  # fmt: skip
def test_ties(text: str, wanted: tuple[str, tuple[str, ...]]) -> None:
    assert [(t.label, t.partners) for t in read(text).ties] == [wanted]


def test_an_alliance_with_unnamed_partners_is_no_tie() -> None:
    assert read("Through its alliance with regional bakeries, Kestrel grew.").ties == []


def test_events_in_prose_and_in_a_group_table_row() -> None:
    row = "\t Tarn Media\t60%\tRuns a cookery channel. (Est. 2007) (Joined Kestrel group in 2019)"
    business = clean_line(row).split("\t")[-1]
    stake = Stake(ISSUER, "Tarn Media", Decimal("60"), "ConsolidatedSubsidiary", None,
                  SourceSpan("k.txt", 3, row), business=business)  # fmt: skip
    found = read(
        "Kestrel conducted a 1:10 stock split on July 1, 2024.\n\n"
        + row
        + "\n\nCo-working with Wren Labs, acquired in May 2023, grew.",
        (stake,),
    )
    rows = [(e.label, e.when and e.when.iso(), e.involves, e.source.line) for e in found.events]
    assert rows == [
        ("stock split", "2024-07-01", (ISSUER,), 1),
        ("acquisition", "2019", (ISSUER, "Tarn Media"), 3),
        ("establishment", "2007", ("Tarn Media",), 3),
        ("acquisition", "2023-05", (ISSUER, "Wren Labs"), 5),
    ]


def test_every_cue_phrase_of_the_ontology_compiles_and_names_its_kind() -> None:
    cues = load_cues()
    assert {(c.scheme, c.label) for c in cues} == {
        ("tie", "OEM supply"), ("tie", "joint venture"), ("tie", "alliance"),
        ("tie", "integration talks"), ("tie", "network interconnect"),
        ("event", "acquisition"), ("event", "establishment"), ("event", "stock split"),
        ("event", "launch"), ("event", "opening"),
    }  # fmt: skip
    assert compile_cue("Est. {date}").search("(Est. 1996)")["date"] == "1996"  # type: ignore[index]
