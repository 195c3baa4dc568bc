"""Who owns whom and who runs what: stakes and people's roles, read from tables and prose.

:func:`read_relations` reads, from one document's lines and blocks:

- **group-company tables**: a pipe or tab table whose first cell names the group a row belongs
  to ("Consolidated Subsidiaries", "Equity Method Investees"; rows with a blank first cell stay
  in the group above), with a company, an ownership percentage and a business column. A blank
  percentage stays unknown (``None``), never guessed.
- **stakes in prose**: ``X ("ABBR"), the Company's 63.8% owned subsidiary``, ``a 41.2% owned
  affiliate``, ``Y, a 27.45% affiliate of Z (ABBR)`` (Z owns Y, not the issuer), ``62.4%
  subsidiary`` alone under a heading that names the company, and ``equity loss in X`` (an
  equity-method investee of unknown percentage).
- **shareholder lists**: ``Large Shareholders  Mega Bank (19.3%), Jane Doe (27.3%)``: each one
  owns a share of the issuer; a shareholder whose name reads as a person's is marked so.
- **people with roles**: ``said Jane Doe, President and CEO of ACME``, and a press contact
  (``contact: John Roe ACME Investor/Media Relations Office``).

The issuer's short name (the initials of its name, "ACME"), "the Company" and "our" resolve to the
issuer. A stake's date is the one a nearby ``(As of February 2019)`` line or heading gives (a
month alone means its last day, as balance-sheet dates do), else the document's date.

>>> from finkg.loaders.blocks import split_blocks
>>> from finkg.loaders.text import Line
>>> text = ['Acme Widgets Inc. reports.', '',
...         'Beta Tools ("BT"), the Company\\'s 60% owned subsidiary, grew.']
>>> lines = [Line(n, t, t) for n, t in enumerate(text, start=1)]
>>> stakes, people, notes = read_relations(
...     lines, split_blocks(lines), document="a.txt", issuer="Acme Widgets Inc.", as_of=None)
>>> [(s.owner, s.owned, str(s.percent), s.kind, s.owned_aliases) for s in stakes]
[('Acme Widgets Inc.', 'Beta Tools', '60', 'ConsolidatedSubsidiary', ('BT',))]
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from finkg.loaders.blocks import Block
from finkg.loaders.cues import LEGAL_FORM
from finkg.loaders.facts import Diagnostic, SourceSpan
from finkg.loaders.names import LEGAL_SUFFIX, canonical_company_name
from finkg.loaders.periods import find_document_date
from finkg.loaders.tables import Row, is_dash, table_rows
from finkg.loaders.text import Line

__all__ = ["PersonRole", "Stake", "StakeKind", "read_relations"]

StakeKind = Literal["ConsolidatedSubsidiary", "EquityMethodInvestee", "Affiliate", "Shareholding"]


@dataclass(frozen=True)
class Stake:
    """An ownership interest one party holds in a company, as a document states it.

    Attributes:
        owner: the owning company or person, by the name the document uses (the issuer's full
            name when the document means the issuer).
        owned: the owned company, by the name the document uses.
        percent: the ownership percentage (0-100) as printed, or None when not stated.
        kind: how the owner holds it: consolidated subsidiary, equity-method investee,
            affiliate or shareholding.
        as_of: the date the document states it for, or None when unknown.
        source: the line it was read from.
        owner_aliases: abbreviations the document defines for the owner ("MPC").
        owned_aliases: abbreviations the document defines for the owned company ("ACME-MC").
        owner_is_person: the owner is a person (a shareholder such as a founder).
        business: what the owned company does, when a group-company table says so.
    """

    owner: str
    owned: str
    percent: Decimal | None
    kind: StakeKind
    as_of: date | None
    source: SourceSpan
    owner_aliases: tuple[str, ...] = ()
    owned_aliases: tuple[str, ...] = ()
    owner_is_person: bool = False
    business: str | None = None


@dataclass(frozen=True)
class PersonRole:
    """A person's role in an organisation ("Jane Doe", "President and CEO", issuer)."""

    person: str
    role: str
    organization: str
    source: SourceSpan


# --- words ---------------------------------------------------------------------------------------

