"""Tables to observations: periods from headers, metrics from row labels, checked values.

The reading of one table:

1. **Header.** Header rows are the rows whose cells name periods ("2Q02", "Sept 30, 2002",
   "FY16 Target ( 16/4 ~ 17/3 )") or column roles ("USD", "JPY", "% of Total Revenues",
   "YoY Chg %"). Amount columns get a period and a basis. When the conversion shifted the header
   cells, the amount columns (those in the reporting currency) are paired with the periods in
   reading order. USD convenience translations and "% of total" columns are never stored as
   observations; a change column ("YoY Chg %") gives a :class:`StatedChange` of the first amount
   column's period against the amount column just left of it, when the two periods are a quarter
   (or half) apart or a year apart.
2. **Scale.** From captions above the table or inside it ("Expressed in Thousands of Japanese
   Yen", "(JPY in millions)", "Unit: JPY billion").
3. **Rows.** A row label is matched against the ontology's metric labels; failing that, it is a
   segment of the section it sits in ("Revenues:") or of the metric the table's title names
   ("Table 1. Number of Contracts").
4. **Checks.** Where the table prints a USD translation or a "% of total", each amount is checked
   against it; a value that disagrees is skipped and reported, never stored. A cell holding two
   numbers is only split when its row label is two labels run together and every cell of the row
   splits the same way.

Every row with numbers that produces no observation gets a :class:`Diagnostic` with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from finkg.loaders.basis import basis_of
from finkg.loaders.blocks import Block
from finkg.loaders.facts import Basis, Diagnostic, Observation, SourceSpan, StatedChange, plain
from finkg.loaders.lexicon import LabelMatch, Lexicon, MetricInfo, normalize_label
from finkg.loaders.narrative import comparison_of
from finkg.loaders.periods import FiscalCalendar, Period, find_periods, parse_period
from finkg.loaders.quantities import (
    UNIT_WORDS,
    CellNumber,
    currencies_in,
    parse_scale_caption,
    unit_in,
)
from finkg.loaders.tables import Row, cell_numbers, is_number_token, split_collapsed
from finkg.loaders.tables import table_rows as grid_rows
from finkg.loaders.text import Line

__all__ = [
    "Header",
    "TableContext",
    "has_period_header",
    "read_collapsed_table",
    "read_table",
    "statement_kind_of",
]

ColumnRole = Literal["amount", "usd", "share", "change"]

_STATEMENT_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"cash\s*flows?", re.I), "CashFlowStatement"),
    (re.compile(r"balance\s*sheets?|financial\s+position", re.I), "BalanceSheet"),
    (
        re.compile(
            r"statements?\s+of\s+(?:operations?|income)|income\s+statements?|p\s*/\s*l", re.I
        ),
        "IncomeStatement",
    ),
)
_ROLE_WORDS: tuple[tuple[re.Pattern[str], ColumnRole], ...] = (
    (
        re.compile(r"\b(?:yoy|qoq|chg|change|changes|growth|against|increase|decrease)\b", re.I),
        "change",
    ),
    (re.compile(r"%\s*of\b|\bratio\b|^\s*%\s*$|\bshare\b", re.I), "share"),
    (re.compile(r"\bUSD\b|US\$|U\.S\.\s*dollars?", re.I), "usd"),
)
_DURATION_PHRASE = re.compile(
    r"\b(?:for\s+the\s+)?(three|six|nine|twelve|3|6|9|12)\s+months?\s+ended\b|\byears?\s+ended\b",
    re.I,
)
_TABLE_TITLE = re.compile(r"^\s*t?able\s+\d+\s*[.:]\s*(?P<title>.+)$", re.I)
_BEGINNING = re.compile(r"\bbeginning\s+of\s+(?:the\s+)?(?:period|year|quarter)\b", re.I)
_ENDING = re.compile(r"\bend\s+of\s+(?:the\s+)?(?:period|year|quarter)\b", re.I)
_SEGMENT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^cost of (?P<segment>.+?)(?: revenues?)?$"), "cost of revenues"),
    (re.compile(r"^(?P<segment>.+?) (?:revenues?|net sales)$"), "revenues"),
    (re.compile(r"^(?P<segment>.+?) gross (?:margin|profit)$"), "gross margin"),
)
"""English phrasing that puts a segment inside a metric's label ("Cost of X", "X revenues")."""


def statement_kind_of(text: str) -> str | None:
    """Name the financial statement a caption or heading introduces.

    >>> statement_kind_of("CONSOLIDATED STATEMENTS OF CASH FLOWS (UNAUDITED)")
    'CashFlowStatement'
    >>> statement_kind_of("Summary of Consolidated Balance Sheets")
    'BalanceSheet'
    """
    for pattern, kind in _STATEMENT_WORDS:
        if pattern.search(text):
            return kind
    return None


