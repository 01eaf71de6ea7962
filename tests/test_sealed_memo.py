"""Sealed blocks kept between builds: an unchanged block is not converted and sealed again, the site stays
byte-identical to a --force build, the kept file holds only what the site publishes, and an entry made without
the secret is never used."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from conftest import OTHER_SECRET, REPO, TEST_SECRET
from test_audiences import leaked, public_figures, restricted_strings
from test_build import copy_portal, site_digest
from test_cache import edit_open_scorecard

from generator.cli import main
from generator.site import sealed_pages

SECRET = TEST_SECRET


@pytest.fixture
def sealed_portal(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET", SECRET)
    return copy_portal(tmp_path / "portal")


def build(root, *extra):
    assert main(["build", "--root", str(root), *extra]) == 0


def conversions(monkeypatch) -> list[str]:
    """The restricted blocks converted from Markdown in the builds that follow (by their text)."""
    converted = []
    original = sealed_pages.html_of
    monkeypatch.setattr(sealed_pages, "html_of", lambda text: converted.append(text) or original(text))
    return converted


def edit_leaders_comment(root) -> None:
    """A restricted text: the leader's comment on 罗芳 (luofang) in the 秘书处 review."""
    review = root / "scorecards/2026/organizational/mishu.yaml"
    text = review.read_text(encoding="utf-8")  # read, never written here: the repository holds no restricted text in clear
    comment = yaml.safe_load(text)["people"]["luofang"]["comment"]
    review.write_text(text.replace(f"comment: {comment}", f"comment: {comment}，文稿出色"), encoding="utf-8")


def test_a_rebuild_after_one_edit_converts_only_the_blocks_that_changed(sealed_portal, monkeypatch):
    build(sealed_portal)
    converted = conversions(monkeypatch)
    build(sealed_portal, "--force")
    every_block = len(converted)
    converted.clear()
    edit_leaders_comment(sealed_portal)
    build(sealed_portal)
    assert 0 < len(converted) < every_block / 4
    assert all("文稿出色" in text for text in converted)  # her page, her section's, the organisers' tables


def test_the_memo_leaves_the_site_identical_to_a_forced_build(sealed_portal):
    build(sealed_portal)
    edit_open_scorecard(sealed_portal)
    edit_leaders_comment(sealed_portal)
    build(sealed_portal)
    cached = site_digest(sealed_portal / "site")
    build(sealed_portal, "--force")
    assert site_digest(sealed_portal / "site") == cached


def test_the_kept_blocks_hold_no_restricted_text(sealed_portal):
    build(sealed_portal)
    everything = "\n".join(path.read_text(encoding="utf-8") for path in (sealed_portal / ".portal/sealed").glob("*.json"))
    assert "portal-sealed" in everything
    public = public_figures([], {str(p): p.read_text(encoding="utf-8") for p in (sealed_portal / "site").rglob("*.html")})
    for pid, secrets in restricted_strings(sealed_portal, "2026").items():
        for secret in secrets:
            assert secret in public or not leaked(secret, everything), (pid, secret)


PLANTED = "\n<div class=\"portal-sealed\"><script>alert('planted')</script></div>\n\n"


def test_an_entry_altered_without_the_secret_is_never_used(sealed_portal):
    """The lookup keys are in the file: someone who can write it but lacks the secret can put anything under them,
    and cannot make the tag that goes with it."""
    build(sealed_portal)
    memo = sealed_portal / ".portal/sealed/2026.json"
    entries = json.loads(memo.read_text(encoding="utf-8"))
    memo.write_text(json.dumps({key: [tag, PLANTED] for key, (tag, _) in entries.items()}), encoding="utf-8")
    edit_leaders_comment(sealed_portal)
    build(sealed_portal)
    assert not any("planted" in path.read_text(encoding="utf-8") for path in (sealed_portal / "site").rglob("*.html"))
    cached = site_digest(sealed_portal / "site")
    build(sealed_portal, "--force")
    assert site_digest(sealed_portal / "site") == cached


def test_another_secret_finds_nothing_kept(sealed_portal, monkeypatch):
    build(sealed_portal)
    monkeypatch.setenv("PORTAL_SECRET", OTHER_SECRET)
    converted = conversions(monkeypatch)
    build(sealed_portal)
    monkeypatch.setattr(sealed_pages, "html_of", sealed_pages.html_of)
    every_block = len(converted)
    converted.clear()
    build(sealed_portal, "--force")
    assert every_block == len(converted) > 0


def test_charts_held_out_of_the_conversion_give_the_very_html_of_a_plain_conversion(minimal, monkeypatch, run):
    """html_of keeps each chart's or heatmap's raw-HTML line out of Python-Markdown and skips the inline patterns on
    text none of them can match (together about half the time): every block a sealed build converts must come out
    byte for byte as the site's plain Markdown would make it."""
    import markdown

    plain = markdown.Markdown(extensions=sealed_pages.EXTENSIONS)
    seen = []
    original = sealed_pages.html_of

    def checked(text: str) -> str:
        html = original(text)
        assert html == plain.reset().convert(text)
        seen.append(text)
        return html

    monkeypatch.setattr(sealed_pages, "html_of", checked)
    monkeypatch.setenv("PORTAL_SECRET", TEST_SECRET)
    shutil.copy2(REPO / "mkdocs.yml", minimal.root / "mkdocs.yml")
    (minimal.root / "content").mkdir()
    code, out, err = run("build", "--root", str(minimal.root))
    assert code == 0, err
    assert any('<div class="portal-chart-box"' in text for text in seen) and any('class="portal-heatmap"' in text for text in seen)
    edge = ('<div class="portal-chart-box" data-x="1"><svg></svg></div>\n\ntext\n<div class="portal-chart-box" a><svg/></div>\n\n'
            '<div markdown>\n\n<div class="portal-heatmap" b><table></table></div>\n\n</div>\n\n'
            '<div class="portal-heatmap" c><table></table></div>')
    assert original(edge) == plain.reset().convert(edge)
    inline = ("| a | b |\n| --- | ---: |\n| 85.00 | **x** |\n| &#60;y&#62; | `c` |\n| [l](p.md) | a_b_ |\n\n"
              "line  \nbreak <span>h</span> &amp; \\* ![i](x.png) <http://a.b> <a@b.c> 2*3*4\n")
    assert original(inline) == plain.reset().convert(inline)
