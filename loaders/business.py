"""What a company does and with whom: customers, services, ties and events, read from prose.

:func:`read_business` reads, from one document's blocks:

- **customers**: ``Major clients in ACME's hosting business during fiscal 2024 include
  Bolt Bank Inc. (insurance), Orca Corporation and Pike (retail)`` (an industry in brackets
  belongs to the name just before it; the business line's abbreviation is expanded when the
  document defines it), and ``As the first customer of the new service, Orca has ...`` (the
  business line is the one service the same line introduces).
- **services**: ``Revenues from X are recognized as "Segment A" and "Segment B" in ... financial
  statements`` (``such X`` refers to the underlined lead of the line), ``Roughly 65% of X sales
  are recognized in a revenue and the rest is recognized in b revenue``; launches:
  ``called "X," which launched in March 2019``, ``will launch "X" in June 2021``,
  ``launched a new ... service "X"``, ``launched X, a ...`` and ``Since its launch in May
  2018`` under a heading that names the service.
- **ties** and **events**: the cue phrases of the ontology's tie and event kinds
  (:mod:`finkg.loaders.cues`). A tie with one named party has, as its other party, the first
  company the sentence names before the cue, else the one the line's previous sentence names,
  else the issuer. In a group-company table row, only the business column is read, the row's
  company is the event's subject ("Est. 2015") and the owner is the other party of a tie.

Names stay as printed; :mod:`finkg.loaders.resolution` decides which ones are one company.

>>> from finkg.loaders.blocks import split_blocks
>>> from finkg.loaders.text import Line
>>> text = ["Acme Widgets Inc. (NYSE: ACME)", "",
...         "Major clients of ACME include Bolt Bank Inc. (insurance) and Orca Corp."]
>>> lines = [Line(n, t, t) for n, t in enumerate(text, start=1)]
>>> context = BusinessContext("a.txt", "Acme Widgets Inc.", ("ACME",))
>>> found = read_business(lines, split_blocks(lines), context)
>>> [(c.supplier, c.customer, c.industry) for c in found.customers]
[('Acme Widgets Inc.', 'Bolt Bank Inc.', 'insurance'), ('Acme Widgets Inc.', 'Orca Corp.', None)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from finkg.loaders.blocks import Block
from finkg.loaders.cues import DATE_PATTERN, LEGAL_FORM, PARTY_PATTERN, load_cues
from finkg.loaders.entities import Stake
from finkg.loaders.facts import SourceSpan
from finkg.loaders.names import LEGAL_SUFFIX, canonical_company_name
from finkg.loaders.periods import FiscalCalendar, Period, find_document_date, find_periods
from finkg.loaders.text import Line

__all__ = [
    "BusinessContext",
    "BusinessFacts",
    "CorporateEvent",
    "CustomerTie",
    "ServiceFact",
    "Tie",
    "When",
    "read_business",
]

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class When:
    """A date as precise as the document gives it: a day, a month or a year."""

    day: date
    precision: Precision

    def iso(self) -> str:
        """The date in ISO form, as precise as known.

        >>> When(date(2012, 4, 1), "month").iso(), When(date(2012, 1, 1), "year").iso()
        ('2012-04', '2012')
        """
        text = self.day.isoformat()
        return {"day": text, "month": text[:7], "year": text[:4]}[self.precision]

    def refines(self, other: When) -> bool:
        """This date is at least as precise as ``other`` and agrees with it.

        >>> When(date(2012, 4, 1), "month").refines(When(date(2012, 1, 1), "year"))
        True
        """
        return self.iso().startswith(other.iso())


def parse_when(text: str) -> When | None:
    """Read "March 15, 2019", "Jun. 2017" or "2017" as a date of its precision.

    >>> parse_when("Jun. 2017")
    When(day=datetime.date(2017, 6, 1), precision='month')
    >>> parse_when("1988").iso(), parse_when("March 15, 2019").iso()
    ('1988', '2019-03-15')
    """
    year = re.fullmatch(r"\s*((?:19|20)\d{2})\s*", text)
    if year:
        return When(date(int(year.group(1)), 1, 1), "year")
    found = find_document_date(text, max_lines=1)
    if found is None:
        return None
    return When(found.day, "day" if found.precision == "day" else "month")


@dataclass(frozen=True)
class CustomerTie:
    """A customer of a company, as a document names it.

    Attributes:
        supplier: the company that sells (the issuer's full name when the document means it).
        customer: the customer's name as printed.
        industry: the customer's industry in the document's words, or None.
        business_line: the supplier's segment or service that serves the customer, or None.
        line_is_service: the business line is a service (else a business segment).
        period: the period the document reports the relationship for, or None.
        source: the line it was read from.
    """

    supplier: str
    customer: str
    industry: str | None
    business_line: str | None
    line_is_service: bool
    period: Period | None
    source: SourceSpan


@dataclass(frozen=True)
class ServiceFact:
    """A service or product of a company: the segments that book its revenue, its launch date."""

    provider: str
    name: str
    segments: tuple[str, ...]
    launched: When | None
    source: SourceSpan


@dataclass(frozen=True)
class Tie:
    """A tie between companies of a kind of the ontology's tie scheme (``OemSupply``)."""

    kind: str
    label: str
    partners: tuple[str, ...]
    source: SourceSpan


@dataclass(frozen=True)
class CorporateEvent:
    """An event of a kind of the ontology's event scheme, its date and who takes part."""

    kind: str
    label: str
    when: When | None
    involves: tuple[str, ...]
    source: SourceSpan


@dataclass
class BusinessFacts:
    """Customers, services, ties and events of one document, in document order."""

    customers: list[CustomerTie] = field(default_factory=list)
    services: list[ServiceFact] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    events: list[CorporateEvent] = field(default_factory=list)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Abbreviations the document defines right after a name: ``{"Orca Telecom Inc.": ("OT",)}``."""


@dataclass(frozen=True)
class BusinessContext:
    """What the business reader needs to know about the document.

    Attributes:
        document: the file name, for source spans.
        issuer: the issuer's full name, or None.
        issuer_aliases: the issuer's other names ("ACME").
        calendar: the issuer's fiscal calendar, to read periods.
        day: the document's date, to read two-digit years.
        stakes: the document's stakes: their names are companies, and a group-company row's
            company is the subject of the row's business text.
        abbreviations: abbreviations the document defines, lower case -> long form ("si" ->
            "Systems Integration").
    """

    document: str
    issuer: str | None
    issuer_aliases: tuple[str, ...] = ()
    calendar: FiscalCalendar | None = None
    day: date | None = None
    stakes: tuple[Stake, ...] = ()
    abbreviations: Mapping[str, str] = field(default_factory=dict)


# --- patterns ------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?:(?<=[a-z0-9)\"”’'])|(?<=[A-Z]{3}))\.\s+(?=[A-Z\"“])")
_CUSTOMERS = re.compile(
    r"\b(?:key|major|main|principal|notable|large)\s+(?:customers|clients)\b"
    r"(?P<between>[^.;]{0,200}?)\s+include[sd]?\s+(?P<list>.+?)\s*$",
    re.I,
)
_SUPPLIER_LINE = re.compile(
    r"\b(?:in|of)\s+(?P<supplier>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)['’]s\s+"
    r"(?P<line>[A-Za-z][\w&/-]*(?:\s+[A-Za-z][\w&/-]*){0,4}?)\s+(?:business|segment|services?)\b"
)
_SUPPLIER = re.compile(r"^\s*(?:of|at|for)\s+(?P<supplier>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)\b")
_FIRST_CUSTOMER = re.compile(
    rf"\bfirst\s+customers?\s+of\s+[^,]{{0,80}}?,\s+(?P<name>{PARTY_PATTERN})\s+"
    r"(?:has|had|is|was|will|began|started)\b"
)
_LEGAL_ONLY = re.compile(rf"^{LEGAL_FORM}$")
_QUOTED = re.compile(r"[\"“'‘](?P<text>[^\"“”'‘’]{2,80})[\"”'’]")
_RECOGNIZED_AS = re.compile(
    r"\bRevenues?\s+from\s+(?P<such>such\s+)?(?P<name>.+?)\s+(?:are|is|were|was)\s+recognized\s+"
    r"(?:as|in|under)\s+(?P<segments>[\"“'‘].*?)\s+in\s+(?P<owner>[A-Z][\w&.-]*(?:['’]s)?\s+)?"
    r"(?:consolidated\s+)?financial\s+statements",
    re.I,
)
_RECOGNIZED_IN = re.compile(
    r"(?P<name>(?:[A-Z][\w-]*\s+){0,4}[A-Z][\w-]*)\s+(?:total\s+)?revenues?\s+(?:are|is)\s+"
    r"recognized\s+in\s+(?P<segment>[a-z][a-z ,&-]+?)\s+revenues?\b"
    r"(?:.*?\bthe\s+rest\s+(?:is|are)\s+recognized\s+in\s+"
    r"(?P<rest>[a-z][a-z ,&-]+?)\s+revenues?\b)?"
)
_CALLED = re.compile(
    r"\bcalled\s+[\"“](?P<name>[^\"”]+?),?[\"”],?\s+which\s+(?:was\s+|were\s+)?"
    rf"(?:launched|introduced|released)\s+in\s+(?P<date>{DATE_PATTERN})"
)
_WILL_LAUNCH = re.compile(
    rf"\b(?:will|plans?\s+to|is\s+to)\s+(?:launch|release|introduce)\s+[\"“](?P<name>[^\"”]+?),?[\"”]"
    rf"\s+in\s+(?P<date>{DATE_PATTERN})"
)
_LAUNCHED_QUOTED = re.compile(
    r"\b(?:launched|released|introduced)\s+(?:an?\s+new\s+[\w\s-]{0,60}?(?:service|product)s?\s+)"
    r"[\"“](?P<name>[^\"”]+?),?[\"”]"
)
_LAUNCHED_CAPS = re.compile(
    r"\b(?:launched|released|introduced)\s+(?P<name>[A-Z][A-Z0-9-]+(?:\s+[A-Z][A-Z0-9-]+)*),\s+an?\s"
)
_SINCE_LAUNCH = re.compile(rf"^\s*Since\s+its\s+launch\s+in\s+(?P<date>{DATE_PATTERN})")
_SUBJECT = re.compile(rf"^\s*(?P<name>{PARTY_PATTERN})")
_LEAD = re.compile(r"^\s*<u>(?P<lead>[^<]{2,60})</u>")


def _sentences(text: str) -> list[tuple[int, str]]:
    """A line's sentences with their offsets."""
    found: list[tuple[int, str]] = []
    start = 0
    for hit in _SENTENCE_END.finditer(text):
        found.append((start, text[start : hit.start() + 1]))
        start = hit.end()
    found.append((start, text[start:]))
    return found


def _split_list(text: str) -> list[str]:
    """Split a list of names on commas and "and" outside brackets."""
    items: list[str] = []
    depth, start, index = 0, 0, 0
    while index < len(text):
        char = text[index]
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            glue = re.match(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s+", text[index:])
            if glue:
                items.append(text[start:index])
                index += glue.end()
                start = index
                continue
        index += 1
    items.append(text[start:])
    return [item.strip() for item in items if item.strip()]


def _is_abbreviation(text: str) -> bool:
    return bool(re.fullmatch(r"[\"“'‘]?[A-Z][A-Za-z0-9&-]{1,15}[\"”'’]?", text.strip())) and not (
        text.strip().istitle() and len(text.strip()) > 5
    )


def _customer_items(text: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """Names, industries and abbreviations of a list: ``A Inc. (finance), B and C (retail)``."""
    found: list[tuple[str, str | None, tuple[str, ...]]] = []
    for item in _split_list(text):
        if _LEGAL_ONLY.match(item) and found:
            name, industry, aliases = found[-1]
            found[-1] = (f"{name}, {item}", industry, aliases)
            continue
        hit = re.fullmatch(r"(?P<name>.*?)\s*(?:\((?P<paren>[^()]*)\))?", item)
        if hit is None:
            continue
        name, paren = hit.group("name").strip(" ,"), (hit.group("paren") or "").strip()
        if not name and paren and found and not _is_abbreviation(paren):
            previous, industry, aliases = found[-1]
            found[-1] = (previous, industry or paren, aliases)
            continue
        if not re.match(r"[A-Z0-9]", name) or len(name.split()) > 8 or name.lower() == "others":
            continue
        if paren and _is_abbreviation(paren):
            found.append((name, None, (paren.strip("\"“”'‘’"),)))
        else:
            found.append((name, paren or None, ()))
    return found


class _Names:
    """The companies a document names, found in its sentences and resolved to the issuer."""

    def __init__(self, context: BusinessContext):
        self.issuer = context.issuer
        issuer_forms: set[str] = set()
        if context.issuer:
            bare = canonical_company_name(context.issuer)
            initials = "".join(word[0] for word in re.findall(r"\b[A-Z][a-z]+", bare))
            issuer_forms = {context.issuer, bare, *context.issuer_aliases}
            if len(initials) >= 2:
                issuer_forms.add(initials)
        self.issuer_forms = {form.lower() for form in issuer_forms} | {"the company"}
        forms: set[str] = set(issuer_forms) | ({"the Company"} if context.issuer else set())
        for stake in context.stakes:
            if not stake.owner_is_person:
                forms |= {stake.owner, *stake.owner_aliases}
            forms |= {stake.owned, *stake.owned_aliases}
        self.forms = forms
        self._compile()

    def _compile(self) -> None:
        ordered = sorted(self.forms, key=lambda form: (-len(form), form))
        alternation = "|".join(re.escape(form) for form in ordered if form)
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])") if alternation else None

    def add(self, *names: str) -> None:
        new = {name for name in names if name and name not in self.forms}
        if new:
            self.forms |= new
            self._compile()

    def resolve(self, name: str) -> str:
        name = re.sub(r"['’]s$", "", name.strip())
        if self.issuer and name.lower() in self.issuer_forms:
            return self.issuer
        return name

    def first(self, text: str) -> str | None:
        """The first company a text names."""
        if self.pattern is None:
            return None
        hit = self.pattern.search(text)
        return self.resolve(hit.group()) if hit else None


def _party(text: str) -> tuple[str, tuple[str, ...]]:
    """A party's name and the abbreviation defined after it."""
    hit = re.fullmatch(r"(?P<name>.*?)\s*\(\s*[\"“”']?(?P<abbr>[^()\"“”']+?)[\"“”']?\s*\)", text)
    name = hit.group("name") if hit else text
    aliases = (hit.group("abbr"),) if hit else ()
    name = name.strip(" ,")
    if name.endswith(".") and not LEGAL_SUFFIX.search(name):
        name = name[:-1]
    return name, aliases


def _company_subject(text: str) -> str | None:
    """The company a sentence starts with, when its name shows it is one: a legal-form suffix
    or an abbreviation defined after it ("Orca Trading Corporation ("Orca") signed ...")."""
    hit = _SUBJECT.match(text)
    if hit is None:
        return None
    name, aliases = _party(hit.group("name"))
    return name if aliases or LEGAL_SUFFIX.search(name) else None


def _segment_label(text: str) -> str:
    text = " ".join(text.split()).strip(" ,")
    return text[:1].upper() + text[1:]


@dataclass
class _Reader:
    context: BusinessContext
    names: _Names
    found: BusinessFacts

    def span(self, line: Line) -> SourceSpan:
        return SourceSpan(self.context.document, line.number, line.raw.strip())

    def period(self, text: str) -> Period | None:
        if self.context.calendar is None:
            return None
        for match in find_periods(text, self.context.calendar, reference=self.context.day):
            if not match.period.is_instant:
                return match.period
        return None

    # customers

    def customers(self, line: Line, sentence: str, services: Sequence[ServiceFact]) -> None:
        hit = _CUSTOMERS.search(sentence)
        if hit and self.context.issuer:
            between = hit.group("between")
            supplier, business_line = self.context.issuer, None
            owned = _SUPPLIER_LINE.search(between)
            plain = _SUPPLIER.match(between)
            if owned:
                supplier = self.names.resolve(owned.group("supplier"))
                words = owned.group("line")
                business_line = self.context.abbreviations.get(words.lower(), words)
            elif plain:
                supplier = self.names.resolve(plain.group("supplier"))
            period = self.period(between)
            listed = hit.group("list")
            if listed.endswith(".") and not LEGAL_SUFFIX.search(listed):
                listed = listed[:-1]
            for name, industry, aliases in _customer_items(listed):
                self.names.add(name, *aliases)
                self.found.aliases[name] = aliases
                self.found.customers.append(
                    CustomerTie(
                        supplier, name, industry, business_line, False, period, self.span(line)
                    )
                )
        first = _FIRST_CUSTOMER.search(sentence)
        if first and self.context.issuer:
            name, aliases = _party(first.group("name"))
            offered = sorted({s.name for s in services if s.source.line == line.number})
            self.names.add(name, *aliases)
            self.found.customers.append(
                CustomerTie(
                    self.context.issuer,
                    name,
                    None,
                    offered[0] if len(offered) == 1 else None,
                    len(offered) == 1,
                    None,
                    self.span(line),
                )
            )

    # services

    def services(self, line: Line, block: Block) -> None:
        text, issuer = line.text, self.context.issuer
        if issuer is None:
            return
        lead = _LEAD.match(line.raw)
        for _, sentence in _sentences(text):
            subject = self.names.first(sentence) or issuer
            for hit in _RECOGNIZED_AS.finditer(sentence):
                name = hit.group("name").strip(" \"“”'")
                if hit.group("such"):
                    if lead is None or lead.group("lead").strip().lower() != name.lower():
                        continue
                    name = lead.group("lead").strip()
                if self.names.first(name) == self.names.resolve(name) and name in self.names.forms:
                    continue  # revenues of a company (a subsidiary), not of a service
                segments = tuple(
                    _segment_label(q.group("text")) for q in _QUOTED.finditer(hit.group("segments"))
                )
                owner = hit.group("owner")
                provider = self.names.resolve(owner.strip()) if owner else issuer
                self.service(provider, name, segments, None, line)
            for hit in _RECOGNIZED_IN.finditer(sentence):
                segments = tuple(
                    _segment_label(hit.group(key)) for key in ("segment", "rest") if hit.group(key)
                )
                self.service(issuer, hit.group("name"), segments, None, line)
            for pattern in (_CALLED, _WILL_LAUNCH, _LAUNCHED_QUOTED, _LAUNCHED_CAPS):
                for hit in pattern.finditer(sentence):
                    provider = self.names.first(sentence[: hit.start()]) or subject
                    groups = hit.groupdict()
                    when = parse_when(groups["date"]) if groups.get("date") else None
                    self.service(provider, hit.group("name").strip(), (), when, line)
        since = _SINCE_LAUNCH.match(text)
        if since and block.headings:
            heading = block.headings[-1].strip(" #<>*:-")
            if 1 <= len(heading.split()) <= 5 and heading[:1].isupper():
                self.service(issuer, heading, (), parse_when(since.group("date")), line)

    def service(
        self,
        provider: str,
        name: str,
        segments: tuple[str, ...],
        when: When | None,
        line: Line,
    ) -> None:
        name = " ".join(name.split()).strip(" ,")
        if not name or name.lower() in self.names.issuer_forms:
            return
        self.found.services.append(ServiceFact(provider, name, segments, when, self.span(line)))

    # ties and events

    def cues(self, line: Line, text: str, owner: str | None, company: str | None) -> None:
        """Ties and events a text states; ``owner``/``company``: a group-table row's."""
        previous: str | None = None
        for _, sentence in _sentences(text):
            for cue in load_cues():
                for hit in cue.pattern.finditer(sentence):
                    self.cue(cue.scheme, cue.kind, cue.label, hit, sentence, line,
                             owner or previous, company)  # fmt: skip
            previous = self.names.first(sentence) or previous

    def cue(
        self,
        scheme: str,
        kind: str,
        label: str,
        hit: re.Match[str],
        sentence: str,
        line: Line,
        fallback: str | None,
        company: str | None,
    ) -> None:
        parties: list[str] = []
        for group, value in sorted(hit.groupdict().items()):
            if group.startswith("party") and value:
                name, aliases = _party(value)
                self.names.add(name, *aliases)
                if aliases:
                    self.found.aliases[name] = aliases
                parties.append(self.names.resolve(name))
        before = self.names.first(sentence[: hit.start()]) or _company_subject(
            sentence[: hit.start()]
        )
        issuer = self.context.issuer
        if scheme == "tie":
            if len(parties) == 1:
                other = before or fallback or issuer
                if other is None:
                    return
                parties.insert(0, other)
            if len(set(parties)) < 2:
                return
            self.found.ties.append(Tie(kind, label, tuple(parties), self.span(line)))
            return
        when = parse_when(hit.group("date")) if "date" in hit.groupdict() else None
        involves = list(parties)
        if company:
            involves.append(company)
        if not involves:  # a company's founding needs its name; other events default to the issuer
            subject = before or self.names.first(sentence)
            if subject is None and kind != "Establishment":
                subject = fallback or issuer
            if subject is None:
                return
            involves.append(subject)
        elif not parties or company is None:
            agent = before or fallback or issuer
            if agent is not None and kind != "Establishment":
                involves.insert(0, agent)
        unique = tuple(dict.fromkeys(involves))
        self.found.events.append(CorporateEvent(kind, label, when, unique, self.span(line)))


def _row_stakes(stakes: Sequence[Stake]) -> dict[int, Stake]:
    return {s.source.line: s for s in stakes if s.kind != "Shareholding" and s.business}


def _section_companies(
    blocks: Sequence[Block], stakes: Sequence[Stake]
) -> dict[tuple[str, ...], str]:
    """The one company the stakes of a section's bullets own ("62.4% subsidiary" under its name).

    A section is the blocks under the same headings; its bullets are about that company.
    """
    owned: dict[tuple[str, ...], set[str]] = {}
    for block in blocks:
        if block.kind != "bullet":
            continue
        numbers = {line.number for line in block.lines}
        for stake in stakes:
            if stake.source.line in numbers and stake.kind != "Shareholding":
                owned.setdefault(block.headings, set()).add(stake.owned)
    return {headings: names.pop() for headings, names in owned.items() if len(names) == 1}


def read_business(
    lines: Sequence[Line], blocks: Sequence[Block], context: BusinessContext
) -> BusinessFacts:
    """Read a document's customers, services, ties and events.

    Args:
        lines: the document's numbered lines.
        blocks: the same lines cut into blocks (:func:`finkg.loaders.blocks.split_blocks`).
        context: the document's name, issuer, calendar, date, stakes and abbreviations.

    Returns:
        What was found, in document order; names as printed.

    >>> from finkg.loaders.blocks import split_blocks
    >>> text = ["Kestrel Foods plc", "",
    ...         "Kestrel conducted a 1:2 stock split on May 1, 2024. Its new range of pies will be "
    ...         "supplied to Tarn Stores Ltd. on an OEM basis."]
    >>> lines = [Line(n, t, t) for n, t in enumerate(text, start=1)]
    >>> found = read_business(lines, split_blocks(lines),
    ...                       BusinessContext("k.txt", "Kestrel Foods plc", ("Kestrel",)))
    >>> [(e.label, e.when.iso(), e.involves) for e in found.events if e.when]
    [('stock split', '2024-05-01', ('Kestrel Foods plc',))]
    >>> [(t.label, t.partners) for t in found.ties]
    [('OEM supply', ('Kestrel Foods plc', 'Tarn Stores Ltd.'))]
    """
    names = _Names(context)
    reader = _Reader(context, names, BusinessFacts())
    rows = _row_stakes(context.stakes)
    sections = _section_companies(blocks, context.stakes)
    for block in blocks:
        company = sections.get(block.headings) if block.kind == "bullet" else None
        for line in block.lines:
            row = rows.get(line.number)
            if row is not None and row.business:
                reader.cues(line, row.business, row.owner, row.owned)
                continue
            reader.services(line, block)
            services = [s for s in reader.found.services if s.source.line == line.number]
            for _, sentence in _sentences(line.text):
                reader.customers(line, sentence, services)
            reader.cues(line, line.text, None, company)
    return reader.found
