"""An independent scorer for FORMAT.md rules 1-9, written from the spec alone, in plain Fractions.

It knows nothing of `generator`: it takes a portal described in Python (numbers as the decimal
text that goes into the files) and returns what `portal results --format json` and
`--sections --format json` must print.  The property tests compare the two on random portals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

DIMS = ("learning", "work", "contribution", "fulfilment")
SOURCES = ("self", "democratic", "organizational")


@dataclass
class Spec:
    """A one-cycle portal.  Numbers are decimal strings, exactly as written into the YAML files."""

    scale: dict[str, str]
    weights: dict[str, str]
    dimensions: dict[str, str]
    grades: list[tuple[str, str]]
    quota: str
    veto: tuple[str, str, str] | None  # level, share, cap
    min_raters: int
    gap: str
    sections: list[str]
    people: dict[str, str]  # id -> section
    self_scores: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> dimension -> level or number
    ballots: dict[str, list[dict[str, dict[str, str]]]] = field(default_factory=dict)  # section -> ballots
    tallies: dict[str, dict[str, dict[str, dict[str, int]]]] = field(default_factory=dict)  # section -> person -> dim -> level -> n
    reviews: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # section -> person -> dimension -> rating
    section_scores: dict[str, str] = field(default_factory=dict)  # section -> section_review score


def value(text: str) -> Fraction:
    return Fraction(text)


def points(spec: Spec, rating: str) -> Fraction:
    """A rating is a level of the scale or a number (a quoted number too)."""
    return value(spec.scale[rating]) if rating in spec.scale else value(rating)


def half_up(x: Fraction | None) -> float | None:
    """Rounded half-up to two decimals, as JSON prints it."""
    if x is None:
        return None
    return math.floor(x * 100 + Fraction(1, 2)) / 100


def democratic_scores(spec: Spec, pid: str) -> tuple[dict[str, Fraction] | None, int, int]:
    """Rule 1 for ballots or tallies: S_d, n (ballots on fulfilment), and ballots at the veto level on fulfilment."""
    section = spec.people[pid]
    veto_level = spec.veto[0] if spec.veto else None
    if section in spec.tallies and pid in spec.tallies[section]:
        counts = spec.tallies[section][pid]
        n = sum(counts["fulfilment"].values())
        if n == 0:
            return None, 0, 0
        scores = {d: sum(points(spec, level) * c for level, c in counts[d].items()) / sum(counts[d].values()) for d in DIMS}
        return scores, n, counts["fulfilment"].get(veto_level, 0)
    ballots = [ballot[pid] for ballot in spec.ballots.get(section, []) if pid in ballot]
    if not ballots:
        return None, 0, 0
    scores = {d: sum(points(spec, b[d]) for b in ballots) / len(ballots) for d in DIMS}
    return scores, len(ballots), sum(1 for b in ballots if b["fulfilment"] == veto_level)


def overall(spec: Spec, scores: dict[str, Fraction] | None) -> Fraction | None:
    return None if scores is None else sum(value(spec.dimensions[d]) * scores[d] for d in DIMS)


def score_people(spec: Spec) -> list[dict]:
    w = {s: value(spec.weights[s]) for s in SOURCES}
    people = {}
    for pid in sorted(spec.people):
        section = spec.people[pid]
        own = {d: points(spec, r) for d, r in spec.self_scores[pid].items()} if pid in spec.self_scores else None
        review = spec.reviews.get(section, {}).get(pid)
        org = {d: points(spec, review[d]) for d in DIMS} if review else None
        dem, n, veto_votes = democratic_scores(spec, pid)
        published_dem = dem if n >= spec.min_raters else None
        complete = own is not None and org is not None and published_dem is not None
        missing = [s for s, part in (("self", own), ("organizational", org), ("democratic", published_dem)) if part is None]
        S = {"self": overall(spec, own), "democratic": overall(spec, published_dem), "organizational": overall(spec, org)}
        composite = sum(w[s] * S[s] for s in SOURCES) if complete else None
        compare = {d: sum(w[s] * part[d] for s, part in (("self", own), ("democratic", dem), ("organizational", org)))
                   for d in DIMS} if complete else dict.fromkeys(DIMS)
        people[pid] = {"id": pid, "section": section, "complete": complete, "missing": missing, "raters": n,
                       "S": S, "composite": composite, "compare": compare, "veto_votes": veto_votes}
    complete = [p for p in people.values() if p["complete"]]

    def order(score) -> list[dict]:
        return sorted(complete, key=lambda p: (-score(p), -p["S"]["organizational"], -p["S"]["democratic"], p["id"]))

    for position, p in enumerate(order(lambda p: p["composite"]), start=1):
        p["rank"] = position
    for d in DIMS:
        for position, p in enumerate(order(lambda p, d=d: p["compare"][d]), start=1):
            p.setdefault("compare_rank", {})[d] = position
    names = [name for name, _ in spec.grades]
    for p in people.values():
        p["flags"] = []
        p["grade_index"] = None
        if p["complete"]:
            p["grade_index"] = next(i for i, (_, minimum) in enumerate(spec.grades) if value(minimum) <= p["composite"])
            if spec.veto:
                level, share, cap = spec.veto
                if p["raters"] and Fraction(p["veto_votes"], p["raters"]) >= value(share) and p["grade_index"] < names.index(cap):
                    p["grade_index"] = names.index(cap)
                    p["flags"].append("veto")
    allowed = math.floor(value(spec.quota) * len(complete))
    holders = sorted((p for p in complete if p["grade_index"] == 0), key=lambda p: p["rank"])
    for p in holders[allowed:]:
        p["grade_index"] = 1
        p["flags"].append("quota")
    gap = value(spec.gap)
    for p in people.values():
        own, dem = p["S"]["self"], p["S"]["democratic"]
        if own is not None and dem is not None:
            if own - dem >= gap:
                p["flags"].append("self_high")
            if dem - own >= gap:
                p["flags"].append("self_low")
    records = []
    for p in people.values():
        records.append({
            "id": p["id"], "section": p["section"], "status": "complete" if p["complete"] else "incomplete",
            "missing": p["missing"], "raters": p["raters"],
            **{s: half_up(p["S"][s]) for s in SOURCES},
            "composite": half_up(p["composite"]),
            "grade": names[p["grade_index"]] if p["grade_index"] is not None else None,
            "rank": p.get("rank"),
            "compare": {d: half_up(p["compare"][d]) for d in DIMS},
            "compare_rank": p.get("compare_rank", dict.fromkeys(DIMS)),
            "flags": p["flags"],
            "_composite_exact": p["composite"],
        })
    return records


def score_sections(spec: Spec) -> list[dict]:
    """Rule 9: mean composite of complete members, review score; rank by score, mean (highest first), id."""
    people = score_people(spec)
    rows = []
    for section in spec.sections:
        composites = [p["_composite_exact"] for p in people if p["section"] == section and p["status"] == "complete"]
        mean = sum(composites) / len(composites) if composites else None
        score = value(spec.section_scores[section]) if section in spec.section_scores else None
        rows.append({"id": section, "score": score, "mean": mean})
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["mean"] is None, -(r["mean"] or 0), r["id"]))
    return [{"id": r["id"], "review_score": half_up(r["score"]), "mean_composite": half_up(r["mean"]), "rank": position}
            for position, r in enumerate(rows, start=1)]
