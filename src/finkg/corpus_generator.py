"""Synthetic earnings documents at any scale, for benchmarks: same kinds as the corpus, new data.

Two document kinds, written from this module's own text templates:

- a **press release**: dateline, headline, narrative results and guidance bullets, then an
  income statement and a balance sheet in thousands (pipe tables or tab tables);
- a **results presentation**: highlights bullets and a quarterly table in millions (tab or pipe),
  with the full fiscal year once the fourth quarter is out.

Companies are invented ("<Word> <Word> Holdings Inc." and similar), each with its own fiscal
year end (March or December), currency, exchange and first fiscal year. Every figure of a company
for a quarter comes from a generator seeded by (seed, company, fiscal year, quarter), so the
documents that state the same fact agree, parts add up to their totals, and operating income is
revenues less costs and expenses. Document ``i`` of a seed is the same whatever the corpus size.

>>> import tempfile
>>> paths = generate_corpus(Path(tempfile.mkdtemp()), 2, seed=7)
>>> [path.suffix for path in paths]
['.txt', '.txt']
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

__all__ = ["DOCS_PER_COMPANY", "generate_corpus", "generate_document"]

DOCS_PER_COMPANY = 8
"""Documents written per company: a release and a presentation for each of four quarters."""

_FIRST_WORDS = (
    "Amber", "Arctic", "Atlas", "Aurora", "Bluewater", "Cedar", "Cobalt", "Copper", "Crescent",
    "Crystal", "Eastern", "Emerald", "Falcon", "Granite", "Harbor", "Horizon", "Iron", "Juniper",
    "Keystone", "Lakeside", "Maple", "Meridian", "Northern", "Oakridge", "Orion", "Pacific",
    "Pinnacle", "Quartz", "Redwood", "Riverside", "Sapphire", "Silver", "Summit", "Tidewater",
    "Vertex", "Western", "Willow", "Zenith",
)  # fmt: skip
_SECOND_WORDS = (
    "Analytics", "Biotech", "Cable", "Capital", "Chemical", "Cloud", "Data", "Digital", "Energy",
    "Engineering", "Foods", "Freight", "Logistics", "Machines", "Materials", "Media", "Micro",
    "Mobile", "Network", "Optics", "Pharma", "Power", "Robotics", "Semiconductor", "Software",
    "Steel", "Systems", "Telecom", "Textiles", "Transit", "Water", "Wireless",
)  # fmt: skip
_LEGAL_FORMS = ("Holdings Inc.", "Corporation", "Group Inc.", "Co., Ltd.", "Inc.")
_CITIES = ("Tokyo", "Osaka", "New York", "San Jose", "Chicago", "Boston", "Nagoya", "Seattle")
_EXCHANGES = ("NASDAQ", "NYSE", "TSE")
_SEGMENTS = (
    ("Network services", "Systems integration", "Equipment"),
    ("Cloud services", "Consulting", "Hardware"),
    ("Subscription", "Professional services", "Devices"),
    ("Connectivity", "Managed services", "Products"),
)
_ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}
_ORDINAL_WORD = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_THOUSAND = Decimal(1000)

# -- the templates -------------------------------------------------------------------------------

_RELEASE = """\
{date_long} Page 1



{company}

<u>For Immediate Release</u>

For inquiries please contact: {contact}, Investor Relations Office <u>ir@{domain}</u>

{short} Announces Results of the {ordinal} Quarter {fy_label} Ended {end_long}

-- {tagline} --

{city}, {date_long} – {company} ({exchange}: {ticker}) ("{abbr}"), {blurb}, today announced its \
financial results for the {ordinal_word} quarter ended {end_long} of the fiscal year ending \
{year_end_long} ("fiscal {fy}"). The Company will host a conference call to discuss the results \
and its outlook.

The {ordinal} Quarter of {fy_label} Results Summary

