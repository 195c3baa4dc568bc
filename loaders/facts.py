"""The plain, typed facts that leave the loaders; each one carries its source span.

Nothing here knows RDF: :mod:`finkg.graph` turns these into triples.

>>> span = SourceSpan("q2.txt", 12, "Revenues were JPY10 million")
>>> span.document, span.line
('q2.txt', 12)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from finkg.loaders.periods import FiscalCalendar, Period

if TYPE_CHECKING:  # entities import this module's spans and diagnostics
    from finkg.loaders.business import BusinessFacts
    from finkg.loaders.entities import PersonRole, Stake
    from finkg.loaders.profile import ContactItem
    from finkg.loaders.resolution import Merge

__all__ = [
    "Basis",
    "Diagnostic",
    "DocumentFacts",
    "DocumentInfo",
    "Listing",
    "Observation",
    "Severity",
    "SourceSpan",
    "StatedChange",
    "plain",
]

Basis = Literal[
    "Actual", "GuidanceLow", "GuidanceHigh", "GuidancePoint", "Target", "Consensus", "Plan"
]
Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True, order=True)
class SourceSpan:
    """Where a fact was read: a document's file name, a 1-based line and the line's text."""

    document: str
    line: int
    text: str


@dataclass(frozen=True)
class Observation:
    """One reported number: a metric of the reporting company for a period, in base units.

    Attributes:
        metric: local name of the metric concept in the ontology (``Revenues``).
        period: the fiscal period (a duration) or instant the number refers to.
        value: the value in base units (yen, not thousands of yen), signed as the metric is.
        unit: the unit's notation (``JPY``, ``USD``, ``percent``, ``count``, ``Gbps`` ...).
        decimals: XBRL-style precision (-3 for thousands).
        basis: actual, guidance, target, consensus or plan.
        segment: the business segment or service line, or None for the whole company.
        approximate: the text qualifies the number ("approx.", "around").
        sources: the spans that state it (several when stated twice in one document).
    """

    metric: str
    period: Period
    value: Decimal
    unit: str
    decimals: int
    sources: tuple[SourceSpan, ...]
    basis: Basis = "Actual"
    segment: str | None = None
    approximate: bool = False

    @property
    def key(self) -> tuple[str, str | None, Period, str]:
        """The natural key: metric, segment, period and basis (the issuer is the document's)."""
        return (self.metric, segment_key(self.segment), self.period, self.basis)


_GENERIC_SEGMENT_WORDS = frozenset(
    {
        "total",
        "revenue",
        "revenues",
        "sales",
        "service",
        "services",
        "business",
        "segment",
        "the",
        "and",
        "of",
        "for",
    }
)


def plain(value: Decimal, decimals: int) -> Decimal:
    """A value without trailing zeros its precision does not carry ("412000000.0" -> 412000000).

    >>> plain(Decimal("412000000.0"), -5), plain(Decimal("6.80"), 1)
    (Decimal('412000000'), Decimal('6.8'))
    """
    if decimals <= 0:
        return value.quantize(Decimal(1))
    return value.quantize(Decimal(10) ** -decimals)


def segment_key(segment: str | None) -> str | None:
    """Normalise a segment label for comparison: case, punctuation, dashes and filler words.

    >>> segment_key("Value-added  Services revenues")
    'value added'
    >>> segment_key("6Mbps – 2.5Gbps") == segment_key("6Mbps - 2.5Gbps")
    True
    """
    if segment is None:
        return None
    words = re.sub(r"[^0-9a-z.+]+", " ", segment.lower()).split()
    kept = [word.strip(".") for word in words if word not in _GENERIC_SEGMENT_WORDS]
    return " ".join(word for word in kept if word) or None


Comparison = Literal["QoQ", "YoY"]


@dataclass(frozen=True)
class StatedChange:
    """A change between periods as the document states it, in percent ("up 7.8% YoY").

    Attributes:
        metric: local name of the metric whose change it is.
        period: the later of the two periods compared.
        comparison: ``QoQ`` (with the period just before) or ``YoY`` (a year earlier).
        value: the change in percent, negative for a decrease.
        decimals: digits after the decimal point as printed (1 for "14.2%").
        sources: the spans that state it.
        segment: the business segment, or None for the whole company.

    >>> span = SourceSpan("q2.txt", 3, "up 7.8% YoY")
    >>> from finkg.loaders.periods import FiscalCalendar
    >>> change = StatedChange("Revenues", FiscalCalendar(3, 31, "start").quarter(2007, 2), "YoY",
    ...                       Decimal("7.8"), 1, (span,))
    >>> change.key[0], change.key[3]
    ('Revenues', 'YoY')
    """

    metric: str
    period: Period
    comparison: Comparison
    value: Decimal
    decimals: int
    sources: tuple[SourceSpan, ...]
    segment: str | None = None

    @property
    def key(self) -> tuple[str, str | None, Period, Comparison]:
        """The natural key: metric, segment, period and comparison."""
        return (self.metric, segment_key(self.segment), self.period, self.comparison)


@dataclass(frozen=True)
class Diagnostic:
    """Something a reader should know: a number that produced no observation, and why."""

    document: str
    line: int
    reason: str
    text: str = ""
    severity: Severity = "info"

    def __str__(self) -> str:
        return f"{self.document}:{self.line}: {self.severity}: {self.reason}"


@dataclass(frozen=True)
class Listing:
    """A stock listing: exchange and ticker (``NASDAQ`` / ``ACME``)."""

    exchange: str
    ticker: str


@dataclass
class DocumentInfo:
    """What a document says about itself: issuer, date, title, fiscal calendar, current period."""

    file_name: str
    sha256: str
    title: str | None = None
    date: date | None = None
    issuer: str | None = None
    issuer_aliases: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    calendar: FiscalCalendar | None = None
    calendar_stated: bool = False
    current_period: Period | None = None


@dataclass
class DocumentFacts:
    """Everything the loaders read from one document."""

    info: DocumentInfo
    observations: list[Observation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stakes: list[Stake] = field(default_factory=list)
    people: list[PersonRole] = field(default_factory=list)
    business: BusinessFacts | None = None
    """Customers, services, ties and events (:mod:`finkg.loaders.business`)."""
    company_names: dict[str, str] = field(default_factory=dict)
    """Every company name the document uses -> the name of the company it means."""
    merges: list[Merge] = field(default_factory=list)
    """The entity-resolution merges behind ``company_names`` (:mod:`finkg.loaders.resolution`)."""
    contact: list[ContactItem] = field(default_factory=list)
    """The issuer's web site, e-mail, telephone and address (:mod:`finkg.loaders.profile`)."""
    changes: list[StatedChange] = field(default_factory=list)
