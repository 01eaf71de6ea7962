"""Who may read what (contract v1.1 `publish`), and what everyone reads during the 公示.

Three audiences read a cycle: everyone (the public view), each person (their
own results), and the organisers and section leaders (everything; a leader
their own sections).  This module decides, for each restricted block of a
page, who its readers are, and computes the few public facts that the
contract allows (means only over enough complete members, the honour
board's names, the proposed first-grade list, objection counts).  It holds
no crypto: `seal` does that; render asks here and seals there.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from ..pipeline.aggregate import CycleResults
from ..pipeline.model import Cycle, CycleSettings
from .codes import Holder, holders
from .seal import Keyring
from .sealed_memo import SealedMemo

EVERYONE = "everyone"
COMPARISONS = ("learning", "work", "contribution")  # the 三比: the honour board's three lists
OBJECTION_STATES = ("open", "upheld", "dismissed")


@dataclass(frozen=True)
class Access:
    """The readers of one cycle's restricted blocks, and the keys to seal them (None: public view only)."""

    restricted: bool
    keyring: Keyring | None = None
    organisers: tuple[str, ...] = ()
    leaders_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    directory_urls: bool = True
    memo: SealedMemo | None = None  # sealed blocks kept from the last build (`sealed_memo.py`)

    @property
    def public_only(self) -> bool:
        """Restricted results and no keys: the restricted blocks are left out, not published."""
        return self.restricted and self.keyring is None

    def readers_of_person(self, pid: str, section: str) -> list[str]:
        """A person's results: the person, the leaders of their section, the organisers."""
        return [pid, *self.leaders_of.get(section, ()), *self.organisers]

    def readers_of_section(self, section: str) -> list[str]:
        return [*self.leaders_of.get(section, ()), *self.organisers]

    def readers_of_everything(self) -> list[str]:
        return list(self.organisers)


def access_for(cycle: Cycle, keyring: Keyring | None, directory_urls: bool = True) -> Access:
    """Who reads what in `cycle`, from its `publish` setting and its holders of codes."""
    if cycle.settings.publish.results == EVERYONE:
        return Access(False, directory_urls=directory_urls)
    found = holders(cycle)
    leaders: dict[str, list[str]] = {}
    for holder in found:
        if holder.kind == "leader":
            for section in holder.sections:
                leaders.setdefault(section, []).append(holder.id)
    return Access(True, keyring, tuple(h.id for h in found if h.kind == "organiser"),
                  {s: tuple(ids) for s, ids in leaders.items()}, directory_urls)


def cycle_holders(cycle: Cycle) -> list[Holder]:
    return holders(cycle)


# -- 公示 ---------------------------------------------------------------------------------------


def publicity_phase(settings: CycleSettings, today: datetime.date) -> str | None:
    """before | during | after the 公示, or None when the cycle has none."""
    publicity = settings.publicity
    if publicity is None:
        return None
    if today < publicity.start:
        return "before"
    return "during" if today <= publicity.end else "after"


def proposed_first_grade(results: CycleResults) -> list[tuple[str, str]]:
    """(id, name) of the people who hold the first grade after the veto and the quota, in rank order: the list that was
    publicised, so a grade amended later by an appeal (which needs no 公示 of its own here) does not change it."""
    people = results.people
    first = results.cycle.settings.grades[0].name
    grade = people["computed_grade"] if "computed_grade" in people else people["grade"]
    chosen = people[(people["status"] == "complete") & (grade == first)].sort_values("rank")
    return [(pid, name) for pid, name in zip(chosen.index, chosen["name"])]


def objection_counts(cycle: Cycle) -> dict[str, int]:
    """How many objections are in each state: the only objection facts everyone sees."""
    counts = Counter(o.status for o in cycle.objections.values())
    return {state: counts.get(state, 0) for state in OBJECTION_STATES}


# -- figures that move with one person (contract v1.2) -------------------------------------------------


def figures_are_public(settings: CycleSettings, today: datetime.date) -> bool:
    """Whether everyone may read the cycle's figures that move with one person: the one rule every public view reads.

    Those figures are every count, mean and order computed from scores — grade counts, the quota's
    count of complete people, section means and complete counts, the honour board's order, the number
    of people not yet graded.  Published while one person's scorecard, ballots or review still arrive,
    the pages before and after it give that person's figures by difference.  So, with restricted
    results: from `publicity.start` of an open cycle, and in a closed one; an open cycle without a
    `publicity` shows them once it is closed.  Before that everyone reads participation only (who
    has submitted).  With `results: everyone` everything is public anyway (nothing to difference).
    """
    if settings.publish.results == EVERYONE or settings.status == "closed":
        return True
    return settings.publicity is not None and today >= settings.publicity.start


# -- the public figures ---------------------------------------------------------------------------


def means_are_public(complete_members: int, min_raters: int) -> bool:
    """A section's figures are public only as means over at least `min_raters` complete members."""
    return complete_members >= min_raters


def honour_board(results: CycleResults, size: int) -> dict[str, list[tuple[str, str]]]:
    """The top `size` complete people of each 三比 comparison, as (id, name) in order: no scores."""
    if size <= 0:
        return {}
    people = results.people
    complete = people[people["status"] == "complete"]
    return {d: [(pid, name) for pid, name in zip(ordered.index, ordered["name"])]
            for d in COMPARISONS
            for ordered in [complete.sort_values(f"compare_rank_{d}").head(size)]}
