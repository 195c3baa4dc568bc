"""Tests for stakes and people's roles (finkg.loaders.entities)."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from finkg.loaders.blocks import split_blocks
from finkg.loaders.document import read_document
from finkg.loaders.entities import PersonRole, Stake, read_relations
from finkg.loaders.facts import Diagnostic
from finkg.loaders.text import Line, clean_line, read_lines

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
DATA = Path(__file__).resolve().parents[1] / "data" / "relations"
GROUP_DECK = "004_89bdcf76a8970a4d.txt"
PRESS_RELEASE = "001_db6793c7b74d69e5.txt"
ISSUER = "Kestrel Foods plc"


def read(
    text: str, issuer: str | None = ISSUER, as_of: date | None = date(2025, 3, 14)
) -> tuple[list[Stake], list[PersonRole], list[Diagnostic]]:
    lines = [Line(n, raw, clean_line(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
    return read_relations(lines, split_blocks(lines), document="k.txt", issuer=issuer, as_of=as_of)


def rows(stakes: list[Stake]) -> list[tuple[str, str, str | None, str, str | None, int]]:
    return [
        (
            s.owner,
            s.owned,
            None if s.percent is None else str(s.percent),
            s.kind,
            s.as_of.isoformat() if s.as_of else None,
            s.source.line,
        )
        for s in stakes
    ]


# --- group-company tables -----------------------------------------------------------------------

PIPE_TABLE = """\
# Group companies

(As of March 31, 2025)

