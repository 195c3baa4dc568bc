"""The fiscal calendar: period labels ("2Q02", "FY2003", "1H12", "Sept 30, 2002") as periods.

A :class:`FiscalCalendar` knows when a company's fiscal year ends and which calendar year gives a
fiscal year its name; it turns (fiscal year, half, quarter, month) into dates. :func:`parse_period`
reads one label as a :class:`Period`; :func:`find_periods` finds every period named in a
sentence; :func:`find_fiscal_year_end` reads what a document says about its fiscal year;
:func:`parse_date`, :func:`find_dates` and :func:`find_document_date` read dates.

Two-digit years ("2Q02", "FY12", "16/4 ~ 17/3") take the century that puts them nearest the
reference date, or the 2000s without one. Anything unsure gives None rather than a guess.

>>> march = FiscalCalendar(3, 31, "start")
>>> parse_period("2Q02", march).label
'FY2002 Q2'
>>> str(parse_period("2Q02", march).start)
'2002-07-01'
"""

from __future__ import annotations

import calendar as _gregorian
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = [
    "DateMatch",
    "DocumentDate",
    "FiscalCalendar",
    "Period",
    "PeriodMatch",
    "YearEndStatement",
    "find_dates",
    "find_document_date",
    "find_fiscal_year_end",
    "find_periods",
    "months_ended",
    "parse_date",
    "parse_period",
]

Naming = Literal["start", "end"]
PeriodKind = Literal["year", "half", "quarter", "month", "duration", "instant"]

_ONE_DAY = timedelta(days=1)
_FISCAL_KINDS = ("year", "half", "quarter", "month")


@dataclass(frozen=True)
class Period:
    """A fiscal period, another span of days, or an instant.

    Attributes:
        kind: ``year``, ``half``, ``quarter``, ``month`` (fiscal periods), ``duration`` (any
            other span of days) or ``instant`` (a day).
        start: the first day (None for an instant).
        end: the last day, inclusive, as printed; for an instant the day itself.
        fiscal_year: the fiscal year's name for fiscal periods, else None.
        index: the half, quarter or month number within the fiscal year, else None.

    >>> Period("instant", None, date(2002, 9, 30)).label
    '2002-09-30'
    """

    kind: PeriodKind
    start: date | None
    end: date
    fiscal_year: int | None = None
    index: int | None = None

    def __post_init__(self) -> None:
        if self.kind == "instant":
            if self.start is not None or self.fiscal_year is not None or self.index is not None:
                raise ValueError("an instant has only an end date")
            return
        if self.start is None or self.start > self.end:
            raise ValueError(f"a {self.kind} needs a start on or before its end")
        if self.kind in _FISCAL_KINDS and self.fiscal_year is None:
            raise ValueError(f"a fiscal {self.kind} needs a fiscal year")
        if (self.kind in ("half", "quarter", "month")) != (self.index is not None):
            raise ValueError(f"a {self.kind} has an index only if it is a half, quarter or month")

    @classmethod
    def instant(cls, day: date) -> Period:
        """The instant of a day.

        >>> Period.instant(date(2012, 3, 31)).is_instant
        True
        """
        return cls("instant", None, day)

    @classmethod
    def duration(cls, start: date, end: date) -> Period:
        """A span of days that is no fiscal period (see :meth:`FiscalCalendar.period_for`).

        >>> Period.duration(date(2002, 4, 1), date(2002, 9, 30)).label
        '2002-04-01/2002-09-30'
        """
        return cls("duration", start, end)

    @property
    def is_instant(self) -> bool:
        """True for an instant (a day), False for a span of days.

        >>> Period.instant(date(2012, 3, 31)).is_instant
        True
        """
        return self.kind == "instant"

    @property
    def label(self) -> str:
        """A label: ``FY2002``, ``FY2002 H1``, ``FY2002 Q2``, ``FY2002 M6``, a date or a range.

        >>> FiscalCalendar(3, 31, "start").month(2002, 6).label
        'FY2002 M6'
        """
        if self.kind == "instant":
            return self.end.isoformat()
        if self.kind == "duration" or self.fiscal_year is None:
            assert self.start is not None
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        if self.kind == "year":
            return f"FY{self.fiscal_year}"
        letter = {"half": "H", "quarter": "Q", "month": "M"}[self.kind]
        return f"FY{self.fiscal_year} {letter}{self.index}"

    def contains(self, day: date) -> bool:
        """Tell whether a day falls in this period (an instant contains only its own day).

        >>> FiscalCalendar.default().year(2024).contains(date(2024, 7, 1))
        True
        """
        start = self.end if self.start is None else self.start
        return start <= day <= self.end