@dataclass
class TableContext:
    """What a table needs from its document: calendar, date, captions and exchange rates."""

    document: str
    calendar: FiscalCalendar
    lexicon: Lexicon
    reference: date | None = None
    captions: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    usd_rate: tuple[Decimal, str] | None = None
    """The price of one US dollar and the currency it is stated in ("JPY150.25 = US$1")."""
    previous_header: Header | None = None
    changes: list[StatedChange] | None = None
    """When given, the stated changes of the tables' change columns are appended to it."""


@dataclass
class Column:
    """An amount column: its index in the row, its period and the basis its header names."""

    index: int
    period: Period
    basis: Basis
    usd: int | None = None
    share: int | None = None


@dataclass
class Header:
    """The parsed header of a (sub-)table."""

    columns: list[Column]
    months: int | None = None
    changes: list[tuple[int, Period, Period]] = field(default_factory=list)
    """Change columns: (index, later period, earlier period)."""


@dataclass
class _Scale:
    currency: str | None
    unit: str | None
    exponent: int


def _split_periods(text: str, calendar: FiscalCalendar, reference: date | None) -> list[Period]:
    """All periods in a header cell, left to right ("Sept 30, 2002 Sept 30, 2001" gives two).

    A cell that speaks of a change between periods ("YoY (FY16 to FY15)") names none.
    """
    text = text.strip()
    if not text or _ROLE_WORDS[0][0].search(text):
        return []
    whole = parse_period(text, calendar, reference=reference)
    if whole is not None:
        return [whole]
    return [match.period for match in find_periods(text, calendar, reference=reference)]


_YEAR_CELL = re.compile(r"^(?:19|20)\d{2}$")
_ENDED = re.compile(
    r"\b(?P<what>(?:three|six|nine|twelve|3|6|9|12)\s+months|(?:fiscal\s+)?years?)\s+ended\s+"
    r"(?P<md>[A-Z][a-z]+\.?\s+\d{1,2})\b",
    re.I,
)
"""A header that names its columns by year only: "Three Months Ended September 30," / 2024."""


_PROSE_AMOUNT = re.compile(
    r"(?:JPY|USD|EUR|GBP|CNY|US\$|\$|¥)\s?\d[\d,]*(?:\.\d+)?\s*(?:million|billion|thousand)\b",
    re.I,
)
"""An amount written out in words ("JPY38,452 million"): a cell holding one is prose."""


def _is_header_row(row: Row, context: TableContext) -> bool:
    values = [cell for cell in row.values if cell]
    if not values or any(_PROSE_AMOUNT.search(cell) for cell in values):
        return False
    if not row.label and (
        all(_YEAR_CELL.match(cell) for cell in values)
        or (len(values) == 1 and _ENDED.search(values[0]))
    ):
        return True
    if any(
        cell_numbers(cell)
        for cell in values
        if not _split_periods(cell, context.calendar, context.reference)
    ):
        numbers = [cell for cell in values if cell_numbers(cell)]
        if len(numbers) * 2 >= len(values):
            return False
    return any(
        _split_periods(cell, context.calendar, context.reference)
        or any(p.search(cell) for p, _ in _ROLE_WORDS)
        or currencies_in(cell)
        for cell in values
    )


def _header_months(texts: Sequence[str]) -> int | None:
    for text in texts:
        hit = _DURATION_PHRASE.search(text)
        if hit:
            words = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
            count = hit.group(1)
            if count is None:
                return 12
            return words.get(count.lower()) or int(count)
    return None


def _as_duration(period: Period, months: int | None, calendar: FiscalCalendar) -> Period | None:
    """Turn a header date of an income or cash-flow statement into the period ending on it."""
    if not period.is_instant:
        return period
    if months is None:
        return None
    return calendar.ending(period.end, months)


