"""Ballot integrity (FORMAT.md v1.1, rules 11-12): void ballots, returned and valid counts, quorum.

Pure functions on the model, used by validation (the checks of rule 11),
by aggregation (void ballots and sections under quorum count for nothing)
and by `import-ballots` (which applies the same rules to the rows it reads).

Decisions where FORMAT.md is silent (also in content/guide/rules.md):

* Points are compared exactly: a numeric rating equal to a level's points is
  that level's points (92 and a level worth 92 are the same), and shares are
  compared on the numbers as written (0.5 is one half).
* `max_top_share`: "the top level's points" are the points of the scale's
  first level; a rating counts as top when its points equal them, whether it
  was written as the level's name or as the number.  "More than" is strict:
  a ballot at exactly the share is valid.
* A ballot that breaks both rules is void once, counted as `uniform`.
* Quorum with `issued: 0`: nothing can have come back, so the quorum is not met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .exact import written
from .model import DIMENSIONS, BallotRules, CycleSettings, Democratic

UNIFORM = "uniform"
TOP_SHARE = "top_share"
VOID_REASONS = (UNIFORM, TOP_SHARE)

Ballot = Mapping[str, Mapping[str, Any]]  # person id -> dimension -> RatingValue


def points_of(rating: Any) -> Fraction:
    return written(rating.points)


def top_points(scale: Mapping[str, Any]) -> Fraction | None:
    """The points of the scale's first (best) level; None for an empty scale."""
    return written(next(iter(scale.values()))) if scale else None


# -- rule 11: void ballots ------------------------------------------------------------------------


def is_void_uniform(ballot: Ballot, rules: BallotRules | None) -> bool:
    """void_uniform: a ballot naming ≥ 2 people that gives every dimension of every person the same points."""
    if rules is None or not rules.void_uniform or len(ballot) < 2:
        return False
    points = {points_of(ratings[d]) for ratings in ballot.values() for d in DIMENSIONS}
    return len(points) == 1


def is_void_top_share(ballot: Ballot, rules: BallotRules | None, scale: Mapping[str, Any]) -> bool:
    """max_top_share: the top level's points on fulfilment given to more than max_top_share × (people named)."""
    if rules is None or rules.max_top_share is None or not ballot:
        return False
    top = top_points(scale)
    tops = sum(1 for ratings in ballot.values() if points_of(ratings["fulfilment"]) == top)
    return tops > written(rules.max_top_share) * len(ballot)


def void_reason(ballot: Ballot, settings: CycleSettings) -> str | None:
    """Why a ballot is void (`uniform` or `top_share`), or None when it counts."""
    if is_void_uniform(ballot, settings.ballot_rules):
        return UNIFORM
    if is_void_top_share(ballot, settings.ballot_rules, settings.scale):
        return TOP_SHARE
    return None


def valid_ballots(ballots: Iterable[Ballot], settings: CycleSettings) -> list[Ballot]:
    """The ballots that count in rules 1, 3 and 7."""
    return [ballot for ballot in ballots if void_reason(ballot, settings) is None]


def void_reasons(ballots: Iterable[Ballot], settings: CycleSettings) -> dict[str, int]:
    """How many ballots are void for each reason (both reasons always present)."""
    counts = dict.fromkeys(VOID_REASONS, 0)
    for ballot in ballots:
        reason = void_reason(ballot, settings)
        if reason is not None:
            counts[reason] += 1
    return counts


# -- rules 11-12: the count of a section --------------------------------------------------------------


@dataclass(frozen=True)
class BallotCount:
    """发出/收回/废票 of one section's democratic file; None where the file does not say."""

    issued: int | None
    returned: int | None
    void: int | None

    @property
    def valid(self) -> int | None:
        if self.returned is None:
            return None
        return self.returned - (self.void or 0)

    def quorum_met(self, rules: BallotRules | None) -> bool | None:
        """Rule 12; None when it cannot apply (no quorum in the cycle, or no `issued`/`returned`)."""
        if rules is None or rules.quorum is None or self.issued is None or self.returned is None:
            return None
        if self.issued == 0:
            return False
        return Fraction(self.returned, self.issued) >= written(rules.quorum)