def _last_day(year: int, month: int) -> int:
    return _gregorian.monthrange(year, month)[1]


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


@dataclass(frozen=True)
class FiscalCalendar:
    """When a fiscal year ends, and which calendar year names it.

    ``naming="start"``: a fiscal year is named by the calendar year it starts in (a March 31
    year end: FY2002 = 2002-04-01..2003-03-31); ``naming="end"``: by the year it ends in. A
    December 31 year end starts and ends in the same year, so its naming is always ``end``.
    A year end on the last day of its month (March 31, February 28) puts every period boundary
    on a month end; any other day (September 28) on that day of the month. 52/53-week years are
    not modelled.

    >>> fy2002 = FiscalCalendar(3, 31, "start").year(2002)
    >>> fy2002.label, str(fy2002.end)
    ('FY2002', '2003-03-31')
    """

    year_end_month: int
    year_end_day: int
    naming: Naming = "end"

    def __post_init__(self) -> None:
        if not 1 <= self.year_end_month <= 12:
            raise ValueError(f"no month {self.year_end_month}")
        if not 1 <= self.year_end_day <= _last_day(2000, self.year_end_month):
            raise ValueError(f"no day {self.year_end_day} in month {self.year_end_month}")
        if self.naming not in ("start", "end"):
            raise ValueError(f"naming is 'start' or 'end', not {self.naming!r}")
        if self._starts_in_end_year:
            object.__setattr__(self, "naming", "end")

    @classmethod
    def default(cls) -> FiscalCalendar:
        """The calendar year: December 31 year end.

        >>> FiscalCalendar.default()
        FiscalCalendar(year_end_month=12, year_end_day=31, naming='end')
        """
        return cls(12, 31, "end")

    @classmethod
    def from_year_end(
        cls, year_end_month: int, year_end_day: int, naming: Naming | None = None
    ) -> FiscalCalendar:
        """A calendar for a year end; without a naming, the usual one (:meth:`default_naming`).

        >>> FiscalCalendar.from_year_end(3, 31).naming, FiscalCalendar.from_year_end(9, 30).naming
        ('start', 'end')
        """
        return cls(year_end_month, year_end_day, naming or cls.default_naming(year_end_month))

    @staticmethod
    def default_naming(year_end_month: int) -> Naming:
        """The calendar year that holds most of the fiscal year's months names it; a tie (June
        year end) goes to the end year.

        >>> FiscalCalendar.default_naming(3), FiscalCalendar.default_naming(6)
        ('start', 'end')
        """
        return "start" if 12 - year_end_month > year_end_month else "end"

    def with_naming_from(self, fiscal_year_name: int, year_end: date) -> FiscalCalendar:
        """The calendar a statement such as 'fiscal year ending March 31, 2003 ("fiscal 2002")'
        proves: the year end of ``year_end`` and the naming that gives that year its name.

        Raises:
            ValueError: when the name is neither the start nor the end year of that fiscal year.

        >>> FiscalCalendar.default().with_naming_from(2002, date(2003, 3, 31))
        FiscalCalendar(year_end_month=3, year_end_day=31, naming='start')
        """
        proven = FiscalCalendar(year_end.month, year_end.day, "end")
        if proven._starts_in_end_year:
            if fiscal_year_name != year_end.year:
                raise ValueError(f"fiscal {fiscal_year_name} cannot end on {year_end}")
            return proven
        if fiscal_year_name == year_end.year:
            return proven
        if fiscal_year_name == year_end.year - 1:
            return FiscalCalendar(year_end.month, year_end.day, "start")
        raise ValueError(f"fiscal {fiscal_year_name} cannot end on {year_end}")

    @property
    def _month_end(self) -> bool:
        return self.year_end_day >= _last_day(2001, self.year_end_month)

    @property
    def _starts_in_end_year(self) -> bool:
        return self.year_end_month == 12 and self.year_end_day == 31

    def _boundary(self, year: int, month: int) -> date:
        """The last day of the fiscal month that ends in (year, month)."""
        last = _last_day(year, month)
        return date(year, month, last if self._month_end else min(self.year_end_day, last))

    def _end_year(self, fiscal_year: int) -> int:
        if self.naming == "end" or self._starts_in_end_year:
            return fiscal_year
        return fiscal_year + 1

    def _fiscal_month_end(self, fiscal_year: int, months: int) -> date:
        """The last day of the fiscal year's ``months``-th month (0: the previous year's end)."""
        year, month = _add_months(self._end_year(fiscal_year), self.year_end_month, months - 12)
        return self._boundary(year, month)

    def _span(self, fiscal_year: int, first: int, last: int) -> tuple[date, date]:
        start = self._fiscal_month_end(fiscal_year, first - 1) + _ONE_DAY
        return start, self._fiscal_month_end(fiscal_year, last)

    def year(self, fiscal_year: int) -> Period:
        """A fiscal year.

        >>> str(FiscalCalendar(3, 31, "start").year(2002).start)
        '2002-04-01'
        """
        start, end = self._span(fiscal_year, 1, 12)
        return Period("year", start, end, fiscal_year)

    def half(self, fiscal_year: int, number: int) -> Period:
        """A fiscal half year, 1 or 2.

        >>> FiscalCalendar(3, 31, "start").half(2012, 1).end
        datetime.date(2012, 9, 30)
        """
        if number not in (1, 2):
            raise ValueError(f"no half {number}")
        start, end = self._span(fiscal_year, 6 * number - 5, 6 * number)
        return Period("half", start, end, fiscal_year, number)

    def quarter(self, fiscal_year: int, number: int) -> Period:
        """A fiscal quarter, 1 to 4.

        >>> FiscalCalendar.default().quarter(2024, 3).start
        datetime.date(2024, 7, 1)
        """
        if not 1 <= number <= 4:
            raise ValueError(f"no quarter {number}")
        start, end = self._span(fiscal_year, 3 * number - 2, 3 * number)
        return Period("quarter", start, end, fiscal_year, number)

    def month(self, fiscal_year: int, number: int) -> Period:
        """A fiscal month, 1 to 12.

        >>> FiscalCalendar(3, 31, "start").month(2002, 12).end
        datetime.date(2003, 3, 31)
        """
        if not 1 <= number <= 12:
            raise ValueError(f"no month {number}")
        start, end = self._span(fiscal_year, number, number)
        return Period("month", start, end, fiscal_year, number)

    def containing(self, day: date) -> int:
        """The fiscal year a day falls in.

        >>> FiscalCalendar(3, 31, "start").containing(date(2003, 3, 31))
        2002
        """
        end_year = (
            day.year if day <= self._boundary(day.year, self.year_end_month) else day.year + 1
        )
        if self.naming == "end" or self._starts_in_end_year:
            return end_year
        return end_year - 1

    def period_for(self, start: date, end: date) -> Period:
        """The fiscal year, half, quarter or month with these dates, else a plain duration.

        >>> FiscalCalendar(3, 31, "start").period_for(date(2012, 4, 1), date(2012, 9, 30)).label
        'FY2012 H1'
        >>> FiscalCalendar.default().period_for(date(2012, 4, 1), date(2012, 9, 30)).label
        '2012-04-01/2012-09-30'
        """
        fiscal_year = self.containing(end)
        candidates = [self.year(fiscal_year)]
        candidates += [self.half(fiscal_year, n) for n in (1, 2)]
        candidates += [self.quarter(fiscal_year, n) for n in range(1, 5)]
        candidates += [self.month(fiscal_year, n) for n in range(1, 13)]
        for candidate in candidates:
            if candidate.start == start and candidate.end == end:
                return candidate
        return Period.duration(start, end)

    def ending(self, end: date, months: int) -> Period:
        """The period of ``months`` months ending on a day ("Six Months Ended ...").

        A month-end day counts whole calendar months back; another day counts back to the same
        day of the month.

        >>> FiscalCalendar.default().ending(date(2024, 9, 30), 3).label
        'FY2024 Q3'
        """
        if months < 1:
            raise ValueError("a period lasts at least one month")
        if end.day == _last_day(end.year, end.month):
            year, month = _add_months(end.year, end.month, 1 - months)
            return self.period_for(date(year, month, 1), end)
        year, month = _add_months(end.year, end.month, -months)
        before = date(year, month, min(end.day, _last_day(year, month)))
        return self.period_for(before + _ONE_DAY, end)


