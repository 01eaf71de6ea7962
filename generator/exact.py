"""Exact values of the numbers written in the scorecards (FORMAT.md rule 6, contract v1.1).

A tie, a band, a veto, a flag, a quota and a rounding are decided in exact
arithmetic on the numbers as written, so that 0.1 is one tenth and float noise
decides nothing.  YAML gives floats; a float read from a decimal of at most 15
significant digits is the nearest double to it, and `repr` returns exactly
that decimal again (the shortest text that reads back as the same double), so
`written(x)` is the decimal the author wrote.  A decimal of more digits than a
double holds is read as a `WrittenFloat`, which keeps its text (rare: these
cost a little memory).  Ints are exact already.

This module imports nothing of the portal: every stage may use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

SIGNIFICANT_DIGITS = 15  # a decimal of no more digits than this survives the round trip through a double


class WrittenFloat(float):
    """A float read from a decimal with more significant digits than a double keeps; it keeps the decimal.

    Equal and hashed by that exact value, so two of them one double apart (or one of them and
    the plain float they round to) never merge in a dict, a Counter or pandas' `unique`.
    """

    text: str

    def __new__(cls, text: str) -> WrittenFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number

    @property
    def exact(self) -> Fraction:
        return Fraction(self.text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (int, float, Fraction)) and not isinstance(other, bool):
            return not (isinstance(other, float) and math.isnan(other)) and self.exact == written(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self.exact)

    def __reduce__(self) -> tuple:
        return WrittenFloat, (self.text,)  # across the validation worker processes


def written(number: float | int | Fraction) -> Fraction:
    """The exact value of a number as it was written in a file (0.1 -> 1/10)."""
    if isinstance(number, WrittenFloat):
        return number.exact
    if isinstance(number, (int, Fraction)):  # bool is refused earlier, by the model
        return Fraction(number)
    return Fraction(repr(float(number)))


def float_from_text(text: str) -> float:
    """A decimal's float; a `WrittenFloat` when the text has more significant digits than a double keeps.

    Raises ValueError as float() does.  Underscores (YAML 1.1 allows 1_000.5) are dropped; forms
    Fraction cannot read (sexagesimal 1:30, .inf) stay plain floats.
    """
    text = text.strip().replace("_", "")
    number = float(text)
    if sum(c.isdigit() for c in text.split("e")[0].split("E")[0].lstrip("+-0.")) <= SIGNIFICANT_DIGITS:
        return number
    try:
        return WrittenFloat(text) if number == number and abs(number) != float("inf") else number
    except ValueError:
        return number


def keep_written(value: object, handler):
    """A pydantic wrap validator for float fields: the usual checks, then the exact value kept.

    Pydantic makes a plain float of any float subclass; a number written with more digits than a
    double keeps (read by load as a `WrittenFloat`, or quoted) keeps its text here.
    """
    result = handler(value)
    if isinstance(value, WrittenFloat):
        return value
    if isinstance(value, str):
        try:
            number = float_from_text(value)
        except ValueError:
            return result
        return number if isinstance(number, WrittenFloat) else result
    return result


def common_denominator(values: Iterable[Fraction]) -> int:
    """The least common denominator of exact values (1 for none)."""
    return math.lcm(1, *(value.denominator for value in values))


def half_up_hundredths(value: Fraction) -> int:
    """The value in hundredths, rounded half-up: floor(100 × value + 1/2), exactly."""
    return math.floor(value * 100 + Fraction(1, 2))
