"""`portal verify C [SITE | PAGE]`: is this the site (or the page) that was closed?  Reads only; writes nothing.

What is checked, each failure a finding in the reader's language with the file it concerns:

1. the chain: every manifest in `closing/` (the repository's, else the site's own copy)
   is signed (`signatures.py`) by the account it names, with a key that
   `closing/allowed_signers` allowed at its signing time, that account an organiser
   of the cycle (read at the signed commit, when the repository is at hand); its
   root is the Merkle root of its files; it names the manifest before it by root
   and hash; the numbers run 1, 2, 3 …;
2. the site folder: its `closing/` copies equal the repository's manifests byte for
   byte; every file equals the newest manifest of the cycle (changed, missing or
   added files are named); a single page is found by its hash (or `--path`) and its
   inclusion proof leads to the signed root;
3. in the repository: the cycle's scorecards at the signed commit are the ones
   listed, and the tag `closed/C` points at that commit with a good signature;
4. `--rebuild`: the tag's commit built again (closing.built_from_commit) equals the manifest.
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline import archive
from ..pipeline.archive import ARCHIVE, Manifest, site_files
from ..problems import UsageError
from . import merkle, signatures
from .closing import built_from_commit, stored_files


@dataclass
class Findings:
    """What verify found: failures (each a catalog key and its arguments) and what held."""

    failures: list[tuple[str, dict]] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)

    def fail(self, key: str, **args) -> None:
        self.failures.append((key, args))

    def note(self, key: str, **args) -> None:
        self.notes.append((key, args))


def verify_cycle(root: Path, cycle_id: str, target: Path | None, signers_file: Path | None, rebuild: bool,
                 path_in_site: str | None = None) -> Findings:
    found = Findings()
    signers = read_signers(root, signers_file)
    repo_chain = archive.chain(root)
    site_folder = cycle_folder(target, cycle_id) if target is not None and target.is_dir() else None
    site_chain = archive.chain_in(site_folder / ARCHIVE) if site_folder is not None else []
    chain = repo_chain or site_chain
    if not chain:
        raise UsageError("verify.no_manifest", cycle=cycle_id)
    check_chain(root, chain, signers, found, in_repo=bool(repo_chain))
    own = [m for m in chain if m.cycle == cycle_id]
    if not own:
        raise UsageError("verify.no_manifest", cycle=cycle_id)
    newest = own[-1]
    files = newest.data.get("files") if isinstance(newest.data.get("files"), dict) else {}
    if repo_chain and site_folder is not None:
        compare_copies(repo_chain, site_chain, newest, found)
    if site_folder is not None:
        compare_site(site_folder, files, found)
    elif target is not None:
        check_page(target, files, newest, found, path_in_site)
    if repo_chain:
        check_repository(root, cycle_id, newest, files, found)
    if rebuild:
        check_rebuild(root, cycle_id, newest, files, found)
    found.note("verify.root", cycle=cycle_id, sequence=newest.sequence, root=newest.data.get("root", "—"),
               signer=newest.data.get("signed_by", "—"), signed_at=newest.data.get("signed_at", "—"))
    return found


def read_signers(root: Path, given: Path | None) -> list[signatures.Signer]:
    path = given or root / signatures.ALLOWED_SIGNERS
    if not path.is_file():
        raise UsageError("verify.no_allowed_signers", file=str(path))
    try:
        return signatures.read_allowed_signers(path.read_text(encoding="utf-8"))
    except (ValueError, NotImplementedError, UnicodeDecodeError) as error:
        raise UsageError("verify.allowed_signers_unreadable", file=str(path), reason=str(error)[:200]) from None


def cycle_folder(target: Path, cycle_id: str) -> Path:
    """The cycle's folder of a site: `target/<cycle>/` when `target` is a whole site (versions.json), else `target`."""
    inner = target / cycle_id
    return inner if inner.is_dir() and (target / "versions.json").is_file() else target


# -- 1. the chain ---------------------------------------------------------------------------------