# --- dates -------------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_PATTERNS = (
    re.compile(
        rf"(?<![\w/])(?P<mon>{_MONTH})(?:\.\s*|\s+)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b,?\s*"
        r"(?P<y>\d{4})\b(?![/.-]\d)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<![\w/.,])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+"
        r"(?P<y>\d{4})\b(?![/.-]\d)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\w/.,-])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})\b"
        r"(?![/.-]\d)"
    ),
)
_MONTH_YEAR = re.compile(
    rf"(?<![\w/])(?P<mon>{_MONTH})\.?,?\s*(?P<y>\d{{4}})\b(?![/.-]\d)", re.IGNORECASE
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: the day, the span of characters it came from, and its text."""

    day: date
    span: tuple[int, int]
    text: str


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name.lower()[:3]]


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (day, month and year) in a text, in order.

    Forms: "Sept 30, 2002", "Sep. 30, 2012", "September 30, 2012", "30 September 2012",
    "2012/9/30", "2012-09-30". Impossible dates ("Feb 30, 2012") are skipped.

    >>> [(m.day.isoformat(), m.span) for m in find_dates("As of Sept 30, 2002 and Jun 30, 2002")]
    [('2002-09-30', (6, 19)), ('2002-06-30', (24, 36))]
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for hit in pattern.finditer(text):
            if any(hit.start() < stop and start < hit.end() for start, stop in taken):
                continue
            month = _month_number(hit["mon"]) if "mon" in hit.groupdict() else int(hit["m"])
            try:
                day = date(int(hit["y"]), month, int(hit["d"]))
            except ValueError:
                continue
            taken.append(hit.span())
            found.append(DateMatch(day, hit.span(), hit.group()))
    return sorted(found, key=lambda match: match.span)


_EDGE = " \t,.;:()[]*#_\"'“”"


def _strip_markup(text: str) -> str:
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    return text.replace("\\", "").strip(_EDGE)


def parse_date(text: str) -> date | None:
    """The date a text is, when it is nothing but one date (markup and brackets aside).

    >>> parse_date("Sept 30, 2002"), parse_date("(2012/9/30)")
    (datetime.date(2002, 9, 30), datetime.date(2012, 9, 30))
    >>> parse_date("Sept 30, 2002 and later") is None, parse_date("Sept 30") is None
    (True, True)
    """
    cleaned = _strip_markup(text)
    matches = find_dates(cleaned)
    if len(matches) == 1 and matches[0].span == (0, len(cleaned)):
        return matches[0].day
    return None


@dataclass(frozen=True)
class DocumentDate:
    """A document's date from its dateline.

    Attributes:
        day: the date; for a dateline that gives only a month, the month's first day.
        precision: ``day`` or ``month``.
        line: the 1-based line of the dateline.
        text: the dateline as written.
    """

    day: date
    precision: Literal["day", "month"]
    line: int
    text: str


_PLACE = r"[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2},\s*"
_PAGE = re.compile(r"\s*\bPage\s+\d+\s*$", re.IGNORECASE)


def _dateline(text: str) -> list[DateMatch] | None:
    """The dates of a dateline, or None when the line is something else."""
    cleaned = _PAGE.sub("", _strip_markup(text))
    matches = find_dates(cleaned)
    if not matches:
        return None
    rest, position = [], 0
    for match in matches:
        rest.append(cleaned[position : match.span[0]])
        position = match.span[1]
    tail = cleaned[position:]
    if re.fullmatch(r"\s*(?:[–—-].*)?", tail) is None:
        return None
    for index, gap in enumerate(rest):
        place = rf"(?:{_PLACE})?" if index == 0 else rf"\s*/\s*(?:{_PLACE})?|\s*,?\s*"
        if re.fullmatch(place, gap) is None:
            return None
    return matches


def find_document_date(text: str, *, max_lines: int = 60) -> DocumentDate | None:
    """The date on a document's dateline: the first line near the top that is a date alone
    ("Feb 9, 2018", "March 3, 2021 Page 1", "**October, 2016**", "July, 2019") or a
    place-and-date dateline ("Osaka, June 6, 2017 / London, June 5, 2017 – ...").

    A dateline with dates in several places gives the earliest (the same moment seen from
    different time zones). A line that gives a month alone gives the month's first day with
    precision ``month``.

    >>> found = find_document_date("Results\\n\\nOsaka, June 6, 2017 / London, June 5, 2017 – X")
    >>> found.day, found.precision, found.line
    (datetime.date(2017, 6, 5), 'day', 3)
    >>> find_document_date("Title\\n**October, 2016**").precision
    'month'
    """
    for number, line in enumerate(text.splitlines()[:max_lines], start=1):
        matches = _dateline(line)
        if matches:
            return DocumentDate(min(m.day for m in matches), "day", number, line.strip())
        cleaned = _PAGE.sub("", _strip_markup(line))
        hit = _MONTH_YEAR.fullmatch(cleaned)
        if hit:
            day = date(int(hit["y"]), _month_number(hit["mon"]), 1)
            return DocumentDate(day, "month", number, line.strip())
    return None


# --- periods in text -----------------------------------------------------------------------------

_MONTH_CAPITALISED = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
"""A month's name as a date writes it: capitalised, so that the verb "may" is not one."""
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
_COUNTS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12}
_ORDINAL = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
_NOT_RANGE = r"(?![/\-–]\d)(?!\.\d)"
_YEAR2 = rf"'?(?P<y>\d{{4}}|\d{{2}})\b{_NOT_RANGE}"
_FISCAL_YEAR = (
    rf"(?:FY\s*'?(?P<y>\d{{4}}|\d{{2}})|fiscal\s+(?:year\s+)?(?P<fy>\d{{4}}))\b{_NOT_RANGE}"
)
_OF_YEAR = rf"(?:\s+of)?(?:\s+the)?\s+(?:{_FISCAL_YEAR}|(?P<cy>\d{{4}})\b{_NOT_RANGE})"
_DATE_TEXT = (
    rf"(?P<date>{_MONTH}(?:\.\s*|\s+)\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s*\d{{4}}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "the 2nd quarter ended September 30, 2002", "Three Months Ended", "Year Ending ..."
    (
        "ended",
        re.compile(
            rf"(?:(?:{_ORDINAL}\s+)?(?P<unit>quarter|half[\s-]+year|half|(?:full\s+)?fiscal\s+year"
            rf"|year)|(?P<count>three|six|nine|twelve|3|6|9|12)[\s-]+months?(?:\s+period)?)"
            rf"\s+end(?:ed|ing)\s+(?:on\s+)?{_DATE_TEXT}",
            re.IGNORECASE,
        ),
    ),
    # "first half of fiscal 2002", "1st half FY2012", "second half of FY2003"
    (
        "ordinal_half",
        re.compile(rf"\b{_ORDINAL}[\s-]+half(?:[\s-]+year)?{_OF_YEAR}", re.IGNORECASE),
    ),
    # "the third quarter of fiscal 2002", "third quarter 2024", "2nd Quarter 2002"
    ("ordinal_quarter", re.compile(rf"\b{_ORDINAL}\s+quarter{_OF_YEAR}", re.IGNORECASE)),
    # "2Q02", "1Q 2012", "3Q FY2012", "Q3 2024", "Q3'24", "Q3 FY24"
    (
        "quarter",
        re.compile(
            rf"(?<![\w/])(?:(?P<n>[1-4])Q|Q(?P<m>[1-4]))(?:\s*FY\s*|\s+(?=\d{{4}})|\s*(?='))?{_YEAR2}",
        ),
    ),
    # "1H12", "2H11", "1H FY2012", "H1 2012"
    (
        "half",
        re.compile(
            rf"(?<![\w/])(?:(?P<n>[12])H|H(?P<m>[12]))(?:\s*FY\s*|\s+(?=\d{{4}})|\s*(?='))?{_YEAR2}",
        ),
    ),
    # "full 2002 fiscal year"
    ("year_before", re.compile(r"\b(?P<fy>\d{4})\s+fiscal\s+year\b", re.IGNORECASE)),
    # "FY2003", "FY12", "FY 2012", "fiscal 2002", "full fiscal 2002", "fiscal year 2002"
    ("year", re.compile(rf"(?<![\w/]){_FISCAL_YEAR}", re.IGNORECASE)),
    # "End of Jun. 2016", "end of March 2019": the month's last day
    (
        "month_end",
        re.compile(
            rf"\bend\s+of\s+(?P<mon>{_MONTH_CAPITALISED})\.?,?\s*(?P<cy>\d{{4}})\b{_NOT_RANGE}",
            re.I,
        ),
    ),
    # "Feb. 2017", "August 2015": the month ("mid-Jul. 2016" names no period)
    (
        "month",
        re.compile(
            rf"(?<![\w/-])(?<!mid\s)(?<!early\s)(?<!late\s)(?P<mon>{_MONTH_CAPITALISED})\.?,?\s+"
            rf"(?P<cy>\d{{4}})\b{_NOT_RANGE}"
        ),
    ),
    # "( 16/4 ~ 17/3 )", "(2016/4-2016/9)": whole months, year first
    (
        "range",
        re.compile(
            r"(?<![\w/.])(?P<y1>\d{4}|\d{2})/(?P<m1>\d{1,2})\s*[~〜～\-–]\s*"
            r"(?P<y2>\d{4}|\d{2})/(?P<m2>\d{1,2})(?![\w/])"
        ),
    ),
)