def _parse_header(
    rows: Sequence[Row],
    context: TableContext,
    statement: str | None,
    width: int,
    currency: str | None,
) -> tuple[Header | None, str | None]:
    """Build the columns of a header from its rows; returns (header, reason when it fails).

    ``currency`` is the reporting currency the captions state: a column named in another
    currency is a convenience translation.
    """
    months = _header_months([*context.captions, *(row.line.text for row in rows)])
    column_text: dict[int, list[str]] = {}
    periods: list[tuple[int, Period, Basis]] = []
    ended = next(
        (
            hit
            for text in (*(r.line.text for r in rows), *context.captions)
            if (hit := _ENDED.search(text))
        ),
        None,
    )
    for row in rows:
        for index, cell in enumerate(row.cells):
            if index == 0 or not cell:
                continue
            column_text.setdefault(index, []).append(cell)
            if ended is not None and _YEAR_CELL.match(cell):
                phrase = f"{ended.group('what')} Ended {ended.group('md')}, {cell}"
                named = parse_period(phrase, context.calendar, reference=context.reference)
                if named is not None:
                    periods.append((index, named, "Actual"))
                continue
            for period in _split_periods(cell, context.calendar, context.reference):
                if statement in ("IncomeStatement", "CashFlowStatement") or (
                    months is not None and statement != "BalanceSheet"
                ):
                    converted = _as_duration(period, months, context.calendar)
                    if converted is None:
                        return None, f"header date {period.label} without a stated duration"
                    period = converted
                periods.append((index, period, basis_of(cell) or "Actual"))
    if not periods:
        return None, "no period in the table header"
    roles: dict[int, ColumnRole] = {}
    for index, texts in column_text.items():
        joined = " ".join(texts)
        stripped = joined
        for period_cell in texts:
            if _split_periods(period_cell, context.calendar, context.reference):
                stripped = stripped.replace(period_cell, " ")
        in_column = currencies_in(stripped)
        for pattern, role in _ROLE_WORDS:
            if pattern.search(stripped) and (role != "usd" or currency != "USD"):
                roles[index] = role
                break
        else:
            if currency in in_column or re.search(r"\bamount\b", stripped, re.I):
                roles[index] = "amount"
            elif in_column:
                roles[index] = "usd"  # a convenience translation into another currency
    period_columns = [index for index, _, _ in periods]
    currency_columns = [
        index
        for index, texts in column_text.items()
        if currency is not None
        and currency in currencies_in(" ".join(texts))
        and roles.get(index) not in ("usd", "share", "change")
    ]
    columns: list[Column] = []
    aligned = len(set(period_columns)) == len(period_columns)
    if currency_columns and sorted(currency_columns) != sorted(period_columns):
        aligned = False
    if aligned:
        for index, period, basis in periods:
            if roles.get(index) == "usd" and not currency_columns:
                continue
            columns.append(Column(index, period, basis))
    else:
        amount = sorted(currency_columns)
        if len(amount) != len(periods):
            return None, (
                f"{len(periods)} periods in the header but {len(amount)} amount columns: "
                "the header does not line up"
            )
        columns = [
            Column(index, period, basis)
            for index, (_, period, basis) in zip(amount, periods, strict=True)
        ]
    # checksum columns: the USD translation left of an amount, the "% of total" right of it
    amount_indexes = [column.index for column in columns]
    for column in columns:
        nxt = min((i for i in amount_indexes if i > column.index), default=width + 1)
        prev = max((i for i in amount_indexes if i < column.index), default=0)
        column.share = next(
            (i for i in range(column.index + 1, nxt) if roles.get(i) == "share"), None
        )
        column.usd = next(
            (i for i in range(column.index - 1, prev, -1) if roles.get(i) == "usd"), None
        )
    return Header(columns, months, _change_columns(roles, columns)), None


def _change_columns(
    roles: dict[int, ColumnRole], columns: Sequence[Column]
) -> list[tuple[int, Period, Period]]:
    """Pair each change column with the periods it compares: the first amount column's and that
    of the nearest amount column on its left, when these are a period or a year apart."""
    found: list[tuple[int, Period, Period]] = []
    if len(columns) < 2 or columns[0].basis != "Actual":
        return found
    later = columns[0]
    for index, role in sorted(roles.items()):
        if role != "change":
            continue
        left = [column for column in columns if later.index < column.index < index]
        if not left:
            continue
        earlier = left[-1]
        if earlier.basis == "Actual" and comparison_of(later.period, earlier.period) is not None:
            found.append((index, later.period, earlier.period))
    return found


_LAST_WORD = re.compile(r"\b([A-Za-z]{5,})(?=\W*$)")


def _complete_scale_word(text: str) -> str:
    """Complete a scale word the conversion cut off at the end of a cell ("(JPY in millio").

    The word is completed only when exactly one scale word of the unit table starts with it.
    """
    hit = _LAST_WORD.search(text)
    if hit is None:
        return text
    stem = hit.group(1).lower()
    words = {w for w, entry in UNIT_WORDS.items() if entry.role == "scale" and w.startswith(stem)}
    if stem in words or len({UNIT_WORDS[w].exponent for w in words}) != 1:
        return text
    return text[: hit.start()] + max(words, key=len) + text[hit.end() :]