def count_ballots(democratic: Democratic, settings: CycleSettings) -> BallotCount:
    """Rule 11: a ballots list gives `returned` by its length and `void` by the cycle's rules; tallies say both."""
    if democratic.ballots is not None:
        void = sum(void_reasons(democratic.ballots, settings).values())
        return BallotCount(democratic.issued, len(democratic.ballots), void)
    void = democratic.void
    if void is None and democratic.returned is not None:
        void = 0  # tallies that give `returned` and no `void`: none was void
    return BallotCount(democratic.issued, democratic.returned, void)


def meets_quorum(democratic: Democratic | None, settings: CycleSettings) -> bool:
    """Rule 12: False only when the quorum applies and returned / issued is below it."""
    if democratic is None:
        return True
    return count_ballots(democratic, settings).quorum_met(settings.ballot_rules) is not False


def counted_ballots(democratic: Democratic, settings: CycleSettings) -> list[Ballot]:
    """The ballots of a list that count in scoring: none under quorum, else the valid ones."""
    if not democratic.ballots or not meets_quorum(democratic, settings):
        return []
    return valid_ballots(democratic.ballots, settings)


def counted_tallies(democratic: Democratic, settings: CycleSettings) -> dict:
    """The tallies that count in scoring: none under quorum (they hold only valid ballots already)."""
    if not democratic.tallies or not meets_quorum(democratic, settings):
        return {}
    return democratic.tallies


# -- rule 13 and anonymity -------------------------------------------------------------------------------


def published_counts(democratic: Democratic | None, settings: CycleSettings) -> dict[str, Any]:
    """Rule 13's figures of a section, only those its file gives (or a ballots list implies).

    `returned`, `valid` and `void` appear when `returned` is known (always for a ballots
    list); `issued` when the file gives it; `quorum_met` when the cycle sets a quorum and
    both `issued` and `returned` are known.
    """
    if democratic is None:
        return {}
    count = count_ballots(democratic, settings)
    shown: dict[str, Any] = {}
    if count.issued is not None:
        shown["issued"] = count.issued
    if count.returned is not None:
        shown.update(returned=count.returned, valid=count.valid, void=count.void or 0)
    quorum = count.quorum_met(settings.ballot_rules)
    if quorum is not None:
        shown["quorum_met"] = quorum
    return shown


def reveals_casters(ballots: list[Ballot]) -> bool:
    """True when the ballots do not all name the same people: whom a ballot leaves out (nobody rates
    themselves) or names tells who cast it."""
    named = {frozenset(ballot) for ballot in ballots}
    return len(named) > 1


def level_of(rating: Any, scale: Mapping[str, Any]) -> str | None:
    """The scale level a rating stands for: its name, or the level whose points a number equals."""
    if rating.label is not None:
        return rating.label
    points = points_of(rating)
    return next((level for level, level_points in scale.items() if written(level_points) == points), None)


def tallies_of(ballots: Iterable[Ballot], scale: Mapping[str, Any]) -> dict[str, dict[str, dict[str, int]]]:
    """Counts of the ballots: person -> dimension -> level -> ballots, in scale order, persons sorted,
    with no trace of single ballots.  Every rating must stand for a level (`level_of`)."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for ballot in ballots:
        for person, ratings in ballot.items():
            per_person = counts.setdefault(person, {d: {} for d in DIMENSIONS})
            for d in DIMENSIONS:
                level = level_of(ratings[d], scale)
                per_person[d][level] = per_person[d].get(level, 0) + 1
    return {person: {d: {level: counts[person][d][level] for level in scale if level in counts[person][d]} for d in DIMENSIONS}
            for person in sorted(counts)}