@dataclass(frozen=True)
class PeriodMatch:
    """A period named in text, with the span of characters that name it and their text."""

    period: Period
    span: tuple[int, int]
    text: str
    explicit_range: bool = False


def _full_year(digits: str, reference: date | None) -> int:
    value = int(digits)
    if len(digits) == 4:
        return value
    if reference is None:
        return 2000 + value
    century = reference.year // 100 * 100
    return min(
        (century - 100 + value, century + value, century + 100 + value),
        key=lambda year: abs(year - reference.year),
    )


def _read(
    kind: str, hit: re.Match[str], calendar: FiscalCalendar, reference: date | None
) -> Period | None:
    groups = {name: value for name, value in hit.groupdict().items() if value is not None}
    year_digits = groups.get("y") or groups.get("fy") or groups.get("cy")
    fiscal_year = _full_year(year_digits, reference) if year_digits else None
    if kind == "ended":
        end = parse_date(groups["date"])
        if end is None:
            return None
        unit = groups.get("unit", "").lower()
        months = (
            _COUNTS[groups["count"].lower()]
            if "count" in groups
            else (3 if unit == "quarter" else 6 if unit.startswith("half") else 12)
        )
        period = calendar.ending(end, months)
        ordinal = _ORDINALS.get(groups.get("ord", "").lower())
        if ordinal is not None and period.index != ordinal:
            return None
        return period
    if kind == "range":
        first = (_full_year(groups["y1"], reference), int(groups["m1"]))
        last = (_full_year(groups["y2"], reference), int(groups["m2"]))
        if not (1 <= first[1] <= 12 and 1 <= last[1] <= 12) or first > last:
            return None
        start = date(first[0], first[1], 1)
        return calendar.period_for(start, date(last[0], last[1], _last_day(*last)))
    if kind in ("month", "month_end"):
        year, month = int(groups["cy"]), _month_number(groups["mon"])
        day = date(year, month, _last_day(year, month))
        if kind == "month_end":
            return Period.instant(day)
        return calendar.period_for(date(year, month, 1), day)
    assert fiscal_year is not None
    if kind in ("year", "year_before"):
        return calendar.year(fiscal_year)
    number = _ORDINALS.get(groups.get("ord", "").lower()) or int(groups.get("n") or groups["m"])
    if kind in ("half", "ordinal_half"):
        return calendar.half(fiscal_year, number) if number <= 2 else None
    return calendar.quarter(fiscal_year, number)


