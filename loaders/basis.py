"""What kind of number a text states: an actual result, guidance, a target, a consensus or a plan.

The words that signal each basis are one table here, tried longest first.

>>> basis_of("FY16 Target ( 16/4 ~ 17/3 )"), basis_of("FY11 Actual"), basis_of("Sales")
('Target', 'Actual', None)
>>> basis_of("analysts' consensus expectations")
'Consensus'
"""

from __future__ import annotations

import re

from finkg.loaders.facts import Basis

__all__ = ["BASIS_WORDS", "GUIDANCE_WORDS", "basis_of", "is_forward_looking"]

BASIS_WORDS: dict[str, Basis] = {
    "actual": "Actual",
    "results": "Actual",
    "target": "Target",
    "targets": "Target",
    "goal": "Target",
    "consensus": "Consensus",
    "plan": "Plan",
    "planned": "Plan",
    "budget": "Plan",
    "forecast": "GuidancePoint",
    "forecasts": "GuidancePoint",
    "guidance": "GuidancePoint",
    "outlook": "GuidancePoint",
    "estimate": "GuidancePoint",
    "projected": "GuidancePoint",
}
"""Words that name a basis when they qualify a column header or a sentence."""

GUIDANCE_WORDS = re.compile(
    r"\b(?:expects?|expected|expecting|anticipates?|forecasts?|guidance|projects?|"
    r"will be|to be between|to be|to grow|to reach|outlook|plans? to|aims? to)\b",
    re.IGNORECASE,
)
"""Phrases that make a sentence forward-looking: its numbers are guidance, not actuals."""


def basis_of(text: str) -> Basis | None:
    """Return the basis a header or phrase names, or None when it names none."""
    words = re.findall(r"[a-z]+", text.lower())
    for word in words:
        if word in BASIS_WORDS and BASIS_WORDS[word] != "Actual":
            return BASIS_WORDS[word]
    for word in words:
        if word in BASIS_WORDS:
            return BASIS_WORDS[word]
    return None


def is_forward_looking(text: str) -> bool:
    """Tell whether a sentence speaks of the future (guidance, expectations, plans).

    >>> is_forward_looking("ACME expects total revenues to be between JPY10 and JPY11 billion")
    True
    """
    return bool(GUIDANCE_WORDS.search(text))
