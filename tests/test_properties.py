"""Invariants of the scoring rules over random cycles (hypothesis)."""

from __future__ import annotations

import math
import shutil
from fractions import Fraction
from pathlib import Path

from conftest import DIMS, SETTINGS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline.aggregate import aggregate_cycle
from generator.pipeline.export import person_records
from generator.pipeline.model import Cycle, CycleSettings, Democratic, Org, Organizational, Person
from generator.pipeline.validate import validate_portal

LEVELS = list(SETTINGS["scale"])
rating = st.one_of(st.sampled_from(LEVELS), st.integers(0, 100), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)))
four = st.fixed_dictionaries({d: rating for d in DIMS})


@st.composite
def cycles(draw):
    scale = {"scale": dict(SETTINGS["scale"])}
    count = draw(st.integers(1, 12))
    ids = [f"p{i:02d}" for i in range(count)]
    quota = draw(st.sampled_from([0, 0.1, 0.2, 0.29, 0.5, 1]))
    min_raters = draw(st.integers(1, 4))
    veto = draw(st.one_of(st.none(), st.builds(lambda s: {"level": "差", "share": s, "cap": "基本称职"}, st.sampled_from([0.1, 0.25, 0.3334, 0.5]))))
    cycle_settings = CycleSettings.model_validate({**SETTINGS, "excellent_quota": quota, "min_raters": min_raters, "veto": veto})
    people = {}
    for pid in ids:
        card = {"id": pid, "name": pid, "section": "s", "post": "科员", "show": {}}
        if draw(st.booleans()):
            card["self"] = {"scores": draw(four)}
        people[pid] = Person.model_validate(card, context=scale)
    ballots = [
        {pid: draw(four) for pid in ids if draw(st.integers(0, 9)) > 0}
        for _ in range(draw(st.integers(0, 5)))
    ]
    democratic = {"s": Democratic.model_validate({"section": "s", "ballots": ballots}, context=scale)}
    reviewed = {pid: draw(four) for pid in ids if draw(st.integers(0, 5)) > 0}
    organizational = {"s": Organizational.model_validate({"section": "s", "reviewer": "x", "people": reviewed}, context=scale)}
    org = Org.model_validate({"name": "u", "sections": [{"id": "s", "name": "s", "leader": "x"}]})
    return Cycle("2026", cycle_settings, org, people, democratic, organizational)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycles())
def test_invariants_of_ranks_grades_and_withholding(cycle):
    records = person_records(aggregate_cycle(cycle))
    complete = [r for r in records if r["status"] == "complete"]
    # ranks are a permutation of 1..N, for the composite and for every comparison
    assert sorted(r["rank"] for r in complete) == list(range(1, len(complete) + 1))
    for d in DIMS:
        assert sorted(r["compare_rank"][d] for r in complete) == list(range(1, len(complete) + 1))
    # the first grade never exceeds the quota
    first = cycle.settings.grades[0].name
    # floor(quota × N) on the quota as written (0.29 × 100 is 29, although 28.999… in floats)
    assert sum(r["grade"] == first for r in complete) <= math.floor(Fraction(repr(cycle.settings.excellent_quota)) * len(complete))
    for r in records:
        # composites stay within the scale's range
        if r["composite"] is not None:
            assert 0 <= r["composite"] <= 100
        # withheld figures are always null
        if r["raters"] < cycle.settings.min_raters:
            assert r["democratic"] is None and r["composite"] is None and r["grade"] is None
        if r["status"] == "incomplete":
            assert r["rank"] is None and r["composite"] is None
            assert set(r["compare"].values()) == {None} and set(r["compare_rank"].values()) == {None}
        else:
            assert r["missing"] == [] and r["grade"] is not None


MUTATION_SOURCE = (Path(__file__).resolve().parent.parent / "scorecards/2026/people/luofang.yaml").read_bytes()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(MUTATION_SOURCE)), st.integers(0, 8),
                          st.sampled_from([b"", b":", b"-", b" ", b"\t", b"\n", b"[", b"{", b"'", b"\xe5", b"&a", b"*a", b"!!", b"007", b"\xef\xbc\x9a"])),
                min_size=1, max_size=4))
def test_mangled_scorecards_never_crash_validation(tmp_path_factory, edits):
    """Whatever a hand edit does to a file, validation answers with problems that name it, never an exception."""
    data = MUTATION_SOURCE
    for position, removed, inserted in edits:
        data = data[:position] + inserted + data[position + removed:]
    root = tmp_path_factory.mktemp("mangled")
    shutil.copytree(Path(__file__).resolve().parent.parent / "scorecards", root / "scorecards")
    (root / "scorecards/2026/people/luofang.yaml").write_bytes(data)
    report = validate_portal(root)
    for problem in report.problems:
        assert problem.path.startswith("scorecards/")
        assert problem.message("zh") and problem.message("en")
