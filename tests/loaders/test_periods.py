"""Tests for the fiscal calendar and period labels (finkg.loaders.periods)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from finkg.loaders.periods import (
    FiscalCalendar,
    Period,
    find_dates,
    find_document_date,
    find_fiscal_year_end,
    find_periods,
    months_ended,
    parse_date,
    parse_period,
)

MARCH = FiscalCalendar(3, 31, "start")
DECEMBER = FiscalCalendar.default()
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


# --- the calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "make", "label", "start", "end"),
    [
        pytest.param(
            MARCH, lambda c: c.year(2002), "FY2002", "2002-04-01", "2003-03-31", id="march-year"
        ),
        pytest.param(
            MARCH, lambda c: c.half(2012, 1), "FY2012 H1", "2012-04-01", "2012-09-30", id="march-h1"
        ),
        pytest.param(
            MARCH, lambda c: c.half(2011, 2), "FY2011 H2", "2011-10-01", "2012-03-31", id="march-h2"
        ),
        pytest.param(
            MARCH,
            lambda c: c.quarter(2002, 2),
            "FY2002 Q2",
            "2002-07-01",
            "2002-09-30",
            id="march-q2",
        ),
        pytest.param(
            MARCH,
            lambda c: c.quarter(2003, 4),
            "FY2003 Q4",
            "2004-01-01",
            "2004-03-31",
            id="march-q4",
        ),
        pytest.param(
            MARCH,
            lambda c: c.month(2002, 6),
            "FY2002 M6",
            "2002-09-01",
            "2002-09-30",
            id="march-m6",
        ),
        pytest.param(
            DECEMBER, lambda c: c.year(2024), "FY2024", "2024-01-01", "2024-12-31", id="dec-year"
        ),
        pytest.param(
            DECEMBER,
            lambda c: c.quarter(2024, 3),
            "FY2024 Q3",
            "2024-07-01",
            "2024-09-30",
            id="dec-q3",
        ),
        pytest.param(
            FiscalCalendar(3, 31, "end"),
            lambda c: c.year(2003),
            "FY2003",
            "2002-04-01",
            "2003-03-31",
            id="march-end-naming",
        ),
        pytest.param(
            FiscalCalendar(9, 30, "end"),
            lambda c: c.quarter(2024, 1),
            "FY2024 Q1",
            "2023-10-01",
            "2023-12-31",
            id="september",
        ),
        pytest.param(
            FiscalCalendar(6, 30, "end"),
            lambda c: c.year(2024),
            "FY2024",
            "2023-07-01",
            "2024-06-30",
            id="june",
        ),
        pytest.param(
            FiscalCalendar(2, 28, "end"),
            lambda c: c.year(2024),
            "FY2024",
            "2023-03-01",
            "2024-02-29",
            id="february-leap",
        ),
        pytest.param(
            FiscalCalendar(2, 28, "end"),
            lambda c: c.quarter(2024, 1),
            "FY2024 Q1",
            "2023-03-01",
            "2023-05-31",
            id="february-q1",
        ),
        pytest.param(
            FiscalCalendar(9, 28, "end"),
            lambda c: c.quarter(2024, 1),
            "FY2024 Q1",
            "2023-09-29",
            "2023-12-28",
            id="mid-month",
        ),
    ],
)
def test_calendar_periods(calendar, make, label, start, end):
    period = make(calendar)
    assert period.label == label
    assert (period.start, period.end) == (date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize(
    ("month", "naming"),
    [
        pytest.param(3, "start", id="march"),
        pytest.param(5, "start", id="may"),
        pytest.param(6, "end", id="june-tie"),
        pytest.param(9, "end", id="september"),
        pytest.param(12, "end", id="december"),
    ],
)
def test_default_naming(month, naming):
    assert FiscalCalendar.default_naming(month) == naming
    assert FiscalCalendar.from_year_end(month, 30).naming == naming


def test_december_naming_is_always_end():
    assert FiscalCalendar(12, 31, "start") == DECEMBER


@pytest.mark.parametrize(
    ("calendar", "day", "year"),
    [
        pytest.param(MARCH, date(2002, 4, 1), 2002, id="march-first-day"),
        pytest.param(MARCH, date(2003, 3, 31), 2002, id="march-last-day"),
        pytest.param(MARCH, date(2003, 4, 1), 2003, id="march-next"),
        pytest.param(FiscalCalendar(3, 31, "end"), date(2003, 3, 31), 2003, id="march-end-naming"),
        pytest.param(DECEMBER, date(2024, 12, 31), 2024, id="december"),
        pytest.param(FiscalCalendar(9, 30, "end"), date(2023, 10, 1), 2024, id="september"),
    ],
)
def test_containing(calendar, day, year):
    assert calendar.containing(day) == year


def test_with_naming_from_statement():
    assert DECEMBER.with_naming_from(2002, date(2003, 3, 31)) == MARCH
    assert DECEMBER.with_naming_from(2003, date(2003, 3, 31)) == FiscalCalendar(3, 31, "end")
    with pytest.raises(ValueError):
        DECEMBER.with_naming_from(2001, date(2003, 3, 31))
    with pytest.raises(ValueError):
        DECEMBER.with_naming_from(2023, date(2024, 12, 31))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: FiscalCalendar(13, 1, "end"), id="month"),
        pytest.param(lambda: FiscalCalendar(4, 31, "end"), id="day"),
        pytest.param(lambda: MARCH.quarter(2002, 5), id="quarter"),
        pytest.param(lambda: MARCH.half(2002, 3), id="half"),
        pytest.param(lambda: Period("year", None, date(2002, 1, 1), 2002), id="year-without-start"),
        pytest.param(
            lambda: Period("instant", date(2002, 1, 1), date(2002, 1, 1)), id="instant-start"
        ),
        pytest.param(
            lambda: Period("quarter", date(2002, 1, 1), date(2002, 3, 31), 2002), id="no-index"
        ),
    ],
)
def test_invalid_values_raise(make):
    with pytest.raises(ValueError):
        make()


def test_period_labels_and_helpers():
    assert Period.instant(date(2012, 9, 30)).label == "2012-09-30"
    assert Period.instant(date(2012, 9, 30)).is_instant
    assert Period.duration(date(2002, 4, 1), date(2002, 9, 30)).label == "2002-04-01/2002-09-30"
    assert MARCH.year(2002).contains(date(2003, 1, 1))
    assert not MARCH.year(2002).contains(date(2003, 4, 1))


@pytest.mark.parametrize(
    ("calendar", "end", "months", "label"),
    [
        pytest.param(DECEMBER, date(2024, 9, 30), 3, "FY2024 Q3", id="dec-quarter"),
        pytest.param(DECEMBER, date(2024, 9, 30), 9, "2024-01-01/2024-09-30", id="dec-nine-months"),
        pytest.param(MARCH, date(2012, 9, 30), 6, "FY2012 H1", id="march-half"),
        pytest.param(MARCH, date(2004, 3, 31), 12, "FY2003", id="march-year"),
        pytest.param(
            FiscalCalendar(9, 28, "end"), date(2023, 12, 28), 3, "FY2024 Q1", id="mid-month"
        ),
    ],
)
def test_ending(calendar, end, months, label):
    assert calendar.ending(end, months).label == label


# --- labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        pytest.param("2Q02", "FY2002 Q2", id="2Q02"),
        pytest.param("1Q03", "FY2003 Q1", id="1Q03"),
        pytest.param("4Q03", "FY2003 Q4", id="4Q03"),
        pytest.param("1H12", "FY2012 H1", id="1H12"),
        pytest.param("2H11", "FY2011 H2", id="2H11"),
        pytest.param("FY2003", "FY2003", id="FY2003"),
        pytest.param("FY12", "FY2012", id="FY12"),
        pytest.param("FY 2012", "FY2012", id="FY-space"),
        pytest.param("FY'12", "FY2012", id="FY-apostrophe"),
        pytest.param("1H FY2012", "FY2012 H1", id="1H-FY2012"),
        pytest.param("FY12 Target ( 12/4 ~ 13/3 )", "FY2012", id="label-with-range"),
        pytest.param("FY11 Actual ( 11/4 ~ 12/3 )", "FY2011", id="actual-with-range"),
        pytest.param("1H12 (12/4~12/9)", "FY2012 H1", id="half-with-range"),
        pytest.param("1H12 Target (12/4~12/9)", "FY2012 H1", id="half-target-with-range"),
        pytest.param("( 12/4 ~ 13/3 )", "FY2012", id="range-alone"),
        pytest.param("2Q12", "FY2012 Q2", id="2Q12"),
        pytest.param("fiscal 2002", "FY2002", id="fiscal-2002"),
        pytest.param("full fiscal 2002", "FY2002", id="full-fiscal"),
        pytest.param("For the full 2002 fiscal year", "FY2002", id="full-2002-fiscal-year"),
        pytest.param("first half of fiscal 2002", "FY2002 H1", id="first-half-of-fiscal"),
        pytest.param("the first half FY2002", "FY2002 H1", id="first-half-FY"),
        pytest.param("second half of FY2003", "FY2003 H2", id="second-half"),
        pytest.param("the third quarter of fiscal 2002", "FY2002 Q3", id="third-quarter-of-fiscal"),
        pytest.param(
            "the 2nd Quarter of FY2002 Results Summary", "FY2002 Q2", id="2nd-quarter-of-FY"
        ),
        pytest.param("Q3 2024", "FY2024 Q3", id="Q3-2024"),
        pytest.param("third quarter 2024", "FY2024 Q3", id="third-quarter-2024"),
        pytest.param("Sept 30, 2002", "2002-09-30", id="sept"),
        pytest.param("Sep. 30, 2012", "2012-09-30", id="sep-dot"),
        pytest.param("September 30, 2012", "2012-09-30", id="september"),
        pytest.param("March 31, 2012", "2012-03-31", id="march"),
        pytest.param("Jun 30, 2002", "2002-06-30", id="jun"),
        pytest.param("2012/9/30", "2012-09-30", id="slashes"),
        pytest.param("Six Months Ended September 30, 2012", "FY2012 H1", id="six-months-ended"),
        pytest.param(
            "IIJ Announces Results of the 2nd Quarter 2002 Ended September 30, 2002",
            "FY2002 Q2",
            id="quarter-and-its-end-date",
        ),
        pytest.param(
            "Fourth Quarter and Full Fiscal Year Results for the Year Ending March 31, 2004",
            "FY2003",
            id="year-ending",
        ),
        pytest.param("the 2nd quarter ended September 30, 2002", "FY2002 Q2", id="quarter-ended"),
    ],
)
def test_parse_period_march_year(text, label):
    period = parse_period(text, MARCH)
    assert period is not None
    assert period.label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        pytest.param("Three Months Ended September 30, 2024", "FY2024 Q3", id="three-months"),
        pytest.param("Six Months Ended June 30, 2024", "FY2024 H1", id="six-months"),
        pytest.param(
            "Nine Months Ended September 30, 2024", "2024-01-01/2024-09-30", id="nine-months"
        ),
        pytest.param("Year Ended December 31, 2023", "FY2023", id="year-ended"),
        pytest.param("Twelve Months Ended December 31, 2023", "FY2023", id="twelve-months"),
        pytest.param("Q3 2024", "FY2024 Q3", id="Q3"),
        pytest.param("Q4'23", "FY2023 Q4", id="Q4-apostrophe"),
        pytest.param("third quarter 2024", "FY2024 Q3", id="third-quarter"),
        pytest.param("H1 2024", "FY2024 H1", id="H1"),
        pytest.param("fiscal year 2023", "FY2023", id="fiscal-year-2023"),
        pytest.param("30 September 2024", "2024-09-30", id="day-month-year"),
        pytest.param("2024-09-30", "2024-09-30", id="iso"),
        pytest.param("December 31, 2023 and 2022", "2023-12-31", id="date-with-bare-year"),
    ],
)
def test_parse_period_december_year(text, label):
    period = parse_period(text, DECEMBER)
    assert period is not None
    assert period.label == label


@pytest.mark.parametrize(
    ("text", "calendar"),
    [
        pytest.param("YoY (FY12 to FY11 Actual)", MARCH, id="two-periods"),
        pytest.param("2Q12 compared to 2Q11", MARCH, id="two-quarters"),
        pytest.param("FY12 Target ( 12/4 ~ 13/3 )", DECEMBER, id="range-disagrees"),
        pytest.param("1H12 (12/4~12/10)", MARCH, id="range-wrong-length"),
        pytest.param(
            "For the Three Months Ended Sept 30, 2002, Sept 30, 2001 and Jun 30, 2002",
            MARCH,
            id="several-dates",
        ),
        pytest.param("Sept 30, 2002 Sept 30, 2001", MARCH, id="two-dates"),
        pytest.param("2nd quarter ended September 30, 2002", DECEMBER, id="ordinal-disagrees"),
        pytest.param("FY2012/13", MARCH, id="split-year"),
        pytest.param("2Q", MARCH, id="no-year"),
        pytest.param("the first half of fiscal year", MARCH, id="half-without-year"),
        pytest.param("Year Ended December 31", DECEMBER, id="date-without-year"),
        pytest.param("Sept 30", MARCH, id="day-without-year"),
        pytest.param("(2002/8)", MARCH, id="year-month"),
        pytest.param("STEP1 (2003.1)", MARCH, id="step"),
        pytest.param("IIJ4U", MARCH, id="name"),
        pytest.param("5Q02", MARCH, id="fifth-quarter"),
        pytest.param("3H12", MARCH, id="third-half"),
        pytest.param("February 30, 2012", MARCH, id="impossible-date"),
        pytest.param("Total revenues", MARCH, id="words"),
        pytest.param("", MARCH, id="empty"),
        pytest.param("10,568,342", MARCH, id="number"),
    ],
)
def test_parse_period_refuses(text, calendar):
    assert parse_period(text, calendar) is None


@pytest.mark.parametrize(
    ("text", "reference", "year"),
    [
        pytest.param("FY99", None, 2099, id="default-2000s"),
        pytest.param("FY99", date(2002, 11, 12), 1999, id="nearest-previous-century"),
        pytest.param("FY02", date(2002, 11, 12), 2002, id="nearest-same-century"),
        pytest.param("2Q02", date(1998, 1, 1), 2002, id="nearest-next"),
        pytest.param("FY51", date(2000, 1, 1), 1951, id="nearest-across-centuries"),
    ],
)
def test_two_digit_years(text, reference, year):
    period = parse_period(text, MARCH, reference=reference)
    assert period is not None
    assert period.fiscal_year == year


def test_find_periods_in_a_sentence():
    text = "In 2Q02, total revenues grew 10.9% compared to 2Q01 and 7.3% compared to 1Q02."
    matches = find_periods(text, MARCH)
    assert [m.period.label for m in matches] == ["FY2002 Q2", "FY2001 Q2", "FY2002 Q1"]
    assert [text[m.span[0] : m.span[1]] for m in matches] == ["2Q02", "2Q01", "1Q02"]


def test_find_periods_longest_phrase_wins():
    text = "Total revenues for the first half of fiscal 2002 grew by 14.3%"
    matches = find_periods(text, MARCH)
    assert [(m.period.label, m.text) for m in matches] == [
        ("FY2002 H1", "first half of fiscal 2002")
    ]


def test_find_periods_ignores_digits_in_words_and_bands():
    text = "IIJT1 Standard, IIJ4U and IIJ Economy Service (64-128kbps) in 2002"
    assert find_periods(text, MARCH) == []


@pytest.mark.parametrize(
    ("text", "months"),
    [
        pytest.param("For the Three Months Ended Sept 30, 2002, Sept 30, 2001", 3, id="three"),
        pytest.param("Six Months Ended", 6, id="six"),
        pytest.param("For the 9 months ended", 9, id="nine-digits"),
        pytest.param("Year Ended December 31,", 12, id="year"),
        pytest.param("Quarter ended", 3, id="quarter"),
        pytest.param("Three Months and Nine Months Ended", None, id="two-lengths"),
        pytest.param("Three and Nine Months Ended", None, id="three-and-nine"),
        pytest.param("As of Sept 30, 2002", None, id="none"),
    ],
)
def test_months_ended(text, months):
    assert months_ended(text) == months


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        pytest.param("Sept 30, 2002", date(2002, 9, 30), id="sept"),
        pytest.param("Sep. 30, 2012", date(2012, 9, 30), id="sep-dot"),
        pytest.param("**September 30, 2012**", date(2012, 9, 30), id="bold"),
        pytest.param("Jun 30, 2002", date(2002, 6, 30), id="jun"),
        pytest.param("2012/9/30", date(2012, 9, 30), id="slashes"),
        pytest.param("October 1st, 2012", date(2012, 10, 1), id="ordinal-day"),
        pytest.param("1 October 2012", date(2012, 10, 1), id="day-first"),
        pytest.param("Sept 30, 2002 and later", None, id="trailing-words"),
        pytest.param("Sept 30", None, id="no-year"),
        pytest.param("2012/13/1", None, id="bad-month"),
        pytest.param("February 29, 2011", None, id="not-a-leap-year"),
        pytest.param("2003.1", None, id="year-month"),
    ],
)
def test_parse_date(text, day):
    assert parse_date(text) == day


def test_find_dates_spans():
    text = "As of Sept 30, 2002, Sept 30, 2001 and Jun 30, 2002"
    matches = find_dates(text)
    assert [m.day for m in matches] == [date(2002, 9, 30), date(2001, 9, 30), date(2002, 6, 30)]
    assert all(text[m.span[0] : m.span[1]] == m.text for m in matches)


@pytest.mark.parametrize(
    ("text", "day", "precision", "line"),
    [
        pytest.param(
            "November 12, 2002 Page 1\n\nTitle", date(2002, 11, 12), "day", 1, id="page-header"
        ),
        pytest.param(
            "Title\nTokyo, November 13, 2002 / New York, November 12, 2002 – Company Inc. (Nasdaq)",
            date(2002, 11, 12),
            "day",
            2,
            id="two-places",
        ),
        pytest.param("\n\nCompany\n\nMay 14, 2004\n", date(2004, 5, 14), "day", 5, id="alone"),
        pytest.param("Company\n\nAugust, 2002\n", date(2002, 8, 1), "month", 3, id="month-comma"),
        pytest.param(
            "# Company\n**November, 2002**", date(2002, 11, 1), "month", 2, id="month-bold"
        ),
        pytest.param(
            "NEW YORK, Oct. 30, 2024 -- Example Corp. today reported",
            date(2024, 10, 30),
            "day",
            1,
            id="us-dateline",
        ),
    ],
)
def test_find_document_date(text, day, precision, line):
    found = find_document_date(text)
    assert found is not None
    assert (found.day, found.precision, found.line) == (day, precision, line)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Results for the quarter ended Sept 30, 2002 were good", id="sentence"),
        pytest.param("Company Profile (as of Sep. 2012)", id="as-of"),
        pytest.param("No date here", id="nothing"),
    ],
)
def test_find_document_date_refuses(text):
    assert find_document_date(text) is None


# --- the fiscal year end ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "calendar", "proven"),
    [
        pytest.param(
            "results for the 2nd quarter ended September 30, 2002 of the fiscal year ending "
            'March 31, 2003 ("fiscal 2002").',
            MARCH,
            True,
            id="named-fiscal-year",
        ),
        pytest.param(
            "Results for the Year Ending March 31, 2004\n\nMay 14, 2004\n\nHighlights of fourth "
            "quarter FY2003 results",
            MARCH,
            True,
            id="label-nearby",
        ),
        pytest.param(
            "Results for the Year Ending March 31, 2004\n\nHighlights of full FY2004 results",
            FiscalCalendar(3, 31, "end"),
            True,
            id="label-nearby-end-naming",
        ),
        pytest.param(
            "Results for the Year Ending March 31, 2004\n\nOutlook",
            MARCH,
            False,
            id="default-naming",
        ),
        pytest.param("for the fiscal year ended December 31, 2023", DECEMBER, True, id="december"),
        pytest.param(
            "our fiscal year ends September 30", FiscalCalendar(9, 30, "end"), False, id="september"
        ),
        pytest.param(
            "Total Revenues\nFY12 Target ( 12/4 ~ 13/3 )\tFY11 Actual ( 11/4 ~ 12/3 )",
            MARCH,
            True,
            id="range-label",
        ),
    ],
)
def test_find_fiscal_year_end(text, calendar, proven):
    found = find_fiscal_year_end(text)
    assert found is not None
    assert found.calendar == calendar
    assert found.naming_proven is proven


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("For the Three Months Ended Sept 30, 2002", id="months-ended"),
        pytest.param("FY12 ( 12/4 ~ 12/9 )", id="half-year-range"),
        pytest.param("nothing about the year", id="nothing"),
    ],
)
def test_find_fiscal_year_end_refuses(text):
    assert find_fiscal_year_end(text) is None


# --- the corpus ---------------------------------------------------------------------------------


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
@pytest.mark.parametrize(
    ("name", "day", "precision"),
    [
        pytest.param("000_48402ba7c1e415d5.txt", date(2002, 8, 1), "month", id="000"),
        pytest.param("001_db6793c7b74d69e5.txt", date(2002, 11, 12), "day", id="001"),
        pytest.param("002_7a1bd9db76275b21.txt", date(2002, 11, 1), "month", id="002"),
        pytest.param("003_501beb1a87d1dfe7.txt", date(2004, 5, 14), "day", id="003"),
        pytest.param("004_89bdcf76a8970a4d.txt", None, None, id="004-no-dateline"),
    ],
)
def test_corpus_document_dates(name, day, precision):
    found = find_document_date((CORPUS / name).read_text(encoding="utf-8"))
    if day is None:
        assert found is None
    else:
        assert found is not None
        assert (found.day, found.precision) == (day, precision)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
@pytest.mark.parametrize(
    ("name", "proven"),
    [
        pytest.param("000_48402ba7c1e415d5.txt", None, id="000-states-nothing"),
        pytest.param("001_db6793c7b74d69e5.txt", True, id="001"),
        pytest.param("003_501beb1a87d1dfe7.txt", True, id="003"),
        pytest.param("004_89bdcf76a8970a4d.txt", True, id="004"),
    ],
)
def test_corpus_fiscal_year_end(name, proven):
    found = find_fiscal_year_end((CORPUS / name).read_text(encoding="utf-8"))
    if proven is None:
        assert found is None
    else:
        assert found is not None
        assert found.calendar == MARCH
        assert found.naming_proven is proven