_GROUP_KINDS: tuple[tuple[re.Pattern[str], StakeKind], ...] = (
    (
        re.compile(
            r"(?:companies\s+accounted\s+for\s+(?:by|under)\s+the\s+)?equity[\s-]+method"
            r"(?:\s+(?:investees?|affiliates?|companies|associates?))?",
            re.I,
        ),
        "EquityMethodInvestee",
    ),
    (re.compile(r"(?:consolidated\s+)?subsidiar(?:y|ies)", re.I), "ConsolidatedSubsidiary"),
    (re.compile(r"associates?|associated\s+companies", re.I), "EquityMethodInvestee"),
    (re.compile(r"affiliates?|affiliated\s+companies", re.I), "Affiliate"),
)
"""The first cell of a group-company table row, naming the group the row belongs to."""

_PROSE_KINDS: dict[str, StakeKind] = {
    "consolidated subsidiary": "ConsolidatedSubsidiary",
    "subsidiary": "ConsolidatedSubsidiary",
    "equity method investee": "EquityMethodInvestee",
    "equity method affiliate": "EquityMethodInvestee",
    "associate": "EquityMethodInvestee",
    "affiliate": "Affiliate",
}
"""A stake's kind, by the noun prose uses ("a 41.2% owned affiliate")."""

_HEADER_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("percent", re.compile(r"owner|%|percent|stake|share|interest|voting|holding", re.I)),
    ("company", re.compile(r"company|name|entity|subsidiar|investee|affiliate", re.I)),
    ("business", re.compile(r"business|activit|description|operation|service", re.I)),
)
"""Header words of a group-company table's columns; the first that fits a cell wins."""

_ROLE_WORDS = re.compile(
    r"\b(?:president|ceo|cfo|coo|cto|cio|chairman|chairwoman|chair|director|officer|manager|"
    r"head|executive|founder|treasurer|secretary|partner|counsel|spokesperson|relations|"
    r"representative|auditor|controller)\b",
    re.I,
)
"""Words one of which a role names ("President and CEO", "Investor/Media Relations Office")."""

_ORGANIZATION_WORDS = frozenset(
    {
        "bank", "capital", "communications", "corporation", "electric", "financial", "fund",
        "group", "holding", "holdings", "institute", "insurance", "international", "investment",
        "investments", "japan", "life", "management", "network", "networks", "partners", "power",
        "securities", "services", "solutions", "systems", "technologies", "telecom", "trust",
        "trustee", "account", "custody",
    }
)  # fmt: skip
"""Words in a shareholder's name that make it an organisation, not a person."""

_STOP_WORDS = frozenset({"The", "A", "An", "Its", "Our", "In", "At", "Also", "And", "With"})
"""Capitalised words that start a sentence rather than a name."""

# --- patterns ------------------------------------------------------------------------------------

