"""A portal whose every text field holds Markdown and HTML that must stay text.

`make_hostile(root)` rewrites the scorecards of a portal root (a copy of the
sample): every free text of every file kind gets one of the payloads below,
scale levels and grade names are renamed to payloads everywhere they are
used (ratings, tallies, veto level and cap), and a person and a section get
ids with the characters ids allow besides letters (`_`, `-`).  What an
attacker with ordinary staff rights could write, and innocent text that
looks like Markdown (masked names such as 林**).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.pipeline.model import MAX_ITEM, MAX_NAME, MAX_TITLE, MAX_UNIT

PAYLOADS = (  # longest first; a field gets the next one that fits its length limit
    "<img src=x onerror=alert(1)>![x](javascript:alert(2)){: onerror=alert(3)} **b** _i_ [l](http://x) "
    "<script>alert(4)</script> &amp; {{ x }} ${x}",
    "林** 王** *a* __u__ ~~s~~ `c` | p | <!-- c --> </title></svg></textarea>\"'><b onmouseover=alert(5)>x</b>",
    "<a href=\"javascript:alert(6)\">a</a><iframe src=javascript:alert(7)></iframe>{: onclick=alert(8) } "
    "<svg onload=alert(9)> [r]: javascript:alert(10) &lt;i&gt; &#60;u&#62; %3Cs%3E \\* \\",
    "![x](javascript:alert(2)){:onerror=alert(3)}",
    "<a href=\"javascript:alert(6)\">a</a>{{ x }}",
    "林** <script>alert(4)</script>[l](http://x)",
    "</title></svg><b onmouseover=alert(5)>x",
    "<img src=x onerror=alert(1)>**b**_i_",
    "<b onclick=alert()>",
    "{: onclick=alert()}",
    "![x](javascript:1)",
    "林**[l](http://x)**",
)
MULTILINE = "# h {: onclick=alert(11)}\n- item <img src=x onerror=alert(12)>\n> quote\n[x]: javascript:alert(13)\n```\ncode\n```"
PERSON = ("luofang", "luo_fang-x_")
SECTION = ("mishu", "mi_shu-")


class Payloads:
    """Hands out the payloads in turn, each tagged so that a test can find every field's text."""

    def __init__(self) -> None:
        self.count = 0
        self.given: list[str] = []

    def __call__(self, original: Any = "", limit: int = MAX_ITEM) -> str:
        fitting = [p for p in PAYLOADS if len(p) <= limit - len(str(original))]
        payload = fitting[self.count % len(fitting)]
        self.count += 1
        text = f"{original}{payload}"
        self.given.append(text)
        return text


def rename(mapping: dict[str, str], value: Any) -> Any:
    """Ratings by level name (anywhere in ballots, tallies, reviews, self) follow the renamed scale."""
    if isinstance(value, dict):
        return {mapping.get(k, k) if isinstance(k, str) else k: rename(mapping, v) for k, v in value.items()}
    if isinstance(value, list):
        return [rename(mapping, v) for v in value]
    return mapping.get(value, value) if isinstance(value, str) else value


def hostile_cycle(data: dict, levels: dict[str, str], grades: dict[str, str], say: Payloads) -> dict:
    data["title"] = say(data["title"], MAX_TITLE)
    data["scale"] = {levels[k]: v for k, v in data["scale"].items()}
    data["grades"] = [{**g, "name": grades[g["name"]]} for g in data["grades"]]
    if data.get("veto"):
        data["veto"] = {**data["veto"], "level": levels[data["veto"]["level"]], "cap": grades[data["veto"]["cap"]]}
    return data


def hostile_org(data: dict, say: Payloads) -> dict:
    data["name"] = say(data["name"], MAX_TITLE)
    data["sections"] = [{**s, "name": say(s["name"], MAX_NAME), "leader": say(s["leader"], MAX_NAME)} for s in data["sections"]]
    return data


def hostile_item(item: Any, say: Payloads, fields: dict[str, int]) -> Any:
    if isinstance(item, str):
        return say(item)
    return {**item, **{f: say(item[f], limit) for f, limit in fields.items() if item.get(f) is not None}}


def hostile_person(data: dict, say: Payloads) -> dict:
    data["name"], data["post"] = say(data["name"], MAX_NAME), say(data["post"], MAX_NAME)
    show = data["show"]
    show["standards"] = [say(s) for s in show.get("standards") or []]
    show["goals"] = [hostile_item(g, say, {"text": MAX_ITEM, "unit": MAX_UNIT}) for g in show.get("goals") or []]
    show["commitments"] = [hostile_item(c, say, {"text": MAX_ITEM, "evidence": MAX_ITEM}) for c in show.get("commitments") or []]
    for dimension, items in (data.get("compare") or {}).items():
        data["compare"][dimension] = [say(i) for i in items or []]
    if data.get("self"):
        data["self"]["summary"] = say(data["self"].get("summary") or "") + "\n" + MULTILINE
    for checkin in data.get("checkins") or []:
        if checkin.get("note") is not None:
            checkin["note"] = say(checkin["note"], MAX_ITEM)
    return data


def hostile_review(data: dict, say: Payloads) -> dict:
    data["reviewer"] = say(data.get("reviewer") or "", MAX_NAME)
    if data.get("section_review"):
        data["section_review"]["comment"] = say(data["section_review"].get("comment") or "") + "\n" + MULTILINE
    for review in (data.get("people") or {}).values():
        review["comment"] = say(review.get("comment") or "")
    return data


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def rename_ids(cycle: Path) -> None:
    """A person and a section get ids with `_` and `-` (what ids allow besides letters and digits)."""
    for old, new in (PERSON, SECTION):
        pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
        for path in sorted(cycle.rglob("*.yaml")):
            path.write_text(pattern.sub(new, path.read_text(encoding="utf-8")), encoding="utf-8")
            if path.stem == old:
                path.rename(path.with_name(f"{new}.yaml"))


def make_hostile(root: Path) -> Payloads:
    """Every text field of every cycle of the portal at `root` made hostile; returns what was written."""
    say = Payloads()
    for cycle in sorted(p for p in (root / "scorecards").iterdir() if (p / "cycle.yaml").is_file()):
        rename_ids(cycle)
        settings = load(cycle / "cycle.yaml")
        levels = {name: say(name, MAX_NAME) for name in settings["scale"]}
        grades = {g["name"]: say(g["name"], MAX_NAME) for g in settings["grades"]}
        dump(cycle / "cycle.yaml", hostile_cycle(settings, levels, grades, say))
        dump(cycle / "org.yaml", hostile_org(load(cycle / "org.yaml"), say))
        for path in sorted((cycle / "people").glob("*.yaml")):
            dump(path, rename(levels, hostile_person(load(path), say)))
        for path in sorted((cycle / "democratic").glob("*.yaml")):
            dump(path, rename(levels, load(path)))
        for path in sorted((cycle / "organizational").glob("*.yaml")):
            dump(path, rename(levels, hostile_review(load(path), say)))
    return say
