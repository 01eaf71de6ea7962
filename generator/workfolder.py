"""The generator's work folder, `.portal/`: checked cycles, the build cache, rendered pages, sealing keys.

Only the portal makes it, and it is git-ignored, but a clone can still carry
one (`git add -f`), and a symbolic link in it would make a build write or
delete files elsewhere: the rendered pages of a cycle (`.portal/docs/<cycle>/`)
are kept in step with what is wanted there (anything else is deleted), cache
entries are replaced with `rmtree`.  So every command that reads or writes it
first checks that neither the folder nor anything in it is a link (links are
never followed); otherwise it stops before touching anything.  Deleting
`.portal/` is always safe.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import UsageError, relative_path

WORK_DIR = ".portal"


def work_folder(root: Path) -> Path:
    """`root/.portal`, once it is known to hold no symbolic link (UsageError naming the first one found)."""
    folder = root / WORK_DIR
    refuse_links(root, folder, "work.symlink")
    return folder


def refuse_links(root: Path, path: Path, key: str) -> None:
    """UsageError(`key`) naming `path` or the first link found below it, if there is one."""
    link = first_link(path)
    if link is not None:
        raise UsageError(key, path=relative_path(link, root))


def first_link(path: Path) -> Path | None:
    """`path` itself if it is a symbolic link, else the first link found below it (never followed); None if none."""
    if path.is_symlink():
        return path
    if not path.is_dir():
        return None
    pending = [str(path)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for found in entries:
                if found.is_symlink():
                    return Path(found.path)
                if found.is_dir(follow_symlinks=False):
                    pending.append(found.path)
    return None
