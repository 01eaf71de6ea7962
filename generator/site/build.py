"""Stage 5, build: rendered Markdown -> one MkDocs Material site per cycle, with mike's versions layout.

The site engine (ProperDocs by default) is reached only through `engine.py`,
the one module that imports `mkdocs`, so that another engine (Zensical reads
mkdocs.yml too) is a change there and in mkdocs.yml only.  Nothing
MkDocs-only does the work: the pages are pre-rendered to disk
(`.portal/docs/<cycle>/`), the engine turns them into HTML.

Versions are written without mike or a gh-pages branch, in mike's layout:
`site/<cycle>/` per cycle, `site/versions.json` (newest first, the newest
aliased `latest`), `site/latest/` (a hard-linked copy of the newest cycle)
and `site/index.html` leading to it.  Material's version selector reads
`../versions.json`.  The whole site is built in a staging folder and swapped
in at the end, so a failed build leaves the previous `site/` untouched.
"""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from ..catalog import translate
from ..clock import today
from ..pipeline.aggregate import CycleResults, aggregate_portal
from ..pipeline.checkins import reminder_key
from ..pipeline.model import Cycle, Portal
from ..pipeline.reuse import Reuse
from ..problems import UsageError
from ..workfolder import WORK_DIR, one_build_at_a_time, refuse_links, work_folder
from . import cache, engine, search
from .audiences import Access, access_for, publicity_phase
from .codes import holders
from .publish import banner_markdown, publish_cycle, with_notes
from .render import history_by_person, history_by_section
from .seal import keyring_for
from .sealed_memo import SealedMemo
from .secret import derive, read_secret

ASSETS = Path(__file__).parent.parent / "assets"
# noble-crypto.min.js before portal-seal.js: its pure-JS fallback where crypto.subtle is missing (plain http)
ASSET_FILES = ("portal.css", "tablesort.min.js", "tablesort.number.min.js", "portal.js", "search.css", "search.js",
               "noble-crypto.min.js", "portal-seal.js")
LATEST = "latest"
PREVIEW_DOCS = "preview"  # portal serve renders into .portal/preview/<cycle>: a build running meanwhile has its own pages
GENERATED_TOP = ("index.md", "show", "compare.md", "results.md", "sections", "people", "method.md", "downloads.md", "downloads", "assets/portal")

Progress = Callable[[str], None]


class Meter(Protocol):
    """A progress bar: `with meter(label, total) as advance:` … `advance(1)` per step done."""

    def __call__(self, label: str, total: int) -> AbstractContextManager[Callable[[int], None]]: ...


@contextmanager
def no_meter(label: str, total: int):
    yield lambda steps: None


def build_site(root: Path, portal: Portal, cycle_ids: Iterable[str] | None = None, lang: str = "zh",
               progress: Progress = lambda message: None, force: bool = False, secret: bytes | None = None,
               reuse: Reuse | None = None, meter: Meter = no_meter) -> Path:
    """Build the chosen cycles (default: all) into `root/site`, keeping other versions already there.

    A cycle whose inputs are unchanged since it was last built comes from the
    build cache (`cache.py`), one where only some pages changed is rebuilt from
    it, those pages only; `force` rebuilds every chosen cycle in full.  `secret`
    seals the restricted results (`publish.py`); without it a restricted cycle
    gets its public view only.  `reuse` holds the results of unchanged cycles; `meter` shows
    the engine's progress through each cycle's pages.
    """
    wanted = list(cycle_ids) if cycle_ids is not None else list(portal.cycles)
    site = root / "site"
    work = work_folder(root)  # refused if it holds a link: a build never writes or deletes through one
    with one_build_at_a_time(work, lambda: progress(translate("build.waiting", lang))):
        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        results: dict[str, CycleResults] = {}
        digests = reuse.digests if reuse is not None else None
        try:
            keep_other_versions(site, staging, set(portal.cycles) - set(wanted))
            for cycle_id in wanted:
                cycle = portal.cycles[cycle_id]
                extra = access_fingerprint(cycle, secret)
                frame = cache.frame_key(root, portal, cycle_id, lang, extra)
                key = cache.cycle_key(root, portal, cycle_id, lang, extra, digests)
                if not force and cache.restore(work, cycle_id, key, staging / cycle_id):
                    progress(translate("build.reused", lang, cycle=cycle_id, people=len(cycle.people)))
                    continue
                progress(translate("build.cycle", lang, cycle=cycle_id, people=len(cycle.people)))
                results = results or aggregate_portal(portal, reuse)
                previous = None if force else cache.previous_pages(work, cycle_id, frame)
                pages = build_cycle(root, results, cycle, staging / cycle_id, lang, secret, progress, previous, meter, force)
                cache.store(work, cycle_id, key, frame, pages, staging / cycle_id)
            write_versions(staging, portal, lang)
            swap_in(staging, site)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return site


