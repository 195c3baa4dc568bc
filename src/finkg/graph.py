"""Facts to triples: the ontology's terms and deterministic IRIs minted from natural keys.

The same document always gives the same graph: IRIs come from names, dates and labels, never from
counters or the clock.

>>> from datetime import date
>>> str(company_iri("Harbour Mills Corporation"))
'https://w3id.org/finkg/id/org/harbour-mills'
>>> str(instant_iri(date(2002, 9, 30)))
'https://w3id.org/finkg/id/instant/2002-09-30'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache
from typing import TypeVar

from rdflib import RDF, XSD, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, TIME

from finkg.loaders.facts import (
    DocumentFacts,
    DocumentInfo,
    Observation,
    SourceSpan,
    StatedChange,
    segment_key,
)
from finkg.loaders.names import canonical_company_name
from finkg.loaders.periods import FiscalCalendar, Period
from finkg.resources import ontology_graph
from finkg.vocab import (
    BASIS,
    DATA,
    FKG,
    METRIC,
    QB,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
)

__all__ = [
    "DATASET",
    "ONTOLOGY_GRAPH",
    "change_iri",
    "company_iri",
    "document_graph",
    "document_iri",
    "graph_iri",
    "instant_iri",
    "period_iri",
    "slug",
    "unit_iri",
]

DATASET = DATA["dataset/observations"]
ONTOLOGY_GRAPH = DATA["graph/ontology"]
_KIND_CLASS = {
    "year": FKG.FiscalYear,
    "half": FKG.FiscalHalf,
    "quarter": FKG.FiscalQuarter,
    "month": FKG.FiscalMonth,
    "duration": FKG.ReportingPeriod,
}


def slug(text: str) -> str:
    """Turn a name into a lower-case, hyphenated IRI segment.

    >>> slug("Value-added Services (VAS)")
    'value-added-services-vas'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower()).strip("-.") or "unnamed"


def company_iri(name: str) -> URIRef:
    """The IRI of a company, from its name without legal-form suffix."""
    return DATA[f"org/{slug(canonical_company_name(name))}"]


def document_iri(file_name: str) -> URIRef:
    """The IRI of a source document, from its file name."""
    return DATA[f"doc/{slug(file_name)}"]


def graph_iri(file_name: str) -> URIRef:
    """The named graph that holds one document's facts.

    >>> str(graph_iri("q2.txt"))
    'https://w3id.org/finkg/id/graph/q2.txt'
    """
    return DATA[f"graph/{slug(file_name)}"]


def instant_iri(day: date) -> URIRef:
    """The IRI of a calendar day as an OWL-Time instant."""
    return DATA[f"instant/{day.isoformat()}"]


def _calendar_key(calendar: FiscalCalendar | None) -> str:
    if calendar is None:
        return "calendar"
    return f"fye-{calendar.year_end_month:02d}{calendar.year_end_day:02d}"


def period_iri(period: Period, calendar: FiscalCalendar | None) -> URIRef:
    """The IRI of a period: fiscal periods per fiscal calendar, other ones by their dates.

    >>> from finkg.loaders.periods import FiscalCalendar
    >>> calendar = FiscalCalendar(3, 31, "start")
    >>> str(period_iri(calendar.quarter(2002, 2), calendar))
    'https://w3id.org/finkg/id/period/fye-0331/fy2002-q2'
    """
    if period.is_instant:
        return instant_iri(period.end)
    if period.kind == "duration" or period.fiscal_year is None:
        assert period.start is not None
        return DATA[f"period/{period.start.isoformat()}_{period.end.isoformat()}"]
    return DATA[f"period/{_calendar_key(calendar)}/{slug(period.label)}"]


def segment_iri(company: URIRef, segment: str) -> URIRef:
    """The IRI of a business segment of a company, from its normalised label."""
    key = segment_key(segment) or segment
    return URIRef(f"{company}/segment/{slug(key)}")


def span_iri(span: SourceSpan) -> URIRef:
    """The IRI of one line of one document."""
    return DATA[f"span/{slug(span.document)}/L{span.line}"]


@cache
def _units() -> dict[str, URIRef]:
    ontology = ontology_graph()
    return {
        str(notation): subject
        for subject, notation in ontology.subject_objects(SKOS.notation)
        if isinstance(subject, URIRef) and (subject, FKG.unitKind, None) in ontology
    }


