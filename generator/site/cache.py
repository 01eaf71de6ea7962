"""The build cache: a cycle whose inputs are unchanged is copied from the last build instead of rebuilt,
and a cycle where only some pages changed is rebuilt from the last build, those pages only.

A cycle's site is a function of its inputs, hashed in two layers:

- the *frame* (`frame_key`): what every page of the cycle shares — the
  cycles' order and which is the newest, this cycle's settings and org as
  validated (cycle.yaml and org.yaml: its names, dates, settings), the portal's `mkdocs.yml` and `content/`
  pages, the generator itself (code, templates, assets), the Python version
  and every installed distribution's version (the engine, Material, Markdown
  extensions, Pagefind…), `PORTAL_ENGINE`, the language, and any extra
  fingerprints the caller passes (a hash of a value derived from a secret,
  never the secret);
- the *key* (`cycle_key`): the frame and every file of this cycle and of
  every older one (a person's page shows their history).

Same key: the entry is copied as it is.  Same frame, other key (a scorecard
was edited): the engine rebuilds only the pages whose Markdown changed (and
the pages in the navigation), on top of a copy of the entry (`partial`).
Anything else: a full build.

Entries live in `.portal/cache/<cycle>/`: `site/` (the cycle's finished
output, hard-linked, so storing and restoring cost little), `manifest.json`
(the key, the frame, the hash of every generated Markdown page and the size
and mtime of every output file, so an entry changed in place is not trusted)
and `signature`, an HMAC of the manifest under this user's key
(`pipeline/reuse.py`): an entry that was not written here is never used.
See docs/cache.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..pipeline.model import Portal
from ..pipeline.reuse import code_fingerprint, folder_digest, machine_key

FORMAT = "portal-build-cache 2"
GENERATOR = Path(__file__).parent.parent


def frame_key(root: Path, portal: Portal, cycle_id: str, lang: str, extra: Iterable[str] = ()) -> str:
    """The hash of what every page of `cycle_id` shares (all its inputs but its people, ballots, reviews and objections)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("format", FORMAT.encode())
    add("cycles", json.dumps({"order": list(portal.cycles), "newest": portal.latest().id, "this": cycle_id, "lang": lang}).encode())
    # this cycle's settings and org as validated, not its files as they are now: one saved since (while an earlier
    # cycle was building) is not what this build shows, and must not be taken as built
    cycle = portal.cycles[cycle_id]
    add("settings", cycle.settings.model_dump_json().encode())
    add("org", cycle.org.model_dump_json().encode())
    for path in sorted((root / "scorecards").glob("*")):
        if path.is_file():
            add(f"scorecards/{path.name}", path.read_bytes())
    add("mkdocs.yml", (root / "mkdocs.yml").read_bytes())
    add_folder(add, "content", root / "content")
    add("code", code_fingerprint(GENERATOR).encode())  # the generator's files and the installed distributions
    for number, value in enumerate(extra):
        add(f"extra{number}", value.encode())
    return digest.hexdigest()


def cycle_key(root: Path, portal: Portal, cycle_id: str, lang: str, extra: Iterable[str] = (),
              digests: dict[str, str | None] | None = None) -> str:
    """The hash of everything the site of `cycle_id` is made from: its frame and the files of it and every older cycle.
    `digests` are folder hashes already computed in this run (by validation), by cycle id."""
    order = list(portal.cycles)
    digest = hashlib.sha256(frame_key(root, portal, cycle_id, lang, extra).encode())
    for past in order[: order.index(cycle_id) + 1]:
        folder_hash = (digests or {}).get(past) or folder_digest(root / "scorecards" / past) or "(unreadable)"
        digest.update(f"\0{past}\0{folder_hash}".encode())
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


def entry(work: Path, cycle_id: str) -> Path:
    return work / "cache" / cycle_id


def manifest(work: Path, cycle_id: str) -> dict | None:
    """The manifest of the entry of `cycle_id`, if this user wrote it and its files are as they were stored."""
    folder = entry(work, cycle_id)
    secret = machine_key(work.parent)
    try:
        text = (folder / "manifest.json").read_bytes()
        signature = (folder / "signature").read_text(encoding="ascii")
        if secret is None or not hmac.compare_digest(signature, hmac.new(secret, text, hashlib.sha256).hexdigest()):
            return None
        stored = json.loads(text)
    except (OSError, ValueError):
        return None
    if files_state(folder / "site") != stored.get("files"):
        return None
    return stored


def restore(work: Path, cycle_id: str, key: str, target: Path) -> bool:
    """Copy the cached site of `cycle_id` to `target` (hard links) if its key is `key` and its files are intact."""
    stored = manifest(work, cycle_id)
    if stored is None or stored.get("key") != key:
        return False
    shutil.copytree(entry(work, cycle_id) / "site", target, copy_function=link_or_copy)
    return True


def previous_pages(work: Path, cycle_id: str, frame: str) -> dict[str, str] | None:
    """The hash of every generated page the cached site of `cycle_id` was built from, if it was built in the same frame."""
    stored = manifest(work, cycle_id)
    if stored is None or stored.get("frame") != frame:
        return None
    return stored.get("pages")


def restore_copy(work: Path, cycle_id: str, target: Path) -> None:
    """The cached site as plain copies with their mtimes (the engine rewrites some of its files in place)."""
    shutil.copytree(entry(work, cycle_id) / "site", target, copy_function=shutil.copy2)


def store(work: Path, cycle_id: str, key: str, frame: str, pages: dict[str, str], built: Path) -> None:
    """Keep `built` (a cycle's finished output) as the entry of `cycle_id`, with the hashes of the pages it was made from."""
    secret = machine_key(work.parent)
    folder = entry(work, cycle_id)
    shutil.rmtree(folder, ignore_errors=True)
    if secret is None:
        return  # nowhere to keep this user's key: no cache, every build is full
    folder.mkdir(parents=True)
    shutil.copytree(built, folder / "site", copy_function=link_or_copy)
    text = json.dumps({"key": key, "frame": frame, "pages": pages, "files": files_state(folder / "site")}).encode()
    (folder / "manifest.json").write_bytes(text)
    (folder / "signature").write_text(hmac.new(secret, text, hashlib.sha256).hexdigest(), encoding="ascii")


def page_hashes(docs: Path) -> dict[str, str]:
    """The SHA-256 of every file below `docs` (a cycle's generated pages and assets), by relative path."""
    hashes = {}
    for directory, _, names in os.walk(docs):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as source:
                hashes[os.path.relpath(path, docs).replace(os.sep, "/")] = hashlib.sha256(source.read()).hexdigest()
    return hashes


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
