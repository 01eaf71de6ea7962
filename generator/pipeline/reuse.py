"""Checked cycles and their results, kept between runs in `.portal/cycles/<cycle>/`.

Validating and scoring a cycle costs seconds per thousand people, and a
closed cycle never changes: without this, a portal of five years pays that
five times on every build for one edited scorecard.  So each cycle's outcome
(its model and problems, then its results) is kept under a key of everything
it is made from:

- every file in the cycle's folder, its path and bytes (`folder_digest`);
- the generator's own files and every installed distribution's version
  (`code_fingerprint`): a changed rule or library makes a new key;
- today's date: one rule (closing a cycle before its 公示 ends) reads it;
- the public keys of the private keys this process holds: they decide which sealed files are opened.

Entries are pickles: a cycle of 1,000 people loads in ~0.2 s where parsing
its YAML again costs seconds.  Loading a pickle can run code, so an entry
is loaded only if its HMAC verifies under a key that never leaves this
machine's user (`~/.cache/evaluation-portal/reuse.key`, made on first use,
mode 600): an entry that arrives with a clone, a pull request or someone
else's files is ignored and rebuilt, never loaded.  Deleting `.portal/` is
always safe.  See docs/cache.md.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..clock import today
from ..workfolder import work_folder
from .load import MAX_FILE_BYTES
from .vault import keyring_fingerprint

FORMAT = "portal-reuse 2"
GENERATOR = Path(__file__).parent.parent
TAG_BYTES = 32
CHANGED_WHILE_READ = "changed while read "


def machine_key(portal: Path) -> bytes | None:
    """This user's secret key for signing cache entries, made on first use; None where it cannot be kept, or where
    it would lie inside the portal folder `portal` (a CI keeping its caches in the checkout): a key there may have
    come with the clone, and whoever knows it can sign a pickle."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(home) / "evaluation-portal" / "reuse.key"
    if Path(os.path.realpath(path)).is_relative_to(os.path.realpath(portal)):
        return None
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(os.urandom(32))
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


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


def code_fingerprint(generator: Path = GENERATOR) -> str:
    """A hash of the generator's files (code, templates, assets) and of the installed distributions."""
    digest = hashlib.sha256()
    for path in sorted(generator.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            digest.update(f"{path.relative_to(generator).as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    digest.update(environment().encode())
    return digest.hexdigest()


def folder_digest(folder: Path) -> str | None:
    """A hash of every file below `folder` (relative path and bytes), links never followed;
    None when a file is too large for validation to read (the cycle is then checked afresh)."""
    digest = hashlib.sha256()
    for directory, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                digest.update(f"{relative}\0not a file\0".encode())
                continue
            if info.st_size > MAX_FILE_BYTES:
                return None
            with open(path, "rb") as source:
                data = source.read()
            digest.update(f"{relative}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


class Reuse:
    """The kept outcomes of the cycles of one portal (`root/.portal/cycles/`)."""

    def __init__(self, root: Path, fresh: bool = False, generator: Path = GENERATOR):
        """`fresh`: load nothing kept (every cycle is checked and scored again), keep what is made."""
        self.folder = work_folder(root) / "cycles"  # refused if it holds a link: nothing is written through one
        self.fresh = fresh
        self.secret = machine_key(root)
        self.code = code_fingerprint(generator) if self.secret else ""
        self.digests: dict[str, str | None] = {}

    def digest(self, cycle_folder: Path) -> str | None:
        """The hash of a cycle folder's files, computed once per run."""
        name = cycle_folder.name
        if name not in self.digests:
            self.digests[name] = folder_digest(cycle_folder)
        return self.digests[name]

    def key(self, cycle_id: str) -> str | None:
        digest = self.digests.get(cycle_id)
        if digest is None or digest.startswith(CHANGED_WHILE_READ) or self.secret is None:
            return None
        parts = [FORMAT, cycle_id, digest, self.code, today().isoformat(), keyring_fingerprint()]  # what the keys open
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def checked(self, cycle_folder: Path) -> tuple[Any, list, int, list] | None:
        """(cycle model or None, problems, files) as validation left them, if this folder is unchanged since."""
        self.digest(cycle_folder)
        return self.load(cycle_folder.name, "checked")

    def keep_checked(self, cycle_folder: Path, outcome: tuple[Any, list, int, list]) -> None:
        """Keep what validation made of the folder, unless a file was saved while it was read: then what was read is
        neither version, so it is kept under none, and the folder's hash becomes one no run will compute again (the
        build cache keeps its site under it: never restored)."""
        if folder_digest(cycle_folder) != self.digest(cycle_folder):
            self.digests[cycle_folder.name] = f"{CHANGED_WHILE_READ}{os.urandom(16).hex()}"
            return
        self.keep(cycle_folder.name, "checked", outcome)

    def results(self, cycle) -> Any | None:
        """The results computed for `cycle` (a CycleResults), if its files are unchanged since."""
        kept = self.load(cycle.id, "results")
        return dataclasses.replace(kept, cycle=cycle) if kept is not None else None

    def keep_results(self, results) -> None:
        self.keep(results.cycle.id, "results", dataclasses.replace(results, cycle=None))  # the cycle is kept as "checked"

    # -- signed files --------------------------------------------------------------------------

    def tag(self, kind: str, key: str, payload: bytes) -> bytes:
        return hmac.new(self.secret, f"{kind}\0{key}\0".encode() + payload, hashlib.sha256).digest()

    def load(self, cycle_id: str, kind: str) -> Any | None:
        key = self.key(cycle_id)
        if key is None or self.fresh:
            return None
        try:
            data = (self.folder / cycle_id / f"{kind}.pickle").read_bytes()
        except OSError:
            return None
        tag, payload = data[:TAG_BYTES], data[TAG_BYTES:]
        if not hmac.compare_digest(tag, self.tag(kind, key, payload)):
            return None  # another key (changed files, code, day) or not made here: never unpickled
        return pickle.loads(payload)  # noqa: S301 (signed by this user's key above)

    def keep(self, cycle_id: str, kind: str, value: Any) -> None:
        key = self.key(cycle_id)
        if key is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder = self.folder / cycle_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", delete=False) as out:
                out.write(self.tag(kind, key, payload) + payload)
            os.replace(out.name, folder / f"{kind}.pickle")
        except OSError:
            return  # a cache that cannot be written only costs time
