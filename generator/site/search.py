"""Search: a Pagefind index per cycle, so that a query fetches a few small chunks, not the whole index.

Pagefind (the `pagefind_extended` binary from the `pagefind-bin-extended`
wheel, which segments Chinese) reads the finished HTML of one cycle and
writes `pagefind/` into it: the index split into chunks by word, one
fragment per page, the WebAssembly search and Pagefind's own search UI.  The
browser loads only the chunks a query needs (see docs/search.md).

What goes into the index:

- only pages whose Markdown does not say `search: exclude: true` in its front
  matter (the rankings, the compare table and the per-section 三亮 lists
  repeat what the person pages hold);
- in a page, only the article (not the navigation), without charts (`svg`)
  and score tables (`data-search-exclude`), permalink signs, and sealed blocks
  (`.portal-sealed`: restricted content is only ever ciphertext, and stays
  out even so); `data-pagefind-ignore` works as Pagefind documents it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from ..problems import UsageError

BUNDLE = "pagefind"
CONFIG = {
    "root_selector": "article.md-content__inner",
    "exclude_selectors": ["[data-search-exclude]", "svg", ".headerlink", ".portal-sealed"],
    "force_language": "zh",
}


def index_site(out: Path, docs: Path) -> None:
    """Write `out/pagefind/`: the search index of the pages in `out` whose Markdown in `docs` is searchable.

    Pagefind reads a view of the searchable pages (hard links at their own paths, so the URLs stay right)
    made in a folder of this build's own, next to `out`: never in the machine's temporary folder, which
    every process shares and where a view is out of reach of the build's lock (`workfolder.py`). A view
    with no page in it is never handed to Pagefind: its answer would be "the directory was empty or did not
    contain any html files", which says nothing of why; the error names the pages that were missing.
    """
    out = out.absolute()  # Pagefind runs in a folder of its own: a relative output path would land there
    pages = [html_path(page) for page in searchable_pages(docs)]
    work = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-view-", dir=out.parent))
    try:
        view = work / "site"
        found = [page for page in pages if place(out / page, view / page)]
        if not found:
            raise UsageError("search.no_pages", folder=out.name, pages="、".join(pages[:5]) or "—")
        fresh = out / f".{BUNDLE}-new"
        shutil.rmtree(fresh, ignore_errors=True)
        config = {**CONFIG, "site": str(view), "output_path": str(fresh)}
        (work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        done = subprocess.run([str(executable()), "--silent"], cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            shutil.rmtree(fresh, ignore_errors=True)
            raise UsageError("search.failed", reason=(done.stderr or done.stdout).strip()[-2000:])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    replace_folder(out / BUNDLE, fresh)


def place(page: Path, target: Path) -> bool:
    """Put `page` at `target` (a hard link, or a copy where linking is refused); False if there is no such page."""
    if not page.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(page, target)
    except OSError:
        shutil.copy2(page, target)
    return True


def replace_folder(old: Path, new: Path) -> None:
    """Put `new` in the place of `old`.  Pagefind adds files to a bundle and removes none, so indexing again
    (the preview does, after each rebuild) into the old one would keep stale fragments, and a reader could
    load a half-written bundle; a fresh bundle swapped in has neither."""
    stale = old.with_name(f".{old.name}-old")
    shutil.rmtree(stale, ignore_errors=True)
    if old.exists():
        old.rename(stale)
    new.rename(old)
    shutil.rmtree(stale, ignore_errors=True)


def executable() -> Path:
    """The Pagefind binary shipped in the `pagefind-bin-extended` wheel."""
    try:
        from pagefind_bin_extended import get_executable

        return get_executable()
    except (ImportError, FileNotFoundError) as missing:
        raise UsageError("search.missing") from missing


def searchable_pages(docs: Path) -> list[str]:
    """The Markdown pages below `docs` (relative paths) not excluded from search by their front matter."""
    return [page.relative_to(docs).as_posix() for page in sorted(docs.rglob("*.md")) if not excluded(page)]


def excluded(page: Path) -> bool:
    with page.open(encoding="utf-8") as text:
        if text.readline().rstrip() != "---":
            return False
        lines = []
        for line in text:
            if line.rstrip() == "---":
                break
            lines.append(line)
    try:
        meta = yaml.safe_load("".join(lines)) or {}
    except yaml.YAMLError:
        return False
    search = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(search, dict) and search.get("exclude") is True


def html_path(page: str) -> str:
    """Where MkDocs (directory URLs) writes the HTML of a Markdown page."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"
