"""`--lang en` pages read as English (issue 19): sentences of the catalog apart, plurals by their number, a space
before a goal's unit, and the search box's placeholder from the catalog."""

from __future__ import annotations

import html
import re

from conftest import publish_to_everyone

from generator.catalog import translate


def page_texts(site) -> dict[str, str]:
    """The visible text of every generated page of 2026 (the hand-written guide stays Chinese by decision)."""
    found = {}
    for page in sorted((site / "2026").rglob("*.html")):
        relative = page.relative_to(site / "2026").as_posix()
        if not relative.startswith(("guide/", "pagefind/")):
            text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", page.read_text(encoding="utf-8"), flags=re.S)
            found[relative] = " ".join(html.unescape(text).split())
    return found


def test_english_pages_have_plurals_units_and_spaces_where_english_puts_them(sample_copy, run):
    publish_to_everyone(sample_copy)
    code, _, err = run("build", "--root", str(sample_copy), "--lang", "en")
    assert code == 0, err
    texts = page_texts(sample_copy / "site")
    everything = " ".join(texts.values())
    assert "as they arrive. 15 people are incomplete" in everything  # was "arrive.15 people"
    assert "1 objection: 0 open" in everything  # was "1 objections"
    assert "its 1 place is taken" in everything
    for page, text in texts.items():
        assert not re.search(r"[a-z]\.\d", text), page  # two catalog sentences run together
        assert not re.search(r"\b1 (people|objections|places|codes|scorecards|ballots)\b", text), page
        assert not re.search(r"(target|achieved) [\d.]+[\u4e00-\u9fff]", text), page  # 87条 -> 87 条
    search = (sample_copy / "site" / "2026" / "assets" / "portal" / "search.js").read_text(encoding="utf-8")
    assert translate("search.placeholder", "en") in search and not re.search(r"[\u4e00-\u9fff]", search)


def test_plural_forms_follow_their_number_in_english_and_never_show_in_chinese():
    assert translate("page.show.people", "en", count=1) == "1 person"
    assert translate("page.show.people", "en", count=2) == "2 people"
    assert translate("page.show.people", "zh", count=1) == "1 人"
    assert translate("page.home.ungraded", "en", count=1) == "1 person is incomplete and has no grade (see Results)."