_LEGAL = LEGAL_FORM
_WORD = r"[A-Z][\w&.'’-]*"
_NAME = rf"{_WORD}(?:(?:\s+|,\s*(?={_LEGAL}))(?:{_WORD}|(?:of|&|de|du|la)(?=\s+[A-Z])))*"
_TRAILING_NAME = re.compile(rf"(?P<name>{_NAME})$")
_LEADING_NAME = re.compile(rf"^(?P<name>{_NAME})")
_ABBR = r"\(\s*[\"“”']?\s*(?P<abbr>[A-Z][A-Za-z0-9&\-]{1,15})\s*[\"“”']?\s*\)"
_TRAILING_ABBR = re.compile(rf"\s*{_ABBR}\s*$")
_LEADING_ABBR = re.compile(rf"^\s*{_ABBR}")
_PERCENT = r"(?P<pct>\d{1,3}(?:\.\d+)?)\s*%"
_STAKE_PHRASE = re.compile(
    rf"(?P<lead>,\s*|\s+(?:is|was|became|becomes)\s+)"
    rf"(?:(?P<poss>the\s+Company|{_WORD})['’]s\s+|our\s+|its\s+|an?\s+)"
    rf"{_PERCENT}[\s-]*(?:(?:owned|held)\s+)?"
    r"(?P<kind>consolidated\s+subsidiary|subsidiary|equity[\s-]method\s+(?:investee|affiliate)|"
    r"affiliate|associate)\b"
    r"(?P<of>\s+of\s+)?",
)
_BARE_STAKE = re.compile(
    rf"^(?:[-*•◆▪●■]\s*)*(?:an?\s+)?{_PERCENT}[\s-]*(?:(?:owned|held)\s+)?"
    r"(?P<kind>consolidated\s+subsidiary|subsidiary|equity[\s-]method\s+(?:investee|affiliate)|"
    r"affiliate|associate)\s*\.?$",
    re.I,
)
_EQUITY_IN = re.compile(
    r"(?i:\bequity\s+(?:in\s+)?(?:net\s+)?(?:loss(?:es)?|income|earnings|profits?)"
    r"(?:\s*\((?:loss|income)\))?\s+(?:in|of|from)\s+)(?=[A-Z])"
)
_LIST_GLUE = re.compile(r"^\s*(?:,\s*and|,|and|&)\s+(?=[A-Z])")
_SHAREHOLDERS = re.compile(
    r"^(?:[-*•◆▪●■]\s*)*(?:(?:large|major|principal|main|largest|top\s+\d+)\s+)"
    r"shareholders?\b\s*[:：]?\s*",
    re.I,
)
_SHARE_ENTRY = re.compile(rf"(?P<name>[^,;()]+?(?:,\s*{_LEGAL})*)\s*\(\s*{_PERCENT}\s*\)")
_PERSON = r"(?P<person>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+(?:Mc|O')?[A-Z][a-z]+){1,2})"
_ROLE = r"(?P<role>[A-Za-z][\w/&.-]*(?:\s+(?:[A-Z][\w/&.-]*|and|&|of(?=\s+[A-Z][a-z])))*?)"
_ORG = rf"(?P<org>{_NAME})"
_SAID = r"(?:said|says|stated|commented|added|noted)"
_DEPARTMENT = (
    r"(?P<dept>[A-Z][\w/&-]*(?:\s+[A-Z][\w/&-]*){0,5}\s+"
    r"(?:Office|Department|Division|Group|Team))\b"
)
_PEOPLE: tuple[re.Pattern[str], ...] = (
    # said Jane Doe, President and CEO of ACME
    re.compile(rf"\b{_SAID}\s+{_PERSON},\s+{_ROLE}\s+(?:of|at)\s+{_ORG}"),
    # Tom Reed, CFO of Harbour Mills Corp., said
    re.compile(rf"{_PERSON},\s+{_ROLE}\s+(?:of|at)\s+{_ORG},\s+{_SAID}\b"),
    # contact: John Roe ACME Investor/Media Relations Office
    re.compile(
        rf"\bcontact\s*[:：]?\s*{_PERSON},?\s+"
        rf"(?:(?P<org2>[A-Z][A-Za-z0-9&-]*[A-Z])['’]?s?\s+)?{_DEPARTMENT}"
    ),
)
_AS_OF = re.compile(r"\(?\s*\bas\s+of\s+(?P<date>[^()]+?)\s*\)?\s*$", re.I)
_HEADING_DECORATION = " \t#<>*◆■□●○▶►◇▪•-–:"


# --- names ---------------------------------------------------------------------------------------


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"\b[A-Z][a-z]+", canonical_company_name(name)))


class _Names:
    """Resolve the issuer's names ("ACME", "the Company", "our") to its full name."""

    def __init__(self, issuer: str | None, lines: Sequence[Line] = ()):
        self.issuer = issuer
        self.forms: set[str] = set()
        if issuer:
            self.forms = {issuer.lower(), canonical_company_name(issuer).lower(), "the company"}
            initials = _initials(issuer)
            if len(initials) >= 2:
                self.forms.add(initials.lower())
            # an abbreviation the document defines for it: 'Kestrel Foods plc ("Kestrel")'
            defined = re.compile(rf"{re.escape(issuer)}[^\n]{{0,40}}?{_ABBR}")
            for line in lines:
                for hit in defined.finditer(line.text):
                    self.forms.add(hit.group("abbr").lower())

    def resolve(self, name: str) -> str:
        bare = re.sub(r"['’]s$", "", name.strip())
        if self.issuer and (bare.lower() in self.forms or bare.lower() in ("our", "its")):
            return self.issuer
        return bare

    def is_issuer(self, name: str) -> bool:
        return self.issuer is not None and self.resolve(name) == self.issuer


def _clean_name(name: str) -> str:
    """A name without sentence-initial words or a sentence's full stop."""
    words = name.split()
    while len(words) > 1 and words[0] in _STOP_WORDS:
        words.pop(0)
    name = " ".join(words).strip(" ,;:")
    if name.endswith(".") and not LEGAL_SUFFIX.search(name):
        name = name[:-1]
    return name


