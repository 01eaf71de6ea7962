"""Exact verdicts (FORMAT.md rule 6, contract v1.1): `portal results` against an independent exact scorer.

Random portals are written as YAML text with their numbers exactly as drawn (ten-decimal weights,
thirds that do not sum to 1, quoted and exponent numbers); thresholds — band minimums, the veto
share, the gap, the quota — are then drawn from the exact figures of the people, so that boundaries
are hit exactly.  Every published field must agree with `tests/reference.py`.
"""

from __future__ import annotations

import json
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import reference
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import DIMS, Spec

from generator.cli import main

LEVELS = ("好", "较好", "一般", "差")
GRADES = ("优秀", "称职", "基本称职", "不称职")
MAX_DIGITS = 40  # significant digits a threshold may be written with: more than a double keeps


def decimal_text(x: Fraction) -> str:
    with localcontext() as context:
        context.prec = 100
        return format(Decimal(x.numerator) / x.denominator, "f")


def finite_decimal(x: Fraction | None) -> bool:
    """Writable as a decimal of at most MAX_DIGITS significant digits."""
    if x is None or x < 0:
        return False
    with localcontext() as context:
        context.prec = 100
        exact = Decimal(x.numerator) / x.denominator
    return Fraction(exact) == x and len(exact.normalize().as_tuple().digits) <= MAX_DIGITS


def ten_decimals(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo * 10**10, hi * 10**10).map(lambda k: decimal_text(Fraction(k, 10**10)))


def split_of_one(parts: int) -> st.SearchStrategy[list[str]]:
    """Ten-decimal weights summing exactly to 1."""
    return st.lists(st.integers(0, 10**10), min_size=parts - 1, max_size=parts - 1).map(
        lambda cuts: [decimal_text(Fraction(b - a, 10**10)) for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), 10**10])])


WEIGHTS = st.one_of(
    st.just(["0.2", "0.4", "0.4"]),
    st.just(["0.3333333333", "0.3333333333", "0.3333333333"]),  # thirds: sum 0.9999999999, used as written
    st.just(["0.3333333333", "0.3333333333", "0.3333333334"]),
    split_of_one(3),
)
DIMENSION_WEIGHTS = st.one_of(
    st.just(["0.25", "0.4", "0.2", "0.15"]),
    st.just(["0.2857142857", "0.2857142857", "0.2857142857", "0.1428571429"]),
    split_of_one(4),
)


def styled(text: str, style: int) -> str:
    """The same number written the ways people write it: plain, quoted, or with an exponent."""
    if style == 1:
        return f"'{text}'"
    if style == 2 and "." in text:
        return f"{Decimal(text):.{len(text)}e}"  # 9.2885000e+1: YAML 1.1 reads a float only with the dot and the sign
    return text


@st.composite
def portals(draw) -> tuple[Spec, dict[str, int]]:
    points = sorted({draw(st.sampled_from(["100", "95.5", "92.885", "90"])), draw(ten_decimals(70, 89)),
                     draw(st.sampled_from(["60", "55.125", "50"])), "0"}, key=Fraction, reverse=True)
    scale = dict(zip(LEVELS, points[:4]))
    pool = list(LEVELS) + ["92.885", "92.875", "89.995", "75.005", "100", "60"] + [draw(ten_decimals(50, 100)) for _ in range(3)]
    pool += ["92.88499999999999999999", "92.8850000000000000001"]  # one double apart from 92.885, or the same double
    rating = st.sampled_from(pool)
    weights = dict(zip(reference.SOURCES, draw(WEIGHTS)))
    weights = {"self": weights["self"], "democratic": weights["democratic"], "organizational": weights["organizational"]}
    dimensions = dict(zip(DIMS, draw(DIMENSION_WEIGHTS)))
    sections = ["s1", "s2"][: draw(st.integers(1, 2))]
    count = draw(st.integers(1, 9))
    people = {f"p{i}": draw(st.sampled_from(sections)) for i in range(count)}

    def four() -> dict[str, str]:
        if draw(st.booleans()):  # uniform: the same rating everywhere, so .xx5 figures are hit exactly
            return dict.fromkeys(DIMS, draw(rating))
        return {d: draw(rating) for d in DIMS}

    spec = Spec(scale=scale, weights=weights, dimensions=dimensions, grades=[], quota="0", veto=None,
                min_raters=draw(st.integers(1, 3)), gap="15", sections=sections, people=people)
    template = four()
    for pid in people:
        if draw(st.integers(0, 5)):
            spec.self_scores[pid] = template if draw(st.booleans()) else four()  # shared ratings make ties
    for section in sections:
        members = [p for p in people if people[p] == section]
        if draw(st.booleans()):
            spec.ballots[section] = [{p: (template if draw(st.booleans()) else four()) for p in members if draw(st.integers(0, 6))}
                                     for _ in range(draw(st.integers(0, 5)))]
        else:
            spec.tallies[section] = {}
            for p in members:
                n = draw(st.integers(0, 7))
                spec.tallies[section][p] = {d: tally(draw, n) for d in DIMS}
        spec.reviews[section] = {p: (template if draw(st.booleans()) else four()) for p in members if draw(st.integers(0, 5))}
        if draw(st.integers(0, 4)):
            spec.section_scores[section] = draw(st.sampled_from(["90", "92.885", "88.5", draw(ten_decimals(60, 100))]))
    thresholds(draw, spec)
    styles = {"number": draw(st.integers(0, 2))}
    return spec, styles