def find_periods(
    text: str, calendar: FiscalCalendar, *, reference: date | None = None
) -> list[PeriodMatch]:
    """Every period named in a text, in order; dates come out as instants.

    A longer phrase wins over the shorter ones inside it ("first half of fiscal 2002" is one
    half, not also a year; "Year Ended December 31, 2023" is one year, not also an instant).
    Labels without a year ("2Q", "the fourth quarter") name nothing.

    >>> march = FiscalCalendar(3, 31, "start")
    >>> [m.period.label for m in find_periods("In 3Q07, up 7.8% from 3Q06 and from FY2006", march)]
    ['FY2007 Q3', 'FY2006 Q3', 'FY2006']
    """
    candidates: list[PeriodMatch] = []
    blocked: list[tuple[int, int]] = []  # phrases that contradict themselves name nothing
    for kind, pattern in _PATTERNS:
        for hit in pattern.finditer(text):
            period = _read(kind, hit, calendar, reference)
            if period is not None:
                candidates.append(PeriodMatch(period, hit.span(), hit.group(), kind == "range"))
            elif kind == "ended":
                blocked.append(hit.span())
    for match in find_dates(text):
        candidates.append(PeriodMatch(Period.instant(match.day), match.span, match.text))
    candidates = [
        c for c in candidates if all(c.span[1] <= s or e <= c.span[0] for s, e in blocked)
    ]
    candidates.sort(key=lambda m: (m.span[0] - m.span[1], m.span[0]))
    kept: list[PeriodMatch] = []
    for candidate in candidates:
        start, stop = candidate.span
        if all(stop <= other.span[0] or other.span[1] <= start for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda m: m.span)


