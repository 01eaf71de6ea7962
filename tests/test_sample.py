"""The bundled sample portal and the committed schemas stay valid and current."""

from __future__ import annotations

import json

from conftest import REPO

from generator.schema import schema_for
from generator.validate import validate_portal


def test_the_bundled_sample_is_valid():
    report = validate_portal(REPO)
    assert report.ok, [p.as_text("en") for p in report.problems]
    assert len(report.portal.cycles) == 2
    statuses = [c.settings.status for c in report.portal.cycles.values()]
    assert statuses == ["closed", "open"]


def test_the_sample_has_the_gaps_of_a_real_cycle():
    cycle = validate_portal(REPO).portal.latest()
    assert any(p.self_assessment is None for p in cycle.people.values())
    assert any(d.tallies for d in cycle.democratic.values()) and any(d.ballots for d in cycle.democratic.values())
    assert set(cycle.section_ids()) - set(cycle.organizational)  # a review not yet written


def test_committed_schemas_are_current():
    for kind in ("cycle", "org", "person", "democratic", "organizational"):
        committed = json.loads((REPO / "scorecards" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema_for(kind), f"run `portal schema` to refresh scorecards/schemas/{kind}.schema.json"