| | Company | Ownership | Business |
|---|---|---|---|
| Consolidated Subsidiaries | Kestrel Dairy Ltd. | 100% | Milk and cheese |
| | Kestrel Logistics | | Freight |
| | Moorland Bakeries | n/a | Bread |
| Equity Method Investees | Harbour Mills Corp. | 35.5% | Flour |
"""


def test_a_pipe_group_table_gives_one_stake_per_company() -> None:
    stakes, people, notes = read(PIPE_TABLE)
    assert rows(stakes) == [
        (ISSUER, "Kestrel Dairy Ltd.", "100", "ConsolidatedSubsidiary", "2025-03-31", 7),
        (ISSUER, "Kestrel Logistics", None, "ConsolidatedSubsidiary", "2025-03-31", 8),
        (ISSUER, "Moorland Bakeries", None, "ConsolidatedSubsidiary", "2025-03-31", 9),
        (ISSUER, "Harbour Mills Corp.", "35.5", "EquityMethodInvestee", "2025-03-31", 10),
    ]
    assert [s.business for s in stakes] == ["Milk and cheese", "Freight", "Bread", "Flour"]
    assert people == []
    # a blank cell stays unknown quietly; an unreadable one is reported, never guessed
    assert [(n.line, n.severity) for n in notes] == [(9, "warning")]
    assert "n/a" in notes[0].reason


def test_a_tab_table_with_group_rows_of_their_own_and_no_as_of_line() -> None:
    text = (
        "Company name\tShare\nSubsidiaries\t\nKestrel Dairy\t51%\nAffiliates\t\nFenland Oats\t20%\n"
    )
    stakes, _, _ = read(text)
    assert rows(stakes) == [
        (ISSUER, "Kestrel Dairy", "51", "ConsolidatedSubsidiary", "2025-03-14", 3),
        (ISSUER, "Fenland Oats", "20", "Affiliate", "2025-03-14", 5),
    ]


def test_a_financial_table_is_not_a_group_table() -> None:
    text = (
        "| | 2Q02 | 1Q02 |\n"
        "| Minority interests in consolidated subsidiaries | 190 | 518 |\n"
        "| Equity in net loss of equity method investees | (12) | (15) |\n"
    )
    assert read(text) == ([], [], [])


def test_without_an_issuer_a_group_table_is_reported_not_owned_by_anyone() -> None:
    stakes, _, notes = read(PIPE_TABLE, issuer=None)
    assert stakes == []
    assert [n.severity for n in notes] == ["warning"]


# --- shareholders ---------------------------------------------------------------------------------


def test_a_shareholders_line_gives_shareholdings_in_the_issuer() -> None:
    text = (
        "Major shareholders: Fenland Capital Ltd. (12.5%), Ada Kestrel (8%)"
        " and Harbour Bank (3.25%)"
    )
    stakes, _, _ = read(text)
    assert rows(stakes) == [
        ("Fenland Capital Ltd.", ISSUER, "12.5", "Shareholding", "2025-03-14", 1),
        ("Ada Kestrel", ISSUER, "8", "Shareholding", "2025-03-14", 1),
        ("Harbour Bank", ISSUER, "3.25", "Shareholding", "2025-03-14", 1),
    ]
    assert [s.owner_is_person for s in stakes] == [False, True, False]


def test_a_shareholders_row_under_a_dated_heading_takes_its_date() -> None:
    text = "Company Profile (as of Feb. 2025)\t\nFounded\t1921\nLarge Shareholders\tACME (40%)\n"
    stakes, _, _ = read(text)
    assert rows(stakes) == [("ACME", ISSUER, "40", "Shareholding", "2025-02-28", 3)]


# --- prose ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected", "aliases"),
    [
        pytest.param(
            'Kestrel Dairy Ltd. ("KD"), the Company\'s 50.1% owned subsidiary, opened a plant.',
            (ISSUER, "Kestrel Dairy Ltd.", "50.1", "ConsolidatedSubsidiary"),
            ((), ("KD",)),
            id="company-owned-subsidiary",
        ),
        pytest.param(
            "Fenland Oats, a 26.7% owned affiliate, grew.",
            (ISSUER, "Fenland Oats", "26.7", "Affiliate"),
            ((), ()),
            id="owned-affiliate",
        ),
        pytest.param(
            "We talk with Moorland Mills, Inc., a 32.06% affiliate of Harbour Power Company"
            " (HPC), about a merger.",
            ("Harbour Power Company", "Moorland Mills, Inc.", "32.06", "Affiliate"),
            (("HPC",), ()),
            id="affiliate-of-another-company",
        ),
        pytest.param(
            "Tarn Foods is a 60% subsidiary of KF.",
            (ISSUER, "Tarn Foods", "60", "ConsolidatedSubsidiary"),
            ((), ()),
            id="subsidiary-of-the-issuer-by-its-initials",
        ),
    ],
)
def test_stakes_in_prose(
    sentence: str, expected: tuple[str, str, str, str], aliases: tuple[tuple[str, ...], ...]
) -> None:
    stakes, _, _ = read(sentence)
    assert [(s.owner, s.owned, str(s.percent), s.kind) for s in stakes] == [expected]
    assert (stakes[0].owner_aliases, stakes[0].owned_aliases) == aliases


def test_a_bare_percentage_takes_the_company_from_its_heading() -> None:
    text = "### < Tarn Foods >\n\n- 79.5% subsidiary\n- Established in 2007\n"
    stakes, _, _ = read(text)
    assert rows(stakes) == [
        (ISSUER, "Tarn Foods", "79.5", "ConsolidatedSubsidiary", "2025-03-14", 3)
    ]


def test_equity_income_names_equity_method_investees_without_a_percentage() -> None:
    text = "- Equity in net income of Harbour Mills, Inc. and Fenland Oats Co.\n"
    stakes, _, _ = read(text)
    assert rows(stakes) == [
        (ISSUER, "Harbour Mills, Inc.", None, "EquityMethodInvestee", "2025-03-14", 1),
        (ISSUER, "Fenland Oats Co.", None, "EquityMethodInvestee", "2025-03-14", 1),
    ]
    # lower-case "equity method investees" is a line item, not a company
    assert read("Equity in net loss of equity method investees rose.")[0] == []


def test_a_stake_stated_with_a_percentage_makes_a_bare_mention_redundant() -> None:
    text = (
        "Fenland Oats, a 20% equity-method affiliate, grew.\n\n"
        "Equity in net income of Fenland Oats."
    )
    assert rows(read(text)[0]) == [
        (ISSUER, "Fenland Oats", "20", "EquityMethodInvestee", "2025-03-14", 1)
    ]


# --- people ---------------------------------------------------------------------------------------


def test_people_with_roles_resolve_the_issuer_short_name() -> None:
    text = (
        '"Sales grew," said Ada Kestrel, Chief Executive Officer of KF. "We are glad."\n\n'
        "Tom Reed, CFO of Harbour Mills Corp., said the deal closed.\n\n"
        "For inquiries please contact: Jo Marsh KF Investor Relations Office ir@kf.example\n\n"
        "Sales, said Bob, rose of Kestrel.\n"
    )
    _, people, _ = read(text)
    assert [(p.person, p.role, p.organization, p.source.line) for p in people] == [
        ("Ada Kestrel", "Chief Executive Officer", ISSUER, 1),
        ("Tom Reed", "CFO", "Harbour Mills Corp.", 3),
        ("Jo Marsh", "Investor Relations Office", ISSUER, 5),
    ]


def test_an_abbreviation_the_document_defines_names_the_issuer() -> None:
    text = 'Kestrel Foods plc (LSE: KSTL) ("Kestrel") reports.\n\nsaid Ada Byron, CEO of Kestrel.'
    assert [p.organization for p in read(text)[1]] == [ISSUER]
    assert [p.organization for p in read("said Ada Byron, CEO of Kestrel.")[1]] == ["Kestrel"]


def test_a_shareholder_named_with_a_role_is_a_person() -> None:
    # "Power" reads as a company word; the role the document gives her says otherwise
    assert [s.owner_is_person for s in read("Large shareholders: Grace Power (9%)")[0]] == [False]
    text = "said Grace Power, President of KF.\n\nLarge shareholders: Grace Power (9%)"
    stakes, _, _ = read(text)
    assert [s.owner_is_person for s in stakes] == [True]


# --- the corpus -----------------------------------------------------------------------------------


@cache
def corpus_relations(name: str) -> tuple[list[Stake], list[PersonRole], list[Diagnostic]]:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is not here")
    info = read_document(path).info
    _, lines = read_lines(path)
    return read_relations(
        lines, split_blocks(lines), document=name, issuer=info.issuer, as_of=info.date
    )


def expected_stakes() -> list[tuple[str, int, str, str, str | None, str, str | None]]:
    with (DATA / "corpus-stakes.csv").open(encoding="utf-8", newline="") as handle:
        return [
            (
                row["document"],
                int(row["line"]),
                row["owner"],
                row["owned"],
                row["percent"] or None,
                row["kind"],
                row["as_of"] or None,
            )
            for row in csv.DictReader(handle)
        ]


def found_stakes(names: list[str]) -> list[tuple[str, int, str, str, str | None, str, str | None]]:
    return [
        (
            s.source.document,
            s.source.line,
            s.owner,
            s.owned,
            None if s.percent is None else str(s.percent),
            s.kind,
            s.as_of.isoformat() if s.as_of else None,
        )
        for name in names
        for s in corpus_relations(name)[0]
    ]


def test_the_corpus_group_company_table() -> None:
    table = [row for row in expected_stakes() if row[0] == GROUP_DECK and 504 <= row[1] <= 516]
    assert len(table) == 12
    found = [row for row in found_stakes([GROUP_DECK]) if 504 <= row[1] <= 516]
    assert found == table
    # the five subsidiaries printed without a percentage stay without one
    assert [row[3] for row in found if row[4] is None] == [
        "Net Care", "hi-ho, Inc", "IIJ America", "IIJ INNOVATION INSTITUTE", "NET CHART JAPAN",
    ]  # fmt: skip


def test_the_corpus_shareholder_line() -> None:
    stakes = [s for s in corpus_relations(GROUP_DECK)[0] if s.kind == "Shareholding"]
    assert [(s.owner, str(s.percent), s.owner_is_person) for s in stakes] == [
        ("NTT", "24.4", False),
        ("Koichi Suzuki", "6.3", True),
        ("Itochu Corp.", "5.1", False),
        ("NTTCom", "4.9", False),
    ]
    assert {(s.owned, s.as_of, s.source.line) for s in stakes} == {
        ("Internet Initiative Japan Inc.", date(2012, 9, 30), 53)
    }


def test_every_corpus_stake_and_alias() -> None:
    names = sorted(path.name for path in CORPUS.glob("*.txt"))
    assert found_stakes(names) == expected_stakes()
    with (DATA / "corpus-stakes.csv").open(encoding="utf-8", newline="") as handle:
        expected = [
            (row["owner_aliases"], row["owned_aliases"], row["owner_is_person"] == "true")
            for row in csv.DictReader(handle)
        ]
    stakes = [s for name in names for s in corpus_relations(name)[0]]
    assert [
        (";".join(s.owner_aliases), ";".join(s.owned_aliases), s.owner_is_person) for s in stakes
    ] == expected


def test_every_corpus_person() -> None:
    names = sorted(path.name for path in CORPUS.glob("*.txt"))
    with (DATA / "corpus-people.csv").open(encoding="utf-8", newline="") as handle:
        expected = [
            (row["document"], int(row["line"]), row["person"], row["role"], row["organization"])
            for row in csv.DictReader(handle)
        ]
    found = [
        (p.source.document, p.source.line, p.person, p.role, p.organization)
        for name in names
        for p in corpus_relations(name)[1]
    ]
    assert found == expected


def test_the_corpus_gives_no_relation_diagnostics() -> None:
    assert corpus_relations(PRESS_RELEASE)[2] == []
    assert corpus_relations(GROUP_DECK)[2] == []
    assert corpus_relations(PRESS_RELEASE)[0][0].percent == Decimal("32.06")