def unit_iri(notation: str) -> URIRef:
    """The unit IRI for a notation (``JPY``, ``percent``...), as declared in the ontology.

    >>> str(unit_iri("JPY"))
    'http://qudt.org/vocab/unit/CCY_JPY'

    Raises:
        KeyError: for a unit the ontology does not declare.
    """
    return _units()[notation]


def observation_iri(document: str, observation: Observation, ordinal: int = 0) -> URIRef:
    """The IRI of an observation: the document plus a digest of its natural key."""
    metric, segment, period, basis = observation.key
    key = "|".join([metric, segment or "", period.label, basis, str(ordinal)])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return DATA[f"obs/{slug(document)}/{digest}"]


_COMPARISON = {"QoQ": FKG.QuarterOverQuarter, "YoY": FKG.YearOverYear}


def change_iri(document: str, change: StatedChange, ordinal: int = 0) -> URIRef:
    """The IRI of a stated change: the document plus a digest of its natural key.

    >>> from decimal import Decimal
    >>> from finkg.loaders.periods import FiscalCalendar
    >>> q2 = FiscalCalendar(3, 31, "start").quarter(2007, 2)
    >>> span = SourceSpan("q2.txt", 3, "up 7.8% YoY")
    >>> iri = change_iri("q2.txt", StatedChange("Revenues", q2, "YoY", Decimal("7.8"), 1, (span,)))
    >>> iri.startswith("https://w3id.org/finkg/id/change/q2.txt/")
    True
    """
    metric, segment, period, comparison = change.key
    key = "|".join([metric, segment or "", period.label, comparison, str(ordinal)])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return DATA[f"change/{slug(document)}/{digest}"]


class _Writer:
    def __init__(self, info: DocumentInfo):
        self.graph = Graph()
        self.info = info
        self.document = document_iri(info.file_name)
        self.company = (
            company_iri(info.issuer)
            if info.issuer
            else DATA[f"org/unknown-issuer-of-{slug(info.file_name)}"]
        )

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def instant(self, day: date) -> URIRef:
        node = instant_iri(day)
        self.add(node, RDF.type, TIME.Instant)
        self.add(node, TIME.inXSDDate, Literal(day, datatype=XSD.date))
        return node

    def period(self, period: Period) -> URIRef:
        node = period_iri(period, self.info.calendar)
        if period.is_instant:
            return self.instant(period.end)
        assert period.start is not None
        self.add(node, RDF.type, _KIND_CLASS[period.kind])
        self.add(node, FKG.fiscalLabel, Literal(period.label))
        if period.fiscal_year is not None and period.kind != "duration":
            self.add(node, FKG.fiscalYear, Literal(period.fiscal_year, datatype=XSD.integer))
        self.add(node, TIME.hasBeginning, self.instant(period.start))
        self.add(node, TIME.hasEnd, self.instant(period.end))
        return node

    def span(self, span: SourceSpan) -> URIRef:
        node = span_iri(span)
        self.add(node, RDF.type, FKG.SourceSpan)
        self.add(node, FKG.inDocument, self.document)
        self.add(node, FKG.lineNumber, Literal(span.line, datatype=XSD.integer))
        self.add(node, FKG.verbatimText, Literal(span.text))
        return node

    def document_node(self) -> None:
        info = self.info
        self.add(self.document, RDF.type, FKG.Document)
        self.add(self.document, FKG.fileName, Literal(info.file_name))
        self.add(self.document, FKG.sha256, Literal(info.sha256))
        if info.title:
            self.add(self.document, DCTERMS.title, Literal(info.title))
        if info.date:
            self.add(self.document, DCTERMS.date, Literal(info.date, datatype=XSD.date))
        if info.current_period is not None:
            self.add(self.document, FKG.reportsOn, self.period(info.current_period))
        if info.issuer:
            self.add(self.document, FKG.issuer, self.company)

    def company_node(self) -> None:
        info = self.info
        if not info.issuer:
            return
        self.add(self.company, RDF.type, FKG.Company)
        self.add(self.company, SKOS.prefLabel, Literal(canonical_company_name(info.issuer)))
        for alias in sorted({info.issuer, *info.issuer_aliases}):
            if alias != canonical_company_name(info.issuer):
                self.add(self.company, SKOS.altLabel, Literal(alias))
        if info.calendar is not None and info.calendar_stated:
            month_day = f"--{info.calendar.year_end_month:02d}-{info.calendar.year_end_day:02d}"
            self.add(self.company, FKG.fiscalYearEnd, Literal(month_day, datatype=XSD.gMonthDay))
        for listing in info.listings:
            node = DATA[f"listing/{slug(listing.exchange)}-{slug(listing.ticker)}"]
            self.add(self.company, FKG.hasListing, node)
            self.add(node, RDF.type, FKG.Listing)
            self.add(node, FKG.exchange, Literal(listing.exchange))
            self.add(node, FKG.ticker, Literal(listing.ticker))
            self.add(node, SCHEMA.tickerSymbol, Literal(f"{listing.exchange} {listing.ticker}"))

    def segment(self, label: str) -> URIRef:
        node = segment_iri(self.company, label)
        self.add(node, RDF.type, FKG.BusinessSegment)
        if (node, SKOS.prefLabel, None) not in self.graph:
            self.add(node, SKOS.prefLabel, Literal(label))
        self.add(node, FKG.segmentOf, self.company)
        return node

    def observation(self, observation: Observation, node: URIRef) -> None:
        self.add(node, RDF.type, QB.Observation)
        self.add(node, QB.dataSet, DATASET)
        self.add(node, FKG.reportingEntity, self.company)
        self.add(node, FKG.metric, METRIC[observation.metric])
        if observation.segment:
            self.add(node, FKG.segment, self.segment(observation.segment))
        scope = self.segment(observation.segment) if observation.segment else FKG.WholeCompany
        self.add(node, FKG.businessScope, scope)
        self.add(node, FKG.reportedIn, self.document)
        self.add(node, SDMX_DIMENSION.refPeriod, self.period(observation.period))
        self.add(node, FKG.basis, BASIS[observation.basis])
        self.add(node, SDMX_MEASURE.obsValue, Literal(observation.value, datatype=XSD.decimal))
        self.add(node, SDMX_ATTRIBUTE.unitMeasure, unit_iri(observation.unit))
        self.add(node, FKG.decimals, Literal(observation.decimals, datatype=XSD.integer))
        if observation.approximate:
            self.add(node, FKG.isApproximate, Literal(True))
        for span in observation.sources:
            self.add(node, PROV.wasDerivedFrom, self.span(span))
        # the statement whose number (and precision) the observation carries
        self.add(node, PROV.hadPrimarySource, span_iri(observation.sources[0]))