def check_chain(root: Path, chain: list[Manifest], signers: list[signatures.Signer], found: Findings, in_repo: bool) -> None:
    previous: Manifest | None = None
    for expected, manifest in enumerate(chain, start=1):
        name = manifest.path.name
        data = manifest.data
        if manifest.sequence != expected or data.get("sequence") != manifest.sequence or data.get("cycle") != manifest.cycle:
            found.fail("verify.sequence", file=name, expected=expected)
        check_signature(manifest, signers, found)
        files = data.get("files") if isinstance(data.get("files"), dict) else {}
        if data.get("root") != merkle.root(files):
            found.fail("verify.root_mismatch", file=name)
        link = data.get("previous")
        if previous is None and link is not None:
            found.fail("verify.chain_start", file=name)
        elif previous is not None:
            expected_link = {"sequence": previous.sequence, "cycle": previous.cycle, "root": previous.data.get("root"),
                             "manifest_sha256": merkle.file_digest(previous.raw)}
            if not isinstance(link, dict) or link.get("root") != expected_link["root"]:
                found.fail("verify.previous_root", file=name, previous=previous.path.name)
            elif link != expected_link:
                found.fail("verify.chain_broken", file=name, previous=previous.path.name)
        if in_repo:
            check_organiser(root, manifest, found)
        previous = manifest


def check_signature(manifest: Manifest, signers: list[signatures.Signer], found: Findings) -> None:
    name = manifest.path.name
    signature = manifest.path.with_name(name + archive.SIGNATURE_SUFFIX)
    if not signature.is_file():
        found.fail("verify.no_signature", file=name)
        return
    try:
        moment = datetime.datetime.fromisoformat(str(manifest.data.get("signed_at")))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
    except ValueError:
        found.fail("verify.bad_signature", file=name)
        return
    try:
        signatures.check(manifest.raw, signature.read_bytes(), signers, str(manifest.data.get("signed_by")), moment)
    except signatures.SignatureProblem as problem:
        found.fail(problem.key, file=name, **problem.args_)


def check_organiser(root: Path, manifest: Manifest, found: Findings) -> None:
    """The signer was an organiser of the cycle at the commit signed (org.yaml as it was then)."""
    import yaml

    commit = str(manifest.data.get("commit", ""))
    done = subprocess.run(["git", "-C", str(root), "show", f"{commit}:scorecards/{manifest.cycle}/org.yaml"], capture_output=True)
    if done.returncode != 0:
        found.fail("verify.commit_missing", file=manifest.path.name, commit=commit[:12])
        return
    try:
        org = yaml.safe_load(done.stdout) or {}
    except yaml.YAMLError:
        org = {}
    organisers = {str(o).removeprefix("@").lower() for o in (org.get("organisers") or [])} if isinstance(org, dict) else set()
    if str(manifest.data.get("signed_by", "")).lower() not in organisers:
        found.fail("verify.not_organiser", file=manifest.path.name, signer=manifest.data.get("signed_by", "—"))


# -- 2. the site and a page ---------------------------------------------------------------------------


def compare_copies(repo_chain: list[Manifest], site_chain: list[Manifest], newest: Manifest, found: Findings) -> None:
    """The site's closing/ holds the repository's chain up to the cycle's newest manifest, byte for byte."""
    wanted = {m.path.name: m for m in repo_chain if m.sequence <= newest.sequence}
    present = {m.path.name: m for m in site_chain}
    for name, manifest in wanted.items():
        copy = present.get(name)
        if copy is None:
            found.fail("verify.copy_missing", file=f"{ARCHIVE}/{name}")
            continue
        if copy.raw != manifest.raw:
            found.fail("verify.copy_differs", file=f"{ARCHIVE}/{name}")
        signature = manifest.path.name + archive.SIGNATURE_SUFFIX
        theirs = copy.path.with_name(signature)
        if not theirs.is_file() or theirs.read_bytes() != manifest.path.with_name(signature).read_bytes():
            found.fail("verify.copy_differs", file=f"{ARCHIVE}/{signature}")
    for name in sorted(set(present) - set(wanted)):
        found.fail("verify.copy_extra", file=f"{ARCHIVE}/{name}")


