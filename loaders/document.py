"""One document in: what it says about itself, and every number it reports, with diagnostics.

:func:`read_document` is the loaders' entry point. It reads the file, finds the issuer, the
document's date, its fiscal calendar and current period, cuts the text into blocks, and hands
tables to :mod:`~finkg.loaders.statements` and prose to :mod:`~finkg.loaders.narrative`. It never
raises for bad content: a problem becomes a :class:`~finkg.loaders.facts.Diagnostic`.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "q.txt").write_text("Acme Widgets Inc. (NYSE: ACME)\\nMay 2, 2024\\n")
>>> facts = read_document(folder / "q.txt")
>>> facts.info.issuer, facts.info.listings[0].ticker, str(facts.info.date)
('Acme Widgets Inc.', 'ACME', '2024-05-02')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from finkg.loaders.blocks import Block, split_blocks
from finkg.loaders.business import BusinessContext, read_business
from finkg.loaders.entities import read_relations
from finkg.loaders.facts import (
    Diagnostic,
    DocumentFacts,
    DocumentInfo,
    Listing,
    Observation,
    SourceSpan,
    StatedChange,
)
from finkg.loaders.lexicon import Lexicon, load_lexicon, normalize_label
from finkg.loaders.merge import merge_observations
from finkg.loaders.names import canonical_company_name
from finkg.loaders.narrative import NarrativeContext, merge_changes, read_narrative
from finkg.loaders.periods import (
    FiscalCalendar,
    Period,
    find_dates,
    find_document_date,
    find_fiscal_year_end,
    find_periods,
    parse_date,
)
from finkg.loaders.profile import read_contact
from finkg.loaders.quantities import parse_exchange_rate, parse_scale_caption
from finkg.loaders.resolution import document_mentions, resolve_names
from finkg.loaders.statements import (
    Header,
    TableContext,
    has_period_header,
    read_collapsed_table,
    read_table,
)
from finkg.loaders.tables import table_rows
from finkg.loaders.text import DocumentReadError, Line, cut_line_diagnostics, read_lines

__all__ = ["CompanyProfile", "read_document", "read_profile"]

_EXCHANGES: dict[str, str] = {
    "nasdaq": "NASDAQ",
    "nyse": "NYSE",
    "tse": "TSE",
    "tse1": "TSE",
    "tokyo stock exchange": "TSE",
    "lse": "LSE",
    "hkex": "HKEX",
}
"""Exchange names as printed (lower case) and the code finkg records."""

_LISTING = re.compile(
    r"\b(?P<exchange>NASDAQ|Nasdaq|NYSE|TSE1?|LSE|HKEX)\s*[:：]\s*(?P<ticker>[A-Z0-9]{1,6})\b"
)
_LEGAL = (
    r"(?:Inc\.?|Incorporated|Corporation|Corp\.?|Co\.,?\s*Ltd\.?|Ltd\.?|Limited|plc|PLC|AG|SE|"
    r"S\.A\.|N\.V\.|K\.K\.)"
)
_NAME = r"[A-Z][A-Za-z0-9&.'\-]*(?:\s+(?:[A-Z][A-Za-z0-9&.'\-]*|of|and|de|&))*"
_NAME_WITH_LEGAL = re.compile(rf"\b(?P<name>{_NAME}\s+{_LEGAL})(?![A-Za-z])")
_NAME_BEFORE_LISTING = re.compile(
    rf"(?P<name>{_NAME}(?:\s+{_LEGAL})?)\s*\(\s*(?:NASDAQ|Nasdaq|NYSE|TSE1?|LSE|HKEX)\s*:"
)
_ABBREVIATION = re.compile(r"\(\s*[\"“”']\s*(?P<abbr>[A-Z][A-Za-z0-9\-]{1,12})\s*[\"“”']\s*\)")
_AS_OF = re.compile(
    r"\bas\s+of\s+(?:mid-|end\s+of\s+)?(?P<date>[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?\d{4})", re.I
)
_TITLE_WORDS = re.compile(
    r"\b(?:results?|announces?|quarter|fiscal|earnings|conference|report)\b", re.I
)


@dataclass(frozen=True)
class CompanyProfile:
    """What one document says about its issuer, shared with the build's other documents."""

    issuer: str | None
    calendar: FiscalCalendar | None


