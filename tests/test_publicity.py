"""公示 and objections (contract v1.1): the settings, objection files, and when a cycle may close."""

from __future__ import annotations

from html import unescape

import pytest

from generator.pipeline.validate import validate_portal

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


# -- on the site ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_during_publicity(tmp_path_factory):
    """The sample portal (publicity 2026-12-20..26, one dismissed objection) built on 2026-12-22, without a secret."""
    import shutil

    from conftest import REPO

    from generator.cli import main

    root = tmp_path_factory.mktemp("publicity") / "portal"
    root.mkdir()
    for name in ("scorecards", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    mp = pytest.MonkeyPatch()
    mp.setenv("PORTAL_TODAY", "2026-12-22")
    mp.delenv("PORTAL_SECRET", raising=False)
    try:
        assert main(["build", "--root", str(root), "--cycle", "2026"]) == 0
        report = validate_portal(root)
    finally:
        mp.undo()
    return root, report.portal


def test_every_page_shows_the_publicity_period_and_contact(site_during_publicity):
    root, _ = site_during_publicity
    pages = sorted((root / "site/2026").rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        if page.name == "404.html":
            continue
        html = unescape(page.read_text(encoding="utf-8"))
        assert "2026-12-20 至 2026-12-26" in html and "机关党委办公室 电话 6123 4567" in html, page


def test_during_the_publicity_pages_keep_their_titles_not_their_file_names(site_during_publicity):
    """The banner goes under the heading: above it, the engine took no title from the page and fell back to the
    file name (browser tabs `Luofang`, the header `Mishu`, the guide's menu `Index/Access/Rules/…`)."""
    import re

    root, _ = site_during_publicity
    site = root / "site/2026"
    for path, title in (("people/luofang/index.html", "罗芳"), ("sections/mishu/index.html", "秘书处"),
                        ("guide/access/index.html", "查看范围与个人查询码")):
        html = unescape((site / path).read_text(encoding="utf-8"))
        assert re.search(r"<title>([^<]*)</title>", html)[1].startswith(title + " - "), path
        assert "2026-12-20 至 2026-12-26" in html  # the banner is still there
    home = unescape((site / "index.html").read_text(encoding="utf-8"))
    menu = re.findall(r'<a href="guide/[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', home)
    assert menu and not {"Index", "Access", "Rules", "Submit", "Trust"} & set(menu), menu
    for page in sorted(site.rglob("index.html")):
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
        title = re.search(r"<title>([^<]*)</title>", page.read_text(encoding="utf-8"))[1]
        if heading and page.parent != site:
            text = unescape(re.sub(r"<[^>]+>", "", heading[1])).replace("¶", "").strip()
            assert unescape(title).startswith(text), (page, title, text)


def test_the_home_page_lists_the_proposed_first_grade_and_the_objection_counts(site_during_publicity):
    from generator.pipeline.aggregate import aggregate_cycle
    from generator.site.audiences import proposed_first_grade

    root, portal = site_during_publicity
    home = unescape((root / "site/2026/index.html").read_text(encoding="utf-8"))
    proposed = proposed_first_grade(aggregate_cycle(portal.cycles["2026"]))
    assert proposed and "拟评为“优秀”等次人员名单" in home
    for _pid, name in proposed:
        assert name in home
    assert "共收到异议 1 件：待处理 0 件，异议成立 0 件，异议不成立 1 件" in home


def test_objections_in_full_are_not_public(site_during_publicity):
    root, _ = site_during_publicity
    for page in (root / "site").rglob("*"):
        if page.is_file():
            text = page.read_bytes().decode("utf-8", "replace")
            assert "相关承诺均有台账佐证" not in text and "请求核实" not in text, page


def test_an_open_cycle_marks_every_page_with_a_figure_provisional(site_during_publicity):
    root, _ = site_during_publicity
    for path in ("index.html", "results/index.html", "sections/index.html", "sections/mishu/index.html",
                 "people/luofang/index.html", "compare/index.html"):
        assert "均为暂定" in (root / "site/2026" / path).read_text(encoding="utf-8"), path
    assert "均为暂定" not in (root / "site/2026/method/index.html").read_text(encoding="utf-8")


def test_before_the_publicity_there_is_no_banner_and_no_list(minimal):
    import datetime

    from generator.pipeline.aggregate import aggregate_cycle
    from generator.site.audiences import access_for
    from generator.site.publish import publish_cycle

    minimal.cycle(publicity=PUBLICITY)
    cycle = validate_portal(minimal.root).portal.cycles["2026"]
    pages = publish_cycle(aggregate_cycle(cycle), {}, "zh", access_for(cycle, None), datetime.date(2026, 12, 1))
    assert "6123 4567" not in pages["index.md"] and "拟评为" not in pages["index.md"]
    assert "共收到异议 0 件" in pages["index.md"]


def test_the_public_sections_table_has_a_row_per_section_and_its_note_below_it():
    """Each section's row on a line of its own (the inner loop's end swallowed the newline, so every row
    after the first joined the first one's line, and the note on fewer complete members fell into a cell)."""
    import datetime
    import re

    import markdown
    from conftest import REPO

    from generator.pipeline.aggregate import aggregate_cycle
    from generator.site.audiences import access_for
    from generator.site.publish import publish_cycle

    cycle = validate_portal(REPO).portal.cycles["2026"]
    pages = publish_cycle(aggregate_cycle(cycle), {}, "zh", access_for(cycle, None), datetime.date(2026, 12, 22))
    for page in ("index.md", "sections/index.md"):
        html = markdown.markdown(pages[page], extensions=["tables", "admonition", "attr_list", "md_in_html"])
        table = next(t for t in re.findall(r"<table>.*?</table>", html, re.S) if "秘书处" in t and "分管领导" in t)  # not the check-ins
        rows = re.findall(r"<tr>.*?</tr>", table, re.S)[1:]
        assert [re.search(r">([^<>]+)</a>", row)[1] for row in rows] == [s.name for s in cycle.org.sections], page
        assert all(len(re.findall(r"<td", row)) == 9 for row in rows), page
        note = html.split(table, 1)[1]
        assert "完整参评人数" in note.split("</p>", 1)[0] and "完整参评人数" not in table, page