def compare_site(folder: Path, files: dict[str, str], found: Findings) -> None:
    before = len(found.failures)
    signed = {path.removeprefix("site/"): digest for path, digest in files.items() if path.startswith("site/")}
    present = site_files(folder)
    for path in sorted(signed.keys() | present.keys()):
        if path not in present:
            found.fail("verify.file_missing", file=path)
        elif path not in signed:
            found.fail("verify.file_added", file=path)
        elif present[path] != signed[path]:
            found.fail("verify.file_changed", file=path, expected=signed[path], actual=present[path])
    if len(found.failures) == before:
        found.note("verify.site_ok", files=len(signed), folder=str(folder))


def check_page(page: Path, files: dict[str, str], newest: Manifest, found: Findings, path_in_site: str | None) -> None:
    """One downloaded page: its hash is the signed one for its path (given, or found by the hash), and its proof leads to the root."""
    digest = merkle.file_digest(page.read_bytes())
    if path_in_site is not None:
        key = "site/" + path_in_site.strip("/")
        if key not in files:
            found.fail("verify.page_unknown_path", file=path_in_site)
            return
        if files[key] != digest:
            found.fail("verify.page_changed", file=path_in_site, expected=files[key], actual=digest)
            return
    else:
        matches = [p for p, d in files.items() if d == digest and p.startswith("site/")]
        if not matches:
            found.fail("verify.page_unknown", file=str(page), actual=digest)
            return
        key = matches[0]
    proof = merkle.inclusion_proof(files, key)
    if merkle.root_from_proof(key, digest, proof) != newest.data.get("root"):
        found.fail("verify.root_mismatch", file=newest.path.name)
        return
    found.note("verify.page_ok", file=key.removeprefix("site/"), digest=digest, steps=len(proof))


# -- 3. the repository, 4. the rebuild ---------------------------------------------------------------------


def check_repository(root: Path, cycle_id: str, newest: Manifest, files: dict[str, str], found: Findings) -> None:
    commit = str(newest.data.get("commit", ""))
    try:
        stored = stored_files(root, commit, f"scorecards/{cycle_id}")
    except UsageError:
        found.fail("verify.commit_missing", file=newest.path.name, commit=commit[:12])
        return
    signed = {p: d for p, d in files.items() if p.startswith("scorecards/")}
    for path in sorted(signed.keys() | stored.keys()):
        if stored.get(path) != signed.get(path):
            found.fail("verify.scorecard_differs", file=path, commit=commit[:12])
    tag = str(newest.data.get("tag", ""))
    pointed = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "-q", f"refs/tags/{tag}^{{commit}}"],
                             capture_output=True, text=True)
    if pointed.returncode != 0:
        found.fail("verify.tag_missing", tag=tag)
    elif pointed.stdout.strip() != commit:
        found.fail("verify.tag_moved", tag=tag, commit=commit[:12])
    else:
        checked = subprocess.run(["git", "-C", str(root), "-c", f"gpg.ssh.allowedSignersFile={root / signatures.ALLOWED_SIGNERS}",
                                  "tag", "-v", tag], capture_output=True, text=True)
        if checked.returncode != 0:
            found.fail("verify.tag_signature", tag=tag)


def check_rebuild(root: Path, cycle_id: str, newest: Manifest, files: dict[str, str], found: Findings) -> None:
    note = archive.ClosingNote(cycle_id, str(newest.data["closing"]["closed_at"]), str(newest.data["closing"]["closed_by"]),
                               int(newest.data["source_date_epoch"]))
    tag = str(newest.data.get("tag", ""))
    tagged = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "-q", f"refs/tags/{tag}^{{commit}}"],
                            capture_output=True, text=True).stdout.strip()
    with built_from_commit(root, tagged or str(newest.data["commit"]), cycle_id, note) as built:  # the tag, checked above
        before = len(found.failures)
        signed = {p.removeprefix("site/"): d for p, d in files.items() if p.startswith("site/")}
        present = site_files(built)
        for path in sorted(signed.keys() | present.keys()):
            if present.get(path) != signed.get(path):
                found.fail("verify.rebuild_differs", file=path)
        if len(found.failures) == before:
            found.note("verify.rebuild_ok", files=len(signed), commit=str(newest.data["commit"])[:12])