def parse_period(
    text: str, calendar: FiscalCalendar, *, reference: date | None = None
) -> Period | None:
    """The one period a label names: a table header cell, a heading, a short phrase.

    Other words may surround the label ("FY16 Target", "1H16 Results"). A label with an
    explicit range of months ("FY16 Target ( 16/4 ~ 17/3 )", "1H16 (16/4~16/9)") must agree
    with the range; a range alone is trusted and given its fiscal name when it has one. A date
    that is the end of the named period ("2nd Quarter 2002 Ended September 30, 2002") agrees
    with it. Two different periods ("YoY (FY16 to FY15)"), or none, give None.

    >>> march = FiscalCalendar(3, 31, "start")
    >>> parse_period("FY16 Target ( 16/4 ~ 17/3 )", march).label
    'FY2016'
    >>> parse_period("FY16 Target ( 16/4 ~ 17/3 )", FiscalCalendar.default()) is None
    True
    >>> parse_period("Three Months Ended September 30, 2024", FiscalCalendar.default()).label
    'FY2024 Q3'
    >>> parse_period("Sep. 30, 2012", march)
    Period(kind='instant', start=None, end=datetime.date(2012, 9, 30), fiscal_year=None, index=None)
    """
    matches = find_periods(text, calendar, reference=reference)
    if not matches:
        return None
    spans = [m for m in matches if not m.period.is_instant]
    if not spans:
        days = {m.period.end for m in matches}
        return matches[0].period if len(days) == 1 else None
    named = [m for m in spans if not m.explicit_range] or spans
    chosen = named[0].period
    for match in matches:
        period = match.period
        if period.is_instant:
            if period.end != chosen.end:
                return None
        elif (period.start, period.end) != (chosen.start, chosen.end):
            return None
    return chosen


