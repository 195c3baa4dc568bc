"""Metric labels, read from the ontology's SKOS concept scheme, as a matcher for row labels.

Every wording a document uses for a metric lives in ``ontology/metrics.ttl`` as ``skos:prefLabel``,
``skos:altLabel``, ``fkg:lossLabel`` (the number is a loss: stored negative) or
``fkg:negatedLabel`` (the sign is opposite to the concept's). Nothing here lists labels.

>>> lexicon = load_lexicon()
>>> match = lexicon.match("Total revenues")
>>> match is not None and match.metric.name
'Revenues'
>>> lexicon.match("Operating loss").role
'loss'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

__all__ = [
    "LabelMatch",
    "Lexicon",
    "Mention",
    "MetricInfo",
    "load_lexicon",
    "normalize_label",
]

LabelRole = Literal["plain", "loss", "negated"]

_FKG = "https://w3id.org/finkg/def/"
_METRIC = "https://w3id.org/finkg/metric/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ROLE_BY_PREDICATE: dict[str, LabelRole] = {
    f"{_SKOS}prefLabel": "plain",
    f"{_SKOS}altLabel": "plain",
    f"{_SKOS}hiddenLabel": "plain",
    f"{_FKG}lossLabel": "loss",
    f"{_FKG}negatedLabel": "negated",
}


@dataclass(frozen=True)
class MetricInfo:
    """A metric concept: its local name and the facts about it the loaders need."""

    name: str
    label: str
    unit_kind: str
    sign: str
    statement: str | None
    period_type: str


@dataclass(frozen=True)
class LabelMatch:
    """A label matched to a metric, with the label's sign role and the match score (0..1)."""

    metric: MetricInfo
    role: LabelRole
    label: str
    score: float = 1.0


@dataclass(frozen=True)
class Mention:
    """A metric label found inside a sentence, at character offsets of the normalised text."""

    start: int
    end: int
    match: LabelMatch


_FOOTNOTE_MARK = re.compile(r"\(\s*(?:\d|\*|[a-z])\s*\)|\*+|⁽.*?⁾")
_NON_WORD = re.compile(r"[^0-9a-z%+/]+")


