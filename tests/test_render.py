"""Rendering: escaping of submitted text, charts, and the docs naming every command."""

from __future__ import annotations

import re

from conftest import REPO, all_four, publish_to_everyone
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import cli
from generator.site import charts
from generator.site.markup import escape_text, escape_value

MARKUP = set("<>[]()`*_{}|#!&\\\"'")


@given(st.text())
def test_escaped_text_holds_no_markup_character(text):
    escaped = str(escape_text(text)).replace("<br>", "")
    assert not (set(escaped) & MARKUP - {"&", "#"})
    assert "javascript:" not in escaped and "on" + "error=" not in escaped.replace("&#61;", "")


def test_escaping_keeps_chinese_text_readable():
    assert escape_text("全年无公文差错，承诺已兑现") == "全年无公文差错，承诺已兑现"
    assert escape_value(None) == "" and escape_value(3.5) == 3.5


def test_chart_labels_are_escaped_and_charts_are_deterministic():
    bars = [charts.Bar("<script>alert(1)</script>", 90.0), charts.Bar("张三", None, "不公开")]
    first = charts.horizontal_bars(bars, "标题<b>")
    assert first == charts.horizontal_bars(bars, "标题<b>")
    assert "<script>" not in first and "&#60;script&#62;" in first and "&#60;b&#62;" in first
    assert 'data-search-exclude="true"' in first


def test_chart_labels_are_inert_for_markdown_too():
    """Image, link, attr_list and emphasis syntax in a label must not become HTML once the page is converted."""
    import markdown

    label = "林** ![x](javascript:alert(2)){: onerror=alert(3)} [l](http://x) 王**"
    chart = charts.horizontal_bars([charts.Bar(label, 90.0), charts.Bar("秘书*处", 80.0), charts.Bar("信息*处", 70.0)], label)
    html = markdown.markdown(f"text\n\n{chart}\n\nmore", extensions=["attr_list", "md_in_html", "tables"])
    for made in ("<img", "<a ", "<strong>", "<em>", "onerror="):
        assert made not in html
    assert html.startswith("<p>text</p>\n<div class=\"portal-chart-box\"")


def test_front_matter_titles_are_escaped_yaml_strings():
    import yaml

    from generator.site.markup import front_title

    title = front_title('</title><script>alert(1)</script> "a" \\ 林** \x07')
    value = yaml.safe_load(f"title: {title}")["title"]
    assert "<" not in value and '"' not in value and "&#60;/title&#62;" in value


def test_grouped_chart_marks_a_withheld_value_with_a_dash():
    chart = charts.grouped_bars(["比学习"], [("自我评议", "#000", [90.0]), ("民主评议", "#111", [None])], "t")
    assert "—" in chart and "90" in chart


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"portal {name}" in readme, name


def test_history_chart_keeps_its_first_value_clear_of_the_axis_labels():
    import re

    chart = charts.trend_line([("2025", 50.0), ("2026", 100.0)], "t")
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', chart)]
    assert min(xs) >= 40 + 30  # tick labels end at the axis (x=34); a value label is ~30 units wide, centred


def test_a_person_without_any_score_gets_a_sentence_not_an_empty_chart(builder):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.pipeline.validate import validate_portal
    from generator.site.render import history_by_person, render_cycle

    builder.cycle().org()
    builder.person("zhangsan", self_scores="好").person("lisi")
    report = validate_portal(builder.root)
    results = aggregate_portal(report.portal)
    pages = render_cycle(results["2026"], history_by_person(results, {"2026": "t"}))
    assert "<svg" not in pages["people/lisi.md"] and "暂无评议得分" in pages["people/lisi.md"]
    assert "<svg" in pages["people/zhangsan.md"]


def test_a_section_without_complete_members_says_why(builder):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.pipeline.validate import validate_portal
    from generator.site.render import history_by_person, render_cycle

    builder.cycle(status="open").org()
    builder.person("zhangsan", self_scores="好").person("lisi", section="xinxi", self_scores="好")
    builder.ballots("mishu", [{"zhangsan": {d: "好" for d in ("learning", "work", "contribution", "fulfilment")}}] * 3)
    builder.review("mishu", {"zhangsan": "好"}).review("xinxi", {"lisi": "好"})
    results = aggregate_portal(validate_portal(builder.root).portal)
    pages = render_cycle(results["2026"], history_by_person(results, {"2026": "t"}))
    assert "无评议完整的成员" in pages["sections/index.md"] and "本处室没有评议完整的成员" in pages["sections/xinxi.md"]
    assert "其中 1 人评议未完成" in pages["index.md"]


def portal_with_edit_url(minimal, edit_url):
    """The minimal portal with the repository's mkdocs.yml, plus `extra.portal.edit_url` when given."""
    import yaml

    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if edit_url is not None:
        text += "\n" + yaml.safe_dump({"extra": {"generator": False, "portal": {"edit_url": edit_url}}}, allow_unicode=True)
        text = text.replace("extra:\n  generator: false\n", "", 1)  # one `extra:` mapping
    (minimal.root / "mkdocs.yml").write_text(text, encoding="utf-8")
    (minimal.root / "content").mkdir(exist_ok=True)
    return minimal.root