def access_fingerprint(cycle: Cycle, secret: bytes | None) -> list[str]:
    """What the build cache must know of the audiences: a hash of a value derived from the secret
    (never the secret), where today falls in the 公示 (its banner and list depend on that, not on the date),
    and which check-in period last ended (who is listed as not checked in)."""
    sealed = hashlib.sha256(derive(secret, "build-fingerprint", cycle.id)).hexdigest() if secret else "public view only"
    return [sealed, str(publicity_phase(cycle.settings, today())), reminder_key(cycle, today())]


def cycle_access(root: Path, cycle: Cycle, secret: bytes | None, lang: str, progress: Progress) -> Access:
    """Who reads what in `cycle`, with the keys to seal it when there is a secret (and a word on which it is)."""
    directory_urls = bool(engine.read_config(root / "mkdocs.yml").use_directory_urls)
    if cycle.settings.publish.results == "everyone":
        return access_for(cycle, None, directory_urls)
    if secret is None:
        progress(translate("build.public_only", lang))
        return access_for(cycle, None, directory_urls)
    keyring = keyring_for(secret, cycle.id, holders(cycle), cycle.org.name)
    progress(translate("build.sealed", lang, credentials=len(keyring.keks)))
    return access_for(cycle, keyring, directory_urls)


def build_cycle(root: Path, results: dict[str, CycleResults], cycle: Cycle, out: Path, lang: str,
                secret: bytes | None = None, progress: Progress = lambda message: None,
                previous: dict[str, str] | None = None, meter: Meter = no_meter, force: bool = False) -> dict[str, str]:
    """The finished site of one cycle in `out`: its pages rendered, turned into HTML by the engine, indexed for search.

    `previous`: the hash of every page the cached site of this cycle was built from (same frame):
    when no page was removed since, the engine renders only the pages that changed, on a copy of
    that site.  Sealed blocks whose inputs are unchanged come from the last build (`sealed_memo.py`)
    unless `force`.  Returns the hashes of the pages this build was made from."""
    access = cycle_access(root, cycle, secret, lang, progress)
    memo = SealedMemo(root / WORK_DIR / "sealed" / f"{cycle.id}.json", access.keyring, fresh=force) if access.keyring else None
    docs = prepare_docs(root, results, cycle.id, lang, dataclasses.replace(access, memo=memo))
    if memo is not None:
        memo.save()
    pages = cache.page_hashes(docs)
    partial = previous is not None and previous.keys() <= pages.keys() and not engine.has_plugins(root / "mkdocs.yml")
    to_render = {page for page in pages if page.endswith(".md")}
    if partial:
        cache.restore_copy(root / WORK_DIR, cycle.id, out)
        shutil.rmtree(out / search.BUNDLE, ignore_errors=True)  # indexed afresh below: no stale chunk may stay
        changed = mark_changed_pages(docs, pages, previous, nav_pages(docs, lang), newest_mtime(out))
        to_render &= changed
        progress(translate("build.partial", lang, cycle=cycle.id, changed=len(changed), pages=len(pages)))
    with meter(translate("build.pages", lang, cycle=cycle.id, pages=len(to_render)), len(to_render)) as advance:
        run_engine(root, cycle, docs, out, lang, dirty=partial, on_page=lambda: advance(1))
    progress(translate("build.search", lang, cycle=cycle.id))
    search.index_site(out, docs)
    return pages


