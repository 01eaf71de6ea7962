"""The bundled sample portal and the committed schemas stay valid and current."""

from __future__ import annotations

import json

from conftest import REPO

from generator.pipeline.schema import schema_for
from generator.pipeline.validate import validate_portal


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
    settings = validate_portal(REPO).portal.cycles["2026"].settings
    for kind in ("cycle", "org", "person", "democratic", "organizational", "objection"):
        committed = json.loads((REPO / "scorecards" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema_for(kind), f"run `portal schema` to refresh scorecards/schemas/{kind}.schema.json"
        own = json.loads((REPO / "scorecards/2026/.schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert own == schema_for(kind, "zh", settings), f"run `portal schema` to refresh scorecards/2026/.schemas/{kind}.schema.json"


def test_an_open_cycle_s_schemas_know_its_levels_and_the_others_any():
    rating = schema_for("person", "zh", validate_portal(REPO).portal.cycles["2026"].settings)["$defs"]["Ratings"]["properties"]["work"]
    assert rating["anyOf"][0]["enum"] == ["好", "较好", "一般", "差"]
    generic = schema_for("person")["$defs"]["Ratings"]["properties"]["work"]
    assert [option["type"] for option in generic["anyOf"]] == ["string", "number"]


def schema_texts(node, path=""):
    """(path, title or description) of every title and description in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description") and isinstance(value, str):
                yield f"{path}/{key}", value
            else:
                yield from schema_texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from schema_texts(item, path)


def test_every_schema_title_and_description_is_chinese():
    import re

    for kind in ("cycle", "org", "person", "democratic", "organizational", "objection"):
        for where, text in schema_texts(schema_for(kind)):
            assert re.search(r"[\u4e00-\u9fff]", text), f"{kind}{where}: {text!r} (add schema.title/schema.help to the catalog)"


def test_closed_sets_are_offered_as_enums():
    show = schema_for("person")["$defs"]["Show"]["properties"]
    commitment = next(o for o in show["commitments"]["items"]["anyOf"] if o.get("type") == "object")
    assert commitment["properties"]["result"]["enum"] == ["kept", "partly", "missed"]
    assert schema_for("cycle")["properties"]["status"]["enum"] == ["open", "closed"]
    goal = next(o for o in show["goals"]["items"]["anyOf"] if o.get("type") == "object")
    assert goal["properties"]["target"]["maximum"] == 1_000_000_000 and goal["properties"]["text"]["maxLength"] == 500


def test_every_modeline_in_the_sample_points_at_a_schema_that_exists():
    for path in (REPO / "scorecards").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path.relative_to(REPO)} -> {first}"
