"""`portal close C`: a closed cycle built reproducibly, its files hashed into a signed, chained manifest, and a signed tag.

The steps, in order (content/guide/closing.md explains them to organisers,
docs/closing.md to developers):

1. the work tree is clean and the cycle is `status: closed` at HEAD, its 公示
   over and no objection open (contract v1.1), the signer one of its organisers
   with a key `closing/allowed_signers` allows now;
2. HEAD (the closing commit) is exported with `git archive` and built by the
   generator it holds (else the installed one) with SOURCE_DATE_EPOCH = the
   commit's time: the same commit always gives the same bytes (`verify --rebuild`);
3. the manifest lists the SHA-256 of every file of the cycle's site and of its
   scorecards as stored at that commit (sealed files as sealed), their Merkle
   root (`merkle.py`) and the previous manifest's root and hash (the chain);
   it is written to `closing/<NNNN>-<cycle>.json`, signed with `ssh-keygen -Y sign`
   (`….json.sig`), and HEAD is tagged `closed/<cycle>` (amendments `closed/<cycle>-<n>`),
   a tag signed with the same key;
4. the built site is handed to `install` (the CLI puts it in place as `site/<cycle>/`, with its `closing/` folder).

An upheld appeal after the closing is merged as usual; `portal close C` run
again on that commit signs an amendment: a new manifest chained to the last.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..clock import today
from ..pipeline import archive
from ..pipeline.archive import ARCHIVE, ClosingNote, site_files
from ..pipeline.model import Cycle, Portal
from ..problems import UsageError
from . import merkle, signatures
from .revision import git_bytes

FORMAT = "evaluation-portal closing manifest 1"
TAG_PREFIX = "closed/"


# -- git ------------------------------------------------------------------------------------------


def git_text(root: Path, *args: str) -> str:
    return git_bytes(root, *args).decode("utf-8", "replace").strip()


def head_commit(root: Path) -> str:
    return git_text(root, "rev-parse", "--verify", "HEAD^{commit}")


def commit_time(root: Path, commit: str) -> int:
    return int(git_text(root, "show", "-s", "--format=%ct", commit))


def iso_utc(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).isoformat()


def stored_files(root: Path, commit: str, folder: str) -> dict[str, str]:
    """SHA-256 of every file below `folder` at `commit`, as stored in git (sealed files as sealed), by path."""
    with tarfile.open(fileobj=io.BytesIO(git_bytes(root, "archive", "--format=tar", commit, "--", folder))) as tar:
        return {member.name: merkle.file_digest(tar.extractfile(member).read())
                for member in tar.getmembers() if member.isfile()}


def has_path(root: Path, commit: str, path: str) -> bool:
    return bool(git_bytes(root, "ls-tree", "--name-only", commit, "--", path).strip())


# -- the reproducible build -----------------------------------------------------------------------


@contextmanager
def built_from_commit(root: Path, commit: str, cycle_id: str, note: ClosingNote) -> Iterator[Path]:
    """The site of `cycle_id` as `commit` builds it, in a temporary folder (removed afterwards).

    The commit is exported with `git archive` (nothing of the work tree, its caches or its clock
    enters) and built with `--force` by the generator the commit holds, if it holds one, else by the
    installed one; the closing note and SOURCE_DATE_EPOCH come from the commit."""
    with tempfile.TemporaryDirectory(prefix="portal-close-") as folder:
        tree = Path(folder) / "tree"
        tree.mkdir()
        with tarfile.open(fileobj=io.BytesIO(git_bytes(root, "archive", "--format=tar", commit))) as tar:
            tar.extractall(tree, filter="data")
        env = {**os.environ, archive.NOTE_VARIABLE: note.as_json(), "SOURCE_DATE_EPOCH": str(note.epoch),
               "PORTAL_WORKERS": os.environ.get("PORTAL_WORKERS", "1")}
        if (tree / "generator" / "__init__.py").is_file():
            env["PYTHONPATH"] = str(tree) + os.pathsep + env.get("PYTHONPATH", "")
        env.pop("PORTAL_LANG", None)  # the archive is the Chinese site, whoever runs it
        done = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(tree), "--cycle", cycle_id, "--force"],
                              capture_output=True, text=True, env=env, cwd=folder)
        if done.returncode != 0:
            raise UsageError("close.build_failed", commit=commit[:12], reason=(done.stderr or done.stdout).strip()[-800:])
        yield tree / "site" / cycle_id


def manifest_files(site: dict[str, str], scorecards: dict[str, str]) -> dict[str, str]:
    """The leaves of a manifest: `site/<path>` for the site's files, `scorecards/<cycle>/…` as stored."""
    return dict(sorted({**{f"site/{p}": d for p, d in site.items()}, **scorecards}.items()))


# -- closing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Closed:
    manifest: Path
    tag: str
    root: str
    files: int
    amendment: bool