def mark_changed_pages(docs: Path, pages: dict[str, str], previous: dict[str, str], forced: set[str],
                       built_at: int = 0) -> set[str]:
    """Tell the engine (which compares modification times) which files to render or copy again: those whose
    bytes differ from the cached build's and those in `forced`, dated now, or a second after `built_at` (the
    newest file of the cached site, in ns) if the clock has gone back since; every other one is dated 1970.
    Returns them."""
    now = max(time.time_ns(), built_at + 1_000_000_000)
    changed = {page for page, digest in pages.items() if previous.get(page) != digest or page in forced}
    for page in pages:
        os.utime(docs / page, ns=(now, now) if page in changed else (0, 0))
    return changed


def newest_mtime(folder: Path) -> int:
    """The modification time (ns) of the newest file below `folder`, 0 if it has none."""
    return max((path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()), default=0)


def nav_pages(docs: Path, lang: str) -> set[str]:
    """The pages in the navigation: every page shows their titles, so they are always rendered again."""
    found: set[str] = set()

    def walk(item) -> None:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(navigation(docs, lang))
    return found


def prepare_docs(root: Path, results: dict[str, CycleResults], cycle_id: str, lang: str, access: Access | None = None,
                 folder: str = "docs") -> Path:
    """Write the docs folder of one cycle (`.portal/<folder>/<cycle>`): content/ pages, assets and generated pages,
    rewriting only what changed.  Without `access`, a restricted cycle gets its public view only (never everything)."""
    access = access or access_for(results[cycle_id].cycle, None)
    docs = root / WORK_DIR / folder / cycle_id
    titles = {cid: r.cycle.settings.title for cid, r in results.items()}
    order = list(results)
    past = {cid: results[cid] for cid in order[: order.index(cycle_id) + 1]}
    day = today()
    pages = publish_cycle(results[cycle_id], history_by_person(past, titles), lang, access, day, edit_base(root),
                          history_by_section(past, titles))
    banner = banner_markdown(results[cycle_id].cycle.settings, lang, day)
    pages.update({path: with_notes(text.decode("utf-8"), banner, "").encode("utf-8") if banner and path.endswith(".md") else text
                  for path, text in content_pages(root).items()})
    pages.update({f"assets/portal/{name}": (ASSETS / name).read_bytes() for name in ASSET_FILES})
    sync_folder(docs, pages)
    return docs


def content_pages(root: Path) -> dict[str, bytes]:
    """The hand-written pages (and their images) under content/, except where a generated page lives."""
    content = root / "content"
    if not content.is_dir():
        return {}
    pages = {}
    for path in sorted(content.rglob("*")):
        relative = path.relative_to(content).as_posix()
        if path.is_file() and not path.is_symlink() and not is_generated(relative):  # links are never followed
            pages[relative] = path.read_bytes()
    return pages


def is_generated(relative: str) -> bool:
    """Whether a docs path belongs to the generated pages (content/ may not use it)."""
    return relative in GENERATED_TOP or relative.split("/", 1)[0] in GENERATED_TOP or relative.startswith("assets/portal/")


def sync_folder(folder: Path, files: dict[str, str | bytes]) -> None:
    """Make `folder` hold exactly `files`; unchanged files keep their bytes and mtimes."""
    for relative, content in files.items():
        write_if_changed(folder / relative, content.encode("utf-8") if isinstance(content, str) else content)
    wanted = {folder / relative for relative in files}
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def navigation(docs: Path, lang: str) -> list:
    """Generated sections first, then content pages; people and section pages stay out of the nav
    (Material renders the whole nav into every page, which would make the build quadratic)."""
    say = lambda key: translate(key, lang)  # noqa: E731
    nav: list = [{say("nav.home"): "index.md"}, {say("nav.show"): "show/index.md"}, {say("nav.compare"): "compare.md"},
                 {say("nav.results"): "results.md"}, {say("nav.sections"): "sections/index.md"},
                 {say("nav.method"): "method.md"}, {say("nav.downloads"): "downloads.md"}]
    content = [page.relative_to(docs).as_posix() for page in sorted(docs.rglob("*.md"))]
    content = sorted((p for p in content if not is_generated(p)), key=lambda p: (not p.endswith("index.md"), p))
    if content:
        nav.append({say("nav.guide"): content})  # hand-written pages under one tab, their index first
    return nav