def normalize_label(text: str) -> str:
    """Lower-case a label and drop footnote marks, punctuation and spacing differences.

    >>> normalize_label("Dedicated access services ⁽²⁾:")
    'dedicated access services'
    >>> normalize_label("SG&A / R&D")
    'sg and a / r and d'
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ")
    text = _FOOTNOTE_MARK.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _local(iri: str, namespace: str) -> str:
    return iri[len(namespace) :] if iri.startswith(namespace) else iri.rsplit("/", 1)[-1]


class Lexicon:
    """Metric labels by normalised form, with exact, fuzzy and in-sentence matching."""

    def __init__(
        self,
        metrics: Iterable[MetricInfo],
        labels: Iterable[tuple[str, str, LabelRole]],
        units: Mapping[str, frozenset[str]] | None = None,
    ):
        self.metrics: dict[str, MetricInfo] = {metric.name: metric for metric in metrics}
        self.units: dict[str, frozenset[str]] = dict(units or {})
        """The ontology's units: notation (``JPY``, ``percent``) -> the unit kinds it measures."""
        self._labels: dict[str, list[tuple[str, LabelRole]]] = {}
        for metric_name, label, role in labels:
            key = normalize_label(label)
            if key and (metric_name, role) not in self._labels.setdefault(key, []):
                self._labels[key].append((metric_name, role))
        self._keys = sorted(self._labels)
        alternation = "|".join(
            re.escape(key) for key in sorted(self._labels, key=len, reverse=True)
        )
        self._pattern = (
            re.compile(rf"(?<![0-9a-z])(?:{alternation})(?![0-9a-z])") if alternation else None
        )

        self._issuer: re.Pattern[str] | None = None

    def __contains__(self, name: object) -> bool:
        return name in self.metrics

    def for_issuer(self, names: Iterable[str]) -> Lexicon:
        """The same lexicon, reading the issuer's own names in a label as "the company".

        Row labels name the issuer ("Net income attributable to Acme", "Total Acme
        shareholders' equity"); the ontology's labels say "the company" or leave the name out,
        so no company's name is written into the metric scheme.

        >>> lexicon = load_lexicon().for_issuer(["Acme Cloud Xchange Inc."])
        >>> lexicon.match("Net income attributable to ACX").metric.name
        'NetIncomeLoss'
        >>> lexicon.match("Total ACX shareholders' equity").metric.name
        'StockholdersEquity'
        """
        from finkg.loaders.names import canonical_company_name

        printed = {name for name in names if name}
        for name in list(printed):  # and its initials: "Acme Cloud Xchange Inc." -> "ACX"
            words = canonical_company_name(name).split()
            if len(words) >= 2:
                printed.add("".join(word[0] for word in words))
        forms = sorted({normalize_label(name) for name in printed} - {""}, key=len, reverse=True)
        copy = Lexicon.__new__(Lexicon)
        copy.__dict__.update(self.__dict__)
        alternation = "|".join(re.escape(form) for form in forms)
        copy._issuer = re.compile(rf"(?<![0-9a-z])(?:{alternation})(?![0-9a-z])") if forms else None
        return copy

    def _generic(self, key: str) -> str:
        """``key`` with the issuer's names as "the company" after "to"/"of", else left out."""
        if self._issuer is None:
            return key
        key = self._issuer.sub(
            lambda hit: "the company" if key[: hit.start()].endswith(("to ", "of ")) else "",
            key,
        )
        return " ".join(key.split())

    def _pick(self, key: str, statement: str | None, score: float) -> LabelMatch | None:
        candidates = self._labels.get(key, [])
        if statement is not None:
            scoped = [c for c in candidates if self.metrics[c[0]].statement in (statement, None)]
            candidates = scoped or [
                c for c in candidates if self.metrics[c[0]].statement != statement
            ]
        elif len({name for name, _ in candidates}) > 1:
            # outside a statement, a label shared with a cash-flow line means the line itself
            primary = [c for c in candidates if self.metrics[c[0]].statement != "CashFlowStatement"]
            candidates = primary if len({name for name, _ in primary}) == 1 else candidates
        if len({name for name, _ in candidates}) != 1:
            return None  # unknown, or ambiguous between metrics: never guess
        name, role = candidates[0]
        return LabelMatch(self.metrics[name], role, key, score)

    def match(
        self, label: str, statement: str | None = None, *, threshold: float = 0.92
    ) -> LabelMatch | None:
        """Match a whole row label; fuzzy above ``threshold`` for conversion slips.

        Args:
            label: the row label or phrase as printed.
            statement: the statement kind the row sits in (``IncomeStatement``...), which
                decides between metrics that share a label across statements.
            threshold: the lowest similarity (difflib ratio) accepted for a fuzzy match.
        """
        key = self._generic(normalize_label(label))
        if not key:
            return None
        exact = self._pick(key, statement, 1.0)
        if exact is not None or key in self._labels:
            return exact
        if len(key) < 6:
            return None
        close = difflib.get_close_matches(key, self._keys, n=2, cutoff=threshold)
        if not close:
            return None
        if len(close) == 2 and {n for n, _ in self._labels[close[0]]} != {
            n for n, _ in self._labels[close[1]]
        }:
            return None
        return self._pick(close[0], statement, difflib.SequenceMatcher(None, key, close[0]).ratio())

    def mentions(self, text: str, statement: str | None = None) -> list[Mention]:
        """Find metric labels inside normalised text, longest first, without overlaps.

        >>> [m.match.metric.name for m in load_lexicon().mentions("total revenues grew")]
        ['Revenues']
        """
        found: list[Mention] = []
        if self._pattern is None:
            return found
        for hit in self._pattern.finditer(text):
            picked = self._pick(hit.group(), statement, 1.0)
            if picked is not None:
                found.append(Mention(hit.start(), hit.end(), picked))
        return sorted(found, key=lambda mention: mention.start)


@cache
def load_lexicon() -> Lexicon:
    """Read the metric scheme shipped in ``finkg.ontology`` (parsed once per process)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    graph = Graph()
    for entry in resources.files("finkg.ontology").iterdir():
        if entry.name.endswith(".ttl"):
            graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")

    def fkg(name: str) -> URIRef:
        return URIRef(_FKG + name)

    metrics: list[MetricInfo] = []
    labels: list[tuple[str, str, LabelRole]] = []
    for concept in graph.subjects(RDF.type, fkg("Metric")):
        if not isinstance(concept, URIRef):
            continue
        name = _local(str(concept), _METRIC)

        def value(predicate: str, concept: URIRef = concept) -> str | None:
            found = graph.value(concept, fkg(predicate))
            return None if found is None else _local(str(found), _FKG)

        pref = graph.value(concept, SKOS.prefLabel)
        metrics.append(
            MetricInfo(
                name=name,
                label=str(pref) if pref is not None else name,
                unit_kind=value("unitKind") or "Monetary",
                sign=value("signConvention") or "NaturalSign",
                statement=value("statementKind"),
                period_type=value("periodType") or "Duration",
            )
        )
        for predicate, role in _ROLE_BY_PREDICATE.items():
            for label in graph.objects(concept, URIRef(predicate)):
                if isinstance(label, Literal):
                    labels.append((name, str(label), role))
    units: dict[str, frozenset[str]] = {}
    for unit, notation in graph.subject_objects(SKOS.notation):
        kinds = frozenset(_local(str(k), _FKG) for k in graph.objects(unit, fkg("unitKind")))
        if kinds:
            units[str(notation)] = kinds
    return Lexicon(metrics, labels, units)
