"""`portal keys new`: a person's own age key pair for the restricted files.

The private key is written, readable by its owner only, to a file outside
every repository (never where `git add` could pick it up); the public key
(`age1…`) is printed for the organisers to add to scorecards/recipients.yaml.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..pipeline.vault import default_key_file, new_identity
from ..problems import UsageError


def inside_repository(path: Path) -> Path | None:
    """The folder of a git work tree or portal that would hold `path`, if any."""
    for folder in path.resolve().parents:
        if (folder / ".git").exists() or (folder / "scorecards").is_dir():
            return folder
    return None


def write_key_file(out: Path | None, force: bool) -> tuple[Path, str]:
    """Write a new private key to `out` (default ~/.config/evaluation-portal/age-key.txt), mode 600; its public key."""
    path = out or default_key_file()
    holder = inside_repository(path)
    if holder is not None:
        raise UsageError("keys.inside_repository", path=str(path), folder=str(holder))
    if path.exists() and not force:
        raise UsageError("keys.exists", path=str(path))
    private, public = new_identity()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out_file:
        out_file.write(f"# public key: {public}\n{private}\n")
    os.chmod(path, 0o600)
    return path, public
