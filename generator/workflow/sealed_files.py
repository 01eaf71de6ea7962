"""`portal sealed …`: the organisers' commands for restricted files at rest (pipeline/vault.py).

One command opens, edits and seals again (`edit`): the clear text exists
only in a private temporary folder while the editor runs; it is checked in
its cycle before it is sealed, and the change is shown as a readable diff.
`show` prints a sealed file's clear text (git's textconv uses it, so a
reader's `git diff` and `git log -p` read clearly); `seal` turns clear files
into sealed ones (a unit moving to v1.2); `rekey` seals an open cycle's files
again for today's readers (an organiser joined or left).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..pipeline.load import MAX_FILE_BYTES
from ..pipeline.model import Org, Recipients
from ..pipeline.rules import FileTask, check_file
from ..pipeline.validate import validate_portal
from ..pipeline.vault import (
    RECIPIENTS_FILE,
    RESTRICTED_FOLDERS,
    Readers,
    VaultError,
    clear_path,
    file_stem,
    is_sealed_name,
    open_sealed,
    readers_of,
    seal,
)
from ..problems import WARNING, PortalError, Problem, UsageError, relative_path

GIT_DIFF_DRIVER = "portal-sealed"
GITATTRIBUTES_LINE = f"scorecards/**/*.yaml.age diff={GIT_DIFF_DRIVER}"


@dataclass(frozen=True)
class Place:
    """A restricted file of a cycle: scorecards/<cycle>/<folder>/<stem>.yaml(.age)."""

    root: Path
    cycle: str
    folder: str
    stem: str

    @property
    def sealed(self) -> Path:
        return self.root / "scorecards" / self.cycle / self.folder / f"{self.stem}.yaml.age"

    @property
    def clear(self) -> Path:
        return clear_path(self.sealed)

    def shown(self) -> str:
        return relative_path(self.sealed, self.root)


def place_of(root: Path, path: Path) -> Place:
    """The restricted file `path` names (clear or sealed form), or a usage error saying what may be named."""
    resolved = (path if path.is_absolute() else Path.cwd() / path).resolve(strict=False)
    try:
        parts = resolved.relative_to(root).parts
    except ValueError:
        parts = ()
    if len(parts) != 4 or parts[0] != "scorecards" or parts[2] not in RESTRICTED_FOLDERS \
            or not (parts[3].endswith((".yaml", ".yml")) or is_sealed_name(parts[3])):
        raise UsageError("sealed.not_restricted", path=str(path), folders="、".join(RESTRICTED_FOLDERS))
    if not (root / "scorecards" / parts[1]).is_dir():
        raise UsageError("cli.unknown_cycle", cycle=parts[1], cycles="")
    return Place(root, parts[1], parts[2], file_stem(Path(parts[3])))


# -- who reads -------------------------------------------------------------------------


def checked_model(path: Path, shown: str, kind: str):
    """One public file (recipients.yaml, org.yaml) as its model, or `PortalError` with its problems."""
    if path.is_symlink() or not path.is_file():
        raise PortalError([Problem(shown, None, None, "cycle.missing_file", {"file": shown})])
    model, problems = check_file(FileTask(path, shown, kind))
    if model is None:
        raise PortalError([p for p in problems if p.severity != WARNING])
    return model


def readers(place: Place) -> Readers:
    """The public keys `place` is sealed to, from recipients.yaml and the cycle's org.yaml."""
    if not (place.root / RECIPIENTS_FILE).is_file():
        raise UsageError("vault.no_recipients", file=RECIPIENTS_FILE, path=place.shown())
    recipients: Recipients = checked_model(place.root / RECIPIENTS_FILE, RECIPIENTS_FILE, "recipients")
    org_shown = f"scorecards/{place.cycle}/org.yaml"
    org: Org = checked_model(place.root / org_shown, org_shown, "org")
    found = readers_of(place.folder, place.stem, org, recipients.build, dict(recipients.accounts))
    if not found.keys:
        raise UsageError("sealed.no_readers", path=place.shown(), file=RECIPIENTS_FILE)
    return found


# -- opening ---------------------------------------------------------------------------


def clear_text(place: Place) -> str | None:
    """The clear text of `place` as it is now (sealed or, before v1.2, clear); None when it does not exist yet."""
    if place.sealed.is_file() and not place.sealed.is_symlink():
        return opened_text(place.sealed, place.shown())
    if place.clear.is_file() and not place.clear.is_symlink():
        return place.clear.read_text(encoding="utf-8-sig")
    return None