def _scale(texts: Sequence[str]) -> _Scale | None:
    """The scale a caption states: the whole text, else each bracketed part or cell of it.

    A scale word cut off at the end of a cell by the conversion ("(JPY in millio") is completed.
    """
    for text in reversed(texts):
        candidates = [text, *re.findall(r"\(([^()]*)\)?", text), *text.split("|")]
        for candidate in candidates:
            candidate = _complete_scale_word(candidate.strip(" |"))
            found = parse_scale_caption(candidate) if candidate else None
            if found is None and "(" in candidate:
                found = parse_scale_caption(candidate.split("(", 1)[1].rstrip(")"))
            if found is not None:
                return _Scale(found.currency, found.unit, found.exponent)
    return None


_TITLE_CASE_BREAK = re.compile(r"(?<=[a-z,)]) (?=(?:Total\b|[A-Z][a-z]))")


def _merged_label_parts(label: str) -> list[str] | None:
    """Split a label that is two labels run together ("Accounts receivable, net Inventories")."""
    words = label.split()
    lower = sum(1 for word in words[1:] if word[:1].islower())
    if " Total " in f" {label} "[1:] and not label.startswith("Total"):
        head, _, tail = label.partition(" Total ")
        return [head, f"Total {tail}"]
    if lower < 2:
        return None
    parts = _TITLE_CASE_BREAK.split(label)
    return parts if len(parts) == 2 else None


@dataclass
class _Resolution:
    metric: MetricInfo
    role: str
    segment: str | None