def _write_change(writer: _Writer, change: StatedChange, node: URIRef) -> None:
    writer.add(node, RDF.type, FKG.StatedChange)
    writer.add(node, FKG.reportingEntity, writer.company)
    writer.add(node, FKG.changeOf, METRIC[change.metric])
    if change.segment:
        writer.add(node, FKG.segment, writer.segment(change.segment))
    writer.add(node, SDMX_DIMENSION.refPeriod, writer.period(change.period))
    writer.add(node, FKG.comparison, _COMPARISON[change.comparison])
    writer.add(node, SDMX_MEASURE.obsValue, Literal(change.value, datatype=XSD.decimal))
    writer.add(node, SDMX_ATTRIBUTE.unitMeasure, unit_iri("percent"))
    writer.add(node, FKG.decimals, Literal(change.decimals, datatype=XSD.integer))
    for span in change.sources:
        writer.add(node, PROV.wasDerivedFrom, writer.span(span))
    writer.add(node, PROV.hadPrimarySource, span_iri(change.sources[0]))


def document_graph(facts: DocumentFacts) -> Graph:
    """Build the named-graph content for one document's facts.

    Observations that share a natural key within the document get distinct IRIs (an ordinal),
    so that a conflict is kept and reported rather than merged.
    """
    writer = _Writer(facts.info)
    writer.document_node()
    writer.company_node()
    name = facts.info.file_name
    for observation, node in _numbered(
        facts.observations, lambda o, n: observation_iri(name, o, n)
    ):
        writer.observation(observation, node)
    for change, node in _numbered(facts.changes, lambda c, n: change_iri(name, c, n)):
        _write_change(writer, change, node)
    return writer.graph


_Fact = TypeVar("_Fact")


def _numbered(
    items: Iterable[_Fact], iri: Callable[[_Fact, int], URIRef]
) -> Iterator[tuple[_Fact, URIRef]]:
    """Each item with its IRI; items whose natural key repeats get the next ordinal."""
    seen: dict[URIRef, int] = {}
    for item in items:
        node = iri(item, 0)
        ordinal = seen.get(node, 0)
        seen[node] = ordinal + 1
        yield item, iri(item, ordinal) if ordinal else node


def triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of a graph, in a stable order (for deterministic writes)."""
    return sorted(graph, key=lambda triple: tuple(str(term) for term in triple))