_MONTHS = re.compile(r"\b(three|six|nine|twelve|3|6|9|12)[\s-]+months?\b", re.IGNORECASE)
_MONTHS_ENDED = re.compile(
    r"\b(?P<unit>quarter|half[\s-]+year|(?:fiscal\s+)?year)\s+end(?:ed|ing)\b", re.IGNORECASE
)


def months_ended(text: str) -> int | None:
    """The length in months a heading gives to the dates after it ("For the Three Months Ended
    Sept 30, 2002, Sept 30, 2001 and Jun 30, 2002": 3), or None when it gives none or several
    ("Three and Nine Months Ended").

    >>> months_ended("For the Three Months Ended Sept 30, 2002, Sept 30, 2001")
    3
    >>> months_ended("Year Ended")
    12
    """
    if not re.search(r"\bend(?:ed|ing)\b", text, re.IGNORECASE):
        return None
    lengths = {_COUNTS[hit.group(1).lower()] for hit in _MONTHS.finditer(text)}
    for hit in _MONTHS_ENDED.finditer(text):
        unit = hit["unit"].lower()
        lengths.add(3 if unit == "quarter" else 6 if unit.startswith("half") else 12)
    if re.search(r"\b(?:three|six|nine|twelve)\s+and\s+(?:three|six|nine|twelve)\b", text, re.I):
        return None
    return lengths.pop() if len(lengths) == 1 else None


# --- the fiscal year end a document states -------------------------------------------------------


@dataclass(frozen=True)
class YearEndStatement:
    """What a document says about its fiscal year.

    Attributes:
        calendar: the fiscal calendar; its naming is the default one unless ``naming_proven``.
        naming_proven: the text ties a fiscal year's name to its dates ("fiscal 2002", a
            "FY2003" label near "the Year Ending March 31, 2004", "FY16 ( 16/4 ~ 17/3 )"), or
            the year end is December 31, where both namings agree.
        line: the 1-based line of the statement.
        text: the words that state it.
    """

    calendar: FiscalCalendar
    naming_proven: bool
    line: int
    text: str


