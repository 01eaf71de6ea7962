"""Stage 3, aggregate: the model of a cycle -> pandas tables of scores, ranks, grades and flags.

Each scoring rule of FORMAT.md is a function named after it.  Every tie, band,
threshold, quota and rounding is decided exactly, on the numbers as written
(rule 6): each figure of a person is held as a whole number of one cycle-wide
unit, 1/(Dp × L × Dv × Dw) — Dp, Dv and Dw the least common denominators of the
points, the dimension weights and the weights as written, L the least common
multiple of the numbers of ballots — so sums, comparisons and sorts are on
Python integers, vectorised in pandas.  The float columns are the same figures
for display (charts, pages); the `*_units` columns are the truth.  Rounding
(half-up, two decimals) happens only in `export`.  No I/O here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from .appeals import amending_appeals
from .ballots import counted_ballots, counted_tallies, meets_quorum
from .exact import WrittenFloat, common_denominator, written
from .model import DIMENSIONS, SOURCES, Cycle, CycleSettings, Portal, as_float
from .reuse import Reuse
from .validate import paused_gc

MISSING_ORDER = ("self", "organizational", "democratic")
PUBLISHED = ["self", "democratic", "organizational", "composite"] + [f"compare_{d}" for d in DIMENSIONS]
INT64_SAFE = 2**62


@dataclass(frozen=True)
class CycleResults:
    """Everything computed for one cycle.

    `people` has one row per person (index: id, sorted) with the columns
    named in `export.PERSON_COLUMNS` plus each source's dimension scores
    (`self_learning`, `democratic_work`, …).  Each figure of `PUBLISHED` also has
    its exact value in `<figure>_units`: a Python int counting multiples of
    `unit` (None where the figure is absent).  `sections` holds exact Fractions
    in `review_score_exact` and `mean_composite_exact`.  Democratic figures of
    people under `min_raters` are absent here already: they never leave this module,
    and `democratic_withheld` (bool) marks those people, whose ballots exist but whose
    democratic figures are withheld (rule 3): the views read it, never `min_raters`.
    """

    cycle: Cycle
    people: pd.DataFrame
    sections: pd.DataFrame
    participation: float
    unit: Fraction = Fraction(1)

    def exact(self, row: dict, figure: str) -> Fraction | None:
        """The exact value of one of a person's `PUBLISHED` figures (a row of `people` as a dict)."""
        units = row[f"{figure}_units"]
        return None if units is None or units != units else units * self.unit


@dataclass(frozen=True)
class Denominators:
    """The least common denominators that turn every exact figure of a cycle into a whole number."""

    points: int  # Dp: of the points written (levels and numeric ratings)
    ballots: int  # L: the least common multiple of every number of ratings behind a mean
    dimensions: int  # Dv: of the dimension weights
    weights: int  # Dw: of the weights

    @property
    def unit(self) -> Fraction:
        return Fraction(1, self.points * self.ballots * self.dimensions * self.weights)


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
                # a count of 0 is allowed (contract v1.2) and weighs nothing: it is no row, so that a person whose
                # counts all are 0 has n = 0 and no democratic figures (rule 3), never a mean over no ballots
                rows.extend((person_id, "democratic", d, level, as_float(scale[level]), count)
                            for level, count in getattr(tally, d).items() if count > 0)
    frame = pd.DataFrame(rows, columns=["person", "source", "dimension", "label", "points", "count"])
    frame = frame.astype({"points": float, "count": int})
    if any(row[4].__class__ is WrittenFloat for row in rows):  # rare: numbers of more digits than a double keeps
        frame["points"] = pd.Series([row[4] for row in rows], dtype=object)
    return frame[frame["person"].isin(cycle.people.keys())]


