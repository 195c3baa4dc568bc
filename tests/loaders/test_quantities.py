"""Tests for numbers, units, scales and exchange rates (finkg.loaders.quantities)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from finkg.loaders.quantities import (
    UNIT_WORDS,
    find_quantities,
    parse_cell,
    parse_exchange_rate,
    parse_scale_caption,
)

D = Decimal

# --- the table ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "role", "code", "exponent"),
    [
        pytest.param("jpy", "currency", "JPY", 0, id="JPY"),
        pytest.param("¥", "currency", "JPY", 0, id="yen-sign"),
        pytest.param("Y", "currency", "JPY", 0, id="Y"),
        pytest.param("us$", "currency", "USD", 0, id="US$"),
        pytest.param("€", "currency", "EUR", 0, id="euro-sign"),
        pytest.param("thousands", "scale", "", 3, id="thousands"),
        pytest.param("M", "scale", "", 6, id="M"),
        pytest.param("bn", "scale", "", 9, id="bn"),
        pytest.param("trillion", "scale", "", 12, id="trillion"),
        pytest.param("%", "unit", "percent", 0, id="percent"),
        pytest.param("gbps", "unit", "Gbps", 0, id="Gbps"),
        pytest.param("m2", "unit", "m2", 0, id="m2"),
        pytest.param("atms", "unit", "count", 0, id="ATMs"),
        pytest.param("personnel", "unit", "count", 0, id="personnel"),
    ],
)
def test_unit_words(word, role, code, exponent):
    entry = UNIT_WORDS[word]
    assert (entry.role, entry.code, entry.exponent) == (role, code, exponent)


def test_unit_words_are_read_only():
    with pytest.raises(TypeError):
        UNIT_WORDS["parsec"] = UNIT_WORDS["%"]  # type: ignore[index]


# --- cells --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "places", "unit", "currency", "note"),
    [
        pytest.param("(1,592)", D("-1592"), 0, None, None, None, id="parentheses"),
        pytest.param("1,504", D("1504"), 0, None, None, None, id="thousands-separator"),
        pytest.param("(-)1.8", D("-1.8"), 1, None, None, None, id="bracket-minus"),
        pytest.param("−3", D("-3"), 0, None, None, None, id="unicode-minus"),
        pytest.param("-3", D("-3"), 0, None, None, None, id="hyphen-minus"),
        pytest.param("+839", D("839"), 0, None, None, None, id="plus"),
        pytest.param("0", D("0"), 0, None, None, None, id="zero"),
        pytest.param("12.2%", D("12.2"), 1, "percent", None, None, id="percent"),
        pytest.param("(1.4%)", D("-1.4"), 1, "percent", None, None, id="negative-percent"),
        pytest.param("(1,311.3)", D("-1311.3"), 1, None, None, None, id="negative-decimal"),
        pytest.param("100.0%", D("100.0"), 1, "percent", None, None, id="hundred"),
        pytest.param("JPY 98.68", D("98.68"), 2, None, "JPY", None, id="jpy-per-share"),
        pytest.param("JPY 17.50 (Annual)", D("17.50"), 2, None, "JPY", "Annual", id="annual"),
        pytest.param("+JPY 8.86", D("8.86"), 2, None, "JPY", None, id="plus-jpy"),
        pytest.param("19,420m2 (95)", D("19420"), 0, "m2", None, "95", id="area-with-note"),
        pytest.param("19,420m <sup>2</sup>", D("19420"), 0, "m2", None, None, id="area-html"),
        pytest.param("14,143m²", D("14143"), 0, "m2", None, None, id="area-superscript"),
        pytest.param("<b>+1,662</b>", D("1662"), 0, None, None, None, id="bold"),
        pytest.param("**107.0**", D("107.0"), 1, None, None, None, id="markdown-bold"),
        pytest.param("$ 1,234", D("1234"), 0, None, "USD", None, id="dollar"),
        pytest.param("¥1,234", D("1234"), 0, None, "JPY", None, id="yen-sign"),
        pytest.param("22.7Gbps", D("22.7"), 1, "Gbps", None, None, id="gbps"),
        pytest.param("( 464,155 )", D("-464155"), 0, None, None, None, id="spaced-parentheses"),
    ],
)
def test_parse_cell_number(text, value, places, unit, currency, note):
    cell = parse_cell(text)
    assert cell is not None
    assert cell.kind == "number"
    number = cell.number
    assert number is not None
    assert (number.value, number.places, number.unit, number.currency, number.note) == (
        value,
        places,
        unit,
        currency,
        note,
    )
    assert cell.value == value


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("—", id="em-dash"),
        pytest.param("-", id="hyphen"),
        pytest.param("–", id="en-dash"),
        pytest.param("--", id="double"),
        pytest.param("n/a", id="n/a"),
        pytest.param(" — ", id="spaces"),
    ],
)
def test_parse_cell_nil(text):
    cell = parse_cell(text)
    assert cell is not None
    assert cell.kind == "nil"
    assert cell.numbers == ()
    assert cell.value is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        pytest.param("5,546,572 791,738", [D("5546572"), D("791738")], id="two-amounts"),
        pytest.param("(103,477) (51.74)", [D("-103477"), D("-51.74")], id="two-negatives"),
        pytest.param("55.0% 7.5", [D("55.0"), D("7.5")], id="percent-and-number"),
        pytest.param("80.1% 41.0", [D("80.1"), D("41.0")], id="ratio-and-amount"),
        pytest.param("3,844 46,815", [D("3844"), D("46815")], id="uneven"),
        pytest.param("24.0 54.2", [D("24.0"), D("54.2")], id="two-decimals"),
    ],
)
def test_parse_cell_merged(text, values):
    cell = parse_cell(text)
    assert cell is not None
    assert cell.kind == "merged"
    assert [n.value for n in cell.numbers] == values
    assert cell.number is None and cell.value is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("++,700,000", "not a number", id="ocr-plus"),
        pytest.param("11 411 067", "groups separated by spaces", id="spaced-groups"),
        pytest.param("111 108 213", "groups separated by spaces", id="three-cells-or-one"),
        pytest.param("2 058", "groups separated by spaces", id="two-groups"),
        pytest.param("1,23", "not a number", id="short-group"),
        pytest.param("(1,592", "unbalanced", id="unbalanced"),
        pytest.param("4,0 00", "not a number", id="split-group"),
    ],
)
def test_parse_cell_unreadable(text, reason):
    cell = parse_cell(text)
    assert cell is not None
    assert cell.kind == "unreadable"
    assert cell.reason is not None and reason in cell.reason
    assert cell.numbers == ()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("Total revenues", id="label"),
        pytest.param("2Q02", id="period-label"),
        pytest.param("IIJ4U", id="name"),
        pytest.param("1.5x", id="multiple"),
    ],
)
def test_parse_cell_no_number(text):
    assert parse_cell(text) is None


@pytest.mark.parametrize(
    ("text", "exponent", "scaled", "decimals"),
    [
        pytest.param("10,568,342", 3, D("10568342000"), -3, id="thousands"),
        pytest.param("(1,592)", 3, D("-1592000"), -3, id="negative-thousands"),
        pytest.param("107.0", 9, D("107000000000"), -8, id="billions-with-decimal"),
        pytest.param("98.68", 0, D("98.68"), 2, id="units"),
    ],
)
def test_cell_number_scaling(text, exponent, scaled, decimals):
    cell = parse_cell(text)
    assert cell is not None and cell.number is not None
    assert cell.number.scaled(exponent) == scaled
    assert cell.number.decimals(exponent) == decimals


# --- captions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "unit", "exponent", "exempt", "others"),
    [
        pytest.param(
            "(Expressed in Thousands of Japanese Yen (JPY) and U.S. Dollars (USD) Except for Per "
            "Share and ADS Data) (1)",
            "JPY", None, 3, True, ("USD",),
            id="expressed-in-thousands",
        ),
        pytest.param(
            "(Expressed in Thousands of Japanese Yen (JPY) and U.S. Dollars (USD))(1)",
            "JPY", None, 3, False, ("USD",),
            id="balance-sheet",
        ),
        pytest.param("(JPY in millions)", "JPY", None, 6, False, (), id="jpy-in-millions"),
        pytest.param("Unit: JPY billion", "JPY", None, 9, False, (), id="unit-billion"),
        pytest.param("(JPY Millions)", "JPY", None, 6, False, (), id="jpy-millions"),
        pytest.param("Unit: JPY million", "JPY", None, 6, False, (), id="unit-million"),
        pytest.param("(JPY Thousands)", "JPY", None, 3, False, (), id="jpy-thousands"),
        pytest.param(
            "(In millions of U.S. dollars, except per share data)",
            "USD", None, 6, True, (),
            id="us-dollars",
        ),
        pytest.param(
            "(in thousands, except per share amounts)", None, None, 3, True, (), id="no-currency"
        ),
        pytest.param("(in millions of euros)", "EUR", None, 6, False, (), id="euros"),
        pytest.param("(Unit: 100 million yen)", "JPY", None, 8, False, (), id="hundred-million"),
        pytest.param("($ in thousands)", "USD", None, 3, False, (), id="dollar-sign"),
        pytest.param("Unit: Giga bits per second", None, "Gbps", 0, False, (), id="gbps-words"),
        pytest.param("(Gbps)", None, "Gbps", 0, False, (), id="gbps"),
        pytest.param("(Mbps)", None, "Mbps", 0, False, (), id="mbps"),
        pytest.param("(%)", None, "percent", 0, False, (), id="percent"),
        pytest.param("(Number of Contracts)", None, "count", 0, False, (), id="contracts"),
    ],
)  # fmt: skip
def test_parse_scale_caption(text, currency, unit, exponent, exempt, others):
    scale = parse_scale_caption(text)
    assert scale is not None
    assert (scale.currency, scale.unit, scale.exponent) == (currency, unit, exponent)
    assert scale.per_share_exempt is exempt
    assert scale.other_currencies == others
    assert scale.text == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Revenues were JPY 1.7 million", id="sentence"),
        pytest.param("Revenues Growth (QoQ)", id="heading"),
        pytest.param("Yen or Yen equivalent", id="other-words"),
        pytest.param("Table 2. Revenue Breakdown (JPY in millions)", id="title-with-caption"),
        pytest.param("(Unit: 150 million yen)", id="not-a-power-of-ten"),
        pytest.param("(in M)", id="compact-scale-alone"),
        pytest.param("()", id="empty-parentheses"),
        pytest.param("", id="empty"),
    ],
)
def test_parse_scale_caption_refuses(text):
    assert parse_scale_caption(text) is None


# --- narrative ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param(
            r"- JPY9.9B (\$82M), 18.2% up from 1Q01",
            [(D("9900000000"), "JPY", -8), (D("82000000"), "USD", -6), (D("18.2"), "percent", 1)],
            id="compact-billions",
        ),
        pytest.param(
            r"Revenues: JPY 11,617 million (\$ 111.5 million*), 20.6% increase QoQ.",
            [(D("11617000000"), "JPY", -6), (D("111500000"), "USD", -5), (D("20.6"), "percent", 1)],
            id="millions-with-footnote-star",
        ),
        pytest.param(
            r"total revenues grew to JPY10.6 billion (\$86.8 million)",
            [(D("10600000000"), "JPY", -8), (D("86800000"), "USD", -5)],
            id="billion-words",
        ),
        pytest.param(
            r"Operating loss of JPY464M (\$3.9M)",
            [(D("464000000"), "JPY", -6), (D("3900000"), "USD", -5)],
            id="compact-millions",
        ),
        pytest.param("which is JPY980 M", [(D("980000000"), "JPY", -6)], id="spaced-M"),
        pytest.param("loss per ADS equivalent was JPY(-)51.74 in 2Q02",
                     [(D("-51.74"), "JPY", 2)], id="bracket-minus-per-share"),
        pytest.param("an operating loss of JPY 1.7 million in FY2002",
                     [(D("1700000"), "JPY", -5)], id="jpy-1.7-million"),
        pytest.param("Monthly revenue: JPY0.5 billion as of Sep. 2012",
                     [(D("500000000"), "JPY", -8)], id="half-billion"),
        pytest.param("IIJ deposited Y5 billion into a restricted account",
                     [(D("5000000000"), "JPY", -9)], id="Y-prefix"),
        pytest.param("Revenues: JPY 39 billion", [(D("39000000000"), "JPY", -9)], id="39-billion"),
        pytest.param("$3.9M", [(D("3900000"), "USD", -5)], id="dollar-M"),
        pytest.param("USD 1.2 billion", [(D("1200000000"), "USD", -8)], id="usd-code"),
        pytest.param("$1.2 billion", [(D("1200000000"), "USD", -8)], id="dollar-sign"),
        pytest.param("€3 million", [(D("3000000"), "EUR", -6)], id="euro"),
        pytest.param("Net sales were $94.9 billion, up 6%",
                     [(D("94900000000"), "USD", -8), (D("6"), "percent", 0)], id="net-sales"),
        pytest.param("5 billion yen", [(D("5000000000"), "JPY", -9)], id="yen-after"),
        pytest.param("(14.4Gbps, a 26% quarter-over-quarter growth)",
                     [(D("14.4"), "Gbps", 1), (D("26"), "percent", 0)], id="gbps"),
        pytest.param("increased to 12.9Mbps", [(D("12.9"), "Mbps", 1)], id="mbps"),
        pytest.param("Operating margin declined to 9.1%", [(D("9.1"), "percent", 1)], id="percent"),
        pytest.param("(-)1.8%", [(D("-1.8"), "percent", 1)], id="negative-percent"),
        pytest.param("a decline of −3%", [(D("-3"), "percent", 0)], id="unicode-minus"),
        pytest.param("grew 15 percent", [(D("15"), "percent", 0)], id="percent-word"),
        pytest.param("Number of consolidated employees as of Sep. 30, 2012: 2,081 personnel",
                     [(D("2081"), "count", 0)], id="personnel"),
        pytest.param("567 ATMs placed as of mid-Nov. 2012,", [(D("567"), "count", 0)], id="atms"),
        pytest.param("gathering over 800 corporate clients in 2 years",
                     [(D("800"), "count", 0)], id="adjective-before-noun"),
        pytest.param("Numbers of projects approx. 1,500, number of clients: approx. 850",
                     [(D("1500"), "count", 0), (D("850"), "count", 0)], id="number-of"),
        pytest.param("the number of ADSL subscribers reached 4.2 million at the end",
                     [(D("4200000"), "count", -5)], id="number-of-millions"),
        pytest.param("Floor space of 19,420m <sup>2</sup>", [(D("19420"), "m2", 0)], id="area"),
        pytest.param("we had 1,234 employees", [(D("1234"), "count", 0)], id="employees"),
    ],
)  # fmt: skip
def test_find_quantities(sentence, expected):
    found = find_quantities(sentence)
    assert [(q.value, q.unit, q.decimals) for q in found] == expected
    for quantity in found:
        assert sentence[quantity.span[0] : quantity.span[1]] == quantity.text


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        pytest.param("1H12 overseas revenue: approx. JPY2.1 billion", "approximately", id="approx"),
        pytest.param("Approx. 6,500 clients", "approximately", id="approx-capital"),
        pytest.param("to grow by approximately 20%", "approximately", id="approximately"),
        pytest.param(
            "expect FY12 revenue to be around JPY0.2 billion", "approximately", id="around"
        ),
        pytest.param("about $5 million", "approximately", id="about"),
        pytest.param("Number of Customers (~6,500)", "approximately", id="tilde"),
        pytest.param("to grow by more than 15%", "more_than", id="more-than"),
        pytest.param("Over 80% of total revenue", "more_than", id="over"),
        pytest.param("at least 100 employees", "at_least", id="at-least"),
        pytest.param("less than 5%", "less_than", id="less-than"),
        pytest.param("up to JPY 3 billion", "at_most", id="up-to"),
        pytest.param("revenue of JPY 3 billion", None, id="exact"),
    ],
)
def test_find_quantities_qualifiers(sentence, qualifier):
    found = find_quantities(sentence)
    assert len(found) == 1
    assert found[0].qualifier == qualifier
    assert found[0].approximate is (qualifier is not None)


def test_translations_point_at_the_amount():
    found = find_quantities(r"Revenues to be between JPY10.5B(\$87.6M) and JPY11.0B(\$91.8M)")
    assert [q.translation_of for q in found] == [None, 0, None, 2]
    assert [q.unit for q in found] == ["JPY", "USD", "JPY", "USD"]


def test_same_currency_in_parentheses_is_no_translation():
    found = find_quantities("JPY 5 billion (JPY 4 billion last year)")
    assert [q.translation_of for q in found] == [None, None]


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Others include IIJ DSL/F, IIJT1 Standard and IIJ4U", id="digits-in-names"),
        pytest.param("IP Service 64kbps - 128kbps and 1Mbps – 2Mbps", id="bands"),
        pytest.param("IIJ Economy Service (64-128kbps)", id="compact-band"),
        pytest.param("(up to 10Mbps-100Mbps) increased", id="up-to-band"),
        pytest.param("a 10-20% rise", id="percent-range"),
        pytest.param("In 2Q02 and 1H12 and FY2003", id="period-labels"),
        pytest.param("On November 13, 2002 at 9:00 am", id="dates-and-times"),
        pytest.param("Founded in 1992, IIJ has grown in 2006", id="years"),
        pytest.param("the number of subscribers will grow in 2006", id="year-after-number-of"),
        pytest.param("+81-3-5259-6500(Tel)", id="phone"),
        pytest.param("a 1:200 stock split", id="ratio"),
        pytest.param("a 3.4 times increase", id="times"),
        pytest.param("revenue of 464M", id="compact-scale-without-currency"),
        pytest.param("net loss of $(3.2) million", id="bracketed-amount"),
        pytest.param(r"\$1=JPY119.85", id="exchange-rate"),
        pytest.param("Adjusted EBITDA⁽¹⁾ was positive", id="footnote"),
        pytest.param("3 data centers and customers", id="stop-word-before-noun"),
        pytest.param("2.5 employees", id="fractional-count"),
    ],
)
def test_find_quantities_refuses(sentence):
    assert find_quantities(sentence) == []


# --- exchange rates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate", "base", "quote", "repaired"),
    [
        pytest.param(r"\$1=JPY119.85", D("119.85"), "USD", "JPY", False, id="dollar-first"),
        pytest.param(r"JPY121.74 = US\$1", D("121.74"), "USD", "JPY", False, id="yen-first"),
        pytest.param(r"JPY 121.74 =\$1", D("121.74"), "USD", "JPY", False, id="spaced"),
        pytest.param(r"JPY104.18 = US\$1.00", D("104.18"), "USD", "JPY", False, id="one-dollar-00"),
        pytest.param(
            "Translations of Japanese yen amounts into US dollars are solely for convenience and "
            "have been made at the rate of JPY121.74 = US1, the approximate exchange rate",
            D("121.74"), "USD", "JPY", True,
            id="lost-dollar-sign",
        ),
        pytest.param("€1 = $1.08", D("1.08"), "EUR", "USD", False, id="euro"),
        pytest.param("1 USD = 150.12 JPY", D("150.12"), "USD", "JPY", False, id="codes-after"),
        pytest.param("US$1 = ¥119.85", D("119.85"), "USD", "JPY", False, id="yen-sign"),
    ],
)  # fmt: skip
def test_parse_exchange_rate(text, rate, base, quote, repaired):
    found = parse_exchange_rate(text)
    assert found is not None
    assert (found.rate, found.base, found.quote, found.repaired) == (rate, base, quote, repaired)
    assert text[found.span[0] : found.span[1]] == found.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Revenues of JPY121.74 = US1", id="lost-sign-without-context"),
        pytest.param("JPY 5 = JPY 5", id="same-currency"),
        pytest.param("JPY 12,174 = $100", id="no-unit-side"),
        pytest.param("revenue of JPY 121.74 million", id="no-equation"),
    ],
)
def test_parse_exchange_rate_refuses(text):
    assert parse_exchange_rate(text) is None
