"""Stage 3, aggregate: the model of a cycle -> pandas tables of scores, ranks, grades and flags.

Each scoring rule of FORMAT.md is a function named after it.  Arithmetic is
on unrounded points in floats; a tie, a band edge or a threshold is decided
at `TOLERANCE` (far below the 0.005 that rounding to two decimals could
show), so float noise never decides a rank, a grade or a quota.  Rounding
(half-up, two decimals) happens only in `export`.  No I/O here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .ballots import counted_ballots, counted_tallies, meets_quorum
from .model import DIMENSIONS, SOURCES, Cycle, CycleSettings, Portal
from .validate import paused_gc

TOLERANCE = 1e-9
MISSING_ORDER = ("self", "organizational", "democratic")


@dataclass(frozen=True)
class CycleResults:
    """Everything computed for one cycle.

    `people` has one row per person (index: id, sorted) with the columns
    named in `export.PERSON_COLUMNS` plus each source's dimension scores
    (`self_learning`, `democratic_work`, …).  Democratic figures of people
    under `min_raters` are NaN here already: they never leave this module.
    """

    cycle: Cycle
    people: pd.DataFrame
    sections: pd.DataFrame
    participation: float


# -- rules 1-2: source scores -------------------------------------------------------------


def rating_rows(cycle: Cycle) -> pd.DataFrame:
    """One row per (person, source, dimension, rating) with its points and number of ballots."""
    scale = cycle.settings.scale
    rows: list[tuple] = []
    for person in cycle.people.values():
        if person.self_assessment is not None:
            for d in DIMENSIONS:
                rating = getattr(person.self_assessment.scores, d)
                rows.append((person.id, "self", d, rating.label, rating.points, 1))
    for review in cycle.organizational.values():
        for person_id, ratings in review.people.items():
            for d in DIMENSIONS:
                rating = getattr(ratings, d)
                rows.append((person_id, "organizational", d, rating.label, rating.points, 1))
    for democratic in cycle.democratic.values():
        # ballots that agree on a person, dimension and rating become one row with their count, as in
        # tallies: the same means, and a table the size of the people rather than of all the ballots
        same_ratings: Counter = Counter()
        for ballot in counted_ballots(democratic, cycle.settings):  # rules 11-12: void ballots and sections under quorum count for nothing
            for person_id, ratings in ballot.items():
                for d in DIMENSIONS:
                    rating = ratings[d]
                    same_ratings[(person_id, d, rating.label, rating.points)] += 1
        rows.extend((pid, "democratic", d, label, points, n) for (pid, d, label, points), n in same_ratings.items())
        for person_id, tally in counted_tallies(democratic, cycle.settings).items():
            for d in DIMENSIONS:
                for level, count in getattr(tally, d).items():
                    rows.append((person_id, "democratic", d, level, float(scale[level]), count))
    frame = pd.DataFrame(rows, columns=["person", "source", "dimension", "label", "points", "count"])
    frame = frame.astype({"points": float, "count": int})
    return frame[frame["person"].isin(cycle.people.keys())]


def source_dimension_scores(rows: pd.DataFrame) -> pd.DataFrame:
    """Rule 1: S_d per person, source and dimension: the count-weighted mean of points.

    Columns are `<source>_<dimension>`; a source a person lacks is NaN.
    """
    weighted = rows.assign(weighted=rows["points"] * rows["count"])
    sums = weighted.groupby(["person", "source", "dimension"])[["weighted", "count"]].sum()
    means = (sums["weighted"] / sums["count"]).unstack(["source", "dimension"])
    columns = [f"{s}_{d}" for s in SOURCES for d in DIMENSIONS]
    means.columns = [f"{s}_{d}" for s, d in means.columns]
    return means.reindex(columns=columns)


def ballot_counts(rows: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """`raters` (n: ballots on fulfilment) and `veto_votes` (of them, at the veto level)."""
    fulfilment = rows[(rows["source"] == "democratic") & (rows["dimension"] == "fulfilment")]
    raters = fulfilment.groupby("person")["count"].sum()
    veto_level = settings.veto.level if settings.veto else None
    veto_votes = fulfilment[fulfilment["label"] == veto_level].groupby("person")["count"].sum()
    return pd.DataFrame({"raters": raters, "veto_votes": veto_votes})


def overall_scores(scores: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """Rule 2: S = Σ_d dimensions[d] × S_d, for each source."""
    weights = settings.dimensions.model_dump()
    return pd.DataFrame({s: sum(weights[d] * scores[f"{s}_{d}"] for d in DIMENSIONS) for s in SOURCES})


# -- rules 3-5: completeness, composite, comparison scores ---------------------------------


def missing_reasons(cycle: Cycle, people: pd.DataFrame) -> list[dict[str, str]]:
    """Rule 12: `{"democratic": "quorum"}` for the people of a section whose ballots fall short of the quorum."""
    below = {s for s in cycle.section_ids() if not meets_quorum(cycle.democratic.get(s), cycle.settings)}
    return [{"democratic": "quorum"} if section in below else {} for section in people["section"]]


def apply_completeness(people: pd.DataFrame, min_raters: int) -> pd.DataFrame:
    """Rule 3: complete = self, organisational and n ≥ min_raters; withhold democratic figures below it."""
    enough = people["raters"] >= min_raters
    democratic_columns = ["democratic"] + [f"democratic_{d}" for d in DIMENSIONS]
    people.loc[~enough, democratic_columns] = np.nan
    has = {"self": people["self"].notna(), "organizational": people["organizational"].notna(), "democratic": enough}
    present = zip(*(has[source].to_numpy() for source in MISSING_ORDER))
    people["missing"] = [[s for s, ok in zip(MISSING_ORDER, flags) if not ok] for flags in present]
    people["status"] = np.where(people["missing"].map(len) == 0, "complete", "incomplete")
    return people


def composite_scores(people: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """Rule 4 (composite = Σ_s weights[s] × S_s) and rule 5 (C_d = Σ_s weights[s] × S_d(s)), complete people only."""
    weights = settings.weights.model_dump(by_alias=True)
    complete = people["status"] == "complete"
    people["composite"] = sum(weights[s] * people[s] for s in SOURCES).where(complete)
    for d in DIMENSIONS:
        people[f"compare_{d}"] = sum(weights[s] * people[f"{s}_{d}"] for s in SOURCES).where(complete)
    return people


# -- rule 6: ranks ------------------------------------------------------------------------------


def snap_to_tolerance(values: pd.Series) -> pd.Series:
    """Values within TOLERANCE of a larger neighbour take that neighbour's value, so ties compare equal."""
    ordered = values.dropna().sort_values(ascending=False)
    if ordered.empty:
        return values
    new_group = np.concatenate([[True], np.abs(np.diff(ordered.to_numpy())) > TOLERANCE])
    group_ids = np.cumsum(new_group)
    leaders = ordered.to_numpy()[new_group]
    snapped = pd.Series(leaders[group_ids - 1], index=ordered.index)
    return snapped.reindex(values.index)


