"""公示 and objections (contract v1.1): the settings, objection files, and when a cycle may close."""

from __future__ import annotations

import pytest

from generator.validate import validate_portal

PUBLICITY = {"start": "2026-12-20", "end": "2026-12-26", "contact": "机关党委办公室 电话 6123 4567"}


def problems(builder, severity: str = "error"):
    return [p for p in validate_portal(builder.root).problems if p.severity == severity]


def objection(builder, name: str, **fields) -> None:
    data = {"received": "2026-12-22", "about": "zhangsan", "summary": "对该同志“优秀”等次有异议", "status": "open"}
    data.update(fields)
    builder.write(f"objections/{name}.yaml", {k: v for k, v in data.items() if v is not None})


def test_publish_and_publicity_are_optional_and_default_to_restricted_results(minimal):
    cycle = validate_portal(minimal.root).portal.cycles["2026"]
    assert cycle.settings.publish.results == "restricted"
    assert cycle.settings.publish.honour_board == 5
    assert cycle.settings.publicity is None and cycle.objections == {}


def test_publish_everyone_and_a_publicity_period_are_read(minimal):
    minimal.cycle(publish={"results": "everyone", "honour_board": 0}, publicity=PUBLICITY)
    settings = validate_portal(minimal.root).portal.cycles["2026"].settings
    assert settings.publish.results == "everyone" and settings.publish.honour_board == 0
    assert str(settings.publicity.end) == "2026-12-26" and settings.publicity.contact.startswith("机关党委")


def test_publish_results_is_one_of_two_words(minimal):
    minimal.cycle(publish={"results": "public"})
    [problem] = problems(minimal)
    assert problem.path.endswith("cycle.yaml") and problem.line is not None


def test_objection_files_are_read_and_are_not_unexpected(minimal):
    objection(minimal, "1")
    objection(minimal, "2", status="dismissed", resolution="经核实，不影响评定结果", about=None)
    report = validate_portal(minimal.root)
    assert report.ok and report.problems == [], [p.as_text("en") for p in report.problems]
    assert list(report.portal.cycles["2026"].objections) == ["1", "2"]
    assert report.portal.cycles["2026"].objections["2"].about is None


def test_a_decided_objection_needs_a_resolution_at_the_status_line(minimal):
    objection(minimal, "1", status="upheld")
    [problem] = problems(minimal)
    assert problem.key == "objection.no_resolution" and problem.path.endswith("objections/1.yaml")
    assert problem.line == 4  # received, about, summary, status
    assert "resolution" in problem.message("zh")


def test_objection_about_must_name_a_person_or_a_section(minimal):
    objection(minimal, "1", about="nobody")
    objection(minimal, "2", about="mishu")
    [problem] = problems(minimal)
    assert problem.key == "objection.about_unknown" and problem.path.endswith("1.yaml") and problem.line == 2


def test_objection_status_is_one_of_three(minimal):
    objection(minimal, "1", status="closed")
    [problem] = problems(minimal)
    assert problem.path.endswith("1.yaml") and problem.line == 4


def test_a_cycle_cannot_close_with_an_open_objection(minimal, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2027-01-10")
    minimal.cycle(status="closed", publicity=PUBLICITY)
    objection(minimal, "1")
    [problem] = problems(minimal)
    assert problem.key == "objection.open_in_closed" and problem.line == 4


@pytest.mark.parametrize(("today", "refused"), [("2026-12-22", True), ("2026-12-26", True), ("2026-12-27", False)])
def test_a_cycle_cannot_close_until_its_publicity_is_over(minimal, monkeypatch, today, refused):
    monkeypatch.setenv("PORTAL_TODAY", today)
    minimal.cycle(status="closed", publicity=PUBLICITY)
    found = problems(minimal)
    assert [p.key for p in found] == (["publicity.closed_early"] if refused else [])
    if refused:
        assert found[0].path.endswith("cycle.yaml") and found[0].line is not None
        assert "2026-12-26" in found[0].message("zh") and today in found[0].message("zh")


def test_publicity_must_end_after_it_starts(minimal):
    minimal.cycle(publicity={**PUBLICITY, "end": "2026-12-01"})
    assert [p.key for p in problems(minimal)] == ["publicity.order"]


def test_today_is_the_real_date_unless_overridden(monkeypatch):
    import datetime

    from generator.clock import today

    monkeypatch.delenv("PORTAL_TODAY", raising=False)
    assert today() == datetime.date.today()
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-24")
    assert today() == datetime.date(2026, 12, 24)
