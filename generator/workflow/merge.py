"""The merge a pull request would make, read as data: `portal check-changes --head REF`.

The gate judges the tree the host's merge would produce, not a diff against
one merge base: `git merge-tree --write-tree BASE HEAD` writes that tree
without a work tree (git >= 2.38), and the change is the diff from the base
tip to it.  With a criss-cross history (several merge bases) a diff against
one of them can miss what the merge applies; the merged tree cannot.

Nothing of the pull request is checked out, installed or run.  Its files are
git objects: the rules read them with `git cat-file`, and `portal validate`
reads an export of the merged tree's `scorecards/` into a private temporary
folder that holds regular files only (no link, no submodule, no executable
bit, no path that could leave the folder).  No key is needed or used: sealed
restricted files are exported as the armoured text they are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..pipeline.load import MAX_FILE_BYTES
from ..problems import Problem, UsageError
from .revision import GITLINK_MODE, SYMLINK_MODE, git_bytes, merge_bases, path_text

EXPORTED = "scorecards"  # what validation reads; everything else of the tree stays a git object
KEY_VARIABLES = ("PORTAL_AGE_KEY", "PORTAL_AGE_KEY_FILE")


@dataclass(frozen=True)
class Merge:
    """The base tip, the pull request's head, every merge base of the two, the tree the merge writes
    and the paths it could not merge (a merge with conflicts is judged no further)."""

    base: str
    head: str
    bases: tuple[str, ...]
    tree: str
    conflicts: tuple[str, ...] = ()


def merged(root: Path, base: str, head: str) -> Merge:
    """The merge of `head` into `base` as the host would make it (`git merge-tree --write-tree`)."""
    if not related(root, base, head):
        raise UsageError("changes.unrelated", base=base, head=head)
    bases = tuple(merge_bases(root, base, head))
    result = subprocess.run(["git", "-C", str(root), "merge-tree", "--write-tree", "--no-messages", "-z", "--name-only",
                             base, head], capture_output=True)
    if result.returncode not in (0, 1):  # 1: conflicts
        reason = result.stderr.decode("utf-8", "replace").strip()
        raise UsageError("changes.git_failed", command="git merge-tree --write-tree", reason=reason)
    tree = result.stdout.split(b"\0", 1)[0].decode().strip()
    return Merge(base, head, bases, tree, conflicted(result.stdout) if result.returncode == 1 else ())


def related(root: Path, base: str, head: str) -> bool:
    """Whether the two commits share history (`git merge-base` exits 1 when they do not)."""
    result = subprocess.run(["git", "-C", str(root), "merge-base", base, head], capture_output=True)
    return result.returncode == 0


def conflicted(output: bytes) -> tuple[str, ...]:
    """The conflicted paths of `merge-tree -z --name-only` output: after the tree id, up to an empty field."""
    names = []
    for field in output.split(b"\0")[1:]:
        if not field:
            break
        names.append(path_text(field))
    return tuple(dict.fromkeys(names)) or ("—",)


@dataclass(frozen=True)
class Entry:
    mode: str
    oid: str
    path: bytes


def tree_entries(root: Path, tree: str, folder: str) -> list[Entry]:
    """Every entry below `folder` of a tree, recursively (blobs, links and submodules)."""
    listing = git_bytes(root, "ls-tree", "-r", "-z", "--full-tree", tree, "--", folder)
    entries = []
    for raw in listing.split(b"\0"):
        if raw:
            meta, _, path = raw.partition(b"\t")
            mode, _, oid = meta.decode().split(" ")
            entries.append(Entry(mode, oid, path))
    return entries


def safe_parts(path: bytes) -> list[bytes] | None:
    """The components of a tree path, or None when one could leave the folder or is not a plain name."""
    parts = path.split(b"/")
    if any(p in (b"", b".", b"..") or p.lower() == b".git" or b"\\" in p for p in parts):
        return None
    return parts


@contextmanager
def exported(root: Path, tree: str) -> Iterator[tuple[Path, list[Problem]]]:
    """A private folder holding the regular files of `scorecards/` of `tree`, and the problems found exporting
    (links are reported as `portal validate` reports them, never written); removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="portal-merged-"))  # mode 0700: this user's only
    try:
        problems = export(root, tree, folder)
        yield folder, problems
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def export(root: Path, tree: str, folder: Path) -> list[Problem]:
    os.mkdir(folder / EXPORTED, 0o700)
    problems, blobs = [], []
    for entry in tree_entries(root, tree, EXPORTED):
        shown = path_text(entry.path)
        if entry.mode == SYMLINK_MODE:
            problems.append(Problem(shown, None, None, "file.symlink"))
        elif entry.mode == GITLINK_MODE:
            continue  # a submodule: `only_plain_files` refuses one in the change
        elif safe_parts(entry.path) is None:
            problems.append(Problem(shown, None, None, "changes.odd_path"))
        else:
            blobs.append(entry)
    for entry, data, size in blob_contents(root, blobs):
        try:
            write_private(folder, entry.path, data, size)
        except OSError:  # a name twice (a crafted tree), or one this file system cannot hold
            problems.append(Problem(path_text(entry.path), None, None, "changes.odd_path"))
    return problems


def blob_contents(root: Path, entries: list[Entry]) -> Iterator[tuple[Entry, bytes, int]]:
    """Each blob's bytes (at most MAX_FILE_BYTES + 1 of them) and its size, streamed from one `git cat-file --batch`."""
    if not entries:
        return
    process = subprocess.Popen(["git", "-C", str(root), "cat-file", "--batch"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    query = "".join(f"{entry.oid}\n" for entry in entries).encode()

    def feed() -> None:
        try:
            process.stdin.write(query)
        finally:
            process.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for entry in entries:
            header = process.stdout.readline().split(b" ")
            if len(header) != 3 or header[1] != b"blob":
                raise UsageError("changes.git_failed", command="git cat-file --batch", reason=path_text(entry.path))
            size = int(header[2])
            kept = process.stdout.read(min(size, MAX_FILE_BYTES + 1))
            skip(process.stdout, size - len(kept) + 1)  # the rest, and the newline after each object
            yield entry, kept, size
    finally:
        writer.join()
        process.stdout.close()
        process.wait()


def skip(stream, count: int) -> None:
    while count > 0:
        chunk = stream.read(min(count, 1 << 20))
        if not chunk:
            return
        count -= len(chunk)


def write_private(folder: Path, path: bytes, data: bytes, size: int) -> None:
    """Write one regular file below `folder`, creating plain folders; never through a link, never over a file.
    A file larger than validation reads is kept at its size (sparse), so validation refuses it by size."""
    parts = path.split(b"/")
    directory = os.fsencode(folder)
    for part in parts[:-1]:
        directory = os.path.join(directory, part)
        if not os.path.isdir(directory) or os.path.islink(directory):
            os.mkdir(directory, 0o700)
    target = os.path.join(directory, parts[-1])
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        if size > len(data):
            file.truncate(size)


@contextmanager
def keyless(folder: Path) -> Iterator[None]:
    """No age key while the pull request's tree is validated, so its sealed files stay sealed: neither of the
    key variables, and the configuration folder (where a user's default key file lives) moved to `folder`,
    which holds none."""
    saved = {name: os.environ.get(name) for name in (*KEY_VARIABLES, "XDG_CONFIG_HOME")}
    for name in KEY_VARIABLES:
        os.environ.pop(name, None)
    os.environ["XDG_CONFIG_HOME"] = str(folder / "no-config")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