def _issuer(lines: Sequence[Line]) -> tuple[str | None, tuple[str, ...], tuple[Listing, ...]]:
    head = [line.text.lstrip("# ").strip() for line in lines[:40] if line.text]
    listings: list[Listing] = []
    for text in head:
        for hit in _LISTING.finditer(text):
            listing = Listing(_EXCHANGES[hit.group("exchange").lower()], hit.group("ticker"))
            if listing not in listings:
                listings.append(listing)
    name: str | None = None
    for text in head:
        legal = _NAME_WITH_LEGAL.search(text)
        if legal and len(legal.group("name").split()) >= 2:
            name = legal.group("name").strip()
            break
    if name is None:
        for text in head:
            listed = _NAME_BEFORE_LISTING.search(text)
            if listed:
                name = listed.group("name").strip()
                break
    aliases: list[str] = []
    if name:
        body = "\n".join(line.text for line in lines)
        escaped = re.escape(name)
        for hit in re.finditer(rf"{escaped}[^\n]{{0,40}}?{_ABBREVIATION.pattern}", body):
            aliases.append(hit.group("abbr"))
        initials = "".join(word[0] for word in re.findall(r"[A-Z][a-z]+", name))
        if len(initials) >= 2 and len(re.findall(rf"\b{initials}\b", body)) >= 3:
            aliases.append(initials)
        bare = re.sub(rf"\s+{_LEGAL}$", "", name).strip()
        if bare != name:
            aliases.append(bare)
    return name, tuple(dict.fromkeys(aliases)), tuple(listings)


def _document_date(lines: Sequence[Line]) -> date | None:
    """The dateline's date; else the latest "as of" date the document mentions."""
    dateline = find_document_date("\n".join(line.text for line in lines))
    if dateline is not None:
        return dateline.day
    latest: date | None = None
    for line in lines:
        for hit in _AS_OF.finditer(line.text):
            found = parse_date(hit.group("date"))
            if found is not None and (latest is None or found > latest):
                latest = found
    return latest


def _title(lines: Sequence[Line]) -> str | None:
    for line in lines[:30]:
        text = line.text.lstrip("# ").strip()
        if text[:1] in "-*•▶◆▪":
            continue
        if 10 <= len(text) <= 160 and _TITLE_WORDS.search(text) and not text.endswith("."):
            return text
    return None


def _current_period(calendar: FiscalCalendar, day: date | None) -> Period | None:
    """The last fiscal quarter that had ended at least a week before the document's date."""
    if day is None:
        return None
    cutoff = day - timedelta(days=7)
    year = calendar.containing(cutoff)
    candidates = [calendar.quarter(fy, q) for fy in (year - 1, year) for q in (1, 2, 3, 4)]
    ended = [period for period in candidates if period.end <= cutoff]
    return ended[-1] if ended else None


def _title_period(title: str | None, calendar: FiscalCalendar, day: date | None) -> Period | None:
    """The one period a title names ("Results for the year ended 31 December 2024")."""
    if not title:
        return None
    named = [m.period for m in find_periods(title, calendar, reference=day)]
    durations = {period for period in named if not period.is_instant}
    if len(durations) != 1:
        return None
    period = durations.pop()
    if period.kind == "year" and re.search(r"\b(?:quarter|half)\b", title, re.I):
        return None  # "Fourth Quarter and Full Fiscal Year Results": which one is current?
    return period


def read_profile(path: Path) -> CompanyProfile:
    """Read only the issuer and fiscal calendar a document states (for the build's first pass)."""
    try:
        _text, lines = read_lines(path)
    except DocumentReadError:
        return CompanyProfile(None, None)
    issuer, _, _ = _issuer(lines)
    stated = find_fiscal_year_end("\n".join(line.text for line in lines))
    return CompanyProfile(issuer, stated.calendar if stated else None)