def person_page_html(root, pid="zhangsan"):
    import markdown

    from generator.pipeline.aggregate import aggregate_portal
    from generator.pipeline.validate import validate_portal
    from generator.site.build import prepare_docs

    docs = prepare_docs(root, aggregate_portal(validate_portal(root).portal), "2026", "zh")
    return markdown.markdown((docs / "people" / f"{pid}.md").read_text(encoding="utf-8"), extensions=["attr_list", "md_in_html", "tables"])


def test_a_person_page_links_to_the_scorecard_in_the_git_hosts_web_editor(minimal):
    root = portal_with_edit_url(minimal, "https://git.example/org/portal/-/edit/main/")
    html = person_page_html(root)
    assert '<a href="https://git.example/org/portal/-/edit/main/scorecards/2026/people/zhangsan.yaml">在网页上直接编辑</a>' in html


def test_without_an_edit_url_there_is_no_edit_link(minimal):
    assert "在网页上直接编辑" not in person_page_html(portal_with_edit_url(minimal, None))


def test_the_edit_link_cannot_leave_its_link_or_carry_html(minimal):
    import markdown

    from generator.pipeline.aggregate import aggregate_portal
    from generator.pipeline.validate import validate_portal
    from generator.site.render import render_cycle

    publish_to_everyone(minimal.root)
    results = aggregate_portal(validate_portal(minimal.root).portal)
    hostile = 'https://git.example/a)<b onmouseover=x>[y](javascript:z)"/'
    page = render_cycle(results["2026"], {}, "zh", edit_base=hostile)["people/zhangsan.md"]
    html = markdown.markdown(page, extensions=["attr_list", "md_in_html", "tables"])
    link = [line for line in html.splitlines() if "在网页上直接编辑" in line]
    assert link == ['<p><a href="https://git.example/a%29%3Cb%20onmouseover=x%3E%5By%5D%28javascript:z%29%22/scorecards/2026/people/'
                    'zhangsan.yaml">在网页上直接编辑</a></p>']


def test_an_edit_url_that_is_not_an_address_is_refused_naming_the_file(minimal):
    import pytest

    from generator.problems import UsageError
    from generator.site.build import edit_base

    root = portal_with_edit_url(minimal, "javascript:alert(1)//")
    with pytest.raises(UsageError) as refused:
        edit_base(root)
    assert "mkdocs.yml" in refused.value.message("zh") and "extra.portal.edit_url" in refused.value.message("zh")


def test_gap_chart_labels_are_escaped_and_the_chart_is_deterministic():
    pairs = [charts.Pair("<script>alert(1)</script> ![x](javascript:y)", 95.0, 60.0, True), charts.Pair("张三", 70.0, 80.0)]
    first = charts.dumbbell(pairs, ("自评<b>", "民主"), ("#000", "#111"), "标题<i>")
    assert first == charts.dumbbell(pairs, ("自评<b>", "民主"), ("#000", "#111"), "标题<i>")
    assert "<script>" not in first and "&#60;script&#62;" in first and "&#60;b&#62;" in first and "&#60;i&#62;" in first
    assert "javascript:" not in first and ">&#43;35<" in first and ">&#45;10<" in first


def gap_section_pages(builder, everyone: bool):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.pipeline.validate import validate_portal
    from generator.site.audiences import access_for
    from generator.site.publish import publish_cycle
    from generator.site.render import history_by_person

    builder.cycle().org()
    builder.person("zhangsan", name="张三", self_scores="好").person("lisi", name="李四", self_scores="好")
    builder.person("wangwu", name="王五", self_scores="好", section="mishu")
    builder.ballots("mishu", [{"zhangsan": all_four("一般"), "lisi": all_four("好")}] * 3)
    builder.review("mishu", {"zhangsan": "好", "lisi": "好", "wangwu": "好"})
    if everyone:
        publish_to_everyone(builder.root)
    results = aggregate_portal(validate_portal(builder.root).portal)
    cycle = results["2026"]
    import datetime

    return publish_cycle(cycle, history_by_person(results, {"2026": "t"}), "zh", access_for(cycle.cycle, None), datetime.date(2026, 12, 1))


def test_a_section_page_shows_self_against_democratic_for_those_with_published_democratic_scores(builder):
    page = gap_section_pages(builder, everyone=True)["sections/mishu.md"]
    chart = page[page.index("## 自评与民主测评"):]
    chart = chart[chart.index("<svg"):chart.index("</svg>")]
    assert "张三" in chart and "李四" in chart
    assert "王五" not in chart  # no ballots: no democratic figure published (rule 3)
    assert chart.count('stroke="#d32f2f"') == 1  # only 张三 (self 好, others 一般) is flagged


def test_the_gap_chart_stays_out_of_the_public_view_of_restricted_results(builder):
    pages = gap_section_pages(builder, everyone=False)
    assert "自评与民主测评" not in pages["sections/mishu.md"]