def rank_with_tiebreaks(people: pd.DataFrame, score_column: str) -> pd.Series:
    """Rule 6: 1…N by score, then organisational overall, then democratic overall (highest first), then id."""
    ranked = people[people[score_column].notna()]
    keys = pd.DataFrame({
        "score": -snap_to_tolerance(ranked[score_column]),
        "organizational": -snap_to_tolerance(ranked["organizational"]),
        "democratic": -snap_to_tolerance(ranked["democratic"]),
        "id": ranked.index.to_series(),
    })
    order = keys.sort_values(["score", "organizational", "democratic", "id"], kind="mergesort").index
    return pd.Series(np.arange(1, len(order) + 1), index=order).reindex(people.index).astype("Int64")


# -- rule 7: grades -------------------------------------------------------------------------------


def grade_band(composite: float, settings: CycleSettings) -> int | None:
    """The index of the first band whose min ≤ composite."""
    if composite != composite:  # NaN: no composite, no grade
        return None
    return next(i for i, band in enumerate(settings.grades) if band.min <= composite + TOLERANCE)


def apply_veto(people: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """A share of fulfilment ballots at veto.level ≥ veto.share caps a better grade at veto.cap."""
    people["veto"] = False
    if settings.veto is None:
        return people
    cap = [band.name for band in settings.grades].index(settings.veto.cap)
    share = people["veto_votes"].fillna(0).astype(float) / people["raters"].replace(0, np.nan)
    hit = (share >= settings.veto.share - TOLERANCE) & people["grade_index"].notna() & (people["grade_index"] < cap)
    people.loc[hit, "grade_index"] = cap
    people["veto"] = hit
    return people


def quota_limit(quota: float, complete: int) -> int:
    """floor(quota × N), immune to float noise (0.29 × 100 is 28.999… in floats)."""
    return math.floor(quota * complete + TOLERANCE)


def apply_quota(people: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """Beyond floor(excellent_quota × N) holders of the first grade, in rank order, get the second."""
    complete = int((people["status"] == "complete").sum())
    allowed = quota_limit(settings.excellent_quota, complete)
    first = people[people["grade_index"] == 0].sort_values("rank")
    overflow = first.index[allowed:]
    people["quota"] = people.index.isin(overflow)
    people.loc[overflow, "grade_index"] = 1
    return people


def apply_grades(people: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """Rule 7: band, then veto, then quota."""
    people["grade_index"] = pd.array([grade_band(c, settings) for c in people["composite"]], dtype="Int64")
    people = apply_quota(apply_veto(people, settings), settings)
    names = [band.name for band in settings.grades]
    people["grade"] = [names[int(i)] if pd.notna(i) else None for i in people["grade_index"]]
    return people


# -- rule 8: flags -----------------------------------------------------------------------------------


def gap_flags(people: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """self_high / self_low: self overall and (published) democratic overall differ by ≥ gap_threshold."""
    gap = people["self"] - people["democratic"]
    people["self_high"] = gap >= settings.gap_threshold - TOLERANCE
    people["self_low"] = -gap >= settings.gap_threshold - TOLERANCE
    flag_names = ("veto", "quota", "self_high", "self_low")
    people["flags"] = [[f for f in flag_names if row[f]] for row in people[list(flag_names)].to_dict("records")]
    return people


# -- rules 9-10: sections and participation -----------------------------------------------------------


def section_table(cycle: Cycle, people: pd.DataFrame) -> pd.DataFrame:
    """Rule 9: mean composite of complete members, the section review's score, and the section rank."""
    by_section = people.assign(
        complete=people["status"] == "complete", submitted=people["self"].notna(),
    ).groupby("section").agg(members=("id", "size"), complete=("complete", "sum"), submitted=("submitted", "sum"),
                             mean_composite=("composite", "mean"))
    rows = []
    for section in cycle.org.sections:
        review = cycle.organizational.get(section.id)
        rows.append({
            "id": section.id, "name": section.name, "leader": section.leader,
            "review_score": review.section_review.score.points if review and review.section_review else np.nan,
            "review_comment": review.section_review.comment if review and review.section_review else None,
        })
    table = pd.DataFrame(rows).set_index("id", drop=False).rename_axis("section").join(by_section)
    table[["members", "complete", "submitted"]] = table[["members", "complete", "submitted"]].fillna(0).astype(int)
    keys = pd.DataFrame({
        "score": -snap_to_tolerance(table["review_score"]),
        "mean": -snap_to_tolerance(table["mean_composite"]),
        "id": table.index.to_series(),
    })
    order = keys.sort_values(["score", "mean", "id"], kind="mergesort", na_position="last").index
    table["rank"] = pd.Series(np.arange(1, len(order) + 1), index=order)
    return table.sort_values("rank")


def participation(people: pd.DataFrame) -> float:
    """Rule 10: people with a self block / all people."""
    return float(people["self"].notna().mean()) if len(people) else 0.0


# -- the whole cycle ------------------------------------------------------------------------------------


def person_frame(cycle: Cycle) -> pd.DataFrame:
    ids = sorted(cycle.people)
    return pd.DataFrame({
        "id": ids,
        "name": [cycle.people[i].name for i in ids],
        "section": [cycle.people[i].section for i in ids],
        "post": [cycle.people[i].post for i in ids],
    }, index=pd.Index(ids, name="person"))


def aggregate_cycle(cycle: Cycle) -> CycleResults:
    """Apply every scoring rule to one cycle."""
    settings = cycle.settings
    rows = rating_rows(cycle)
    people = person_frame(cycle)
    scores = source_dimension_scores(rows).reindex(people.index)
    people = people.join(scores).join(overall_scores(scores, settings))
    people = people.join(ballot_counts(rows, settings))
    people["raters"] = people["raters"].fillna(0).astype(int)
    people = apply_completeness(people, settings.min_raters)
    people = composite_scores(people, settings)
    people["rank"] = rank_with_tiebreaks(people, "composite")
    for d in DIMENSIONS:
        people[f"compare_rank_{d}"] = rank_with_tiebreaks(people, f"compare_{d}")
    people = gap_flags(apply_grades(people, settings), settings)
    people = people.drop(columns=["veto_votes"])
    people["missing_reason"] = missing_reasons(cycle, people)
    return CycleResults(cycle, people, section_table(cycle, people), participation(people))


def aggregate_portal(portal: Portal) -> dict[str, CycleResults]:
    with paused_gc():  # see validate.paused_gc
        return {cycle_id: aggregate_cycle(cycle) for cycle_id, cycle in portal.cycles.items()}


def person_trends(results: dict[str, CycleResults]) -> pd.DataFrame:
    """For every person id: composite, grade and rank in each cycle (rows: person, cycle)."""
    frames = [
        r.people[["name", "section", "status", "composite", "grade", "rank"]].assign(cycle=cycle_id, order=position)
        for position, (cycle_id, r) in enumerate(results.items())
    ]
    trends = pd.concat(frames).reset_index().sort_values(["person", "order"], kind="mergesort")  # cycles oldest first
    return trends.drop(columns="order").set_index(["person", "cycle"])


def section_trends(results: dict[str, CycleResults]) -> pd.DataFrame:
    """For every section id: review score, mean composite and rank in each cycle (rows: section, cycle)."""
    frames = [
        r.sections[["name", "review_score", "mean_composite", "rank"]].assign(cycle=cycle_id)
        for cycle_id, r in results.items()
    ]
    return pd.concat(frames).rename_axis("section").reset_index().set_index(["section", "cycle"]).sort_index(level=0, sort_remaining=False)
