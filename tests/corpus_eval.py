"""Compare what the loaders read from the corpus with the hand-transcribed expected facts."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from finkg.loaders.facts import Observation, segment_key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXPECTED = ROOT / "tests" / "data" / "expected" / "corpus_facts.csv"

Key = tuple[str, str, str | None, str, str, str]


@dataclass
class Comparison:
    """Matches, misses, wrong values and extras of one comparison."""

    expected: dict[Key, dict[str, str]]
    found: dict[Key, Observation]
    wrong: list[tuple[Key, str, Decimal]] = field(default_factory=list)
    missing: list[Key] = field(default_factory=list)
    extra: list[Key] = field(default_factory=list)

    @property
    def recall(self) -> float:
        matched = len(self.expected) - len(self.missing) - len(self.wrong)
        return matched / len(self.expected) if self.expected else 0.0


def _period_key(start: str, end: str, instant: str) -> str:
    return instant or f"{start}/{end}"


def expected_facts(path: Path = EXPECTED) -> dict[Key, dict[str, str]]:
    facts: dict[Key, dict[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (
                row["document"],
                row["metric"],
                segment_key(row["segment"] or None),
                _period_key(row["start"], row["end"], row["instant"]),
                row["basis"],
                row["unit"],
            )
            facts[key] = row
    return facts


def observation_key(document: str, observation: Observation) -> Key:
    period = observation.period
    when = (
        period.end.isoformat()
        if period.is_instant
        else f"{period.start.isoformat() if period.start else ''}/{period.end.isoformat()}"
    )
    return (
        document,
        observation.metric,
        segment_key(observation.segment),
        when,
        observation.basis,
        observation.unit,
    )


def compare(
    expected: dict[Key, dict[str, str]], found: Iterable[tuple[str, Observation]]
) -> Comparison:
    result = Comparison(expected, {})
    for document, observation in found:
        result.found[observation_key(document, observation)] = observation
    for key, row in expected.items():
        stated = result.found.get(key)
        if stated is None:
            result.missing.append(key)
        elif Decimal(row["value"]) != stated.value:
            result.wrong.append((key, row["value"], stated.value))
    result.extra = [key for key in result.found if key not in expected]
    return result
