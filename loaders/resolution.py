"""Entity resolution: which surface forms of company names in one document name one company.

A company's IRI comes from its **canonical key**, the slug of its name without legal-form suffix
(:func:`company_key`): "Harbour Mills Corporation" and "Harbour Mills" share the key
``harbour-mills``, in one document or in two, whichever is loaded first, so documents loaded one at
a time (or in parallel processes) still meet at one node. Other surface forms are mapped to a
key only on evidence in the same document (:func:`resolve_names`), so the result never depends
on which other documents a build holds or their order. The rules, in order:

1. **legal-form suffix and case**: same key ("Orca Lumenworks Corporation" and
   "Orca Lumenworks"; "WREN CORPORATION" and "Wren").
2. **defined abbreviation**: the document defines it right after the full name
   (``Kestrel Media Works ("KMW")``, ``Quillon Rail Freight Company (QRFCO)``).
3. **short form**: a name of at least two words that is the first words of exactly one longer
   name in the same document ("Bolt Direct" for "Bolt Direct Brokerage Inc."). One word
   is never enough: "Orca Corp." stays apart from "Orca Lumenworks Corporation".
4. **conversion slip**: a name of at least eight letters that no other rule resolves and that
   becomes exactly one other name of the document when one letter is put back ("Orca Nexlne"
   or "Orca-Nexlne" for "Orca Nexlane"; hyphens and spaces compare equal). Only a lost letter
   counts, never a changed one ("Fenwick Mall" stays apart from "Fenwick Mill"), and short names
   never ("QRV" is not "QRVNet").

Every merge is logged (:class:`Merge`) with its surface forms and reason.

>>> names, merges = resolve_names([
...     Mention("Harbour Mills Corporation", 3), Mention("Harbour Mills", 9),
...     Mention("Orca Nexlane", 4), Mention("Orca Nexlne", 12)])
>>> names["Orca Nexlne"], names["Harbour Mills"]
('Orca Nexlane', 'Harbour Mills Corporation')
>>> [(m.canonical, m.reason) for m in merges]
[('Harbour Mills Corporation', 'legal-form suffix or case'), ('Orca Nexlane', 'conversion slip')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from finkg.loaders.business import BusinessFacts
from finkg.loaders.entities import PersonRole, Stake
from finkg.loaders.names import canonical_company_name

__all__ = ["Mention", "Merge", "aliases_of", "company_key", "document_mentions", "resolve_names"]

_MIN_SLIP_LETTERS = 8
_MIN_SHORT_FORM_WORDS = 2


@dataclass(frozen=True)
class Mention:
    """A company name as a document prints it.

    Attributes:
        name: the surface form.
        line: the line it is on (0 when the document's header as a whole names it).
        aliases: abbreviations the document defines for it right there ("KMW").
    """

    name: str
    line: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Merge:
    """Surface forms one document uses for one company, and why they are one.

    Attributes:
        canonical: the name the company's node is minted from (its key is the IRI's).
        forms: the other surface forms merged into it, sorted.
        reason: ``legal-form suffix or case``, ``defined abbreviation``, ``short form`` or
            ``conversion slip``.
        document: the document's file name.
        lines: the lines the merged forms are on, sorted.
    """

    canonical: str
    forms: tuple[str, ...]
    reason: str
    document: str = ""
    lines: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The merge as JSON-ready data (for ``finkg build --report``).

        >>> Merge("Acme", ("ACME",), "defined abbreviation", "a.txt", (3,)).to_dict()["forms"]
        ['ACME']
        """
        return {
            "canonical": self.canonical,
            "forms": list(self.forms),
            "reason": self.reason,
            "document": self.document,
            "lines": list(self.lines),
        }


def company_key(name: str) -> str:
    """The canonical key of a company name: lower-case slug without legal-form suffix.

    >>> company_key("Harbour Mills Corporation") == company_key("HARBOUR MILLS")
    True
    >>> company_key("Orca Corp.") == company_key("Orca Lumenworks Corporation")
    False
    """
    text = unicodedata.normalize("NFKD", canonical_company_name(name))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9.]+", "-", text).strip("-.") or "unnamed"


def _letters(name: str) -> str:
    """A name's key with hyphens as spaces, for comparing spellings letter by letter."""
    return company_key(name).replace("-", " ")


def _lost_one_letter(short: str, long: str) -> bool:
    """``short`` is ``long`` with exactly one letter deleted."""
    if len(long) != len(short) + 1:
        return False
    for index in range(len(long)):
        if long[:index] + long[index + 1 :] == short:
            return long[index].isalpha()
    return False


def _is_short_form(short: str, long: str) -> bool:
    short_words, long_words = _letters(short).split(), _letters(long).split()
    return (
        len(short_words) >= _MIN_SHORT_FORM_WORDS
        and len(short_words) < len(long_words)
        and long_words[: len(short_words)] == short_words
    )