- In {q_label}, total revenues {rev_verb} to {cur}{rev_bn} billion, {rev_yoy} compared to \
{yoy_label} and {rev_qoq} compared to {prev_label}.
- {abbr} reported {op_word} of {cur}{op_m} million in {q_label}, compared to {op_prev_word} of \
{cur}{op_prev_m} million in {prev_label}.
- {net_word} was {cur}{net_m} million in {q_label}.
- For {next_label}, {abbr} expects total revenues to be between {cur}{guide_lo} billion and \
{cur}{guide_hi} billion.

{boilerplate}

{date_long} Page 2

Revenues

Revenues in {q_label} totaled {cur}{rev_m} million, {rev_yoy} compared to {yoy_label}, and \
{rev_qoq} compared to {prev_label}.

{segment_sentences}

Costs and expenses

Total costs were {cur}{costs_m} million in {q_label}. Sales and marketing expenses were \
{cur}{sm_m} million and general and administrative expenses were {cur}{ga_m} million in \
{q_label}.

{outlook}

{upper} CONSOLIDATED STATEMENTS OF OPERATIONS (UNAUDITED)

For the Three Months Ended {col_dates}

(Expressed in Thousands of {currency_words} ({currency}))

{income_table}

{upper} CONSOLIDATED BALANCE SHEETS (UNAUDITED)

As of {col_dates}

(Expressed in Thousands of {currency_words} ({currency}))

{balance_table}

{disclaimer}
"""

_PRESENTATION = """\
{company} ({exchange}: {ticker})

{ordinal_cap} Quarter Results for the Fiscal Year Ending {year_end_long}

{date_long}

{disclaimer}

Highlights of {ordinal_word} quarter {fy_label} results

{highlights}

Outlook for {next_label}

- We expect revenues to grow as {segment0} demand continues.
- We will continue to invest in {segment1} and to improve margins.

Financial Results (Unaudited)

({currency} Millions)