def opened_text(path: Path, shown: str) -> str:
    """A sealed file's clear text, or a usage error: no key, or not one of its readers."""
    if path.stat().st_size > 2 * MAX_FILE_BYTES:
        raise UsageError("file.too_large", size=path.stat().st_size, limit=2 * MAX_FILE_BYTES)
    opened = open_sealed(path.read_bytes())
    if opened is None:
        raise VaultError("sealed.cannot_open", path=shown)
    return opened.decode("utf-8-sig")


def shown_text(path: Path) -> str | None:
    """What `portal sealed show` prints: the clear text, or None where this user's key does not open it (the
    command then prints one line saying so, so that git's textconv still gives a diff to a non-reader)."""
    try:
        return opened_text(path, str(path))
    except VaultError as error:
        if error.key in ("sealed.cannot_open", "vault.not_sealed"):
            return None
        raise


# -- checking an edit --------------------------------------------------------------------


def problems_of_edit(place: Place, text: str) -> list[Problem]:
    """The problems of `text` as `place`, checked in its cycle (cross-file rules included): a private copy of
    the cycle's folder with the new text in place of the file.  Only that file's problems are returned."""
    with tempfile.TemporaryDirectory(prefix="portal-check-") as scratch:
        copy = Path(scratch)
        source = place.root / "scorecards" / place.cycle
        shutil.copytree(source, copy / "scorecards" / place.cycle, symlinks=True,
                        ignore=lambda folder, names: [n for n in names if n.startswith(".")])
        copied = Place(copy, place.cycle, place.folder, place.stem)
        for old in (copied.sealed, copied.clear):
            old.unlink(missing_ok=True)
        copied.clear.parent.mkdir(parents=True, exist_ok=True)
        copied.clear.write_text(text, encoding="utf-8")
        report = validate_portal(copy)
    shown_clear = relative_path(place.clear, place.root)
    return [Problem(place.shown(), p.line, p.column, p.key, p.args, p.severity)
            for p in report.problems if p.path == shown_clear]


def ballots_list_problem(place: Place, text: str) -> Problem | None:
    """Contract v1.2, tallies only: a list of single ballots tells who cast each one; it is never sealed anew."""
    if place.folder != "democratic":
        return None
    import yaml

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return None  # reported by the check with its line
    if isinstance(value, dict) and "ballots" in value:
        return Problem(place.shown(), None, None, "sealed.ballots_list", {"section": place.stem})
    return None


def diff_lines(old: str | None, new: str, shown: str) -> list[str]:
    """A unified diff of the clear texts, for the organiser to read what they changed."""
    return list(difflib.unified_diff((old or "").splitlines(), new.splitlines(), f"{shown} (之前)", f"{shown} (之后)", lineterm=""))


# -- writing ---------------------------------------------------------------------------


def write_sealed(place: Place, text: str) -> Readers:
    """Seal `text` for the file's readers and put it in place (atomically); the clear form, if any, goes."""
    found = readers(place)
    sealed = seal(text.encode("utf-8"), list(found.keys))
    place.sealed.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=place.sealed.parent, prefix=".sealing-")
    with os.fdopen(descriptor, "wb") as out:
        out.write(sealed)
    os.replace(temporary, place.sealed)
    if place.clear.exists() and not place.clear.is_symlink():
        place.clear.unlink()
    return found


