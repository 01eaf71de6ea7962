"""Figures that move with one person (contract v1.2) are public only from the 公示.

The differencing attack, replayed on the built site: the sample portal's public view is built
before and after one late self-assessment, with two different self-assessments of the same person
(same participation, other scores) and with one person's ballot tally changed, and every file of the
cycle's site is compared as bytes (nothing is decrypted: the public view is built without a secret).
Before `publicity.start` only that person's own page and participation may differ; from
`publicity.start` the figures are there and move.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from conftest import REPO, open_restricted_files

from generator.cli import main

LATE = "linmin"  # mishu: reviewed and rated on 7 ballots, no self-assessment yet; complete once it arrives
SECTION = "mishu"
BEFORE, DURING = "2026-12-01", "2026-12-22"  # the sample's 公示 runs 2026-12-20..26
GOOD = "self:\n  scores: {learning: 好, work: 好, contribution: 好, fulfilment: 好}\n  summary: 全年认真履职。\n"
POOR = "self:\n  scores: {learning: 差, work: 一般, contribution: 差, fulfilment: 一般}\n  summary: 全年认真履职。\n"
TALLY = ("    fulfilment: {好: 3, 较好: 1}", "    fulfilment: {差: 3, 一般: 1}")  # gaochao (ducha): same n, other levels


def portal(tmp_path: Path, name: str, self_block: str = "", tally: bool = False) -> Path:
    root = tmp_path / name
    root.mkdir()
    for folder in ("scorecards", "content"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    open_restricted_files(root)  # a tally is changed as text below
    if self_block:
        card = root / f"scorecards/2026/people/{LATE}.yaml"
        card.write_text(card.read_text(encoding="utf-8") + self_block, encoding="utf-8")
    if tally:
        ballots = root / "scorecards/2026/democratic/ducha.yaml"
        text = ballots.read_text(encoding="utf-8")
        assert TALLY[0] in text
        ballots.write_text(text.replace(TALLY[0], TALLY[1]), encoding="utf-8")
    return root


def public_site(root: Path, today: str, monkeypatch) -> dict[str, bytes]:
    """Every file of the 2026 version of the site built on `today` without a secret (the public view)."""
    monkeypatch.setenv("PORTAL_TODAY", today)
    monkeypatch.delenv("PORTAL_SECRET", raising=False)
    assert main(["build", "--root", str(root), "--cycle", "2026"]) == 0
    site = root / "site/2026"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> set[str]:
    """The files that are not byte for byte the same (or exist in one site only), search index aside."""
    return {path for path in a.keys() | b.keys() if a.get(path) != b.get(path) and not path.startswith("pagefind/")}


def searched_text(site: dict[str, bytes]) -> dict[str, bytes]:
    """The search index: which page fragments it holds (a fragment's name is the hash of its content)."""
    return {path: data for path, data in site.items() if path.startswith("pagefind/fragment/")}


def text_of(site: dict[str, bytes], path: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", site[path].decode("utf-8")))


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The public view of five portals × the two dates that matter."""
    tmp = tmp_path_factory.mktemp("figures")
    mp = pytest.MonkeyPatch()
    roots = {"base": portal(tmp, "base"), "good": portal(tmp, "good", GOOD), "poor": portal(tmp, "poor", POOR),
             "tally": portal(tmp, "tally", tally=True)}
    try:
        return {(name, day): public_site(root, day, mp) for name, root in roots.items() for day in (BEFORE, DURING)}
    finally:
        mp.undo()


def test_before_the_publicity_other_scores_of_the_same_person_change_nothing_but_their_own_page(sites):
    good, poor = sites["good", BEFORE], sites["poor", BEFORE]
    assert differing(good, poor) <= {f"people/{LATE}/index.html"}
    # the search index holds the same fragments except, at most, that person's page
    assert len(set(searched_text(good)) ^ set(searched_text(poor))) <= 2


def test_before_the_publicity_a_changed_tally_changes_no_public_file(sites):
    assert differing(sites["base", BEFORE], sites["tally", BEFORE]) == set()
    assert searched_text(sites["base", BEFORE]) == searched_text(sites["tally", BEFORE])


def without_the_notice(text: str) -> str:
    """A page's text without the notice that says when the figures will be public (it names them)."""
    assert "自公示开始（2026-12-20）起公布" in text
    return re.sub(r"各等次人数、评议完整人数.*?只公布参与情况。", "", text, flags=re.S)


def test_before_the_publicity_a_late_self_assessment_changes_only_its_page_and_participation(sites):
    base, late = sites["base", BEFORE], sites["good", BEFORE]
    changed = differing(base, late)
    assert changed <= {f"people/{LATE}/index.html", "index.html", "sections/index.html", f"sections/{SECTION}/index.html"}
    submitted = [int(re.search(r"已提交自评 (\d+) 人", text_of(site, "index.html"))[1]) for site in (base, late)]
    assert submitted[1] == submitted[0] + 1  # participation is public, and moves
    for page in ("index.html", "sections/index.html", f"sections/{SECTION}/index.html"):
        # what differs is participation only: no figure is on the page at all
        for site in (base, late):
            text = without_the_notice(text_of(site, page))
            for word in ("评议完整", "平均", "光荣榜", "名额", "优秀"):
                assert word not in text, (page, word)


def test_before_the_publicity_no_page_shows_a_grade_count_a_mean_or_the_honour_board(sites):
    site = sites["base", BEFORE]
    home = site["index.html"].decode("utf-8")
    assert "<svg" not in home.split("等次分布", 1)[1].split("<h2", 1)[0]  # no grade chart
    for page in ("index.html", "compare/index.html", "sections/index.html", "sections/ducha/index.html"):
        text = without_the_notice(text_of(site, page))
        for word in ("评议完整", "平均", "光荣榜", "名额", "各项比较前"):
            assert word not in text, (page, word)


def test_public_lists_of_sections_follow_org_yaml_never_the_restricted_section_ranking(sites):
    order = ["秘书处", "信息处", "综合处", "督查处"]  # org.yaml; by rank they are 秘书处, 督查处, 综合处, 信息处
    for day in (BEFORE, DURING):
        home = sites["base", day]["index.html"].decode("utf-8")
        chart = home.split('aria-label="参与情况"', 1)[1].split("</svg>", 1)[0]
        assert re.findall(r'text-anchor="end" fill="[^"]*">([^<]+)</text>', chart) == order, day


def test_from_the_publicity_the_figures_are_public_and_move(sites):
    site = sites["base", DURING]
    home = text_of(site, "index.html")
    assert "名额" in home and "评议完整" in home and "各项比较前" in home
    assert "公布" not in home.split("等次分布", 1)[1].split("处室", 1)[0]
    # the same late self-assessment now moves public figures (it is the 公示: the results are final)
    changed = differing(sites["good", DURING], sites["poor", DURING])
    assert changed - {f"people/{LATE}/index.html"}, changed


@pytest.mark.parametrize(("status", "publicity", "public"), [
    ("open", None, False), ("closed", None, True), ("open", "2026-12-20", False), ("open", "2026-12-01", True),
])
def test_the_one_rule_every_view_reads(status, publicity, public):
    import datetime

    from conftest import SETTINGS

    from generator.pipeline.model import CycleSettings
    from generator.site.audiences import figures_are_public

    data = {**SETTINGS, "status": status}
    if publicity:
        data["publicity"] = {"start": publicity, "end": "2026-12-26", "contact": "x"}
    settings = CycleSettings.model_validate(data)
    assert figures_are_public(settings, datetime.date(2026, 12, 1)) is public
    everyone = CycleSettings.model_validate({**data, "publish": {"results": "everyone"}})
    assert figures_are_public(everyone, datetime.date(2026, 12, 1))  # everything is public there anyway