@contextmanager
def build_date(cycle: Cycle):
    """SOURCE_DATE_EPOCH = the cycle's last day, so that sitemaps (and so the site) are reproducible."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(cycle.settings.period.end.timetuple()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def config_overrides(root: Path, cycle: Cycle, docs: Path, lang: str) -> dict:
    """What each version sets on top of the portal's mkdocs.yml: its folders, names, nav, assets, version provider."""
    portal_config = engine.read_config(root / "mkdocs.yml")
    return {
        "docs_dir": str(docs), "site_url": f"{base_url(root)}{cycle.id}/",
        # MkDocs themes print config values unescaped: the names come from scorecards, so escape them here
        "site_name": html.escape(f"{cycle.org.name} · {cycle.settings.title}"), "nav": navigation(docs, lang),
        "extra": {**portal_config.extra, "version": {"provider": "mike", "default": LATEST}},
        **theme_override(root, lang),
        "extra_css": [*portal_config.extra_css, *(f"assets/portal/{name}" for name in ASSET_FILES if name.endswith(".css"))],
        "extra_javascript": [*map(str, portal_config.extra_javascript),
                             *(f"assets/portal/{name}" for name in ASSET_FILES if name.endswith(".js"))],
    }


def theme_override(root: Path, lang: str) -> dict:
    """With `--lang en`, the theme's interface in English (`theme.language: en`, so `<html lang="en">`), the rest of
    mkdocs.yml's theme as written; in Chinese, mkdocs.yml's theme unchanged (nothing to override)."""
    if lang != "en":
        return {}
    theme = raw_config(root).get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    return {"theme": {**theme, "language": "en"}}


def raw_config(root: Path) -> dict:
    """mkdocs.yml as written, without running it: tags such as !!python/… (the slugify setting) are read as nothing."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 (a SafeLoader)
    return data if isinstance(data, dict) else {}


def base_url(root: Path) -> str:
    """The site's address from mkdocs.yml (`site_url`), each cycle being a folder below it."""
    import yaml

    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    url = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("site_url:")), "")
    url = yaml.safe_load(url) if url else "http://localhost:8000/"
    return url if url.endswith("/") else url + "/"