def _exchange_rates(
    lines: Sequence[Line], document: str, lexicon: Lexicon, current: Period | None
) -> list[Observation]:
    """Stated exchange rates ("JPY150.25 = US$1, the approximate rate on June 30, 2019").

    The rate is an instant: the date the sentence gives, else the end of the document's
    period. The metric is the scheme's one metric of unit kind ExchangeRate.
    """
    metrics = [m for m in lexicon.metrics.values() if m.unit_kind == "ExchangeRate"]
    if len(metrics) != 1:
        return []
    found: list[Observation] = []
    for line in lines:
        rate = parse_exchange_rate(line.text)
        if rate is None:
            continue
        dates = find_dates(line.text[rate.span[1] :])
        day = dates[0].day if dates else (current.end if current else None)
        if day is None:
            continue
        exponent = rate.rate.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        found.append(
            Observation(
                metric=metrics[0].name,
                period=Period.instant(day),
                value=rate.rate,
                unit=f"{rate.quote}/{rate.base}",
                decimals=int(places),
                sources=(SourceSpan(document, line.number, line.raw.strip()),),
                approximate="approximate" in line.text.lower(),
            )
        )
    return found


def _usd_rate(lines: Sequence[Line]) -> tuple[Decimal, str] | None:
    """The first stated price of a US dollar and its currency, to check USD translations."""
    for line in lines:
        rate = parse_exchange_rate(line.text)
        if rate is not None and rate.base == "USD":
            return rate.rate, rate.quote
    return None


