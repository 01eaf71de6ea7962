"""Fixtures: small portals written file by file, so each test states exactly what it feeds in."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
# Secrets of the tests, in the one form the portal accepts (what `portal secret new` writes: 256 bits in hex).
TEST_SECRET = "portal-secret-1:af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf"
OTHER_SECRET = "portal-secret-1:d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa"
TEST_KEY = bytes.fromhex(TEST_SECRET.split(":", 1)[1])  # the bytes read_secret gives for TEST_SECRET
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

SETTINGS: dict[str, Any] = {
    "title": "2026年度“三亮三比三评”",
    "status": "open",
    "period": {"start": "2026-01-01", "end": "2026-12-31"},
    "scale": {"好": 100, "较好": 85, "一般": 70, "差": 50},
    "weights": {"self": 0.2, "democratic": 0.4, "organizational": 0.4},
    "dimensions": {"learning": 0.25, "work": 0.4, "contribution": 0.2, "fulfilment": 0.15},
    "grades": [{"name": "优秀", "min": 90}, {"name": "称职", "min": 75}, {"name": "基本称职", "min": 60}, {"name": "不称职", "min": 0}],
    "excellent_quota": 0.2,
    "veto": {"level": "差", "share": 0.3334, "cap": "基本称职"},
    "min_raters": 3,
    "gap_threshold": 15,
}
DIMS = ("learning", "work", "contribution", "fulfilment")


def all_four(rating: Any) -> dict[str, Any]:
    """The same rating on all four dimensions."""
    return {d: rating for d in DIMS}


@pytest.fixture(autouse=True, scope="session")
def own_cache_key(tmp_path_factory):
    """The tests sign their cache entries with a key of their own, not the user's (~/.cache/evaluation-portal)."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


class NoAliasDumper(yaml.SafeDumper):
    """Writes repeated objects out in full, as a person would (no &anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


class PortalBuilder:
    """Writes a portal root under tmp_path: settings, org, people, ballots, reviews."""

    def __init__(self, root: Path):
        self.root = root
        (root / "scorecards").mkdir(parents=True, exist_ok=True)

    def folder(self, cycle: str) -> Path:
        return self.root / "scorecards" / cycle

    def write(self, relative: str, data: Any, cycle: str = "2026") -> Path:
        path = self.folder(cycle) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    def raw(self, relative: str, text: str | bytes, cycle: str = "2026") -> Path:
        path = self.folder(cycle) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def cycle(self, cycle: str = "2026", **changes: Any) -> PortalBuilder:
        settings = copy.deepcopy(SETTINGS)
        settings.update(changes)
        settings = {k: v for k, v in settings.items() if v is not None}
        self.write("cycle.yaml", settings, cycle)
        return self

    def org(self, sections: list[str] = ("mishu", "xinxi"), cycle: str = "2026") -> PortalBuilder:
        self.write("org.yaml", {
            "name": "省委办公厅",
            "sections": [{"id": s, "name": f"{s}处", "leader": f"{s}领导"} for s in sections],
        }, cycle)
        return self

    def person(self, person_id: str, section: str = "mishu", self_scores: Any = None, cycle: str = "2026", **fields: Any) -> PortalBuilder:
        card: dict[str, Any] = {"id": person_id, "name": f"名{person_id}", "section": section, "post": "科员",
                                "show": {"standards": ["标准"], "goals": ["目标"], "commitments": ["承诺"]}}
        if self_scores is not None:
            card["self"] = {"scores": self_scores if isinstance(self_scores, dict) else all_four(self_scores), "summary": "总结"}
        card.update(fields)
        self.write(f"people/{person_id}.yaml", card, cycle)
        return self

    def ballots(self, section: str, ballots: list[dict[str, Any]], cycle: str = "2026") -> PortalBuilder:
        self.write(f"democratic/{section}.yaml", {"section": section, "ballots": ballots}, cycle)
        return self

    def tallies(self, section: str, tallies: dict[str, Any], cycle: str = "2026") -> PortalBuilder:
        self.write(f"democratic/{section}.yaml", {"section": section, "tallies": tallies}, cycle)
        return self

    def review(self, section: str, people: dict[str, Any], score: Any = 90, cycle: str = "2026") -> PortalBuilder:
        self.write(f"organizational/{section}.yaml", {
            "section": section, "reviewer": f"{section}领导",
            "section_review": {"score": score, "comment": "好"},
            "people": {pid: (r if isinstance(r, dict) else all_four(r)) for pid, r in people.items()},
        }, cycle)
        return self


@pytest.fixture
def builder(tmp_path: Path) -> PortalBuilder:
    return PortalBuilder(tmp_path / "portal")


@pytest.fixture
def minimal(builder: PortalBuilder) -> PortalBuilder:
    """A valid one-cycle portal: two people in mishu, three ballots, a review."""
    builder.cycle().org()
    builder.person("zhangsan", self_scores="好").person("lisi", self_scores="较好")
    builder.ballots("mishu", [{"zhangsan": all_four("好"), "lisi": all_four("较好")}] * 3)
    builder.review("mishu", {"zhangsan": "好", "lisi": "较好"})
    return builder


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of this repository's bundled sample portal."""
    target = tmp_path / "sample"
    target.mkdir()
    shutil.copytree(REPO / "scorecards", target / "scorecards")
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml") if (REPO / "mkdocs.yml").exists() else None
    if (REPO / "content").is_dir():
        shutil.copytree(REPO / "content", target / "content")
    return target


@pytest.fixture
def run(capsys):
    """Run `portal ARGS…` in-process; returns (exit code, stdout, stderr)."""

    def runner(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def publish_to_everyone(root: Path) -> None:
    """`publish: {results: everyone}` in every cycle of the portal at `root`: the v1 site, every figure in clear
    (for the tests of how figures look; the restricted default has its own tests in test_audiences*)."""
    for settings in sorted((root / "scorecards").glob("*/cycle.yaml")):
        data = yaml.safe_load(settings.read_text(encoding="utf-8"))
        data["publish"] = {**data.get("publish", {}), "results": "everyone"}
        settings.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# -- the browser (Debian's Chromium through Playwright), shared by the browser tests ----------------


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Debian's Chromium is needed: apt-get install -y chromium (bash .ci/run does it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_tab(browser, width: int = 1280, height: int = 900):
    """A new tab of `width` CSS pixels that records every URL it requests (`tab.requested`)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  is_mobile=width < 600, has_touch=width < 600, device_scale_factor=1)
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    return context, tab


@pytest.fixture
def page(browser):
    context, tab = open_tab(browser)
    yield tab
    context.close()