def edit_base(root: Path) -> str | None:
    """The git host's web-editor address of the portal's files (`extra.portal.edit_url` in mkdocs.yml), ending in /;
    None when it is not set (no edit links then)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    url = ((engine.read_config(config).extra or {}).get("portal") or {}).get("edit_url")
    if url is None:
        return None
    if not isinstance(url, str) or not re.fullmatch(r"https?://[^\s<>\"'`]+", url):
        raise UsageError("build.edit_url_invalid", file=config.name, value=str(url)[:200])
    return url if url.endswith("/") else url + "/"


def run_engine(root: Path, cycle: Cycle, docs: Path, out: Path, lang: str, dirty: bool = False,
               on_page: Callable[[], None] | None = None) -> None:
    """One version's HTML: the portal's mkdocs.yml with this cycle's folders and names, built by the engine
    (`dirty`: on top of an earlier build in `out`, only the pages newer than their output)."""
    with build_date(cycle):
        engine.build(root / "mkdocs.yml", out, config_overrides(root, cycle, docs, lang), dirty=dirty, on_page=on_page)


def serve_site(root: Path, portal: Portal, cycle_id: str, lang: str, address: str) -> None:
    """Live preview of one cycle: rebuilds when a scorecard, template or content page changes.

    The engine's own server does the watching and the browser reload; a hook
    (`serve_hook.py`) re-renders the cycle's pages before each rebuild, and
    only pages whose text changed are rewritten, so the rebuild is "dirty"
    (the engine re-renders just those); after each rebuild it indexes the
    preview for search in the background.
    """
    cycle = portal.cycles[cycle_id]
    work_folder(root)
    docs = prepare_docs(root, aggregate_portal(portal), cycle_id, lang, cycle_access(root, cycle, read_secret(), lang, print),
                        PREVIEW_DOCS)
    # the hook runs inside MkDocs' threaded server, where forking worker processes is unsafe
    overrides = config_overrides(root, portal.cycles[cycle_id], docs, lang)
    os.environ.update(PORTAL_ROOT=str(root), PORTAL_CYCLE=cycle_id, PORTAL_LANG=lang, PORTAL_WORKERS="1",
                      PORTAL_SERVE_URL=serve_url(address, overrides["site_url"]))
    with build_date(portal.cycles[cycle_id]):
        engine.serve(root / "mkdocs.yml", overrides,
                     watch=[root / "scorecards", root / "content", Path(__file__).parent.parent / "templates"],
                     address=address, hooks=[Path(__file__).parent / "serve_hook.py"])


def serve_url(address: str, site_url: str) -> str:
    """Where the preview is: the server's address and the path of the cycle's site_url."""
    from urllib.parse import urlsplit

    return f"http://{address}{urlsplit(site_url).path or '/'}"


SERVE_CACHE = None


def refresh_docs(root: Path, cycle_id: str, lang: str) -> list[str]:
    """Re-validate (files unchanged since the last time are not read again) and re-render one cycle's pages;
    returns the problems (as text) when the scorecards are invalid."""
    from ..pipeline.validate import FileCache, validate_portal

    global SERVE_CACHE
    SERVE_CACHE = SERVE_CACHE or FileCache()
    work_folder(root)
    report = validate_portal(root, SERVE_CACHE)
    if not report.ok:
        return [p.as_text(lang) for p in report.problems if p.severity == "error"]
    cycle = report.portal.cycles[cycle_id]
    prepare_docs(root, aggregate_portal(report.portal), cycle_id, lang, cycle_access(root, cycle, read_secret(), lang, lambda m: None),
                 PREVIEW_DOCS)
    return []


def built_cycles(site: Path, portal: Portal) -> list[str]:
    """The cycles that have a folder in `site`, oldest first: only these may be offered by the selector."""
    return [cid for cid in portal.cycles if (site / cid).is_dir()]


def versions(portal: Portal, built: list[str]) -> list[dict]:
    """mike's versions.json: the built cycles, newest first, the newest of them aliased `latest`."""
    newest = built[-1] if built else None
    # Material's selector inserts the titles as HTML: they come from cycle.yaml, so escape them
    return [{"version": cid, "title": html.escape(portal.cycles[cid].settings.title), "aliases": [LATEST] if cid == newest else []}
            for cid in reversed(built)]


def write_versions(site: Path, portal: Portal, lang: str) -> None:
    built = built_cycles(site, portal)
    (site / "versions.json").write_text(json.dumps(versions(portal, built), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    latest = site / LATEST
    shutil.rmtree(latest, ignore_errors=True)
    if built:
        shutil.copytree(site / built[-1], latest, copy_function=cache.link_or_copy)
    text = translate("site.redirect", lang)
    (site / "index.html").write_text(
        f'<!doctype html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        f'<title>{text}</title><meta http-equiv="refresh" content="0; url={LATEST}/">'
        f'<link rel="canonical" href="{LATEST}/"></head>'
        f'<body><p><a href="{LATEST}/">{text}</a></p></body></html>\n',
        encoding="utf-8",
    )


def keep_other_versions(site: Path, staging: Path, cycle_ids: set[str]) -> None:
    """When only some cycles are rebuilt, the others come over from the current site as they are
    (refused if one is or holds a symbolic link: copying would bring the files it points to into the site)."""
    if cycle_ids and site.is_symlink():
        raise UsageError("build.site_symlink", path=site.name)
    for cycle_id in sorted(cycle_ids):
        refuse_links(site.parent, site / cycle_id, "build.site_symlink")
        if (site / cycle_id).is_dir():
            shutil.copytree(site / cycle_id, staging / cycle_id, copy_function=cache.link_or_copy)


def swap_in(staging: Path, site: Path) -> None:
    """Replace `site` with `staging` in two renames; the old site is removed only afterwards."""
    old = None
    if site.exists():
        old = site.with_name(f".site-old-{os.getpid()}")
        site.rename(old)
    staging.rename(site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