def close_cycle(root: Path, portal: Portal, cycle_id: str, signer: str | None, key_file: Path,
                install: Callable[[Path], None]) -> Closed:
    """Close `cycle_id` at HEAD: check, build, hash, sign, tag, and hand the archived site to `install`.
    Without `signer`, the one organiser `closing/allowed_signers` lists with this key."""
    cycle = portal.cycles[cycle_id]
    check_closable(root, cycle)
    allowed = read_signers(root)
    public = signatures.public_key_of(key_file)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    if signer is None:
        organisers = {o.lower() for o in cycle.org.organisers}
        named = sorted({p for s in allowed if s.key == public for p in s.principals if p.lower() in organisers})
        if len(named) != 1:
            raise UsageError("close.which_signer", file=signatures.ALLOWED_SIGNERS, found="、".join(named) or "—")
        signer = named[0]
    signer = signer.removeprefix("@")
    if signer.lower() not in {o.lower() for o in cycle.org.organisers}:
        raise UsageError("close.not_organiser", signer=signer, organisers="、".join(cycle.org.organisers) or "—")
    if not any(s.key == public and signer in s.principals and s.valid_at(now) for s in allowed):
        raise UsageError("close.key_not_allowed", signer=signer, file=signatures.ALLOWED_SIGNERS)
    commit = head_commit(root)
    chain = archive.chain(root)
    own = [m for m in chain if m.cycle == cycle_id]
    if own and not check_only_appeals_changed(root, str(own[-1].data.get("commit", "")), commit, cycle_id):
        raise UsageError("close.already", cycle=cycle_id, manifest=own[-1].path.relative_to(root).as_posix())
    epoch = commit_time(root, commit)
    if epoch <= 0:
        raise UsageError("close.commit_time", commit=commit[:12])
    first = own[0].data.get("closing") if own else None
    note = ClosingNote(cycle_id, first["closed_at"], first["closed_by"], epoch) if first else ClosingNote(
        cycle_id, iso_utc(epoch), signer, epoch)
    sequence = chain[-1].sequence + 1 if chain else 1
    tag = f"{TAG_PREFIX}{cycle_id}" if not own else f"{TAG_PREFIX}{cycle_id}-{len(own) + 1}"
    with built_from_commit(root, commit, cycle_id, note) as built:
        files = manifest_files(site_files(built), stored_files(root, commit, f"scorecards/{cycle_id}"))
        manifest = {
            "format": FORMAT, "cycle": cycle_id, "sequence": sequence, "kind": "amendment" if own else "close",
            "commit": commit, "tag": tag, "source_date_epoch": epoch,
            "closing": {"closed_at": note.closed_at, "closed_by": note.closed_by},
            "signed_by": signer, "signed_at": now.isoformat(),
            "previous": link_to(chain[-1]) if chain else None,
            "root": merkle.root(files), "files": files,
        }
        text = canonical(manifest)
        path = root / ARCHIVE / f"{sequence:04d}-{cycle_id}.json"
        path.parent.mkdir(exist_ok=True)
        signature = signatures.sign(text, key_file)
        make_tag(root, tag, commit, key_file, signer, f"{cycle_id}: {manifest['kind']} #{sequence}\n\nroot {manifest['root']}\n")
        path.write_bytes(text)
        path.with_name(path.name + archive.SIGNATURE_SUFFIX).write_bytes(signature)
        install(built)
    return Closed(path, tag, manifest["root"], len(files), bool(own))


def canonical(manifest: dict) -> bytes:
    """The bytes signed: sorted keys, one file per line, UTF-8, a final newline."""
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def link_to(previous: archive.Manifest) -> dict:
    return {"sequence": previous.sequence, "cycle": previous.cycle, "root": previous.data.get("root"),
            "manifest_sha256": merkle.file_digest(previous.raw)}


def read_signers(root: Path) -> list[signatures.Signer]:
    path = root / signatures.ALLOWED_SIGNERS
    if not path.is_file() or path.is_symlink():
        raise UsageError("close.no_allowed_signers", file=signatures.ALLOWED_SIGNERS)
    try:
        return signatures.read_allowed_signers(path.read_text(encoding="utf-8"))
    except (ValueError, NotImplementedError) as error:
        raise UsageError("verify.allowed_signers_unreadable", file=str(path), reason=str(error)[:200]) from None


def check_closable(root: Path, cycle: Cycle) -> None:
    """Contract v1.1: closed in cycle.yaml, the 公示 over, no objection open; and a clean work tree (the build is of HEAD)."""
    if git_text(root, "status", "--porcelain", "--untracked-files=no"):
        raise UsageError("close.dirty")
    if cycle.settings.status != "closed":
        raise UsageError("close.not_closed", cycle=cycle.id)
    publicity = cycle.settings.publicity
    if publicity is not None and today() <= publicity.end:
        raise UsageError("close.publicity_running", end=publicity.end.isoformat())
    open_ones = [name for name, o in cycle.objections.items() if o.status == "open"]
    if open_ones:
        raise UsageError("close.open_objection", files="、".join(f"objections/{n}" for n in open_ones))


def check_only_appeals_changed(root: Path, since: str, commit: str, cycle_id: str) -> list[str]:
    """The cycle's files changed since the last manifest's commit: appeals only (an amendment follows them), else refused."""
    names = [n.decode("utf-8", "replace")
             for n in git_bytes(root, "diff", "-z", "--name-only", since, commit, "--", f"scorecards/{cycle_id}").split(b"\0") if n]
    others = [n for n in names if not n.startswith(f"scorecards/{cycle_id}/appeals/")]
    if others:
        raise UsageError("close.amend_only_appeals", cycle=cycle_id, files="、".join(others[:5]))
    return names


def make_tag(root: Path, tag: str, commit: str, key_file: Path, signer: str, message: str) -> None:
    """A tag signed with the same SSH key (git's gpg.format=ssh); the tagger is git's user, else the signer's account."""
    who = [] if git_identity(root) else ["-c", f"user.name={signer}", "-c", f"user.email={signer}@portal.invalid"]
    done = subprocess.run(["git", "-C", str(root), *who, "-c", "gpg.format=ssh", "-c", f"user.signingKey={key_file}",
                           "tag", "-s", "-m", message, tag, commit], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise UsageError("close.tag_failed", tag=tag, reason=(done.stderr or "").strip()[:300])


def git_identity(root: Path) -> bool:
    done = subprocess.run(["git", "-C", str(root), "config", "user.name"], capture_output=True, text=True)
    return bool(done.stdout.strip())