def tally(draw, n: int) -> dict[str, int]:
    """n ballots spread over the levels, some levels written with an explicit 0 (contract v1.2 allows it:
    `fulfilment: {差: 0}` is n = 0, no democratic figures)."""
    counts: dict[str, int] = {}
    for _ in range(n):
        level = draw(st.sampled_from(LEVELS))
        counts[level] = counts.get(level, 0) + 1
    for level in draw(st.lists(st.sampled_from(LEVELS), max_size=2)):
        counts.setdefault(level, 0)
    return counts


def thresholds(draw, spec: Spec) -> None:
    """Band minimums, veto share, gap and quota, drawn where the exact figures make them boundaries."""
    spec.grades, spec.veto = [(GRADES[-1], "0")], None
    spec.quota, spec.gap = "1", "15"
    people = reference.score_people(spec)  # with provisional thresholds: only the figures are used
    composites = sorted({r["_composite_exact"] for r in people if finite_decimal(r["_composite_exact"])})
    candidates = [decimal_text(c) for c in composites if c > 0] + [draw(ten_decimals(1, 100)) for _ in range(3)] + ["90", "75"]
    mins = sorted({draw(st.sampled_from(candidates)) for _ in range(3)}, key=Fraction, reverse=True)
    spec.grades = list(zip(GRADES, [*mins, "0"]))[: len(mins)] + [(GRADES[len(mins)], "0")]
    shares = [decimal_text(Fraction(v, n)) for v in range(0, 4) for n in range(1, 8)
              if v <= n and finite_decimal(Fraction(v, n))] + ["0.3333333333", "0.3333333334", "0.6666666667"]
    if draw(st.integers(0, 3)):
        cap = draw(st.sampled_from([name for name, _ in spec.grades]))
        spec.veto = (draw(st.sampled_from(LEVELS)), draw(st.sampled_from(shares)), cap)
    gaps = []
    exact = score_overalls(spec)
    for own, dem in exact:
        if own is not None and dem is not None and finite_decimal(abs(own - dem)):
            gaps.append(decimal_text(abs(own - dem)))
    spec.gap = draw(st.sampled_from(gaps + ["15", "0", draw(ten_decimals(0, 30))]))
    complete = sum(r["status"] == "complete" for r in people)
    quotas = [decimal_text(Fraction(k, complete)) for k in range(complete + 1) if complete and finite_decimal(Fraction(k, complete))]
    spec.quota = draw(st.sampled_from(quotas + ["0.29", "0.2", "0.3333333333", "0", "1"]))


def score_overalls(spec: Spec) -> list[tuple[Fraction | None, Fraction | None]]:
    """Exact self and democratic overall of each person (for gaps drawn exactly at the threshold)."""
    pairs = []
    for pid in spec.people:
        own = reference.overall(spec, {d: reference.points(spec, r) for d, r in spec.self_scores[pid].items()}) if pid in spec.self_scores else None
        dem, n, _ = reference.democratic_scores(spec, pid)
        pairs.append((own, reference.overall(spec, dem) if n >= spec.min_raters else None))
    return pairs


# -- writing the portal as text ---------------------------------------------------------------------


def number(text: str, style: int) -> str:
    return text if text in LEVELS else styled(text, style)