{quarter_table}
"""

_TAGLINES = (
    "Solid revenue growth in a competitive market",
    "Margins improve as the service mix shifts",
    "Record quarterly revenues",
    "Continued investment in the core business",
)
_BLURBS = (
    "a leading provider of {s0} and {s1}",
    "one of the largest suppliers of {s0} in its markets",
    "a provider of {s0}, {s1} and {s2} to corporate customers",
)
_BOILERPLATE = (
    "Statements made in this release regarding the Company's intentions, beliefs, expectations "
    "or predictions for the future are forward-looking statements that are based on current "
    "expectations, assumptions, estimates and projections about its business and the industry. "
    "They are subject to risks, uncertainties and other factors that could cause actual results "
    "to differ materially from those contained in any forward-looking statement.",
    "Translations of amounts into other currencies are solely for the convenience of readers and "
    "should not be construed as representations that the amounts could be converted at any rate.",
    "The Company's customers continued to move workloads to managed platforms during the quarter, "
    "and demand from enterprise customers remained firm across all regions.",
)
_OUTLOOK = (
    "Outlook\n\nThe Company continues to focus on recurring services and on the efficiency of its "
    "operations. Management believes that the investments made during the year position the "
    "Company for sustained and profitable growth.",
    "Business outlook\n\nDemand for the Company's services remained strong. The Company expects "
    "to open new facilities during the coming quarters and to continue hiring engineers.",
)


# -- the numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Company:
    index: int
    name: str
    short: str
    abbr: str
    ticker: str
    exchange: str
    domain: str
    year_end_month: int  # 3 or 12
    first_fy: int
    currency: str
    segments: tuple[str, str, str]
    base_revenue: int  # quarterly revenues in thousands at the first fiscal year
    growth: float


@dataclass(frozen=True)
class _Quarter:
    revenues: tuple[int, int, int]
    costs: tuple[int, int, int]
    sales_marketing: int
    general_admin: int
    research: int
    other: int
    tax: int
    balance: dict[str, int]

    @property
    def total_revenues(self) -> int:
        return sum(self.revenues)

    @property
    def total_costs(self) -> int:
        return sum(self.costs)

    @property
    def costs_and_expenses(self) -> int:
        return self.total_costs + self.sales_marketing + self.general_admin + self.research

    @property
    def operating(self) -> int:
        return self.total_revenues - self.costs_and_expenses

    @property
    def before_tax(self) -> int:
        return self.operating + self.other

    @property
    def net(self) -> int:
        return self.before_tax - self.tax


def _company(seed: int, index: int) -> _Company:
    rng = random.Random(f"finkg-corpus:{seed}:company:{index}")
    first, second = rng.choice(_FIRST_WORDS), rng.choice(_SECOND_WORDS)
    legal = rng.choice(_LEGAL_FORMS)
    abbr = f"{first[0]}{second[0]}{legal[0]}".upper()
    ticker = f"{first[:2]}{second[:2]}".upper() + ("" if index < 1000 else str(index % 10))
    return _Company(
        index=index,
        name=f"{first} {second} {legal}",
        short=f"{first} {second}",
        abbr=abbr,
        ticker=ticker,
        exchange=rng.choice(_EXCHANGES),
        domain=f"{first}{second}.example".lower(),
        year_end_month=rng.choice((3, 12)),
        first_fy=rng.randint(1998, 2020),
        currency=rng.choice(("JPY", "JPY", "USD")),
        segments=rng.choice(_SEGMENTS),
        base_revenue=rng.randint(500, 50_000) * 1_000,
        growth=rng.uniform(-0.01, 0.04),
    )


def _quarter(seed: int, company: _Company, fy: int, q: int) -> _Quarter:
    """The figures (in thousands) of one company for one fiscal quarter, the same every time."""
    rng = random.Random(f"finkg-corpus:{seed}:figures:{company.index}:{fy}:{q}")
    steps = (fy - company.first_fy) * 4 + q
    total = int(company.base_revenue * (1 + company.growth) ** steps * rng.uniform(0.92, 1.08))
    first = int(total * rng.uniform(0.45, 0.6))
    second = int(total * rng.uniform(0.2, 0.35))
    revenues = (first, second, total - first - second)
    costs = tuple(int(part * rng.uniform(0.6, 0.9)) for part in revenues)
    trend = int(company.base_revenue * (1 + company.growth) ** steps)
    balance = _balance(random.Random(f"finkg-corpus:{seed}:shares:{company.index}"), rng, trend)
    return _Quarter(
        revenues=revenues,
        costs=(costs[0], costs[1], costs[2]),
        sales_marketing=int(total * rng.uniform(0.04, 0.1)),
        general_admin=int(total * rng.uniform(0.03, 0.08)),
        research=int(total * rng.uniform(0.005, 0.03)),
        other=int(total * rng.uniform(-0.03, 0.01)),
        tax=int(total * rng.uniform(0.0, 0.04)),
        balance=balance,
    )


def _balance(shares: random.Random, noise: random.Random, revenues: int) -> dict[str, int]:
    """A balance sheet at a quarter end: parts add to totals, assets equal liabilities + equity.

    ``shares`` draws the company's proportions (the same every quarter), ``noise`` the quarter's
    deviation from them.
    """

    class _Draw:
        @staticmethod
        def uniform(low: float, high: float) -> float:
            return shares.uniform(low, high) * noise.uniform(0.9, 1.1)

    rng = _Draw()
    b: dict[str, int] = {}
    scale = revenues * 4
    for name, low, high in (
        ("Cash and cash equivalents", 0.05, 0.3),
        ("Accounts receivable, net", 0.1, 0.25),
        ("Inventories", 0.01, 0.08),
        ("Prepaid expenses", 0.005, 0.02),
        ("Other current assets", 0.005, 0.02),
    ):
        b[name] = int(scale * rng.uniform(low, high))
    b["Total current assets"] = sum(b.values())
    noncurrent = {
        name: int(scale * rng.uniform(low, high))
        for name, low, high in (
            ("Other investments", 0.02, 0.1),
            ("Property and equipment, net", 0.1, 0.4),
            ("Other assets", 0.01, 0.05),
        )
    }
    b.update(noncurrent)
    b["Total assets"] = b["Total current assets"] + sum(noncurrent.values())
    current_liabilities = {
        name: int(scale * rng.uniform(low, high))
        for name, low, high in (
            ("Short-term borrowings", 0.02, 0.1),
            ("Accounts payable", 0.05, 0.15),
            ("Accrued expenses", 0.01, 0.04),
            ("Other current liabilities", 0.005, 0.02),
        )
    }
    b.update(current_liabilities)
    b["Total current liabilities"] = sum(current_liabilities.values())
    b["Long-term borrowings"] = int(scale * rng.uniform(0.02, 0.15))
    b["Other noncurrent liabilities"] = int(scale * rng.uniform(0.005, 0.03))
    b["Total liabilities"] = (
        b["Total current liabilities"]
        + b["Long-term borrowings"]
        + b["Other noncurrent liabilities"]
    )
    equity = b["Total assets"] - b["Total liabilities"]
    b["Common stock"] = int(scale * rng.uniform(0.05, 0.15))
    b["Additional paid-in capital"] = int(scale * rng.uniform(0.05, 0.2))
    b["Accumulated other comprehensive income"] = int(scale * rng.uniform(-0.01, 0.02))
    b["Retained earnings (accumulated deficit)"] = equity - (
        b["Common stock"]
        + b["Additional paid-in capital"]
        + b["Accumulated other comprehensive income"]
    )
    b["Total shareholders' equity"] = equity
    b["Total liabilities and shareholders' equity"] = b["Total assets"]
    return b


_BALANCE_ROWS: tuple[tuple[str, str | None], ...] = (
    ("ASSETS Current assets:", None),
    ("Cash and cash equivalents", "Cash and cash equivalents"),
    ("Accounts receivable, net", "Accounts receivable, net"),
    ("Inventories", "Inventories"),
    ("Prepaid expenses", "Prepaid expenses"),
    ("Other current assets", "Other current assets"),
    ("Total current assets", "Total current assets"),
    ("Other investments", "Other investments"),
    ("Property and equipment, net", "Property and equipment, net"),
    ("Other assets", "Other assets"),
    ("Total assets", "Total assets"),
    ("LIABILITIES AND SHAREHOLDERS' EQUITY Current liabilities:", None),
    ("Short-term borrowings", "Short-term borrowings"),
    ("Accounts payable", "Accounts payable"),
    ("Accrued expenses", "Accrued expenses"),
    ("Other current liabilities", "Other current liabilities"),
    ("Total current liabilities", "Total current liabilities"),
    ("Long-term borrowings", "Long-term borrowings"),
    ("Other noncurrent liabilities", "Other noncurrent liabilities"),
    ("Total liabilities", "Total liabilities"),
    ("Shareholders' equity:", None),
    ("Common stock", "Common stock"),
    ("Additional paid-in capital", "Additional paid-in capital"),
    ("Retained earnings (accumulated deficit)", "Retained earnings (accumulated deficit)"),
    ("Accumulated other comprehensive income", "Accumulated other comprehensive income"),
    ("Total shareholders' equity", "Total shareholders' equity"),
    ("Total liabilities and shareholders' equity", "Total liabilities and shareholders' equity"),
)


def _income_rows(company: _Company, q: _Quarter) -> list[tuple[str, int | None]]:
    s = company.segments
    return [
        ("Revenues:", None),
        (f"{s[0]} revenues", q.revenues[0]),
        (f"{s[1]} revenues", q.revenues[1]),
        (f"{s[2]} revenues", q.revenues[2]),
        ("Total revenues", q.total_revenues),
        ("Costs and expenses:", None),
        (f"Cost of {s[0].lower()} revenues", q.costs[0]),
        (f"Cost of {s[1].lower()} revenues", q.costs[1]),
        (f"Cost of {s[2].lower()} revenues", q.costs[2]),
        ("Total costs", q.total_costs),
        ("Sales and marketing", q.sales_marketing),
        ("General and administrative", q.general_admin),
        ("Research and development", q.research),
        ("Total costs and expenses", q.costs_and_expenses),
        ("Operating income (loss)", q.operating),
        ("Other income (expense)", q.other),
        ("Income (loss) before income tax expense", q.before_tax),
        ("Income tax expense", q.tax),
        ("Net income (loss)", q.net),
    ]


# -- calendar ------------------------------------------------------------------------------------


def _quarter_end(company: _Company, fy: int, q: int) -> date:
    """The last day of fiscal quarter ``q`` of ``fy`` (a March year is named by its start)."""
    if company.year_end_month == 12:
        month, year = 3 * q, fy
    else:
        month, year = 3 + 3 * q, fy
        if month > 12:
            month, year = month - 12, fy + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _year_end(company: _Company, fy: int) -> date:
    return _quarter_end(company, fy, 4)


def _previous(fy: int, q: int) -> tuple[int, int]:
    return (fy, q - 1) if q > 1 else (fy - 1, 4)


def _next(fy: int, q: int) -> tuple[int, int]:
    return (fy, q + 1) if q < 4 else (fy + 1, 1)


def _q_label(fy: int, q: int) -> str:
    return f"{q}Q{fy % 100:02d}"


def _long(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _short_date(day: date) -> str:
    return f"{_MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


# -- formatting ----------------------------------------------------------------------------------


def _amount(value: int) -> str:
    """A table number: thousands separators, negatives in parentheses."""
    return f"({-value:,})" if value < 0 else f"{value:,}"


def _round(value: int, places: int) -> Decimal:
    """``value`` (in thousands) in units of 10**places thousands, rounded half up."""
    return (Decimal(value) / Decimal(10) ** places).quantize(Decimal(1), ROUND_HALF_UP)


def _millions(value: int) -> str:
    return f"{_round(abs(value), 3):,}"


def _billions(value: int) -> str:
    return f"{(Decimal(abs(value)) / Decimal(10) ** 6).quantize(Decimal('0.1'), ROUND_HALF_UP)}"


def _change(now: int, before: int) -> str:
    if before == 0:
        return "unchanged"
    ratio = (Decimal(now - before) / abs(Decimal(before)) * 100).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return f"an increase of {ratio}%" if ratio >= 0 else f"a decrease of {-ratio}%"


def _percent_change(now: int, before: int) -> str:
    """A change as a presentation prints it: "14.2% increase"."""
    text = _change(now, before)
    if text == "unchanged":
        return text
    ratio = text.rsplit(" ", 1)[1]
    return f"{ratio} {'increase' if now >= before else 'decrease'}"


def _table(header: list[str], rows: list[list[str]], layout: str, title: str = "") -> str:
    """A pipe table, or a tab table as PDF converters print them: the title in the header's first
    cell and no rows that hold only a section label."""
    if layout == "tab":
        kept = [row for row in rows if any(cell for cell in row[1:])]
        return "\n".join("\t".join(row) for row in [[title or header[0], *header[1:]], *kept])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _currency_symbol(company: _Company) -> str:
    return "JPY" if company.currency == "JPY" else "$"


# -- documents -----------------------------------------------------------------------------------


def _release(seed: int, company: _Company, fy: int, q: int, rng: random.Random) -> str:
    periods = [(fy, q), (fy - 1, q), _previous(fy, q)]
    figures = [_quarter(seed, company, *period) for period in periods]
    now, year_ago, before = figures
    ends = [_quarter_end(company, *period) for period in periods]
    day = ends[0] + timedelta(days=rng.randint(30, 50))
    cur = _currency_symbol(company)
    layout = rng.choice(("pipe", "pipe", "tab"))
    columns = [_short_date(end) for end in ends]
    income_table = _table(
        ["", *columns],
        [
            [label, *(("" if v is None else _amount(v)) for v in values)]
            for label, *values in _zip_rows([_income_rows(company, f) for f in figures])
        ],
        layout,
        "Statements of Operations",
    )
    balance_table = _table(
        ["", *columns],
        [
            [label, *(("" if key is None else _amount(f.balance[key])) for f in figures)]
            for label, key in _BALANCE_ROWS
        ],
        layout,
        "Balance Sheets",
    )
    segment_sentences = "\n\n".join(
        f"{name} revenues were {cur}{_millions(now.revenues[i])} million in {_q_label(fy, q)}, "
        f"{_change(now.revenues[i], year_ago.revenues[i])} compared to {_q_label(fy - 1, q)}."
        for i, name in enumerate(company.segments)
    )
    guide = _quarter(seed, company, *_next(fy, q)).total_revenues
    s0, s1, s2 = (s.lower() for s in company.segments)
    return _RELEASE.format(
        date_long=_long(day),
        company=company.name,
        contact=f"{rng.choice(('Ken', 'Mari', 'Alex', 'Dana', 'Yuki'))} "
        f"{rng.choice(('Sato', 'Miller', 'Tanaka', 'Ng', 'Brown'))}",
        domain=company.domain,
        short=company.short,
        ordinal=_ORDINAL[q],
        ordinal_word=_ORDINAL_WORD[q],
        fy_label=f"FY{fy}",
        end_long=_long(ends[0]),
        tagline=rng.choice(_TAGLINES),
        city=rng.choice(_CITIES),
        exchange=company.exchange,
        ticker=company.ticker,
        abbr=company.abbr,
        blurb=rng.choice(_BLURBS).format(s0=s0, s1=s1, s2=s2),
        year_end_long=_long(_year_end(company, fy)),
        fy=fy,
        q_label=_q_label(fy, q),
        yoy_label=_q_label(fy - 1, q),
        prev_label=_q_label(*periods[2]),
        next_label=_q_label(*_next(fy, q)),
        rev_verb="grew" if now.total_revenues >= year_ago.total_revenues else "declined",
        cur=cur,
        rev_bn=_billions(now.total_revenues),
        rev_m=_millions(now.total_revenues),
        rev_yoy=_change(now.total_revenues, year_ago.total_revenues),
        rev_qoq=_change(now.total_revenues, before.total_revenues),
        op_word="operating income" if now.operating >= 0 else "an operating loss",
        op_m=_millions(now.operating),
        op_prev_word="operating income" if before.operating >= 0 else "an operating loss",
        op_prev_m=_millions(before.operating),
        net_word="Net income" if now.net >= 0 else "Net loss",
        net_m=_millions(now.net),
        guide_lo=_billions(int(guide * 0.95)),
        guide_hi=_billions(int(guide * 1.05)),
        boilerplate="\n\n".join(_BOILERPLATE[:2]),
        segment_sentences=segment_sentences,
        costs_m=_millions(now.total_costs),
        sm_m=_millions(now.sales_marketing),
        ga_m=_millions(now.general_admin),
        outlook=rng.choice(_OUTLOOK),
        upper=company.name.upper(),
        col_dates=f"{columns[0]}, {columns[1]} and {columns[2]}",
        currency_words="Japanese Yen" if company.currency == "JPY" else "U.S. Dollars",
        currency=company.currency,
        income_table=income_table,
        balance_table=balance_table,
        disclaimer=_BOILERPLATE[2],
    )


def _zip_rows(
    tables: list[list[tuple[str, int | None]]],
) -> list[tuple[str, int | None, int | None, int | None]]:
    return [
        (a[0], a[1], b[1], c[1]) for a, b, c in zip(tables[0], tables[1], tables[2], strict=True)
    ]


def _presentation(seed: int, company: _Company, fy: int, q: int, rng: random.Random) -> str:
    quarters = [_quarter(seed, company, fy, k) for k in range(1, q + 1)]
    now = quarters[-1]
    before = _quarter(seed, company, *_previous(fy, q))
    year_ago = _quarter(seed, company, fy - 1, q)
    day = _quarter_end(company, fy, q) + timedelta(days=rng.randint(30, 50))
    cur = f"{company.currency} " if company.currency == "JPY" else "$"
    layout = rng.choice(("tab", "tab", "pipe"))

    def millions(value: int) -> str:
        return _amount(int(_round(value, 3)))

    header = ["Statements of Operation", *(_q_label(fy, k) for k in range(1, q + 1))]
    if q == 4:
        header.append(f"FY{fy}")
    rows: list[list[str]] = []
    for label, field in (
        ("Total revenues", "total_revenues"),
        ("Total costs", "total_costs"),
        ("Sales and marketing", "sales_marketing"),
        ("General and administrative", "general_admin"),
        ("Research and development", "research"),
        ("Operating income (loss)", "operating"),
        ("Income (loss) before income tax expense", "before_tax"),
        ("Net income (loss)", "net"),
    ):
        values: list[int] = [getattr(f, field) for f in quarters]
        row = [label, *(millions(v) for v in values)]
        if q == 4:
            row.append(millions(sum(values)))
        rows.append(row)
    rows.append(["Balance Sheet", *([""] * (len(header) - 1))])
    for key in ("Total assets", "Total liabilities", "Total shareholders' equity"):
        row = [key, *(millions(f.balance[key]) for f in quarters)]
        if q == 4:
            row.append("")
        rows.append(row)
    op_word = "Operating income" if now.operating >= 0 else "Operating loss"
    net_word = "Net income" if now.net >= 0 else "Net loss"
    highlights = "\n".join(
        (
            f"- **Revenues:** {cur}{_millions(now.total_revenues)} million, "
            f"{_percent_change(now.total_revenues, before.total_revenues)} QoQ.",
            f"- **{op_word}:** {cur}{_millions(now.operating)} million, compared to "
            f"{'operating income' if year_ago.operating >= 0 else 'an operating loss'} of "
            f"{cur}{_millions(year_ago.operating)} million in {_q_label(fy - 1, q)}.",
            f" - {company.segments[0]} revenues were {cur}{_millions(now.revenues[0])} million.",
            f"- **{net_word}:** {cur}{_millions(now.net)} million.",
        )
    )
    return _PRESENTATION.format(
        company=company.name,
        exchange=company.exchange,
        ticker=company.ticker,
        ordinal_cap=_ORDINAL_WORD[q].capitalize(),
        year_end_long=_long(_year_end(company, fy)),
        date_long=_long(day),
        disclaimer=_BOILERPLATE[0],
        ordinal_word=_ORDINAL_WORD[q],
        fy_label=f"FY{fy}",
        highlights=highlights,
        next_label=_q_label(*_next(fy, q)),
        segment0=company.segments[0].lower(),
        segment1=company.segments[1].lower(),
        currency=company.currency,
        quarter_table=_table(header, rows, layout),
    )


def generate_document(index: int, seed: int = 0) -> tuple[str, str]:
    """Write document ``index`` of the corpus of ``seed``: its file name and its text.

    Documents ``8k`` to ``8k + 7`` belong to company ``k``: a release and a presentation for
    each quarter of one fiscal year.

    >>> name, text = generate_document(0, seed=1)
    >>> name.startswith("000000_") and "Page 1" in text
    True
    """
    company = _company(seed, index // DOCS_PER_COMPANY)
    position = index % DOCS_PER_COMPANY
    rng = random.Random(f"finkg-corpus:{seed}:document:{index}")
    fy = company.first_fy + 2
    q = position // 2 + 1
    kind = "release" if position % 2 == 0 else "presentation"
    if kind == "release":
        text = _release(seed, company, fy, q, rng)
    else:
        text = _presentation(seed, company, fy, q, rng)
    slug = company.short.lower().replace(" ", "-")
    return f"{index:06d}_{slug}_{_q_label(fy, q).lower()}_{kind}.txt", text


def generate_corpus(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` synthetic documents into ``folder`` (created if missing); return their paths.

    The same ``seed`` writes the same bytes; the first ``n`` documents do not depend on
    ``count``.

    Args:
        folder: where the ``.txt`` files go.
        count: how many documents.
        seed: the seed of every choice and number.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.name[:7] for p in generate_corpus(folder, 3, seed=1)]
    ['000000_', '000001_', '000002_']
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index in range(count):
        name, text = generate_document(index, seed)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
