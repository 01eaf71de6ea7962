"""Reading a git repository for `portal check-changes`: the change itself and files as they were.

Everything git prints is read NUL-separated (`-z`), never line by line: git
quotes names with non-ASCII bytes in its line output ("\\346\\236\\227.yaml"),
and rules that compare paths must see the names as they are.

Two views of the portal's files: `Revision` is a commit or a tree (the
target branch, a merge base, the tree a merge would write), read with `git
cat-file` without checking anything out; `WorkTree` is a local head being
checked (the work tree, for a check before committing).  Both give a YAML file's mapping through
the portal's own safe loader (no aliases, bounded size and depth), so a
hostile file cannot exhaust memory while the rules look at it.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..pipeline.load import MAX_FILE_BYTES, LoadFailed, compose_node, values_from_node
from ..problems import UsageError

SYMLINK_MODE = "120000"
GITLINK_MODE = "160000"  # a submodule
ABSENT_MODE = "000000"


@dataclass(frozen=True)
class Change:
    """One changed path: status A added, M modified, D deleted, R renamed, T type changed."""

    status: str
    path: str
    old_path: str | None = None
    old_mode: str = ABSENT_MODE
    new_mode: str = ABSENT_MODE

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.path).parts

    def paths(self) -> tuple[str, ...]:
        """The path, and where it came from when renamed."""
        return (self.path, self.old_path) if self.old_path else (self.path,)


def git_bytes(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, input=stdin)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip()
        raise UsageError("changes.git_failed", command="git " + " ".join(args), reason=reason)
    return result.stdout


def path_text(raw: bytes) -> str:
    """A path as git gives it: UTF-8, with any other byte kept visible (\\xNN) for messages."""
    return raw.decode("utf-8", "backslashreplace")


def merge_base(root: Path, base: str) -> str:
    return git_bytes(root, "merge-base", base, "HEAD").decode().strip()


def merge_bases(root: Path, base: str, head: str = "HEAD") -> list[str]:
    """Every merge base of the two (more than one in a criss-cross history)."""
    return git_bytes(root, "merge-base", "--all", base, head).decode().split()


def resolved(root: Path, revision: str) -> str:
    return git_bytes(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()


def changed_files(root: Path, since: str) -> list[Change]:
    """Every path that differs between the commit `since` and the work tree (commits, edits, new files)."""
    changes = raw_changes(git_bytes(root, "diff", "--raw", "-z", "-M", "--no-abbrev", "--no-ext-diff", since))
    for raw in git_bytes(root, "ls-files", "-z", "--others", "--exclude-standard").split(b"\0"):
        if raw:
            changes.append(untracked(root, path_text(raw)))
    return changes


def changed_between(root: Path, before: str, after: str) -> list[Change]:
    """Every path that differs between two commits or trees (nothing checked out, no diff driver run)."""
    return raw_changes(git_bytes(root, "diff", "--raw", "-z", "-M", "--no-abbrev", "--no-ext-diff", "--no-textconv",
                                 before, after, "--"))


def raw_changes(output: bytes) -> list[Change]:
    """The changes of `git diff --raw -z` output."""
    fields = output.split(b"\0")
    changes = []
    index = 0
    while index + 1 < len(fields) and fields[index].startswith(b":"):
        old_mode, new_mode, _, _, status = fields[index][1:].decode().split(" ")
        if status[0] in "RC":
            changes.append(Change(status[0], path_text(fields[index + 2]), path_text(fields[index + 1]), old_mode, new_mode))
            index += 3
        else:
            changes.append(Change(status[0], path_text(fields[index + 1]), None, old_mode, new_mode))
            index += 2
    return changes


def untracked(root: Path, path: str) -> Change:
    """A new file not yet committed; git lists a nested repository as `dir/`, which is a submodule to be."""
    if path.endswith("/"):
        return Change("A", path.rstrip("/"), new_mode=GITLINK_MODE)
    mode = os.lstat(root / path).st_mode
    return Change("A", path, new_mode=SYMLINK_MODE if stat.S_ISLNK(mode) else "100644")


def mapping_from_text(text: str, shown_path: str) -> dict | None:
    """The mapping a YAML text holds, read by the portal's safe loader; None when it is not one."""
    try:
        value = values_from_node(compose_node(text, shown_path), shown_path, [], set())
    except LoadFailed:
        return None
    return value if isinstance(value, dict) else None