def read_document(
    path: Path, known_calendars: Mapping[str, FiscalCalendar] | None = None
) -> DocumentFacts:
    """Read one text document into facts and diagnostics.

    Args:
        path: the text file.
        known_calendars: fiscal calendars other documents of the same build stated, by issuer
            name; used when this document does not state its issuer's year end.

    Raises:
        DocumentReadError: when the file cannot be read as text at all.
    """
    text, lines = read_lines(path)  # first: it names what is wrong with an unreadable path
    raw = path.read_bytes()
    name = path.name
    info = DocumentInfo(file_name=name, sha256=hashlib.sha256(raw).hexdigest())
    facts = DocumentFacts(info)
    facts.diagnostics.extend(cut_line_diagnostics(lines, name))
    info.issuer, info.issuer_aliases, info.listings = _issuer(lines)
    info.date = _document_date(lines)
    info.title = _title(lines)
    stated = find_fiscal_year_end("\n".join(line.text for line in lines))
    if stated is not None:
        info.calendar, info.calendar_stated = stated.calendar, True
    elif info.issuer and known_calendars and canonical_company_name(info.issuer) in known_calendars:
        info.calendar = known_calendars[canonical_company_name(info.issuer)]
    else:
        info.calendar = FiscalCalendar.default()
        facts.diagnostics.append(
            Diagnostic(
                name, 1, "the fiscal year end is not stated; assuming December 31", "", "warning"
            )
        )
    if info.issuer is None:
        facts.diagnostics.append(Diagnostic(name, 1, "no issuer name found", "", "warning"))
    if info.date is None:
        facts.diagnostics.append(Diagnostic(name, 1, "no document date found", "", "warning"))
    calendar = info.calendar
    info.current_period = _title_period(info.title, calendar, info.date) or _current_period(
        calendar, info.date
    )
    lexicon = load_lexicon().for_issuer([info.issuer or "", *info.issuer_aliases])
    rate = _usd_rate(lines)
    cut_row = _cut_off_row(text, lines)
    if cut_row is not None:
        facts.diagnostics.append(
            Diagnostic(
                name,
                cut_row.number,
                "the file ends in the middle of this table row: the row is not read",
                cut_row.raw.strip(),
                "warning",
            )
        )
    blocks = split_blocks(lines[:-1] if cut_row is not None else lines)
    names = [info.issuer or "", *info.issuer_aliases]
    names += [f"{listing.exchange} {listing.ticker}" for listing in info.listings]
    issuer_words = frozenset(word for name in names for word in normalize_label(name).split())
    narrative = NarrativeContext(
        name, calendar, lexicon, info.date, info.current_period, abbreviations(text), issuer_words
    )
    observations: list[Observation] = []
    changes: list[StatedChange] = []
    previous: Header | None = None
    previous_end = 0
    for position, block in enumerate(blocks):
        table = block.kind in ("pipe_table", "tab_table")
        if table:
            context = TableContext(
                document=name,
                calendar=calendar,
                lexicon=lexicon,
                reference=info.date,
                captions=_captions(blocks, position),
                after=_after(blocks, position),
                usd_rate=rate,
                previous_header=previous if _near(blocks, position, previous_end) else None,
                changes=changes,
            )
        if table and (block.kind == "pipe_table" or has_period_header(block, context)):
            found, diagnostics, header = read_table(block, context)
            diagnostics = [*diagnostics, *_cells_beyond_header(block, header, name)]
            previous = header or previous
            previous_end = block.lines[-1].number
        elif table:
            # a "table" of label<TAB>prose rows: each row is a sentence; a first row without
            # numbers is the title of the rows below it
            found, diagnostics = [], []
            headings = block.headings
            for line in block.lines:
                if line is block.lines[0] and not re.search(r"\d", line.text):
                    headings = (*headings, line.text.replace("\t", " ").strip())
                    continue
                row = Block("paragraph", (line,), headings)
                more, notes = read_narrative(row, narrative, changes)
                if not more and not notes and re.search(r"\d", line.text.split("\t", 1)[-1]):
                    notes = [
                        Diagnostic(
                            name,
                            line.number,
                            "a table row with numbers but no period header",
                            line.raw.strip(),
                        )
                    ]
                found.extend(more)
                diagnostics.extend(notes)
        elif block.kind in ("paragraph", "bullet"):
            collapsed = None
            if block.kind == "paragraph" and len(block.lines) == 1:
                collapsed = read_collapsed_table(
                    block.lines[0],
                    TableContext(
                        name,
                        calendar,
                        lexicon,
                        info.date,
                        _captions(blocks, position),
                        _after(blocks, position),
                        rate,
                    ),
                    block.headings,
                )
            if collapsed is not None:
                found, diagnostics, header = collapsed
                previous = header or previous
                previous_end = block.lines[-1].number
            else:
                found, diagnostics = read_narrative(block, narrative, changes)
        else:
            continue
        observations.extend(found)
        facts.diagnostics.extend(diagnostics)
    observations.extend(_exchange_rates(lines, name, lexicon, info.current_period))
    facts.stakes, facts.people, notes = read_relations(
        lines, blocks, document=name, issuer=info.issuer, as_of=info.date
    )
    facts.diagnostics.extend(notes)
    facts.business = read_business(
        lines,
        blocks,
        BusinessContext(
            name, info.issuer, info.issuer_aliases, calendar, info.date, tuple(facts.stakes),
            abbreviations(text),
        ),
    )  # fmt: skip
    facts.contact = read_contact(lines, blocks, name)
    facts.company_names, facts.merges = resolve_names(
        document_mentions(
            info.issuer, info.issuer_aliases, facts.stakes, facts.people, facts.business
        ),
        document=name,
    )
    declared = [o for o in observations if o.unit in lexicon.units]
    for observation in observations:
        if observation.unit not in lexicon.units:
            source = observation.sources[0]
            facts.diagnostics.append(
                Diagnostic(
                    name,
                    source.line,
                    f"{observation.metric}: the unit {observation.unit!r} is not "
                    "declared in the ontology (ontology/units.ttl)",
                    source.text,
                    "warning",
                )
            )
    merged, conflicts = merge_observations(declared)
    facts.observations = merged
    facts.changes = merge_changes(changes)
    facts.diagnostics.extend(conflicts)
    return facts


_LONG_THEN_SHORT = re.compile(
    r"(?P<long>(?:[A-Z][\w-]*\s+){0,5}[A-Z][\w-]*)\s*\(\s*[\"“]?(?P<abbr>[A-Z][A-Za-z-]{1,7})[\"”]?\s*\)"
)
_SHORT_THEN_LONG = re.compile(r"\b(?P<abbr>[A-Z]{2,6})\s*\((?P<long>[A-Z][A-Za-z -]{3,60})\)")


def abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a document defines, when the initials agree: lower-case short -> long.

    >>> abbreviations('Systems Integration ("SI") and CDN (Content Delivery Network)')
    {'si': 'Systems Integration', 'cdn': 'Content Delivery Network'}
    """
    found: dict[str, str] = {}
    for pattern in (_LONG_THEN_SHORT, _SHORT_THEN_LONG):
        for hit in pattern.finditer(text):
            words = hit.group("long").split()
            abbr = hit.group("abbr")
            for start in range(len(words)):
                initials = "".join(word[0] for word in words[start:]).upper()
                if initials == abbr.replace("-", "").upper():
                    found.setdefault(abbr.lower(), " ".join(words[start:]))
                    break
    return found


def _cut_off_row(text: str, lines: Sequence[Line]) -> Line | None:
    """The last line, when the file stops in the middle of a table row (fewer cells than above).

    >>> rows = [Line(1, "| a | 1 | 2 |", "| a | 1 | 2 |"), Line(2, "| b | 3", "| b | 3")]
    >>> _cut_off_row("...", rows).number
    2
    >>> _cut_off_row("...\\n", rows) is None
    True
    """
    filled = [line for line in lines if line.text]
    if len(filled) < 2 or text.endswith(("\n", "\r")):
        return None
    last, previous = filled[-1], filled[-2]
    if last is not lines[-1] or last.text.startswith("|") != previous.text.startswith("|"):
        return None

    def width(line: Line) -> int:
        if line.text.startswith("|"):
            return line.text.strip().strip("|").count("|")
        return line.text.count("\t")

    return last if width(previous) > 0 and width(last) < width(previous) else None


def _cells_beyond_header(block: Block, header: Header | None, document: str) -> list[Diagnostic]:
    """A warning for a table row wider than every other row, with numbers past the header.

    Such a row has more numbers than the table has columns: the extra ones are not read.
    """
    rows = table_rows(block.lines)
    if header is None or not header.columns or len(rows) < 3:
        return []
    found: list[Diagnostic] = []
    for row in rows:
        width = max(len(other.cells) for other in rows if other is not row)
        extra = [cell for cell in row.cells[width:] if re.search(r"\d", cell)]
        if extra:
            found.append(
                Diagnostic(
                    document,
                    row.line.number,
                    f"more numbers than the table has columns: {', '.join(extra)} not read",
                    row.line.raw.strip(),
                    "warning",
                )
            )
    return found


def _near(blocks: Sequence[Block], position: int, previous_end: int) -> bool:
    """A table continues the one before it only when it starts within a few lines of it."""
    return 0 < blocks[position].first_line - previous_end <= 12


def _captions(blocks: Sequence[Block], position: int) -> list[str]:
    """The short lines just above a table (its title, its units line), nearest last."""
    found: list[str] = []
    for block in reversed(blocks[max(0, position - 5) : position]):
        if block.kind in ("pipe_table", "tab_table"):
            if len(block.lines) > 3 or re.search(r"\d", block.text):
                break
            found.insert(0, " ".join(block.text.replace("|", " ").split()))
            continue
        if len(block.text) > 400:
            break
        found.insert(0, block.text)
    # a units line earlier in the same section ("Unit: JPY million" above a chart and bullets)
    section = blocks[position].headings
    for block in reversed(blocks[:position]):
        if block.headings != section and block.kind != "heading":
            break
        if len(block.text) <= 60 and parse_scale_caption(block.text) is not None:
            if block.text not in found:
                found.insert(0, block.text)
            break
    return found


def _after(blocks: Sequence[Block], position: int) -> list[str]:
    """Short lines right below a table: a title printed under it ("Table 1. ...")."""
    found: list[str] = []
    for block in blocks[position + 1 : position + 3]:
        if block.kind in ("pipe_table", "tab_table") or len(block.text) > 120:
            break
        found.append(block.text)
    return found
