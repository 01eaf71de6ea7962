"""Reviews (复核) and appeals (申诉) after the results (contract v1.2, "Appeals"): which grade stands, and the windows.

A person has `appeals.review_days` from the result notice (`appeals.notified`,
the day the notices were handed out) to ask the unit for a review, and
`appeals.appeal_days` from the review's decision (`decided`) to appeal to the
body above.  An upheld request with `grade` replaces the computed grade; the
latest decided one stands.  No I/O here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .model import Appeal, Cycle, CycleSettings


def decision_order(item: tuple[str, Appeal]) -> tuple:
    """Requests in the order they were decided: the day decided (else received), an appeal after a review, the file name."""
    name, appeal = item
    return (appeal.decided or appeal.received, appeal.kind == "appeal", name)


def amending_appeals(cycle: Cycle) -> dict[str, tuple[str, str]]:
    """Person id -> ("appeals/<n>", grade) of the upheld request with a grade that stands for them: the last decided."""
    standing: dict[str, tuple[str, str]] = {}
    for name, appeal in sorted(cycle.appeals.items(), key=decision_order):
        if appeal.status == "upheld" and appeal.grade is not None and appeal.about in cycle.people:
            standing[appeal.about] = (f"appeals/{name}", appeal.grade)
    return standing


def review_deadline(settings: CycleSettings) -> datetime.date | None:
    """The last day to ask for a review: the notice's day + review_days (None until `appeals.notified` is set)."""
    windows = settings.appeals
    if windows is None or windows.notified is None:
        return None
    return windows.notified + datetime.timedelta(days=windows.review_days)


def appeal_deadline(cycle: Cycle, person: str) -> datetime.date | None:
    """The last day to appeal: the person's latest decided review + appeal_days (None while no review is decided)."""
    windows = cycle.settings.appeals
    decided = [a.decided for a in cycle.appeals.values()
               if a.about == person and a.kind == "review" and a.status != "open" and a.decided is not None]
    if windows is None or not decided:
        return None
    return max(decided) + datetime.timedelta(days=windows.appeal_days)


@dataclass(frozen=True)
class Request:
    """One request as the organisers' list shows it: its window's last day and whether it came in time."""

    name: str
    appeal: Appeal
    deadline: datetime.date | None
    in_time: bool | None


def requests(cycle: Cycle) -> list[Request]:
    """Every request, open ones first (oldest first), then the decided ones in the order they were decided."""
    found = []
    for name, appeal in cycle.appeals.items():
        deadline = review_deadline(cycle.settings) if appeal.kind == "review" else appeal_deadline(cycle, appeal.about)
        found.append(Request(name, appeal, deadline, None if deadline is None else appeal.received <= deadline))
    return sorted(found, key=lambda r: (r.appeal.status != "open", decision_order((r.name, r.appeal))))