def points_in_units(rows: pd.DataFrame) -> tuple[pd.Series, int]:
    """Each row's points as a whole number of 1/Dp, Dp the least common denominator of the points written."""
    exact = {value: written(value) for value in pd.unique(rows["points"])}
    denominator = common_denominator(exact.values())
    units = {value: int(point * denominator) for value, point in exact.items()}
    largest = max(units.values(), default=0) * max(int(rows["count"].sum()), 1)
    if rows["points"].dtype == object:  # WrittenFloats: looked up by their exact value, which pandas' map would not
        mapped = pd.Series([units[value] for value in rows["points"]], index=rows.index, dtype=object)
    else:
        mapped = rows["points"].map(units)
    return mapped.astype(np.int64 if largest < INT64_SAFE else object), denominator


def exact_weights(weights: dict[str, float]) -> tuple[dict[str, int], int]:
    """Weights as written, as whole numbers over their least common denominator."""
    exact = {name: written(value) for name, value in weights.items()}
    denominator = common_denominator(exact.values())
    return {name: int(value * denominator) for name, value in exact.items()}, denominator


def source_dimension_scores(rows: pd.DataFrame, settings: CycleSettings) -> tuple[pd.DataFrame, Denominators]:
    """Rule 1: S_d per person, source and dimension — the count-weighted mean of points.

    Returns `<source>_<dimension>_units` columns in the cycle's unit (NaN where a person lacks
    the source) and the denominators that make that unit: S_d = Σ points × count / n, and
    Σ points × count × (L / n) is a whole number of 1/(Dp × L).
    """
    units, points = points_in_units(rows)
    sums = rows.assign(weighted=units * rows["count"]).groupby(["person", "source", "dimension"])[["weighted", "count"]].sum()
    ballots = math.lcm(1, *(int(n) for n in pd.unique(sums["count"])))
    denominators = Denominators(points, ballots, exact_weights(settings.dimensions.model_dump())[1],
                                exact_weights(settings.weights.model_dump(by_alias=True))[1])
    to_unit = denominators.dimensions * denominators.weights
    scaled = sums["weighted"].astype(object) * (ballots // sums["count"].astype(object)) * to_unit
    scores = scaled.unstack(["source", "dimension"])
    scores.columns = [f"{s}_{d}_units" for s, d in scores.columns]
    return scores.reindex(columns=[f"{s}_{d}_units" for s in SOURCES for d in DIMENSIONS]), denominators


def ballot_counts(rows: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """`raters` (n: ballots on fulfilment) and `veto_votes` (of them, at the veto level)."""
    fulfilment = rows[(rows["source"] == "democratic") & (rows["dimension"] == "fulfilment")]
    raters = fulfilment.groupby("person")["count"].sum()
    veto_level = settings.veto.level if settings.veto else None
    veto_votes = fulfilment[fulfilment["label"] == veto_level].groupby("person")["count"].sum()
    return pd.DataFrame({"raters": raters, "veto_votes": veto_votes})


def weighted_sum(weights: dict[str, int], columns: dict[str, pd.Series], denominator: int) -> pd.Series:
    """Σ weights[k] × columns[k] on whole units, the weights being whole numbers over `denominator`:
    exact, since every figure in the cycle's unit is a multiple of the weights' denominators."""
    present = pd.concat([column.notna() for column in columns.values()], axis=1).all(axis=1)
    total = sum(weight * columns[name].where(present, 0).astype(object) for name, weight in weights.items())
    return (total // denominator).where(present, None)


def units_as_floats(units: pd.Series, unit: Fraction) -> pd.Series:
    """Exact whole numbers of `unit` (1/M) -> the nearest floats, for display (int / int rounds correctly)."""
    per_unit = unit.denominator
    return pd.Series([u / per_unit if u is not None and u == u else np.nan for u in units], index=units.index, dtype=float)


def overall_scores(scores: pd.DataFrame, settings: CycleSettings, denominators: Denominators) -> pd.DataFrame:
    """Rule 2: S = Σ_d dimensions[d] × S_d, for each source, as `<source>_units`."""
    weights, _ = exact_weights(settings.dimensions.model_dump())
    return pd.DataFrame({
        f"{s}_units": weighted_sum(weights, {d: scores[f"{s}_{d}_units"] for d in DIMENSIONS}, denominators.dimensions)
        for s in SOURCES
    }, index=scores.index)


# -- rules 3-5: completeness, composite, comparison scores ---------------------------------


def missing_reasons(cycle: Cycle, people: pd.DataFrame) -> list[dict[str, str]]:
    """Rule 12: `{"democratic": "quorum"}` for the people of a section whose ballots fall short of the quorum."""
    below = {s for s in cycle.section_ids() if not meets_quorum(cycle.democratic.get(s), cycle.settings)}
    return [{"democratic": "quorum"} if section in below else {} for section in people["section"]]


def apply_completeness(people: pd.DataFrame, min_raters: int) -> pd.DataFrame:
    """Rule 3: complete = self, organisational and n ≥ min_raters; withhold democratic figures below it.

    The one place that decides it: `democratic_withheld` says, for every view (pages, charts, downloads),
    that a person has ballots (n > 0) whose figures are never published; with n = 0 there are none to withhold."""
    enough = people["raters"] >= min_raters
    people["democratic_withheld"] = (people["raters"] > 0) & ~enough
    for column in ["democratic_units"] + [f"democratic_{d}_units" for d in DIMENSIONS]:
        people[column] = people[column].where(enough, None)
    has = {"self": people["self_units"].notna(), "organizational": people["organizational_units"].notna(), "democratic": enough}
    present_sources = zip(*(has[source].to_numpy() for source in MISSING_ORDER))
    people["missing"] = [[s for s, ok in zip(MISSING_ORDER, flags) if not ok] for flags in present_sources]
    people["status"] = np.where(people["missing"].map(len) == 0, "complete", "incomplete")
    return people


def composite_scores(people: pd.DataFrame, settings: CycleSettings, denominators: Denominators) -> pd.DataFrame:
    """Rule 4 (composite = Σ_s weights[s] × S_s) and rule 5 (C_d = Σ_s weights[s] × S_d(s)), complete people only."""
    weights, _ = exact_weights(settings.weights.model_dump(by_alias=True))
    complete = people["status"] == "complete"
    composite = weighted_sum(weights, {s: people[f"{s}_units"] for s in SOURCES}, denominators.weights)
    people["composite_units"] = composite.where(complete, None)
    for d in DIMENSIONS:
        compare = weighted_sum(weights, {s: people[f"{s}_{d}_units"] for s in SOURCES}, denominators.weights)
        people[f"compare_{d}_units"] = compare.where(complete, None)
    return people


def display_figures(people: pd.DataFrame, unit: Fraction) -> pd.DataFrame:
    """The float columns (`self`, `composite`, `democratic_work`, …) that pages and charts show."""
    figures = [f"{s}_{d}" for s in SOURCES for d in DIMENSIONS] + PUBLISHED
    return people.join(pd.DataFrame({figure: units_as_floats(people[f"{figure}_units"], unit) for figure in figures}))


# -- rule 6: ranks ------------------------------------------------------------------------------


def rank_with_tiebreaks(people: pd.DataFrame, score_column: str) -> pd.Series:
    """Rule 6: 1…N by score, then organisational overall, then democratic overall (highest first), then id.

    Compared exactly, on the whole-number `*_units` columns: equal means equal before rounding.
    """
    ranked = people[people[f"{score_column}_units"].notna()]
    keys = zip(ranked[f"{score_column}_units"], ranked["organizational_units"], ranked["democratic_units"], ranked.index)
    order = [person for *_, person in sorted(keys, key=lambda k: (-k[0], -k[1], -k[2], k[3]))]
    return pd.Series(np.arange(1, len(order) + 1), index=order).reindex(people.index).astype("Int64")


# -- rule 7: grades -------------------------------------------------------------------------------


def grade_band(composite_units: int | None, band_minimums: list[int]) -> int | None:
    """The index of the first band whose min ≤ composite (minimums in the same whole units, rounded up)."""
    if composite_units is None or composite_units != composite_units:  # no composite, no grade
        return None
    return next(i for i, minimum in enumerate(band_minimums) if minimum <= composite_units)


def band_minimums(settings: CycleSettings, unit: Fraction) -> list[int]:
    """Each band's min in whole units: composite ≥ min exactly when composite_units ≥ ceil(min / unit)."""
    return [math.ceil(written(band.min) / unit) for band in settings.grades]


def apply_veto(people: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """A share of fulfilment ballots at veto.level ≥ veto.share caps a better grade at veto.cap.

    votes / n ≥ share is decided as votes × share's denominator ≥ share's numerator × n, in integers.
    """
    people["veto"] = False
    if settings.veto is None:
        return people
    cap = [band.name for band in settings.grades].index(settings.veto.cap)
    share = written(settings.veto.share)
    votes = people["veto_votes"].fillna(0).astype(int)
    reached = [n > 0 and v * share.denominator >= share.numerator * n for v, n in zip(votes, people["raters"])]
    hit = pd.Series(reached, index=people.index) & people["grade_index"].notna() & (people["grade_index"] < cap)
    people.loc[hit, "grade_index"] = cap
    people["veto"] = hit
    return people


def quota_limit(quota: float, complete: int) -> int:
    """floor(quota × N), exactly (0.29 × 100 is 28.999… in floats, 29 as written)."""
    return math.floor(written(quota) * complete)


def apply_quota(people: pd.DataFrame, settings: CycleSettings) -> pd.DataFrame:
    """Beyond floor(excellent_quota × N) holders of the first grade, in rank order, get the second."""
    complete = int((people["status"] == "complete").sum())
    allowed = quota_limit(settings.excellent_quota, complete)
    first = people[people["grade_index"] == 0].sort_values("rank")
    overflow = first.index[allowed:]
    people["quota"] = people.index.isin(overflow)
    people.loc[overflow, "grade_index"] = 1
    return people


def apply_grades(people: pd.DataFrame, settings: CycleSettings, unit: Fraction) -> pd.DataFrame:
    """Rule 7: band, then veto, then quota."""
    minimums = band_minimums(settings, unit)
    people["grade_index"] = pd.array([grade_band(c, minimums) for c in people["composite_units"]], dtype="Int64")
    people = apply_quota(apply_veto(people, settings), settings)
    names = [band.name for band in settings.grades]
    people["grade"] = [names[int(i)] if pd.notna(i) else None for i in people["grade_index"]]
    return people


def apply_appeals(people: pd.DataFrame, cycle: Cycle) -> pd.DataFrame:
    """An upheld request with a grade replaces the person's grade, after the veto and the quota (scores unchanged).

    The quota is applied to the computed grades only: an amended grade displaces nobody, so the first grade
    may end up held by more than floor(excellent_quota × N) people (documented in content/guide/rules.md)."""
    people["computed_grade"] = people["grade"]
    people["amended_by"] = None
    names = [band.name for band in cycle.settings.grades]
    for pid, (source, grade) in amending_appeals(cycle).items():
        people.at[pid, "grade"] = grade
        people.at[pid, "grade_index"] = names.index(grade)
        people.at[pid, "amended_by"] = source
    return people


# -- rule 8: flags -----------------------------------------------------------------------------------


def gap_flags(people: pd.DataFrame, settings: CycleSettings, unit: Fraction) -> pd.DataFrame:
    """self_high / self_low: self overall and (published) democratic overall differ by ≥ gap_threshold, exactly."""
    threshold = math.ceil(written(settings.gap_threshold) / unit)  # a whole-unit gap reaches it exactly when ≥ this
    high, low = [], []
    for own, ballots in zip(people["self_units"], people["democratic_units"]):
        both = own is not None and ballots is not None
        high.append(both and own - ballots >= threshold)
        low.append(both and ballots - own >= threshold)
    people["self_high"], people["self_low"] = high, low
    flag_names = ("veto", "quota", "self_high", "self_low")
    people["flags"] = [[f for f in flag_names if row[f]] for row in people[list(flag_names)].to_dict("records")]
    return people


# -- rules 9-10: sections and participation -----------------------------------------------------------


def section_table(cycle: Cycle, people: pd.DataFrame, unit: Fraction) -> pd.DataFrame:
    """Rule 9: mean composite of complete members, the section review's score, and the section rank."""
    by_section = people.assign(
        complete=people["status"] == "complete", submitted=people["self"].notna(),
    ).groupby("section").agg(members=("id", "size"), complete=("complete", "sum"), submitted=("submitted", "sum"))
    composites = people.loc[people["status"] == "complete", ["section", "composite_units"]].groupby("section")["composite_units"]
    means = {section: Fraction(sum(units), len(units)) * unit for section, units in composites}
    rows = []
    for section in cycle.org.sections:
        review = cycle.organizational.get(section.id)
        score = review.section_review.score.points if review and review.section_review else None
        rows.append({
            "id": section.id, "name": section.name, "leader": section.leader,
            "review_score": np.nan if score is None else score,
            "review_score_exact": None if score is None else written(score),
            "review_comment": review.section_review.comment if review and review.section_review else None,
            "mean_composite": float(means[section.id]) if section.id in means else np.nan,
            "mean_composite_exact": means.get(section.id),
        })
    table = pd.DataFrame(rows).set_index("id", drop=False).rename_axis("section").join(by_section)
    table[["members", "complete", "submitted"]] = table[["members", "complete", "submitted"]].fillna(0).astype(int)
    table["rank"] = section_ranks(table)
    return table.sort_values("rank")


def section_ranks(table: pd.DataFrame) -> pd.Series:
    """Sections by review score, then mean composite (highest first, absent last), then id; exactly."""
    def key(row: tuple) -> tuple:
        score, mean, section = row
        return (score is None, -(score or 0), mean is None, -(mean or 0), section)

    order = [row[2] for row in sorted(zip(table["review_score_exact"], table["mean_composite_exact"], table.index), key=key)]
    return pd.Series(np.arange(1, len(order) + 1), index=order)


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
    scores, denominators = source_dimension_scores(rows, settings)
    scores = scores.reindex(people.index)
    people = people.join(scores).join(overall_scores(scores, settings, denominators))
    people = people.join(ballot_counts(rows, settings))
    people["raters"] = people["raters"].fillna(0).astype(int)
    people = apply_completeness(people, settings.min_raters)
    people = composite_scores(people, settings, denominators)
    people = display_figures(people, denominators.unit)
    people["rank"] = rank_with_tiebreaks(people, "composite")
    for d in DIMENSIONS:
        people[f"compare_rank_{d}"] = rank_with_tiebreaks(people, f"compare_{d}")
    people = gap_flags(apply_grades(people, settings, denominators.unit), settings, denominators.unit)
    people = apply_appeals(people, cycle)
    # the per-dimension units were steps on the way (their floats stay, for the pages): memory at 50,000 people
    people = people.drop(columns=["veto_votes"] + [f"{s}_{d}_units" for s in SOURCES for d in DIMENSIONS])
    people["missing_reason"] = missing_reasons(cycle, people)
    sections = section_table(cycle, people, denominators.unit)
    return CycleResults(cycle, people, sections, participation(people), denominators.unit)


def aggregate_portal(portal: Portal, reuse: Reuse | None = None) -> dict[str, CycleResults]:
    """Every cycle's results, oldest first; with `reuse`, those of unchanged cycles as kept by an earlier run."""
    with paused_gc():  # see validate.paused_gc
        return {cycle_id: cycle_results(cycle, reuse) for cycle_id, cycle in portal.cycles.items()}


def cycle_results(cycle: Cycle, reuse: Reuse | None) -> CycleResults:
    kept = reuse.results(cycle) if reuse is not None else None
    if kept is not None:
        return kept
    results = aggregate_cycle(cycle)
    if reuse is not None:
        reuse.keep_results(results)
    return results


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