def draft_folder() -> Path:
    """Where an edit that could not be sealed is kept, readable by this user only, outside every portal."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(home) / "evaluation-portal" / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def keep_draft(place: Place, text: str) -> Path:
    path = draft_folder() / f"{place.cycle}-{place.folder}-{place.stem}.yaml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    return path


@dataclass
class EditOutcome:
    changed: bool
    diff: list[str]
    problems: list[Problem]
    readers: Readers | None = None
    draft: Path | None = None


def edit(place: Place, new_text: Callable[[str], str | None], retry: Callable[[list[Problem]], bool]) -> EditOutcome:
    """Open, edit, check, seal again.  `new_text(old)` gives the edited text (an editor, or a file); when the
    edit has errors, `retry(problems)` says whether to edit again; if not, the edit is kept as a private draft."""
    old = clear_text(place)
    text = old if old is not None else skeleton(place)
    while True:
        edited = new_text(text)
        if edited is None or (edited == old and place.sealed.exists()):
            return EditOutcome(False, [], [])
        problems = [p for p in [ballots_list_problem(place, edited)] if p] + problems_of_edit(place, edited)
        errors = [p for p in problems if p.severity != WARNING]
        if not errors:
            found = write_sealed(place, edited)
            return EditOutcome(True, diff_lines(old, edited, place.shown()), problems, found)
        text = edited
        if not retry(errors):
            return EditOutcome(False, diff_lines(old, edited, place.shown()), problems, draft=keep_draft(place, edited))


def skeleton(place: Place) -> str:
    """The start of a new restricted file: its section (or nothing) and a comment pointing at the guide."""
    from ..catalog import translate

    head = translate("sealed.skeleton_comment", "zh", folder=place.folder)
    if place.folder in ("democratic", "organizational"):
        return f"# {head}\nsection: {place.stem}\n"
    return f"# {head}\n"


def editor_text(editor: str | None) -> Callable[[str], str | None]:
    """Runs the editor on a private temporary copy (click.edit: $VISUAL, $EDITOR, else vi/notepad)."""
    import click

    def run(text: str) -> str | None:
        with tempfile.TemporaryDirectory(prefix="portal-edit-") as private:
            path = Path(private) / "restricted.yaml"
            path.write_text(text, encoding="utf-8")
            click.edit(filename=str(path), editor=editor, extension=".yaml")
            return path.read_text(encoding="utf-8-sig")

    return run


# -- sealing many ------------------------------------------------------------------------


def restricted_files(root: Path, cycle: str | None = None) -> list[Path]:
    """Every file of the restricted folders (clear or sealed), of one cycle or all, in path order."""
    scorecards = root / "scorecards"
    cycles = [scorecards / cycle] if cycle else sorted(p for p in scorecards.iterdir() if p.is_dir() and not p.name.startswith("."))
    found = []
    for folder in cycles:
        for name in RESTRICTED_FOLDERS:
            sub = folder / name
            if sub.is_dir() and not sub.is_symlink():
                found += sorted(p for p in sub.iterdir() if p.is_file() and not p.is_symlink()
                                and (p.suffix in (".yaml", ".yml") or is_sealed_name(p.name)))
    return found


def seal_clear_files(root: Path, cycle: str | None) -> tuple[list[tuple[Place, Readers]], list[Problem]]:
    """Every clear restricted file sealed for its readers, its clear form removed (a unit moving to v1.2);
    and warnings for the ballots lists among them (kept as they are: already in the repository, contract v1.2
    keeps them readable; `portal tally-ballots` turns an open cycle's list into tallies).  Nothing is written
    while the portal has an error."""
    places = [place_of(root, path) for path in restricted_files(root, cycle) if not is_sealed_name(path.name)]
    errors = [p for p in validate_portal(root).problems if p.severity != WARNING]
    if errors:
        raise PortalError(errors, "sealed.seal_refused")
    warnings = [dataclasses.replace(p, severity=WARNING) for place in places
                if (p := ballots_list_problem(place, place.clear.read_text(encoding="utf-8-sig")))]
    return [(place, write_sealed(place, place.clear.read_text(encoding="utf-8-sig"))) for place in places], warnings


def rekey(root: Path, cycle: str) -> tuple[list[Place], list[str]]:
    """Seal every restricted file of an open cycle again for today's readers; (resealed, not opened by this key)."""
    status = checked_model(root / "scorecards" / cycle / "cycle.yaml", f"scorecards/{cycle}/cycle.yaml", "cycle").status
    if status == "closed":
        raise UsageError("sealed.rekey_closed", cycle=cycle)
    done, unopened = [], []
    for path in restricted_files(root, cycle):
        place = place_of(root, path)
        if not is_sealed_name(path.name):
            continue
        opened = open_sealed(path.read_bytes())
        if opened is None:
            unopened.append(place.shown())
            continue
        write_sealed(place, opened.decode("utf-8-sig"))
        done.append(place)
    return done, unopened


def set_up_git(root: Path, command: str) -> Path:
    """`.gitattributes` names the sealed files' diff driver; this clone's git config runs `portal sealed show`."""
    attributes = root / ".gitattributes"
    lines = attributes.read_text(encoding="utf-8").splitlines() if attributes.is_file() else []
    if GITATTRIBUTES_LINE not in lines:
        attributes.write_text("\n".join([*lines, GITATTRIBUTES_LINE]) + "\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "config", f"diff.{GIT_DIFF_DRIVER}.textconv", command], check=True)
    return attributes
