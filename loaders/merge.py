"""The same fact stated twice: one observation with several sources, or a reported conflict.

The rule: two statements of the same fact (metric, segment, period, basis and unit) agree when
they differ by less than one unit in the last place of the coarser one. That admits double
rounding: 7,849,202 thousand printed elsewhere as "7.9B" rounds through 7.85B to 7.9B, and
|7.9B - 7.849202B| = 50.8M is under one unit (100M) at the coarser precision (decimals -8), though
over half of one. The merged observation keeps the more precise value and every source. Values
that disagree beyond the rule are both kept and reported as a conflict.

>>> from decimal import Decimal
>>> agree(Decimal("7900000000"), -8, Decimal("7849202000"), -3)
True
>>> agree(Decimal("7900000000"), -8, Decimal("7749202000"), -3)
False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from finkg.loaders.facts import Diagnostic, Observation

__all__ = ["agree", "merge_observations"]


def agree(a: Decimal, a_decimals: int, b: Decimal, b_decimals: int) -> bool:
    """Tell whether two values of one fact agree within the coarser one's stated precision."""
    coarser = min(a_decimals, b_decimals)
    return abs(a - b) < Decimal(10) ** -coarser


def merge_observations(
    observations: Iterable[Observation],
) -> tuple[list[Observation], list[Diagnostic]]:
    """Merge the observations of one document that state the same fact.

    Returns the merged observations (in first-seen order) and a diagnostic for each conflict.
    """
    groups: dict[tuple[object, ...], list[Observation]] = {}
    for observation in observations:
        groups.setdefault((*observation.key, observation.unit), []).append(observation)
    merged: list[Observation] = []
    conflicts: list[Diagnostic] = []
    for group in groups.values():
        clusters: list[Observation] = []
        for observation in group:
            for index, existing in enumerate(clusters):
                if agree(
                    existing.value, existing.decimals, observation.value, observation.decimals
                ):
                    precise, other = (
                        (observation, existing)
                        if observation.decimals > existing.decimals
                        else (existing, observation)
                    )
                    # the precise statement's source first: it is the primary source
                    extra = sorted(set(other.sources) - set(precise.sources))
                    sources = (*precise.sources, *extra)
                    clusters[index] = replace(precise, sources=sources)
                    break
            else:
                clusters.append(observation)
        if len(clusters) > 1:
            first = clusters[0]
            stated = "; ".join(f"{c.value} {c.unit} (line {c.sources[0].line})" for c in clusters)
            conflicts.append(
                Diagnostic(
                    first.sources[0].document,
                    first.sources[0].line,
                    f"conflict: {first.metric} {first.period.label} stated as {stated}",
                    first.sources[0].text,
                    "warning",
                )
            )
        merged.extend(clusters)
    return merged, conflicts