def _trailing_name(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The company name a text ends with, and the abbreviation defined after it."""
    aliases: tuple[str, ...] = ()
    abbr = _TRAILING_ABBR.search(text)
    if abbr:
        aliases = (abbr.group("abbr"),)
        text = text[: abbr.start()]
    hit = _TRAILING_NAME.search(text.rstrip())
    if hit is None:
        return None
    return _clean_name(hit.group("name")), aliases


def _leading_name(text: str) -> tuple[str, tuple[str, ...], int] | None:
    """The company name a text starts with, its abbreviation, and where they end."""
    hit = _LEADING_NAME.match(text)
    if hit is None:
        return None
    name, end = hit.group("name"), hit.end()
    aliases: tuple[str, ...] = ()
    abbr = _LEADING_ABBR.match(text[end:])
    if abbr:
        aliases, end = (abbr.group("abbr"),), end + abbr.end()
    return _clean_name(name), aliases, end


def _is_person(name: str, known: set[str]) -> bool:
    """A shareholder's name reads as a person's: two or three plain capitalised words."""
    if name in known:
        return True
    words = name.split()
    return (
        2 <= len(words) <= 3
        and all(re.fullmatch(r"[A-Z][a-z]+", word) for word in words)
        and not any(word.lower() in _ORGANIZATION_WORDS for word in words)
        and LEGAL_SUFFIX.search(name) is None
    )


# --- dates ---------------------------------------------------------------------------------------


def _as_of_date(text: str) -> date | None:
    """The date of an "as of" statement; a month alone gives its last day.

    >>> _as_of_date("(As of February 2019)"), _as_of_date("Group Overview (as of Jun. 2018)")
    (datetime.date(2019, 2, 28), datetime.date(2018, 6, 30))
    >>> _as_of_date("as of Dec 31, 2016"), _as_of_date("as of mid-Aug. 2018")
    (datetime.date(2016, 12, 31), None)
    """
    hit = _AS_OF.search(text)
    if hit is None:
        return None
    found = find_document_date(hit.group("date"), max_lines=1)
    if found is None:
        return None
    day = found.day
    if found.precision == "month":
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def _nearby_as_of(blocks: Sequence[Block], position: int) -> date | None:
    """An "(As of ...)" line just above a block (headings between allowed), or in a heading."""
    for block in reversed(blocks[max(0, position - 3) : position]):
        if block.kind in ("pipe_table", "tab_table") or len(block.text) > 80:
            break
        if re.match(r"^\(?\s*as\s+of\b", block.text, re.I):
            day = _as_of_date(block.text)
            if day is not None:
                return day
    for heading in reversed(blocks[position].headings):
        day = _as_of_date(heading)
        if day is not None:
            return day
    return None


# --- the reader ----------------------------------------------------------------------------------


def _group_kind(cell: str) -> StakeKind | None:
    text = " ".join(cell.split()).strip(" :")
    for pattern, kind in _GROUP_KINDS:
        if pattern.fullmatch(text):
            return kind
    return None


def _percent(cell: str) -> Decimal | None:
    hit = re.fullmatch(rf"\s*{_PERCENT}\s*", cell)
    return Decimal(hit.group("pct")) if hit else None


def _span(document: str, line: Line) -> SourceSpan:
    return SourceSpan(document, line.number, line.raw.strip())


@dataclass
class _Reader:
    document: str
    names: _Names
    stakes: list[Stake]
    people: list[PersonRole]
    diagnostics: list[Diagnostic]

    def note(self, line: Line, reason: str, severity: Literal["info", "warning"]) -> None:
        self.diagnostics.append(
            Diagnostic(self.document, line.number, reason, line.raw.strip(), severity)
        )

    # group-company tables

    def group_table(self, block: Block, as_of: date | None) -> None:
        rows = table_rows(block.lines)
        heading_kind = _group_kind(block.headings[-1]) if block.headings else None
        if not any(_group_kind(row.label) for row in rows) and heading_kind is None:
            return
        columns, header = self._columns(rows)
        if not any(_group_kind(r.label) for r in rows) and "company" not in columns:
            return  # rows under a heading that names the group need a company column
        if self.names.issuer is None:
            self.note(block.lines[0], "a group-company table, but no issuer to own it", "warning")
            return
        kind = heading_kind
        for row in rows:
            if row is header:
                continue
            row_kind = _group_kind(row.label)
            kind = row_kind or kind
            company_at = columns.get("company", 1 if row_kind or not row.label else 0)
            if row_kind and (company_at == 0 or not any(row.cells[1:])):
                continue  # a row that only names the group
            if kind is None:
                continue
            self._group_row(row, kind, columns, company_at, as_of)

    @staticmethod
    def _columns(rows: Sequence[Row]) -> tuple[dict[str, int], Row | None]:
        for row in rows[:2]:
            if any(_percent(cell) is not None for cell in row.cells):
                continue
            columns: dict[str, int] = {}
            for index, cell in enumerate(row.cells):
                for name, pattern in _HEADER_COLUMNS:
                    if cell and name not in columns and pattern.search(cell):
                        columns[name] = index
                        break
            if "company" in columns or "percent" in columns:
                return columns, row
        return {}, None

    def _group_row(
        self,
        row: Row,
        kind: StakeKind,
        columns: dict[str, int],
        company_at: int,
        as_of: date | None,
    ) -> None:
        cells = row.cells
        company = cells[company_at].strip() if company_at < len(cells) else ""
        if not company:
            return
        percent_at = columns.get("percent")
        if percent_at is None:
            found = [i for i, cell in enumerate(cells) if _percent(cell) is not None]
            percent_at = found[0] if found else None
        cell = (
            cells[percent_at].strip() if percent_at is not None and percent_at < len(cells) else ""
        )
        percent = _percent(cell) if cell else None
        if cell and not is_dash(cell) and percent is None:
            self.note(row.line, f"ownership {cell!r} of {company} is not a percentage", "warning")
        elif percent is not None and percent > 100:
            self.note(row.line, f"ownership {cell!r} of {company} is over 100%", "warning")
            percent = None
        business_at = columns.get("business")
        if business_at is None:
            rest = [i for i in range(company_at + 1, len(cells)) if i != percent_at and cells[i]]
            business_at = rest[-1] if rest else None
        business = (
            cells[business_at].strip()
            if business_at is not None and business_at < len(cells)
            else ""
        )
        assert self.names.issuer is not None
        self.stakes.append(
            Stake(
                owner=self.names.issuer,
                owned=company,
                percent=percent,
                kind=kind,
                as_of=as_of,
                source=_span(self.document, row.line),
                business=business or None,
            )
        )

    # shareholders

    def shareholders(self, line: Line, as_of: date | None, known: set[str]) -> None:
        text = line.text.replace("\t", " ").replace("|", " ").strip()
        label = _SHAREHOLDERS.match(text)
        if label is None:
            return
        if self.names.issuer is None:
            self.note(line, "a shareholder list, but no issuer they own", "warning")
            return
        listed = text[label.end() :]
        for hit in _SHARE_ENTRY.finditer(listed):
            name = re.sub(r"^(?:,|and\b|&)\s*", "", hit.group("name").strip()).strip()
            if not name:
                continue
            self.stakes.append(
                Stake(
                    owner=name,
                    owned=self.names.issuer,
                    percent=Decimal(hit.group("pct")),
                    kind="Shareholding",
                    as_of=as_of,
                    source=_span(self.document, line),
                    owner_is_person=_is_person(name, known),
                )
            )

    # stakes in prose

    def prose(self, line: Line, as_of: date | None) -> None:
        text = line.text
        for hit in _STAKE_PHRASE.finditer(text):
            owned = _trailing_name(text[: hit.start()])
            if owned is None:
                continue
            owner_name: str | None = self.names.issuer
            owner_aliases: tuple[str, ...] = ()
            if hit.group("of"):
                leading = _leading_name(text[hit.end() :])
                if leading is None:
                    continue
                owner_name, owner_aliases, _ = leading
                owner_name = self.names.resolve(owner_name)
            elif hit.group("poss"):
                owner_name = self.names.resolve(hit.group("poss"))
            if owner_name is None:
                self.note(line, "a stake, but no issuer to own it", "warning")
                continue
            name, aliases = owned
            if self.names.is_issuer(name) or name == owner_name:
                continue
            self.stakes.append(
                Stake(
                    owner=owner_name,
                    owned=name,
                    percent=Decimal(hit.group("pct")),
                    kind=_PROSE_KINDS[re.sub(r"[\s-]+", " ", hit.group("kind").lower())],
                    as_of=as_of,
                    source=_span(self.document, line),
                    owner_aliases=owner_aliases,
                    owned_aliases=aliases,
                )
            )
        for hit in _EQUITY_IN.finditer(text):
            rest, position = text[hit.end() :], 0
            while True:
                leading = _leading_name(rest[position:])
                if leading is None or self.names.issuer is None:
                    break
                name, aliases, end = leading
                if not self.names.is_issuer(name):
                    self.stakes.append(
                        Stake(
                            owner=self.names.issuer,
                            owned=name,
                            percent=None,
                            kind="EquityMethodInvestee",
                            as_of=as_of,
                            source=_span(self.document, line),
                            owned_aliases=aliases,
                        )
                    )
                position += end
                glue = _LIST_GLUE.match(rest[position:])
                if glue is None:
                    break
                position += glue.end()

    def bare_stake(self, block: Block, as_of: date | None) -> None:
        """ "62.4% subsidiary" alone, under a heading that names the owned company."""
        if not block.headings or self.names.issuer is None:
            return
        owned = block.headings[-1].strip(_HEADING_DECORATION)
        words = owned.split()
        if not 1 <= len(words) <= 6 or not owned[:1].isupper() or self.names.is_issuer(owned):
            return
        for line in block.lines:
            hit = _BARE_STAKE.match(line.text)
            if hit is None:
                continue
            self.stakes.append(
                Stake(
                    owner=self.names.issuer,
                    owned=owned,
                    percent=Decimal(hit.group("pct")),
                    kind=_PROSE_KINDS[re.sub(r"[\s-]+", " ", hit.group("kind").lower())],
                    as_of=as_of,
                    source=_span(self.document, line),
                )
            )

    # people

    def roles(self, line: Line) -> None:
        for pattern in _PEOPLE:
            for hit in pattern.finditer(line.text):
                groups = hit.groupdict()
                if groups.get("dept"):
                    role = groups["dept"]
                    organization = groups.get("org2") or self.names.issuer
                else:
                    role, organization = groups["role"], _clean_name(groups["org"])
                if organization is None or not _ROLE_WORDS.search(role):
                    continue
                self.people.append(
                    PersonRole(
                        person=hit.group("person"),
                        role=role.strip(" ,"),
                        organization=self.names.resolve(organization),
                        source=_span(self.document, line),
                    )
                )


def read_relations(
    lines: Sequence[Line],
    blocks: Sequence[Block],
    *,
    document: str,
    issuer: str | None,
    as_of: date | None,
) -> tuple[list[Stake], list[PersonRole], list[Diagnostic]]:
    """Read a document's stakes (group companies, shareholders) and people's roles.

    Args:
        lines: the document's numbered lines (where the issuer's abbreviations are defined).
        blocks: the same lines cut into blocks (:func:`finkg.loaders.blocks.split_blocks`).
        document: the document's file name, for source spans.
        issuer: the issuer's full name; "the Company" and its short name resolve to it. Without
            it, group tables and shareholder lists cannot be read (a diagnostic says so).
        as_of: the document's date, for stakes no nearby "as of" line dates.

    Returns:
        The stakes, the people's roles and diagnostics, in document order.

    >>> from finkg.loaders.blocks import split_blocks
    >>> text = ["Acme Widgets Inc.", "", "Major Shareholders: Bank Holdings (12.5%), Jane Doe (3%)"]
    >>> lines = [Line(n, t, t) for n, t in enumerate(text, start=1)]
    >>> stakes, _, _ = read_relations(
    ...     lines, split_blocks(lines), document="a.txt", issuer="Acme Widgets Inc.", as_of=None)
    >>> [(s.owner, str(s.percent), s.kind, s.owner_is_person) for s in stakes]
    [('Bank Holdings', '12.5', 'Shareholding', False), ('Jane Doe', '3', 'Shareholding', True)]
    """
    reader = _Reader(document, _Names(issuer, lines), [], [], [])
    for block in blocks:
        if block.kind in ("paragraph", "bullet", "tab_table", "pipe_table"):
            for line in block.lines:
                reader.roles(line)
    known = {role.person for role in reader.people}
    for position, block in enumerate(blocks):
        nearby = _nearby_as_of(blocks, position)
        day = nearby or as_of
        if block.kind in ("pipe_table", "tab_table"):
            reader.group_table(block, day)
            for line in block.lines:
                reader.shareholders(line, day, known)
        elif block.kind in ("paragraph", "bullet"):
            reader.bare_stake(block, day)
            for line in block.lines:
                reader.shareholders(line, day, known)
                reader.prose(line, day)
        else:  # a short line alone reads as a heading: "Large shareholders: Mega Bank (19.3%)"
            reader.shareholders(block.lines[0], day, known)
    return _without_repeats(reader.stakes), reader.people, reader.diagnostics


def _without_repeats(stakes: list[Stake]) -> list[Stake]:
    """Drop a stake stated without a percentage when the document states it with one."""

    def key(stake: Stake) -> tuple[str, str, StakeKind]:
        return canonical_company_name(stake.owner), canonical_company_name(stake.owned), stake.kind

    with_percent = {key(stake) for stake in stakes if stake.percent is not None}
    return [s for s in stakes if s.percent is not None or key(s) not in with_percent]