_YEAR_END = re.compile(
    rf"\b(?P<fiscal>fiscal\s+)?year[\s-]+end(?:ed|ing|s)?\s+(?:on\s+)?"
    rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})\b(?:,?\s*(?P<y>\d{{4}})\b)?"
    r"(?:\s*\(\s*[\"“]?\s*fiscal\s+(?:year\s+)?(?P<name>\d{4})\s*[\"”]?\s*\))?",
    re.IGNORECASE,
)
_NEAR_LABEL = re.compile(
    r"\b(?:full\s+(?:fiscal\s+(?:year\s+)?|FY\s*)|(?:fourth|4th)\s+quarter(?:\s+of)?\s+FY\s*)"
    r"'?(?P<y>\d{4}|\d{2})\b|\b4Q\s*'?(?P<q>\d{2}|\d{4})\b",
    re.IGNORECASE,
)
_RANGE_LABEL = re.compile(
    r"\bFY\s*'?(?P<y>\d{4}|\d{2})\b[^()\n]{0,40}\(\s*(?P<y1>\d{4}|\d{2})/(?P<m1>\d{1,2})\s*"
    r"[~〜～\-–]\s*(?P<y2>\d{4}|\d{2})/(?P<m2>\d{1,2})\s*\)",
    re.IGNORECASE,
)


def _statement_from_range(hit: re.Match[str], number: int) -> YearEndStatement | None:
    name = _full_year(hit["y"], None)
    first = (_full_year(hit["y1"], None), int(hit["m1"]))
    last = (_full_year(hit["y2"], None), int(hit["m2"]))
    if not (1 <= first[1] <= 12 and 1 <= last[1] <= 12):
        return None
    if _add_months(*first, 11) != last:
        return None
    end = date(last[0], last[1], _last_day(*last))
    try:
        calendar = FiscalCalendar.default().with_naming_from(name, end)
    except ValueError:
        return None
    return YearEndStatement(calendar, True, number, hit.group())


def find_fiscal_year_end(text: str, *, window: int = 15) -> YearEndStatement | None:
    """The fiscal year end a document states, and its naming when the text proves it.

    Reads 'the fiscal year ending March 31, 2003 ("fiscal 2002")', "fiscal year ended
    December 31", "for the Year Ending March 31, 2004" (with a "full FY2003" or "fourth quarter
    FY2003" label within ``window`` lines after it to prove the naming) and labels with an
    explicit twelve-month range ("FY16 Target ( 16/4 ~ 17/3 )"). A statement that proves its
    naming wins over one that does not; otherwise the first one wins. None when the text
    states no year end.

    >>> found = find_fiscal_year_end('the fiscal year ending March 31, 2003 ("fiscal 2002")')
    >>> found.calendar, found.naming_proven
    (FiscalCalendar(year_end_month=3, year_end_day=31, naming='start'), True)
    >>> find_fiscal_year_end("for the fiscal year ended December 31").naming_proven
    True
    """
    lines = text.splitlines()
    unproven: YearEndStatement | None = None
    for index, line in enumerate(lines):
        for hit in _YEAR_END.finditer(line):
            month, day = _month_number(hit["mon"]), int(hit["d"])
            try:
                calendar = FiscalCalendar.from_year_end(month, day)
            except ValueError:
                continue
            if hit["y"] is not None:
                try:
                    end = date(int(hit["y"]), month, day)
                except ValueError:
                    continue
                names = {int(hit["name"])} if hit["name"] else set()
                if not names:
                    nearby = "\n".join(lines[index : index + window + 1])
                    names = {
                        _full_year(h["y"] or h["q"], end) for h in _NEAR_LABEL.finditer(nearby)
                    } & {end.year - 1, end.year}
                if len(names) == 1:
                    try:
                        proven = calendar.with_naming_from(names.pop(), end)
                    except ValueError:
                        pass
                    else:
                        return YearEndStatement(proven, True, index + 1, hit.group())
            stated = YearEndStatement(
                calendar,
                calendar.naming == "end" and month == 12 and day == 31,
                index + 1,
                hit.group(),
            )
            if stated.naming_proven:
                return stated
            unproven = unproven or stated
        for hit in _RANGE_LABEL.finditer(line):
            statement = _statement_from_range(hit, index + 1)
            if statement is not None:
                return statement
    return unproven