def resolve_names(
    mentions: Iterable[Mention], *, document: str = ""
) -> tuple[dict[str, str], list[Merge]]:
    """Map every surface form of one document to the name of the company it means.

    Args:
        mentions: the document's company names, in document order; the first mention of a
            key (the issuer, named first) gives the company its canonical name.
        document: the document's file name, for the merge log.

    Returns:
        surface form -> canonical name (every form and alias, itself included), and the merges
        (one per company and reason), sorted by canonical name and reason.

    >>> names, merges = resolve_names([
    ...     Mention("Iron Bay Holdings Inc.", 1, ("IBH",)), Mention("IBH", 5),
    ...     Mention("Orca Corp.", 2), Mention("Orca Lumenworks Corp.", 3)])
    >>> names["IBH"], names["Orca Corp."]
    ('Iron Bay Holdings Inc.', 'Orca Corp.')
    >>> [(m.canonical, m.forms, m.reason) for m in merges]
    [('Iron Bay Holdings Inc.', ('IBH',), 'defined abbreviation')]
    """
    mentions = list(mentions)
    first: dict[str, str] = {}  # key -> the first surface form with that key
    lines: dict[str, set[int]] = {}
    for mention in mentions:
        first.setdefault(company_key(mention.name), mention.name)
        lines.setdefault(mention.name, set())
        if mention.line > 0:
            lines[mention.name].add(mention.line)
    target: dict[str, tuple[str, str]] = {}  # form -> (canonical, reason)
    defined: dict[str, str] = {}
    for mention in mentions:
        for alias in mention.aliases:
            if company_key(alias) != company_key(mention.name):
                defined.setdefault(alias, first[company_key(mention.name)])
                lines.setdefault(alias, set())
                if mention.line > 0:
                    lines[alias].add(mention.line)
    keys = sorted(first)
    for form in sorted(lines):
        key = company_key(form)
        if form in defined:
            target[form] = (defined[form], "defined abbreviation")
        elif key in first and first[key] != form:
            target[form] = (first[key], "legal-form suffix or case")
        elif key in first:
            target[form] = (form, "")
    for form in sorted(lines):
        canonical, reason = target.get(form, (form, ""))
        if reason or company_key(form) not in first:
            continue
        longer = [
            first[k] for k in keys if k != company_key(form) and _is_short_form(form, first[k])
        ]
        slips = [
            first[k]
            for k in keys
            if len(_letters(form).replace(" ", "")) >= _MIN_SLIP_LETTERS
            and _lost_one_letter(_letters(form), _letters(first[k]))
        ]
        if len(longer) == 1 and not slips:
            target[form] = (longer[0], "short form")
        elif len(slips) == 1 and not longer:
            target[form] = (slips[0], "conversion slip")
    names: dict[str, str] = {}
    for form in lines:
        canonical, _ = target.get(form, (form, ""))
        while canonical in target and target[canonical][0] != canonical:
            canonical = target[canonical][0]  # a short form of a slip of ...: follow to the end
        names[form] = canonical
    grouped: dict[tuple[str, str], set[str]] = {}
    for form, (_, reason) in target.items():
        if reason and names[form] != form:
            grouped.setdefault((names[form], reason), set()).add(form)
    merges = [
        Merge(
            canonical,
            tuple(sorted(forms)),
            reason,
            document,
            tuple(sorted({n for form in forms for n in lines.get(form, ())})),
        )
        for (canonical, reason), forms in sorted(grouped.items())
    ]
    return names, merges


def aliases_of(names: Mapping[str, str], canonical: str) -> list[str]:
    """The surface forms that resolve to a canonical name, itself excluded, sorted.

    >>> aliases_of({"IBH": "Iron Bay", "Iron Bay": "Iron Bay"}, "Iron Bay")
    ['IBH']
    """
    return sorted(
        form for form, target in names.items() if target == canonical and form != canonical
    )


def document_mentions(
    issuer: str | None,
    issuer_aliases: Iterable[str],
    stakes: Iterable[Stake],
    people: Iterable[PersonRole],
    business: BusinessFacts,
) -> list[Mention]:
    """Every company name one document's facts use, the issuer first, then in line order.

    >>> from finkg.loaders.business import BusinessFacts
    >>> [m.name for m in document_mentions("Acme Inc.", ("ACME",), [], [], BusinessFacts())]
    ['Acme Inc.']
    """
    found: list[Mention] = []
    if issuer:
        found.append(Mention(issuer, 0, tuple(issuer_aliases)))
    later: list[Mention] = []
    for stake in stakes:
        if not stake.owner_is_person:
            later.append(Mention(stake.owner, stake.source.line, stake.owner_aliases))
        later.append(Mention(stake.owned, stake.source.line, stake.owned_aliases))
    for role in people:
        later.append(Mention(role.organization, role.source.line))
    for customer in business.customers:
        later.append(Mention(customer.supplier, customer.source.line))
        later.append(Mention(customer.customer, customer.source.line))
    for service in business.services:
        later.append(Mention(service.provider, service.source.line))
    for tie in business.ties:
        later.extend(Mention(partner, tie.source.line) for partner in tie.partners)
    for event in business.events:
        later.extend(Mention(party, event.source.line) for party in event.involves)
    for mention in later:
        aliases = business.aliases.get(mention.name, ())
        if aliases and not mention.aliases:
            mention = Mention(mention.name, mention.line, aliases)
        found.append(mention)
    found[1 if issuer else 0 :] = sorted(found[1 if issuer else 0 :], key=lambda m: m.line)
    return found