class _TableReader:
    def __init__(self, block_rows: list[Row], context: TableContext, headings: Sequence[str]):
        self.rows = block_rows
        self.context = context
        self.lexicon = context.lexicon
        self.observations: list[Observation] = []
        self.diagnostics: list[Diagnostic] = []
        texts = [*headings, *context.captions]
        self.statement = next(
            (kind for kind in map(statement_kind_of, reversed(texts)) if kind), None
        )
        self.captions = list(context.captions)
        self.scale = _scale(self.captions)
        self.title_metric: LabelMatch | None = self._title_metric(
            [*context.captions, *context.after]
        )
        self.sections: list[str] = []
        self.header: Header | None = None
        self.group: list[int] = []  # observations of the rows since the last total row
        self.group_complete = True
        self.held: list[Observation] = []
        """Values that failed their USD or % of total check: a sum may yet prove them."""
        self.group_held: list[Observation] = []  # held values of the rows since the last total
        self.subtotals: dict[str, list[Observation]] = {}
        """Values (taken or held) of the segment total rows since the last grand total."""

    # -- context -------------------------------------------------------------------------
    def _title_metric(self, texts: Sequence[str]) -> LabelMatch | None:
        for text in reversed(texts):
            hit = _TABLE_TITLE.match(text)
            if hit:
                title = re.sub(r"\(.*?\)|\(.*$", "", hit.group("title")).strip()
                found = self.lexicon.match(title, self.statement)
                if found is None:
                    mentions = self.lexicon.mentions(normalize_label(title), self.statement)
                    found = mentions[0].match if len(mentions) == 1 else None
                return found
        return None

    def diagnose(
        self, row: Row, reason: str, severity: str = "info", *, breaks_group: bool = True
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                self.context.document,
                row.line.number,
                reason,
                row.line.raw.strip(),
                "warning" if severity == "warning" else "info",
            )
        )
        if breaks_group:
            self.group_complete = False  # a row with a problem: its group cannot be summed

    # -- rows ----------------------------------------------------------------------------
    def resolve(self, label: str) -> _Resolution | None:
        text = re.sub(r"\s*\((?:\d|\*)\)|\*", "", label).strip().rstrip(":").strip()
        match = self.lexicon.match(text, self.statement)
        if match is not None:
            return _Resolution(match.metric, match.role, None)
        text = re.sub(r"\s*\([^()]*\)", "", text).strip() or text  # a description in brackets
        title = self.title_metric
        if text.lower().startswith("total ") and title is not None:
            rest = self.lexicon.match(text[6:], self.statement)
            if rest is not None and rest.metric == title.metric:
                return _Resolution(title.metric, title.role, None)
            if rest is None:
                return _Resolution(title.metric, title.role, self._strip_metric(text[6:], title))
        for section in reversed(self.sections):
            combined = self.lexicon.match(f"{text} {section}", self.statement, threshold=1.0)
            if combined is not None:  # "Other" under "Investing Activities:"
                return _Resolution(combined.metric, combined.role, None)
        key = normalize_label(text)
        for pattern, metric_label in _SEGMENT_PATTERNS:
            hit = pattern.match(key)
            if hit:
                found = self.lexicon.match(metric_label, self.statement)
                if found is not None:
                    segment = self._segment_label(text, hit.group("segment"))
                    return _Resolution(found.metric, found.role, segment)
        if title is not None:
            return _Resolution(title.metric, title.role, self._segment_label(text, key))
        for section in reversed(self.sections):
            found = self.lexicon.match(section, self.statement)
            if found is not None and found.metric.unit_kind == "Monetary":
                parent = [s for s in self.sections if s != section]
                segment = text
                if parent and normalize_label(text) in ("other", "others"):
                    segment = f"{text} {parent[-1]}"
                return _Resolution(found.metric, found.role, segment)
        return None

    def _strip_metric(self, text: str, title: LabelMatch) -> str | None:
        """The segment in "Dedicated Access Services Contracts" under a "Contracts" table."""
        words = text.split()
        for cut in range(1, len(words)):
            tail = self.lexicon.match(" ".join(words[cut:]), self.statement)
            if tail is not None and tail.metric == title.metric:
                return " ".join(words[:cut])
        return text

    @staticmethod
    def _segment_label(text: str, key: str) -> str:
        """Recover the printed words of a segment from the label it came from."""
        words = text.split()
        wanted = key.split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                if normalize_label(" ".join(words[start:end])) == key:
                    return " ".join(words[start:end])
        return " ".join(wanted).capitalize()

    def unit_and_exponent(
        self, metric: MetricInfo, number: CellNumber, row: Row
    ) -> tuple[str, int] | str:
        kind = metric.unit_kind
        scale = self.scale
        if kind == "Monetary":
            if scale is None or scale.currency is None:
                return "no currency or scale stated for the table"
            return scale.currency, scale.exponent
        if kind == "MonetaryPerShare":
            named = currencies_in(f"{number.text} {row.label}")
            currency = number.currency or (named[0] if named else None)
            currency = currency or (scale.currency if scale else None)
            if currency is None:
                return "no currency stated for a per-share amount"
            return currency, 0
        if kind == "Ratio":
            return "percent", 0
        if kind == "Count":
            return "count", 0
        if kind == "DataRate":
            unit = (scale.unit if scale else None) or unit_in(row.label)
            return (unit, 0) if unit else "no data-rate unit stated"
        if kind == "Area":
            return "m2", 0
        return f"unit kind {kind} is not read from tables"

    def check(
        self, column: Column, row: Row, value: Decimal, places: int, totals: dict[int, Decimal]
    ) -> str | None:
        """Return why a value fails its USD translation or "% of total" check, else None.

        The tolerances admit what documents really print: a translation or a percentage one
        unit off in its last place (rounded twice, or truncated), and a rate rounded to the
        cent. A garbled value misses by far more.
        """
        cells = row.cells
        stated = self.context.usd_rate
        reporting = self.scale.currency if self.scale else None
        rate = stated[0] if stated and stated[1] == reporting else None
        half = Decimal("0.5") * Decimal(10) ** -places
        if column.usd is not None and rate is not None and column.usd < len(cells):
            usd = cell_numbers(cells[column.usd])
            if usd:
                if all(
                    abs(n.value * rate - value)
                    > Decimal(10) ** -n.places * rate + abs(n.value) * Decimal("0.005") + half
                    for n in usd
                ):
                    return "disagrees with its USD translation"
                return None
        total = totals.get(column.index)
        if column.share is not None and total and column.share < len(cells):
            shares = cell_numbers(cells[column.share]) or []
            if shares:
                ratio = value / total * 100
                if all(abs(abs(ratio) - abs(n.value)) > Decimal(10) ** -n.places for n in shares):
                    return "disagrees with its % of total"
        return None

    def totals(self, header: Header, rows: Sequence[Row]) -> dict[int, Decimal]:
        """The amount printed in each column's 100% row, for the "% of total" checks."""
        found: dict[int, Decimal] = {}
        for row in rows:
            for column in header.columns:
                if column.share is None or column.share >= len(row.cells):
                    continue
                shares = cell_numbers(row.cells[column.share]) or []
                amounts = (
                    cell_numbers(row.cells[column.index]) if column.index < len(row.cells) else None
                )
                if len(shares) == 1 and shares[0].value == 100 and amounts and len(amounts) == 1:
                    found.setdefault(column.index, amounts[0].value)
        return found

    def emit(
        self,
        row: Row,
        resolution: _Resolution,
        header: Header,
        cells: Sequence[str],
        totals: dict[int, Decimal],
        check_row: Row,
    ) -> None:
        metric = resolution.metric
        for column in header.columns:
            cell = cells[column.index] if column.index < len(cells) else ""
            numbers = cell_numbers(cell)
            if numbers is None:
                self.diagnose(row, f"garbled number {cell!r} for {column.period.label}", "warning")
                continue
            amounts = [n for n in numbers if n.unit != "percent" or metric.unit_kind == "Ratio"]
            if len(numbers) > 1 and metric.unit_kind != "Ratio":
                amounts = [n for n in numbers if n.unit != "percent"]
            if not amounts:
                continue
            if len(amounts) > 1:
                self.diagnose(
                    row,
                    f"merged cell {cell!r} for {column.period.label}: which number is "
                    "this row's cannot be told",
                    "warning",
                )
                continue
            number = amounts[0]
            unit = self.unit_and_exponent(metric, number, row)
            if isinstance(unit, str):
                self.diagnose(row, f"{metric.name}: {unit}")
                continue
            unit_code, exponent = unit
            problem = self.check(column, check_row, number.value, number.places, totals)
            if problem:
                self.diagnose(
                    row,
                    f"{metric.name} {column.period.label}: {number.text!r} {problem}; skipped",
                    "warning",
                    breaks_group=False,
                )
            value = number.value * (Decimal(10) ** exponent)
            if resolution.role == "loss":
                value = -abs(value)
            elif resolution.role == "negated":
                value = -value
            period = self.period_for(metric, column.period, row.label)
            if period is None:
                self.diagnose(row, f"{metric.name}: no instant for {column.period.label}")
                continue
            (self.held if problem else self.observations).append(
                Observation(
                    metric=metric.name,
                    period=period,
                    value=plain(value, number.places - exponent),
                    unit=unit_code,
                    decimals=number.places - exponent,
                    sources=(
                        SourceSpan(self.context.document, row.line.number, row.line.raw.strip()),
                    ),
                    basis=column.basis,
                    segment=resolution.segment,
                )
            )

        self.emit_changes(row, resolution, header, cells)

    def emit_changes(
        self, row: Row, resolution: _Resolution, header: Header, cells: Sequence[str]
    ) -> None:
        """The row's stated changes, one per change column holding exactly one number."""
        metric = resolution.metric
        target = self.context.changes
        if target is None or metric.unit_kind == "Ratio" or metric.period_type != "Duration":
            return
        for index, later, earlier in header.changes:
            comparison = comparison_of(later, earlier)
            cell = cells[index] if index < len(cells) else ""
            numbers = cell_numbers(cell)
            if comparison is None or not numbers or len(numbers) != 1:
                continue
            number = numbers[0]
            if number.unit not in (None, "percent") or number.currency is not None:
                continue
            target.append(
                StatedChange(
                    metric=metric.name,
                    period=later,
                    comparison=comparison,
                    value=number.value,
                    decimals=number.places,
                    sources=(
                        SourceSpan(self.context.document, row.line.number, row.line.raw.strip()),
                    ),
                    segment=resolution.segment,
                )
            )

    def period_for(self, metric: MetricInfo, period: Period, label: str) -> Period | None:
        if _BEGINNING.search(label) and period.start is not None:
            return Period.instant(period.start - timedelta(days=1))
        if _ENDING.search(label) or (metric.period_type == "Instant" and not period.is_instant):
            return Period.instant(period.end)
        if metric.period_type == "Duration" and period.is_instant:
            return None
        return period

    def read(self) -> None:
        rows = self.rows
        index = 0
        width = max((len(row.cells) for row in rows), default=0)
        while index < len(rows):
            row = rows[index]
            if self.caption_row(row):
                index += 1
                continue
            header_rows: list[Row] = []
            while index < len(rows) and _is_header_row(rows[index], self.context):
                header_rows.append(rows[index])
                index += 1
            if header_rows:
                kind = statement_kind_of(header_rows[0].label)
                self.statement = kind or self.statement
                currency = self.scale.currency if self.scale else None
                header, reason = _parse_header(
                    header_rows, self.context, self.statement, width, currency
                )
                self.header = header
                self.group, self.group_complete = [], True
                self.group_held, self.subtotals = [], {}
                if header is None:
                    self.diagnose(
                        header_rows[0], f"table header not understood: {reason}", "warning"
                    )
                continue
            index += 1
            self.read_row(row, rows)

    def caption_row(self, row: Row) -> bool:
        """A row that is a caption (a table title, a units line) rather than data."""
        text = " ".join(cell for cell in row.cells if cell)
        if _TABLE_TITLE.match(text) or (
            parse_scale_caption(text) and not any(cell_numbers(c) for c in row.values)
        ):
            self.captions.append(text)
            self.scale = _scale(self.captions) or self.scale
            title = self._title_metric([text])
            if _TABLE_TITLE.match(text):
                self.title_metric = title
                self.header = None
                self.sections = []
            return True
        return False

    def read_row(self, row: Row, rows: Sequence[Row]) -> None:
        if self.caption_row(row):
            return
        label = row.label.strip()
        valued = [c for c in row.values if c and cell_numbers(c) != []]
        kind = statement_kind_of(label)
        if not valued:
            if kind:
                self.statement = kind
                self.sections = []
            elif label and (
                label.endswith(":") or self.lexicon.match(label.rstrip(":")) is not None
            ):
                self.sections.append(label.rstrip(":"))
            return
        header = self.header or self.context.previous_header
        if header is None:
            self.diagnose(row, "numbers in a table without a period header")
            return
        if not label or not re.search(r"[A-Za-z]{2}", label):
            self.diagnose(row, "row has numbers but no label", "warning")
            return
        if label.rstrip().endswith(":"):
            self.diagnose(row, "a section heading carries numbers: the row is shifted", "warning")
            self.sections.append(label.rstrip(":"))
            return
        totals = self.totals(header, rows)
        resolution = self.resolve(label)
        parts = _merged_label_parts(label) if resolution is None or resolution.segment else None
        if parts:
            self.read_merged(row, parts, header, totals)
            return
        if resolution is None:
            self.diagnose(row, f"no metric matches the label {label!r}")
            return
        before, held = len(self.observations), len(self.held)
        self.emit(row, resolution, header, row.cells, totals, row)
        if normalize_label(label).startswith("total"):
            self.check_parts(row, before, self.held[held:])
            if resolution.segment is None:
                self.sections = []
        elif len(self.observations) - before + len(self.held) - held < len(header.columns):
            self.group_complete = False
        else:
            self.group.extend(range(before, len(self.observations)))
            self.group_held.extend(self.held[held:])

    def check_parts(self, row: Row, first_total: int, total_held: Sequence[Observation]) -> None:
        """Parts above a total row must add up to it, column by column; else they are dropped.

        Only a complete group is checked: every row since the table's start or the previous
        total gave a value in every column. The parts are those rows, and, when they alone do
        not add up, those rows with the segment totals printed since the last grand total
        ("Total connectivity services" above "Systems integration", "Total revenues"). A value
        held back because it failed its USD or % of total check is taken when the sum, made
        with it, equals the total exactly: the table's own arithmetic proves it. Parts that do
        not add up (a row shifted or rotated by the conversion) are removed and reported; the
        total, printed once, stays.
        """
        segment = next((o.segment for o in [*self.observations[first_total:], *total_held]), None)
        for i in self.group if segment else ():
            part = self.observations[i]
            if normalize_label(part.segment or "") in ("other", "others"):
                # "Others" above "Total Broadband Access Services": the other broadband services
                self.observations[i] = replace(part, segment=f"Other {segment}")
        for i, part in enumerate(self.group_held if segment else ()):
            if normalize_label(part.segment or "") in ("other", "others"):
                renamed = replace(part, segment=f"Other {segment}")
                self.held[self.held.index(part)] = self.group_held[i] = renamed
        totals = self.observations[first_total:]
        subtotals = self.subtotals
        nested = False
        if self.group_complete and totals:
            drop: set[int] = set()
            taken: list[Observation] = []
            for total in totals:
                group = [
                    (i, p)
                    for i, p in [
                        *((i, self.observations[i]) for i in self.group),
                        *((None, h) for h in self.group_held),
                    ]
                    if _same_key(p, total)
                ]
                stated = [
                    value
                    for value in (self._subtotal(values, total) for values in subtotals.values())
                    if value is not None
                ]
                if _adds_up(total, [p for _, p in group]) and len(group) >= 2:
                    taken.extend(p for i, p in group if i is None)
                elif stated and group and _adds_up(total, [*(p for _, p in group), *stated]):
                    taken.extend(p for i, p in group if i is None)
                    taken.extend(p for p in stated if p in self.held)
                    nested = True
                elif len(group) >= 2:
                    drop.update(i for i, _ in group if i is not None)
                    added = sum((p.value for _, p in group), Decimal(0))
                    self.diagnose(
                        row,
                        f"{total.metric} {total.period.label}: the {len(group)} rows above add up "
                        f"to {added}, not {total.value}; their values are skipped",
                        "warning",
                    )
            if drop:
                self.observations = [o for i, o in enumerate(self.observations) if i not in drop]
            for held in dict.fromkeys(taken):
                self.held.remove(held)
                self.observations.append(held)
                self.diagnose(
                    row,
                    f"{held.metric} {held.period.label}: {held.value} (line "
                    f"{held.sources[0].line}) is taken: the parts add up to the total",
                    "info",
                    breaks_group=False,
                )
        if segment is None and (totals or total_held):
            self.subtotals = {}
        elif segment is not None:
            if nested:
                self.subtotals = {}
            self.subtotals[segment] = [*self.subtotals.get(segment, []), *totals, *total_held]
        self.group = []
        self.group_held = []
        self.group_complete = True

    def _subtotal(self, values: Sequence[Observation], total: Observation) -> Observation | None:
        """A segment total's value for a total's period: the one taken, else the one held."""
        fitting = [value for value in values if _same_key(value, total)]
        taken = {value.value for value in fitting if value not in self.held}
        if len(taken) > 1:
            return None  # two printings disagree: neither proves anything
        return next(iter(sorted(fitting, key=lambda value: value in self.held)), None)

    def read_merged(
        self, row: Row, parts: list[str], header: Header, totals: dict[int, Decimal]
    ) -> None:
        resolutions = [self.resolve(part) for part in parts]
        if any(r is None for r in resolutions):
            self.diagnose(
                row,
                f"label {row.label!r} is two labels run together; one of them matches no metric",
                "warning",
            )
            return
        split_rows: list[list[str]] = [[part] for part in parts]
        for index in range(1, len(row.cells)):
            numbers = cell_numbers(row.cells[index])
            if numbers is None:
                numbers = []
            if len(numbers) == len(parts):
                for target, number in zip(split_rows, numbers, strict=True):
                    target.append(number.text.strip())
            else:
                for target in split_rows:
                    target.append("")
                if numbers:
                    self.diagnose(
                        row,
                        f"merged row: cell {row.cells[index]!r} does not split "
                        f"into {len(parts)} values",
                        "warning",
                    )
        for part, resolution, cells in zip(parts, resolutions, split_rows, strict=True):
            assert resolution is not None
            before, held = len(self.observations), len(self.held)
            self.emit(row, resolution, header, cells, totals, Row(row.line, tuple(cells)))
            if normalize_label(part).startswith("total") and resolution.segment is not None:
                found = [*self.observations[before:], *self.held[held:]]
                if found:  # a segment total: a part of the grand total below
                    self.subtotals.setdefault(resolution.segment, []).extend(found)