def two_cycle_results(builder, everyone: bool):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.pipeline.validate import validate_portal

    for cycle, score in (("2025", 80), ("2026", 92)):
        builder.cycle(cycle, title=f"{cycle}年度").org(cycle=cycle)
        builder.person("zhangsan", self_scores="好", cycle=cycle).person("lisi", section="xinxi", self_scores="好", cycle=cycle)
        builder.ballots("mishu", [{"zhangsan": all_four("好")}] * 3, cycle=cycle)
        builder.review("mishu", {"zhangsan": "好"}, score=score, cycle=cycle).review("xinxi", {"lisi": "好"}, cycle=cycle)
    if everyone:
        publish_to_everyone(builder.root)
    report = validate_portal(builder.root)
    assert report.ok, [p.as_text("zh") for p in report.problems]
    return aggregate_portal(report.portal)


def test_a_section_page_shows_its_review_score_across_cycles(builder):
    from generator.site.render import history_by_person, history_by_section, render_cycle

    results = two_cycle_results(builder, everyone=True)
    titles = {"2025": "2025年度", "2026": "2026年度"}
    page = render_cycle(results["2026"], history_by_person(results, titles), "zh",
                        section_history=history_by_section(results, titles))["sections/mishu.md"]
    trend = page[page.index("## 历年情况"):page.index("## 人员")]
    assert "历年组织考评得分" in trend and "<svg" in trend
    assert ">80<" in trend and ">92<" in trend  # both cycles' points on the line
    assert "| 2025年度 | 80.00 |" in trend and "| 2026年度 | 92.00 |" in trend


def test_the_section_trend_stays_out_of_the_public_view_of_restricted_results(builder):
    import datetime

    from generator.site.audiences import access_for
    from generator.site.publish import publish_cycle
    from generator.site.render import history_by_person, history_by_section

    results = two_cycle_results(builder, everyone=False)
    titles = {"2025": "2025年度", "2026": "2026年度"}
    cycle = results["2026"]
    pages = publish_cycle(cycle, history_by_person(results, titles), "zh", access_for(cycle.cycle, None), datetime.date(2026, 12, 1),
                          section_history=history_by_section(results, titles))
    assert "历年组织考评得分" not in pages["sections/mishu.md"] and "历年情况" not in pages["sections/mishu.md"]


def test_english_pages_use_english_punctuation_between_their_words(minimal):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.pipeline.validate import validate_portal
    from generator.site.render import render_cycle

    publish_to_everyone(minimal.root)
    results = aggregate_portal(validate_portal(minimal.root).portal)
    english, chinese = render_cycle(results["2026"], {}, "en"), render_cycle(results["2026"], {}, "zh")
    header = next(line for line in english["people/zhangsan.md"].splitlines() if line.startswith("Post"))
    assert header.startswith("Post: ") and " · section: [" in header
    for page in ("people/zhangsan.md", "sections/mishu.md", "index.md"):
        generated = english[page].split("\n## ", 1)[0]  # the page's own words (names and posts are data)
        assert not set("：　（）") & set(generated), (page, generated)
    assert "职务：" in chinese["people/zhangsan.md"] and "　处室：[" in chinese["people/zhangsan.md"]


def test_an_english_build_sets_the_theme_language_and_html_lang(minimal, run):
    import shutil

    shutil.copy2(REPO / "mkdocs.yml", minimal.root / "mkdocs.yml")
    (minimal.root / "content").mkdir()
    code, out, err = run("--lang", "en", "build", "--root", str(minimal.root))
    assert code == 0, err
    page = (minimal.root / "site/2026/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page
    assert '<html lang="en"' in (minimal.root / "site/index.html").read_text(encoding="utf-8")


def test_the_english_theme_keeps_the_rest_of_the_portals_theme(tmp_path):
    import shutil

    from generator.site.build import theme_override

    shutil.copy2(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    theme = theme_override(tmp_path, "en")["theme"]
    assert theme["name"] == "material" and theme["language"] == "en" and theme["font"] is False
    assert theme_override(tmp_path, "zh") == {}


def test_bars_grouped_bars_and_the_gap_chart_are_drawn_within_a_phone_width():
    """A chart keeps its drawn size (labels stay 11-13 px), so it must be drawn within a 390 px phone's column:
    what lies beyond the box's edge is never seen (the person's third and fourth groups, the gap chart's dots)."""
    drawn = [
        charts.grouped_bars(["比学习", "比工作", "比奉献", "践诺"], [(s, "#000", [100.0, 95.71, 85.0, 100.0]) for s in ("自我评议", "民主评议", "组织考评")], "t"),
        charts.dumbbell([charts.Pair("黄建华", 76.0, 72.14), charts.Pair("罗芳", 100.0, 50.0, True)], ("自我评议", "民主评议"), ("#000", "#111"), "t"),
        charts.horizontal_bars([charts.Bar("秘书处", 100.0, "7/7（100%）"), charts.Bar("督查处", 95.5)], "t", 100, (90.0, "优秀")),
    ]
    for chart in drawn:
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', chart).group(1))
        assert width <= charts.PHONE_WIDTH <= 390 - 2 * 16
        ends = [float(x) + float(w) for x, w in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart)]
        dots = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', chart)]
        assert max(ends + dots) <= width
