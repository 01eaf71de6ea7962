"""Check-ins through the year (contract v1.2): the one rule of a goal's status, and what the pages summarise.

Every view (a person's timeline, a section's and the home page's glance, the
roll-up's counts) reads the statuses computed here.  Arithmetic is exact, on the
numbers as written (`exact.written`), so a check-in exactly on a threshold lands
on the same side every time.

**The straight line.**  Days are counted inclusively, as the period is written
(`period.end` is its last day): the period has N = end − start + 1 days, and a
check-in dated D reports the work of the days start … D, that is
E = D − start + 1 of them.  expected = target × E / N — 1/N of the target on the
first day, the whole target on the last day.  The status is then FORMAT.md's:
`done` when actual ≥ target; else with gap = (expected − actual) / target,
`on_track` when gap < behind, `behind` when gap < at_risk, `at_risk` otherwise
(a gap exactly at a threshold is on the worse side).  A target of 0 is done.

**Check-in periods** (for "who has not checked in"): the calendar quarters
(季度: Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) that meet the cycle's period,
clipped to it.  The last period is the latest one whose last day is before
today.  In an open cycle that uses check-ins (cycle.yaml sets `checkins:` or
anyone has recorded one), a person with at least one goal and no check-in
dated on or after that period's first day has not checked in since the last
period.  A goal's current status is the one at its latest check-in.

This module imports only the model and exact: every later stage may use it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from .exact import half_up_hundredths, written
from .model import Checkin, Cycle, CycleSettings, Person

STATUSES = ("on_track", "behind", "at_risk", "done")
WATCH = ("behind", "at_risk")  # what a leader looks at


# -- the straight line and the status ----------------------------------------------------------


def period_days(start: datetime.date, end: datetime.date) -> int:
    """N: the days of the period, its first and last day included."""
    return (end - start).days + 1


def elapsed_days(start: datetime.date, day: datetime.date) -> int:
    """E: the days from the period's start up to and including `day`."""
    return (day - start).days + 1


def expected_progress(target: Fraction, start: datetime.date, end: datetime.date, day: datetime.date) -> Fraction:
    """The straight line: target × E / N, exactly."""
    return target * elapsed_days(start, day) / period_days(start, end)


def computed_status(target: float, actual: float, day: datetime.date, settings: CycleSettings) -> str:
    """A measurable goal's status at a check-in dated `day` (FORMAT.md v1.2, on the numbers as written)."""
    goal, done = written(target), written(actual)
    if done >= goal:
        return "done"
    period = settings.period
    gap = (expected_progress(goal, period.start, period.end, day) - done) / goal
    if gap < written(settings.checkins.behind):
        return "on_track"
    if gap < written(settings.checkins.at_risk):
        return "behind"
    return "at_risk"


# -- what one person's file holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One check-in of one goal: its date, the progress (measurable goals) and the status there."""

    date: datetime.date
    status: str
    progress: float | None = None
    expected: Fraction | None = None
    note: str | None = None


@dataclass(frozen=True)
class GoalTrack:
    """A goal with an id and what its check-ins say of it, oldest first."""

    person: str
    goal_id: str
    text: str
    target: float | None
    unit: str
    points: tuple[Point, ...]

    @property
    def measurable(self) -> bool:
        return self.target is not None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def goal_tracks(person: Person, settings: CycleSettings) -> list[GoalTrack]:
    """Every goal of `person` that has an id, with its check-ins (none yet: an empty track)."""
    tracks = []
    period = settings.period
    for goal in person.show.goals:
        goal_id = goal.get("id")
        if not goal_id:
            continue
        target = goal.get("target")
        points = []
        for checkin in person.checkins:
            if target is not None and goal_id in checkin.progress:
                actual = checkin.progress[goal_id]
                points.append(Point(checkin.date, computed_status(target, actual, checkin.date, settings), actual,
                                    expected_progress(written(target), period.start, period.end, checkin.date), checkin.note))
            elif target is None and goal_id in checkin.status:
                points.append(Point(checkin.date, checkin.status[goal_id], note=checkin.note))
        tracks.append(GoalTrack(person.id, goal_id, goal["text"], target, goal.get("unit") or "", tuple(points)))
    return tracks


def last_checkin(person: Person) -> datetime.date | None:
    return person.checkins[-1].date if person.checkins else None


# -- check-in periods and who is overdue --------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One check-in period (a calendar quarter clipped to the cycle's period)."""

    start: datetime.date
    end: datetime.date
    quarter: int  # 1-4, the calendar quarter
    year: int


def checkin_periods(settings: CycleSettings) -> list[Span]:
    """The calendar quarters that meet the cycle's period, clipped to it, in order."""
    start, end = settings.period.start, settings.period.end
    spans = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        first = datetime.date(year, 3 * quarter - 2, 1)
        last = (datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - datetime.timedelta(days=1))
        if first > end:
            break
        spans.append(Span(max(first, start), min(last, end), quarter, year))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return spans


def last_period(settings: CycleSettings, today: datetime.date) -> Span | None:
    """The latest check-in period that has ended before `today` (None before the first one ends)."""
    ended = [span for span in checkin_periods(settings) if span.end < today]
    return ended[-1] if ended else None


def uses_checkins(cycle: Cycle) -> bool:
    """Whether the cycle runs check-ins: cycle.yaml sets `checkins:` or someone has recorded one."""
    return "checkins" in cycle.settings.model_fields_set or any(p.checkins for p in cycle.people.values())


def overdue(cycle: Cycle, today: datetime.date) -> list[str]:
    """Ids of the people who have not checked in since the last period (open cycles that use check-ins)."""
    if cycle.settings.status != "open" or not uses_checkins(cycle):
        return []
    span = last_period(cycle.settings, today)
    if span is None:
        return []
    return sorted(pid for pid, person in cycle.people.items()
                  if person.show.goals and (last_checkin(person) is None or last_checkin(person) < span.start))


