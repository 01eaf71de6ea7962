"""The signed manifests of closed cycles, as kept in the repository's `closing/` folder (read only; no crypto, no git).

`portal close` (workflow/closing.py) signs a manifest of every file of the
cycle's site and scorecards and keeps it in the repository as
`closing/<NNNN>-<cycle>.json` with its SSH signature `….json.sig`, one global,
numbered chain (each manifest names the root of the one before).  The build
reads them here (site/closing_page.py: the home page says when and by whom
the cycle was closed, its files are dated from the closing commit, and
`site/<cycle>/closing/` carries the chain), as do `portal verify` and the
notices (workflow/).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

ARCHIVE = "closing"  # the repository's folder of manifests, and each closed cycle's folder in the site
MANIFEST_NAME = re.compile(r"^(\d{4})-([A-Za-z0-9][A-Za-z0-9._\-]*)\.json$")
SIGNATURE_SUFFIX = ".sig"
NOTE_VARIABLE = "PORTAL_CLOSING"  # set by `portal close` and `portal verify --rebuild` for the build they run


@dataclass(frozen=True)
class ClosingNote:
    """What a closed cycle's pages say of its closing, and the time its files are dated with."""

    cycle: str
    closed_at: str  # ISO date-time (UTC) of the closing commit
    closed_by: str  # the organiser's account that signed
    epoch: int  # SOURCE_DATE_EPOCH of the build: the signed commit's time (never 0: mkdocs#3788)

    def as_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)


@dataclass(frozen=True)
class Manifest:
    path: Path
    sequence: int
    cycle: str
    data: dict
    raw: bytes


def chain(root: Path) -> list[Manifest]:
    """Every manifest of the repository at `root`, in sequence order."""
    return chain_in(root / ARCHIVE)


def chain_in(folder: Path) -> list[Manifest]:
    found = []
    if folder.is_dir() and not folder.is_symlink():
        for path in sorted(folder.iterdir()):
            match = MANIFEST_NAME.fullmatch(path.name)
            if match and path.is_file() and not path.is_symlink():
                raw = path.read_bytes()
                try:
                    data = json.loads(raw)
                except ValueError:
                    data = {}
                found.append(Manifest(path, int(match.group(1)), match.group(2), data if isinstance(data, dict) else {}, raw))
    return sorted(found, key=lambda m: m.sequence)


def signed_manifests(root: Path, cycle_id: str) -> dict[str, bytes]:
    """A closed cycle's signed manifests as stored (each `….json` with its `….json.sig`), and the allowed_signers
    file that names who may sign: what a bundle carries so the province can check the cycle against its closing."""
    found = {}
    for manifest in chain(root):
        if manifest.cycle == cycle_id:
            found[manifest.path.name] = manifest.raw
            signature = manifest.path.with_name(manifest.path.name + SIGNATURE_SUFFIX)
            if signature.is_file() and not signature.is_symlink():
                found[signature.name] = signature.read_bytes()
    signers = root / ARCHIVE / "allowed_signers"
    if found and signers.is_file() and not signers.is_symlink():
        found[signers.name] = signers.read_bytes()
    return found


def closing_note(root: Path, cycle_id: str) -> ClosingNote | None:
    """The closing of `cycle_id`: as `portal close` passes it to the build it runs, else from the cycle's first manifest."""
    given = os.environ.get(NOTE_VARIABLE)
    if given:
        data = json.loads(given)
        return ClosingNote(**data) if data.get("cycle") == cycle_id else None
    for manifest in chain(root):
        if manifest.cycle == cycle_id:
            note = manifest.data.get("closing")
            if isinstance(note, dict):
                return ClosingNote(cycle_id, str(note.get("closed_at")), str(note.get("closed_by")),
                                   int(manifest.data.get("source_date_epoch") or 0) or 1)
    return None


def site_files(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a cycle's site folder, by path below it, except the `closing/` folder (it holds the manifest)."""
    found = {}
    for directory, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not (Path(directory) == folder and f == ARCHIVE))
        for name in names:
            path = Path(directory, name)
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def newest_manifest(root: Path, cycle_id: str) -> Manifest | None:
    own = [m for m in chain(root) if m.cycle == cycle_id]
    return own[-1] if own else None


def signed_site_intact(root: Path, folder: Path, cycle_id: str) -> bool:
    """Whether `folder` (a built cycle) is, file for file, the site the cycle's newest manifest signed."""
    newest = newest_manifest(root, cycle_id)
    if newest is None or not folder.is_dir() or folder.is_symlink():
        return False
    files = newest.data.get("files") if isinstance(newest.data.get("files"), dict) else {}
    signed = {p.removeprefix("site/"): d for p, d in files.items() if p.startswith("site/")}
    return bool(signed) and site_files(folder) == signed
