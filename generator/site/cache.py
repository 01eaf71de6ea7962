"""The build cache: a cycle whose inputs are unchanged is copied from the last build instead of rebuilt.

A cycle's site is a function of its inputs; `cycle_key` hashes all of them:

- the scorecards of this cycle and of every older one (a person's page shows
  their history), the cycles' order and which cycle is the newest;
- the portal's `mkdocs.yml` and its `content/` pages;
- the generator itself (its code, templates and assets), the Python version
  and the version of every installed distribution (the engine, Material,
  Markdown extensions, Pagefind…), and `PORTAL_ENGINE`;
- the language, and any extra fingerprints the caller passes (a hash of a
  value derived from a secret, never the secret).

Entries live in `.portal/cache/<cycle>/`: `site/` (the cycle's finished
output, hard-linked, so storing and restoring cost little), `manifest.json`
(size and mtime of every file, so an entry whose files were changed in place
is not trusted) and `key`, written last.  See docs/cache.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from ..pipeline.model import Portal

FORMAT = "portal-build-cache 1"
GENERATOR = Path(__file__).parent.parent


def cycle_key(root: Path, portal: Portal, cycle_id: str, lang: str, extra: Iterable[str] = ()) -> str:
    """The hash of everything the site of `cycle_id` is made from."""
    order = list(portal.cycles)
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("format", FORMAT.encode())
    add("cycles", json.dumps({"order": order, "newest": portal.latest().id, "this": cycle_id, "lang": lang}).encode())
    for past in order[: order.index(cycle_id) + 1]:
        add_folder(add, f"scorecards/{past}", root / "scorecards" / past)
    for path in sorted((root / "scorecards").glob("*")):
        if path.is_file():
            add(f"scorecards/{path.name}", path.read_bytes())
    add("mkdocs.yml", (root / "mkdocs.yml").read_bytes())
    add_folder(add, "content", root / "content")
    add_folder(add, "generator", GENERATOR)
    add("environment", environment().encode())
    for number, value in enumerate(extra):
        add(f"extra{number}", value.encode())
    return digest.hexdigest()


def add_folder(add, label: str, folder: Path) -> None:
    """Every file below `folder` (its relative path and bytes); bytecode caches are not inputs."""
    if not folder.is_dir():
        add(label, b"(none)")
        return
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        add(f"{label}/{path.relative_to(folder).as_posix()}", path.read_bytes())


@functools.cache
def environment() -> str:
    """The Python version, the chosen engine and every installed distribution with its version.

    Read from the names of the `*.dist-info`/`*.egg-info` folders on sys.path
    (`mkdocs_material-9.8.2.dist-info`): parsing every distribution's metadata
    would cost ~1 s, the listing a few milliseconds.
    """
    dists = set()
    for entry in filter(None, sys.path):  # not '' (the current folder): it holds no installed packages
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        dists.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return "\n".join([sys.version, f"PORTAL_ENGINE={os.environ.get('PORTAL_ENGINE', '')}", *sorted(dists)])


def entry(work: Path, cycle_id: str) -> Path:
    return work / "cache" / cycle_id


def restore(work: Path, cycle_id: str, key: str, target: Path) -> bool:
    """Copy the cached site of `cycle_id` to `target` if its key is `key` and its files are intact."""
    folder = entry(work, cycle_id)
    try:
        if (folder / "key").read_text(encoding="ascii") != key:
            return False
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if files_state(folder / "site") != manifest:
        return False
    shutil.copytree(folder / "site", target, copy_function=link_or_copy)
    return True


def store(work: Path, cycle_id: str, key: str, built: Path) -> None:
    """Keep `built` (a cycle's finished output) as the cache entry of `cycle_id` under `key`."""
    folder = entry(work, cycle_id)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(built, folder / "site", copy_function=link_or_copy)
    (folder / "manifest.json").write_text(json.dumps(files_state(folder / "site")), encoding="utf-8")
    (folder / "key").write_text(key, encoding="ascii")


def files_state(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every file below `folder`: a file edited in place changes them."""
    state = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            stat = os.stat(path, follow_symlinks=False)
            state[os.path.relpath(path, folder)] = [stat.st_size, stat.st_mtime_ns]
    return state


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