def mapping_from_bytes(data: bytes, shown_path: str) -> dict | None:
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        return mapping_from_text(data.decode("utf-8-sig"), shown_path)
    except UnicodeDecodeError:
        return None


class Revision:
    """The files of one commit, read with `git cat-file` (nothing is checked out, links are never followed)."""

    def __init__(self, root: Path, commit: str):
        self.root = root
        self.commit = commit
        self.cache: dict[str, dict | None] = {}

    def names(self, folder: str) -> list[str]:
        """The names directly in `folder` at this commit (empty when it does not exist)."""
        listing = git_bytes(self.root, "ls-tree", "-z", "--name-only", f"{self.commit}:{folder}", "--") \
            if self.exists(folder) else b""
        return [path_text(name) for name in listing.split(b"\0") if name]

    def exists(self, path: str) -> bool:
        result = subprocess.run(["git", "-C", str(self.root), "cat-file", "-e", f"{self.commit}:{path}"], capture_output=True)
        return result.returncode == 0

    def mapping(self, path: str) -> dict | None:
        if path not in self.cache:
            self.mappings([path])
        return self.cache[path]

    def mappings(self, paths: list[str]) -> dict[str, dict | None]:
        """The YAML mappings of regular files at this commit, read in one `git cat-file --batch`."""
        wanted = [p for p in dict.fromkeys(paths) if p not in self.cache and "\n" not in p]
        if wanted:
            modes = self.modes(wanted)
            query = "".join(f"{self.commit}:{p}\n" for p in wanted).encode()
            output = git_bytes(self.root, "cat-file", "--batch", stdin=query)
            for path, data in zip(wanted, batch_contents(output)):
                regular = modes.get(path, "").startswith("100")
                self.cache[path] = mapping_from_bytes(data, path) if data is not None and regular else None
        return {p: self.cache.get(p) for p in paths}

    def blob(self, path: str) -> bytes | None:
        """A regular file's bytes at this commit; None when absent, not a regular file or larger than validation reads."""
        if "\n" in path or not self.modes([path]).get(path, "").startswith("100"):
            return None
        if int(git_bytes(self.root, "cat-file", "-s", f"{self.commit}:{path}")) > MAX_FILE_BYTES:
            return None
        return git_bytes(self.root, "cat-file", "blob", f"{self.commit}:{path}")

    def modes(self, paths: list[str]) -> dict[str, str]:
        listing = git_bytes(self.root, "ls-tree", "-z", self.commit, "--", *paths)
        modes = {}
        for entry in listing.split(b"\0"):
            if entry:
                meta, _, name = entry.partition(b"\t")
                modes[path_text(name)] = meta.split(b" ")[0].decode()
        return modes


def batch_contents(output: bytes) -> list[bytes | None]:
    """The objects of `git cat-file --batch` output in order; None for a missing one."""
    contents: list[bytes | None] = []
    position = 0
    while position < len(output):
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split(b" ")
        if header[-1] == b"missing" or len(header) < 3:
            contents.append(None)
            position = header_end + 1
            continue
        size = int(header[2])
        contents.append(output[header_end + 1:header_end + 1 + size] if header[1] == b"blob" else None)
        position = header_end + 1 + size + 1
    return contents


class WorkTree:
    """The head being checked: the files in the work tree, links never followed."""

    def __init__(self, root: Path):
        self.root = root

    def mapping(self, path: str) -> dict | None:
        data = self.blob(path)
        return mapping_from_bytes(data, path) if data is not None else None

    def blob(self, path: str) -> bytes | None:
        """A regular file's bytes; None when absent, a link or anything else, or larger than validation reads."""
        file = self.root / path
        try:
            info = os.lstat(file)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            return file.read_bytes()
        except OSError:
            return None