def reminder_key(cycle: Cycle, today: datetime.date) -> str:
    """What of `today` the check-in pages depend on (the last ended period), for the build cache's key."""
    span = last_period(cycle.settings, today) if cycle.settings.status == "open" else None
    return "no check-in period ended" if span is None else f"check-ins due since {span.start.isoformat()}"


@dataclass(frozen=True)
class CycleCheckins:
    """The check-ins of a cycle as every view reads them."""

    used: bool
    tracks: dict[str, list[GoalTrack]]  # person id -> goals with ids
    overdue: list[str]
    last_period: Span | None

    def watched(self, people: list[str] | None = None) -> list[GoalTrack]:
        """Goals whose latest status is behind or at risk (at risk first), of `people` (default: everyone)."""
        chosen = self.tracks if people is None else {p: self.tracks.get(p, []) for p in people}
        found = [t for tracks in chosen.values() for t in tracks if t.latest is not None and t.latest.status in WATCH]
        return sorted(found, key=lambda t: (WATCH.index(t.latest.status) * -1, t.person, t.goal_id))

    def counts(self, people: list[str] | None = None) -> dict[str, int]:
        """Goals by their latest status, plus `unchecked` (goals with an id and no check-in yet)."""
        chosen = self.tracks if people is None else {p: self.tracks.get(p, []) for p in people}
        counts = dict.fromkeys((*STATUSES, "unchecked"), 0)
        for tracks in chosen.values():
            for track in tracks:
                counts[track.latest.status if track.latest else "unchecked"] += 1
        return counts


def cycle_checkins(cycle: Cycle, today: datetime.date) -> CycleCheckins:
    settings = cycle.settings
    tracks = {pid: goal_tracks(person, settings) for pid, person in cycle.people.items()}
    return CycleCheckins(uses_checkins(cycle), tracks, overdue(cycle, today),
                         last_period(settings, today) if settings.status == "open" else None)


# -- validation: the rules of one person's check-ins ------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """A check-in problem: where in the file (a path of keys), the catalog key and its arguments."""

    path: tuple
    key: str
    args: dict


def checkin_faults(person: Person, settings: CycleSettings | None) -> Iterator[Fault]:
    """Duplicate goal ids; check-ins naming unknown goals, progress on a goal without a target, a status on a
    measurable one; dates outside the period (when the cycle is known) or not after the check-in before."""
    goals: dict[str, dict] = {}
    for index, goal in enumerate(person.show.goals):
        goal_id = goal.get("id")
        if not goal_id:
            continue
        if goal_id in goals:
            yield Fault(("show", "goals", index, "id"), "checkin.goal_id_duplicate", {"id": goal_id})
        goals.setdefault(goal_id, goal)
    known = "、".join(goals) or "—"
    previous: datetime.date | None = None
    for index, checkin in enumerate(person.checkins):
        yield from date_faults(index, checkin, previous, settings)
        previous = checkin.date
        for goal_id in checkin.progress:
            goal = goals.get(goal_id)
            if goal is None:
                yield Fault(("checkins", index, "progress", goal_id), "checkin.goal_unknown", {"id": goal_id, "ids": known})
            elif goal.get("target") is None:
                yield Fault(("checkins", index, "progress", goal_id), "checkin.progress_without_target", {"id": goal_id})
        for goal_id in checkin.status:
            goal = goals.get(goal_id)
            if goal is None:
                yield Fault(("checkins", index, "status", goal_id), "checkin.goal_unknown", {"id": goal_id, "ids": known})
            elif goal.get("target") is not None:
                yield Fault(("checkins", index, "status", goal_id), "checkin.status_on_measurable", {"id": goal_id})


def date_faults(index: int, checkin: Checkin, previous: datetime.date | None, settings: CycleSettings | None) -> Iterator[Fault]:
    day = checkin.date.isoformat()
    if settings is not None:
        period = settings.period
        if not period.start <= checkin.date <= period.end:
            yield Fault(("checkins", index, "date"), "checkin.date_outside",
                        {"date": day, "start": period.start.isoformat(), "end": period.end.isoformat()})
    if previous is not None and checkin.date <= previous:
        yield Fault(("checkins", index, "date"), "checkin.date_order", {"date": day, "previous": previous.isoformat()})


def threshold_faults(settings: CycleSettings) -> Iterator[Fault]:
    """cycle.yaml's `checkins`: behind may not exceed at_risk."""
    if written(settings.checkins.behind) > written(settings.checkins.at_risk):
        yield Fault(("checkins",), "checkin.thresholds_order",
                    {"behind": f"{settings.checkins.behind:g}", "at_risk": f"{settings.checkins.at_risk:g}"})


# -- the machine-readable list (`portal checkins`) -------------------------------------------------------------

RECORD_COLUMNS = ["person", "goal", "date", "target", "progress", "expected", "status", "latest"]


def checkin_records(cycle: Cycle) -> list[dict]:
    """One record per goal and check-in, people by id, goals as written, oldest first: the status every page shows.
    `expected` is the straight line's value, rounded half-up to two decimals only here (the status used it exactly)."""
    records = []
    for pid in sorted(cycle.people):
        for track in goal_tracks(cycle.people[pid], cycle.settings):
            for point in track.points:
                records.append({
                    "person": pid, "goal": track.goal_id, "date": point.date.isoformat(), "target": track.target,
                    "progress": point.progress, "expected": half_up_hundredths(point.expected) / 100 if point.expected is not None else None,
                    "status": point.status, "latest": point is track.latest,
                })
    return records
