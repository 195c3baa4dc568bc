"""Recall and precision of the loaders against facts transcribed by hand from the corpus.

tests/data/expected/corpus_facts.csv was written by reading the documents, not by running the
extractor. A fact is found when the loaders give the same key (document, metric, segment,
period, basis, unit) and the same value; "imprecise" when they give the same fact at a coarser
precision that agrees with it; wrong when the value disagrees.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from finkg.loaders.document import read_document
from finkg.loaders.facts import Observation, segment_key
from finkg.loaders.merge import agree

from finkg.build import _known_calendars

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
EXPECTED = ROOT / "tests" / "data" / "expected" / "corpus_facts.csv"

Key = tuple[str, str, str | None, str, str, str]


@dataclass
class Comparison:
    """Matches, misses, wrong values and extras of one comparison."""

    expected: dict[Key, dict[str, str]]
    found: dict[Key, Observation]
    wrong: list[tuple[Key, str, Decimal]] = field(default_factory=list)
    imprecise: list[Key] = field(default_factory=list)
    missing: list[Key] = field(default_factory=list)
    extra: list[Key] = field(default_factory=list)

    @property
    def recall(self) -> float:
        matched = len(self.expected) - len(self.missing) - len(self.wrong) - len(self.imprecise)
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
            if agree(Decimal(row["value"]), int(row["decimals"]), stated.value, stated.decimals):
                result.imprecise.append(key)  # the same fact, read at a coarser precision
            else:
                result.wrong.append((key, row["value"], stated.value))
    result.extra = [key for key in result.found if key not in expected]
    return result


RECALL_FLOOR = 0.863
"""The recall measured when this test was last raised; it only ever goes up."""
KNOWN_WRONG = 0
"""Wrong values produced: none may be."""


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    paths = sorted(CORPUS.glob("*.txt"))
    calendars = _known_calendars(paths)
    found = [
        (path.name, observation)
        for path in paths
        for observation in read_document(path, calendars).observations
    ]
    return compare(expected_facts(), found)


def test_the_transcription_is_large_enough() -> None:
    facts = expected_facts()
    assert len(facts) >= 250
    assert {key[0] for key in facts} == {p.name for p in CORPUS.glob("*.txt")}


def test_recall_does_not_fall(comparison: Comparison) -> None:
    assert comparison.recall >= RECALL_FLOOR, (
        f"recall {comparison.recall:.3f}; missing: {comparison.missing[:10]}"
    )


def test_no_new_wrong_values(comparison: Comparison) -> None:
    assert len(comparison.wrong) <= KNOWN_WRONG, comparison.wrong