def write_portal(root: Path, spec: Spec, style: int) -> None:
    cycle = root / "scorecards" / "2026"
    for folder in ("people", "democratic", "organizational"):
        (cycle / folder).mkdir(parents=True)
    veto = f"veto: {{level: {spec.veto[0]}, share: {spec.veto[1]}, cap: {spec.veto[2]}}}\n" if spec.veto else ""
    (cycle / "cycle.yaml").write_text(
        "title: 测试\nstatus: open\nperiod: {start: 2026-01-01, end: 2026-12-31}\n"
        "scale:\n" + "".join(f"  {level}: {points}\n" for level, points in spec.scale.items())
        + "weights:\n" + "".join(f"  {s}: {w}\n" for s, w in spec.weights.items())
        + "dimensions:\n" + "".join(f"  {d}: {w}\n" for d, w in spec.dimensions.items())
        + "grades:\n" + "".join(f"  - {{name: {name}, min: {minimum}}}\n" for name, minimum in spec.grades)
        + f"excellent_quota: {spec.quota}\n{veto}min_raters: {spec.min_raters}\ngap_threshold: {spec.gap}\n", encoding="utf-8")
    (cycle / "org.yaml").write_text("name: 单位\nsections:\n" + "".join(
        f"  - {{id: {s}, name: {s}处, leader: 王五}}\n" for s in spec.sections), encoding="utf-8")

    def ratings(four: dict[str, str]) -> str:
        return "{" + ", ".join(f"{d}: {number(four[d], style)}" for d in DIMS) + "}"

    for pid, section in spec.people.items():
        text = f"id: {pid}\nname: 名{pid}\nsection: {section}\npost: 科员\nshow: {{}}\n"
        if pid in spec.self_scores:
            text += f"self:\n  scores: {ratings(spec.self_scores[pid])}\n"
        (cycle / "people" / f"{pid}.yaml").write_text(text, encoding="utf-8")
    for section in spec.sections:
        if section in spec.ballots:
            body = "ballots:\n" + "".join(
                "  - {}\n" if not ballot else "  - " + "\n    ".join(f"{p}: {ratings(r)}" for p, r in ballot.items()) + "\n"
                for ballot in spec.ballots[section]) if spec.ballots[section] else "ballots: []\n"
        else:
            body = "tallies:\n" + "".join(
                f"  {p}:\n" + "".join(f"    {d}: {{{', '.join(f'{level}: {c}' for level, c in counts[d].items())}}}\n" for d in DIMS)
                for p, counts in spec.tallies[section].items()) if spec.tallies[section] else "tallies: {}\n"
        (cycle / "democratic" / f"{section}.yaml").write_text(f"section: {section}\n{body}", encoding="utf-8")
        review = spec.reviews.get(section, {})
        score = f"section_review: {{score: {number(spec.section_scores[section], style)}}}\n" if section in spec.section_scores else ""
        people = "people:\n" + "".join(f"  {p}: {ratings(r)}\n" for p, r in review.items()) if review else "people: {}\n"
        (cycle / "organizational" / f"{section}.yaml").write_text(
            f"section: {section}\nreviewer: 王五\n{score}{people}", encoding="utf-8")