def _same_key(a: Observation, b: Observation) -> bool:
    """Whether two observations are of one metric, period, basis and unit (a part of a total)."""
    return (a.metric, a.period, a.basis, a.unit) == (b.metric, b.period, b.basis, b.unit)


def _adds_up(total: Observation, parts: Sequence[Observation]) -> bool:
    """Whether parts add up to a total within the rounding of the printed numbers."""
    added = sum((p.value for p in parts), Decimal(0))
    slack = Decimal(len(parts)) * Decimal("0.5") * Decimal(10) ** -total.decimals
    return bool(parts) and abs(added - total.value) <= slack


def has_period_header(block: Block, context: TableContext) -> bool:
    """Tell whether a table block has a row naming periods (else its rows read as prose)."""
    return any(_is_header_row(row, context) for row in grid_rows(block.lines))


def read_table(
    block: Block, context: TableContext
) -> tuple[list[Observation], list[Diagnostic], Header | None]:
    """Read one pipe or tab table block into observations and diagnostics.

    Returns the header in force at the end, which a table split by the conversion may inherit.
    """
    reader = _TableReader(grid_rows(block.lines), context, block.headings)
    reader.read()
    return reader.observations, reader.diagnostics, reader.header


def read_collapsed_table(
    line: Line, context: TableContext, headings: Sequence[str]
) -> tuple[list[Observation], list[Diagnostic], Header | None] | None:
    """Read a table whose cells the conversion ran together on one line, if it is one.

    The line must start with a label and at least two period tokens ("Items 2Q02 1Q02 ..."),
    and the rest must split into rows of label words followed by one number per period.
    """
    tokens = line.text.split()
    periods: list[Period] = []
    end = 0
    for position, token in enumerate(tokens[:12]):
        period = parse_period(token, context.calendar, reference=context.reference)
        if period is not None and re.search(r"\d", token) and not is_number_token(token):
            periods.append(period)
            end = position + 1
        elif periods:
            break
    if len(periods) < 2:
        return None
    rows = split_collapsed(line, len(periods), end)
    if not rows:
        return (
            [],
            [
                Diagnostic(
                    context.document,
                    line.number,
                    "a table run together on one line whose rows cannot be told apart",
                    line.raw.strip(),
                    "warning",
                )
            ],
            None,
        )
    header = Header([Column(i + 1, p, "Actual") for i, p in enumerate(periods)])
    reader = _TableReader(rows, replace(context, previous_header=header), headings)
    reader.header = header
    for row in rows:
        reader.read_row(row, rows)
    return reader.observations, reader.diagnostics, header
