"""Cue phrases of tie and event kinds, read from the ontology, compiled into text patterns.

Every phrase that signals a tie ("provided to {party} on an OEM basis") or an event ("{party},
acquired in {date}") lives in ``ontology/business.ttl`` as an ``fkg:cuePhrase`` of an
``fkg:TieKind`` or ``fkg:EventKind`` concept. In a phrase, ``{party}`` stands for a company name
(with its legal-form suffix and an abbreviation defined after it), ``{date}`` for a date and
``...`` for a few words; the rest matches case-insensitively, spaces as any spacing.

>>> cues = load_cues()
>>> text = "From spring the oven line is to be provided to Tarn Stores on an OEM basis"
>>> [(c.label, c.pattern.search(text)["party1"]) for c in cues if c.pattern.search(text)]
[('OEM supply', 'Tarn Stores')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import RDF, SKOS

__all__ = [
    "DATE_PATTERN",
    "LEGAL_FORM",
    "PARTY_PATTERN",
    "Cue",
    "compile_cue",
    "kind_labels",
    "load_cues",
]

_FKG = "https://w3id.org/finkg/def/"
_KIND = "https://w3id.org/finkg/kind/"

LEGAL_FORM = (
    r"(?:Inc|Incorporated|Ltd|Limited|Co|Corp|Corporation|LLC|plc|PLC|K\.K|AG|SA|GmbH)\b\.?"
)
"""A legal-form word after a company name, as printed ("Inc.", "Co.", "GmbH")."""
_WORD = r"[A-Z][\w&'’-]*"
PARTY_PATTERN = (
    rf"(?<![\w/&'’.-]){_WORD}(?:(?:\s+|,\s*(?={LEGAL_FORM}))(?:{LEGAL_FORM}|{_WORD}|(?:of|&|de)(?=\s+[A-Z])))*"
    r"(?:\s*\(\s*[\"“”']?[A-Z][A-Za-z0-9&\- ]{1,20}[\"“”']?\s*\))?"
)
"""A company name: capitalised words, a legal-form suffix, an abbreviation in brackets."""

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_PATTERN = rf"(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?\d{{4}}|(?:19|20)\d{{2}})"
"""A date as documents print it: "March 15, 2019", "Jun. 2017", "2017"."""

Scheme = Literal["tie", "event"]


@dataclass(frozen=True)
class Cue:
    """A cue phrase of a tie or event kind, compiled.

    Attributes:
        scheme: ``tie`` or ``event``.
        kind: the concept's local name (``OemSupply``).
        label: the concept's preferred label (``OEM supply``).
        phrase: the phrase as the ontology states it.
        pattern: the compiled phrase; groups ``party1``, ``party2``, ... and ``date``.
    """

    scheme: Scheme
    kind: str
    label: str
    phrase: str
    pattern: re.Pattern[str]


def compile_cue(phrase: str) -> re.Pattern[str]:
    """Compile a cue phrase into a pattern.

    >>> compile_cue("joint venture of {party} and {party}").search(
    ...     "X is a joint venture of the Bolt Corporation and Orca Telecom.").group("party2")
    'Orca Telecom'
    """
    parts: list[str] = []
    parties = 0
    for token in re.split(r"(\{party\}|\{date\}|\.\.\.)", phrase):
        if token == "{party}":
            parties += 1
            parts.append(rf"(?:the\s+)?(?P<party{parties}>{PARTY_PATTERN})")
        elif token == "{date}":
            parts.append(rf"(?P<date>{DATE_PATTERN})")
        elif token == "...":
            parts.append(r"[^;]{0,160}?")
        elif token:
            words = [re.escape(word) for word in token.split()]
            text = r"\s+".join(words)
            if token[:1].isspace():
                text = r"\s*" + text
            if token[-1:].isspace():
                text += r"\s*"
            parts.append(f"(?i:{text})")
    return re.compile("".join(parts))


@cache
def _ontology() -> Graph:
    graph = Graph()
    for entry in resources.files("finkg.ontology").iterdir():
        if entry.name.endswith(".ttl"):
            graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def kind_labels() -> dict[str, str]:
    """Every tie and event kind's local name and preferred label.

    >>> kind_labels()["Launch"]
    'launch'
    """
    graph = _ontology()
    found: dict[str, str] = {}
    for cls in ("TieKind", "EventKind"):
        for concept in graph.subjects(RDF.type, URIRef(_FKG + cls)):
            label = graph.value(concept, SKOS.prefLabel)
            kind = str(concept).removeprefix(_KIND)
            found[kind] = str(label or kind)
    return found


@cache
def load_cues() -> tuple[Cue, ...]:
    """Read the tie and event kinds' cue phrases shipped in ``finkg.ontology`` (once a process)."""
    graph = _ontology()
    cues: list[Cue] = []
    schemes: tuple[tuple[Scheme, str], ...] = (("tie", "TieKind"), ("event", "EventKind"))
    for scheme, cls in schemes:
        for concept in sorted(graph.subjects(RDF.type, URIRef(_FKG + cls)), key=str):
            label = graph.value(concept, SKOS.prefLabel)
            kind = str(concept).removeprefix(_KIND)
            for phrase in sorted(graph.objects(concept, URIRef(_FKG + "cuePhrase")), key=str):
                if isinstance(phrase, RDFLiteral):
                    cues.append(
                        Cue(scheme, kind, str(label or kind), str(phrase), compile_cue(str(phrase)))
                    )
    return tuple(cues)