def results(root: Path, capsys, *extra: str) -> list[dict]:
    code = main(["results", "--root", str(root), "--cycle", "2026", "--format", "json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


PERSON_FIELDS = ("id", "section", "status", "missing", "raters", "self", "democratic", "organizational",
                 "composite", "grade", "rank", "compare", "compare_rank", "flags")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(portals())
def test_results_agree_with_the_exact_reference(tmp_path_factory, capsys, drawn):
    spec, styles = drawn
    root = tmp_path_factory.mktemp("exact")
    write_portal(root, spec, styles["number"])
    published = results(root, capsys)
    expected = reference.score_people(spec)
    assert [{k: p[k] for k in PERSON_FIELDS} for p in published] == [{k: p[k] for k in PERSON_FIELDS} for p in expected]
    sections = results(root, capsys, "--sections")
    assert [{k: s[k] for k in ("id", "review_score", "mean_composite", "rank")} for s in sections] == reference.score_sections(spec)


# -- worked examples -------------------------------------------------------------------------------


def one_person(builder, self_rating, democratic: list, organizational, **settings):
    builder.cycle(**settings).org(["mishu"])
    builder.person("a", self_scores=self_rating)
    builder.ballots("mishu", [{"a": r if isinstance(r, dict) else dict.fromkeys(DIMS, r)} for r in democratic])
    builder.review("mishu", {"a": organizational})
    return builder


def test_the_issue_case_rounds_the_exact_composite(builder, run):
    """Weights in ten decimals: composite = .3333333333 × (93.92 + 94) + .3333333334 × 90.705 = 92.874999999783,
    which rounds to 92.87 (v1 first rounded ×100 to six decimals, 9287.5, and published 92.88)."""
    one_person(builder, 93.92, [94] * 3, 90.705,
               weights={"self": 0.3333333333, "democratic": 0.3333333333, "organizational": 0.3333333334})
    assert Fraction("0.3333333333") * (Fraction("93.92") + 94) + Fraction("0.3333333334") * Fraction("90.705") == Fraction("92.874999999783")
    code, out, _ = run("results", "--root", str(builder.root), "--format", "json")
    assert code == 0 and json.loads(out)[0]["composite"] == 92.87


def test_a_veto_share_just_above_the_ballots_share_does_not_veto(builder, run):
    """1 of 3 ballots at 差 is 1/3 < 0.3334 and < 0.3333333334: no veto (v1's 1e-9 tolerance vetoed the second)."""
    for share, vetoed in (("0.3333333334", False), ("0.3333333333", True)):
        one_person(builder, "好", [dict.fromkeys(DIMS, "好") | {"fulfilment": "差"}, "好", "好"], "好",
                   veto={"level": "差", "share": float(share), "cap": "基本称职"}, excellent_quota=1)
        code, out, _ = run("results", "--root", str(builder.root), "--format", "json")
        assert code == 0 and ("veto" in json.loads(out)[0]["flags"]) is vetoed, share


def test_a_band_minimum_just_above_the_composite_is_not_reached(builder, run):
    """Composite 89.9999999999 (.9999999999 of 90 in weights) is below a band minimum of 90: 称职, not 优秀."""
    one_person(builder, 90, [90] * 3, 90, excellent_quota=1,
               weights={"self": 0.3333333333, "democratic": 0.3333333333, "organizational": 0.3333333333})
    code, out, _ = run("results", "--root", str(builder.root), "--format", "json")
    person = json.loads(out)[0]
    assert code == 0 and person["composite"] == 90.0 and person["grade"] == "称职"


def test_a_gap_exactly_at_the_threshold_flags_and_a_hair_below_does_not(builder, run):
    for self_rating, flagged in ((85.0000000001, True), (85.00000000009, False)):
        one_person(builder, self_rating, [70.0000000001] * 3, 80, gap_threshold=15.0000000000)
        # democratic overall 70.0000000001; self − democratic = 15 exactly, or 14.99999999999
        code, out, _ = run("results", "--root", str(builder.root), "--format", "json")
        assert code == 0 and ("self_high" in json.loads(out)[0]["flags"]) is flagged, self_rating


def test_thirds_that_do_not_sum_to_one_are_a_warning_and_used_as_written(builder, run):
    builder.cycle(weights={"self": 0.3333333333, "democratic": 0.3333333333, "organizational": 0.3333333333}).org()
    builder.person("a", self_scores="好")
    code, out, _ = run("validate", "--root", str(builder.root))
    assert code == 0 and "0.9999999999" in out and "0.3333333334" in out
    code, _, _ = run("validate", "--root", str(builder.root), "--strict")
    assert code == 1


def test_weights_that_miss_one_by_more_than_rounding_are_an_error(builder, run):
    builder.cycle(weights={"self": 0.333, "democratic": 0.333, "organizational": 0.333}).org()
    builder.person("a", self_scores="好")
    code, out, err = run("validate", "--root", str(builder.root))
    assert code == 1 and "0.999" in out + err


def test_numbers_with_more_digits_than_a_double_keeps_are_read_as_written(builder, run):
    """92.88499999999999999999 is the same double as 92.885, but rounds to 92.88; a band at
    92.8850000000000000001 is above a composite of 92.885 — and both are told apart from 92.885 itself."""
    builder.cycle(excellent_quota=1).org(["mishu"])
    builder.raw("cycle.yaml", builder.folder("2026").joinpath("cycle.yaml").read_text(encoding="utf-8").replace(
        "min: 90", "min: 92.8850000000000000001"))
    builder.person("low", self_scores="92.88499999999999999999").person("mid", self_scores=92.885)
    builder.ballots("mishu", [{"low": dict.fromkeys(DIMS, "92.88499999999999999999"), "mid": dict.fromkeys(DIMS, 92.885)}] * 3)
    builder.raw("organizational/mishu.yaml", "section: mishu\nreviewer: mishu领导\npeople:\n"
                "  low: {learning: 92.88499999999999999999, work: 92.88499999999999999999, contribution: 92.88499999999999999999, fulfilment: 92.88499999999999999999}\n"
                "  mid: {learning: 92.885, work: 92.885, contribution: 92.885, fulfilment: 92.885}\n")
    code, out, err = run("results", "--root", str(builder.root), "--format", "json")
    assert code == 0, err
    low, mid = json.loads(out)
    assert (low["composite"], mid["composite"]) == (92.88, 92.89)
    assert (low["rank"], mid["rank"]) == (2, 1) and mid["grade"] == "称职"  # 92.885 < 92.8850000000000000001
