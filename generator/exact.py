"""Exact values of the numbers written in the scorecards (FORMAT.md rule 6, contract v1.1).

A tie, a band, a veto, a flag, a quota and a rounding are decided in exact
arithmetic on the numbers as written, so that 0.1 is one tenth and float noise
decides nothing.  YAML gives floats; a float read from a decimal of at most 15
significant digits is the nearest double to it, and `repr` returns exactly
that decimal again (the shortest text that reads back as the same double), so
`written(x)` is the decimal the author wrote.  Ints are exact already.

This module imports nothing of the portal: every stage may use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction


def written(number: float | int | Fraction) -> Fraction:
    """The exact value of a number as it was written in a file (0.1 -> 1/10)."""
    if isinstance(number, (int, Fraction)):  # bool is refused earlier, by the model
        return Fraction(number)
    return Fraction(repr(float(number)))


def common_denominator(values: Iterable[Fraction]) -> int:
    """The least common denominator of exact values (1 for none)."""
    return math.lcm(1, *(value.denominator for value in values))


def half_up_hundredths(value: Fraction) -> int:
    """The value in hundredths, rounded half-up: floor(100 × value + 1/2), exactly."""
    return math.floor(value * 100 + Fraction(1, 2))
